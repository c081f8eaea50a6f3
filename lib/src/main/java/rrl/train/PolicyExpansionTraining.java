package rrl.train;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import rrl.algo.Algorithm;
import rrl.algo.IqlConfig;
import rrl.algo.LearnerConfig;
import rrl.algo.ObservationScaling;
import rrl.algo.PolicyExpansion;
import rrl.algo.PolicyExpansionConfig;
import rrl.algo.RewardScaling;
import rrl.algo.RiqlConfig;
import rrl.checkpoint.Checkpoint;
import rrl.corrupt.CorruptionField;
import rrl.corrupt.OnlineCorruption;
import rrl.data.D4rlDataset;
import rrl.data.DatasetRef;
import rrl.data.Transitions;
import rrl.env.Environments;
import rrl.env.Task;
import rrl.env.VectorEnv;
import rrl.nn.ObservationNormalizer;
import rrl.replay.MixedSampler;
import rrl.replay.OfflineReplay;
import rrl.replay.RingReplay;
import rrl.results.RunId;

/**
 * Offline-to-online training by policy expansion (PEX from an IQL run, RPEX from a RIQL run) on the shared
 * {@link TrainingLoop} with {@link OnlineInteraction}: the offline run's training checkpoint seeds the learner, the
 * offline run's dataset gives half of every minibatch and, prepared as the offline run prepared it (its observation
 * normaliser and reward scale, refitted from the same data), the scale of the online transitions too. Writes what
 * {@link OnlineTraining} writes (config.json, metrics.csv, {@code policies/step-NNNNNNNN.ckpt}, training.ckpt) and
 * resumes exactly from a killed run's folder.
 *
 * <p>With {@link Config#onlineCorruption} set, RPEX's online corruption ({@link OnlineCorruption}) changes what is
 * stored of each online transition, after the reward scaling (the reward the learner stores, as RPEX corrupts
 * its transformed reward); the agent continues from the clean next state and evaluation is clean. metrics.csv then
 * has a {@code corrupted_<field>} column per field: the share of the row's window of transitions corrupted.
 */
public final class PolicyExpansionTraining {
    /** Kind of run, in run ids and the training checkpoint. */
    public static final String KIND = "policy-expansion";

