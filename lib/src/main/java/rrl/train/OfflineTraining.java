package rrl.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import rrl.algo.Learner;
import rrl.algo.LearnerConfig;
import rrl.algo.RewardScaling;
import rrl.algo.Td3Config;
import rrl.data.D4rlDataset;
import rrl.data.DatasetRef;
import rrl.data.Transitions;
import rrl.env.Environments;
import rrl.env.Task;
import rrl.nn.ObservationNormalizer;
import rrl.policy.ActorPolicy;
import rrl.replay.OfflineReplay;
import rrl.results.RunFolder;
import rrl.results.RunId;
import rrl.rollout.Evaluation;

/**
 * Offline training of any offline learner on a D4RL-layout dataset (paper 1's pi_off, paper 2 section 4.1;
 * notebooks/references.md#td3-bc), through the {@link TrainingLoop}: observations scaled and rewards scaled as
 * the learner config says ({@link LearnerConfig#observationScaling}, {@link LearnerConfig#rewardScaling}: for
 * TD3+BC the dataset's mean and std +1e-3 and raw rewards [our reading], notebooks/our-reading.md#td3bc-settings),
 * the q-learning view of the data, uniform minibatches, periodic evaluation in D4RL-normalised score. With a run
 * folder it writes config.json, metrics.csv (update metrics every {@code logEvery} updates, evaluations),
 * policy.ckpt and a training checkpoint at every evaluation, from which a killed run resumes exactly.
 */
public final class OfflineTraining {
    /** Kind of run, in run ids. */
    public static final String KIND = "offline-training";

    /**
     * @param learner the algorithm and its settings ({@link Td3Config#td3bc()} for TD3+BC, {@code IqlConfig.defaults()},
     *     {@code RiqlConfig.defaults()}), including how the data is prepared for it (observation and reward scaling)
     * @param steps gradient updates (paper 2: 2M medium, up to 5M expert; TD3+BC paper: 1M)
     * @param evalEvery updates between evaluations (TD3+BC: 5000)
     * @param evalEpisodes episodes per evaluation (TD3+BC: 10)
     * @param logEvery updates between rows of update metrics in metrics.csv (ours: 1000)
     * @param dataset the data the run trains on (its file and content hash); null: the dataset given to
     *     {@link #run} (then pinned in the config.json and run id of the run)
     */
    public record Config(String env, LearnerConfig learner, long steps, int evalEvery, int evalEpisodes, int logEvery,
                         long seed, DatasetRef dataset) {
        public Config {
            env = Environments.task(env).name();
            if (learner == null) {
                throw new IllegalArgumentException("offline training needs a learner config, e.g. Td3Config.td3bc()");
            }
        }

        /** A config whose dataset is the one given to {@link #run}. */
        public Config(String env, LearnerConfig learner, long steps, int evalEvery, int evalEpisodes, int logEvery,
                      long seed) {
            this(env, learner, steps, evalEvery, evalEpisodes, logEvery, seed, null);
        }

        /** This config with another learner ({@code Td3Config.td3bc().withBcAlpha(1e-6)}, a SAC config, ...). */
        public Config withLearner(LearnerConfig l) {
            return new Config(env, l, steps, evalEvery, evalEpisodes, logEvery, seed, dataset);
        }

        /** This config with {@code n} gradient updates. */
        public Config withSteps(long n) {
            return new Config(env, learner, n, evalEvery, evalEpisodes, logEvery, seed, dataset);
        }

        /** This config evaluating every {@code n} updates (and logging update metrics at least as often). */
        public Config withEvalEvery(int n) {
            return new Config(env, learner, steps, n, evalEpisodes, Math.min(logEvery, n), seed, dataset);
        }

        /** This config with {@code n} episodes per evaluation. */
        public Config withEvalEpisodes(int n) {
            return new Config(env, learner, steps, evalEvery, n, logEvery, seed, dataset);
        }

        /** This config logging update metrics (losses, mean Q) every {@code n} updates. */
        public Config withLogEvery(int n) {
            return new Config(env, learner, steps, evalEvery, evalEpisodes, n, seed, dataset);
        }

        /** This config with another seed (network initialisation, minibatches, evaluation episodes). */
        public Config withSeed(long s) {
            return new Config(env, learner, steps, evalEvery, evalEpisodes, logEvery, s, dataset);
        }

        /** This config pinned to {@code data}. */
        public Config withDataset(DatasetRef data) {
            return new Config(env, learner, steps, evalEvery, evalEpisodes, logEvery, seed, data);
        }

        /**
         * TD3+BC with its paper's settings (Fujimoto and Gu 2021: 1M updates, an evaluation of 10 episodes every
         * 5,000), update metrics logged every 1,000 updates, seed 0; change any of them with the withers:
         * {@code Config.td3bc("Hopper").withSteps(4000).withEvalEvery(1000).withEvalEpisodes(5)}.
         */
        public static Config td3bc(String env) {
            return td3bc(env, 1_000_000);
        }

        /** TD3+BC with its paper's settings. */
        public static Config td3bc(String env, long steps) {
            return new Config(env, Td3Config.td3bc(), steps, 5000, 10, 1000, 0);
        }

        /** TD3+BC with the given schedule and seed. */
        public static Config td3bc(String env, long steps, int evalEvery, int evalEpisodes, long seed, Td3Config td3) {
            return new Config(env, td3, steps, evalEvery, evalEpisodes, Math.min(1000, evalEvery), seed);
        }

        /**
         * The run's identity: everything but the update budget (extending a run continues it) and the dataset's
         * path (the content hash is the data's identity: a moved file is the same data, another file is not).
         */
        public RunId id() {
            return RunId.of(KIND, this, BUDGET);
        }

        /** Fields left out of the run id: the update budget and the dataset's path (not the data's identity). */
        public static final Set<String> BUDGET = Set.of("steps", "dataset.path");
    }

