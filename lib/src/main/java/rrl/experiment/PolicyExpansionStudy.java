package rrl.experiment;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import rrl.algo.AdvantageWeightedActor;
import rrl.algo.Algorithm;
import rrl.algo.IqlConfig;
import rrl.algo.ObservationScaling;
import rrl.algo.PexConfig;
import rrl.algo.RewardScaling;
import rrl.algo.RiqlConfig;
import rrl.algo.RiqlTuning;
import rrl.algo.RpexConfig;
import rrl.corrupt.CorruptionConfig;
import rrl.corrupt.CorruptionField;
import rrl.corrupt.CorruptionMode;
import rrl.env.Environments;
import rrl.io.JsonFields;
import rrl.io.StrictJson;
import rrl.results.Resources;
import rrl.results.RunFolder;

/**
 * Paper 3's offline-to-online study under data corruption (claim 9: RPEX improves on PEX and on the offline policy),
 * as a plan that {@code rrl finetune --config FILE} runs when its runs name the algorithm {@code pex} or {@code rpex}
 * (paper 1's runs fine-tune with TD3: {@link FineTuningStudy}). Three phases, each a sweep through an
 * {@link Executor}: the offline data, collected (or read) and corrupted as RIQL's {@code attack.py} corrupts it
 * ({@code data/}); per training seed the offline learner each run starts from (PEX: IQL, {@code iql-s<seed>/}; RPEX:
 * RIQL, {@code riql-s<seed>/}); then every run x seed ({@code <name>-s<seed>/}) with RPEX's online corruption. Every
 * training is resumable, a finished one is handed back, and the numbers do not depend on the executor or on
 * {@code --parallel}.
 */
public final class PolicyExpansionStudy {
    /** The mean of the last 3 evaluations is a run's final return (felix-thu/RPEX {@code read_res.py}). */
    public static final int FINAL_EVALUATIONS = 3;

    /** One line of the plan: a policy-expansion learner, {@code pex} or {@code rpex}. */
    public record Run(String name, String algorithm) {
        public Run {
            if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
                throw new IllegalArgumentException("every run needs a \"name\" of letters, digits, '-', '_' or '.', got " + name);
            }
            if (name.equals("iql") || name.equals("riql") || name.equals(PolicyExpansionRuns.DATA_FOLDER)) {
                throw new IllegalArgumentException("run name '" + name + "' is the folder of the offline runs or the data; "
                        + "name the run otherwise (e.g. pex, rpex)");
            }
            algorithm(algorithm, name);
        }

        /** The run's learner, {@link Algorithm#PEX} or {@link Algorithm#RPEX}. */
        public Algorithm learner() {
            return algorithm(algorithm, name);
        }

        private static Algorithm algorithm(String a, String name) {
            if (a == null) {
                throw new IllegalArgumentException("run '" + name + "' needs an \"algorithm\": pex or rpex (td3 runs are "
                        + "paper 1's adversarial fine-tuning, a plan of their own)");
            }
            return switch (a.toLowerCase(Locale.ROOT)) {
                case "pex" -> Algorithm.PEX;
                case "rpex" -> Algorithm.RPEX;
                default -> throw new IllegalArgumentException("run '" + name + "': unknown \"algorithm\" '" + a
                        + "'; a policy-expansion plan runs pex or rpex (td3 runs are paper 1's plan of their own)");
            };
        }

