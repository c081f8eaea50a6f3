package rrl.algo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import rrl.checkpoint.Checkpoint;
import rrl.nn.GradientCheck;
import rrl.replay.RolloutBuffer;

/**
 * PPO's hand-written gradients against finite differences (surrogate with clipped and unclipped rows, clipped value
 * loss, entropy), its log-densities against the Gaussian formula, the global gradient clip, and exact resume.
 */
class PpoTest {
    static final int OBS = 5;
    static final int ACT = 3;

    static Ppo small(long seed) {
        return new Ppo(OBS, ACT, PpoConfig.defaults().withHidden(16, 16).withMinibatchSize(8).withRollout(1, 32)
                .withTotalSteps(320), seed);
    }

    /**
     * A rollout of the learner's own samples, with old log-densities and values moved away from the current ones so
     * some ratios and value changes fall outside the clip range (both branches of both max terms are exercised).
     */
    static RolloutBuffer rollout(Ppo ppo, int rows, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        RolloutBuffer r = new RolloutBuffer(rows, OBS, ACT);
        float[] obs = new float[rows * OBS];
        for (int i = 0; i < obs.length; i++) {
            obs[i] = (float) rng.nextGaussian();
        }
        float[] act = new float[rows * ACT];
        float[] lp = new float[rows];
        float[] v = new float[rows];
        ppo.act(obs, rows, act, lp, v);
        System.arraycopy(obs, 0, r.obs, 0, obs.length);
        System.arraycopy(act, 0, r.actions, 0, act.length);
        for (int i = 0; i < rows; i++) {
            r.logProb[i] = (float) (lp[i] + rng.nextDouble(-0.4, 0.4));
            r.values[i] = (float) (v[i] + rng.nextDouble(-0.5, 0.5));
            r.advantages[i] = (float) rng.nextGaussian();
            r.returns[i] = (float) (r.values[i] + rng.nextGaussian());
        }
        r.setSize(rows);
        return r;
    }

    static int[] identity(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        return p;
    }

    @Test
    void lossGradientsMatchFiniteDifferences() {
        for (double entropyCoef : new double[] {0.0, 0.05}) {
            Ppo ppo = new Ppo(OBS, ACT, PpoConfig.defaults().withHidden(16, 16).withMinibatchSize(8)
                    .withEntropyCoef(entropyCoef).withTotalSteps(4096), 7);
            RolloutBuffer r = rollout(ppo, 16, 3);
            int[] rows = identity(16);
            ppo.lossAndGradients(r, rows, 0, 16);
            float[] ga = ppo.actor().grads().clone();
            float[] gc = ppo.critic().grads().clone();
            float[] gs = ppo.logStdGrad().clone();
            java.util.function.DoubleSupplier loss = () -> ppo.lossAndGradients(r, rows, 0, 16)[5];
            double ea = GradientCheck.worstError(ppo.actor().params(), ga, 1, loss);
            double ec = GradientCheck.worstError(ppo.critic().params(), gc, 2, loss);
            double es = GradientCheck.worstError(ppo.logStd(), gs, 1, loss);
            assertTrue(ea < 3e-2, "policy-mean gradient error " + ea);
            assertTrue(ec < 3e-2, "value gradient error " + ec);
            assertTrue(es < 3e-2, "log-std gradient error " + es + " (entropy coefficient " + entropyCoef + ")");
        }
    }

    @Test
    void bothClipBranchesOccurInTheGradientCheck() {
        Ppo ppo = small(7);
        RolloutBuffer r = rollout(ppo, 16, 3);
        double[] m = ppo.lossAndGradients(r, identity(16), 0, 16);
        assertTrue(m[4] > 0.1 && m[4] < 0.9, "clip fraction " + m[4] + ": the check should see clipped and unclipped rows");
    }

