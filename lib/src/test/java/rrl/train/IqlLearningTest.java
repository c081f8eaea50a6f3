package rrl.train;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rrl.algo.IqlConfig;
import rrl.algo.ObservationScaling;
import rrl.algo.RiqlConfig;

/**
 * IQL and RIQL learn from data of a trained policy, as TD3+BC does in Td3BcLearningTest: on 20,000 transitions of
 * the shipped Hopper expert policy, within 3,000 updates (the actor's cosine over the whole budget, also when the check
 * stops early: {@link HopperLearningCheck}), the best evaluation reaches at least half of the behaviour policy's return
 * (measured: IQL 1981 at update 1000 and 3346 at 2000, RIQL 3328 at 1000, of 3291). The untrained actor falls at
 * once, so this fails if the losses, the data preparation or the policy plumbing break.
 */
class IqlLearningTest {
    private static OfflineTraining.Config config(rrl.algo.LearnerConfig learner) {
        return new OfflineTraining.Config("Hopper", learner, 3000, 1000, 5, 1000, 0);
    }

    /**
     * With states normalised (CORL's option): on the authors' raw Hopper states the behaviour cloning inside IQL is
     * slow at this budget (measured: best 377 in 3,000 updates, 920 in 15,000; the authors train 1M), while
     * normalised states reach the behaviour return within 2,000.
     */
    @Test
    void iqlReachesHalfOfTheBehaviourReturn(@TempDir Path tmp) {
        HopperLearningCheck.reachesHalf("IQL", config(IqlConfig.defaults().withObservationScaling(ObservationScaling.STATES)
                .withTotalSteps(3000)), tmp);
    }

    @Test
    void riqlReachesHalfOfTheBehaviourReturn(@TempDir Path tmp) {
        HopperLearningCheck.reachesHalf("RIQL", config(RiqlConfig.defaults().withTotalSteps(3000)), tmp);
    }
}
