package rrl.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rrl.algo.Td3Config;
import rrl.checkpoint.Checkpoint;
import rrl.data.D4rlDataset;
import rrl.data.DatasetCollector;
import rrl.env.Environments;
import rrl.policy.Policies;

class OfflineTrainingTest {
    @TempDir
    Path tmp;

    private static OfflineTraining.Config small() {
        return OfflineTraining.Config.td3bc("Hopper", 600, 200, 2, 4, Td3Config.td3bc().withHidden(32, 32).withBatchSize(32));
    }

    @Test
    void resumedRunEndsWithTheSameWeights() {
        D4rlDataset data = DatasetCollector.collect(Environments.task("Hopper"), Policies.uniformRandom(2), 3000, 4, 2, null);
        OfflineTraining.Result full = OfflineTraining.run(data, small(), tmp.resolve("a"), false);
        // a run that only got to update 400 (its last checkpoint), then resumed
        OfflineTraining.Config first = OfflineTraining.Config.td3bc("Hopper", 400, 200, 2, 4, (Td3Config) small().learner());
        OfflineTraining.run(data, first, tmp.resolve("b"), false);
        OfflineTraining.Result resumed = OfflineTraining.run(data, small(), tmp.resolve("b"), false);
        assertEquals(full.curve(), resumed.curve());
        assertArrayEquals(Checkpoint.read(tmp.resolve("a/training.ckpt")).tensor("q2"),
                Checkpoint.read(tmp.resolve("b/training.ckpt")).tensor("q2"));
        assertEquals(3, full.curve().size());
    }

    /** Offline training refuses a dataset with no q-learning transitions before it writes anything. */
    @Test
    void datasetWithoutTransitionsIsRefusedBeforeTraining() {
        int n = 5;
        boolean[] timeouts = new boolean[n];
        java.util.Arrays.fill(timeouts, true);
        D4rlDataset data = D4rlDataset.of(n, 11, 3, new float[n * 11], new float[n * 3], new float[n], new boolean[n],
                timeouts);
        Path run = tmp.resolve("run");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OfflineTraining.run(data, small(), run, false));
        assertTrue(e.getMessage().startsWith("no transitions remain after D4RL's q-learning rule"), e.getMessage());
        assertTrue(!java.nio.file.Files.exists(run), "nothing written before the check");
    }

    @Test
    void datasetOfAnotherEnvironmentIsRefused() {
        D4rlDataset data = DatasetCollector.collect(Environments.task("Hopper"), Policies.uniformRandom(2), 200, 2, 2, null);
        OfflineTraining.Config c = OfflineTraining.Config.td3bc("Walker2d", 10, 5, 1, 0, Td3Config.td3bc());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OfflineTraining.run(data, c, null, false));
        assertTrue(e.getMessage().contains("observation 11, action 3 but Walker2d has 17, 6"), e.getMessage());
    }
}
