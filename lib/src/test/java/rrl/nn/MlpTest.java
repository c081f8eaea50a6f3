package rrl.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MlpTest {
    /** loss = sum_k w_k * out_k, computed in double so finite differences see only the network's rounding. */
    private static double loss(Mlp net, float[] x, int batch, float[] w) {
        float[] out = net.forward(x, batch);
        double s = 0;
        for (int k = 0; k < batch * net.outputSize(); k++) {
            s += (double) w[k] * out[k];
        }
        return s;
    }

    private static float[] random(SplittableRandom rng, int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rng.nextDouble(-scale, scale);
        }
        return a;
    }

    /** Central finite differences of every parameter and input against backward(), sizes beyond one vector lane. */
    @Test
    void gradientsMatchFiniteDifferences() {
        for (Activation out : new Activation[] {Activation.TANH, Activation.IDENTITY}) {
            Mlp net = new Mlp(new int[] {19, 23, 17, 5}, Activation.RELU, out).initialize(3);
            SplittableRandom rng = new SplittableRandom(9);
            int batch = 4;
            float[] x = random(rng, batch * 19, 1.0);
            float[] w = random(rng, batch * 5, 1.0);
            net.zeroGrad();
            net.forward(x, batch);
            float[] dx = net.backward(w, true).clone();
            float[] analytic = net.grads().clone();
            float[] p = net.params();
            double eps = 1e-3;
            double worst = 0;
            for (int i = 0; i < p.length; i += 7) {
                float keep = p[i];
                p[i] = (float) (keep + eps);
                double up = loss(net, x, batch, w);
                p[i] = (float) (keep - eps);
                double down = loss(net, x, batch, w);
                p[i] = keep;
                double numeric = (up - down) / (2 * eps);
                worst = Math.max(worst, Math.abs(numeric - analytic[i]) / Math.max(1.0, Math.abs(numeric)));
            }
            for (int i = 0; i < x.length; i++) {
                float keep = x[i];
                x[i] = (float) (keep + eps);
                double up = loss(net, x, batch, w);
                x[i] = (float) (keep - eps);
                double down = loss(net, x, batch, w);
                x[i] = keep;
                double numeric = (up - down) / (2 * eps);
                worst = Math.max(worst, Math.abs(numeric - dx[i]) / Math.max(1.0, Math.abs(numeric)));
            }
            assertTrue(worst < 2e-3, out + ": worst relative gradient error " + worst);
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
        for (int i = 0; i < 11 * 256; i++) {
            assertTrue(Math.abs(a.params()[i]) <= bound);
        }
        assertEquals(11 * 256 + 256 + 256 * 3 + 3, a.params().length);
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
    void wrongInputSizeIsAClearError() {
        Mlp net = new Mlp(new int[] {11, 4, 3}, Activation.RELU, Activation.TANH);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.forward(new float[10], 1));
        assertTrue(e.getMessage().contains("1 rows of 11 need 11"), e.getMessage());
    }
}
