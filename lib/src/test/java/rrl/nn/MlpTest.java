package rrl.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MlpTest {
    private static float[] random(SplittableRandom rng, int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rng.nextDouble(-scale, scale);
        }
        return a;
    }

    /** The double-precision oracle itself agrees with central finite differences (tight, in double). */
    @Test
    void referenceGradientsMatchFiniteDifferencesInDouble() {
        int[] sizes = {19, 23, 17, 5};
        Mlp init = new Mlp(sizes, Activation.RELU, Activation.TANH).initialize(3);
        float[] logical = init.exportWeights();
        ReferenceMlp ref = new ReferenceMlp(sizes, logical, Activation.RELU, Activation.TANH);
        SplittableRandom rng = new SplittableRandom(9);
        int batch = 3;
        double[] x = new double[batch * 19];
        double[] g = new double[batch * 5];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextDouble(-1, 1);
        }
        for (int i = 0; i < g.length; i++) {
            g[i] = rng.nextDouble(-1, 1);
        }
        ref.forward(x, batch);
        double[][] grads = ref.backward(g, batch);
        double eps = 1e-6;
        double worst = 0;
        for (int i = 0; i < x.length; i++) {
            double keep = x[i];
            x[i] = keep + eps;
            double up = dot(ref.forward(x, batch), g);
            x[i] = keep - eps;
            double down = dot(ref.forward(x, batch), g);
            x[i] = keep;
            worst = Math.max(worst, Math.abs((up - down) / (2 * eps) - grads[1][i]));
        }
        for (int i = 0; i < ref.w[1].length; i += 5) {
            double keep = ref.w[1][i];
            ref.w[1][i] = keep + eps;
            double up = dot(ref.forward(x, batch), g);
            ref.w[1][i] = keep - eps;
            double down = dot(ref.forward(x, batch), g);
            ref.w[1][i] = keep;
            int flat = 19 * 23 + 23 + i;
            worst = Math.max(worst, Math.abs((up - down) / (2 * eps) - grads[0][flat]));
        }
        assertTrue(worst < 1e-7, "reference gradient error " + worst);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /**
     * The padded, vectorised float network computes the oracle's outputs, weight gradients and input
     * gradients to float precision, for widths that are not multiples of the vector length, batches that
     * are not multiples of the 4-row tile, and every activation.
     */
    @Test
    void matchesTheDoublePrecisionReference() {
        for (Activation out : new Activation[] {Activation.TANH, Activation.IDENTITY}) {
            for (int batch : new int[] {1, 3, 8, 13}) {
                int[] sizes = {19, 40, 33, 5};
                Mlp net = new Mlp(sizes, Activation.RELU, out).initialize(11 + batch);
                ReferenceMlp ref = new ReferenceMlp(sizes, net.exportWeights(), Activation.RELU, out);
                SplittableRandom rng = new SplittableRandom(batch);
                float[] x = random(rng, batch * 19, 1.0);
                float[] g = random(rng, batch * 5, 1.0);
                double[] xd = new double[x.length];
                double[] gd = new double[g.length];
                for (int i = 0; i < x.length; i++) {
                    xd[i] = x[i];
                }
                for (int i = 0; i < g.length; i++) {
                    gd[i] = g[i];
                }
                float[] y = net.forward(x, batch).clone();
                double[] yr = ref.forward(xd, batch);
                net.zeroGrad();
                float[] dx = net.backward(g, true).clone();
                double[][] gr = ref.backward(gd, batch);
                // compare weight gradients in the logical layout: load them as weights of a twin network
                Mlp carrier = new Mlp(sizes, Activation.RELU, out);
                System.arraycopy(net.grads(), 0, carrier.params(), 0, net.grads().length);
                float[] gw = carrier.exportWeights();
                for (int i = 0; i < y.length; i++) {
                    assertEquals(yr[i], y[i], 1e-5 * Math.max(1, Math.abs(yr[i])), "output " + i);
                }
                for (int i = 0; i < gw.length; i++) {
                    assertEquals(gr[0][i], gw[i], 1e-4 * Math.max(1, Math.abs(gr[0][i])), out + " batch " + batch + " weight grad " + i);
                }
                for (int i = 0; i < dx.length; i++) {
                    assertEquals(gr[1][i], dx[i], 1e-4 * Math.max(1, Math.abs(gr[1][i])), "input grad " + i);
                }
            }
        }
    }

    /**
     * The input gradient is exact whichever way round the product is taken: a wide layer and a small batch take
     * dIn^T = W dOut^T (batch 16, 40 and 300 rows at width 256 x 272 reach both ways and a batch that is not a
     * multiple of the vector length), and each element equals the fma chain over the outputs in order.
     */
    @Test
    void inputGradientIsTheSameFmaChainEitherWayRound() {
        int in = 256;
        int out = 272;
        Mlp net = new Mlp(new int[] {in, out}, Activation.RELU, Activation.IDENTITY).initialize(4);
        float[] w = net.params(); // padded layout: W (in x out) row-major, then the bias; both widths are multiples of 16
        for (int batch : new int[] {16, 40, 300}) {
            SplittableRandom rng = new SplittableRandom(batch);
            float[] x = random(rng, batch * in, 1.0);
            float[] g = random(rng, batch * out, 1.0);
            net.forward(x, batch);
            float[] dx = net.backward(g, false).clone();
            for (int b = 0; b < batch; b++) {
                for (int i = 0; i < in; i++) {
                    float acc = 0f;
                    for (int o = 0; o < out; o++) {
                        acc = Math.fma(g[b * out + o], w[i * out + o], acc);
                    }
                    assertEquals(acc, dx[b * in + i], "batch " + batch + " row " + b + " input " + i);
                }
            }
        }
    }

    @Test
    void inputGradientsWithoutWeightGradientsLeaveGradsUntouched() {
        Mlp net = new Mlp(new int[] {8, 16, 1}, Activation.RELU, Activation.IDENTITY).initialize(1);
        float[] x = random(new SplittableRandom(2), 3 * 8, 1.0);
        net.zeroGrad();
        net.forward(x, 3);
        float[] dx = net.backward(new float[] {1, 1, 1}, false);
        assertTrue(java.util.stream.IntStream.range(0, 24).anyMatch(i -> dx[i] != 0f));
        for (float g : net.grads()) {
            assertEquals(0f, g);
        }
    }

    @Test
    void sameSeedSameWeightsAndPyTorchInitBounds() {
        Mlp a = new Mlp(new int[] {11, 256, 3}, Activation.RELU, Activation.TANH).initialize(42);
        Mlp b = new Mlp(new int[] {11, 256, 3}, Activation.RELU, Activation.TANH).initialize(42);
        assertArrayEquals(a.params(), b.params());
        float bound = (float) (1 / Math.sqrt(11));
        float[] w = a.exportWeights();
        for (int i = 0; i < 11 * 256; i++) {
            assertTrue(Math.abs(w[i]) <= bound);
        }
        assertEquals(11 * 256 + 256 + 256 * 3 + 3, a.parameterCount());
        Mlp c = new Mlp(new int[] {11, 256, 3}, Activation.RELU, Activation.TANH);
        c.importWeights(w);
        assertArrayEquals(a.params(), c.params());
    }

    @Test
    void softAndHardTargetUpdates() {
        Mlp online = new Mlp(new int[] {2, 3, 1}, Activation.RELU, Activation.IDENTITY).initialize(1);
        Mlp target = new Mlp(new int[] {2, 3, 1}, Activation.RELU, Activation.IDENTITY).initialize(2);
        float before = target.params()[0];
        target.softUpdateFrom(online, 0.005f);
        assertEquals(0.995f * before + 0.005f * online.params()[0], target.params()[0], 1e-7);
        target.copyFrom(online);
        assertArrayEquals(online.params(), target.params());
        Mlp other = new Mlp(new int[] {2, 4, 1}, Activation.RELU, Activation.IDENTITY);
        assertThrows(IllegalArgumentException.class, () -> target.copyFrom(other));
    }

    @Test
    void theKernelMultipliesTheRealInputsAndOutputsAndCountsIt() {
        // obs 17 (padded to a vector multiple in memory) -> 64 -> 64 -> 1, as a critic: layer 0 multiplies 17 inputs,
        // not the padded ones; the single output is padded to one vector of columns, and backward carries 1 delta
        Mlp m = new Mlp(new int[] {17, 64, 64, 1}, Activation.RELU, Activation.IDENTITY).initialize(3);
        int batch = 64; // a batch this size takes input gradients the direct way (a small one pads the batch instead)
        float[] x = new float[batch * 17];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(i);
        }
        long out = Gemm.pad(1);
        assertEquals(batch * (17L * 64 + 64L * 64 + 64L * out), Gemm.countMultiplyAdds(() -> m.forward(x, batch)));
        float[] g = new float[batch];
        java.util.Arrays.fill(g, 1f);
        // weight gradients (rows: the real inputs) and input gradients (depth: the real outputs)
        long weights = batch * (17L * 64 + 64L * 64 + 64L * out);
        long inputs = batch * (1L * 64 + 64L * 64 + 64L * Gemm.pad(17));
        assertEquals(weights + inputs, Gemm.countMultiplyAdds(() -> m.backward(g, true, true)));
        assertEquals(0, Gemm.countMultiplyAdds(() -> { }), "nothing run, nothing counted");
    }

    @Test
    void wrongInputSizeIsAClearError() {
        Mlp net = new Mlp(new int[] {11, 4, 3}, Activation.RELU, Activation.TANH);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.forward(new float[10], 1));
        assertTrue(e.getMessage().contains("1 rows of 11 need 11"), e.getMessage());
    }

    /**
     * A training state saved on a machine with another vector width (AVX-512: 16 floats, AVX2: 8, NEON: 4) restores
     * here: the stored layout, built in this test from the logical weights by its own rule, is moved to this
     * machine's, with the optimiser's moments alike; a buffer of no layout of the shape is one line.
     */
    @Test
    void aStateSavedWithAnotherVectorWidthRestoresHere() {
        int[] sizes = {11, 256, 256, 3};
        Mlp net = new Mlp(sizes, Activation.RELU, Activation.TANH).initialize(5);
        float[] logical = net.exportWeights();
        for (int lanes : new int[] {4, 8, 16, 32}) {
            float[] stored = storedLayout(sizes, logical, lanes);
            rrl.checkpoint.Checkpoint c = rrl.checkpoint.Checkpoint.create("test").putTensor("actor", stored)
                    .putTensor("adam.m", stored).putTensor("adam.v", stored).putLongs("adam.t", 7);
            Mlp here = new Mlp(sizes, Activation.RELU, Activation.TANH);
            assertTrue(here.holdsLayout(stored.length));
            here.restore(c, "actor");
            assertArrayEquals(logical, here.exportWeights(), "lanes " + lanes);
            Adam opt = new Adam(Adam.Config.defaults(), here);
            opt.restore(c, "adam");
            assertEquals(7, opt.steps());
            rrl.checkpoint.Checkpoint back = rrl.checkpoint.Checkpoint.create("test");
            opt.save(back, "adam");
            Mlp moments = new Mlp(sizes, Activation.RELU, Activation.TANH);
            moments.restore(back.putTensor("m", back.tensor("adam.m")), "m");
            assertArrayEquals(logical, moments.exportWeights(), "moments, lanes " + lanes);
        }
        Mlp here = new Mlp(sizes, Activation.RELU, Activation.TANH);
        assertFalse(here.holdsLayout(logical.length + 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> here.restore(
                rrl.checkpoint.Checkpoint.create("test").putTensor("actor", new float[logical.length + 1]), "actor"));
        assertTrue(e.getMessage().startsWith("network state actor holds") && e.getMessage().contains("another shape"),
                e.getMessage());
    }

    /** The padded layout of a machine with {@code lanes}-float vectors: per layer, in x out weights (padded), then the bias. */
    private static float[] storedLayout(int[] sizes, float[] logical, int lanes) {
        java.util.List<Float> out = new java.util.ArrayList<>();
        int k = 0;
        for (int l = 0; l + 1 < sizes.length; l++) {
            int pin = (sizes[l] + lanes - 1) / lanes * lanes;
            int pout = (sizes[l + 1] + lanes - 1) / lanes * lanes;
            float[][] w = new float[pin][pout];
            for (int i = 0; i < sizes[l]; i++) {
                for (int j = 0; j < sizes[l + 1]; j++) {
                    w[i][j] = logical[k + j * sizes[l] + i]; // logical: out x in, as PyTorch
                }
            }
            k += sizes[l] * sizes[l + 1];
            for (float[] row : w) {
                for (float x : row) {
                    out.add(x);
                }
            }
            for (int j = 0; j < pout; j++) {
                out.add(j < sizes[l + 1] ? logical[k + j] : 0f);
            }
            k += sizes[l + 1];
        }
        float[] a = new float[out.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = out.get(i);
        }
        return a;
    }
}