    /** One evaluation. */
    public record EvalPoint(long step, double meanReturn, double stdReturn, double normalizedScore) {}

    /** The learning curve, the final policy and the whole metrics log (losses included). */
    public record Result(List<EvalPoint> curve, ActorPolicy policy, MetricsLog log) {
        /** {@code OfflineTraining.Result(Hopper, 5 evaluations to step 4000: last return 2389.1 (D4RL 74.0); ...)}. */
        @Override
        public String toString() {
            String last = curve.isEmpty() ? "no evaluation" : curve.size() + (curve.size() == 1 ? " evaluation" : " evaluations")
                    + " to step " + curve.get(curve.size() - 1).step() + ": last return "
                    + rrl.io.Texts.fixed(curve.get(curve.size() - 1).meanReturn(), 1) + " (D4RL "
                    + rrl.io.Texts.fixed(curve.get(curve.size() - 1).normalizedScore(), 1) + ")";
            return "OfflineTraining.Result(" + policy.env() + ", " + last + "; " + policy + "; " + log + ")";
        }
    }

    private OfflineTraining() {}

    /**
     * The learner {@code rrl train td3bc|bcq|iql --steps steps [--observation-scaling s]} trains, paper 2's offline
     * methods with their references' settings: {@link Td3Config#td3bc()}, {@code BcqConfig.defaults()} (d3rlpy),
     * {@code IqlConfig.defaults()} with its actor's cosine over {@code steps} (CORL).
     *
     * @param scaling the observation scaling, or null for the algorithm's own (TD3+BC takes only
     *     {@link rrl.algo.ObservationScaling#STATES}, its paper's)
     * @throws IllegalArgumentException for another algorithm, or another scaling for TD3+BC
     */
    public static LearnerConfig learner(rrl.algo.Algorithm algorithm, long steps, rrl.algo.ObservationScaling scaling) {
        return switch (algorithm) {
            case TD3_BC -> {
                if (scaling != null && scaling != rrl.algo.ObservationScaling.STATES) {
                    throw new IllegalArgumentException("TD3+BC normalises states as its paper does; observation scaling "
                            + scaling.label() + " is for iql, riql and bcq (leave it out for TD3+BC)");
                }
                yield Td3Config.td3bc();
            }
            case BCQ -> scaling == null ? rrl.algo.BcqConfig.defaults()
                    : rrl.algo.BcqConfig.defaults().withObservationScaling(scaling);
            case IQL -> {
                rrl.algo.IqlConfig c = rrl.algo.IqlConfig.defaults().withTotalSteps(steps);
                yield scaling == null ? c : c.withObservationScaling(scaling);
            }
            default -> throw new IllegalArgumentException(algorithm.label() + " is not one of paper 2's offline methods "
                    + "(TD3+BC, BCQ, IQL)");
        };
    }

    public static Result run(D4rlDataset data, Config c, Path runDir, boolean progress) {
        return run(data, c, runDir, progress, Long.MAX_VALUE);
    }

