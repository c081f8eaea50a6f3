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
class SacTest {
    private static Sac small(long seed) {
        return new Sac(5, 3, SacConfig.defaults().withHidden(16, 16).withBatchSize(8), seed);
    }

    @Test
    void criticLossGradientMatchesFiniteDifferences() {
        Sac sac = small(1);
        TransitionBatch b = Td3Test.randomBatch(8, 5, 3, 2);
        float[] y = new float[8];
        sac.computeTargets(b, y);
        sac.criticLossAndGradients(b, y);
        float[] g1 = sac.critic().q1().grads().clone();
        double e = GradientCheck.worstError(sac.critic().q1().params(), g1, 3, () -> sac.criticLossAndGradients(b, y));
        assertTrue(e < 3e-2, "critic gradient error " + e);
    }

    /** The hand-written reparameterisation gradient (through tanh, log-density and min Q) vs finite differences. */
    @Test
    void actorLossGradientMatchesFiniteDifferences() {
        for (double alpha : new double[] {0.2, 1.0}) {
            Sac sac = small(3);
            TransitionBatch b = Td3Test.randomBatch(8, 5, 3, 4);
            SplittableRandom rng = new SplittableRandom(5);
            float[] eps = new float[8 * 3];
            for (int i = 0; i < eps.length; i++) {
                eps[i] = (float) rng.nextGaussian();
            }
            sac.actorLossAndGradients(b, eps, alpha);
            float[] g = sac.actor().grads().clone();
            double e = GradientCheck.worstError(sac.actor().params(), g, 2, () -> sac.actorLossAndGradients(b, eps, alpha));
            assertTrue(e < 3e-2, "alpha " + alpha + ": actor gradient error " + e);
        }
    }

    @Test
    void logDensityOfTheSquashedGaussianIsNormalisedInOneDimension() {
        // integrate pi(a) over a in (-1, 1) for a 1-d policy: change of variables must give 1
        Sac sac = new Sac(1, 1, SacConfig.defaults().withHidden(4).withBatchSize(1), 9);
        float[] obs = {0.3f};
        int steps = 20001;
        double sum = 0;
        double lo = -6;
        double hi = 6;
        float[] out = new float[1];
        float[] logp = new float[1];
        double du = (hi - lo) / (steps - 1);
        for (int i = 0; i < steps; i++) {
            float[] e = {(float) (lo + i * du)};
            sac.sample(obs, 1, e, out, logp);
            // density in eps space: pi(a) |da/deps|; da/deps = (1 - a^2) sigma, so pi(a) da = N(eps) deps
            double density = Math.exp(logp[0]) * (1 - out[0] * out[0] + 1e-6) * Math.exp(sac.actor().forward(obs, 1)[1]);
            sum += density * du;
        }
        assertEquals(1.0, sum, 1e-3);
    }

    @Test
    void temperatureFallsWhenEntropyExceedsTargetAndRunsAreDeterministic() {
        Sac a = small(7);
        Sac c = small(7);
        for (int t = 0; t < 30; t++) {
            TransitionBatch b = Td3Test.randomBatch(8, 5, 3, 50 + t);
            a.update(b);
            c.update(b);
        }
        assertArrayEquals(a.actor().params(), c.actor().params());
        // the initial policy (std ~ 1) is far more entropic than -|A| = -3, so alpha must decrease
        assertTrue(a.alpha() < 1.0, "alpha " + a.alpha());
    }
}
