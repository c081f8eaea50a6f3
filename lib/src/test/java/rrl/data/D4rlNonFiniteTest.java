package rrl.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** NaN or Infinity anywhere in a D4RL file's numbers is refused at load, naming file, key, row and column. */
class D4rlNonFiniteTest {
    @TempDir
    Path tmp;

    private Path file(String key, int row, int col, float bad) {
        float[][] obs = {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}};
        float[][] act = {{0.1f, 0.2f}, {0.3f, 0.4f}, {0.5f, 0.6f}};
        float[] rew = {1, 2, 3};
        float[][] next = {{4, 5, 6}, {7, 8, 9}, {1, 1, 1}};
        switch (key) {
            case "observations" -> obs[row][col] = bad;
            case "actions" -> act[row][col] = bad;
            case "rewards" -> rew[row] = bad;
            case "next_observations" -> next[row][col] = bad;
            default -> throw new IllegalArgumentException(key);
        }
        Path f = tmp.resolve(key + "-" + row + "-" + col + ".hdf5");
        try (WritableHdfFile w = HdfFile.write(f)) {
            w.putDataset("observations", obs);
            w.putDataset("actions", act);
            w.putDataset("rewards", rew);
            w.putDataset("terminals", new byte[] {0, 0, 1});
            w.putDataset("timeouts", new byte[] {0, 0, 0});
            w.putDataset("next_observations", next);
        }
        return f;
    }

    @ParameterizedTest
    @CsvSource({"observations, 1, 2, NaN", "actions, 2, 1, Infinity", "rewards, 1, 0, -Infinity",
            "next_observations, 0, 0, NaN"})
    void nonFiniteValueNamesFileKeyRowAndColumn(String key, int row, int col, float bad) {
        Path f = file(key, row, col, bad);
        D4rlFormatException e = assertThrows(D4rlFormatException.class, () -> D4rlDataset.read(f));
        String where = f + ": " + key + " row " + row + (key.equals("rewards") ? "" : " column " + col) + " is "
                + bad + "; D4RL data must be finite.";
        assertTrue(e.getMessage().startsWith(where), e.getMessage());
        assertTrue(e.getMessage().contains("regenerate the file"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void finiteFileStillLoads() {
        Path f = file("rewards", 0, 0, -1e30f);
        assertEquals(3, D4rlDataset.read(f).size());
    }
}
