package rrl.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Round trip through real HDF5 files, qlearning view and statistics on a hand-checkable dataset. */
class D4rlDatasetTest {
    @TempDir
    Path tmp;

    /**
     * 7 rows, obs 2, act 1: episode A = rows 0-2 ending in a terminal, episode B = rows 3-5 ending in a
     * timeout, row 6 = trailing partial episode.
     */
    static D4rlDataset small(boolean withInfos) {
        int n = 7;
        float[] obs = new float[n * 2];
        float[] act = new float[n];
        float[] rew = new float[n];
        float[] next = new float[n * 2];
        float[] qpos = new float[n * 3];
        float[] qvel = new float[n];
        for (int i = 0; i < n; i++) {
            obs[2 * i] = i;
            obs[2 * i + 1] = 10 * i;
            next[2 * i] = i + 0.5f;
            next[2 * i + 1] = -i;
            act[i] = -i;
            rew[i] = i + 1;
            for (int j = 0; j < 3; j++) {
                qpos[3 * i + j] = 100 * i + j;
            }
            qvel[i] = 0.25f * i;
        }
        boolean[] term = {false, false, true, false, false, false, false};
        boolean[] tout = {false, false, false, false, false, true, false};
        return withInfos
                ? D4rlDataset.of(n, 2, 1, obs, act, rew, term, tout, next, qpos, 3, qvel, 1)
                : D4rlDataset.of(n, 2, 1, obs, act, rew, term, tout);
    }

    /** A dataset file is replaced whole: a failed write keeps the old file and leaves no temporary file behind. */
    @Test
    void writesAreAtomic() throws Exception {
        int n = 4;
        Path file = tmp.resolve("atomic.hdf5");
        D4rlDataset.of(n, 11, 3, new float[n * 11], new float[n * 3], new float[n], new boolean[n], new boolean[n]).write(file);
        byte[] before = java.nio.file.Files.readAllBytes(file);
        D4rlDataset bigger = D4rlDataset.of(2 * n, 11, 3, new float[2 * n * 11], new float[2 * n * 3], new float[2 * n],
                new boolean[2 * n], new boolean[2 * n]);
        // a directory where the temporary file's move target should be a file: the move fails, the old file stays
        Path blocked = tmp.resolve("blocked.hdf5");
        java.nio.file.Files.createDirectories(blocked.resolve("inside"));
        assertThrows(RuntimeException.class, () -> bigger.write(blocked));
        assertTrue(java.nio.file.Files.isDirectory(blocked), "the target is untouched");
        bigger.write(file);
        assertEquals(2 * n, D4rlDataset.read(file).size());
        assertFalse(java.util.Arrays.equals(before, java.nio.file.Files.readAllBytes(file)));
        try (var names = java.nio.file.Files.list(tmp)) {
            assertEquals(List.of(), names.map(p -> p.getFileName().toString()).filter(s -> s.endsWith(".tmp")).toList(),
                    "no temporary file left");
        }
    }

    @Test
    void roundTripKeepsEveryArray() {
        D4rlDataset ds = small(true);
        Path f = tmp.resolve("sub/ds.hdf5");
        ds.write(f);
        D4rlDataset back = D4rlDataset.read(f);
        assertEquals(ds.size(), back.size());
        assertEquals(2, back.obsDim());
        assertEquals(1, back.actDim());
        assertArrayEquals(ds.actions(), back.actions());
        DatasetAssertions.assertSameButActions(ds, back);
        assertEquals(3, back.qposDim());
        assertEquals(1, back.qvelDim());
    }

    @Test
    void roundTripWithoutOptionalKeys() {
        D4rlDataset ds = small(false);
        Path f = tmp.resolve("plain.hdf5");
        ds.write(f);
        D4rlDataset back = D4rlDataset.read(f);
        assertFalse(back.hasNextObservations());
        assertNull(back.qpos());
        assertNull(back.qvel());
        assertArrayEquals(ds.observations(), back.observations());
        assertArrayEquals(ds.terminals(), back.terminals());
    }

    @Test
    void accessorsReturnCopies() {
        D4rlDataset ds = small(false);
        ds.observations()[0] = 99;
        ds.terminals()[0] = true;
        assertEquals(0f, ds.observation(0, 0));
        assertFalse(ds.terminal(0));
        assertThrows(IndexOutOfBoundsException.class, () -> ds.observation(0, 2));
    }

