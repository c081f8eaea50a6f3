package rrl.algo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import rrl.nn.GradientCheck;
import rrl.replay.TransitionBatch;

/**
 * Finite-difference checks of the losses' gradients on small float networks. The networks themselves are
 * checked against a double-precision oracle in MlpTest; here float rounding and ReLU kinks leave errors up
 * to ~1e-2 (measured), so the bound is 3e-2, while a wrong factor, sign or missing term gives 0.3 or more.
 */
class Td3Test {
    static TransitionBatch randomBatch(int n, int obsDim, int actDim, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        TransitionBatch b = new TransitionBatch(n, obsDim, actDim);
        for (int i = 0; i < b.obs.length; i++) {
            b.obs[i] = (float) rng.nextGaussian();
            b.nextObs[i] = (float) rng.nextGaussian();
        }
        for (int i = 0; i < b.actions.length; i++) {
            b.actions[i] = (float) rng.nextDouble(-1, 1);
        }
        for (int i = 0; i < n; i++) {
            b.rewards[i] = (float) rng.nextGaussian();
            b.dones[i] = rng.nextInt(4) == 0 ? 1f : 0f;
        }
        return b;
    }

    private static Td3 small(double alpha, long seed) {
        // double precision is not available in float nets, so keep them small and well-conditioned
        return new Td3(5, 3, Td3Config.td3().withHidden(16, 16).withBatchSize(8).withBcAlpha(alpha), seed);
    }

    @Test
    void criticLossGradientMatchesFiniteDifferences() {
        Td3 td3 = small(0, 1);
        TransitionBatch b = randomBatch(8, 5, 3, 2);
        float[] y = new float[8];
        td3.computeTargets(b, y);
        td3.criticLossAndGradients(b, y);
        float[] g1 = td3.critic().q1().grads().clone();
        float[] g2 = td3.critic().q2().grads().clone();
        double e1 = GradientCheck.worstError(td3.critic().q1().params(), g1, 3, () -> td3.criticLossAndGradients(b, y));
        double e2 = GradientCheck.worstError(td3.critic().q2().params(), g2, 3, () -> td3.criticLossAndGradients(b, y));
        assertTrue(e1 < 3e-2 && e2 < 3e-2, "critic gradient errors " + e1 + ", " + e2);
    }

    @Test
    void actorLossGradientsMatchFiniteDifferencesForTd3AndTd3Bc() {
        for (double alpha : new double[] {0.0, 2.5}) {
            Td3 td3 = small(alpha, 3);
            TransitionBatch b = randomBatch(8, 5, 3, 4);
            double lambda = td3.actorLossAndGradients(b, Double.NaN)[2];
            float[] g = td3.actor().grads().clone();
            double e = GradientCheck.worstError(td3.actor().params(), g, 2,
                    () -> td3.actorLossAndGradients(b, lambda)[0]);
            assertTrue(e < 3e-2, "alpha " + alpha + ": actor gradient error " + e);
        }
    }

    @Test
    void td3bcLambdaIsAlphaOverMeanAbsQ() {
        Td3 td3 = small(2.5, 5);
        TransitionBatch b = randomBatch(8, 5, 3, 6);
        double[] info = td3.actorLossAndGradients(b, Double.NaN);
        float[] q = td3.critic().forwardQ1(b.obs, td3.actor().forward(b.obs, 8).clone(), 8);
        double meanAbs = 0;
        for (int i = 0; i < 8; i++) {
            meanAbs += Math.abs(q[i]) / 8;
        }
        assertEquals(2.5 / meanAbs, info[2], 1e-5 * info[2]);
    }

    @Test
    void sameSeedSameWeightsAfterUpdates() {
        Td3 a = small(2.5, 7);
        Td3 c = small(2.5, 7);
        for (int t = 0; t < 20; t++) {
            TransitionBatch b = randomBatch(8, 5, 3, 100 + t);
            a.update(b);
            c.update(b);
        }
        assertArrayEquals(a.actor().params(), c.actor().params());
        assertArrayEquals(a.critic().q2().params(), c.critic().q2().params());
        assertEquals(20, a.updates());
    }
}
