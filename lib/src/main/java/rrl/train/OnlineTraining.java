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
     */
    public record Config(String env, OnlineLearnerConfig learner, long steps, int learningStarts, int evalEvery,
                         int evalEpisodes, int checkpointEvery, int logEvery, int updatesPerStep, long seed) {
        public Config {
            env = Environments.task(env).name();
            if (learner == null || learner.algorithm() == Algorithm.TD3_BC) {
                throw new IllegalArgumentException("online training needs SAC or TD3 settings (TD3+BC is offline)");
            }
        }

        /** SAC with rlkit's settings. */
        public static Config sac(String env, long steps, SacConfig sac) {
            return new Config(env, sac, steps, 1000, 5000, 10, 20_000, 1000, 1, 0);
        }

        /** TD3 with Fujimoto's settings (25,000 random steps first). */
        public static Config td3(String env, long steps, Td3Config td3) {
            return new Config(env, td3, steps, 1000, 5000, 10, 20_000, 1000, 1, 0);
        }

        public Algorithm algorithm() {
            return learner.algorithm();
        }

        public Config withSchedule(int learningStarts, int evalEvery, int evalEpisodes, int checkpointEvery, long seed) {
            return new Config(env, learner, steps, learningStarts, evalEvery, evalEpisodes, checkpointEvery,
                    Math.min(logEvery, evalEvery), updatesPerStep, seed);
        }

        public Config withSteps(long s) {
            return new Config(env, learner, s, learningStarts, evalEvery, evalEpisodes, checkpointEvery, logEvery,
                    updatesPerStep, seed);
        }

        /** The run's identity: everything but the step budget (extending a run continues it). */
        public RunId id() {
            return RunId.of(KIND, this, Set.of("steps"));
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
        RingReplay replay = new RingReplay((int) Math.min(c.steps(), 2_000_000L), od, ad);
        ObservationNormalizer identity = ObservationNormalizer.identity(od);
        String label = c.algorithm().label();
        Evals evals = new Evals();
        try (VectorEnv env = new VectorEnv(task, 1, 1, true)) {
            env.reset(c.seed());
            OnlineInteraction stepper = new OnlineInteraction(learner, env, env, identity, replay,
                    new MixedSampler(null, replay, 0.0), c.learningStarts(), c.updatesPerStep(), TransitionHook.NONE,
                    c.seed());
            TrainingLoop.Run run = new TrainingLoop.Run(c.env() + " " + label, KIND, c.id(), OnlineTraining::describe, c,
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

    /** Keeps the evaluations under the checkpoint's "evals" entry too (dataset generation reads them from there). */
    private static final class Evals implements TrainingLoop.Hooks {
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
