package rrl.train;

import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import rrl.policy.ActorPolicy;
import rrl.algo.Sac;
import rrl.algo.SacConfig;
import rrl.attack.ActionPerturbedDataset;
import rrl.checkpoint.Checkpoint;
import rrl.data.D4rlDataset;
import rrl.data.DatasetCollector;
import rrl.env.Environments;
import rrl.env.Task;
import rrl.nn.ObservationNormalizer;
import rrl.policy.BatchPolicy;

/**
 * D4RL's dataset kinds, made the way D4RL made them (Fu et al. 2020, arXiv 2004.07219, section 5; D4RL's
 * scripts/generation/mujoco/; notebooks/references.md#d4rl)
 * from a SAC run folder ({@link OnlineTraining}): random = a randomly initialised SAC policy; expert = the
 * best evaluated policy of the run; medium = the evaluated policy whose return is closest to a third of
 * the expert's (of D4RL's REF_MAX while the run has no expert: {@link BehaviourPolicies}); medium-replay = the
 * run's replay buffer up to the medium policy's step; medium-expert =
 * medium followed by expert. Policies act stochastically, as SAC policies did when D4RL collected. Each file
 * gets a JSON record beside it naming the policy, its step and return, the seed and the size.
 */
public final class DatasetGeneration {
    /** The dataset kinds. */
    public enum Kind {
        RANDOM, MEDIUM, MEDIUM_REPLAY, EXPERT, MEDIUM_EXPERT;

        /** D4RL's spelling, e.g. "medium-replay". */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Kind parse(String s) {
            for (Kind k : values()) {
                if (k.label().equals(s.trim().toLowerCase(Locale.ROOT))) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown dataset kind '" + s + "'; known: random, medium, medium-replay, "
                    + "expert, medium-expert");
        }
    }

    /** What to generate: {@code size} rows per kind (medium-expert gets both halves; medium-replay what the run holds). */
    public record Config(String env, Path run, Path out, List<Kind> kinds, int size, int numEnvs, long seed) {
        /** Every field checked before any work (a size of 0 used to fail only when the empty file was written). */
        public Config {
            env = Environments.task(env).name();
            if (out == null) {
                throw new IllegalArgumentException("dataset generation needs an output folder");
            }
            if (kinds == null || kinds.isEmpty()) {
                throw new IllegalArgumentException("dataset generation needs one or more kinds (random, medium, "
                        + "medium-replay, expert, medium-expert)");
            }
            kinds = List.copyOf(kinds);
            if (size < 1) {
                throw new IllegalArgumentException("dataset size must be >= 1 transition, got " + size + " (D4RL: 1000000)");
            }
            if (numEnvs < 1) {
                throw new IllegalArgumentException("dataset generation needs >= 1 environment, got " + numEnvs);
            }
        }
    }

    private DatasetGeneration() {}

    /**
     * What {@link #generate} checks before any work, and what a caller that trains the run first checks before
     * training ({@link rrl.guard.Preflight}): the output folder can be made and written, and the datasets held at once
     * (see {@link #datasetsHeldAtOnce}) with the collecting simulators fit in memory.
     *
     * @throws IllegalArgumentException naming the folder or the estimate and the fix
     */
    public static void check(Config c) {
        rrl.guard.Preflight.outputFolder("output folder", c.out());
        rrl.guard.Preflight.memory(memory(c).toArray(rrl.guard.MemoryBudget.Request[]::new));
    }

    /** What a generation holds at its peak: the datasets (see {@link #datasetsHeldAtOnce}) and the simulators. */
    public static List<rrl.guard.MemoryBudget.Request> memory(Config c) {
        Task task = Environments.task(c.env());
        rrl.guard.MemoryBudget.Request one = DatasetCollector.memory(task, c.size(), c.numEnvs());
        int held = datasetsHeldAtOnce(c.kinds());
        rrl.guard.MemoryBudget.Request data = held == 1 ? one : new rrl.guard.MemoryBudget.Request(held + " datasets of "
                + c.size() + " " + task.name() + " transitions held at once", one.heapBytes() * held, 0, one.detail(),
                "lower --size", (long) c.size() * held);
        return List.of(data, rrl.env.VectorEnv.memory(task, c.numEnvs()));
    }