    /**
     * @param learner PEX's or RPEX's settings
     * @param offline the offline run's training checkpoint file (where it was read; not part of the run's identity)
     * @param offlineRunId the offline run's id, and with {@code offlineUpdates} the identity of the offline state
     * @param offlineUpdates the updates the offline learner had taken
     * @param dataset the offline data (pinned by content)
     * @param steps environment steps (the references: 1,000,001)
     * @param evalEvery environment steps between evaluations (the references: 10,000)
     * @param evalEpisodes episodes per evaluation (10)
     * @param checkpointEvery steps between training checkpoints (written at the next episode boundary)
     * @param logEvery steps between rows of update metrics
     * @param replayCapacity the online buffer's capacity (1,000,000: {@code --replay_size})
     * @param onlineCorruption the fields of every online transition that RPEX's online corruption may corrupt
     *     ({@link OnlineCorruption}: felix-thu/RPEX {@code attack_online.py}), in declaration order; empty: none
     * @param zeroCleanRewards with {@code rew} corrupted, store 0 as an uncorrupted reward, as {@code corrupt_trans}
     *     literally does (off by default; notebooks/our-reading.md#online-corruption)
     */
    public record Config(String env, PolicyExpansionConfig learner, String offline, String offlineRunId,
                         long offlineUpdates, DatasetRef dataset, long steps, int evalEvery, int evalEpisodes,
                         int checkpointEvery, int logEvery, long seed, int replayCapacity,
                         List<CorruptionField> onlineCorruption, boolean zeroCleanRewards) {
        public Config {
            env = Environments.task(env).name();
            if (learner == null || dataset == null) {
                throw new IllegalArgumentException("policy expansion needs its learner settings (PexConfig or RpexConfig) "
                        + "and the offline dataset");
            }
            if (replayCapacity < 1) {
                throw new IllegalArgumentException("replay capacity must be >= 1 transition, got " + replayCapacity);
            }
            // canonical: declaration order, no repeats, so the same fields give the same run id
            onlineCorruption = onlineCorruption == null || onlineCorruption.isEmpty() ? List.of()
                    : List.copyOf(EnumSet.copyOf(onlineCorruption));
            if (zeroCleanRewards && !onlineCorruption.contains(CorruptionField.REWARD)) {
                throw new IllegalArgumentException("zeroing uncorrupted rewards needs the reward corrupted: add rew to the "
                        + "online corruption, or drop --zero-clean-rewards");
            }
        }

        /** A run without online corruption. */
        public Config(String env, PolicyExpansionConfig learner, String offline, String offlineRunId, long offlineUpdates,
                      DatasetRef dataset, long steps, int evalEvery, int evalEpisodes, int checkpointEvery, int logEvery,
                      long seed, int replayCapacity) {
            this(env, learner, offline, offlineRunId, offlineUpdates, dataset, steps, evalEvery, evalEpisodes,
                    checkpointEvery, logEvery, seed, replayCapacity, List.of(), false);
        }

        /** Config fields that extend or locate a run rather than define it. */
        public static final Set<String> BUDGET = Set.of("steps", "offline", "dataset.path");

        /** Fields added after runs were recorded without them, with the value those runs had in effect. */
        public static final Map<String, Object> ADDED = Map.of("onlineCorruption", List.of(), "zeroCleanRewards", false);

        public RunId id() {
            return RunId.of(KIND, this, BUDGET, ADDED);
        }

        /** Whether online transitions are corrupted. */
        public boolean corruptsOnline() {
            return !onlineCorruption.isEmpty();
        }

        public Algorithm algorithm() {
            return learner.algorithm();
        }

        /**
         * A run of {@code learner} from the offline training checkpoint {@code offline} (read from {@code file}) on
         * {@code data}, evaluating every {@code evalEvery} steps with 10 episodes, checkpointing every 20,000 steps.
         */
        public static Config of(String env, PolicyExpansionConfig learner, Path file, Checkpoint offline, D4rlDataset data,
                                long steps, int evalEvery, long seed) {
            JsonObject meta = offline.meta();
            String runId = meta.has("run_id") ? meta.get("run_id").getAsString() : "unrecorded";
            String counter = learner.offlineAlgorithm().name().toLowerCase(java.util.Locale.ROOT);
            long updates = offline.hasLongs(counter) ? offline.longs(counter)[0] : -1;
            return new Config(env, learner, file.toString(), runId, updates, DatasetRef.of(data), steps, evalEvery, 10,
                    20_000, Math.min(1000, evalEvery), seed, RingReplay.DEFAULT_CAPACITY);
        }

        public Config withSchedule(int evalEvery, int evalEpisodes, int checkpointEvery) {
            return new Config(env, learner, offline, offlineRunId, offlineUpdates, dataset, steps, evalEvery, evalEpisodes,
                    checkpointEvery, Math.min(logEvery, evalEvery), seed, replayCapacity, onlineCorruption,
                    zeroCleanRewards);
        }

        public Config withReplayCapacity(int capacity) {
            return new Config(env, learner, offline, offlineRunId, offlineUpdates, dataset, steps, evalEvery, evalEpisodes,
                    checkpointEvery, logEvery, seed, capacity, onlineCorruption, zeroCleanRewards);
        }

        /**
         * The same run with RPEX's online corruption of {@code fields} (empty: none), storing 0 for uncorrupted rewards
         * if {@code zeroCleanRewards}. A corrupted run is another run (another id).
         */
        public Config withOnlineCorruption(java.util.Collection<CorruptionField> fields, boolean zeroCleanRewards) {
            return new Config(env, learner, offline, offlineRunId, offlineUpdates, dataset, steps, evalEvery, evalEpisodes,
                    checkpointEvery, logEvery, seed, replayCapacity, List.copyOf(fields), zeroCleanRewards);
        }
    }

