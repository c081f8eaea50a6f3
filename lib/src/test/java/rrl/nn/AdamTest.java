package rrl.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import rrl.checkpoint.Checkpoint;

class AdamTest {
    /**
     * torch.optim.Adam's first step with eps = 0.1 (large on purpose, so where eps is added matters):
     * m_hat = g, v_hat = g^2, update = lr * g / (|g| + eps) = 0.1 * 0.5 / 0.6. An implementation adding eps
     * before the bias correction (as ND4J does) would move the parameter by about 0.0137 instead.
     */
    @Test
    void firstStepFollowsPyTorchsFormula() {
        Adam adam = new Adam(new Adam.Config(0.1, 0.9, 0.999, 0.1), 1);
        float[] p = {1f};
        adam.step(p, new float[] {0.5f});
        assertEquals(1.0 - 0.1 * 0.5 / 0.6, p[0], 1e-6);
    }

    /** With a constant gradient the bias-corrected moments stay exactly g and g^2: each step moves lr. */
    @Test
    void constantGradientMovesLrPerStep() {
        Adam adam = new Adam(new Adam.Config(0.01, 0.9, 0.999, 1e-8), 2);
        float[] p = {0f, 0f};
        for (int t = 0; t < 100; t++) {
            adam.step(p, new float[] {2f, -0.25f});
        }
        assertEquals(-1.0, p[0], 1e-4);
        assertEquals(1.0, p[1], 1e-4);
        assertEquals(100, adam.steps());
    }

    /** CosineAnnealingLR's closed form, lr (1 + cos(pi t / T)) / 2, at known points; 0 after T. */
    @Test
    void cosineScheduleFollowsTheClosedForm() {
        LrSchedule s = LrSchedule.cosine(8);
        assertEquals(0.3, s.rate(0.3, 0), 0);
        assertEquals(0.3 * (1 + Math.sqrt(0.5)) / 2, s.rate(0.3, 2), 1e-16);
        assertEquals(0.15, s.rate(0.3, 4), 1e-16);
        assertEquals(0.3 * (1 - Math.sqrt(0.5)) / 2, s.rate(0.3, 6), 1e-16);
        assertEquals(0.0, s.rate(0.3, 8), 0);
        assertEquals(0.0, s.rate(0.3, 20), 0);
        assertEquals(0.3, LrSchedule.constant().rate(0.3, 1_000_000), 0);
        assertThrows(IllegalArgumentException.class, () -> LrSchedule.cosine(0));
    }

    /**
     * With a constant gradient and eps = 0, Adam's bias-corrected step is exactly lr_t in size, so the
     * parameter's moves are the schedule's rates: step k (from 1) moves lr_{k-1}, as PyTorch steps its scheduler
     * after the optimiser. Bound 1e-5 of lr: beta2 = 0.999 in float is 0.99900001, which makes the float second
     * moment 6.4e-6 off the double bias correction (PyTorch's float32 Adam has the same).
     */
    @Test
    void eachStepMovesByTheScheduledRate() {
        int total = 10;
        Adam adam = new Adam(new Adam.Config(0.01, 0.9, 0.999, 0, LrSchedule.cosine(total)), 1);
        float[] p = {0f};
        for (int k = 1; k <= total + 2; k++) {
            double expected = 0.01 * (k - 1 >= total ? 0 : (1 + Math.cos(Math.PI * (k - 1) / total)) / 2);
            assertEquals(expected, adam.learningRate(), 1e-18);
            float before = p[0];
            adam.step(p, new float[] {0.5f});
            assertEquals(-expected, p[0] - before, 1e-5 * 0.01, "step " + k);
        }
    }

    /** A constant schedule is the former update, bit for bit (it hands the configured rate through unchanged). */
    @Test
    void constantScheduleIsTheDefault() {
        Adam.Config plain = new Adam.Config(3e-4, 0.9, 0.999, 1e-8);
        assertEquals(LrSchedule.constant(), plain.schedule());
        assertEquals(plain, plain.withSchedule(LrSchedule.constant()));
    }

    /** Saved after 4 of 10 cosine steps and restored into a fresh optimiser, it continues the schedule exactly. */
    @Test
    void restoredOptimiserContinuesTheSchedule() {
        Adam.Config cfg = new Adam.Config(0.05, 0.9, 0.999, 1e-8, LrSchedule.cosine(10));
        SplittableRandom rng = new SplittableRandom(3);
        float[][] grads = new float[10][40];
        for (float[] g : grads) {
            for (int i = 0; i < g.length; i++) {
                g[i] = (float) rng.nextGaussian();
            }
        }
        Adam straight = new Adam(cfg, 40);
        float[] a = new float[40];
        for (float[] g : grads) {
            straight.step(a, g);
        }
        Adam first = new Adam(cfg, 40);
        float[] b = new float[40];
        for (int t = 0; t < 4; t++) {
            first.step(b, grads[t]);
        }
        Checkpoint c = Checkpoint.create("test");
        first.save(c, "adam");
        Adam resumed = new Adam(cfg, 40);
        resumed.restore(c, "adam");
        assertEquals(4, resumed.steps());
        assertEquals(first.learningRate(), resumed.learningRate(), 0);
        for (int t = 4; t < 10; t++) {
            resumed.step(b, grads[t]);
        }
        assertArrayEquals(a, b);
        assertEquals(0.0, resumed.learningRate(), 0);
    }
}
