package rrl.algo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import rrl.checkpoint.Checkpoint;
import rrl.nn.Adam;
import rrl.nn.GradientCheck;
import rrl.nn.Mlp;
import rrl.replay.TransitionBatch;

/**
 * EDAC's diversity penalty: its value against a hand computation, its gradient by the action gradients and (the
 * double back-propagation) by every parameter of every critic against finite differences; the learner's update,
 * determinism, checkpoint and config.
 */
class EdacTest {
    private static CriticEnsemble ensemble(int n, long seed) {
        return new CriticEnsemble(5, 3, new int[] {16, 16, 16}, new CriticEnsemble.Config(n,
                CriticEnsemble.Target.min(), CriticEnsemble.Loss.mse()), Adam.Config.defaults(), seed);
    }

    /** Two critics: D = mean_b 2 cos(g1, g2) / (2 - 1); by hand for unit-free vectors. */
    @Test
    void penaltyOfTwoGradientsIsTwiceTheirMeanCosine() {
        float[][] g = {{3, 4, 0, 2}, {1, 0, 0, -1}};
        float[][] dG = {new float[4], new float[4]};
        double d = DiversityPenalty.valueAndGradients(g, 2, 2, 1.0, dG, new double[2], new double[2]);
        // row 0: (0.6, 0.8) . (1, 0) = 0.6, twice: 1.2; row 1: (0, 1) . (0, -1) = -1, twice: -2
        assertEquals((1.2 - 2.0) / 2, d, 1e-9);
        // the critics' own action gradients, each taken by the existing backward path, give the same D
        CriticEnsemble c = ensemble(2, 4);
        TransitionBatch b = Td3Test.randomBatch(8, 5, 3, 6);
        double want = 0;
        float[][] grads = new float[2][8 * 3];
        for (int i = 0; i < 2; i++) {
            c.forward(i, b.obs, b.actions, 8);
            float[] ones = new float[8];
            java.util.Arrays.fill(ones, 1f);
            c.actionGradient(i, ones, 8, grads[i], false);
        }
        for (int r = 0; r < 8; r++) {
            double dot = 0;
            double n1 = 0;
            double n2 = 0;
            for (int j = 0; j < 3; j++) {
                dot += grads[0][r * 3 + j] * grads[1][r * 3 + j];
                n1 += grads[0][r * 3 + j] * grads[0][r * 3 + j];
                n2 += grads[1][r * 3 + j] * grads[1][r * 3 + j];
            }
            want += 2 * dot / (Math.sqrt(n1) * Math.sqrt(n2)) / 8;
        }
        assertEquals(want, c.diversityAndGradients(b.obs, b.actions, 8, 1.0), 1e-6);
    }

