package rrl.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import rrl.algo.Algorithm;
import rrl.algo.OnlineLearner;
import rrl.algo.OnlineLearnerConfig;
import rrl.algo.SacConfig;
import rrl.algo.Td3Config;
import rrl.env.Environments;
import rrl.env.Task;
import rrl.env.VectorEnv;
import rrl.nn.ObservationNormalizer;
import rrl.replay.MixedSampler;
import rrl.replay.RingReplay;
import rrl.results.RunId;

/**
 * Online SAC or TD3 on one environment, one gradient step per environment step, through the
 * {@link TrainingLoop}: the way D4RL's behaviour policies were trained (rlkit SAC) and the online baselines of
 * paper 2 (TD3, SAC). Writes into a run folder: config.json, metrics.csv, a policy checkpoint at every
 * evaluation ({@code policies/step-NNNNNNNN.ckpt}) and {@code training.ckpt}, the whole training state saved
 * at the first episode boundary after every {@code checkpointEvery} steps. Running again on the same folder
 * resumes from it and ends with the same numbers as an uninterrupted run.
 */
public final class OnlineTraining {
    /** Kind of run, in run ids and the training checkpoint. */
    public static final String KIND = "online-training";

    /**
     * @param learner SAC ({@link SacConfig}) or TD3 ({@link Td3Config} without the BC term)
     * @param steps environment steps in total (D4RL's experts: 1M+; medium policies far fewer)
     * @param learningStarts steps before the first update (rlkit: 1000)
     * @param evalEvery evaluation interval in steps (TD3+BC/D4RL practice: 5000)
     * @param evalEpisodes deterministic episodes per evaluation (10)
     * @param checkpointEvery training-state checkpoint interval in steps
     * @param logEvery steps between rows of update metrics in metrics.csv (ours: 1000)
     * @param updatesPerStep updates per environment step (1: rlkit's SAC and TD3)
     * @param replayCapacity transitions the replay buffer keeps, independent of {@code steps} (default
     *     {@link RingReplay#DEFAULT_CAPACITY}, 1,000,000: TD3's and rlkit's public code); part of the run's identity
     * @throws IllegalArgumentException for TD3+BC settings or a replay capacity < 1
     */
    public record Config(String env, OnlineLearnerConfig learner, long steps, int learningStarts, int evalEvery,
                         int evalEpisodes, int checkpointEvery, int logEvery, int updatesPerStep, long seed,
                         int replayCapacity) {
        public Config {
            env = Environments.task(env).name();
            if (learner == null || learner.algorithm() == Algorithm.TD3_BC) {
                throw new IllegalArgumentException("online training needs SAC or TD3 settings (TD3+BC is offline)");
            }
            if (replayCapacity < 1) {
                throw new IllegalArgumentException("replay capacity must be >= 1 transition, got " + replayCapacity
                        + " (TD3 and rlkit: " + RingReplay.DEFAULT_CAPACITY + ")");
            }
        }

        /** SAC with rlkit's settings. */
        public static Config sac(String env, long steps, SacConfig sac) {
            return new Config(env, sac, steps, 1000, 5000, 10, 20_000, 1000, 1, 0, RingReplay.DEFAULT_CAPACITY);
        }

        /** TD3 with Fujimoto's settings (25,000 random steps first). */
        public static Config td3(String env, long steps, Td3Config td3) {
            return new Config(env, td3, steps, 1000, 5000, 10, 20_000, 1000, 1, 0, RingReplay.DEFAULT_CAPACITY);
        }

        public Algorithm algorithm() {
            return learner.algorithm();
        }

        public Config withSchedule(int learningStarts, int evalEvery, int evalEpisodes, int checkpointEvery, long seed) {
            return new Config(env, learner, steps, learningStarts, evalEvery, evalEpisodes, checkpointEvery,
                    Math.min(logEvery, evalEvery), updatesPerStep, seed, replayCapacity);
        }

        public Config withSteps(long s) {
            return new Config(env, learner, s, learningStarts, evalEvery, evalEpisodes, checkpointEvery, logEvery,
                    updatesPerStep, seed, replayCapacity);
        }

        /** This config with a replay buffer of {@code capacity} transitions. */
        public Config withReplayCapacity(int capacity) {
            return new Config(env, learner, steps, learningStarts, evalEvery, evalEpisodes, checkpointEvery, logEvery,
                    updatesPerStep, seed, capacity);
        }

        /** Config fields that extend a run rather than define it. */
        public static final Set<String> BUDGET = Set.of("steps");

        /**
         * Fields added after runs were recorded, with the value those runs had: the replay capacity was
         * min(steps, 2M), i.e. the default for every budget up to 1M.
         */
        public static final Map<String, Object> ADDED = Map.of("replayCapacity", RingReplay.DEFAULT_CAPACITY);

        /**
         * The run's identity: everything but the step budget (extending a run continues it); the default replay
         * capacity is left out so runs recorded before it was a field keep their ids.
         */
        public RunId id() {
            return RunId.of(KIND, this, BUDGET, ADDED);
        }
    }

