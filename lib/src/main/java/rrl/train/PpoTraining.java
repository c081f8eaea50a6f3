package rrl.train;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import rrl.algo.Ppo;
import rrl.algo.PpoConfig;
import rrl.env.Environments;
import rrl.env.Task;
import rrl.env.VectorEnv;
import rrl.results.RunId;

/**
 * Online PPO on one environment through the {@link TrainingLoop} ({@link OnPolicyRollouts} as its step): paper 2's
 * third online baseline. Writes into a run folder what SAC and TD3 runs write (config.json, metrics.csv, a policy
 * at every evaluation in {@code policies/step-NNNNNNNN.ckpt}, {@code training.ckpt} at the first rollout boundary
 * after every {@code checkpointEvery} steps); running again on the folder resumes exactly. The evaluation policy is
 * the Gaussian mean, clipped, on observations scaled by the running statistics as they stand at the evaluation.
 *
 * <p>The step budget is part of the run's identity (not an extension as for SAC and TD3): the learning rate anneals
 * to 0 over it, so a longer run is another run from its first rollout on.
 */
public final class PpoTraining {
    /** Kind of run, in run ids and the training checkpoint. */
    public static final String KIND = "ppo-training";

    /**
     * @param learner PPO's settings; fitted to {@code steps} here ({@link PpoConfig#withTotalSteps})
     * @param steps environment steps in total (the PPO paper's MuJoCo runs: 1M)
     * @param evalEvery evaluation interval in steps (as the other online runs: 5000)
     * @param evalEpisodes deterministic episodes per evaluation (10)
     * @param checkpointEvery training-state checkpoint interval in steps (taken at the next rollout boundary)
     * @param logEvery steps between metrics.csv rows (default: one rollout, the steps between updates)
     * @throws IllegalArgumentException for a budget shorter than one rollout
     */
    public record Config(String env, PpoConfig learner, long steps, int evalEvery, int evalEpisodes,
                         int checkpointEvery, int logEvery, long seed) {
        public Config {
            env = Environments.task(env).name();
            if (learner == null) {
                throw new IllegalArgumentException("PPO training needs PPO settings");
            }
            if (steps < learner.rolloutSize()) {
                throw new IllegalArgumentException("PPO trains after each rollout of " + learner.rolloutSize()
                        + " steps; give at least " + learner.rolloutSize() + " steps (got " + steps + ")");
            }
            learner = learner.withTotalSteps(steps);
        }

        /** The PPO paper's settings, evaluated every 5,000 steps on 10 episodes, one metrics row per rollout. */
        public static Config of(String env, long steps, PpoConfig ppo, long seed) {
            return new Config(env, ppo, steps, 5000, 10, 20_000, ppo.rolloutSize(), seed);
        }

        public Config withSchedule(int evalEvery, int evalEpisodes, int checkpointEvery) {
            return new Config(env, learner, steps, evalEvery, evalEpisodes, checkpointEvery, logEvery, seed);
        }

        /** The run's identity: every field, the step budget included (the rate anneals over it). */
        public RunId id() {
            return RunId.of(KIND, this, Set.of(), Map.of());
        }
    }

    private PpoTraining() {}

    /** Trains (or resumes) in {@code runDir}; returns every evaluation so far. */
    public static List<OnlineTraining.EvalPoint> run(Config c, Path runDir, boolean progress) {
        return run(c, runDir, progress, Long.MAX_VALUE);
    }

    /** As {@link #run(Config, Path, boolean)} but stops without saving after {@code stopAt} steps (a simulated kill). */
    static List<OnlineTraining.EvalPoint> run(Config c, Path runDir, boolean progress, long stopAt) {
        Task task = Environments.task(c.env());
        Ppo learner = new Ppo(task.observationDim(), task.actionDim(), c.learner(), c.seed());
        OnlineTraining.Evals evals = new OnlineTraining.Evals();
        try (VectorEnv env = new VectorEnv(task, c.learner().numEnvs(), 1, true)) {
            env.reset(c.seed());
            OnPolicyRollouts stepper = new OnPolicyRollouts(learner, env);
            TrainingLoop.Run run = new TrainingLoop.Run(c.env() + " PPO", KIND, c.id(), Set.of(), PpoTraining::describe, c,
                    Map.of("algorithm", "PPO"), new TrainingLoop.Schedule(c.steps(), c.evalEvery(), c.logEvery(),
                            c.checkpointEvery()),
                    stepper, () -> learner.policy(task.name(), stepper.normalizer()),
                    ReturnEvaluator.of(task, c.evalEpisodes(), c.seed()), OnlineTraining::policyFile,
                    Map.of("algorithm", "PPO", "seed", c.seed()), evals);
            return evals.points(TrainingLoop.run(run, runDir, progress, stopAt).log(), learner.algorithm());
        }
    }

    /** "a PPO run of Hopper seed 1 (1,000,000 steps)". */
    static String describe(com.google.gson.JsonObject j) {
        if (!j.has("env") || !j.has("learner") || !j.getAsJsonObject("learner").has("clip")) {
            return "a run of another kind (not PPO training)";
        }
        return "a PPO run of " + j.get("env").getAsString() + " seed " + (j.has("seed") ? j.get("seed").getAsLong() : 0)
                + " (" + String.format(java.util.Locale.ROOT, "%,d", j.has("steps") ? j.get("steps").getAsLong() : 0)
                + " steps)";
    }
}
