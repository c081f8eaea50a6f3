package rrl.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;
import rrl.policy.BatchPolicy;

/**
 * The heavy-tail diagnostic: the bias-corrected sample excess kurtosis of each action dimension over the states,
 * pinned against the textbook formula, and the values known for Gaussian (0), uniform (-1.2) and Laplace (3) actions.
 */
class ActionKurtosisTest {
    /** The action is the state itself: a1 = s1, a2 = s2 (a policy whose action distribution we choose). */
    private static final BatchPolicy ECHO = (obs, n, act) -> System.arraycopy(obs, 0, act, 0, n * 2);

    /** G2 = n(n+1) / ((n-1)(n-2)(n-3)) * sum((x-m)^4) / s^4 - 3(n-1)^2 / ((n-2)(n-3)), s^2 the unbiased variance. */
    private static double g2(double[] x) {
        int n = x.length;
        double m = java.util.Arrays.stream(x).average().orElseThrow();
        double s2 = 0;
        double m4 = 0;
        for (double v : x) {
            s2 += (v - m) * (v - m);
            m4 += Math.pow(v - m, 4);
        }
        s2 /= n - 1;
        return (double) n * (n + 1) / ((n - 1.0) * (n - 2) * (n - 3)) * m4 / (s2 * s2) - 3.0 * (n - 1) * (n - 1) / ((n - 2.0) * (n - 3));
    }

    @Test
    void eachDimensionIsTheSampleExcessKurtosisOverAllStatesAcrossBatches() {
        Random rnd = new Random(1);
        int n = 9000; // more than two batches of 4,096
        float[] obs = new float[n * 2];
        double[] a0 = new double[n];
        double[] a1 = new double[n];
        for (int i = 0; i < n; i++) {
            obs[2 * i] = (float) rnd.nextGaussian();
            obs[2 * i + 1] = (float) Math.pow(rnd.nextDouble(), 3);
            a0[i] = obs[2 * i];
            a1[i] = obs[2 * i + 1];
        }
        ActionKurtosis k = ActionKurtosis.of("echo", ECHO, 2, 2, obs, n);
        assertArrayEquals(new double[] {g2(a0), g2(a1)}, k.perDimension(), 1e-9);
        assertEquals((g2(a0) + g2(a1)) / 2, k.mean(), 1e-9);
        assertEquals(n, k.states());
    }

    @Test
    void knownDistributionsHaveTheirKnownExcessKurtosis() {
        Random rnd = new Random(2);
        int n = 200_000;
        float[] obs = new float[n * 2];
        for (int i = 0; i < n; i++) {
            double u = rnd.nextDouble() - 0.5;
            obs[2 * i] = (float) (2 * rnd.nextDouble() - 1); // uniform: -1.2
            obs[2 * i + 1] = (float) (-Math.signum(u) * Math.log(1 - 2 * Math.abs(u))); // Laplace: 3
        }
        double[] k = ActionKurtosis.of("echo", ECHO, 2, 2, obs, n).perDimension();
        assertEquals(-1.2, k[0], 0.02);
        assertEquals(3.0, k[1], 0.15);
    }

    @Test
    void tooFewStatesOrShortObservationsAreOneLineErrors() {
        assertEquals("the kurtosis of p's actions needs at least 4 states, got 3",
                assertThrows(IllegalArgumentException.class, () -> ActionKurtosis.of("p", ECHO, 2, 2, new float[6], 3)).getMessage());
        assertEquals("10 states of 2 numbers need 20 observation values, got 8",
                assertThrows(IllegalArgumentException.class, () -> ActionKurtosis.of("p", ECHO, 2, 2, new float[8], 10)).getMessage());
    }
}