    /** dD/dg_i (through the normalisation) against central differences in double. */
    @Test
    void penaltyGradientByTheActionGradientsMatchesFiniteDifferences() {
        int n = 4;
        int batch = 3;
        int act = 5;
        SplittableRandom rng = new SplittableRandom(2);
        float[][] g = new float[n][batch * act];
        for (float[] gi : g) {
            for (int k = 0; k < gi.length; k++) {
                gi[k] = (float) rng.nextGaussian();
            }
        }
        float[][] dG = new float[n][batch * act];
        double eta = 0.7;
        DiversityPenalty.valueAndGradients(g, batch, act, eta, dG, new double[act], new double[n]);
        float[][] scratch = new float[n][batch * act];
        double worst = 0;
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < batch * act; k++) {
                float keep = g[i][k];
                double h = 1e-2;
                g[i][k] = (float) (keep + h);
                double up = DiversityPenalty.valueAndGradients(g, batch, act, 1, scratch, new double[act], new double[n]);
                g[i][k] = (float) (keep - h);
                double down = DiversityPenalty.valueAndGradients(g, batch, act, 1, scratch, new double[act], new double[n]);
                g[i][k] = keep;
                double numeric = eta * (up - down) / ((float) (keep + h) - (float) (keep - h));
                worst = Math.max(worst, Math.abs(numeric - dG[i][k]));
            }
        }
        System.out.printf("EDAC penalty gradient by the action gradients: worst error %.3g%n", worst);
        assertTrue(worst < 1e-4, "dD/dg error " + worst);
    }

    /**
     * The double back-propagation: eta dD/dtheta of every parameter tensor (weights and biases of all four layers)
     * of all three critics against finite differences. Biases reach D only through the ReLU masks: their analytic
     * gradient is exactly 0, and finite differences agree away from kinks.
     */
    @Test
    void penaltyGradientByEveryCriticParameterMatchesFiniteDifferences() {
        CriticEnsemble c = ensemble(3, 11);
        TransitionBatch b = Td3Test.randomBatch(6, 5, 3, 12);
        double eta = 1.0;
        c.diversityAndGradients(b.obs, b.actions, 6, eta);
        float[][] analytic = new float[3][];
        for (int i = 0; i < 3; i++) {
            analytic[i] = c.q(i).grads().clone();
        }
        double worst = 0;
        for (int i = 0; i < 3; i++) {
            Mlp q = c.q(i);
            double e = GradientCheck.worstError(q.params(), analytic[i], 1,
                    () -> eta * c.diversityAndGradients(b.obs, b.actions, 6, 1.0));
            worst = Math.max(worst, e);
        }
        System.out.printf("EDAC penalty gradient by the critics' parameters: worst relative error %.3g%n", worst);
        assertTrue(worst < 3e-2, "diversity gradient error " + worst);
        // not vacuous: the penalty moves the weights
        assertTrue(java.util.Arrays.stream(toDoubles(analytic[0])).anyMatch(x -> Math.abs(x) > 1e-3), "no gradient");
    }

    /** The critic step's gradient is the regression's plus eta times the penalty's. */
    @Test
    void criticGradientIsRegressionPlusWeightedPenalty() {
        TransitionBatch b = Td3Test.randomBatch(8, 5, 3, 21);
        float[] y = new float[8];
        for (int r = 0; r < 8; r++) {
            y[r] = b.rewards[r];
        }
        CriticEnsemble c = ensemble(3, 20);
        double eta = 2.5;
        double[] both = c.lossAndGradientsWithDiversity(b, y, eta);
        float[] combined = c.q(1).grads().clone();
        double td = c.lossAndGradients(b, y);
        float[] regression = c.q(1).grads().clone();
        double d = c.diversityAndGradients(b.obs, b.actions, 8, eta);
        float[] penalty = c.q(1).grads();
        assertEquals(td, both[0], 1e-9);
        assertEquals(d, both[1], 1e-9);
        for (int k = 0; k < combined.length; k++) {
            assertEquals(regression[k] + penalty[k], combined[k], 1e-6 + 1e-5 * Math.abs(combined[k]), "entry " + k);
        }
    }

    private static double[] toDoubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    private static Edac small(long seed) {
        return new Edac(5, 3, EdacConfig.defaults().withHidden(16, 16, 16).withBatchSize(8).withCritics(4), seed);
    }

    @Test
    void sameSeedSameNumbersAndRestoreContinuesExactly() {
        Edac a = small(7);
        Edac b = small(7);
        for (int t = 0; t < 5; t++) {
            TransitionBatch batch = Td3Test.randomBatch(8, 5, 3, 40 + t);
            assertArrayEquals(a.update(batch).values(), b.update(batch).values());
        }
        Checkpoint c = Checkpoint.create("edac-test");
        a.save(c);
        Edac r = small(99);
        r.restore(c);
        assertEquals(5, r.updates());
        for (int t = 0; t < 3; t++) {
            TransitionBatch batch = Td3Test.randomBatch(8, 5, 3, 60 + t);
            assertArrayEquals(a.update(batch).values(), r.update(batch).values());
        }
        assertArrayEquals(a.actor().params(), r.actor().params());
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(a.critic().q(i).params(), r.critic().q(i).params());
            assertArrayEquals(a.critic().target(i).params(), r.critic().target(i).params());
        }
        assertEquals(a.alpha(), r.alpha());
    }

    /** CORL's order: the temperature steps first (entropy above -|A| at the start: alpha falls), then actor, critics. */
    @Test
    void updateReportsCorlsMetricsAndMovesEveryPart() {
        Edac e = small(3);
        float[] actor0 = e.actor().params().clone();
        float[] critic0 = e.critic().q(2).params().clone();
        float[] target0 = e.critic().target(2).params().clone();
        Metrics m = e.update(Td3Test.randomBatch(8, 5, 3, 5));
        assertEquals(List.of("alpha_loss", "actor_loss", "critic_loss", "diversity", "batch_entropy", "alpha",
                "q_policy_std"), m.names());
        assertTrue(m.get("alpha") < 1.0, "alpha " + m.get("alpha"));
        // the first alpha loss is -log_alpha (...) with log_alpha = 0
        assertEquals(0.0, m.get("alpha_loss"), 0.0);
        for (double v : m.values()) {
            assertTrue(Double.isFinite(v), m.toString());
        }
        assertTrue(!java.util.Arrays.equals(actor0, e.actor().params()));
        assertTrue(!java.util.Arrays.equals(critic0, e.critic().q(2).params()));
        assertTrue(!java.util.Arrays.equals(target0, e.critic().target(2).params()));
        assertEquals(1, e.updates());
    }

    /** The code's initialisation: hidden biases 0.1, small output layers, targets equal to their critics. */
    @Test
    void networksStartAsTheEdacCode() {
        Edac e = new Edac(5, 3, EdacConfig.defaults().withHidden(16, 16, 16).withBatchSize(8), 1);
        float[] q = e.critic().q(0).exportWeights();
        // layer 0: 16 x 8 weights within 1/sqrt(16) (fan_out), then 16 biases of 0.1
        for (int k = 0; k < 16 * 8; k++) {
            assertTrue(Math.abs(q[k]) <= 0.25, "first-layer weight " + q[k]);
        }
        assertEquals(0.1f, q[16 * 8]);
        int out = q.length - 17;
        for (int k = out; k < q.length; k++) {
            assertTrue(Math.abs(q[k]) <= 3e-3, "output-layer value " + q[k]);
        }
        assertArrayEquals(q, e.critic().target(0).exportWeights());
        float[] a = e.actor().exportWeights();
        assertEquals(0.1f, a[16 * 5]);
        for (int k = a.length - (6 * 16 + 6); k < a.length; k++) {
            assertTrue(Math.abs(a[k]) <= 1e-3, "actor head value " + a[k]);
        }
        assertEquals(10, e.critic().size());
    }

    @Test
    void configHasTheCodesDefaultsRoundTripsAndRefusesBadValues() {
        EdacConfig d = EdacConfig.defaults();
        assertEquals(List.of(256, 256, 256), d.hidden());
        assertEquals(10, d.critics());
        assertEquals(1.0, d.eta());
        assertEquals(3e-4, d.actorLr());
        assertEquals(3e-4, d.criticLr());
        assertEquals(3e-4, d.alphaLr());
        assertEquals(256, d.batchSize());
        assertEquals(0.99, d.gamma());
        assertEquals(0.005, d.tau());
        assertEquals(-5.0, d.logStdMin());
        assertEquals(ObservationScaling.NONE, d.observationScaling());
        assertEquals(Algorithm.EDAC, d.algorithm());
        assertEquals(Algorithm.EDAC, Algorithm.parse("edac"));
        Gson gson = new Gson();
        assertEquals(d, gson.fromJson(gson.toJson(d), EdacConfig.class));
        assertEquals(d.withCritics(5).withEta(0.5), d.withEta(0.5).withCritics(5));
        assertThrows(IllegalArgumentException.class, () -> d.withCritics(1));
        assertThrows(IllegalArgumentException.class, () -> d.withEta(-1));
        assertThrows(IllegalArgumentException.class, () -> d.withBatchSize(0));
        assertThrows(IllegalArgumentException.class, () -> small(1).update(Td3Test.randomBatch(9, 5, 3, 1)));
    }
}
