package rrl.corrupt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rrl.data.D4rlDataset;
import rrl.data.Transitions;
import rrl.random.Rng;

/** RIQL's random and reward corruptions, exact on a known dataset; the file and its masks. */
class DatasetCorruptionTest {
    @TempDir
    Path tmp;

    /** A Hopper-shaped dataset (obs 11, act 3) with a terminal and a timeout, values of distinct scales per dimension. */
    static D4rlDataset known(int n) {
        float[] obs = new float[n * 11];
        float[] act = new float[n * 3];
        float[] rew = new float[n];
        boolean[] term = new boolean[n];
        boolean[] tout = new boolean[n];
        term[n / 3] = true;
        tout[2 * n / 3] = true;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 11; j++) {
                obs[i * 11 + j] = (float) ((j + 1) * Math.sin(0.37 * i + j));
            }
            for (int j = 0; j < 3; j++) {
                act[i * 3 + j] = (float) (0.9 * Math.cos(0.51 * i + 2 * j));
            }
            rew[i] = (float) (1 + Math.sin(0.1 * i));
        }
        return D4rlDataset.of(n, 11, 3, obs, act, rew, term, tout);
    }

    private static double[] std(float[] x, int n, int dim) {
        double[] s = new double[dim];
        for (int j = 0; j < dim; j++) {
            double m = 0;
            for (int k = 0; k < n; k++) {
                m += x[k * dim + j];
            }
            m /= n;
            double v = 0;
            for (int k = 0; k < n; k++) {
                v += (x[k * dim + j] - m) * (x[k * dim + j] - m);
            }
            s[j] = Math.sqrt(v / n);
        }
        return s;
    }

    /**
     * Every number of a random corruption of all four fields, re-derived from the rule: per field in the order obs,
     * act, rew, dyn, one draw per transition (corrupted below the rate), then the corrupted rows' noise row by row;
     * x + U(-range, range) * std for obs, act, dyn, U(-range, range) * 30 for rewards; every other value untouched.
     */
    @Test
    void randomCorruptionFollowsRiqlsRuleExactly() {
        D4rlDataset data = known(400);
        Transitions clean = data.qlearningView();
        int n = clean.count();
        CorruptionConfig c = CorruptionConfig.random(EnumSet.allOf(CorruptionField.class), 7).withRange(0.5);
        CorruptedDataset got = DatasetCorruption.apply(data, c, null);
        Transitions t = got.dataset().qlearningView();
        assertEquals(n, t.count());
        assertEquals(n, got.transitions());

        Rng rng = new Rng(7);
        rng.split(); // the attack's generator, split off first
        float[][] cleanX = {clean.obs(), clean.actions(), null, clean.nextObs()};
        float[][] gotX = {t.obs(), t.actions(), null, t.nextObs()};
        int[] dims = {11, 3, 1, 11};
        for (CorruptionField f : CorruptionField.values()) {
            boolean[] mask = new boolean[n];
            int count = 0;
            for (int k = 0; k < n; k++) {
                mask[k] = rng.nextDouble() < 0.3;
                count += mask[k] ? 1 : 0;
            }
            assertArrayEquals(mask, got.masks().get(f), f.label());
            assertEquals(count, got.corrupted(f));
            if (f == CorruptionField.REWARD) {
                for (int k = 0; k < n; k++) {
                    if (mask[k]) {
                        float want = (float) ((-0.5 + rng.nextDouble()) * 30);
                        assertEquals(want, t.rewards()[k], "reward " + k);
                        assertTrue(Math.abs(t.rewards()[k]) <= 15);
                    } else {
                        assertEquals(clean.rewards()[k], t.rewards()[k]);
                    }
                }
                continue;
            }
            int d = dims[f.ordinal()];
            double[] s = std(cleanX[f.ordinal()], n, d);
            for (int k = 0; k < n; k++) {
                for (int j = 0; j < d; j++) {
                    float x = cleanX[f.ordinal()][k * d + j];
                    float y = gotX[f.ordinal()][k * d + j];
                    if (mask[k]) {
                        float want = (float) (x + (-0.5 + rng.nextDouble()) * s[j]);
                        assertEquals(want, y, 1e-6 * Math.abs(want) + 1e-7, f.label() + " " + k + "," + j);
                        assertTrue(Math.abs(y - x) <= 0.5 * s[j] * (1 + 1e-5) + 1e-6);
                    } else {
                        assertEquals(Float.floatToIntBits(x), Float.floatToIntBits(y), f.label() + " untouched " + k);
                    }
                }
            }
        }
        assertArrayEquals(clean.dones(), t.dones());
        // each field's share is Binomial(n, 0.3): 399 transitions, sd 9.2; within 4 sd
        for (CorruptionField f : CorruptionField.values()) {
            assertEquals(0.3 * n, got.corrupted(f), 4 * Math.sqrt(n * 0.21), f.label());
        }
    }

    @Test
    void sameSeedSameBitsOtherSeedOtherRows() {
        D4rlDataset data = known(300);
        Set<CorruptionField> fs = EnumSet.of(CorruptionField.OBSERVATION, CorruptionField.REWARD);
        CorruptedDataset a = DatasetCorruption.apply(data, CorruptionConfig.random(fs, 3), null);
        CorruptedDataset b = DatasetCorruption.apply(data, CorruptionConfig.random(fs, 3), null);
        CorruptedDataset other = DatasetCorruption.apply(data, CorruptionConfig.random(fs, 4), null);
        assertEquals(a.dataset().sha256(), b.dataset().sha256());
        assertArrayEquals(a.masks().get(CorruptionField.OBSERVATION), b.masks().get(CorruptionField.OBSERVATION));
        assertNotEquals(a.dataset().sha256(), other.dataset().sha256());
        // fields not asked for are untouched, and have no mask
        Transitions clean = data.qlearningView();
        Transitions t = a.dataset().qlearningView();
        assertArrayEquals(clean.actions(), t.actions());
        assertArrayEquals(clean.nextObs(), t.nextObs());
        assertEquals(Set.of(CorruptionField.OBSERVATION, CorruptionField.REWARD), a.masks().keySet());
    }

    /** Rate 0 changes nothing, rate 1 every transition; adversarial rewards are -range * r and need no critic. */
    @Test
    void rateBoundsAndAdversarialReward() {
        D4rlDataset data = known(200);
        Transitions clean = data.qlearningView();
        CorruptedDataset none = DatasetCorruption.apply(data,
                CorruptionConfig.random(EnumSet.allOf(CorruptionField.class), 1).withRate(0), null);
        Transitions t = none.dataset().qlearningView();
        assertArrayEquals(clean.obs(), t.obs());
        assertArrayEquals(clean.rewards(), t.rewards());
        CorruptedDataset all = DatasetCorruption.apply(data,
                CorruptionConfig.adversarial(EnumSet.of(CorruptionField.REWARD), 1).withRate(1).withRange(2), null);
        assertEquals(clean.count(), all.corrupted(CorruptionField.REWARD));
        float[] r = all.dataset().qlearningView().rewards();
        for (int k = 0; k < clean.count(); k++) {
            assertEquals(clean.rewards()[k] * -2f, r[k]);
        }
    }

    @Test
    void fileKeepsTheTransitionsAndTheMasks() {
        D4rlDataset data = known(300);
        CorruptedDataset c = DatasetCorruption.apply(data,
                CorruptionConfig.random(EnumSet.of(CorruptionField.ACTION, CorruptionField.DYNAMICS), 11), null);
        Path file = tmp.resolve("corrupted.hdf5");
        c.write(file);
        D4rlDataset back = D4rlDataset.read(file);
        assertEquals(c.dataset().sha256(), back.sha256());
        Transitions a = c.dataset().qlearningView();
        Transitions b = back.qlearningView();
        assertArrayEquals(a.obs(), b.obs());
        assertArrayEquals(a.nextObs(), b.nextObs());
        assertArrayEquals(a.actions(), b.actions());
        Map<CorruptionField, boolean[]> masks = CorruptedDataset.readMasks(file);
        assertEquals(c.masks().keySet(), masks.keySet());
        for (CorruptionField f : masks.keySet()) {
            assertArrayEquals(c.masks().get(f), masks.get(f), f.label());
        }
        Map<String, String> attrs = CorruptedDataset.readAttributes(file);
        assertEquals("random", attrs.get("mode"));
        assertEquals("act,dyn", attrs.get("fields"));
        assertEquals("0.3", attrs.get("rate"));
        assertEquals("11", attrs.get("seed"));
        assertEquals(data.sha256(), attrs.get("source_sha256"));
        // a clean file has no masks: one line saying so
        Path plain = tmp.resolve("plain.hdf5");
        data.write(plain);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CorruptedDataset.readMasks(plain));
        assertTrue(e.getMessage().contains("rrl datasets corrupt"), e.getMessage());
    }

    @Test
    void badSettingsAreOneLineWithTheFix() {
        Set<CorruptionField> obs = EnumSet.of(CorruptionField.OBSERVATION);
        for (Runnable bad : new Runnable[] {
            () -> CorruptionConfig.random(obs, 0).withRate(1.5),
            () -> CorruptionConfig.random(obs, 0).withRate(-0.1),
            () -> CorruptionConfig.random(obs, 0).withRange(0),
            () -> CorruptionConfig.random(EnumSet.noneOf(CorruptionField.class), 0),
            () -> CorruptionConfig.adversarial(obs, 0).withAttack(0, 0.01, 10)}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, bad::run);
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CorruptionField.parse("obz"));
        assertTrue(e.getMessage().contains("did you mean obs?"), e.getMessage());
        assertEquals(EnumSet.of(CorruptionField.REWARD, CorruptionField.DYNAMICS), CorruptionField.parseList("dyn, rew"));
        assertEquals("corruption field obs is listed twice in 'obs,act,obs'; list each field once", assertThrows(
                IllegalArgumentException.class, () -> CorruptionField.parseList("obs,act,obs")).getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DatasetCorruption.apply(known(50),
                CorruptionConfig.adversarial(obs, 0), null));
        assertTrue(e.getMessage().contains("attacks a critic"), e.getMessage());
        assertEquals(0.01 * 2, CorruptionConfig.adversarial(obs, 0).withRange(2).learningRate(), 1e-15);
        assertEquals(rrl.algo.RiqlTuning.Corruption.ADVERSARIAL_OBSERVATIONS,
                CorruptionConfig.adversarial(obs, 0).riqlTuning().orElseThrow());
        assertTrue(CorruptionConfig.random(EnumSet.of(CorruptionField.OBSERVATION, CorruptionField.ACTION), 0)
                .riqlTuning().isEmpty());
    }
}
