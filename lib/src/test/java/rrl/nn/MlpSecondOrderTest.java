package rrl.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Mlp#addRowScaledWeightGradients} equals the scaled backward pass, and
 * {@link Mlp#addInputGradientWeightGradients}: the weight gradient of f = sum_b &lt;t_b, dInput_b&gt; (dInput the
 * input gradient of a backward pass of a fixed gradOut) against finite differences, for two and three hidden layers,
 * accumulated onto what the grad buffer held; refused for tanh networks, whose curvature it leaves out.
 */
class MlpSecondOrderTest {
    private static float[] gaussian(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    private static double f(Mlp m, float[] x, float[] gradOut, float[] t, int batch) {
        m.forward(x, batch);
        float[] dIn = m.backward(gradOut, false, true);
        double s = 0;
        for (int k = 0; k < t.length; k++) {
            s += t[k] * dIn[k];
        }
        return s;
    }

    @Test
    void weightGradientOfTheInputGradientMatchesFiniteDifferences() {
        for (int[] hidden : new int[][] {{12, 9}, {16, 16, 16}}) {
            int batch = 7;
            Mlp m = new Mlp(Mlp.layerSizes(6, hidden, 2), Activation.RELU, Activation.IDENTITY).initialize(3);
            float[] x = gaussian(batch * 6, 4);
            float[] gradOut = gaussian(batch * 2, 5);
            float[] t = gaussian(batch * 6, 6);
            m.zeroGrad();
            java.util.Arrays.fill(m.grads(), 0.5f);
            f(m, x, gradOut, t, batch);
            m.addInputGradientWeightGradients(t);
            float[] analytic = m.grads().clone();
            for (int k = 0; k < analytic.length; k++) {
                analytic[k] -= 0.5f;
            }
            double e = GradientCheck.worstError(m.params(), analytic, 1, () -> f(m, x, gradOut, t, batch));
            assertTrue(e < 2e-2, java.util.Arrays.toString(hidden) + ": error " + e);
            // biases reach f only through the ReLU masks: exactly zero; the weights of every layer get some
            Mlp g = new Mlp(m.sizes(), Activation.RELU, Activation.IDENTITY);
            System.arraycopy(analytic, 0, g.params(), 0, analytic.length);
            float[] w = g.exportWeights();
            int[] sizes = m.sizes();
            int k = 0;
            for (int l = 0; l < sizes.length - 1; l++) {
                double weights = 0;
                for (int i = 0; i < sizes[l] * sizes[l + 1]; i++) {
                    weights += Math.abs(w[k++]);
                }
                assertTrue(weights > 0, "layer " + l + " has no weight gradient");
                for (int o = 0; o < sizes[l + 1]; o++) {
                    assertEquals(0f, w[k++], "bias of layer " + l);
                }
            }
        }
    }

    /** Row-scaled deltas give the weight gradients a backward pass of the row-scaled gradOut gives. */
    @Test
    void rowScaledWeightGradientsAreThoseOfTheScaledBackward() {
        int batch = 9;
        Mlp m = new Mlp(Mlp.layerSizes(5, new int[] {16, 12, 16}, 1), Activation.RELU, Activation.IDENTITY).initialize(8);
        float[] x = gaussian(batch * 5, 9);
        float[] scale = gaussian(batch, 10);
        float[] ones = new float[batch];
        java.util.Arrays.fill(ones, 1f);
        m.zeroGrad();
        m.forward(x, batch);
        m.backward(scale, true, false);
        float[] want = m.grads().clone();
        m.zeroGrad();
        m.forward(x, batch);
        m.backward(ones, false, true);
        m.addRowScaledWeightGradients(scale);
        float[] got = m.grads();
        for (int k = 0; k < want.length; k++) {
            assertEquals(want[k], got[k], 1e-5 + 1e-5 * Math.abs(want[k]), "entry " + k);
        }
        assertTrue(java.util.Arrays.stream(toDoubles(want)).anyMatch(v -> v != 0));
    }

    private static double[] toDoubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    @Test
    void networksWithCurvatureAreRefused() {
        Mlp m = new Mlp(new int[] {3, 4, 1}, Activation.TANH, Activation.IDENTITY).initialize(1);
        m.forward(new float[3], 1);
        m.backward(new float[] {1}, false, true);
        assertThrows(IllegalStateException.class, () -> m.addInputGradientWeightGradients(new float[3]));
    }
}
