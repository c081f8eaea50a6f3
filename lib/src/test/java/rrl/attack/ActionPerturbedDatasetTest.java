package rrl.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rrl.data.D4rlDataset;
import rrl.io.NumericCsv;
import rrl.random.Rng;

class ActionPerturbedDatasetTest {
    private static final int OBS = 4;
    private static final int ACT = 3;

    @TempDir
    Path tmp;

    /**
     * 40 rows: episodes end at a terminal (row 9), a timeout (row 19), a terminal (row 31); rows 32-39 are a last
     * episode cut by the size. Actions in [-0.7, 0.7] (no clipping with eps 0.3) and never 0, so the delta of every
     * row can be read back from its action.
     */
    static D4rlDataset source() {
        int n = 40;
        Rng r = new Rng(11);
        float[] obs = new float[n * OBS];
        float[] next = new float[n * OBS];
        float[] act = new float[n * ACT];
        float[] rew = new float[n];
        float[] qpos = new float[n * 2];
        float[] qvel = new float[n * 2];
        for (int k = 0; k < obs.length; k++) {
            obs[k] = (float) r.nextGaussian();
            next[k] = (float) r.nextGaussian();
        }
        for (int k = 0; k < act.length; k++) {
            act[k] = (float) ((0.1 + 0.6 * r.nextDouble()) * (r.nextBoolean() ? 1 : -1));
        }
        for (int i = 0; i < n; i++) {
            rew[i] = (float) r.nextDouble();
        }
        for (int k = 0; k < qpos.length; k++) {
            qpos[k] = (float) r.nextDouble();
            qvel[k] = (float) r.nextDouble();
        }
        boolean[] term = new boolean[n];
        boolean[] tout = new boolean[n];
        term[9] = true;
        tout[19] = true;
        term[31] = true;
        return D4rlDataset.of(n, OBS, ACT, obs, act, rew, term, tout, next, qpos, 2, qvel, 2);
    }

    /** Each row's delta read back from its stored action: stored / source - 1. */
    private static double[] impliedDelta(D4rlDataset src, D4rlDataset out, int row) {
        double[] d = new double[ACT];
        for (int j = 0; j < ACT; j++) {
            d[j] = out.action(row, j) / (double) src.action(row, j) - 1;
        }
        return d;
    }