    static Result run(D4rlDataset data, Config given, Path runDir, boolean progress, long stopAt) {
        Config c = pinned(data, given);
        if (given.dataset() == null && !c.id().equals(given.id()) && writtenBeforePinning(runDir, given)) {
            // a folder written before runs pinned their dataset (its run id has none): it resumes as it was, unpinned
            c = given;
        }
        return runAs(data, c, runDir, progress, stopAt);
    }

    /**
     * Whether {@code dir} holds {@code unpinned}'s run as written before runs pinned their dataset: its recorded run
     * id (provenance.json, else the training checkpoint's) is the id without a dataset, or its checkpoint predates
     * run ids and its config has no dataset (the loop's description rule then decides).
     */
    private static boolean writtenBeforePinning(Path dir, Config unpinned) {
        if (dir == null) {
            return false;
        }
        if (Files.isRegularFile(dir.resolve(RunFolder.PROVENANCE))) {
            return RunFolder.at(dir).provenance().map(p -> p.runId().equals(unpinned.id())).orElse(false);
        }
        Path state = dir.resolve("training.ckpt");
        if (!Files.isRegularFile(state)) {
            return false;
        }
        com.google.gson.JsonObject meta = rrl.checkpoint.Checkpoint.read(state).meta();
        if (meta.get("run_id") instanceof com.google.gson.JsonPrimitive id) {
            return id.getAsString().equals(unpinned.id().toString());
        }
        return meta.get("config") instanceof com.google.gson.JsonObject cfg && !cfg.has("dataset");
    }

    /** Runs {@code c} exactly as given (no pinning): {@link #run} after it has settled the config. */
    static Result runAs(D4rlDataset data, Config c, Path runDir, boolean progress, long stopAt) {
        Task task = Environments.task(c.env());
        if (data.obsDim() != task.observationDim() || data.actDim() != task.actionDim()) {
            throw new IllegalArgumentException("dataset has observation " + data.obsDim() + ", action " + data.actDim()
                    + " but " + task.name() + " has " + task.observationDim() + ", " + task.actionDim()
                    + " (for D4RL ant files use Ant-d4rl)");
        }
        String outside = actionRangeWarning(data);
        if (outside != null) {
            // before any update; once per dataset content, so a study's runs on one corrupted dataset warn once
            rrl.io.Warnings.once("action range " + data.sha256(), outside);
        }
        Transitions raw = data.qlearningView();
        // the learner config's data preparation: TD3+BC's states normalised, IQL's rewards scaled, ...
        ObservationNormalizer norm = c.learner().observationScaling().fit(raw);
        double rewardScale = c.learner().rewardScaling().factor(raw);
        OfflineReplay replay = new OfflineReplay(normalised(RewardScaling.scaled(raw, rewardScale), norm));
        Learner learner = c.learner().create(raw.obsDim(), raw.actDim(), c.seed());
        String label = c.learner().algorithm().label();
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("algorithm", label);
        record.put("datasetSize", data.size());
        if (rewardScale != 1.0) {
            record.put("rewardScale", rewardScale);
        }
        TrainingLoop.Run run = new TrainingLoop.Run(c.env() + " " + label, checkpointKind(c.learner().algorithm()), c.id(), Config.BUDGET,
                OfflineTraining::describe, c, record,
                new TrainingLoop.Schedule(c.steps(), c.evalEvery(), c.logEvery(), c.evalEvery()),
                new OfflineUpdates(learner, replay, raw.obsDim(), raw.actDim(), c.seed()),
                () -> learner.policy(task.name(), norm), ReturnEvaluator.of(task, c.evalEpisodes(), c.seed()),
                step -> "policy.ckpt", Map.of("algorithm", label, "seed", c.seed()), TrainingLoop.Hooks.NONE);
        TrainingLoop.Outcome o = TrainingLoop.run(run, runDir, progress, stopAt);
        List<EvalPoint> curve = new ArrayList<>();
        for (double[] r : o.log().rows()) {
            int n = r.length;
            if (!Double.isNaN(r[n - 3])) {
                curve.add(new EvalPoint((long) r[0], r[n - 3], r[n - 2], r[n - 1]));
            }
        }
        return new Result(curve, o.policy(), o.log());
    }