    /** One evaluation of the deterministic policy; {@code alpha} is SAC's temperature (NaN for TD3). */
    public record EvalPoint(long step, double meanReturn, double stdReturn, double normalizedScore, double alpha,
                            String policyFile) {}

    private OnlineTraining() {}

    /** Trains (or resumes) in {@code runDir}; returns every evaluation so far. */
    public static List<EvalPoint> run(Config c, Path runDir, boolean progress) {
        return run(c, runDir, progress, Long.MAX_VALUE);
    }

    /** As {@link #run(Config, Path, boolean)} but stops without saving after {@code stopAt} steps (a simulated kill). */
    static List<EvalPoint> run(Config c, Path runDir, boolean progress, long stopAt) {
        Task task = Environments.task(c.env());
        int od = task.observationDim();
        int ad = task.actionDim();
        OnlineLearner learner = c.learner().create(od, ad, c.seed());
        RingReplay replay = new RingReplay(c.replayCapacity(), od, ad);
        ObservationNormalizer identity = ObservationNormalizer.identity(od);
        String label = c.algorithm().label();
        Evals evals = new Evals();
        try (VectorEnv env = new VectorEnv(task, 1, 1, true)) {
            env.reset(c.seed());
            OnlineInteraction stepper = new OnlineInteraction(learner, env, env, identity, replay,
                    new MixedSampler(null, replay, 0.0), c.learningStarts(), c.updatesPerStep(), TransitionHook.NONE,
                    c.seed());
            TrainingLoop.Run run = new TrainingLoop.Run(c.env() + " " + label, KIND, c.id(), Config.BUDGET, OnlineTraining::describe, c,
                    Map.of("algorithm", label), new TrainingLoop.Schedule(c.steps(), c.evalEvery(), c.logEvery(),
                            c.checkpointEvery()),
                    stepper, () -> learner.policy(task.name(), identity), ReturnEvaluator.of(task, c.evalEpisodes(), c.seed()),
                    OnlineTraining::policyFile, Map.of("algorithm", label, "seed", c.seed()), evals);
            TrainingLoop.Outcome o = TrainingLoop.run(run, runDir, progress, stopAt);
            return evals.points(o.log(), learner.algorithm());
        }
    }

    static String policyFile(long step) {
        return String.format("policies/step-%08d.ckpt", step);
    }

    /** "a TD3 run of Hopper seed 1"; runs written before the algorithm was recorded were SAC runs. */
    static String describe(com.google.gson.JsonObject j) {
        if (!j.has("env") || !(j.has("learner") || j.has("algorithm") || j.has("sac"))) {
            return "a run of another kind (not online training)";
        }
        String alg = j.has("algorithm") ? j.get("algorithm").getAsString()
                : j.has("learner") && j.getAsJsonObject("learner").has("bcAlpha") ? "TD3" : "SAC";
        return "a " + alg + " run of " + (j.has("env") ? j.get("env").getAsString() : "?") + " seed "
                + (j.has("seed") ? j.get("seed").getAsLong() : 0);
    }

    /**
     * Keeps the evaluations under the checkpoint's "evals" entry too (dataset generation reads them from there); PPO's
     * runs keep theirs the same way.
     */
    static final class Evals implements TrainingLoop.Hooks {
        private final List<EvalPoint> points = new ArrayList<>();

        @Override
        public void afterEvaluation(long step, rrl.policy.ActorPolicy policy, double[] v) {
            points.add(new EvalPoint(step, v[0], v[1], v[2], Double.NaN, policyFile(step)));
        }

        @Override
        public void save(rrl.checkpoint.Checkpoint ck) {
            ck.putMeta("evals", points);
        }

        @Override
        public void restore(rrl.checkpoint.Checkpoint ck) {
            points.clear();
            points.addAll(List.of(ck.getMeta("evals", EvalPoint[].class)));
        }

        /** The evaluations with SAC's temperature read from the metrics row of the same step. */
        List<EvalPoint> points(MetricsLog log, Algorithm a) {
            int alphaCol = log.header().indexOf("alpha");
            List<EvalPoint> out = new ArrayList<>();
            List<double[]> rows = log.rows();
            for (EvalPoint e : points) {
                double alpha = Double.NaN;
                if (alphaCol >= 0) {
                    for (double[] r : rows) {
                        if ((long) r[0] == e.step()) {
                            alpha = r[alphaCol];
                        }
                    }
                }
                out.add(new EvalPoint(e.step(), e.meanReturn(), e.stdReturn(), e.normalizedScore(), alpha, e.policyFile()));
            }
            return out;
        }
    }
}