    @Test
    void sampledLogDensityIsTheGaussianOfTheUnclippedSample() {
        Ppo ppo = small(11);
        ppo.logStd()[1] = -0.7f;
        float[] obs = {0.1f, -0.2f, 0.3f, 0.4f, -0.5f};
        float[] a = new float[ACT];
        float[] lp = new float[1];
        float[] v = new float[1];
        ppo.act(obs, 1, a, lp, v);
        float[] mu = ppo.actor().forward(obs, 1).clone();
        double want = 0;
        for (int j = 0; j < ACT; j++) {
            double s = Math.exp(ppo.logStd()[j]);
            double z = (a[j] - mu[j]) / s;
            want += -0.5 * z * z - Math.log(s) - 0.5 * Math.log(2 * Math.PI);
        }
        assertEquals(want, lp[0], 1e-4);
        float[] v2 = new float[1];
        ppo.values(obs, 1, v2);
        assertEquals(v2[0], v[0]);
    }

    @Test
    void gradientsAreClippedToTheGlobalNorm() {
        Ppo ppo = small(5);
        RolloutBuffer r = rollout(ppo, 16, 9);
        for (int i = 0; i < 16; i++) {
            r.returns[i] *= 1000; // a huge value error: the unclipped norm is far above 0.5
        }
        Ppo before = small(5);
        before.restore(save(ppo));
        ppo.minibatchStep(r, identity(16), 0, 16, 3e-4);
        // Adam's first step moves each parameter by about lr in the gradient's sign whatever the scale; the clip
        // is seen in the second moment instead: v = (1 - beta2) g^2 sums to (1 - beta2) * 0.5^2 over all parameters
        Checkpoint c = save(ppo);
        double sum = 0;
        for (String opt : new String[] {"adam_actor", "adam_value", "adam_log_std"}) {
            for (float x : c.tensor(opt + ".v")) {
                sum += x;
            }
        }
        assertEquals(0.001 * 0.25, sum, 0.001 * 0.25 * 1e-3, "sum of squared clipped gradients");
    }

    static Checkpoint save(Ppo p) {
        Checkpoint c = Checkpoint.create("test");
        p.save(c);
        return c;
    }

    @Test
    void sameSeedSameNumbersAndResumeIsExact() {
        Ppo a = small(21);
        Ppo b = small(21);
        RolloutBuffer ra = rollout(a, 32, 1);
        RolloutBuffer rb = rollout(b, 32, 1);
        Metrics ma = a.update(ra);
        Metrics mb = b.update(rb);
        assertEquals(ma, mb);
        assertArrayEquals(a.actor().exportWeights(), b.actor().exportWeights());
        // resume: a copy restored from a's checkpoint takes the same next update
        Ppo c = small(99);
        c.restore(save(a));
        RolloutBuffer r1 = rollout(a, 32, 2);
        RolloutBuffer r2 = rollout(c, 32, 2);
        assertEquals(a.update(r1), c.update(r2));
        assertArrayEquals(a.critic().exportWeights(), c.critic().exportWeights());
        assertArrayEquals(a.logStd(), c.logStd());
        assertEquals(2, c.iterations());
        assertEquals(2 * 10 * 4, c.updates());
    }

    @Test
    void annealedRateFallsLinearlyPerIteration() {
        PpoConfig c = PpoConfig.defaults().withTotalSteps(10 * 2048);
        assertEquals(3e-4, c.rateAt(0), 1e-12);
        assertEquals(3e-4 * 0.9, c.rateAt(1), 1e-12);
        assertEquals(3e-5, c.rateAt(9), 1e-12);
        assertThrows(IllegalStateException.class, () -> PpoConfig.defaults().rateAt(0));
    }

    @Test
    void orthogonalInitialisationHasOrthonormalRowsOrColumns() {
        Ppo p = new Ppo(11, 3, PpoConfig.defaults(), 4);
        float[] w = p.actor().exportWeights();
        // first layer 64 x 11 (tall): columns orthonormal times sqrt(2)
        for (int i = 0; i < 11; i++) {
            for (int k = 0; k < 11; k++) {
                double dot = 0;
                for (int o = 0; o < 64; o++) {
                    dot += w[o * 11 + i] * w[o * 11 + k];
                }
                assertEquals(i == k ? 2.0 : 0.0, dot, 1e-4);
            }
        }
        assertEquals(0f, w[64 * 11], "biases start at 0");
    }

    @Test
    void badSettingsAreRefusedInOneLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PpoConfig.defaults().withMinibatchSize(4096));
        assertTrue(e.getMessage().contains("at most 2048"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PpoConfig.defaults().withMinibatchSize(1));
    }
}