    /**
     * One warning line when some of {@code data}'s action values lie outside the action space [-1, 1] (every task's
     * Box; e.g. a {@code rrl datasets perturb --no-clip} dataset, kept unclipped on purpose), else null: the share of
     * such values and what it means for the learners, whose tanh policies cannot output them. Not a refusal.
     */
    static String actionRangeWarning(D4rlDataset data) {
        // over the transitions the learners see (the q-learning view), not the file's rows: a corrupted file stores
        // each transition as two rows, the second with a zero action that no learner trains on
        rrl.data.Transitions t = data.qlearningView();
        float[] actions = t.actions();
        int n = t.count();
        int ad = t.actDim();
        long outside = 0;
        for (int i = 0; i < n * ad; i++) {
            if (Math.abs(actions[i]) > rrl.attack.ActionPerturbedDataset.ACTION_BOUND) {
                outside++;
            }
        }
        if (outside == 0) {
            return null;
        }
        long total = (long) n * ad;
        return String.format(java.util.Locale.ROOT, "warning: %.3g%% of the dataset's action values (%,d of %,d, over its transitions) lie outside "
                + "the action space [-1, 1] (a perturbed dataset written unclipped, or a corrupted one?); training uses them as they are, but the "
                + "policy's tanh output cannot reach them, so it learns towards the nearest bound there",
                100.0 * outside / total, outside, total);
    }

    /**
     * {@code c} pinned to {@code data}: a config without a dataset gets {@code data}'s identity; one that names a
     * dataset must be given that data (same content hash).
     */
    static Config pinned(D4rlDataset data, Config c) {
        DatasetRef actual = DatasetRef.of(data);
        if (c.dataset() == null) {
            return c.withDataset(actual);
        }
        if (!c.dataset().sha256().equals(actual.sha256())) {
            throw new IllegalArgumentException("the config pins dataset " + c.dataset().describe() + " but the data given is "
                    + actual.describe() + "; pass that dataset, or a config without one (Config.withDataset(null))");
        }
        return c;
    }

    /** "a TD3+BC run of Hopper seed 4 on data/hopper.hdf5 (sha256 3f2a9c0d1e7b)", from a recorded config. */
    static String describe(com.google.gson.JsonObject j) {
        // "td3": the field of TD3+BC configs written before learner configs existed
        String key = j.has("learner") ? "learner" : "td3";
        if (!j.has("env") || !(j.get(key) instanceof com.google.gson.JsonObject learner)) {
            return "a run of another kind (not offline training)";
        }
        String alg = learner.has("bcAlpha") && learner.get("bcAlpha").getAsDouble() > 0 ? "TD3+BC"
                : learner.has("actionFlexibility") ? "BCQ" : learner.has("eta") ? "EDAC" : learner.has("expectile") ? (learner.has("quantile") ? "RIQL" : "IQL") : "offline";
        String on = "";
        if (j.get("dataset") instanceof com.google.gson.JsonObject d && d.get("sha256") != null
                && d.get("sha256").isJsonPrimitive()) {
            String hash = d.get("sha256").getAsString();
            String path = d.get("path") != null && d.get("path").isJsonPrimitive() ? d.get("path").getAsString() : null;
            on = " on " + (path == null ? "an in-memory dataset" : path) + " (sha256 "
                    + hash.substring(0, Math.min(12, hash.length())) + ")";
        }
        return (alg.equals("offline") || alg.equals("IQL") || alg.equals("EDAC") ? "an " : "a ") + alg + " run of " + j.get("env").getAsString() + " seed "
                + (j.has("seed") ? j.get("seed").getAsLong() : 0) + on;
    }

    /**
     * The training checkpoint's kind: "td3bc-training" for TD3+BC (the kind fine-tuning starts from and shipped
     * learner states carry), "ALGORITHM-training" otherwise.
     */
    public static String checkpointKind(rrl.algo.Algorithm a) {
        return a == rrl.algo.Algorithm.TD3_BC ? "td3bc-training" : a.name().toLowerCase(java.util.Locale.ROOT) + "-training";
    }

    /** The transitions with observations and next observations scaled by {@code norm} (copies). */
    public static Transitions normalised(Transitions raw, ObservationNormalizer norm) {
        float[] obs = raw.obs().clone();
        float[] next = raw.nextObs().clone();
        norm.applyInPlace(obs, raw.count());
        norm.applyInPlace(next, raw.count());
        return new Transitions(obs, raw.actions(), raw.rewards(), next, raw.dones(), raw.count(), raw.obsDim(),
                raw.actDim());
    }
}