        /** The folder name of the offline run it starts from: iql (PEX) or riql (RPEX). */
        public String offlineName() {
            return learner() == Algorithm.PEX ? "iql" : "riql";
        }
    }

    /** PEX and RPEX, paper 3's comparison. */
    public static final List<Run> PAPER_RUNS = List.of(new Run("pex", "pex"), new Run("rpex", "rpex"));

    /**
     * The plan; fields absent from the JSON take these defaults (the references' where they have one).
     *
     * @param env Hopper, HalfCheetah, Walker2d or Ant
     * @param dataset a D4RL file (pinned by content when the study starts; a relative path is the working directory's,
     *     recorded absolute); null: {@code datasetSize} transitions of
     *     the shipped medium policy, collected as D4RL collected its data (paper 3 uses D4RL's medium-replay, which
     *     needs a training run's replay buffer; [our reading] notebooks/our-reading.md#pex-study)
     * @param datasetSize transitions collected when {@code dataset} is null (1,000,000: D4RL's medium size)
     * @param dataSeed the collection's seed (0)
     * @param corruption random or adversarial (RIQL's {@code corruption_mode}; adversarial obs/act/dyn need
     *     {@code critic})
     * @param corruptedFields the fields corrupted offline, any of obs, act, rew, dyn (all four: our reading; paper 3
     *     corrupts one kind per run, and with one field RIQL's per-environment tuning row is used)
     * @param corruptionRate 0.3 and {@code corruptionRange} 1.0: RIQL's README
     * @param corruptionSeed the corruption's seed (0), one corrupted copy for all training seeds
     * @param critic with adversarial corruption: a run folder of {@code rrl train edac} (or td3bc, sac, iql, riql;
     *     relative: the working directory's)
     * @param offlineSteps gradient updates of each offline learner (1,000,000: PEX {@code main_offline.py})
     * @param offlineEvalEvery updates between the offline runs' evaluations (10,000)
     * @param offlineEvalEpisodes episodes per offline evaluation (10)
     * @param steps environment steps of each online run (1,000,000: {@code attack_online.py}, {@code main_online.py})
     * @param evalEvery environment steps between online evaluations (10,000)
     * @param evalEpisodes episodes per online evaluation (10)
     * @param checkpointEvery environment steps between training checkpoints (20,000)
     * @param learningStarts online steps before the first update (5,000: {@code --initial_collection_steps})
     * @param onlineCorruption the fields of online transitions corrupted (probability 0.5, scale 1.0); null: the
     *     offline {@code corruptedFields}; empty: none
     * @param zeroCleanRewards store 0 for uncorrupted rewards as {@code corrupt_trans} literally does (false)
     * @param runs the runs (default: pex and rpex)
     * @param seeds training seeds: each trains its own offline learners and online runs (paper 3: 5)
     * @param out the study folder; a relative path resolves against the caller's results root
     */
    public record Plan(String env, String dataset, int datasetSize, long dataSeed, String corruption,
                       List<String> corruptedFields, double corruptionRate, double corruptionRange, long corruptionSeed,
                       String critic, long offlineSteps, int offlineEvalEvery, int offlineEvalEpisodes, long steps,
                       int evalEvery, int evalEpisodes, int checkpointEvery, int learningStarts,
                       List<String> onlineCorruption, boolean zeroCleanRewards, List<Run> runs, List<Long> seeds,
                       String out) {
        private static final Gson GSON = new Gson();

        /** Paper 3's study on {@code env} at the references' budgets, seed 0. */
        public static Plan defaults(String env) {
            String e = Environments.task(env).name();
            return new Plan(e, null, 1_000_000, 0, "random", List.of("obs", "act", "rew", "dyn"), CorruptionConfig.RATE,
                    CorruptionConfig.RANGE, 0, null, 1_000_000, 10_000, 10, 1_000_000, 10_000, 10, 20_000, 5_000, null,
                    false, PAPER_RUNS, List.of(0L), "runs/policy-expansion-" + e.toLowerCase(Locale.ROOT)).checked("plan");
        }

        /** Whether the plan text {@code json} is a policy-expansion plan: a run names the algorithm pex or rpex. */
        public static boolean isPolicyExpansion(String json) {
            return StudyKind.of(json) == StudyKind.POLICY_EXPANSION;
        }

        /**
         * Whether the parsed plan {@code o} is a policy-expansion plan (see {@link #isPolicyExpansion(String)});
         * refuses in one line a plan whose runs mix paper 1's TD3 runs and PEX/RPEX runs.
         */
        static boolean isPolicyExpansion(JsonObject o) {
            if (o.get("runs") instanceof com.google.gson.JsonArray a && !a.isEmpty()) {
                String pex = null;
                String td3 = null;
                for (JsonElement r : a) {
                    if (!r.isJsonObject()) {
                        continue; // the plan's reader names it
                    }
                    String name = r.getAsJsonObject().get("name") instanceof com.google.gson.JsonPrimitive n ? n.getAsString() : "?";
                    if (r.getAsJsonObject().get("algorithm") instanceof com.google.gson.JsonPrimitive p && p.isString()
                            && !p.getAsString().equalsIgnoreCase("td3")) {
                        pex = pex == null ? name : pex;
                    } else if (r.getAsJsonObject().has("condition") || r.getAsJsonObject().has("curriculum")
                            || r.getAsJsonObject().get("algorithm") instanceof com.google.gson.JsonPrimitive) {
                        td3 = td3 == null ? name : td3; // a TD3 run: "algorithm": "td3", or paper 1's fields
                    }
                }
                if (pex != null && td3 != null) {
                    throw new IllegalArgumentException("the plan's runs mix paper 1's TD3 fine-tuning (run '" + td3
                            + "') and paper 3's policy expansion (run '" + pex + "'); a plan is one study or the other: "
                            + "put them in two plans");
                }
                return pex != null;
            }
            try {
                // no runs (their default is pex and rpex here, paper 1's runs there): a field only this plan has decides
                java.util.Set<String> ours = new java.util.HashSet<>();
                for (java.lang.reflect.RecordComponent c : Plan.class.getRecordComponents()) {
                    ours.add(c.getName());
                }
                for (java.lang.reflect.RecordComponent c : FineTuningStudy.Plan.class.getRecordComponents()) {
                    ours.remove(c.getName());
                }
                return o.keySet().stream().anyMatch(ours::contains);
            } catch (RuntimeException e) {
                return false; // the fine-tuning plan's reader names the syntax error
            }
        }

        /** Reads a plan; absent fields take the defaults of {@link #defaults}. */
        public static Plan read(Path file) {
            try {
                return parse(Files.readString(file), "policy-expansion plan " + file);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read policy-expansion plan " + file + ": "
                        + rrl.io.IoErrors.describe(e));
            }
        }

        /** A plan from its JSON text; every field is checked before any work ({@code what} names it in errors). */
        public static Plan parse(String json, String what) {
            Plan p = PlanJson.read(json, what, Plan.class, Plan::defaults, "\"env\" (Hopper, HalfCheetah, "
                    + "Walker2d or Ant)", GSON);
            try {
                // Gson fills records without their checks' order guarantees: re-create the run lines
                List<Run> runs = new ArrayList<>();
                for (Run r : p.runs()) {
                    if (r == null) {
                        throw new IllegalArgumentException("runs has a null entry; every run is an object with a \"name\" "
                                + "and an \"algorithm\"");
                    }
                    runs.add(new Run(r.name(), r.algorithm()));
                }
                // relative input paths are the working directory's, recorded absolute so the study reads them anywhere
                p = p.withRunsUnchecked(runs).withAbsoluteInputs();
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(what + ": " + rrl.io.Messages.oneLine(e), e);
            }
            return p.checked(what);
        }

        /** This plan if every field is in range; else one line naming the field and the fix. */
        Plan checked(String what) {
            try {
                Environments.task(env);
                positive("datasetSize", datasetSize);
                positive("offlineSteps", offlineSteps);
                positive("offlineEvalEvery", offlineEvalEvery);
                positive("offlineEvalEpisodes", offlineEvalEpisodes);
                positive("steps", steps);
                positive("evalEvery", evalEvery);
                positive("evalEpisodes", evalEpisodes);
                positive("checkpointEvery", checkpointEvery);
                if (learningStarts < 0 || learningStarts >= steps) {
                    throw new IllegalArgumentException("\"learningStarts\" must be an integer in [0, steps), got "
                            + learningStarts + " for " + steps + " steps (the references: 5,000)");
                }
                if (runs == null || runs.isEmpty()) {
                    throw new IllegalArgumentException("\"runs\" must list one or more runs, e.g. [{\"name\": \"pex\", \"algorithm\": "
                            + "\"pex\"}, {\"name\": \"rpex\", \"algorithm\": \"rpex\"}] (leave it out for those two)");
                }
                Set<String> names = new java.util.HashSet<>();
                for (Run r : runs) {
                    if (!names.add(r.name())) {
                        throw new IllegalArgumentException("two runs are named '" + r.name() + "'; every run needs its own "
                                + "name (its folder is <out>/<name>-s<seed>)");
                    }
                }
                for (Algorithm a : List.of(Algorithm.PEX, Algorithm.RPEX)) {
                    List<String> same = runs.stream().filter(r -> r.learner() == a).map(Run::name).toList();
                    if (same.size() > 1) { // a run's settings are its algorithm's: two would be one run computed twice
                        throw new IllegalArgumentException("runs " + same + " are all " + a.label() + ", the same run "
                                + "twice; keep one " + a.label() + " run");
                    }
                }
                if (seeds == null || seeds.isEmpty() || seeds.stream().anyMatch(java.util.Objects::isNull)
                        || seeds.stream().distinct().count() != seeds.size()) {
                    throw new IllegalArgumentException("\"seeds\" must list one or more distinct seeds, got " + seeds);
                }
                Sweep.requireSeedsAtLeastZero(seeds);
                if (out == null || out.isBlank()) {
                    throw new IllegalArgumentException("\"out\" must not be empty; leave it out for its default");
                }
                CorruptionConfig c = corruptionConfig();
                if (c.needsCritic() && critic == null) {
                    throw new IllegalArgumentException("adversarial corruption of " + String.join(",", c.fields().stream()
                            .filter(CorruptionField::needsCritic).map(CorruptionField::label).toList()) + " attacks a "
                            + "critic: give \"critic\", a run folder of `rrl train edac` (RIQL attacks a pretrained EDAC)");
                }
                if (critic != null && c.needsCritic()) {
                    Path given = Path.of(critic);
                    Path ckpt = Files.isDirectory(given) ? given.resolve("training.ckpt") : given;
                    if (!Files.isRegularFile(ckpt)) {
                        throw new IllegalArgumentException("\"critic\" " + critic + " holds no training checkpoint "
                                + "(training.ckpt); give the run folder of `rrl train edac` (or td3bc, sac, iql, riql)");
                    }
                }
                if (critic != null && !c.needsCritic()) {
                    throw new IllegalArgumentException("\"critic\" is only used by adversarial corruption of obs, act or "
                            + "dyn; leave it out");
                }
                onlineFields();
                if (zeroCleanRewards && !onlineFields().contains(CorruptionField.REWARD)) {
                    throw new IllegalArgumentException("\"zeroCleanRewards\" needs rew among the online corruption's fields");
                }
                for (Run r : runs) {
                    online(r, seeds.get(0), "checking");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(what + ": " + rrl.io.Messages.oneLine(e), e);
            }
            return this;
        }

        private static void positive(String field, long v) {
            if (v < 1) {
                throw new IllegalArgumentException("\"" + field + "\" must be an integer >= 1, got " + v
                        + " (leave it out for its default)");
            }
        }

        /** The offline corruption. */
        public CorruptionConfig corruptionConfig() {
            if (corruptedFields == null || corruptedFields.isEmpty()) {
                throw new IllegalArgumentException("\"corruptedFields\" must list one or more of obs, act, rew, dyn");
            }
            Set<CorruptionField> f = fields(corruptedFields, "corruptedFields");
            CorruptionMode mode = CorruptionMode.parse(corruption == null ? "" : corruption);
            CorruptionConfig c = mode == CorruptionMode.RANDOM ? CorruptionConfig.random(f, corruptionSeed)
                    : CorruptionConfig.adversarial(f, corruptionSeed);
            return c.withRate(corruptionRate).withRange(corruptionRange);
        }

        /** The online corruption's fields: {@code onlineCorruption}, or the offline ones when it is null. */
        public Set<CorruptionField> onlineFields() {
            if (onlineCorruption == null) {
                return corruptionConfig().fields();
            }
            return onlineCorruption.isEmpty() ? Set.of() : fields(onlineCorruption, "onlineCorruption");
        }

        private static Set<CorruptionField> fields(List<String> names, String field) {
            Set<CorruptionField> f = EnumSet.noneOf(CorruptionField.class);
            for (String n : names) {
                if (!f.add(CorruptionField.parse(n == null ? "" : n))) {
                    throw new IllegalArgumentException("\"" + field + "\" names " + n + " twice");
                }
            }
            return f;
        }

        /** The data phase's spec (reads and pins a given dataset). */
        public PolicyExpansionRuns.Data data() {
            String sha = dataset == null ? null : rrl.data.DatasetRecord.readFor(Path.of(dataset), Environments.task(env),
                    "\"dataset\"").sha256();
            return data(sha);
        }

        private PolicyExpansionRuns.Data data(String sha) {
            return new PolicyExpansionRuns.Data(env, dataset, sha, datasetSize, dataSeed, corruptionConfig(), critic);
        }

        /**
         * The offline learner {@code name} ("iql" or "riql") of {@code seed}. IQL as PEX's offline stage trains it,
         * with RIQL's data preparation (observations normalised, rewards unscaled: IQL's return-range scaling reads
         * trajectories that corruption cuts apart); RIQL with a Gaussian actor as RPEX's {@code attack_offline.py}
         * trains it, and RIQL's tuned (sigma, quantile, N) when one field is corrupted in Hopper, HalfCheetah or
         * Walker2d.
         */
        public PolicyExpansionRuns.Offline offline(String name, long seed, PolicyExpansionRuns.Data data) {
            if (name.equals("iql")) {
                IqlConfig iql = IqlConfig.defaults().withTotalSteps(offlineSteps)
                        .withObservationScaling(ObservationScaling.STATES_AND_NEXT).withRewardScaling(RewardScaling.NONE);
                return new PolicyExpansionRuns.Offline(data, iql, null, offlineSteps, offlineEvalEvery, offlineEvalEpisodes,
                        seed);
            }
            CorruptionConfig c = data.corruption();
            RiqlConfig riql = c.riqlTuning().filter(t -> RiqlTuning.ENVIRONMENTS.contains(env))
                    .map(t -> RiqlConfig.tuned(env, t)).orElse(RiqlConfig.defaults());
            riql = riql.withActor(AdvantageWeightedActor.Kind.GAUSSIAN).withTotalSteps(offlineSteps);
            return new PolicyExpansionRuns.Offline(data, null, riql, offlineSteps, offlineEvalEvery, offlineEvalEpisodes,
                    seed);
        }

        /** Run {@code r}'s online config of {@code seed}. */
        public PolicyExpansionRuns.Online online(Run r, long seed, PolicyExpansionRuns.Data data) {
            PexConfig pex = r.learner() == Algorithm.PEX ? PexConfig.defaults().withLearningStarts(learningStarts) : null;
            RpexConfig rpex = r.learner() == Algorithm.RPEX ? RpexConfig.defaults().withLearningStarts(learningStarts) : null;
            return new PolicyExpansionRuns.Online(data, r.offlineName() + "-s" + seed, pex, rpex, steps, evalEvery,
                    evalEpisodes, checkpointEvery, List.copyOf(onlineFields()), zeroCleanRewards, seed);
        }

        private PolicyExpansionRuns.Online online(Run r, long seed, String checking) {
            return online(r, seed, data(null));
        }

        /** The offline learners the runs start from, in order: iql (PEX), riql (RPEX). */
        public List<String> offlineNames() {
            return runs.stream().map(Run::offlineName).distinct().sorted().toList();
        }

        /** The study folder: {@code out}, resolved against {@code resources}' root if relative. */
        public Path outDir(Resources resources) {
            return resources.resolve(out);
        }

        public Plan withSeeds(List<Long> v) {
            return new Plan(env, dataset, datasetSize, dataSeed, corruption, corruptedFields, corruptionRate,
                    corruptionRange, corruptionSeed, critic, offlineSteps, offlineEvalEvery, offlineEvalEpisodes, steps,
                    evalEvery, evalEpisodes, checkpointEvery, learningStarts, onlineCorruption, zeroCleanRewards, runs,
                    v == null ? null : List.copyOf(v), out).checked("plan");
        }

        public Plan withOut(String v) {
            return new Plan(env, dataset, datasetSize, dataSeed, corruption, corruptedFields, corruptionRate,
                    corruptionRange, corruptionSeed, critic, offlineSteps, offlineEvalEvery, offlineEvalEpisodes, steps,
                    evalEvery, evalEpisodes, checkpointEvery, learningStarts, onlineCorruption, zeroCleanRewards, runs,
                    seeds, v).checked("plan");
        }

        private Plan withAbsoluteInputs() {
            return new Plan(env, absolute(dataset), datasetSize, dataSeed, corruption, corruptedFields, corruptionRate,
                    corruptionRange, corruptionSeed, absolute(critic), offlineSteps, offlineEvalEvery, offlineEvalEpisodes,
                    steps, evalEvery, evalEpisodes, checkpointEvery, learningStarts, onlineCorruption, zeroCleanRewards, runs,
                    seeds, out);
        }

        private static String absolute(String path) {
            return path == null || path.isBlank() ? path : Path.of(path).toAbsolutePath().normalize().toString();
        }

        private Plan withRunsUnchecked(List<Run> v) {
            return new Plan(env, dataset, datasetSize, dataSeed, corruption, corruptedFields, corruptionRate,
                    corruptionRange, corruptionSeed, critic, offlineSteps, offlineEvalEvery, offlineEvalEpisodes, steps,
                    evalEvery, evalEpisodes, checkpointEvery, learningStarts, onlineCorruption, zeroCleanRewards,
                    List.copyOf(v), seeds, out);
        }

        /** Environment steps x runs x seeds of online training, and offline updates: what the study costs. */
        public String budget() {
            return String.format(Locale.ROOT, "%s: %,d offline updates x %d learner%s and %,d environment steps x %d run%s, "
                    + "x %d seed%s", env, offlineSteps, offlineNames().size(), offlineNames().size() == 1 ? "" : "s",
                    steps, runs.size(), runs.size() == 1 ? "" : "s", seeds.size(), seeds.size() == 1 ? "" : "s");
        }
    }

    /**
     * One evaluation of a run: its step (offline: updates; online: environment steps), mean and std of the return
     * over the evaluation's episodes, and the D4RL normalised score.
     */
    public record EvalPoint(long step, double meanReturn, double stdReturn, double d4rlScore) {}

    /**
     * A study's evaluations: the offline learners' by name ("iql", "riql") and seed, the online runs' by run name and
     * seed.
     */
    public record Results(Plan plan, Map<String, Map<Long, List<EvalPoint>>> offline,
                          Map<String, Map<Long, List<EvalPoint>>> online) {
        /** The final return of a curve: the mean of its last {@link #FINAL_EVALUATIONS} evaluations. */
        public static double finalReturn(List<EvalPoint> curve) {
            int n = Math.min(FINAL_EVALUATIONS, curve.size());
            return curve.subList(curve.size() - n, curve.size()).stream().mapToDouble(EvalPoint::meanReturn).average()
                    .orElse(Double.NaN);
        }

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder("PolicyExpansionStudy.Results(" + plan.env() + ":");
            offline.forEach((k, v) -> s.append(' ').append(k).append(" x ").append(v.size()).append(','));
            online.forEach((k, v) -> s.append(' ').append(k).append(" x ").append(v.size()).append(','));
            return s.substring(0, s.length() - 1) + " seeds)";
        }
    }

    /** The phases of a study, in the order they run. */
    public static final List<String> PHASES = List.of("data", "offline", "online");

    private PolicyExpansionStudy() {}

    /**
     * The study as its three phases ({@link #PHASES}); a phase's runs may go to any executor once the phase before
     * it has finished.
     */
    public static List<Sweep> phases(Plan plan, Path dir) {
        PolicyExpansionRuns.Data data = plan.data();
        PolicyExpansionRuns k = new PolicyExpansionRuns();
        Sweep dataPhase = Sweep.of(dir, List.of(RunSpec.of(dir, PolicyExpansionRuns.DATA_FOLDER, k.data(), data)));
        List<Sweep.Line<?>> offline = new ArrayList<>();
        for (String name : plan.offlineNames()) {
            offline.add(new Sweep.Line<>(name, k.offline(), seed -> plan.offline(name, seed, data)));
        }
        List<Sweep.Line<?>> online = new ArrayList<>();
        for (Run r : plan.runs()) {
            online.add(new Sweep.Line<>(r.name(), k.online(), seed -> plan.online(r, seed, data)));
        }
        return List.of(dataPhase, Sweep.grid(dir, offline, plan.seeds()), Sweep.grid(dir, online, plan.seeds()));
    }

    /** Runs the study on {@code parallel} slots with {@code resources}' threads; a relative {@code out} resolves against its root. */
    public static Results run(Plan plan, Resources resources, int parallel, boolean progress) {
        return run(plan, plan.outDir(resources), LocalExecutor.sharing(RunKinds.standard(), parallel,
                resources.threads(), progress));
    }

    /**
     * Runs (or resumes) the study {@code plan} into {@code dir} through {@code executor}, phase by phase; fails after
     * a phase's runs were all tried if any failed (finished ones are kept).
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
        List<Sweep> phases = phases(plan, dir); // reads and pins a given dataset before any folder is made
        started.run();
        FineTuningStudy.makeStudyFolder(dir);
        try (RunFolder.Lock sweepLock = RunFolder.at(dir).lock(RunFolder.SWEEP_LOCK)) {
            if (!Files.exists(dir.resolve("plan.json"))) {
                RunFolder.at(dir).writeJson("plan.json", plan);
            }
            for (int i = 0; i < phases.size(); i++) {
                Sweep.requireAllOk(phases.get(i).execute(executor), PHASES.get(i) + " runs");
            }
            RunFolder.at(dir).writeJson("plan.json", plan); // the plan in force, once every run has finished
        }
        return load(dir);
    }

    /**
     * Writes {@code dir/plan.json} if the folder holds none (refusing, before any write, a plan that differs from the
     * one it holds): what a single run of a study started elsewhere (a cluster task) does before it runs.
     */
    public static void recordPlan(Plan plan, Path dir) {
        requireSameStudy(plan, dir);
        if (!Files.exists(dir.resolve("plan.json"))) {
            RunFolder.at(dir).writeJson("plan.json", plan);
        }
    }

    /** Plan fields a study folder may change between runs: budgets, seeds, runs and where it goes. */
    static final Set<String> EXTENSIBLE = Set.of("steps", "offlineSteps", "seeds", "runs", "checkpointEvery", "out");

    /** Refuses, before any write, a plan that differs from the one in {@code dir} in a field that makes it another study. */
    static void requireSameStudy(Plan plan, Path dir) {
        Path file = dir.resolve("plan.json");
        if (Files.exists(file)) {
            StudyKind.POLICY_EXPANSION.requireFolder(dir);
            Gson g = new GsonBuilder().serializeNulls().create();
            FineTuningStudy.requireSamePlan(dir, g.toJsonTree(Plan.read(file)).getAsJsonObject(),
                    g.toJsonTree(plan).getAsJsonObject(), EXTENSIBLE);
        }
    }

    /** Paper 3's three environments (arXiv 2509.24748, Table 1), in the order the notebooks and the README show them. */
    public static final List<String> PAPER_3_ENVIRONMENTS = List.of("Hopper", "HalfCheetah", "Walker2d");

    /**
     * {@code env}'s recorded claim-9 study under {@code root} ({@code notebooks/recorded} in the repository):
     * {@code pex-rpex-<env>-claim9}, as {@code notebooks/plans/pex-rpex-<env>-claim9.json} names its "out".
     */
    public static Path recordedClaim9(Path root, String env) {
        return root.resolve("pex-rpex-" + env.toLowerCase(Locale.ROOT) + "-claim9");
    }

    /**
     * Every recorded claim-9 study under {@code root} that is a policy-expansion study folder, loaded: per environment
     * of {@link #PAPER_3_ENVIRONMENTS} in that order, {@link #recordedClaim9} first, then its studies on other data,
     * {@code pex-rpex-<env>-<data>-claim9} (such as {@code pex-rpex-hopper-medium-replay-claim9}), by name. The
     * environments without one are left out.
     */
    public static List<Results> recordedClaim9Studies(Path root) {
        List<Path> found = new ArrayList<>();
        for (String env : PAPER_3_ENVIRONMENTS) {
            Path main = recordedClaim9(root, env);
            if (isStudy(main)) {
                found.add(main);
            }
            String prefix = "pex-rpex-" + env.toLowerCase(Locale.ROOT) + "-";
            if (Files.isDirectory(root)) {
                try (Stream<Path> entries = Files.list(root)) {
                    entries.filter(d -> {
                        String n = d.getFileName().toString();
                        return n.startsWith(prefix) && n.endsWith("-claim9") && n.length() > prefix.length() + 7
                                && isStudy(d);
                    }).sorted().forEach(found::add);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list " + root + ": " + rrl.io.IoErrors.describe(e), e);
                }
            }
        }
        List<Results> out = new ArrayList<>();
        for (Path d : found) {
            out.add(load(d));
        }
        return out;
    }

    /** Whether {@code dir} holds a policy-expansion study (its plan.json names pex or rpex runs). */
    public static boolean isStudy(Path dir) {
        return StudyKind.held(dir) == StudyKind.POLICY_EXPANSION;
    }

    /**
     * The runs that have not finished in {@code dir} (no result.json), over the plan's seeds and any other seed
     * found there (a plan may drop seeds after they ran: their runs are still read). A seed of the plan whose folders
     * are gone counts as unfinished, so a report never reads fewer seeds than the plan names without saying so.
     */
    public static List<String> unfinished(Path dir, Results r) {
        TreeSet<Long> seeds = new TreeSet<>(r.plan().seeds());
        r.online().values().forEach(m -> seeds.addAll(m.keySet()));
        r.offline().values().forEach(m -> seeds.addAll(m.keySet()));
        List<String> names = new ArrayList<>(List.of(PolicyExpansionRuns.DATA_FOLDER));
        for (long s : seeds) {
            r.plan().offlineNames().forEach(n -> names.add(n + "-s" + s));
            r.plan().runs().forEach(x -> names.add(x.name() + "-s" + s));
        }
        return names.stream().filter(n -> !Files.exists(dir.resolve(n).resolve(RunKinds.RESULT))).toList();
    }

    /** Reads a study's evaluations back from its folder: every run folder with metrics, for every seed found. */
    public static Results load(Path dir) {
        if (!Files.exists(dir.resolve("plan.json"))) {
            throw new IllegalArgumentException(dir + " is not a policy-expansion study folder (no plan.json); run "
                    + "`rrl finetune --config PLAN` first");
        }
        Plan plan = Plan.read(dir.resolve("plan.json"));
        requireDataAsRead(dir, plan);
        TreeSet<Long> seeds = new TreeSet<>();
        Set<String> names = new java.util.HashSet<>(plan.offlineNames());
        plan.runs().forEach(r -> names.add(r.name()));
        Pattern seeded = Pattern.compile("(.*)-s(\\d+)$");
        try (Stream<Path> entries = Files.list(dir)) {
            entries.forEach(p -> {
                Matcher m = seeded.matcher(p.getFileName().toString());
                if (m.matches() && names.contains(m.group(1)) && Files.isDirectory(p)) {
                    seeds.add(Long.parseLong(m.group(2)));
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + rrl.io.IoErrors.describe(e), e);
        }
        Map<String, Map<Long, List<EvalPoint>>> offline = new LinkedHashMap<>();
        for (String n : plan.offlineNames()) {
            offline.put(n, curves(dir, n, seeds));
        }
        Map<String, Map<Long, List<EvalPoint>>> online = new LinkedHashMap<>();
        for (Run r : plan.runs()) {
            online.put(r.name(), curves(dir, r.name(), seeds));
        }
        return new Results(plan, offline, online);
    }

    /**
     * The plan's {@code "dataset"} must name the file the data phase read (its {@code data/result.json}), by file name:
     * reports name the data by it, and a plan.json edited after the run would put another dataset's name on these
     * numbers. A path moved to another folder (a relative path in a committed copy) is the same file.
     */
    private static void requireDataAsRead(Path dir, Plan plan) {
        Path result = dir.resolve(PolicyExpansionRuns.DATA_FOLDER).resolve(RunKinds.RESULT);
        if (!Files.isRegularFile(result)) {
            return; // the data phase has not finished: nothing was read yet
        }
        com.google.gson.JsonObject config;
        try {
            JsonElement json = StrictJson.parse(Files.readString(result));
            config = json.isJsonObject() && json.getAsJsonObject().has("config")
                    && json.getAsJsonObject().get("config").isJsonObject()
                    ? json.getAsJsonObject().getAsJsonObject("config") : null;
        } catch (IOException | com.google.gson.JsonParseException e) {
            return; // an unreadable result is the sweep's to report (the data phase is then not finished)
        }
        if (config == null) {
            return;
        }
        String read = config.has("dataset") && config.get("dataset").isJsonPrimitive()
                ? Path.of(config.get("dataset").getAsString()).getFileName().toString() : null;
        String planned = plan.dataset() == null ? null : Path.of(plan.dataset()).getFileName().toString();
        if (!java.util.Objects.equals(read, planned)) {
            throw new IllegalArgumentException(dir + ": plan.json's \"dataset\" (" + (planned == null ? "none: data "
                    + "collected from the shipped medium policy" : planned) + ") is not the data the study's data phase read ("
                    + (read == null ? "data collected from the shipped medium policy" : read) + ", " + result
                    + "); restore plan.json as the study wrote it");
        }
    }

    private static Map<Long, List<EvalPoint>> curves(Path dir, String name, Set<Long> seeds) {
        Map<Long, List<EvalPoint>> out = new LinkedHashMap<>();
        for (long s : seeds) {
            Path run = dir.resolve(name + "-s" + s);
            // finished runs only: a final return is the mean of a finished run's last evaluations
            if (Files.exists(run.resolve(RunKinds.RESULT))) {
                List<EvalPoint> curve = curve(run);
                if (!curve.isEmpty()) {
                    out.put(s, curve);
                }
            }
        }
        return out;
    }

    /** The evaluations of an offline or online run folder ({@code training/metrics.csv}); empty without one. */
    public static List<EvalPoint> curve(Path runFolder) {
        Path m = runFolder.resolve(PolicyExpansionRuns.TRAINING).resolve("metrics.csv");
        List<EvalPoint> curve = new ArrayList<>();
        if (Files.exists(m)) {
            for (double[] r : rrl.train.MetricsLog.readEvaluations(m, List.of("step", "return_mean", "return_std",
                    "d4rl_score"), "return_mean")) {
                curve.add(new EvalPoint((long) r[0], r[1], r[2], r[3]));
            }
        }
        return curve;
    }
}
