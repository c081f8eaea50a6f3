package rrl.train;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rrl.algo.Td3Config;

/**
 * TD3+BC learns from data of a trained policy: on 20,000 transitions of the shipped Hopper expert policy, within
 * 3,000 updates its best evaluation reaches at least half of the behaviour policy's return ({@link HopperLearningCheck};
 * measured: 3267 of 3291 at update 1000). Uniform random actions reach about 2% of it (quickstart notebook), and the
 * untrained actor falls at once, so this fails if learning, normalisation or the policy plumbing breaks.
 */
class Td3BcLearningTest {
    @Test
    void reachesHalfOfTheBehaviourReturnWithinTheCiBudget(@TempDir Path tmp) {
        HopperLearningCheck.reachesHalf("TD3+BC", OfflineTraining.Config.td3bc("Hopper", 3000, 1000, 5, 0, Td3Config.td3bc()),
                tmp);
    }
}