    /**
     * How many datasets of {@code size} rows are in memory at the peak of a generation: medium-expert needs medium
     * and expert and their concatenation (twice the size), 4 in all; otherwise the medium and expert datasets already
     * made are kept (for a medium-expert that may follow) beside the one being collected.
     */
    static int datasetsHeldAtOnce(List<Kind> kinds) {
        if (kinds.contains(Kind.MEDIUM_EXPERT)) {
            return 4;
        }
        int kept = (kinds.contains(Kind.MEDIUM) ? 1 : 0) + (kinds.contains(Kind.EXPERT) ? 1 : 0);
        return Math.max(1, Math.min(kinds.size(), kept + 1));
    }

    /**
     * Writes the requested files; returns them by kind. With {@code c.run() == null} the medium and expert
     * policies shipped with the library are used ({@link rrl.policy.ShippedPolicies}); medium-replay then
     * cannot be made, since it is a training run's replay buffer.
     */
    public static Map<Kind, Path> generate(Config c, boolean progress) {
        check(c);
        Task task = Environments.task(c.env());
        boolean shipped = c.run() == null;
        if (shipped && c.kinds().contains(Kind.MEDIUM_REPLAY)) {
            throw new IllegalArgumentException("medium-replay is a training run's replay buffer: pass --run with a SAC "
                    + "run folder (bin/rrl train sac), or leave medium-replay out of --kinds");
        }
        BehaviourPolicies of = shipped ? null : BehaviourPolicies.of(task, c.run());
        if (of != null && !of.expertReached() && (c.kinds().contains(Kind.EXPERT) || c.kinds().contains(Kind.MEDIUM_EXPERT))) {
            throw new IllegalArgumentException(task.name() + " run " + c.run() + " has no expert yet (" + of.criterion()
                    + "; best return " + Math.round(of.best().meanReturn()) + " at step " + of.best().step() + "): train "
                    + "it longer, or leave expert and medium-expert out of --kinds");
        }
        if (of != null && of.medium().policyFile() == null
                && (c.kinds().contains(Kind.MEDIUM) || c.kinds().contains(Kind.MEDIUM_EXPERT))) {
            throw new IllegalArgumentException(task.name() + " run " + c.run() + " saved no policy at its medium step "
                    + of.medium().step() + " (it saves one at each evaluation); medium and medium-expert need it: train "
                    + "with --eval-every 5000 as the shipped run did, or leave them out of --kinds (medium-replay needs "
                    + "the step alone)");
        }
        // with no run, the policy "file" is the shipped policy's name, its step and return from the shipped record
        // (step -1 where the library ships none)
        java.util.Optional<ShippedRun> lib = shipped ? ShippedRun.of(task) : java.util.Optional.empty();
        OnlineTraining.EvalPoint expert = shipped ? lib.map(l -> l.point(l.expertStep(), "expert"))
                .orElse(unknownStep("expert")) : of.best();
        OnlineTraining.EvalPoint medium = shipped ? lib.map(l -> l.point(l.mediumStep(), "medium"))
                .orElse(unknownStep("medium")) : of.medium();
        String mediumRule = shipped ? "the shipped medium policy" : of.mediumRule();
        String expertRule = shipped ? "the shipped expert policy" : of.criterion();
        Map<Kind, Path> written = new LinkedHashMap<>();
        Map<Kind, D4rlDataset> made = new LinkedHashMap<>();
        for (Kind k : c.kinds()) {
            D4rlDataset d;
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("env", task.name());
            record.put("kind", k.label());
            record.put("run", shipped ? "policies shipped with rrl (rrl/policies/" + task.name().toLowerCase(Locale.ROOT) + ")" : c.run().toString());
            record.put("seed", c.seed());
            switch (k) {
                case RANDOM -> {
                    ActorPolicy init = new Sac(task.observationDim(), task.actionDim(), SacConfig.defaults(), c.seed())
                            .policy(task.name(), ObservationNormalizer.identity(task.observationDim()));
                    d = collect(task, init.sampling(c.seed()), c, progress, k);
                    record.put("policy", "randomly initialised SAC actor (seed " + c.seed() + ")");
                }
                case MEDIUM, EXPERT -> {
                    OnlineTraining.EvalPoint e = k == Kind.MEDIUM ? medium : expert;
                    d = behaviourData(k, e, made, task, c, progress);
                    record.put("policy", c.run() == null ? "shipped:" + e.policyFile() : e.policyFile());
                    putStep(record, "policy", e);
                    record.put(k == Kind.MEDIUM ? "mediumRule" : "expertRule", k == Kind.MEDIUM ? mediumRule : expertRule);
                    putDetail(record, of);
                }
                case MEDIUM_REPLAY -> {
                    d = replayUpTo(task, c.run().resolve("training.ckpt"), medium.step());
                    record.put("replayUpToStep", medium.step());
                    record.put("mediumEvalReturn", medium.meanReturn());
                    record.put("mediumRule", mediumRule);
                    putDetail(record, of);
                }
                case MEDIUM_EXPERT -> {
                    d = concat(behaviourData(Kind.MEDIUM, medium, made, task, c, progress),
                            behaviourData(Kind.EXPERT, expert, made, task, c, progress));
                    record.put("mediumPolicy", c.run() == null ? "shipped:medium" : medium.policyFile());
                    record.put("expertPolicy", c.run() == null ? "shipped:expert" : expert.policyFile());
                    putStep(record, "mediumPolicy", medium);
                    putStep(record, "expertPolicy", expert);
                    record.put("mediumRule", mediumRule);
                    record.put("expertRule", expertRule);
                    putDetail(record, of);
                }
                default -> throw new IllegalStateException(k.toString());
            }
            if (k == Kind.MEDIUM || k == Kind.EXPERT) {
                made.put(k, d); // kept only for medium-expert: a 1M-row dataset is hundreds of MB
            }
            record.put("size", d.size());
            record.put("sha256", d.sha256()); // the content hash a study pins, to compare a regenerated file with
            Path file = c.out().resolve(task.name().toLowerCase(Locale.ROOT) + "-" + k.label() + "-rrl.hdf5");
            try {
                Files.createDirectories(c.out());
                d.write(file);
                rrl.io.AtomicFiles.writeString(c.out().resolve(file.getFileName().toString().replace(".hdf5", ".json")),
                        new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeSpecialFloatingPointValues().create().toJson(record));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file + ": " + rrl.io.IoErrors.describe(e), e);
            }
            written.put(k, file);
        }
        return written;
    }

    /** A shipped policy {@code name} whose record is not shipped: step -1, return unknown. */
    private static OnlineTraining.EvalPoint unknownStep(String name) {
        return new OnlineTraining.EvalPoint(-1, Double.NaN, Double.NaN, Double.NaN, Double.NaN, name);
    }

    /** {@code <prefix>Step} and {@code <prefix>EvalReturn} of a policy, where known. */
    private static void putStep(Map<String, Object> record, String prefix, OnlineTraining.EvalPoint e) {
        if (e.step() >= 0) {
            record.put(prefix + "Step", e.step());
            record.put(prefix + "EvalReturn", e.meanReturn());
        }
    }

    /** Why the rule applies, where a sentence says more than the rule's name (a re-run of the shipped run). */
    private static void putDetail(Map<String, Object> record, BehaviourPolicies of) {
        if (of != null && of.ruleDetail() != null) {
            record.put("ruleDetail", of.ruleDetail());
        }
    }

    /** The medium or expert dataset: reused if already made in this call, else collected from its policy. */
    private static D4rlDataset behaviourData(Kind k, OnlineTraining.EvalPoint e, Map<Kind, D4rlDataset> made, Task task,
                                             Config c, boolean progress) {
        D4rlDataset d = made.get(k);
        return d != null ? d : collect(task, policy(c, task, e).sampling(policySeed(c.seed(), k)), c, progress, k);
    }

    /** The seed of kind {@code k}'s policy sampling in a generation seeded {@code seed}. */
    private static long policySeed(long seed, Kind k) {
        return seed + k.ordinal();
    }

    /** The seed of kind {@code k}'s simulators (reset noise) in a generation seeded {@code seed}. */
    private static long collectionSeed(long seed, Kind k) {
        return seed + 7L * k.ordinal();
    }

    /**
     * Paper 2's perturbed dataset by re-collection, the other reading of notebooks/our-reading.md#perturbed-datasets
     * ({@link ActionPerturbedDataset#recollected}): {@code size} transitions of {@code policy} rolled out as
     * {@link #generate} rolls out its expert (sampling, 10 simulators, the expert kind's seeds, so seed S is the
     * perturbed twin of {@code rrl datasets generate --kinds expert --seed S}), every step executing
     * {@code a + δ ⊙ a} under {@code perturbation}, which decides what is stored. Checks the memory first.
     *
     * @param origin what the record says about where the rows come from (policy and its hash, ...)
     */
    public static ActionPerturbedDataset recollect(Task task, ActorPolicy policy,
                                                   ActionPerturbedDataset.Recollection perturbation, int size, long seed,
                                                   Map<String, ?> origin, boolean progress) {
        Config c = new Config(task.name(), null, Path.of("."), List.of(Kind.EXPERT), size, 10, seed);
        rrl.guard.Preflight.memory(DatasetCollector.memory(task, size, c.numEnvs()),
                rrl.env.VectorEnv.memory(task, c.numEnvs()));
        DatasetCollector.Collected col = DatasetCollector.collect(task, policy.sampling(policySeed(seed, Kind.EXPERT)),
                size, c.numEnvs(), collectionSeed(seed, Kind.EXPERT), progress ? task.name() + " perturbed" : null,
                perturbation);
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("env", task.name());
        o.putAll(origin);
        o.put("collection", "as `rrl datasets generate --kinds expert --seed " + seed + "`: the policy sampling, "
                + c.numEnvs() + " simulators, every step executing a + delta * a");
        return ActionPerturbedDataset.recollected(col, perturbation, seed, o);
    }

    private static ActorPolicy policy(Config c, Task task, OnlineTraining.EvalPoint e) {
        if (c.run() == null) {
            return rrl.policy.ShippedPolicies.load(task.name(), e.policyFile());
        }
        return ActorPolicy.load(c.run().resolve(e.policyFile()), task);
    }

    /** D4RL's expert: the best evaluated policy of the run. */
    public static OnlineTraining.EvalPoint expert(List<OnlineTraining.EvalPoint> evals) {
        return evals.stream().max((a, b) -> Double.compare(a.meanReturn(), b.meanReturn())).get();
    }

    /** D4RL's medium: the evaluated policy (up to the expert's step) whose return is closest to a third of the expert's. */
    public static OnlineTraining.EvalPoint medium(List<OnlineTraining.EvalPoint> evals) {
        OnlineTraining.EvalPoint expert = expert(evals);
        return evals.stream().filter(e -> e.step() <= expert.step())
                .min((a, b) -> Double.compare(Math.abs(a.meanReturn() - expert.meanReturn() / 3),
                        Math.abs(b.meanReturn() - expert.meanReturn() / 3))).get();
    }

    /**
     * Copies a run's behaviour policies to {@code out} with the run's metrics.csv and config.json and a
     * record.json (how they were made, what they reach). The run's best policy is shipped as expert.ckpt once
     * the run has finished its planned steps (D4RL's experts are SAC "trained to completion"; REF_MAX is D4RL's
     * own expert's return, which a shorter run may not reach) or earlier if it reaches 90% of REF_MAX; medium.ckpt
     * then follows the one-third-of-expert rule. Before that only medium.ckpt is shipped, the policy closest to
     * a third of REF_MAX, and only if it is within 25% of that, so nothing is called expert or medium that is not.
     * The record says which criterion made the expert.
     */
    public static void exportPolicies(String env, Path run, Path out, String command) {
        Task task = Environments.task(env);
        BehaviourPolicies of = BehaviourPolicies.of(task, run);
        OnlineTraining.EvalPoint best = of.best();
        OnlineTraining.EvalPoint medium = of.medium();
        double refMax = rrl.rollout.D4rlScores.refMax(task.name());
        try {
            Files.createDirectories(out);
            rrl.io.AtomicFiles.copy(run.resolve(medium.policyFile()), out.resolve("medium.ckpt"));
            if (of.expertReached()) {
                rrl.io.AtomicFiles.copy(run.resolve(best.policyFile()), out.resolve("expert.ckpt"));
            }
            rrl.io.AtomicFiles.copy(run.resolve("metrics.csv"), out.resolve("training-curve.csv"));
            rrl.io.AtomicFiles.copy(run.resolve("config.json"), out.resolve("training-config.json"));
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("env", task.name());
            record.put("command", command);
            record.put("trainedSteps", of.trained());
            record.put("plannedSteps", of.planned());
            record.put("medium", Map.of("step", medium.step(), "evalReturn", medium.meanReturn(),
                    "d4rlScore", medium.normalizedScore()));
            Map<String, Object> ex = new LinkedHashMap<>();
            ex.put("step", best.step());
            ex.put("evalReturn", best.meanReturn());
            ex.put("d4rlScore", best.normalizedScore());
            ex.put("fractionOfD4rlRefMax", best.meanReturn() / refMax);
            ex.put("shipped", of.expertReached());
            ex.put("criterion", of.criterion());
            record.put(of.expertReached() ? "expert" : "bestSoFar", ex);
            record.put("evaluation", "10 deterministic episodes (tanh of the Gaussian mean) per evaluation point");
            rrl.io.AtomicFiles.writeString(out.resolve("record.json"), new GsonBuilder().setPrettyPrinting().create().toJson(record));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot export policies to " + out + ": " + rrl.io.IoErrors.describe(e), e);
        }
    }

    /**
     * A SAC run's behaviour policies by D4RL's rules, shared by {@link #exportPolicies} and {@link #generate}. The
     * expert is the run's best evaluated policy once the run has completed its planned steps (D4RL's experts are SAC
     * "trained to completion") or reaches 90% of D4RL's REF_MAX; medium is then the evaluated policy closest to a
     * third of the expert's return. Before that there is no expert, and medium is the policy closest to a third of
     * REF_MAX, refused unless within 25% of it, so nothing is called medium that is not: a run stopped past its
     * medium level gives medium and medium-replay data (the replay buffer up to the medium step).
     *
     * @param best the best evaluated policy (the expert when {@code expertReached})
     * @param trained the last evaluated step; {@code planned} the steps of the run's latest invocation
     */
    record BehaviourPolicies(OnlineTraining.EvalPoint medium, OnlineTraining.EvalPoint best, boolean expertReached,
                             String criterion, String mediumRule, String ruleDetail, long trained, long planned) {
        /** The behaviour policies of the SAC run in {@code run}; refuses a run with no policy near medium level. */
        static BehaviourPolicies of(Task task, Path run) {
            return of(task, run, ShippedRun.of(task));
        }

        /**
         * As {@link #of(Task, Path)}, with {@code shipped} the run behind the library's shipped policies: when the
         * run's evaluations equal the shipped curve's at every step (it is that run, cut short), the shipped record
         * decides: medium is the shipped medium step, since D4RL's rule (a third of the expert's return) needs an
         * expert this run may not have reached yet, and a run whose planned steps end early has not "completed" the
         * shipped run's; past the shipped expert's step, that step's policy is the expert.
         */
        static BehaviourPolicies of(Task task, Path run, java.util.Optional<ShippedRun> shipped) {
            Checkpoint state = runCheckpoint(run);
            List<OnlineTraining.EvalPoint> evals = evaluations(state, run);
            double refMax = rrl.rollout.D4rlScores.refMax(task.name());
            OnlineTraining.EvalPoint best = expert(evals);
            long trained = evals.get(evals.size() - 1).step();
            // the steps of the latest invocation (a resume may extend the run), as the checkpoint records them
            long planned = state.meta().getAsJsonObject("config").get("steps").getAsLong();
            boolean nearRefMax = best.meanReturn() >= 0.9 * refMax;
            boolean completed = trained >= planned;
            boolean expertReached = nearRefMax || completed;
            com.google.gson.JsonObject config = state.meta().getAsJsonObject("config");
            ShippedRun same = shipped.filter(s -> s.isPrefix(evals) && s.configDifference(config).isEmpty()).orElse(null);
            if (same != null) {
                return sameAsShipped(task, run, evals, same, nearRefMax, trained, planned);
            }
            OnlineTraining.EvalPoint medium = expertReached ? DatasetGeneration.medium(evals) : evals.stream()
                    .min((a, b) -> Double.compare(Math.abs(a.meanReturn() - refMax / 3), Math.abs(b.meanReturn() - refMax / 3)))
                    .get();
            if (!expertReached && Math.abs(medium.meanReturn() - refMax / 3) > 0.25 * refMax / 3) {
                throw new IllegalArgumentException(task.name() + " run " + run + " has no policy near medium level yet: the "
                        + "closest to a third of D4RL's REF_MAX (" + Math.round(refMax / 3) + ") returns "
                        + Math.round(medium.meanReturn()) + " at step " + medium.step() + "; train longer (re-running "
                        + "`bin/rrl train sac` on the folder continues it)");
            }
            String criterion = nearRefMax ? NEAR_REF_MAX
                    : completed ? completedCriterion(planned)
                    : "not yet: below 90% of REF_MAX and the run has not completed";
            String mediumRule = expertReached ? "a third of the expert's return (step " + best.step() + ")"
                    : "a third of D4RL's REF_MAX (no expert yet)";
            return new BehaviourPolicies(medium, best, expertReached, criterion, mediumRule, null, trained, planned);
        }
    }

    /**
     * The behaviour policies of a run that is {@code shipped}'s run cut short (see {@link BehaviourPolicies#of}): medium
     * at the shipped medium's step (with the shipped return where the run did not evaluate that step, and then no
     * policy file: medium-replay needs the step alone); the expert at the shipped expert's step once the run saved a
     * policy there, or the run's best once it reaches 90% of REF_MAX, as for any run.
     */
    private static BehaviourPolicies sameAsShipped(Task task, Path run, List<OnlineTraining.EvalPoint> evals,
                                                   ShippedRun shipped, boolean nearRefMax, long trained, long planned) {
        String why = "the run of the shipped " + task.name() + " policies: its settings and its evaluations equal "
                + shipped.source() + "training-config.json and training-curve.csv up to step " + trained;
        if (trained < shipped.mediumStep()) {
            throw new IllegalArgumentException(task.name() + " run " + run + " is " + why + ", whose medium is at step "
                    + shipped.mediumStep() + "; train it to there (`--train-steps " + shipped.mediumStep() + "` here, or "
                    + "`bin/rrl train sac ... --steps " + shipped.mediumStep() + "` on the folder)");
        }
        OnlineTraining.EvalPoint medium = evals.stream().filter(e -> e.step() == shipped.mediumStep()).findFirst()
                .orElse(shipped.point(shipped.mediumStep(), null));
        java.util.Optional<OnlineTraining.EvalPoint> atExpert = evals.stream()
                .filter(e -> shipped.expertStep() >= 0 && e.step() == shipped.expertStep()).findFirst();
        // completed only if it ran what the shipped run planned: a re-run cut short at the medium step completes its
        // own plan, not the shipped run's
        long shippedPlan = Math.max(shipped.lastEvaluated(), shipped.config().has("steps")
                ? shipped.config().get("steps").getAsLong() : 0);
        boolean completed = trained >= planned && planned >= shippedPlan;
        boolean expertReached = atExpert.isPresent() || nearRefMax || completed;
        OnlineTraining.EvalPoint best = atExpert.orElse(DatasetGeneration.expert(evals));
        String criterion = atExpert.isPresent() ? "the shipped run's expert step (" + shipped.expertStep() + ")"
                : nearRefMax ? NEAR_REF_MAX
                : completed ? completedCriterion(planned)
                : shipped.expertStep() < 0 ? "not yet: the shipped run has no expert yet either"
                : trained >= shipped.expertStep() ? "not here: the run saved no policy at the shipped expert's step "
                        + shipped.expertStep() + " (train with --eval-every 5000, as the shipped run)"
                : "not yet: the shipped run's expert is at step " + shipped.expertStep();
        String detail = "this is " + why + "; its medium is " + (shipped.mediumRule() != null ? shipped.mediumRule()
                : "the policy closest to a third of " + (shipped.expertStep() >= 0 ? "its expert's return (step "
                        + shipped.expertStep() + ")" : "D4RL's REF_MAX (it has no expert yet)"));
        return new BehaviourPolicies(medium, best, expertReached, criterion, "the shipped run's medium step", detail,
                trained, planned);
    }

    /** The expert criterion of a run whose best evaluation reached 90% of D4RL's REF_MAX, as records state it. */
    public static final String NEAR_REF_MAX = "best return >= 90% of D4RL's REF_MAX";

    /** The expert criterion of a run that trained all its {@code planned} steps, as records state it. */
    static String completedCriterion(long planned) {
        return "run completed its " + planned + " planned steps (D4RL: SAC trained to completion)";
    }

    /** The evaluations recorded in a SAC run folder. */
    public static List<OnlineTraining.EvalPoint> evaluations(Path run) {
        return evaluations(runCheckpoint(run), run);
    }

    private static Checkpoint runCheckpoint(Path run) {
        Path state = run.resolve("training.ckpt");
        if (!Files.exists(state)) {
            throw new IllegalArgumentException(run + " holds no SAC run (no training.ckpt); train one with `rrl train sac`");
        }
        return Checkpoint.read(state);
    }

    private static List<OnlineTraining.EvalPoint> evaluations(Checkpoint state, Path run) {
        List<OnlineTraining.EvalPoint> evals = List.of(state.getMeta("evals", OnlineTraining.EvalPoint[].class));
        if (evals.isEmpty()) {
            throw new IllegalArgumentException(run + " has no evaluated policy yet; let the run pass its first evaluation");
        }
        return evals;
    }

    private static D4rlDataset collect(Task task, BatchPolicy policy, Config c, boolean progress, Kind k) {
        return DatasetCollector.collect(task, policy, c.size(), c.numEnvs(), collectionSeed(c.seed(), k),
                progress ? task.name() + " " + k.label() : null);
    }

    /** The first {@code steps} transitions of the run's replay buffer; timeouts are the non-terminal episode ends. */
    static D4rlDataset replayUpTo(Task task, Path trainingCheckpoint, long steps) {
        Checkpoint ck = Checkpoint.read(trainingCheckpoint);
        int od = task.observationDim();
        int ad = task.actionDim();
        long[] cursor = ck.longs("replay.cursor");
        if (cursor[2] > cursor[1]) {
            throw new IllegalArgumentException("the run's replay buffer wrapped around; medium-replay needs a buffer "
                    + "holding every transition up to step " + steps);
        }
        int n = (int) Math.min(steps, cursor[1]);
        float[] obs = Arrays.copyOf(ck.tensor("replay.obs"), n * od);
        float[] next = Arrays.copyOf(ck.tensor("replay.next_obs"), n * od);
        float[] act = Arrays.copyOf(ck.tensor("replay.actions"), n * ad);
        float[] rew = Arrays.copyOf(ck.tensor("replay.rewards"), n);
        float[] dones = ck.tensor("replay.dones");
        boolean[] term = new boolean[n];
        boolean[] timeout = new boolean[n];
        for (int i = 0; i < n; i++) {
            term[i] = dones[i] != 0f;
            boolean boundary = i + 1 < n && !Arrays.equals(Arrays.copyOfRange(next, i * od, i * od + od),
                    Arrays.copyOfRange(obs, (i + 1) * od, (i + 1) * od + od));
            timeout[i] = boundary && !term[i];
        }
        return D4rlDataset.of(n, od, ad, obs, act, rew, term, timeout, next, null, 0, null, 0);
    }

    /** Rows of {@code a} followed by rows of {@code b}. */
    static D4rlDataset concat(D4rlDataset a, D4rlDataset b) {
        int n = a.size() + b.size();
        return D4rlDataset.of(n, a.obsDim(), a.actDim(), cat(a.observations(), b.observations()),
                cat(a.actions(), b.actions()), cat(a.rewards(), b.rewards()), cat(a.terminals(), b.terminals()),
                cat(a.timeouts(), b.timeouts()), cat(a.nextObservations(), b.nextObservations()),
                cat(a.qpos(), b.qpos()), a.qposDim(), cat(a.qvel(), b.qvel()), a.qvelDim());
    }

    private static float[] cat(float[] a, float[] b) {
        if (a == null || b == null) {
            return null;
        }
        float[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static boolean[] cat(boolean[] a, boolean[] b) {
        boolean[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