    /** The online corruption draws from the run's seed + 3 (exploration + 1, minibatches + 2). */
    static final long CORRUPTION_SEED = 3;

    private PolicyExpansionTraining() {}

    /** The training checkpoint in {@code runOrCheckpoint}: the file itself, or a run folder's training.ckpt. */
    public static Path offlineCheckpoint(Path runOrCheckpoint) {
        Path p = Files.isDirectory(runOrCheckpoint) ? runOrCheckpoint.resolve("training.ckpt") : runOrCheckpoint;
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException("--offline " + runOrCheckpoint + ": no training checkpoint there (a run "
                    + "folder of `rrl train iql` or `rrl train riql` holds training.ckpt)");
        }
        return p;
    }

    /** Trains (or resumes) in {@code runDir}; returns every evaluation so far. */
    public static List<OnlineTraining.EvalPoint> run(Config c, Checkpoint offline, D4rlDataset data, Path runDir,
                                                     boolean progress) {
        return run(c, offline, data, runDir, progress, Long.MAX_VALUE);
    }

    /** As {@link #run(Config, Checkpoint, D4rlDataset, Path, boolean)}, stopping without saving at {@code stopAt}. */
    static List<OnlineTraining.EvalPoint> run(Config c, Checkpoint offline, D4rlDataset data, Path runDir,
                                              boolean progress, long stopAt) {
        Task task = Environments.task(c.env());
        int od = task.observationDim();
        int ad = task.actionDim();
        LearnerConfig offlineLearner = offlineLearner(c, offline);
        if (data.obsDim() != od || data.actDim() != ad) {
            throw new IllegalArgumentException("dataset has observation " + data.obsDim() + ", action " + data.actDim()
                    + " but " + task.name() + " has " + od + ", " + ad);
        }
        DatasetRef given = DatasetRef.of(data);
        if (!given.sha256().equals(c.dataset().sha256())) {
            throw new IllegalArgumentException("the config pins dataset " + c.dataset().describe() + " but the data given is "
                    + given.describe() + "; pass that dataset");
        }
        String trained = offlineDatasetSha(offline);
        if (trained != null && !trained.equals(given.sha256())) {
            throw new IllegalArgumentException("the offline run trained on other data (sha256 " + trained.substring(0, 12)
                    + ") than --dataset " + given.describe() + "; give the dataset the offline run trained on");
        }
        PolicyExpansion learner = c.learner().create(offline, od, ad, c.seed());
        Transitions raw = data.qlearningView();
        // the offline run's data preparation, refitted from the same data: its critics and V saw these scales
        ObservationNormalizer norm = offlineLearner.observationScaling().fit(raw);
        double rewardScale = offlineLearner.rewardScaling().factor(raw);
        OfflineReplay offlineData = new OfflineReplay(OfflineTraining.normalised(RewardScaling.scaled(raw, rewardScale),
                norm));
        RingReplay replay = new RingReplay(c.replayCapacity(), od, ad);
        TransitionHook scale = rewardScale == 1.0 ? TransitionHook.NONE
                : (step, obs, action, reward, next, terminated) -> reward[0] *= rewardScale;
        // RPEX corrupts the reward the learner stores, after its reward transform (attack_online.py: corrupt_trans
        // of reward_transformer(reward)), so the corruption hook runs after the scaling one
        OnlineCorruption corruption = c.corruptsOnline() ? OnlineCorruption.forOfflineData(EnumSet.copyOf(
                c.onlineCorruption()), raw, offlineLearner.observationScaling() != ObservationScaling.NONE,
                c.zeroCleanRewards(), c.seed() + CORRUPTION_SEED) : null;
        TransitionHook hook = corruption == null ? scale : (step, obs, action, reward, next, terminated) -> {
            scale.beforeStore(step, obs, action, reward, next, terminated);
            corruption.beforeStore(step, obs, action, reward, next, terminated);
        };
        String label = c.algorithm().label();
        OnlineTraining.Evals evals = new OnlineTraining.Evals();
        try (VectorEnv env = new VectorEnv(task, 1, 1, true)) {
            env.reset(c.seed());
            OnlineInteraction stepper = new OnlineInteraction(learner, env, env, norm, replay,
                    new MixedSampler(offlineData, replay, c.learner().offlineFraction()), c.learner().learningStarts(),
                    c.learner().updatesPerStep(), hook, c.seed());
            Stepper steps = corruption == null ? stepper : new CorruptionShares(stepper, corruption);
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("algorithm", label);
            record.put("offlineAlgorithm", c.learner().offlineAlgorithm().label());
            if (rewardScale != 1.0) {
                record.put("rewardScale", rewardScale);
            }
            if (corruption != null) {
                record.put("onlineCorruptionObsStd", corruption.obsStd());
                record.put("onlineCorruptionActStd", corruption.actStd());
            }
            TrainingLoop.Run run = new TrainingLoop.Run(c.env() + " " + label, KIND, c.id(), Config.BUDGET,
                    PolicyExpansionTraining::describe, c, record, new TrainingLoop.Schedule(c.steps(), c.evalEvery(),
                    c.logEvery(), c.checkpointEvery()), steps, () -> learner.policy(task.name(), norm),
                    ReturnEvaluator.of(task, c.evalEpisodes(), c.seed()), OnlineTraining::policyFile,
                    Map.of("algorithm", label, "seed", c.seed()), evals);
            TrainingLoop.Outcome o = TrainingLoop.run(run, runDir, progress, stopAt);
            return evals.points(o.log(), c.algorithm());
        }
    }

    /** The offline run's learner config, after checking the checkpoint is of the right learner and environment. */
    private static LearnerConfig offlineLearner(Config c, Checkpoint offline) {
        Algorithm from = c.learner().offlineAlgorithm();
        String kind = OfflineTraining.checkpointKind(from);
        JsonObject run = offline.meta().get("config") instanceof JsonObject j ? j : null;
        if (!kind.equals(offline.kind()) || run == null || !(run.get("learner") instanceof JsonObject learner)) {
            throw new IllegalArgumentException(c.algorithm().label() + " starts from an " + from.label() + " run, --offline "
                    + "is a '" + offline.kind() + "' checkpoint; give the run folder of an `rrl train "
                    + from.name().toLowerCase(java.util.Locale.ROOT) + "` run");
        }
        String env = run.has("env") ? run.get("env").getAsString() : null;
        if (env != null && !env.equals(c.env())) {
            throw new IllegalArgumentException("--offline holds an " + from.label() + " run of " + env + ", not "
                    + c.env() + "; give an offline run of " + c.env() + " (or --env " + env + ")");
        }
        return from == Algorithm.IQL ? new Gson().fromJson(learner, IqlConfig.class)
                : new Gson().fromJson(learner, RiqlConfig.class);
    }

    private static String offlineDatasetSha(Checkpoint offline) {
        JsonObject run = offline.meta().get("config") instanceof JsonObject j ? j : null;
        return run != null && run.get("dataset") instanceof JsonObject d && d.get("sha256") != null
                && d.get("sha256").isJsonPrimitive() ? d.get("sha256").getAsString() : null;
    }

    /** "an RPEX run of Hopper seed 1", "... seed 1 with online corruption of rew,dyn". */
    static String describe(JsonObject j) {
        if (!j.has("env") || !(j.get("learner") instanceof JsonObject l)) {
            return "a run of another kind (not policy expansion)";
        }
        String alg = l.has("kappa") ? "RPEX" : "PEX";
        String corrupted = "";
        if (j.get("onlineCorruption") instanceof com.google.gson.JsonArray a && !a.isEmpty()) {
            List<String> labels = new java.util.ArrayList<>();
            a.forEach(f -> labels.add(CorruptionField.valueOf(f.getAsString()).label()));
            corrupted = " with online corruption of " + String.join(",", labels);
        }
        return (alg.equals("RPEX") ? "an " : "a ") + alg + " run of " + j.get("env").getAsString() + " seed "
                + (j.has("seed") ? j.get("seed").getAsLong() : 0) + corrupted;
    }
}