    @Test
    void qlearningViewDropsTimeoutsAndLastRow() {
        Transitions t = small(false).qlearningView();
        // rows 0..5 have a successor; row 5 is a timeout -> kept rows 0,1,2,3,4
        assertEquals(5, t.count());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5}, t.rewards());
        assertArrayEquals(new float[] {0, 0, 1, 0, 0}, t.dones());
        assertArrayEquals(new float[] {0, -1, -2, -3, -4}, t.actions());
        for (int k = 0; k < t.count(); k++) {
            // next observation is observations[i+1], never the stored next_observations
            assertEquals(t.obs()[2 * k] + 1, t.nextObs()[2 * k]);
            assertEquals(t.obs()[2 * k + 1] + 10, t.nextObs()[2 * k + 1]);
        }
    }

    /**
     * A file whose q-learning view is empty (every row a timeout, or one row: D4RL turns neither into a
     * transition) is refused with the rule and what to do, not left to fail later as a NaN normaliser.
     */
    @Test
    void emptyQlearningViewSaysWhyAndWhatToDo() {
        Path allTimeouts = tmp.resolve("all-timeouts.hdf5");
        D4rlDataset.of(4, 2, 1, new float[8], new float[4], new float[4], new boolean[4],
                new boolean[] {true, true, true, true}).write(allTimeouts);
        Path oneRow = tmp.resolve("one-row.hdf5");
        D4rlDataset.of(1, 2, 1, new float[2], new float[1], new float[1], new boolean[1], new boolean[1]).write(oneRow);
        for (Path f : List.of(allTimeouts, oneRow)) {
            D4rlDataset ds = D4rlDataset.read(f);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, ds::qlearningView);
            String m = e.getMessage();
            assertTrue(m.startsWith("no transitions remain after D4RL's q-learning rule (a row whose timeout flag is "
                    + "set, or the last row, yields no transition)"), m);
            assertTrue(m.contains("use a dataset with complete transitions"), m);
            assertFalse(m.contains("\n"), m);
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> D4rlDataset.read(allTimeouts).qlearningView())
                .getMessage().contains("4 row(s), 4 with the timeout flag"));
        // one complete transition is enough
        assertEquals(1, D4rlDataset.of(2, 2, 1, new float[4], new float[2], new float[2], new boolean[2],
                new boolean[] {false, true}).qlearningView().count());
    }

    @Test
    void statisticsCountsPartialEpisodeAndReturns() {
        DatasetStatistics s = small(false).statistics();
        assertEquals(3, s.episodes());
        assertEquals(List.of(6.0, 15.0, 7.0), s.episodeReturns());
        assertEquals(6.0, s.minReturn());
        assertEquals(15.0, s.maxReturn());
        assertEquals(28.0 / 3, s.meanReturn(), 1e-12);
        assertArrayEquals(new double[] {3, 30}, s.obsMean(), 1e-9);
        assertArrayEquals(new double[] {2, 20}, s.obsStd(), 1e-9); // population std of 0..6 is 2
    }

    @Test
    void statisticsOfDatasetEndingOnATimeoutHasNoExtraEpisode() {
        D4rlDataset ds = D4rlDataset.of(2, 1, 1, new float[] {1, 1}, new float[] {0, 0}, new float[] {2, 3},
                new boolean[] {false, false}, new boolean[] {false, true});
        DatasetStatistics s = ds.statistics();
        assertEquals(1, s.episodes());
        assertEquals(5.0, s.maxReturn());
        assertArrayEquals(new double[] {0}, s.obsStd());
    }

    @Test
    void constructorRejectsWrongLengths() {
        D4rlFormatException e = assertThrows(D4rlFormatException.class, () -> D4rlDataset.of(2, 1, 1,
                new float[] {1, 2}, new float[] {0}, new float[] {0, 0}, new boolean[2], new boolean[2]));
        assertTrue(e.getMessage().contains("actions has 1 values, expected 2 rows"), e.getMessage());
    }

    /** D4RL's episode split: a terminal or timeout row ends an episode; trailing unflagged rows are the last one. */
    @Test
    void episodeStartsFollowTerminalsAndTimeouts() {
        assertArrayEquals(new int[] {0, 3, 6}, small(false).episodeStarts());
        boolean[] endsFlagged = {false, true};
        assertArrayEquals(new int[] {0}, D4rlDataset.of(2, 1, 1, new float[2], new float[2], new float[2],
                endsFlagged, new boolean[2]).episodeStarts());
        assertArrayEquals(new int[0], D4rlDataset.of(0, 1, 1, new float[0], new float[0], new float[0],
                new boolean[0], new boolean[0]).episodeStarts());
        assertEquals(3, small(false).statistics().episodes());
    }

    /** Other actions, every other array value for value the same; the new actions are copied and checked. */
    @Test
    void withActionsChangesOnlyTheActions() {
        D4rlDataset d = small(true);
        float[] act = new float[7];
        java.util.Arrays.fill(act, 0.5f);
        D4rlDataset e = d.withActions(act);
        act[0] = 9f;
        assertEquals(0.5f, e.action(0, 0));
        DatasetAssertions.assertSameButActions(d, e);
        assertThrows(D4rlFormatException.class, () -> d.withActions(new float[6]));
        act[1] = Float.NaN;
        assertThrows(D4rlFormatException.class, () -> d.withActions(act));
    }
}
