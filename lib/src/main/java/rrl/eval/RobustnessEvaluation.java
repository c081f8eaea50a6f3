package rrl.eval;

import rrl.rollout.Evaluation;
import rrl.attack.PerturbationCondition;
import rrl.attack.PerturbedVectorEnv;
import rrl.env.Task;
import rrl.env.VectorEnv;
import rrl.parallel.WorkerPool;
import rrl.policy.BatchPolicy;
import rrl.rollout.Rollouts;

/**
 * Testing-time robustness (paper 2, Algorithm 2): {@code M_eval} episodes of the deterministic policy under
 * one perturbation condition, each to termination or 1000 steps; mean and std of the episodic return and the
 * D4RL-normalised score. The same seed gives every condition the same initial states.
 */
public final class RobustnessEvaluation {
    /** One cell of paper 2's Table 1, with the episodes behind it. */
    public record Row(String env, String trainingData, String method, String condition, int episodes,
                      double meanReturn, double stdReturn, double normalizedScore, double meanLength, long seed) {}

    private RobustnessEvaluation() {}

    /**
     * Evaluates {@code policy} on {@code task} under {@code condition}: {@code episodes} episodes on up to
     * {@code maxEnvs} parallel environments, reset noise and random deltas from {@code seed}.
     */
    public static Evaluation.Result run(BatchPolicy policy, Task task, PerturbationCondition condition, int episodes,
                                        int maxEnvs, long seed, boolean showProgress) {
        int n = Math.max(1, Math.min(episodes, maxEnvs));
        try (PerturbedVectorEnv env = new PerturbedVectorEnv(new VectorEnv(task, n, WorkerPool.defaultThreads(), true),
                condition)) {
            return Evaluation.summarize(task.name(), Rollouts.run(env, policy, episodes, seed, showProgress));
        }
    }

    /** As {@link #run}, labelled as a row of Table 1. */
    public static Row row(String trainingData, String method, BatchPolicy policy, Task task,
                          PerturbationCondition condition, int episodes, int maxEnvs, long seed) {
        Evaluation.Result r = run(policy, task, condition, episodes, maxEnvs, seed, false);
        return new Row(task.name(), trainingData, method, condition.name(), r.count(), r.meanReturn(), r.stdReturn(),
                r.normalizedScore(), r.meanLength(), seed);
    }
}
