package rrl.experiment;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import rrl.io.StrictJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import rrl.algo.Td3Config;
import rrl.attack.AttackConfig;
import rrl.attack.ConditionKind;
import rrl.attack.PerturbationEpsilon;
import rrl.env.Environments;
import rrl.io.JsonFields;
import rrl.finetune.AdversarialFineTuning;
import rrl.finetune.CurriculumConfig;
import rrl.finetune.CurriculumKind;
import rrl.finetune.FineTuningConfig;
import rrl.finetune.FineTuningSetup;
import rrl.results.Resources;
import rrl.results.RunFolder;

/**
 * A set of fine-tuning runs over seeds that share one setup (pi_off, offline data, the DE attack), described
 * by a plan (JSON, or defaults plus named withers): what {@code rrl finetune --config FILE} runs and what
 * notebooks read back. It is a sweep: the shared setup runs first (a run of its own, whose folder is the
 * study's {@code out}), then every run x seed and the offline-only baseline per seed go through an
 * {@link Executor}. Each run goes to {@code out/<name>-s<seed>/} with its {@code provenance.json} and run id,
 * and resumes if interrupted; a finished one is handed back without recomputation. {@code out/offline-only-s<seed>/}
 * holds pi_off's own evaluation under the three conditions with that seed's evaluation seeds. Processes may run
 * disjoint seeds of one plan at once: every folder is locked while it runs.
 */
public final class FineTuningStudy {
    /**
     * One line of the plan: a fine-tuning condition and curriculum, or the from-scratch baseline; {@code algorithm} is
     * absent or "td3" (paper 1 fine-tunes with TD3; runs of pex or rpex make a {@link PolicyExpansionStudy} plan).
     */
    public record Run(String name, ConditionKind condition, CurriculumKind curriculum, boolean fromScratch,
                      String algorithm, Double q0, Double qMax, Double beta, Double eta,
                      rrl.finetune.CurriculumSignal signal, Integer refreshEvery, rrl.finetune.DeltaPoolKind refreshPool) {
        public Run {
            if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
                throw new IllegalArgumentException("every run needs a \"name\" of letters, digits, '-', '_' or '.', got " + name);
            }
            if (condition == null) {
                throw new IllegalArgumentException("run '" + name + "' needs a \"condition\": normal, random or adversarial");
            }
            curriculum = curriculum == null ? CurriculumKind.FIXED : curriculum;
            // paper 1 fine-tunes with TD3; "td3" may be written out and is kept as absent, so plans and their
            // plan.json stay as they were
            if (algorithm != null && !algorithm.equalsIgnoreCase("td3")) {
                throw new IllegalArgumentException("run '" + name + "': \"algorithm\" '" + algorithm + "' is not paper 1's "
                        + "td3; a plan whose runs are all pex or rpex is paper 3's policy-expansion study (no condition or "
                        + "curriculum there)");
            }
            algorithm = null;
            // the curriculum's own parameters (issue 21, curriculum sensitivity): only where the schedule has them
            String[] used = switch (curriculum) {
                case FIXED -> new String[0];
                case LINEAR -> new String[] {"q0", "qMax"};
                case ADAPTIVE -> new String[] {"q0", "qMax", "beta", "eta", "signal"};
            };
            Object[] given = {q0, qMax, beta, eta, signal};
            String[] names = {"q0", "qMax", "beta", "eta", "signal"};
            for (int i = 0; i < names.length; i++) {
                if (given[i] != null && !java.util.Arrays.asList(used).contains(names[i])) {
                    throw new IllegalArgumentException("run '" + name + "': the " + curriculum.label() + " curriculum has no \""
                            + names[i] + "\"" + (used.length == 0 ? " (it holds q at 0.5)" : "; it takes " + String.join(", ", used)));
                }
            }
            if (condition == ConditionKind.NORMAL && (q0 != null || qMax != null || beta != null || eta != null || signal != null)) {
                throw new IllegalArgumentException("run '" + name + "': the normal condition perturbs nothing, so it takes no "
                        + "curriculum parameters");
            }
            // re-computed perturbations (issue 21): the adversarial condition's deltas, attacked again every N steps
            if ((refreshEvery != null || refreshPool != null) && condition != ConditionKind.ADVERSARIAL) {
                throw new IllegalArgumentException("run '" + name + "': \"refreshEvery\" and \"refreshPool\" re-compute the "
                        + "adversarial condition's deltas; the " + condition.label() + " condition has none");
            }
            if (refreshPool != null && refreshEvery == null) {
                throw new IllegalArgumentException("run '" + name + "': \"refreshPool\" needs \"refreshEvery\" (steps "
                        + "between attacks, a multiple of evalEvery)");
            }
            if (refreshEvery != null && refreshEvery < 1) {
                throw new IllegalArgumentException("run '" + name + "': \"refreshEvery\" must be an integer >= 1 (steps "
                        + "between attacks, a multiple of evalEvery), got " + refreshEvery);
            }
        }

        /** A paper-1 run with its curriculum's parameters and no re-computed perturbations. */
        public Run(String name, ConditionKind condition, CurriculumKind curriculum, boolean fromScratch, String algorithm,
                   Double q0, Double qMax, Double beta, Double eta, rrl.finetune.CurriculumSignal signal) {
            this(name, condition, curriculum, fromScratch, algorithm, q0, qMax, beta, eta, signal, null, null);
        }

        /**
         * This run re-computing its deltas every {@code every} steps into a pool of kind {@code pool} (issue 21,
         * {@link rrl.finetune.AttackRefresh}).
         */
        public Run withRefresh(int every, rrl.finetune.DeltaPoolKind pool) {
            return new Run(name, condition, curriculum, fromScratch, algorithm, q0, qMax, beta, eta, signal, every, pool);
        }

        /** This run under another name. */
        public Run renamed(String n) {
            return new Run(n, condition, curriculum, fromScratch, algorithm, q0, qMax, beta, eta, signal, refreshEvery,
                    refreshPool);
        }

        /** The run's re-computed attack with {@code attack}'s DE settings; null when it re-computes nothing. */
        public rrl.finetune.AttackRefresh refreshWith(AttackConfig attack) {
            return refreshEvery == null ? null : new rrl.finetune.AttackRefresh(refreshEvery,
                    refreshPool == null ? rrl.finetune.DeltaPoolKind.REPLACE : refreshPool, attack);
        }

        /** A paper-1 run (fine-tuned with TD3) with the curriculum's defaults. */
        public Run(String name, ConditionKind condition, CurriculumKind curriculum, boolean fromScratch, String algorithm) {
            this(name, condition, curriculum, fromScratch, algorithm, null, null, null, null, null);
        }

        /** A paper-1 run (fine-tuned with TD3). */
        public Run(String name, ConditionKind condition, CurriculumKind curriculum, boolean fromScratch) {
            this(name, condition, curriculum, fromScratch, null);
        }

        /**
         * The run's curriculum on {@code env}: paper 1's defaults for its kind ({@link CurriculumConfig#of(CurriculumKind,
         * String)}) with the run's own q0, qMax, beta, eta and signal where given.
         */
        public CurriculumConfig curriculumOn(String env) {
            CurriculumConfig c = CurriculumConfig.of(curriculum, env);
            c = q0 == null ? c : c.withQ0(q0);
            c = qMax == null ? c : c.withQMax(qMax);
            c = beta == null ? c : c.withBeta(beta);
            c = eta == null ? c : c.withEta(eta);
            return signal == null ? c : c.withSignal(signal);
        }

        /** Whether the run sets any curriculum parameter of its own. */
        public boolean tunesCurriculum() {
            return q0 != null || qMax != null || beta != null || eta != null || signal != null;
        }

        /**
         * A run named as paper 1's runs are: "normal" for the normal condition, else
         * {@code <condition>-<curriculum>}.
         */
        public static Run of(ConditionKind condition, CurriculumKind curriculum) {
            String name = condition == ConditionKind.NORMAL ? "normal" : condition.label() + "-" + curriculum.label();
            return new Run(name, condition, curriculum, false);
        }

