package rrl.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import rrl.data.D4rlDataset;
import rrl.data.DatasetCollector;
import rrl.env.Environments;
import rrl.env.Task;
import rrl.policy.ActorPolicy;
import rrl.policy.ShippedPolicies;
import rrl.rollout.Evaluation;

/**
 * The check the offline learning tests share: on 20,000 transitions of the shipped Hopper expert policy (collected
 * once per test JVM), a learner's best evaluation reaches at least half of the behaviour policy's return (10 episodes)
 * within its update budget. The run stops at the first evaluation that gets there: it runs one evaluation interval at
 * a time in one run folder, each stop leaving the checkpoint the next part resumes from, so the updates done are those
 * of the uninterrupted run (its schedules see the whole budget) and the budget is the most a slower machine spends.
 */
final class HopperLearningCheck {
    private static D4rlDataset data;
    private static double behaviourReturn;

    private HopperLearningCheck() {}

    static synchronized D4rlDataset data() {
        if (data == null) {
            Task task = Environments.task("Hopper");
            ActorPolicy behaviour = ShippedPolicies.load("Hopper", "expert");
            behaviourReturn = Evaluation.run(behaviour, task, 10, 10, 99).meanReturn();
            data = DatasetCollector.collect(task, behaviour.sampling(1), 20_000, 10, 1, null);
        }
        return data;
    }

    static synchronized double behaviourReturn() {
        data();
        return behaviourReturn;
    }

    /** Runs {@code c} on the expert data in {@code dir} until half the behaviour return or the budget; asserts it got there. */
    static OfflineTraining.Result reachesHalf(String name, OfflineTraining.Config c, Path dir) {
        double half = 0.5 * behaviourReturn();
        OfflineTraining.Result r = null;
        double best = Double.NEGATIVE_INFINITY;
        for (long stop = c.evalEvery(); best < half && (r == null || r.curve().get(r.curve().size() - 1).step() < c.steps());
             stop += c.evalEvery()) {
            r = OfflineTraining.run(data(), c, dir, false, stop);
            best = r.curve().stream().mapToDouble(OfflineTraining.EvalPoint::meanReturn).max().orElseThrow();
        }
        System.out.printf("%s learning test: behaviour %.1f, curve %s%n", name, behaviourReturn(),
                r.curve().stream().map(e -> String.format("%d:%.0f", e.step(), e.meanReturn())).toList());
        assertTrue(best >= half, "best " + name + " return " + best + " < half of " + behaviourReturn());
        return r;
    }
}
