package rrl.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import rrl.nn.GradientCheck;

/**
 * The tanh-Gaussian maths on its own, in double where the test computes the loss. SAC's use of it (its
 * actor loss gradient and exact numbers) is checked in SacTest and CriticEnsembleTest.
 */
class TanhGaussianTest {
    private static final double MIN = TanhGaussian.LOG_STD_MIN;
    private static final double MAX = TanhGaussian.LOG_STD_MAX;

    /** Network output rows (means, raw log stds) for n rows of 3 actions; one raw log std above the clamp. */
    private static float[] output(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] y = new float[n * 6];
        for (int b = 0; b < n; b++) {
            for (int j = 0; j < 3; j++) {
                y[b * 6 + j] = (float) rng.nextDouble(-1, 1);
                y[b * 6 + 3 + j] = (float) rng.nextDouble(-1.5, 0.5);
            }
        }
        y[4] = 3f; // clamped to LOG_STD_MAX = 2: no gradient
        return y;
    }

    private static float[] gaussian(int size, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = (float) rng.nextGaussian();
        }
        return v;
    }

    @Test
    void sampleIsTanhOfTheReparameterisedGaussianWithItsLogDensity() {
        float[] row = {0.3f, -0.7f}; // one action dimension: mean 0.3, log std -0.7
        float[] eps = {1.25f};
        float[] a = new float[1];
        float[] logp = new float[1];
        TanhGaussian.sample(row, 1, 1, eps, MIN, MAX, a, logp);
        double u = 0.3f + Math.exp(-0.7f) * 1.25;
        double expectedA = Math.tanh(u);
        assertEquals((float) expectedA, a[0]);
        // log N(u; mu, std) - log(1 - a^2 + 1e-6), written the long way
        double std = Math.exp(-0.7f);
        double logN = -0.5 * Math.pow((u - 0.3f) / std, 2) - Math.log(std) - 0.5 * Math.log(2 * Math.PI);
        assertEquals(logN - Math.log(1 - expectedA * expectedA + 1e-6), logp[0], 1e-6);
        assertEquals(2.0, TanhGaussian.clampLogStd(5, MIN, MAX), 0);
        assertEquals(-20.0, TanhGaussian.clampLogStd(-25, MIN, MAX), 0);
    }

    /**
     * The log-density of a sampled action, recomputed from the action alone, is the sample's own. Moderate
     * means and stds keep |a| below ~0.98: the action is rounded to float, and atanh magnifies that by
     * 1 / (1 - a^2).
     */
    @Test
    void logProbOfASampledActionIsTheSamplesLogDensity() {
        int n = 6;
        SplittableRandom rng = new SplittableRandom(1);
        float[] y = new float[n * 6];
        for (int b = 0; b < n; b++) {
            for (int j = 0; j < 3; j++) {
                y[b * 6 + j] = (float) rng.nextDouble(-0.5, 0.5);
                y[b * 6 + 3 + j] = (float) rng.nextDouble(-1.5, -0.5);
            }
        }
        float[] eps = gaussian(n * 3, 2);
        float[] a = new float[n * 3];
        float[] fromSample = new float[n];
        TanhGaussian.sample(y, n, 3, eps, MIN, MAX, a, fromSample);
        float[] fromAction = new float[n];
        TanhGaussian.logProb(y, n, 3, a, MIN, MAX, fromAction);
        for (int b = 0; b < n; b++) {
            assertEquals(fromSample[b], fromAction[b], 1e-3, "row " + b);
        }
    }

    /** pi(a) integrates to 1 over (-1, 1): the inverse tanh and its Jacobian are right (1-d, two policies). */
    @Test
    void logProbOfAGivenActionIsANormalisedDensity() {
        for (float[] y : new float[][] {{0.3f, -0.5f}, {-1.2f, 0.2f}}) {
            int steps = 200_001;
            double h = 2.0 / (steps - 1);
            double sum = 0;
            float[] a = new float[1];
            for (int i = 0; i < steps; i++) {
                a[0] = (float) (-1 + i * h);
                double p = Math.exp(TanhGaussian.logProbRow(y, 0, 1, a, MIN, MAX));
                sum += (i == 0 || i == steps - 1 ? 0.5 : 1) * p * h; // trapezoid
            }
            assertEquals(1.0, sum, 2e-3, "mean " + y[0] + ", log std " + y[1]);
        }
    }

    /** Actions of exactly +-1 (D4RL has them) get a finite log-density through the clip. */
    @Test
    void boundaryActionsHaveFiniteLogProb() {
        float[] y = {0.9f, 0.1f, -0.2f, -0.3f};
        double lp = TanhGaussian.logProbRow(y, 0, 2, new float[] {1f, -1f}, MIN, MAX);
        assertTrue(Double.isFinite(lp), "log-density " + lp);
    }

    /** d/dy of sum_b g_b log pi(a_b) for given actions vs finite differences (loss in double, bound 1e-3). */
    @Test
    void logProbGradientsMatchFiniteDifferences() {
        int n = 5;
        float[] y = output(n, 3);
        float[] actions = new float[n * 3];
        SplittableRandom rng = new SplittableRandom(4);
        for (int k = 0; k < actions.length; k++) {
            actions[k] = (float) rng.nextDouble(-0.95, 0.95);
        }
        float[] g = gaussian(n, 5);
        float[] dY = new float[n * 6];
        TanhGaussian.logProbGradients(y, n, 3, actions, g, MIN, MAX, dY);
        assertEquals(0f, dY[4], "a clamped log std gets no gradient");
        double e = GradientCheck.worstError(y, dY, 1, () -> {
            double loss = 0;
            for (int b = 0; b < n; b++) {
                loss += g[b] * TanhGaussian.logProbRow(y, b, 3, actions, MIN, MAX);
            }
            return loss;
        });
        assertTrue(e < 1e-3, "log-prob gradient error " + e);
    }

    /**
     * d/dy of L(a) + (w / n) sum_b log pi(a_b) through reparameterised samples with the noise fixed, L linear in
     * a with random coefficients (what SAC's critics contribute), vs finite differences of the loss in double.
     */
    @Test
    void sampleGradientsMatchFiniteDifferences() {
        int n = 5;
        double w = 0.7;
        float[] y = output(n, 6);
        float[] eps = gaussian(n * 3, 7);
        float[] c = gaussian(n * 3, 8);
        float[] a = new float[n * 3];
        TanhGaussian.sample(y, n, 3, eps, MIN, MAX, a, new float[n]);
        float[] dY = new float[n * 6];
        TanhGaussian.sampleGradients(y, n, 3, eps, a, c, w, MIN, MAX, dY);
        assertEquals(0f, dY[4], "a clamped log std gets no gradient");
        double e = GradientCheck.worstError(y, dY, 1, () -> {
            double loss = 0;
            for (int b = 0; b < n; b++) {
                for (int j = 0; j < 3; j++) {
                    int k = b * 3 + j;
                    double ls = TanhGaussian.clampLogStd(y[b * 6 + 3 + j], MIN, MAX);
                    double act = TanhGaussian.action(y[b * 6 + j], ls, eps[k]);
                    loss += c[k] * act + w / n * TanhGaussian.logProbOfSample(eps[k], ls, act);
                }
            }
            return loss;
        });
        assertTrue(e < 1e-3, "sample gradient error " + e);
    }
}