    @Test
    void randomDeltaIsConstantWithinAnEpisodeAndDrawnAnewForEach() {
        D4rlDataset src = source();
        ActionPerturbedDataset p = ActionPerturbedDataset.random(src, 0.3, 5, true);
        D4rlDataset out = p.dataset();
        assertEquals(4, p.episodes());
        assertArrayEquals(new int[] {0, 10, 20, 32}, new int[] {p.episodeStart(0), p.episodeStart(1), p.episodeStart(2),
                p.episodeStart(3)});
        assertEquals(0, p.valuesOutsideActionSpace());
        for (int e = 0; e < p.episodes(); e++) {
            double[] delta = p.episodeDelta(e);
            for (double v : delta) {
                assertTrue(Math.abs(v) <= 0.3, "delta within [-eps, eps]: " + v);
            }
            int end = e + 1 < p.episodes() ? p.episodeStart(e + 1) : src.size();
            for (int i = p.episodeStart(e); i < end; i++) {
                // independent of the recorded deltas: what the stored actions themselves say
                assertArrayEquals(delta, impliedDelta(src, out, i), 1e-5, "row " + i + " of episode " + e);
                for (int j = 0; j < ACT; j++) {
                    assertEquals((float) (src.action(i, j) + delta[j] * src.action(i, j)), out.action(i, j), 0f);
                }
            }
            if (e > 0) {
                assertFalse(java.util.Arrays.equals(delta, p.episodeDelta(e - 1)), "a new draw per episode");
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameFileAndAnotherSeedAnother() throws Exception {
        D4rlDataset src = source();
        Path a = tmp.resolve("a.hdf5");
        Path b = tmp.resolve("b.hdf5");
        ActionPerturbedDataset.random(src, 0.3, 7, true).write(a, Map.of());
        ActionPerturbedDataset.random(source(), 0.3, 7, true).write(b, Map.of());
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        assertArrayEquals(Files.readAllBytes(ActionPerturbedDataset.deltasFile(a)),
                Files.readAllBytes(ActionPerturbedDataset.deltasFile(b)));
        assertNotEquals(ActionPerturbedDataset.random(src, 0.3, 7, true).dataset().sha256(),
                ActionPerturbedDataset.random(src, 0.3, 8, true).dataset().sha256());
    }

    @Test
    void adversarialAppliesTheGivenDeltaToEveryRow() {
        D4rlDataset src = source();
        double[] delta = {-0.3, 0.1, 0.25};
        ActionPerturbedDataset p = ActionPerturbedDataset.adversarial(src, 0.3, delta, true);
        for (int i = 0; i < src.size(); i++) {
            assertArrayEquals(delta, impliedDelta(src, p.dataset(), i), 1e-5, "row " + i);
        }
        for (int e = 0; e < p.episodes(); e++) {
            assertArrayEquals(delta, p.episodeDelta(e), 0.0);
        }
        assertThrows(IllegalArgumentException.class, () -> ActionPerturbedDataset.adversarial(src, 0.3,
                new double[] {0.1, 0.1}, true));
        IllegalArgumentException outside = assertThrows(IllegalArgumentException.class,
                () -> ActionPerturbedDataset.adversarial(src, 0.3, new double[] {0.1, 0.45, 0.1}, true));
        assertTrue(outside.getMessage().contains("outside [-0.3, 0.3]"), outside.getMessage());
    }

    /** Everything but the actions is the source's, value for value, after a round trip through the written file. */
    @Test
    void everythingButActionsIsTheSource() {
        D4rlDataset src = source();
        Path file = tmp.resolve("p.hdf5");
        ActionPerturbedDataset.random(src, 0.3, 1, true).write(file, Map.of());
        D4rlDataset back = D4rlDataset.read(file);
        rrl.data.DatasetAssertions.assertSameButActions(src, back);
        assertFalse(java.util.Arrays.equals(src.actions(), back.actions()));
        // the per-episode CSV: episode, start row, delta
        NumericCsv.Table t = NumericCsv.read(ActionPerturbedDataset.deltasFile(file), 2 + ACT, "deltas");
        assertEquals(4, t.rows().length);
        assertEquals(20.0, t.rows()[2][1]);
        assertArrayEquals(impliedDelta(src, back, 20), java.util.Arrays.copyOfRange(t.rows()[2], 2, 2 + ACT), 1e-5);
    }

    /** a + delta * a beyond [-1, 1] is clipped by default and kept with clip off; both are counted. */
    @Test
    void clipsToTheActionSpaceUnlessAskedNotTo() {
        int n = 2;
        float[] act = {0.9f, -0.95f, 0.5f, 1.0f, -1.0f, 0.0f};
        D4rlDataset src = D4rlDataset.of(n, 1, 3, new float[n], act, new float[n], new boolean[n], new boolean[n]);
        double[] delta = {0.3, 0.3, -0.3};
        ActionPerturbedDataset clipped = ActionPerturbedDataset.adversarial(src, 0.3, delta, true);
        assertArrayEquals(new float[] {1f, -1f, 0.35f, 1f, -1f, 0f}, clipped.dataset().actions(), 1e-7f);
        assertEquals(4, clipped.valuesOutsideActionSpace());
        ActionPerturbedDataset raw = ActionPerturbedDataset.adversarial(src, 0.3, delta, false);
        assertArrayEquals(new float[] {1.17f, -1.235f, 0.35f, 1.3f, -1.3f, 0f}, raw.dataset().actions(), 1e-6f);
        assertEquals(4, raw.valuesOutsideActionSpace());
    }

    @Test
    void refusesToWriteOverItsSource() {
        Path file = tmp.resolve("src.hdf5");
        source().write(file);
        ActionPerturbedDataset p = ActionPerturbedDataset.random(D4rlDataset.read(file), 0.3, 0, true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.write(file, Map.of()));
        assertTrue(e.getMessage().contains("is the source dataset"), e.getMessage());
        assertEquals(source().sha256(), D4rlDataset.read(file).sha256());
    }
}
