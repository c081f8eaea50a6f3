package rrl.corrupt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import rrl.algo.SacConfig;
import rrl.env.Environments;
import rrl.env.VectorEnv;
import rrl.nn.ObservationNormalizer;
import rrl.replay.MixedSampler;
import rrl.replay.RingReplay;
import rrl.train.OnlineInteraction;
import rrl.train.TransitionHook;

/** RPEX's online corruption: probability 0.5 per field, scale 1, what is stored, and the clean next state. */
class OnlineCorruptionTest {
    private static final float[] ACT_STD = {0.2f, 0.4f, 0.6f};

    private static double[] seq(int n, double base) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = base + 0.1 * i;
        }
        return x;
    }

    /**
     * Over 4,000 steps each field is corrupted in about half of them, independently; a corrupted value lies within
     * one std (reward within 30) of the clean one, an uncorrupted value is left exactly as it was.
     */
    @Test
    void eachFieldHalfTheTimeWithinScale() {
        OnlineCorruption c = OnlineCorruption.normalised(EnumSet.allOf(CorruptionField.class), 11, ACT_STD, 5);
        int steps = 4000;
        int[] hits = new int[4];
        int both = 0;
        for (long t = 0; t < steps; t++) {
            double[] obs = seq(11, 1);
            double[] next = seq(11, 2);
            double[] act = seq(3, -0.1);
            double[] rew = {0.7};
            c.beforeStore(t, obs, act, rew, next, false);
            boolean[] hit = {!java.util.Arrays.equals(obs, seq(11, 1)), !java.util.Arrays.equals(act, seq(3, -0.1)),
                rew[0] != 0.7, !java.util.Arrays.equals(next, seq(11, 2))};
            for (int f = 0; f < 4; f++) {
                hits[f] += hit[f] ? 1 : 0;
            }
            both += hit[0] && hit[3] ? 1 : 0;
            for (int j = 0; j < 11; j++) {
                assertTrue(Math.abs(obs[j] - (1 + 0.1 * j)) <= 1 && Math.abs(next[j] - (2 + 0.1 * j)) <= 1);
            }
            for (int j = 0; j < 3; j++) {
                assertTrue(Math.abs(act[j] - (-0.1 + 0.1 * j)) <= ACT_STD[j]);
            }
            assertTrue(Math.abs(rew[0]) <= 30);
        }
        for (CorruptionField f : CorruptionField.values()) {
            // Binomial(4000, 0.5): sd 31.6; within 4 sd
            assertEquals(steps / 2.0, hits[f.ordinal()], 4 * Math.sqrt(steps * 0.25), f.label());
            assertEquals(hits[f.ordinal()], c.corrupted(f), f.label());
        }
        assertEquals(steps / 4.0, both, 4 * Math.sqrt(steps * 0.1875), "obs and dyn are corrupted by separate coins");
        assertEquals(steps, c.seen());
    }

    /** The draws of step t depend on (seed, t) alone: a resumed run corrupts step t as an uninterrupted one does. */
    @Test
    void drawsDependOnSeedAndStepOnly() {
        OnlineCorruption a = OnlineCorruption.normalised(EnumSet.of(CorruptionField.DYNAMICS), 11, ACT_STD, 9);
        OnlineCorruption b = OnlineCorruption.normalised(EnumSet.of(CorruptionField.DYNAMICS), 11, ACT_STD, 9);
        double[][] fromA = new double[50][];
        for (int t = 0; t < 50; t++) {
            fromA[t] = seq(11, 0);
            a.beforeStore(t, seq(11, 0), seq(3, 0), new double[1], fromA[t], false);
        }
        for (int t = 49; t >= 0; t--) { // another order, another object
            double[] next = seq(11, 0);
            b.beforeStore(t, seq(11, 0), seq(3, 0), new double[1], next, false);
            assertArrayEquals(fromA[t], next, "step " + t);
        }
        OnlineCorruption other = OnlineCorruption.normalised(EnumSet.of(CorruptionField.DYNAMICS), 11, ACT_STD, 10);
        int differ = 0;
        for (int t = 0; t < 50; t++) {
            double[] next = seq(11, 0);
            other.beforeStore(t, seq(11, 0), seq(3, 0), new double[1], next, false);
            differ += java.util.Arrays.equals(next, fromA[t]) ? 0 : 1;
        }
        assertTrue(differ > 10);
    }

    /** The code's zeroing of uncorrupted rewards is an option: off, they are kept; on, they become 0. */
    @Test
    void zeroingUncorruptedRewardsIsAnOption() {
        OnlineCorruption kept = OnlineCorruption.normalised(EnumSet.of(CorruptionField.REWARD), 11, ACT_STD, 1);
        OnlineCorruption zeroed = kept.zeroingCleanRewards();
        int clean = 0;
        for (long t = 0; t < 200; t++) {
            double[] r1 = {2.5};
            double[] r2 = {2.5};
            kept.beforeStore(t, seq(11, 0), seq(3, 0), r1, seq(11, 0), false);
            zeroed.beforeStore(t, seq(11, 0), seq(3, 0), r2, seq(11, 0), false);
            if (r1[0] == 2.5) {
                clean++;
                assertEquals(0.0, r2[0], "uncorrupted reward zeroed, step " + t);
            } else {
                assertEquals(r1[0], r2[0], "the same corrupted reward, step " + t);
            }
        }
        assertTrue(clean > 50 && clean < 150, "clean " + clean);
        assertThrows(IllegalArgumentException.class, () -> OnlineCorruption.normalised(
                EnumSet.noneOf(CorruptionField.class), 11, ACT_STD, 0));
    }

    /**
     * As the hook of a real online run: the stored next observation is corrupted in about half of the transitions while
     * the next stored observation (where the agent continued from) is the clean one.
     */
    @Test
    void storedTransitionCorruptedAgentContinuesClean() {
        SacConfig sac = SacConfig.defaults().withHidden(16, 16).withBatchSize(8).withStartSteps(1000);
        OnlineCorruption c = OnlineCorruption.normalised(EnumSet.of(CorruptionField.DYNAMICS), 11, ACT_STD, 4);
        TransitionHook hook = c::beforeStore;
        int steps = 60;
        try (VectorEnv env = new VectorEnv(Environments.task("Hopper"), 1, 1, true)) {
            env.reset(3);
            RingReplay replay = new RingReplay(1000, 11, 3);
            OnlineInteraction s = new OnlineInteraction(sac.create(11, 3, 3), env, env, ObservationNormalizer.identity(11),
                    replay, new MixedSampler(null, replay, 0.0), 1000, 1, hook, 3);
            s.begin();
            for (int i = 0; i < steps; i++) {
                s.step();
            }
            float[] obs = replay.observationsView();
            float[] next = replay.nextObservationsView();
            float[] done = replay.donesView();
            int corrupted = 0;
            int compared = 0;
            for (int i = 0; i + 1 < steps; i++) {
                if (done[i] != 0 || !sameEpisode(obs, next, i)) {
                    continue; // an episode boundary: the next row starts from a reset
                }
                compared++;
                float[] stored = java.util.Arrays.copyOfRange(next, i * 11, i * 11 + 11);
                float[] continued = java.util.Arrays.copyOfRange(obs, (i + 1) * 11, (i + 2) * 11);
                if (!java.util.Arrays.equals(stored, continued)) {
                    corrupted++;
                    for (int j = 0; j < 11; j++) {
                        assertTrue(Math.abs(stored[j] - continued[j]) <= 1.0001, "within one std");
                    }
                }
            }
            assertTrue(compared > 20, "compared " + compared);
            assertTrue(c.corrupted(CorruptionField.DYNAMICS) >= corrupted);
            assertTrue(corrupted > compared / 5 && corrupted < compared * 4 / 5, corrupted + " of " + compared);
            assertNotEquals(0, corrupted);
        }
    }

    /** Whether row i + 1 continues row i's episode (its observation within one unit of row i's stored next one). */
    private static boolean sameEpisode(float[] obs, float[] next, int i) {
        for (int j = 0; j < 11; j++) {
            if (Math.abs(obs[(i + 1) * 11 + j] - next[i * 11 + j]) > 1.0001) {
                return false;
            }
        }
        return true;
    }

    /**
     * A fine-tuning run's corruption: observation std 1 when the offline run normalises (the hook sees normalised
     * observations), else the data's population std per dimension; the action std always the data's.
     */
    @Test
    void stdsFromTheOfflineData() {
        // observations (1, 10), (3, 10): std (1, 0); actions (0.5), (-0.5): std 0.5
        rrl.data.Transitions raw = new rrl.data.Transitions(new float[] {1, 10, 3, 10}, new float[] {0.5f, -0.5f},
                new float[2], new float[4], new float[2], 2, 2, 1);
        OnlineCorruption normalised = OnlineCorruption.forOfflineData(EnumSet.of(CorruptionField.OBSERVATION), raw, true,
                false, 1);
        assertArrayEquals(new float[] {1, 1}, normalised.obsStd());
        assertArrayEquals(new float[] {0.5f}, normalised.actStd());
        OnlineCorruption rawUnits = OnlineCorruption.forOfflineData(EnumSet.of(CorruptionField.REWARD), raw, false,
                true, 1);
        assertArrayEquals(new float[] {1, 0}, rawUnits.obsStd());
        assertTrue(rawUnits.zeroesCleanRewards());
    }
}
