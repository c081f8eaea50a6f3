package rrl.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import rrl.algo.IqlConfig;
import rrl.algo.LearnerConfig;
import rrl.algo.ObservationScaling;
import rrl.algo.RiqlConfig;
import rrl.data.D4rlDataset;
import rrl.data.DatasetCollector;
import rrl.env.Environments;
import rrl.env.Task;
import rrl.policy.ActorPolicy;
import rrl.policy.ShippedPolicies;
import rrl.rollout.Evaluation;

/**
 * IQL and RIQL learn from data of a trained policy, as TD3+BC does in Td3BcLearningTest: on 20,000 transitions of
 * the shipped Hopper expert policy, within 3,000 updates (the actor's cosine over the run; about 15 s for IQL and
 * 25 s for RIQL on 2 cores, measured, besides the data collection), the best evaluation reaches at least half of
 * the behaviour policy's return. The untrained actor
 * falls at once, so this fails if the losses, the data preparation or the policy plumbing break.
 */
class IqlLearningTest {
    private static D4rlDataset data;
    private static double behaviourReturn;

    @BeforeAll
    static void collect() {
        Task task = Environments.task("Hopper");
        ActorPolicy behaviour = ShippedPolicies.load("Hopper", "expert");
        behaviourReturn = Evaluation.run(behaviour, task, 10, 10, 99).meanReturn();
        data = DatasetCollector.collect(task, behaviour.sampling(1), 20_000, 10, 1, null);
    }

    private static void reachesHalf(String name, LearnerConfig learner, long steps) {
        OfflineTraining.Result r = OfflineTraining.run(data, new OfflineTraining.Config("Hopper", learner, steps, 1000, 5,
                1000, 0), null, false);
        double best = r.curve().stream().mapToDouble(OfflineTraining.EvalPoint::meanReturn).max().orElseThrow();
        System.out.printf("%s learning test: behaviour %.1f, curve %s%n", name, behaviourReturn,
                r.curve().stream().map(e -> String.format("%d:%.0f", e.step(), e.meanReturn())).toList());
        assertTrue(best >= 0.5 * behaviourReturn, "best " + name + " return " + best + " < half of " + behaviourReturn);
    }

    /**
     * With states normalised (CORL's option): on the authors' raw Hopper states the behaviour cloning inside IQL is
     * slow at this budget (measured: best 377 in 3,000 updates, 920 in 15,000; the authors train 1M), while
     * normalised states reach the behaviour return within 2,000.
     */
    @Test
    void iqlReachesHalfOfTheBehaviourReturn() {
        reachesHalf("IQL", IqlConfig.defaults().withObservationScaling(ObservationScaling.STATES).withTotalSteps(3000),
                3000);
    }

    @Test
    void riqlReachesHalfOfTheBehaviourReturn() {
        reachesHalf("RIQL", RiqlConfig.defaults().withTotalSteps(3000), 3000);
    }
}
