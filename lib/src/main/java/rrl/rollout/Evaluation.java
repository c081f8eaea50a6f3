package rrl.rollout;

import java.util.List;
import rrl.env.Task;
import rrl.env.VectorEnv;
import rrl.policy.BatchPolicy;

/** Nominal evaluation of a policy: whole episodes on a vector env, mean and std of return, D4RL score. */
public final class Evaluation {
    /** Summary of {@code episodes} evaluation episodes. */
    public record Result(String env, int count, double meanReturn, double stdReturn, double normalizedScore,
                         double meanLength, List<Episode> episodes) {
        /** {@code Evaluation(Hopper, 10 episodes: return 3290.9 ± 3.1, D4RL score 101.7, mean length 1000)}. */
        @Override
        public String toString() {
            return "Evaluation(" + env + ", " + count + (count == 1 ? " episode" : " episodes") + ": return "
                    + rrl.io.Texts.fixed(meanReturn, 1) + (count > 1 ? " ± " + rrl.io.Texts.fixed(stdReturn, 1) : "")
                    + ", D4RL score " + rrl.io.Texts.fixed(normalizedScore, 1) + ", mean length "
                    + rrl.io.Texts.number(Math.round(meanLength * 10) / 10.0) + ")";
        }
    }

    private Evaluation() {}

    /** Runs {@code episodes} episodes on {@code min(episodes, maxEnvs)} environments from {@code seed}. */
    public static Result run(BatchPolicy policy, Task task, int episodes, int maxEnvs, long seed) {
        try (VectorEnv env = new VectorEnv(task, Math.max(1, Math.min(episodes, maxEnvs)),
                rrl.parallel.WorkerPool.defaultThreads(), true)) {
            return summarize(task.name(), Rollouts.run(env, policy, episodes, seed, false));
        }
    }

    public static Result summarize(String env, List<Episode> eps) {
        double mean = eps.stream().mapToDouble(Episode::episodeReturn).average().orElse(Double.NaN);
        double var = eps.stream().mapToDouble(e -> (e.episodeReturn() - mean) * (e.episodeReturn() - mean)).sum()
                / Math.max(1, eps.size());
        double len = eps.stream().mapToInt(Episode::length).average().orElse(Double.NaN);
        return new Result(env, eps.size(), mean, Math.sqrt(var), D4rlScores.normalized(env, mean), len, eps);
    }
}
