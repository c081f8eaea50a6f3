package rrl.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

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
}
