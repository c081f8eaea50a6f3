package rrl.train;

import java.util.List;
import rrl.env.Task;
import rrl.policy.ActorPolicy;
import rrl.rollout.Evaluation;

/**
 * The plain evaluation of offline and online training: {@code episodes} deterministic episodes on all cores,
 * columns {@code return_mean, return_std, d4rl_score}. Evaluation seeds depend only on the step
 * ({@code seed + 1,000,003 * step}), so a resumed run evaluates from the same initial states.
 */
final class ReturnEvaluator implements TrainingLoop.Evaluator {
    static final List<String> COLUMNS = List.of("return_mean", "return_std", "d4rl_score");
    private final Task task;
    private final int episodes;
    private final long seed;

    private ReturnEvaluator(Task task, int episodes, long seed) {
        this.task = task;
        this.episodes = episodes;
        this.seed = seed;
    }

    static ReturnEvaluator of(Task task, int episodes, long seed) {
        return new ReturnEvaluator(task, episodes, seed);
    }

    @Override
    public List<String> columns() {
        return COLUMNS;
    }

    @Override
    public double[] evaluate(ActorPolicy policy, long step) {
        Evaluation.Result r = Evaluation.run(policy, task, episodes, episodes, seed + 1_000_003L * step);
        return new double[] {r.meanReturn(), r.stdReturn(), r.normalizedScore()};
    }

    @Override
    public String status(double[] v) {
        return String.format("return %.0f (D4RL %.1f)", v[0], v[2]);
    }
}