        /** The from-scratch baseline of a run: "scratch-" + its name. */
        public Run scratch() {
            return new Run("scratch-" + name, condition, curriculum, true, null, q0, qMax, beta, eta, signal, refreshEvery,
                    refreshPool);
        }
    }

    /** Paper 1's runs: the three conditions (fixed q), the linear and adaptive curricula, and the scratch baseline. */
    public static final List<Run> PAPER_RUNS = List.of(
            Run.of(ConditionKind.NORMAL, CurriculumKind.FIXED),
            Run.of(ConditionKind.RANDOM, CurriculumKind.FIXED),
            Run.of(ConditionKind.ADVERSARIAL, CurriculumKind.FIXED),
            Run.of(ConditionKind.ADVERSARIAL, CurriculumKind.LINEAR),
            Run.of(ConditionKind.ADVERSARIAL, CurriculumKind.ADAPTIVE),
            Run.of(ConditionKind.ADVERSARIAL, CurriculumKind.FIXED).scratch());

    /**
     * The plan. Build it with {@link #defaults(String)} and the named withers, or {@link #read} it from JSON;
     * fields absent from the JSON take paper 1's defaults where it has one.
     *
     * @param eps the perturbation bound: the single source for the DE attack against pi_off and for every run's
     *     random condition (default: {@link PerturbationEpsilon#defaultFor}, 0.3; Ant 0.5)
     * @param attackGenerations DE generations against pi_off (paper 2: 30)
     * @param attackPopulation DE population (0: paper 2's 15 x actuators)
     * @param attackEpisodes episodes per DE fitness value (0: ceil(100 / NP), at least 2)
     * @param dataset a D4RL-format file of offline data, pinned by the SHA-256 of its arrays (a relative path resolves
     *     against the working directory: run from the repository root), or null to regenerate {@code datasetSize}
     *     transitions of {@code data}; every seed then trains on the same file (D4RL's medium-replay is one buffer)
     * @param datasetSize transitions of offline data regenerated from the shipped expert when {@code dataset} is null
     * @param out the study folder; a relative path resolves against the caller's results root
     * @param learningStarts online transitions before the first fine-tuning update; null (the default):
     *     {@link FineTuningConfig#defaultLearningStarts}, 1,000 or a tenth of a smaller budget, with its reason there
     * @param scratchWarmup the from-scratch baseline's uniform random warm-up as a share of {@code steps} (default
     *     {@link FineTuningConfig#SCRATCH_WARMUP_FRACTION}: TD3's 25,000 of 1M; at least {@code learningStarts}), so
     *     the baseline acts with its own policy at any budget. Both scale with the budget, so extending {@code steps}
     *     of a study whose scratch warm-up or default learning start changes with it is refused as another run
     * @param pretrainSteps with {@code "pretrained": "train:td3bc"}: TD3+BC updates that train each seed's own pi_off
     *     (default 100,000, the shipped TD3+BC policy's budget); the seed then fans out to the data, pi_off's
     *     training, the attack on it, the fine-tuning and the evaluation. Unused with a policy reference, which all
     *     seeds share: a value other than the default is then refused.
     * @param faultEpisodes episodes per fault case of the study's "faults" phase (issue 21, fault-family shift): pi_off
     *     and every run's final policy under {@link rrl.eval.FaultShift#standard}'s faults, per seed; null (the default)
     *     runs no such phase. Adding it to a finished study runs that phase alone.
     * @param reAttacks whether every fine-tuned policy is re-attacked after its run (its own worst case, issue 14); null
     *     (the default) means yes. A study that compares curricula on pi_off's delta alone (curriculum sensitivity)
     *     may turn it off: a re-attack costs about three fine-tuning runs at 15,000 steps.
     * @param stateAction the study's "state-action" phase (issue 21, state and action perturbations together): pi_off
     *     and every run's final policy over a grid of action and observation bounds ({@link StateActionPhase}); null
     *     (the default) runs no such phase. Adding it to a finished study runs that phase alone.
     * @param data the D4RL kind of the offline data the setup regenerates from the shipped policies when {@code dataset}
     *     is absent: random, medium, expert or medium-expert ({@link rrl.train.DatasetGeneration}; medium-replay needs a
     *     SAC run's replay buffer, so give it as {@code dataset}); null means expert, the data the shipped TD3+BC policy
     *     was trained on. With {@code "pretrained": "train:td3bc"} each seed's pi_off is trained on it: the start of
     *     issue 21's dataset-quality question ({@code rrl.report.StartDataClaims} compares the starts).
     */
    public record Plan(String env, String pretrained, String dataset, int datasetSize, Double eps, int attackGenerations,
                       int attackPopulation, int attackEpisodes, long steps, int evalEvery, int evalEpisodes,
                       int checkpointEvery, Double offlineFraction, int topK, List<Run> runs, List<Long> seeds, String out,
                       Integer learningStarts, Double scratchWarmup, long pretrainSteps,
                       Integer faultEpisodes, Boolean reAttacks, StateActionPhase stateAction, String data) {
        /** Reads a plan; absent fields take the defaults of {@link #defaults}. */
        public static Plan read(Path file) {
            String json;
            try {
                json = Files.readString(file);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read fine-tuning plan " + file + ": " + rrl.io.IoErrors.describe(e));
            }
            return parse(json, "fine-tuning plan " + file);
        }

        /**
         * A plan from its JSON text; {@code what} names it in errors. Every field is checked here, before any work:
         * an unknown field is an error naming the closest known one; an absent field (or null) takes its default;
         * a present value out of range is an error naming the field and the range (never replaced by the default).
         */
        public static Plan parse(String json, String what) {
            JsonElement tree;
            try {
                tree = StrictJson.parse(json);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(what + ": " + rrl.io.Messages.jsonSyntax(e));
            }
            if (tree == null || !tree.isJsonObject()) {
                throw new IllegalArgumentException(what + ": needs a JSON object with at least \"env\", got " + rrl.io.Messages.clip(json.strip()
                        .lines().findFirst().orElse("nothing")));
            }
            JsonFields.requireKnown(tree, Plan.class, what);
            JsonObject given = tree.getAsJsonObject();
            if (!given.has("env") || !given.get("env").isJsonPrimitive()) {
                throw new IllegalArgumentException(what + " needs at least \"env\" (Hopper, HalfCheetah, Walker2d or Ant)");
            }
            JsonFields.requireTypes(tree, Plan.class, what, GSON);
            // A plan.json written by a study holds the default; a different value without training is an error.
            if (given.has("pretrainSteps") && given.get("pretrainSteps").isJsonPrimitive()
                    && given.get("pretrainSteps").getAsDouble() != DEFAULT_PRETRAIN_STEPS && !(given.has("pretrained") && given.get("pretrained").isJsonPrimitive()
                    && FineTuningSetup.TRAIN_TD3BC.equals(given.get("pretrained").getAsString()))) {
                throw new IllegalArgumentException(what + ": \"pretrainSteps\" trains each seed's own pi_off and needs "
                        + "\"pretrained\": \"" + FineTuningSetup.TRAIN_TD3BC + "\"; leave it out to use a given policy");
            }
            // Start from the defaults and lay the given fields over them: absent fields keep their defaults, present
            // ones are checked as they are.
            JsonObject merged;
            try {
                merged = GSON.toJsonTree(defaults(given.get("env").getAsString())).getAsJsonObject();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(what + ": " + rrl.io.Messages.oneLine(e), e);
            }
            for (Map.Entry<String, JsonElement> e : given.entrySet()) {
                if (!e.getValue().isJsonNull() && !e.getKey().equals("env")) { // env: the defaults' canonical name
                    merged.add(e.getKey(), e.getValue());
                }
            }
            Plan p;
            try {
                p = GSON.fromJson(merged, Plan.class);
            } catch (RuntimeException e) {
                Throwable cause = e;
                while (cause.getCause() != null && !(cause instanceof IllegalArgumentException)) {
                    cause = cause.getCause();
                }
                boolean ours = cause instanceof IllegalArgumentException && !(cause instanceof NumberFormatException);
                throw new IllegalArgumentException(what + ": " + (ours ? rrl.io.Messages.oneLine(cause)
                        : "a field has the wrong type (" + rrl.io.Messages.oneLine(e) + ")"));
            }
            // Re-create the run lines so their checks run whatever way Gson filled them.
            List<Run> checkedRuns = new ArrayList<>();
            for (Run r : p.runs()) {
                if (r == null) {
                    throw new IllegalArgumentException(what + ": runs has a null entry; every run is an object with a \"name\"");
                }
                try {
                    checkedRuns.add(new Run(r.name(), r.condition(), r.curriculum(), r.fromScratch(), r.algorithm(), r.q0(),
                            r.qMax(), r.beta(), r.eta(), r.signal(), r.refreshEvery(), r.refreshPool()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(what + ": " + rrl.io.Messages.oneLine(e), e);
                }
            }
            return p.raw(checkedRuns).checked(what);
        }

        private static final Gson GSON = new Gson();

        /** Episodes of pi_off's nominal return, the adaptive curriculum's scale (entry 11 of our-reading.md). */
        public static final int NOMINAL_EPISODES = 20;

        /** TD3+BC updates of a pi_off trained per seed: the shipped td3bc-expert policy's budget. */
        public static final long DEFAULT_PRETRAIN_STEPS = 100_000;

        /** Paper 1's study on {@code env}: {@link #PAPER_RUNS}, 1M steps, seed 0; change it with the withers. */
        public static Plan defaults(String env) {
            String e = Environments.task(env).name();
            return new Plan(e, "shipped:td3bc-expert", null, 100_000, PerturbationEpsilon.defaultFor(e), 30, 0, 0,
                    1_000_000, 5000, 10, 5000, 0.1, 1, PAPER_RUNS, List.of(0L), "runs/finetune-" + e.toLowerCase(), null, FineTuningConfig.SCRATCH_WARMUP_FRACTION, DEFAULT_PRETRAIN_STEPS, null, null, null, null).checked();
        }

        /** {@link #defaults(String)} with a budget, seeds and folder. */
        public static Plan defaults(String env, long steps, List<Long> seeds, String out) {
            return defaults(env).withSteps(steps).withSeeds(seeds).withOut(out);
        }

        /** This plan if every field is in range (withers call it); else one line naming the field and the fix. */
        Plan checked() {
            return checked("plan");
        }

        /**
         * The one check of a plan's fields ({@code what} names the plan in errors): everything the shared setup and
         * the runs will use, so that nothing is refused after work has started.
         */
        Plan checked(String what) {
            String[] required = {"env", "pretrained", "eps", "offlineFraction", "runs", "seeds", "out"};
            Object[] values = {env, pretrained, eps, offlineFraction, runs, seeds, out};
            for (int i = 0; i < required.length; i++) {
                if (values[i] == null) {
                    throw new IllegalArgumentException(what + ": \"" + required[i] + "\" must not be null; leave it out "
                            + "for its default (or start from Plan.defaults(env))");
                }
            }
            Environments.task(env);
            if (out.isBlank() || pretrained.isBlank()) {
                throw new IllegalArgumentException(what + ": \"" + (out.isBlank() ? "out" : "pretrained") + "\" must not be "
                        + "empty; leave it out for its default");
            }
            if (!(eps > 0 && eps <= 1)) {
                throw new IllegalArgumentException(what + ": \"eps\" must be a number in (0, 1], got " + eps
                        + " (paper 2: 0.3; Ant 0.5)");
            }
            positive(what, "datasetSize", datasetSize);
            positive(what, "attackGenerations", attackGenerations);
            positive(what, "steps", steps);
            positive(what, "evalEvery", evalEvery);
            positive(what, "evalEpisodes", evalEpisodes);
            positive(what, "checkpointEvery", checkpointEvery);
            positive(what, "topK", topK);
            positive(what, "pretrainSteps", pretrainSteps);
            if (data != null) {
                try {
                    FineTuningSetup.dataKind(data, dataset);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(what + ": \"data\": " + rrl.io.Messages.oneLine(e), e);
                }
            }
            if (stateAction != null) {
                try {
                    stateAction.resolve(this);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(what + ": \"stateAction\": " + rrl.io.Messages.oneLine(e), e);
                }
            }
            if (faultEpisodes != null) {
                positive(what, "faultEpisodes", faultEpisodes);
            }
            if (learningStarts != null && (learningStarts < 0 || learningStarts >= steps)) {
                throw new IllegalArgumentException(what + ": \"learningStarts\" must be an integer in [0, steps), got "
                        + learningStarts + " for " + steps + " steps; leave it out for the default, "
                        + FineTuningConfig.defaultLearningStarts(steps) + " at this budget (" + String.format(
                                java.util.Locale.ROOT, "%,d", FineTuningConfig.DEFAULT_LEARNING_STARTS)
                        + ", or a tenth of a budget under 10,000 steps)");
            }
            if (scratchWarmup == null || !(scratchWarmup >= 0 && scratchWarmup < 1)) {
                throw new IllegalArgumentException(what + ": \"scratchWarmup\" is the from-scratch baseline's random "
                        + "warm-up as a share of steps, a number in [0, 1), got " + scratchWarmup + " (TD3: "
                        + FineTuningConfig.SCRATCH_WARMUP_FRACTION + ")");
            }
            if (pretrained.startsWith("train:") && !pretrained.equals(FineTuningSetup.TRAIN_TD3BC)) {
                throw new IllegalArgumentException(what + ": \"pretrained\" can train only TD3+BC (\""
                        + FineTuningSetup.TRAIN_TD3BC + "\"), got " + pretrained);
            }
            if (attackPopulation != 0 && attackPopulation < 4) {
                throw new IllegalArgumentException(what + ": \"attackPopulation\" must be 0 (paper 2's, 15 x actuators) "
                        + "or an integer >= 4, got " + attackPopulation);
            }
            if (attackEpisodes < 0) {
                throw new IllegalArgumentException(what + ": \"attackEpisodes\" must be 0 (paper 2's, ceil(100 / NP)) "
                        + "or an integer >= 1, got " + attackEpisodes);
            }
            if (!(offlineFraction >= 0 && offlineFraction <= 1)) {
                throw new IllegalArgumentException(what + ": \"offlineFraction\" (r_off) must be a number in [0, 1], got "
                        + offlineFraction);
            }
            if (runs.isEmpty()) {
                throw new IllegalArgumentException(what + ": \"runs\" must list one or more runs; leave it out for paper 1's "
                        + PAPER_RUNS.stream().map(Run::name).toList());
            }
            java.util.Set<String> names = new java.util.HashSet<>();
            for (Run r : runs) {
                if (!names.add(r.name())) {
                    throw new IllegalArgumentException(what + ": two runs are named '" + r.name() + "'; every run needs its "
                            + "own name (its folder is <out>/<name>-s<seed>)");
                }
            }
            if (seeds.isEmpty() || seeds.stream().anyMatch(java.util.Objects::isNull)) {
                throw new IllegalArgumentException(what + ": \"seeds\" must list one or more seeds, got " + seeds
                        + "; leave it out for [0]");
            }
            if (seeds.stream().distinct().count() != seeds.size()) {
                throw new IllegalArgumentException(what + ": \"seeds\" lists a seed twice: " + seeds);
            }
            try {
                Sweep.requireSeedsAtLeastZero(seeds);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
            }
            // What the setup and the runs will build, built now: their own checks run before any work.
            try {
                attack();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
            }
            for (Run r : runs) {
                try {
                    config(r, seeds.get(0));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(what + ": run '" + r.name() + "': " + e.getMessage(), e);
                }
            }
            return this;
        }

        private static void positive(String what, String field, long v) {
            if (v < 1) {
                throw new IllegalArgumentException(what + ": \"" + field + "\" must be an integer >= 1, got " + v
                        + " (leave it out for its default)");
            }
        }

        public Plan withPretrained(String v) {
            return new Plan(env, v, dataset, datasetSize, eps, attackGenerations, attackPopulation, attackEpisodes, steps,
                    evalEvery, evalEpisodes, checkpointEvery, offlineFraction, topK, runs, seeds, out, learningStarts, scratchWarmup, pretrainSteps, faultEpisodes, reAttacks, stateAction, data).checked();
        }

        /** An offline D4RL-format file instead of data regenerated from the shipped expert. */
        public Plan withDataset(String v) {
            return new Plan(env, pretrained, v, datasetSize, eps, attackGenerations, attackPopulation, attackEpisodes, steps,
                    evalEvery, evalEpisodes, checkpointEvery, offlineFraction, topK, runs, seeds, out, learningStarts, scratchWarmup, pretrainSteps, faultEpisodes, reAttacks, stateAction, data).checked();
        }

        public Plan withDatasetSize(int v) {
            return new Plan(env, pretrained, dataset, v, eps, attackGenerations, attackPopulation, attackEpisodes, steps,
                    evalEvery, evalEpisodes, checkpointEvery, offlineFraction, topK, runs, seeds, out, learningStarts, scratchWarmup, pretrainSteps, faultEpisodes, reAttacks, stateAction, data).checked();
        }

        /** The perturbation bound of the attack and of every run's random condition. */
        public Plan withEps(double v) {
            return new Plan(env, pretrained, dataset, datasetSize, v, attackGenerations, attackPopulation, attackEpisodes,
                    steps, evalEvery, evalEpisodes, checkpointEvery, offlineFraction, topK, runs, seeds, out, learningStarts, scratchWarmup, pretrainSteps, faultEpisodes, reAttacks, stateAction, data).checked();
        }

        public Plan withAttackGenerations(int v) {
            return new Plan(env, pretrained, dataset, datasetSize, eps, v, attackPopulation, attackEpisodes, steps,
                    evalEvery, evalEpisodes, checkpointEvery, offlineFraction, topK, runs, seeds, out, learningStarts, scratchWarmup, pretrainSteps, faultEpisodes, reAttacks, stateAction, data).checked();
        }

        public Plan withAttackPopulation(int v) {
            return new Plan(env, pretrained, dataset, datasetSize, eps, attackGenerations, v, attackEpisodes, steps,
                    evalEvery, evalEpisodes, checkpointEvery, offlineFraction, topK, runs, seeds, out, learningStarts, scratchWarmup, pretrainSteps, faultEpisodes, reAttacks, stateAction, data).checked();
        }

        public Plan withAttackEpisodes(int v) {
            return new Plan(env, pretrained, dataset, datasetSize, eps, attackGenerations, attackPopulation, v, steps,
                    evalEvery, evalEpisodes, checkpointEvery, offlineFraction, topK, runs, seeds, out, learningStarts, scratchWarmup, pretrainSteps, faultEpisodes, reAttacks, stateAction, data).checked();
        }

        public Plan withSteps(long v) {
            return new Plan(env, pretrained, dataset, datasetSize, eps, attackGenerations, attackPopulation, attackEpisodes,
                    v, evalEvery, evalEpisodes, checkpointEvery, offlineFraction, topK, runs, seeds, out, learningStarts, scratchWarmup, pretrainSteps, faultEpisodes, reAttacks, stateAction, data).checked();
        }

        public Plan withEvalEvery(int v) {
            return new Plan(env, pretrained, dataset, datasetSize, eps, attackGenerations, attackPopulation, attackEpisodes,
                    steps, v, evalEpisodes, checkpointEvery, offlineFraction, topK, runs, seeds, out, learningStarts, scratchWarmup, pretrainSteps, faultEpisodes, reAttacks, stateAction, data).checked();
        }

        public Plan withEvalEpisodes(int v) {
            return new Plan(env, pretrained, dataset, datasetSize, eps, attackGenerations, attackPopulation, attackEpisodes,
                    steps, evalEvery, v, checkpointEvery, offlineFraction, topK, runs, seeds, out, learningStarts, scratchWarmup, pretrainSteps, faultEpisodes, reAttacks, stateAction, data).checked();
        }

        public Plan withCheckpointEvery(int v) {
            return new Plan(env, pretrained, dataset, datasetSize, eps, attackGenerations, attackPopulation, attackEpisodes,
                    steps, evalEvery, evalEpisodes, v, offlineFraction, topK, runs, seeds, out, learningStarts, scratchWarmup, pretrainSteps, faultEpisodes, reAttacks, stateAction, data).checked();
        }

        public Plan withOfflineFraction(double v) {
            return new Plan(env, pretrained, dataset, datasetSize, eps, attackGenerations, attackPopulation, attackEpisodes,
                    steps, evalEvery, evalEpisodes, checkpointEvery, v, topK, runs, seeds, out, learningStarts, scratchWarmup, pretrainSteps, faultEpisodes, reAttacks, stateAction, data).checked();
        }

        public Plan withTopK(int v) {
            return new Plan(env, pretrained, dataset, datasetSize, eps, attackGenerations, attackPopulation, attackEpisodes,
                    steps, evalEvery, evalEpisodes, checkpointEvery, offlineFraction, v, runs, seeds, out, learningStarts, scratchWarmup, pretrainSteps, faultEpisodes, reAttacks, stateAction, data).checked();
        }

        public Plan withRuns(List<Run> v) {
            return raw(v).checked();
        }

        private Plan raw(List<Run> v) {
            return new Plan(env, pretrained, dataset, datasetSize, eps, attackGenerations, attackPopulation, attackEpisodes,
                    steps, evalEvery, evalEpisodes, checkpointEvery, offlineFraction, topK, v == null ? null : List.copyOf(v),
                    seeds, out, learningStarts, scratchWarmup, pretrainSteps, faultEpisodes, reAttacks, stateAction, data);
        }

        /** Paper 1's runs picked by name (see {@link #PAPER_RUNS}), e.g. "adversarial-linear", "scratch-adversarial-fixed". */
        public Plan withRuns(String... names) {
            List<Run> picked = new ArrayList<>();
            for (String n : names) {
                picked.add(PAPER_RUNS.stream().filter(r -> r.name().equals(n)).findFirst().orElseThrow(() ->
                        new IllegalArgumentException("no paper-1 run named '" + n + "'; choose from " + String.join(", ",
                                PAPER_RUNS.stream().map(Run::name).toList()) + ", or pass Run records")));
            }
            return withRuns(picked);
        }

        public Plan withSeeds(List<Long> v) {
            return new Plan(env, pretrained, dataset, datasetSize, eps, attackGenerations, attackPopulation, attackEpisodes,
                    steps, evalEvery, evalEpisodes, checkpointEvery, offlineFraction, topK, runs, v == null ? null : List.copyOf(v), out, learningStarts, scratchWarmup, pretrainSteps, faultEpisodes, reAttacks, stateAction, data).checked();
        }

        public Plan withSeeds(Long... v) {
            return withSeeds(Arrays.asList(v));
        }

        public Plan withOut(String v) {
            return new Plan(env, pretrained, dataset, datasetSize, eps, attackGenerations, attackPopulation, attackEpisodes,
                    steps, evalEvery, evalEpisodes, checkpointEvery, offlineFraction, topK, runs, seeds, v, learningStarts, scratchWarmup, pretrainSteps, faultEpisodes, reAttacks, stateAction, data).checked();
        }

        /** The study with a "faults" phase of {@code v} episodes per fault case (null: none); see the record's doc. */
        public Plan withFaultEpisodes(Integer v) {
            return new Plan(env, pretrained, dataset, datasetSize, eps, attackGenerations, attackPopulation, attackEpisodes,
                    steps, evalEvery, evalEpisodes, checkpointEvery, offlineFraction, topK, runs, seeds, out, learningStarts,
                    scratchWarmup, pretrainSteps, v, reAttacks, stateAction, data).checked();
        }

        /** The study with a "state-action" phase ({@code v}; null: none); see {@link StateActionPhase}. */
        public Plan withStateAction(StateActionPhase v) {
            return new Plan(env, pretrained, dataset, datasetSize, eps, attackGenerations, attackPopulation, attackEpisodes,
                    steps, evalEvery, evalEpisodes, checkpointEvery, offlineFraction, topK, runs, seeds, out, learningStarts,
                    scratchWarmup, pretrainSteps, faultEpisodes, reAttacks, v, data).checked();
        }

        /** The study with ({@code true}, the default) or without the re-attack of every fine-tuned policy. */
        public Plan withReAttacks(boolean v) {
            return new Plan(env, pretrained, dataset, datasetSize, eps, attackGenerations, attackPopulation, attackEpisodes,
                    steps, evalEvery, evalEpisodes, checkpointEvery, offlineFraction, topK, runs, seeds, out, learningStarts,
                    scratchWarmup, pretrainSteps, faultEpisodes, v ? null : Boolean.FALSE, stateAction, data).checked();
        }

        /**
         * The study whose setup regenerates offline data of D4RL kind {@code v} (random, medium, expert, medium-expert;
         * null: expert) from the shipped policies; see the record's doc.
         */
        public Plan withData(String v) {
            return new Plan(env, pretrained, dataset, datasetSize, eps, attackGenerations, attackPopulation, attackEpisodes,
                    steps, evalEvery, evalEpisodes, checkpointEvery, offlineFraction, topK, runs, seeds, out, learningStarts,
                    scratchWarmup, pretrainSteps, faultEpisodes, reAttacks, stateAction, v).checked();
        }

        /** The D4RL kind of the study's offline data: {@code data}, or expert (also for a given dataset file). */
        public String dataKind() {
            return FineTuningSetup.dataKind(data, dataset);
        }

        /** Whether every fine-tuned policy is re-attacked (the default). */
        public boolean reAttacksRuns() {
            return reAttacks == null || reAttacks;
        }

        /** Fine-tuning collecting {@code v} online transitions before its first update. */
        public Plan withLearningStarts(int v) {
            return new Plan(env, pretrained, dataset, datasetSize, eps, attackGenerations, attackPopulation, attackEpisodes,
                    steps, evalEvery, evalEpisodes, checkpointEvery, offlineFraction, topK, runs, seeds, out, v, scratchWarmup,
                    pretrainSteps, faultEpisodes, reAttacks, stateAction, data).checked();
        }

        /** The from-scratch baseline's random warm-up as a share of the budget. */
        public Plan withScratchWarmup(double v) {
            return new Plan(env, pretrained, dataset, datasetSize, eps, attackGenerations, attackPopulation, attackEpisodes,
                    steps, evalEvery, evalEpisodes, checkpointEvery, offlineFraction, topK, runs, seeds, out, learningStarts, v,
                    pretrainSteps, faultEpisodes, reAttacks, stateAction, data).checked();
        }

        /**
         * Every seed trains its own pi_off: TD3+BC for {@code updates} updates with that seed (on its own regenerated
         * data, or on {@code dataset} when given), then its own attack, fine-tuning and evaluation.
         */
        public Plan withPiOffTrainedPerSeed(long updates) {
            return new Plan(env, FineTuningSetup.TRAIN_TD3BC, dataset, datasetSize, eps, attackGenerations, attackPopulation,
                    attackEpisodes, steps, evalEvery, evalEpisodes, checkpointEvery, offlineFraction, topK, runs, seeds, out,
                    learningStarts, scratchWarmup, updates, faultEpisodes, reAttacks, stateAction, data).checked();
        }

        /**
         * The shipped SAC policy ("medium" or "expert") the setup would regenerate its offline data from ({@code dataset}
         * absent) that rrl does not ship for {@code env} (before its expert shipped, Ant's), or null: random data needs none, medium
         * the medium policy, expert the expert, medium-expert both. A plan with one missing cannot run.
         */
        public String missingBehaviourPolicy() {
            return missingBehaviourPolicy(rrl.policy.ShippedPolicies.names(env));
        }

        /** As {@link #missingBehaviourPolicy()}, with {@code shipped} the policy names shipped for the plan's env. */
        public String missingBehaviourPolicy(List<String> shipped) {
            if (dataset != null) {
                return null;
            }
            List<String> needs = switch (dataKind()) {
                case "random" -> List.of();
                case "medium" -> List.of("medium");
                case "medium-expert" -> List.of("medium", "expert");
                default -> List.of("expert");
            };
            return needs.stream().filter(n -> !shipped.contains(n)).findFirst().orElse(null);
        }

        /** Whether every seed trains its own pi_off (else all seeds share {@code pretrained}). */
        public boolean trainsPiOffPerSeed() {
            return FineTuningSetup.TRAIN_TD3BC.equals(pretrained);
        }

        /** The DE attack against pi_off, with the plan's {@code eps}. */
        public AttackConfig attack() {
            AttackConfig a = AttackConfig.paper(env, 0).withEps(eps).withGenerations(attackGenerations);
            if (attackPopulation > 0) {
                a = a.withPopulation(attackPopulation).withEpisodes(AttackConfig.defaultEpisodes(attackPopulation));
            }
            return attackEpisodes > 0 ? a.withEpisodes(attackEpisodes) : a;
        }

        /**
         * The shared setup: pi_off, the offline data and the attack (nominal return over 20 episodes, seed 0), with
         * pi_off's policy file and the dataset (when one is given) pinned by their content hashes as they are now:
         * reads both (a missing or unreadable one is an error naming it).
         */
        public FineTuningSetup.Spec setup() {
            return setup(datasetSha256());
        }

        /** The shared setup with the given dataset pinned at {@code dataSha} (null when the data is regenerated). */
        private FineTuningSetup.Spec setup(String dataSha) {
            if (trainsPiOffPerSeed()) {
                throw new IllegalStateException("this plan trains pi_off per seed; ask for setup(seed)");
            }
            rrl.env.Task task = Environments.task(env);
            String policySha = PolicyRef.parse(pretrained).sha256(task);
            return new FineTuningSetup.Spec(env, pretrained, policySha, dataset, dataSha, datasetSize, attack(), NOMINAL_EPISODES, 0,
                    0, data);
        }

        /**
         * The setup seed {@code seed} starts from: the shared one, or (when pi_off is trained per seed) its own, whose
         * data collection, training, nominal-return episodes and attack all take {@code seed}.
         */
        public FineTuningSetup.Spec setup(long seed) {
            if (!trainsPiOffPerSeed()) {
                return setup();
            }
            return setup(seed, datasetSha256());
        }

        /** SHA-256 of the given dataset's arrays (reads the file), or null when the data is regenerated. */
        private String datasetSha256() {
            if (dataset == null) {
                return null;
            }
            Path file = Path.of(dataset);
            if (!file.isAbsolute() && !Files.exists(file)) {
                // "out" resolves under the project folder, "dataset" under the working directory: say which one it read
                throw new IllegalArgumentException("\"dataset\" " + dataset + " does not exist under the working directory "
                        + Path.of("").toAbsolutePath() + "; a relative \"dataset\" resolves there, so run from the "
                        + "folder it is relative to (the repository root for rrl's plans) or give an absolute path");
            }
            return rrl.data.D4rlDataset.read(file).sha256();
        }

        /** The per-seed setup of {@code seed} with the dataset's hash already computed. */
        private FineTuningSetup.Spec setup(long seed, String dataSha) {
            return new FineTuningSetup.Spec(env, pretrained, null, dataset, dataSha, datasetSize, attack().withSeed(seed), NOMINAL_EPISODES,
                    seed, pretrainSteps, data);
        }

        /** The run's fine-tuning config, with the plan's {@code eps}. */
        public FineTuningConfig config(Run r, long seed) {
            FineTuningConfig c = new FineTuningConfig(env, r.condition(), r.curriculumOn(env), steps,
                    offlineFraction, eps, topK, evalEvery, evalEpisodes, checkpointEvery, false, seed,
                    Td3Config.td3().withStartSteps(0), rrl.replay.RingReplay.DEFAULT_CAPACITY,
                    learningStarts == null ? FineTuningConfig.defaultLearningStarts(steps) : learningStarts,
                    r.refreshWith(attack().withSeed(seed)));
            return r.fromScratch() ? c.scratch(scratchWarmup) : c;
        }

        /** The study folder: {@code out}, resolved against {@code resources}' root if relative. */
        public Path outDir(Resources resources) {
            return resources.resolve(out);
        }
    }

    /**
     * The "state-action" phase of a fine-tuning study (paper 1's open question 2, issue 21): pi_off and every run's final
     * policy over the grid {@code actionEps x observationEps} of {@link rrl.eval.StateActionGrid}, per seed, under random
     * and adversarial perturbations. Absent (null) fields take their defaults from the plan ({@link #resolve}).
     *
     * @param episodes evaluation episodes per cell and condition (default: the plan's {@code evalEpisodes}, 10)
     * @param actionEps actuator bounds (default {@link rrl.eval.StateActionGrid#standardBounds} of the plan's eps:
     *     {0, eps/2, eps})
     * @param observationEps observation bounds in units of pi_off's normaliser std (default: the same values)
     * @param attackPopulation NP of each cell's {@link rrl.attack.StateActionAttack} (default: the plan's attack
     *     population, paper 2's 15 x Na)
     * @param attackGenerations DE generations of each attack (default: the plan's, paper 2's 30)
     * @param attackEpisodes M, episodes per fitness value (default: the plan's M when the phase keeps the plan's NP, else
     *     ceil(100 / NP), at least 2, as the action attack's)
     */
    public record StateActionPhase(Integer episodes, List<Double> actionEps, List<Double> observationEps,
                                   Integer attackPopulation, Integer attackGenerations, Integer attackEpisodes) {
        public StateActionPhase {
            actionEps = actionEps == null ? null : List.copyOf(actionEps);
            observationEps = observationEps == null ? null : List.copyOf(observationEps);
        }

        /** The phase with every default of the plan (none given). */
        public static StateActionPhase defaults() {
            return new StateActionPhase(null, null, null, null, null, null);
        }

        /** The phase with the grid's bounds. */
        public StateActionPhase withBounds(List<Double> action, List<Double> observation) {
            return new StateActionPhase(episodes, action, observation, attackPopulation, attackGenerations, attackEpisodes);
        }

        /** The phase with the attacks' NP, generations and M. */
        public StateActionPhase withAttack(int population, int generations, int m) {
            return new StateActionPhase(episodes, actionEps, observationEps, population, generations, m);
        }

        /** The phase with {@code v} evaluation episodes per cell and condition. */
        public StateActionPhase withEpisodes(int v) {
            return new StateActionPhase(v, actionEps, observationEps, attackPopulation, attackGenerations, attackEpisodes);
        }

        /**
         * Every field filled from {@code plan} where absent, and checked.
         *
         * @throws IllegalArgumentException naming the field and its range
         */
        public StateActionPhase resolve(Plan plan) {
            AttackConfig a = plan.attack();
            int np = attackPopulation != null ? attackPopulation : a.populationSize();
            StateActionPhase r = new StateActionPhase(episodes != null ? episodes : plan.evalEpisodes(),
                    actionEps != null ? actionEps : rrl.eval.StateActionGrid.standardBounds(plan.eps()),
                    observationEps != null ? observationEps : rrl.eval.StateActionGrid.standardBounds(plan.eps()), np,
                    attackGenerations != null ? attackGenerations : a.generations(),
                    attackEpisodes != null ? attackEpisodes : attackPopulation == null ? a.episodesPerIndividual()
                            : AttackConfig.defaultEpisodes(np));
            if (r.episodes() < 1 || r.attackEpisodes() < 1) {
                throw new IllegalArgumentException("\"" + (r.episodes() < 1 ? "episodes" : "attackEpisodes") + "\" must "
                        + "be >= 1, got " + (r.episodes() < 1 ? r.episodes() : r.attackEpisodes()));
            }
            rrl.eval.StateActionGrid.requireBounds("action", r.actionEps());
            if (r.actionEps().stream().anyMatch(x -> x > 1)) {
                throw new IllegalArgumentException("action bounds must be at most 1 (a + delta * a with delta = -1 already "
                        + "zeroes the command), got " + r.actionEps());
            }
            rrl.eval.StateActionGrid.requireBounds("observation", r.observationEps());
            a.withPopulation(r.attackPopulation()).withGenerations(r.attackGenerations()); // DE's own checks
            return r;
        }
    }

    /**
     * Every run's metrics by run name and seed, the offline-only baseline's by seed, and every fine-tuned policy's
     * own worst case (its re-attack) by run name and seed; pi_off's own worst case is its offline-only adversarial
     * return (the attack on pi_off is against pi_off itself). {@code faultShift}: the fault-shift phase's rows per
     * policy ({@link #PI_OFF} first, then runs in the plan's order) and seed, the finished ones; empty without that phase.
     * {@code stateAction}: the state-action phase's rows, in the same way.
     */
    public record Results(Plan plan, Map<String, Map<Long, List<AdversarialFineTuning.EvalPoint>>> runs,
                          Map<Long, AdversarialFineTuning.EvalPoint> offlineOnly,
                          Map<String, Map<Long, FineTuningRuns.WorstCase>> worstCase,
                          Map<String, Map<Long, List<rrl.eval.FaultShift.Row>>> faultShift,
                          Map<String, Map<Long, List<rrl.eval.StateActionGrid.Row>>> stateAction) {
        public Results {
            worstCase = worstCase == null ? Map.of() : worstCase;
            faultShift = faultShift == null ? Map.of() : faultShift;
            stateAction = stateAction == null ? Map.of() : stateAction;
        }

        /** Results without state-action evaluations (studies whose plan sets no {@code stateAction}). */
        public Results(Plan plan, Map<String, Map<Long, List<AdversarialFineTuning.EvalPoint>>> runs,
                       Map<Long, AdversarialFineTuning.EvalPoint> offlineOnly,
                       Map<String, Map<Long, FineTuningRuns.WorstCase>> worstCase,
                       Map<String, Map<Long, List<rrl.eval.FaultShift.Row>>> faultShift) {
            this(plan, runs, offlineOnly, worstCase, faultShift, Map.of());
        }

        /** Results without fault-shift evaluations (studies whose plan sets no {@code faultEpisodes}). */
        public Results(Plan plan, Map<String, Map<Long, List<AdversarialFineTuning.EvalPoint>>> runs,
                       Map<Long, AdversarialFineTuning.EvalPoint> offlineOnly,
                       Map<String, Map<Long, FineTuningRuns.WorstCase>> worstCase) {
            this(plan, runs, offlineOnly, worstCase, Map.of());
        }

        /** Results without re-attacks (studies recorded before fine-tuned policies were re-attacked). */
        public Results(Plan plan, Map<String, Map<Long, List<AdversarialFineTuning.EvalPoint>>> runs,
                       Map<Long, AdversarialFineTuning.EvalPoint> offlineOnly) {
            this(plan, runs, offlineOnly, Map.of());
        }

        /** {@code FineTuningStudy.Results(Hopper, 2000 steps: adversarial-fixed x 1 seed, ...; offline-only x 1 seed)}. */
        @Override
        public String toString() {
            StringBuilder s = new StringBuilder("FineTuningStudy.Results(" + plan.env() + ", " + plan.steps() + " steps:");
            for (Map.Entry<String, Map<Long, List<AdversarialFineTuning.EvalPoint>>> e : runs.entrySet()) {
                s.append(' ').append(e.getKey()).append(" x ").append(e.getValue().size())
                        .append(e.getValue().size() == 1 ? " seed," : " seeds,");
            }
            s.append(" offline-only x ").append(offlineOnly.size()).append(offlineOnly.size() == 1 ? " seed" : " seeds");
            int re = worstCase.values().stream().mapToInt(Map::size).sum();
            s.append(re > 0 ? "; " + re + (re == 1 ? " re-attack)" : " re-attacks)") : ")");
            return s.toString();
        }
    }

    private FineTuningStudy() {}

    /** Runs the study on one slot with {@code resources}' threads; a relative {@code out} resolves against its root. */
    public static Results run(Plan plan, Resources resources, boolean progress) {
        return run(plan, resources, 1, progress);
    }

    /**
     * Runs the study on {@code parallel} slots, the thread budget split between them. The numbers do not depend on
     * {@code parallel}.
     */
    public static Results run(Plan plan, Resources resources, int parallel, boolean progress) {
        return run(plan, plan.outDir(resources),
                LocalExecutor.sharing(RunKinds.standard(), parallel, resources.threads(), progress));
    }

    /**
     * Runs the study {@code plan} into {@code dir} through {@code executor}: the setup (shared, or one per seed when
     * pi_off is trained per seed), then every run x seed and the offline-only baseline per seed, then the re-attack
     * of every fine-tuned policy. Fails after all runs were tried if any failed (the finished ones are kept). The
     * executor's kinds must include {@link RunKinds#standard()}'s fine-tuning kinds.
     */
    public static Results run(Plan plan, Path dir, Executor executor) {
        return run(plan, dir, executor, () -> {});
    }

    /**
     * As {@link #run(Plan, Path, Executor)}, calling {@code started} once the plan is checked against {@code dir} and
     * its inputs are read, before any write: a command prints its banner there, so every refusal comes before output.
     */
    public static Results run(Plan plan, Path dir, Executor executor, Runnable started) {
        requireSameStudy(plan, dir);
        Map<Long, FineTuningSetup.Spec> setups = setups(plan); // reads and pins the inputs before any folder is made
        List<RunSpec> setupRuns = setupRuns(plan, setups, dir);
        started.run();
        makeStudyFolder(dir);
        // one sweep per study folder at a time: two would each find the other's runs locked and fail them
        try (RunFolder.Lock sweepLock = RunFolder.at(dir).lock(RunFolder.SWEEP_LOCK)) {
            Sweep.requireAllOk(Sweep.of(dir, setupRuns).execute(executor), "setup runs");
            recordPlan(plan, dir); // so that a study in progress can be read back
            Sweep.requireAllOk(sweep(plan, setups, dir).execute(executor), "fine-tuning runs");
            if (plan.reAttacksRuns()) {
                Sweep.requireAllOk(reAttacks(plan, setups, dir).execute(executor), "re-attacks of fine-tuned policies");
            }
            if (plan.faultEpisodes() != null) {
                Sweep.requireAllOk(faults(plan, setups, dir).execute(executor), "fault-shift evaluations");
            }
            if (plan.stateAction() != null) {
                Sweep.requireAllOk(stateActionSweep(plan, setups, dir).execute(executor), "state-action evaluations");
            }
            writePlan(RunFolder.at(dir), inForce(plan, dir)); // the plan in force, once every run has finished
        }
        return load(dir, plan);
    }

    /** The phases of a study, in the order they run; the runs of one phase do not depend on each other. */
    public static final List<String> PHASES = List.of("setup", "runs", "re-attacks");

    /**
     * The study as its three phases ({@link #PHASES}): the setups, then every run x seed with the offline-only
     * baseline, then the re-attacks. A phase's runs may go to any executor at once (a Slurm array, Spark tasks) once
     * the phase before it has finished; {@link #run(Plan, Path, Executor)} runs them in this order.
     */
    public static List<Sweep> phases(Plan plan, Path dir) {
        // a dataset file that is here is read (a run uses it as it is now); an absent one is taken at its recorded pin
        return phases(plan, dir, plan.dataset() == null || Files.exists(Path.of(plan.dataset())) ? null
                : recordedDatasetPin(plan, dir));
    }

    /** As {@link #phases(Plan, Path)}, a given dataset pinned at {@code datasetPin} when it is not null. */
    private static List<Sweep> phases(Plan plan, Path dir, String datasetPin) {
        Map<Long, FineTuningSetup.Spec> setups = setups(plan, datasetPin);
        List<Sweep> out = new ArrayList<>(List.of(Sweep.of(dir, setupRuns(plan, setups, dir)), sweep(plan, setups, dir)));
        if (plan.reAttacksRuns()) {
            out.add(reAttacks(plan, setups, dir));
        }
        if (plan.faultEpisodes() != null) {
            out.add(faults(plan, setups, dir));
        }
        if (plan.stateAction() != null) {
            out.add(stateActionSweep(plan, setups, dir));
        }
        return out;
    }

    /**
     * The SHA-256 the setup runs in {@code dir} recorded for the plan's {@code "dataset"}, or null: no dataset, or no
     * setup recorded it. It stands in for the file where the runs are checked, not run: a committed study whose data
     * file is not committed, and a plan.json checked against its run folders (a setup that has to run reads the file
     * and refuses one that differs).
     */
    static String recordedDatasetPin(Plan plan, Path dir) {
        if (plan.dataset() == null || !Files.isDirectory(dir)) {
            return null;
        }
        try (java.util.stream.Stream<Path> s = Files.list(dir)) {
            // the shared setup runs in the study folder itself, per-seed ones in setup-s<seed>
            List<Path> candidates = new ArrayList<>(List.of(dir));
            candidates.addAll(s.filter(p -> p.getFileName().toString().startsWith("setup")).sorted().toList());
            for (Path d : candidates) {
                com.google.gson.JsonElement c = RunFolder.at(d).provenance().map(p -> p.config()).orElse(null);
                if (c != null && c.isJsonObject() && c.getAsJsonObject().has("datasetSha256")
                        && plan.dataset().equals(c.getAsJsonObject().get("dataset").getAsString())) {
                    return c.getAsJsonObject().get("datasetSha256").getAsString();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + rrl.io.IoErrors.describe(e), e);
        }
        return null;
    }

    /** The fourth phase's name, run when the plan sets {@code faultEpisodes}: pi_off and every run under unseen faults. */
    public static final String FAULTS_PHASE = "faults";

    /**
     * The phases {@link #phases} gives for {@code plan}: {@link #PHASES} (without "re-attacks" when the plan turns them
     * off), then {@link #FAULTS_PHASE} and {@link #STATE_ACTION_PHASE} if it asks for them.
     */
    public static List<String> phaseNames(Plan plan) {
        List<String> out = new ArrayList<>(PHASES);
        if (!plan.reAttacksRuns()) {
            out.remove("re-attacks");
        }
        if (plan.faultEpisodes() != null) {
            out.add(FAULTS_PHASE);
        }
        if (plan.stateAction() != null) {
            out.add(STATE_ACTION_PHASE);
        }
        return List.copyOf(out);
    }

    /**
     * The fifth phase's name, run when the plan sets {@code stateAction}: pi_off and every run over the state-action
     * grid.
     */
    public static final String STATE_ACTION_PHASE = "state-action";

    /** Folder prefix of the state-action runs ({@code state-action-pi-off-s<seed>}, {@code state-action-<run>-s<seed>}). */
    public static final String STATE_ACTION_PREFIX = "state-action-";

    /** Folder prefix of pi_off's fault-shift runs ({@code faults-pi-off-s<seed>}); a run's is {@code faults-<run>}. */
    public static final String FAULTS_PREFIX = "faults-";

    /** The name pi_off goes by among a seed's policies ({@link #policies}, {@link #faultShift}). */
    public static final String PI_OFF = "pi_off";

    /**
     * The fault-shift phase: {@code faults-pi-off-s<seed>/} (pi_off) and {@code faults-<run>-s<seed>/} (the run's final
     * policy), each under {@link rrl.eval.FaultShift#standard}'s faults at the plan's eps with {@code faultEpisodes}
     * episodes per case, after the run has finished.
     */
    private static Sweep faults(Plan plan, Map<Long, FineTuningSetup.Spec> setups, Path dir) {
        List<Sweep.Line<?>> lines = new ArrayList<>();
        lines.add(new Sweep.Line<>(FAULTS_PREFIX + "pi-off", kinds().faultShift(),
                seed -> new FineTuningRuns.FaultShiftRun(setups.get(seed), null, plan.eps(), plan.faultEpisodes(), seed)));
        for (Run r : plan.runs()) {
            lines.add(new Sweep.Line<>(FAULTS_PREFIX + r.name(), kinds().faultShift(),
                    seed -> new FineTuningRuns.FaultShiftRun(setups.get(seed), r.name() + "-s" + seed, plan.eps(),
                            plan.faultEpisodes(), seed)));
        }
        return Sweep.grid(dir, lines, plan.seeds());
    }

    /**
     * The state-action phase: {@code state-action-pi-off-s<seed>/} (pi_off) and {@code state-action-<run>-s<seed>/}
     * (the run's final policy), each over the plan's {@link StateActionPhase} grid, after the run has finished.
     */
    private static Sweep stateActionSweep(Plan plan, Map<Long, FineTuningSetup.Spec> setups, Path dir) {
        StateActionPhase p = plan.stateAction().resolve(plan);
        List<Sweep.Line<?>> lines = new ArrayList<>();
        java.util.function.BiFunction<String, Long, FineTuningRuns.StateActionRun> run = (target, seed) ->
                new FineTuningRuns.StateActionRun(setups.get(seed), target, p.actionEps(), p.observationEps(),
                        p.episodes(), p.attackPopulation(), p.attackGenerations(), p.attackEpisodes(), seed);
        lines.add(new Sweep.Line<>(STATE_ACTION_PREFIX + "pi-off", kinds().stateAction(), seed -> run.apply(null, seed)));
        for (Run r : plan.runs()) {
            lines.add(new Sweep.Line<>(STATE_ACTION_PREFIX + r.name(), kinds().stateAction(),
                    seed -> run.apply(r.name() + "-s" + seed, seed)));
        }
        return Sweep.grid(dir, lines, plan.seeds());
    }

    /** The finished state-action evaluations of {@code plan}'s policies and seeds in {@code dir} (see {@link Results}). */
    private static Map<String, Map<Long, List<rrl.eval.StateActionGrid.Row>>> stateAction(Path dir, Plan plan) {
        return phaseRows(dir, plan, STATE_ACTION_PREFIX, StateActionFiles.FILE, StateActionFiles::read,
                rrl.eval.StateActionGrid.Row::label, "grid cells");
    }

    /** The finished fault-shift evaluations of {@code plan}'s policies and seeds in {@code dir} (see {@link Results}). */
    private static Map<String, Map<Long, List<rrl.eval.FaultShift.Row>>> faultShift(Path dir, Plan plan) {
        return phaseRows(dir, plan, FAULTS_PREFIX, FaultShiftFiles.FILE, FaultShiftFiles::read,
                x -> x.family() + "/" + x.fault(), "fault cases");
    }

    /**
     * The rows of an evaluation phase's finished runs ({@code <prefix><policy>-s<seed>/<file>}) per policy ({@link
     * #PI_OFF} first, then the runs in the plan's order) and seed; every file must hold the same cases ({@code key}
     * names a row's case; {@code what} names them in the error), else they would pair unlike with unlike.
     */
    private static <R> Map<String, Map<Long, List<R>>> phaseRows(Path dir, Plan plan, String prefix, String file,
                                                               java.util.function.Function<Path, List<R>> read,
                                                               java.util.function.Function<R, String> key, String what) {
        Map<String, Map<Long, List<R>>> out = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        names.add("pi-off");
        plan.runs().forEach(run -> names.add(run.name()));
        List<String> firstCases = null;
        Path firstFile = null;
        for (String n : names) {
            for (long seed : plan.seeds()) {
                Path f = dir.resolve(prefix + n + "-s" + seed).resolve(file);
                if (Files.exists(f) && Files.exists(f.resolveSibling(RunKinds.RESULT))) {
                    List<R> rows = read.apply(f);
                    List<String> cases = rows.stream().map(key).toList();
                    if (firstCases == null) {
                        firstCases = cases;
                        firstFile = f;
                    } else if (!cases.equals(firstCases)) {
                        throw new IllegalArgumentException(f + " holds other " + what + " than " + firstFile + "; delete "
                                + "its folder and run the study again to rewrite it");
                    }
                    out.computeIfAbsent(n.equals("pi-off") ? PI_OFF : n, k -> new LinkedHashMap<>()).put(seed, rows);
                }
            }
        }
        return out;
    }

    private static List<RunSpec> setupRuns(Plan plan, Map<Long, FineTuningSetup.Spec> setups, Path dir) {
        List<RunSpec> out = new ArrayList<>();
        if (plan.trainsPiOffPerSeed()) {
            for (long seed : plan.seeds()) {
                out.add(RunSpec.of(dir, "setup-s" + seed, kinds().setup(), setups.get(seed)));
            }
        } else {
            out.add(RunSpec.of(dir, ".", kinds().setup(), setups.get(plan.seeds().get(0))));
        }
        return out;
    }

    /**
     * Writes {@code dir/plan.json} if the folder holds none (refusing, before any write, a plan that differs from the
     * one it holds): what a single run of a study started elsewhere (a cluster task) does before it runs.
     */
    public static void recordPlan(Plan plan, Path dir) {
        requireSameStudy(plan, dir);
        if (!Files.exists(dir.resolve("plan.json"))) {
            writePlan(RunFolder.at(dir), plan);
        }
    }

    /**
     * The plan a study folder holds after {@code plan} ran in it: {@code plan} with the seeds and runs of the plan
     * recorded there before kept (recorded first, then the new ones), so a run of some seeds or runs only (rrl finetune
     * --seeds 0) does not narrow plan.json to them while the folder holds the others' results.
     */
    static Plan inForce(Plan plan, Path dir) {
        Path file = dir.resolve("plan.json");
        if (!Files.exists(file)) {
            return plan;
        }
        Plan recorded = Plan.read(file);
        java.util.LinkedHashSet<Long> seeds = new java.util.LinkedHashSet<>(recorded.seeds());
        seeds.addAll(plan.seeds());
        List<Run> runs = new ArrayList<>(recorded.runs());
        java.util.Set<String> names = new java.util.HashSet<>(runs.stream().map(Run::name).toList());
        plan.runs().stream().filter(r -> !names.contains(r.name())).forEach(runs::add);
        Plan p = plan.withSeeds(List.copyOf(seeds)).withRuns(runs);
        // a phase the folder ran stays recorded when a later run leaves it out: its folders hold its results
        if (p.faultEpisodes() == null && recorded.faultEpisodes() != null) {
            p = p.withFaultEpisodes(recorded.faultEpisodes());
        }
        if (p.stateAction() == null && recorded.stateAction() != null) {
            p = p.withStateAction(recorded.stateAction());
        }
        return p;
    }

    /**
     * Plan fields a study folder may change between runs: budgets, seeds and runs to add, evaluations to add, and where it
     * goes. (A changed {@code faultEpisodes} leaves the finished fault runs as they are: each folder's same-run check
     * refuses them, naming the field.)
     */
    static final java.util.Set<String> EXTENSIBLE = java.util.Set.of("steps", "seeds", "runs", "checkpointEvery", "out",
            "faultEpisodes", "reAttacks", "stateAction");

    /**
     * Refuses, before any work or write, a plan that differs from the one recorded in {@code dir} in a field that
     * makes it another study (anything but {@link #EXTENSIBLE}), naming the fields with both values.
     */
    static void requireSameStudy(Plan plan, Path dir) {
        Path file = dir.resolve("plan.json");
        if (Files.exists(file)) {
            StudyKind.FINE_TUNING.requireFolder(dir);
            Plan was = Plan.read(file);
            requireSamePlan(dir, GSON_PLAN.toJsonTree(was).getAsJsonObject(),
                    GSON_PLAN.toJsonTree(plan).getAsJsonObject(), EXTENSIBLE);
            // the faults phase may be added to a study, not changed: its finished evaluations would each refuse it
            if (was.faultEpisodes() != null && plan.faultEpisodes() != null
                    && !was.faultEpisodes().equals(plan.faultEpisodes())) {
                throw new IllegalArgumentException(dir + " ran its faults phase with \"faultEpisodes\": "
                        + was.faultEpisodes() + "; keep that value, or delete its " + FAULTS_PREFIX + "* folders to run "
                        + "the phase again with " + plan.faultEpisodes());
            }
            // so may the state-action phase: its finished evaluations ran the recorded grid
            if (was.stateAction() != null && plan.stateAction() != null
                    && !was.stateAction().resolve(was).equals(plan.stateAction().resolve(plan))) {
                throw new IllegalArgumentException(dir + " ran its state-action phase with " + GSON_PLAN.toJson(
                        was.stateAction().resolve(was)) + "; keep that value, or delete its " + STATE_ACTION_PREFIX + "* "
                        + "folders to run the phase again with " + GSON_PLAN.toJson(plan.stateAction().resolve(plan)));
            }
        }
    }

    /** Checks that the study folder can be made and written, and makes it (both kinds of plan). */
    static void makeStudyFolder(Path dir) {
        rrl.guard.Preflight.outputFolder("the study folder", dir);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the study folder " + dir + ": "
                    + rrl.guard.Preflight.reason(e), e);
        }
    }

    /**
     * The one same-study rule of a study folder (both kinds of plan): the plan {@code was} recorded in {@code dir} and
     * the plan {@code now} may differ only in {@code extensible} fields; else one line naming each field with both values.
     */
    static void requireSamePlan(Path dir, JsonObject was, JsonObject now, java.util.Set<String> extensible) {
        List<String> differ = differences(was, now, extensible);
        if (!differ.isEmpty()) {
            throw new IllegalArgumentException(dir + " holds another study: its plan.json differs in "
                    + String.join(", ", differ) + "; give the plan another \"out\" (or --out), or delete the folder");
        }
    }

    private static final Gson GSON_PLAN = new Gson();

    /** The plan fields (not in {@code ignored}) in which {@code a} and {@code b} differ, each as "name (a -> b)". */
    public static List<String> planDifferences(Plan a, Plan b, java.util.Set<String> ignored) {
        return differences(GSON_PLAN.toJsonTree(a).getAsJsonObject(), GSON_PLAN.toJsonTree(b).getAsJsonObject(), ignored);
    }

    private static List<String> differences(JsonObject was, JsonObject now, java.util.Set<String> ignored) {
        List<String> differ = new ArrayList<>();
        java.util.Set<String> keys = new TreeSet<>(was.keySet());
        keys.addAll(now.keySet());
        for (String k : keys) {
            if (ignored.contains(k) || java.util.Objects.equals(was.get(k), now.get(k))) {
                continue;
            }
            differ.add(k + " (" + (was.has(k) ? was.get(k) : "unset") + " -> " + (now.has(k) ? now.get(k) : "unset") + ")");
        }
        return differ;
    }

    /**
     * Runs the study with every core, one slot; a relative {@code out} resolves against the working directory.
     * Prefer {@link #run(Plan, Resources, boolean)}, which says where results go.
     */
    public static Results run(Plan plan, boolean progress) {
        return run(plan, Resources.allCores(Path.of("").toAbsolutePath()), progress);
    }

    /**
     * Refuses, in one line naming the fix, a plan whose setup would regenerate its data from a SAC behaviour policy not
     * in {@code shipped} (the names shipped for its environment), before any setup run fails on it.
     */
    static void requireBehaviourPolicies(Plan plan, List<String> shipped) {
        String missing = plan.missingBehaviourPolicy(shipped);
        if (missing != null) {
            throw new IllegalArgumentException("the " + plan.env() + " study regenerates its " + plan.dataKind() + " data "
                    + "from " + plan.env() + "'s shipped SAC " + missing + " policy, which rrl does not ship yet (shipped for "
                    + plan.env() + ": " + (shipped.isEmpty() ? "none" : String.join(", ", shipped)) + "); give the plan "
                    + "\"dataset\": a D4RL file of " + plan.env() + " " + plan.dataKind() + " data (bin/rrl datasets generate "
                    + "--env " + plan.env() + " --kinds " + plan.dataKind() + " --run SAC_RUN trains SAC and writes it)");
        }
    }

    /** The setup of every seed (one shared spec when pi_off is given). */
    private static Map<Long, FineTuningSetup.Spec> setups(Plan plan) {
        return setups(plan, null);
    }

    /**
     * As {@link #setups(Plan)}, the given dataset pinned at {@code datasetPin} instead of its file's hash when the pin
     * is not null (see {@link #recordedDatasetPin}).
     */
    private static Map<Long, FineTuningSetup.Spec> setups(Plan plan, String datasetPin) {
        requireBehaviourPolicies(plan, rrl.policy.ShippedPolicies.names(plan.env()));
        Map<Long, FineTuningSetup.Spec> out = new LinkedHashMap<>();
        if (plan.trainsPiOffPerSeed()) {
            // one read of a given dataset, whatever the number of seeds
            String dataSha = datasetPin != null ? datasetPin : plan.datasetSha256();
            for (long seed : plan.seeds()) {
                out.put(seed, plan.setup(seed, dataSha));
            }
        } else {
            FineTuningSetup.Spec shared = datasetPin != null ? plan.setup(datasetPin) : plan.setup();
            for (long seed : plan.seeds()) {
                out.put(seed, shared);
            }
        }
        return out;
    }

    /**
     * The per-seed part of the study as a sweep in {@code dir}: the offline-only baseline per seed, then every
     * run x seed. Its run ids depend on the plan's fields, never on where or how it runs.
     */
    public static Sweep sweep(Plan plan, Path dir) {
        return sweep(plan, setups(plan), dir);
    }

    private static Sweep sweep(Plan plan, Map<Long, FineTuningSetup.Spec> setups, Path dir) {
        List<Sweep.Line<?>> lines = new ArrayList<>();
        lines.add(new Sweep.Line<>("offline-only", kinds().offlineOnly(),
                seed -> new FineTuningRuns.OfflineOnly(setups.get(seed), plan.eps(), plan.evalEpisodes(), seed)));
        for (Run r : plan.runs()) {
            lines.add(new Sweep.Line<>(r.name(), kinds().fineTuning(),
                    seed -> new FineTuningRuns.Run(setups.get(seed), plan.config(r, seed))));
        }
        return Sweep.grid(dir, lines, plan.seeds());
    }

    /**
     * Episodes of a fine-tuned policy under its own worst-case delta: as many as its final number averages
     * ({@link #FINAL_EVALUATIONS} evaluations of {@code evalEpisodes}).
     */
    public static final int FINAL_EVALUATIONS = 3;

    /** The re-attack of every run x seed: {@code reattack-<run>-s<seed>/}, after the run has finished. */
    private static Sweep reAttacks(Plan plan, Map<Long, FineTuningSetup.Spec> setups, Path dir) {
        List<Sweep.Line<?>> lines = new ArrayList<>();
        for (Run r : plan.runs()) {
            lines.add(new Sweep.Line<>("reattack-" + r.name(), kinds().reAttack(),
                    seed -> new FineTuningRuns.ReAttack(setups.get(seed), plan.config(r, seed), r.name() + "-s" + seed,
                            plan.evalEpisodes() * FINAL_EVALUATIONS)));
        }
        return Sweep.grid(dir, lines, plan.seeds());
    }

    /** The kinds' descriptions (names, config types) for building specs; execution uses the executor's own. */
    private static FineTuningRuns kinds() {
        return new FineTuningRuns();
    }

    /**
     * One seed's policies of a study run in {@code dir}: "pi_off" first, then the final policy of every run of the plan
     * that has finished for {@code seed} (fine-tuned or from scratch), by run name; for evaluating them beyond the
     * study (e.g. under {@link rrl.eval.FaultShift}'s faults).
     *
     * @throws IllegalArgumentException if {@code seed} is not one of the plan's, or the seed's pi_off is not trained yet
     */
    public static Map<String, rrl.policy.ActorPolicy> policies(Plan plan, Path dir, long seed) {
        if (!plan.seeds().contains(seed)) {
            throw new IllegalArgumentException("seed " + seed + " is not one of the plan's " + plan.seeds());
        }
        FineTuningSetup.Spec setup = setups(plan).get(seed);
        Path piOff = FineTuningRuns.setupFolder(setup, dir).resolve(RunKinds.RESULT);
        if (setup.trainsPiOff() && !Files.exists(piOff)) {
            throw new IllegalArgumentException("pi_off of seed " + seed + " is not trained yet (no " + piOff + "); run the "
                    + "study first");
        }
        Map<String, rrl.policy.ActorPolicy> out = new LinkedHashMap<>();
        out.put(PI_OFF, FineTuningRuns.loadPiOff(setup, dir));
        rrl.env.Task task = rrl.env.Environments.task(plan.env());
        for (Run r : plan.runs()) {
            Path run = dir.resolve(r.name() + "-s" + seed);
            if (Files.exists(run.resolve(RunKinds.RESULT)) && Files.exists(run.resolve("policy.ckpt"))) {
                out.put(r.name(), rrl.policy.ActorPolicy.load(run.resolve("policy.ckpt"), task));
            }
        }
        return out;
    }

    /** Paper 1's environments (arXiv 2510.13358 §5), in its order. */
    public static final List<String> PAPER_1_ENVIRONMENTS = List.of("Hopper", "HalfCheetah", "Ant");

    /**
     * {@code env}'s recorded claims study under {@code root} ({@code notebooks/recorded} in the repository):
     * {@code finetune-<env>-claims}, as {@code notebooks/plans/finetune-<env>-claims.json} names its "out".
     */
    public static Path recordedClaims(Path root, String env) {
        return root.resolve("finetune-" + env.toLowerCase(java.util.Locale.ROOT) + "-claims");
    }

    /**
     * Every recorded claims study of {@link #PAPER_1_ENVIRONMENTS} under {@code root} that exists (has a plan.json),
     * loaded, in paper 1's order; the environments without one are left out (see {@link #recordedClaims}).
     */
    public static List<Results> recordedClaimsStudies(Path root) {
        List<Results> out = new ArrayList<>();
        for (String env : PAPER_1_ENVIRONMENTS) {
            Path d = recordedClaims(root, env);
            if (Files.exists(d.resolve("plan.json"))) {
                out.add(load(d));
            }
        }
        return out;
    }

    /**
     * Reads a study's results back from its folder: every {@code <name>-s<seed>} run folder with metrics (so
     * seeds run by separate processes are all found), the offline-only baseline per seed and the re-attacks.
     */
    public static Results load(Path dir) {
        if (!Files.exists(dir.resolve("plan.json"))) {
            throw new IllegalArgumentException(dir + " is not a fine-tuning study folder (no plan.json); run "
                    + "`rrl finetune --config PLAN` first");
        }
        if (RobustnessTablesStudy.isStudy(dir)) {
            throw new IllegalArgumentException(dir + " holds a robustness study (paper 2's tables), not a fine-tuning "
                    + "study: `rrl report --study " + dir + "` reads it");
        }
        Plan plan = Plan.read(dir.resolve("plan.json")).withOut(dir.toString());
        TreeSet<Long> seeds = new TreeSet<>();
        // a seed is one that the plan's runs (or the offline-only baseline) have a folder for: other folders, such as
        // notes-s9, are not runs of this study
        java.util.Set<String> names = new java.util.HashSet<>(plan.runs().stream().map(Run::name).toList());
        names.add("offline-only");
        Pattern seeded = Pattern.compile("(.*)-s(\\d+)$");
        try (Stream<Path> entries = Files.list(dir)) {
            entries.map(p -> p.getFileName().toString()).forEach(name -> {
                Matcher m = seeded.matcher(name);
                if (m.matches() && names.contains(m.group(1)) && Files.isDirectory(dir.resolve(name))) {
                    seeds.add(Long.parseLong(m.group(2)));
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException(dir + " holds a plan but no run folders yet; run `rrl finetune --config "
                    + dir.resolve("plan.json") + " --out " + dir + "`");
        }
        Plan found = plan.withSeeds(List.copyOf(seeds));
        requireRunsOfPlan(found, dir);
        return load(dir, found);
    }

    /**
     * Refuses a study folder whose plan.json no longer describes its runs (edited by hand, or copied over another
     * study's): every run folder that exists must hold the run the plan makes there, else the tables would label its
     * numbers with settings it did not run. A plan that cannot run here (its behaviour policy does not ship) is not
     * checked.
     */
    static void requireRunsOfPlan(Plan plan, Path dir) {
        if (plan.missingBehaviourPolicy() != null) {
            return;
        }
        // the data at the pin its setups recorded: this checks plan.json, not the file (nor re-hashes it per load)
        for (Sweep phase : phases(plan, dir, recordedDatasetPin(plan, dir))) {
            for (RunSpec spec : phase.runs()) {
                String other = RunState.otherRun(spec);
                if (other != null) {
                    Path f = spec.folder().toAbsolutePath().normalize();
                    String where = f.equals(dir.toAbsolutePath().normalize()) ? "its shared setup" : f.getFileName().toString();
                    throw new IllegalArgumentException(dir.resolve("plan.json") + " does not describe the runs in its "
                            + "folder: " + where + " " + other + "; restore plan.json as the study "
                            + "wrote it, or run the edited plan into another folder");
                }
            }
        }
    }

    /**
     * The runs of {@code r}'s plan x its seeds that have not finished in {@code dir} (no {@code result.json}): the
     * fine-tuning runs, their re-attacks and the offline-only baseline. Empty for a finished study.
     */
    public static List<String> unfinished(Path dir, Results r) {
        List<String> out = new ArrayList<>();
        for (long seed : r.plan().seeds()) {
            List<String> names = new ArrayList<>(List.of("offline-only-s" + seed));
            if (r.plan().faultEpisodes() != null) {
                names.add(FAULTS_PREFIX + "pi-off-s" + seed);
            }
            if (r.plan().stateAction() != null) {
                names.add(STATE_ACTION_PREFIX + "pi-off-s" + seed);
            }
            for (Run run : r.plan().runs()) {
                names.add(run.name() + "-s" + seed);
                if (r.plan().reAttacksRuns()) {
                    names.add("reattack-" + run.name() + "-s" + seed);
                }
                if (r.plan().faultEpisodes() != null) {
                    names.add(FAULTS_PREFIX + run.name() + "-s" + seed);
                }
                if (r.plan().stateAction() != null) {
                    names.add(STATE_ACTION_PREFIX + run.name() + "-s" + seed);
                }
            }
            for (String n : names) {
                if (!Files.exists(dir.resolve(n).resolve(RunKinds.RESULT))) {
                    out.add(n);
                }
            }
        }
        return out;
    }

    private static Results load(Path dir, Plan plan) {
        Map<String, Map<Long, List<AdversarialFineTuning.EvalPoint>>> runs = new LinkedHashMap<>();
        Map<String, Map<Long, FineTuningRuns.WorstCase>> worst = new LinkedHashMap<>();
        for (Run r : plan.runs()) {
            for (long seed : plan.seeds()) {
                Path m = dir.resolve(r.name() + "-s" + seed).resolve("metrics.csv");
                if (Files.exists(m)) {
                    runs.computeIfAbsent(r.name(), k -> new LinkedHashMap<>()).put(seed, AdversarialFineTuning.readMetrics(m));
                }
                Path w = dir.resolve("reattack-" + r.name() + "-s" + seed).resolve("worst-case.csv");
                if (Files.exists(w)) {
                    worst.computeIfAbsent(r.name(), k -> new LinkedHashMap<>()).put(seed, FineTuningRuns.readWorstCase(w));
                }
            }
        }
        Map<Long, AdversarialFineTuning.EvalPoint> offline = new LinkedHashMap<>();
        for (long seed : plan.seeds()) {
            Path om = dir.resolve("offline-only-s" + seed).resolve("metrics.csv");
            if (Files.exists(om)) {
                offline.put(seed, AdversarialFineTuning.readMetrics(om).get(0));
            }
        }
        return new Results(plan, runs, offline, worst, faultShift(dir, plan), stateAction(dir, plan));
    }

    private static void writePlan(RunFolder root, Plan plan) {
        root.writeJson("plan.json", plan);
    }
}
