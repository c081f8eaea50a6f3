package rrl.finetune;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rrl.attack.AttackConfig;
import rrl.data.D4rlDataset;
import rrl.results.RunFolder;

class FineTuningSetupTest {
    @TempDir
    Path tmp;

    /** Fine-tuning's offline data goes through the same q-learning check as offline training, before the attack. */
    @Test
    void offlineDatasetWithoutTransitionsIsRefusedBeforeTheAttack() {
        int n = 3;
        Path file = tmp.resolve("all-timeouts.hdf5");
        D4rlDataset.of(n, 11, 3, new float[n * 11], new float[n * 3], new float[n], new boolean[n],
                new boolean[] {true, true, true}).write(file);
        FineTuningSetup.Spec spec = new FineTuningSetup.Spec("Hopper", "shipped:td3bc-expert", null, file.toString(), null, 0,
                AttackConfig.paper("Hopper", 0), 1, 0);
        RunFolder shared = RunFolder.at(tmp.resolve("study"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FineTuningSetup.prepare(spec, rrl.policy.ShippedPolicies.load("Hopper", "td3bc-expert"),
                        rrl.policy.ShippedPolicies.learner("Hopper", "td3bc-expert"), shared, false, 1));
        assertTrue(e.getMessage().startsWith("no transitions remain after D4RL's q-learning rule"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("study/attack-pi-off")), "the attack must not start");
    }
}
