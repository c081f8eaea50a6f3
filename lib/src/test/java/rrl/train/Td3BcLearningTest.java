package rrl.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import rrl.policy.ActorPolicy;
import rrl.algo.Td3Config;
import rrl.policy.ShippedPolicies;
import rrl.data.D4rlDataset;
import rrl.data.DatasetCollector;
import rrl.env.Environments;
import rrl.env.Task;
import rrl.rollout.Evaluation;

/**
 * TD3+BC learns from data of a trained policy: on 20,000 transitions of the shipped Hopper expert policy,
 * within 3,000 updates (about a minute on 2 cores) its best evaluation reaches at least half of the
 * behaviour policy's return. Uniform random actions reach about 2% of it (quickstart notebook), and the
 * untrained actor falls at once, so this fails if learning, normalisation or the policy plumbing breaks.
 */
class Td3BcLearningTest {
    @Test
    void reachesHalfOfTheBehaviourReturnWithinTheCiBudget() {
        Task task = Environments.task("Hopper");
        ActorPolicy behaviour = ShippedPolicies.load("Hopper", "expert");
        double behaviourReturn = Evaluation.run(behaviour, task, 10, 10, 99).meanReturn();
        D4rlDataset data = DatasetCollector.collect(task, behaviour.sampling(1), 20_000, 10, 1, null);
        OfflineTraining.Result r = OfflineTraining.run(data,
                OfflineTraining.Config.td3bc("Hopper", 3000, 1000, 5, 0, Td3Config.td3bc()), null, false);
        double best = r.curve().stream().mapToDouble(OfflineTraining.EvalPoint::meanReturn).max().orElseThrow();
        System.out.printf("TD3+BC learning test: behaviour %.1f, TD3+BC curve %s%n", behaviourReturn,
                r.curve().stream().map(e -> String.format("%d:%.0f", e.step(), e.meanReturn())).toList());
        assertTrue(best >= 0.5 * behaviourReturn, "best TD3+BC return " + best + " < half of " + behaviourReturn);
    }
}
