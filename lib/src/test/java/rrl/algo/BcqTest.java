package rrl.algo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rrl.checkpoint.Checkpoint;
import rrl.nn.GradientCheck;
import rrl.nn.ObservationNormalizer;
import rrl.policy.ActorPolicy;
import rrl.random.Rng;
import rrl.replay.TransitionBatch;

class BcqTest {
    @TempDir
    Path tmp;

    /** Small, well-conditioned networks: finite differences in float need it. */
    private static Bcq small(double flexibility, long seed) {
        return new Bcq(5, 3, BcqConfig.defaults().withHidden(16, 16).withVaeHidden(16, 12).withBatchSize(8)
                .withActionSamples(7).withActionFlexibility(flexibility), seed);
    }

    private static float[] gaussians(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    private static float[] latents(int n, long seed) {
        float[] v = gaussians(n, seed);
        for (int i = 0; i < n; i++) {
            v[i] = Math.max(-0.5f, Math.min(0.5f, v[i]));
        }
        return v;
    }

    /** The ELBO's gradients reach the encoder through z = mu + std eps and the KL term, and the decoder directly. */
    @Test
    void vaeLossGradientsMatchFiniteDifferencesForEncoderAndDecoder() {
        Bcq bcq = small(0.05, 1);
        TransitionBatch b = Td3Test.randomBatch(8, 5, 3, 2);
        float[] eps = gaussians(8 * 6, 3);
        bcq.vaeLossAndGradients(b, eps);
        float[] ge = bcq.encoder().grads().clone();
        float[] gd = bcq.decoder().grads().clone();
        double ee = GradientCheck.worstError(bcq.encoder().params(), ge, 2, () -> bcq.vaeLossAndGradients(b, eps));
        double ed = GradientCheck.worstError(bcq.decoder().params(), gd, 2, () -> bcq.vaeLossAndGradients(b, eps));
        assertTrue(ee < 3e-2 && ed < 3e-2, "VAE gradient errors: encoder " + ee + ", decoder " + ed);
        // the KL term alone moves the encoder: with beta = 0 its gradient differs
        Bcq noKl = new Bcq(5, 3, new BcqConfig(List.of(16, 16), List.of(16, 12), 1e-3, 1e-3, 1e-3, 8, 0.99, 0.005, 0.75,
                7, 0.05, 0.0, 0, ObservationScaling.NONE, true), 1);
        noKl.vaeLossAndGradients(b, eps);
        assertTrue(maxAbsDiff(ge, noKl.encoder().grads()) > 1e-4, "the KL term has no effect on the encoder");
    }

    /** -mean Q1(s, clip(D(s, z) + Phi xi(s, D(s, z)), -1, 1)) by the actor's weights, through the perturbation and Q1. */
    @Test
    void actorLossGradientMatchesFiniteDifferences() {
        // a wide perturbation so the loss moves measurably in float (Phi 0.05 scales it by 1/20), with clipped rows
        Bcq bcq = small(0.8, 4);
        TransitionBatch b = Td3Test.randomBatch(8, 5, 3, 5);
        float[] z = latents(8 * 6, 6);
        bcq.actorLossAndGradients(b, z);
        float[] g = bcq.actor().grads().clone();
        double e = GradientCheck.worstError(bcq.actor().params(), g, 2, () -> bcq.actorLossAndGradients(b, z));
        assertTrue(e < 3e-2, "actor gradient error " + e);
        assertTrue(maxAbsDiff(g, new float[g.length]) > 1e-4, "no actor gradient");
    }

    private static double maxAbsDiff(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    /** y = r + gamma (1 - done) max_i [0.75 min + 0.25 max](Q1', Q2')(s', a_i) over the target actor's candidates. */
    @Test
    void targetIsTheBestMixedValueOverTheCandidates() {
        Bcq bcq = small(0.05, 7);
        TransitionBatch b = Td3Test.randomBatch(8, 5, 3, 8);
        int samples = 7;
        float[] z = latents(8 * samples * 6, 9);
        float[] y = new float[8];
        bcq.computeTargets(b, z, y);
        rrl.policy.BcqCandidates c = new rrl.policy.BcqCandidates(bcq.decoder(), bcq.actorTarget(), 5, 0.05);
        float[] in = new float[5 + 3];
        for (int r = 0; r < 8; r++) {
            double best = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < samples; i++) {
                float[] s = java.util.Arrays.copyOfRange(b.nextObs, r * 5, r * 5 + 5);
                float[] a = c.compute(s, java.util.Arrays.copyOfRange(z, (r * samples + i) * 6, (r * samples + i + 1) * 6), 1);
                System.arraycopy(s, 0, in, 0, 5);
                System.arraycopy(a, 0, in, 5, 3);
                double q1 = bcq.critic().target(0).forward(in, 1)[0];
                double q2 = bcq.critic().target(1).forward(in, 1)[0];
                best = Math.max(best, 0.75 * Math.min(q1, q2) + 0.25 * Math.max(q1, q2));
            }
            double want = b.rewards[r] + 0.99 * (1 - b.dones[r]) * best;
            assertEquals(want, y[r], 1e-5 * (1 + Math.abs(want)), "row " + r);
        }
    }

    /** Everything after a restore equals the uninterrupted learner, bit for bit (networks, optimisers, noise, counters). */
    @Test
    void resumeIsExact() {
        Bcq whole = small(0.05, 11);
        Bcq first = small(0.05, 11);
        List<double[]> want = new ArrayList<>();
        List<double[]> got = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            want.add(whole.update(Td3Test.randomBatch(8, 5, 3, 100 + t)).values());
        }
        for (int t = 0; t < 3; t++) {
            got.add(first.update(Td3Test.randomBatch(8, 5, 3, 100 + t)).values());
        }
        Checkpoint c = Checkpoint.create("test");
        first.save(c);
        Path file = tmp.resolve("bcq.ckpt");
        c.write(file);
        Bcq resumed = small(0.05, 99); // other initial weights and noise: all must come from the checkpoint
        resumed.restore(Checkpoint.read(file));
        assertEquals(3, resumed.updates());
        for (int t = 3; t < 6; t++) {
            got.add(resumed.update(Td3Test.randomBatch(8, 5, 3, 100 + t)).values());
        }
        for (int t = 0; t < 6; t++) {
            assertArrayEquals(want.get(t), got.get(t), "metrics of update " + t);
        }
        assertArrayEquals(whole.actor().params(), resumed.actor().params());
        assertArrayEquals(whole.actorTarget().params(), resumed.actorTarget().params());
        assertArrayEquals(whole.encoder().params(), resumed.encoder().params());
        assertArrayEquals(whole.decoder().params(), resumed.decoder().params());
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(whole.critic().q(i).params(), resumed.critic().q(i).params());
            assertArrayEquals(whole.critic().target(i).params(), resumed.critic().target(i).params());
        }
        double[] obs = {0.1, -0.2, 0.3, 0.0, 0.5};
        double[] a1 = new double[3];
        double[] a2 = new double[3];
        whole.policy("Hopper", ObservationNormalizer.identity(5)).act(obs, 1, a1);
        resumed.policy("Hopper", ObservationNormalizer.identity(5)).act(obs, 1, a2);
        assertArrayEquals(a1, a2);
    }

    /** Before rlStartStep only the VAE learns: critics and actor keep their weights, their losses are NaN. */
    @Test
    void rlStartStepTrainsOnlyTheVaeFirst() {
        Bcq bcq = new Bcq(5, 3, BcqConfig.defaults().withHidden(16, 16).withVaeHidden(16).withBatchSize(8)
                .withActionSamples(4).withRlStartStep(2), 3);
        float[] actor = bcq.actor().params().clone();
        float[] q1 = bcq.critic().q1().params().clone();
        float[] decoder = bcq.decoder().params().clone();
        for (int t = 0; t < 2; t++) {
            double[] m = bcq.update(Td3Test.randomBatch(8, 5, 3, t)).values();
            assertTrue(Double.isFinite(m[0]) && Double.isNaN(m[1]) && Double.isNaN(m[2]), java.util.Arrays.toString(m));
        }
        assertArrayEquals(actor, bcq.actor().params());
        assertArrayEquals(q1, bcq.critic().q1().params());
        assertTrue(maxAbsDiff(decoder, bcq.decoder().params()) > 0);
        double[] m = bcq.update(Td3Test.randomBatch(8, 5, 3, 2)).values();
        assertTrue(Double.isFinite(m[1]) && Double.isFinite(m[2]));
        assertTrue(maxAbsDiff(actor, bcq.actor().params()) > 0);
    }

    /** The policy acts on a batch of states as on each state alone with the same latents: one pass, same actions. */
    @Test
    void policyActsOnABatchAsStateByState() {
        Bcq bcq = small(0.05, 12);
        for (int t = 0; t < 3; t++) {
            bcq.update(Td3Test.randomBatch(8, 5, 3, 40 + t));
        }
        ActorPolicy batched = bcq.policy("Hopper", ObservationNormalizer.identity(5));
        ActorPolicy single = bcq.policy("Hopper", ObservationNormalizer.identity(5));
        assertEquals(ActorPolicy.Head.BCQ, batched.head());
        assertEquals(5, batched.observationDim());
        assertEquals(3, batched.actionDim());
        double[] obs = new double[4 * 5];
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < obs.length; i++) {
            obs[i] = r.nextGaussian();
        }
        double[] all = new double[4 * 3];
        batched.act(obs, 4, all);
        for (int s = 0; s < 4; s++) {
            double[] one = new double[3];
            single.act(java.util.Arrays.copyOfRange(obs, s * 5, s * 5 + 5), 1, one);
            assertArrayEquals(java.util.Arrays.copyOfRange(all, s * 3, s * 3 + 3), one, "state " + s);
        }
        for (double a : all) {
            assertTrue(a >= -1 && a <= 1);
        }
        // seeded: a policy reseeded alike acts alike, another seed draws other candidates
        double[] x = new double[3];
        double[] y = new double[3];
        double[] w = new double[3];
        batched.withSeed(5).act(obs, 1, x);
        batched.withSeed(5).act(obs, 1, y);
        batched.withSeed(6).act(obs, 1, w);
        assertArrayEquals(x, y);
        assertTrue(!java.util.Arrays.equals(x, w), "another seed gave the same action");
    }

    /** The chosen action has the largest Q1 among the candidates drawn from the same generator. */
    @Test
    void policyTakesTheArgmaxOfQ1() {
        Bcq bcq = small(0.05, 13);
        ActorPolicy p = bcq.policy("Hopper", ObservationNormalizer.identity(5)).withSeed(21);
        double[] obs = {0.3, -0.1, 0.2, 0.4, -0.5};
        double[] act = new double[3];
        p.act(obs, 1, act);
        Rng rng = new Rng(21);
        float[] z = new float[7 * 6];
        rrl.policy.BcqCandidates.sampleLatents(rng, z, z.length, 0.5);
        float[] s = new float[7 * 5];
        for (int i = 0; i < 7; i++) {
            for (int j = 0; j < 5; j++) {
                s[i * 5 + j] = (float) obs[j];
            }
        }
        float[] cand = new rrl.policy.BcqCandidates(bcq.decoder(), bcq.actor(), 5, 0.05).compute(s, z, 7).clone();
        float[] q = bcq.critic().forwardQ1(s, cand, 7);
        int best = 0;
        for (int i = 1; i < 7; i++) {
            best = q[i] > q[best] ? i : best;
        }
        for (int j = 0; j < 3; j++) {
            assertEquals(cand[best * 3 + j], act[j], 0);
        }
    }

    /**
     * A BCQ policy file loads back into a policy that acts as the saved one did from its creation (the file stores
     * the start of its candidate stream, so a policy saved after its evaluation replays that evaluation's draws).
     */
    @Test
    void policyFileRoundTrip() {
        Bcq bcq = small(0.05, 14);
        bcq.update(Td3Test.randomBatch(8, 5, 3, 1));
        ObservationNormalizer norm = new ObservationNormalizer(new float[] {0.1f, 0, 0, 0, 0.2f}, new float[] {1, 2, 1, 1, 3});
        ActorPolicy p = bcq.policy("Hopper", norm);
        double[] obs = {0.3, -0.1, 0.2, 0.4, -0.5, 1, 2, 3, 4, 5};
        double[] a = new double[6];
        double[] c = new double[6];
        p.act(obs, 2, a); // an evaluation before the save
        Path file = tmp.resolve("policy.ckpt");
        p.save(file, Map.of("algorithm", "BCQ"));
        ActorPolicy back = ActorPolicy.load(file);
        assertEquals(ActorPolicy.Head.BCQ, back.head());
        assertTrue(back.toString().contains("BCQ, argmax of Q1 over 7 decoded and perturbed actions"), back.toString());
        ActorPolicy fresh = bcq.policy("Hopper", norm);
        for (int t = 0; t < 3; t++) {
            fresh.act(obs, 2, a);
            back.act(obs, 2, c);
            assertArrayEquals(a, c, "step " + t);
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.sampling(1));
        assertTrue(e.getMessage().contains("BCQ's"), e.getMessage());
    }

    @Test
    void configsAreValidatedWithTheFix() {
        BcqConfig d = BcqConfig.defaults();
        assertEquals(List.of(256, 256), d.hidden());
        assertEquals(100, d.batchSize());
        assertEquals(100, d.actionSamples());
        assertEquals(Algorithm.BCQ, d.algorithm());
        assertEquals(ObservationScaling.NONE, d.observationScaling());
        assertEquals(List.of(400, 300), BcqConfig.reproduction().hidden());
        assertEquals(List.of(750, 750), BcqConfig.reproduction().vaeHidden());
        assertEquals("BCQ's lambda (weight of the minimum critic) must be in [0, 1], got 1.5; d3rlpy uses 0.75",
                message(() -> new BcqConfig(d.hidden(), d.vaeHidden(), 1e-3, 1e-3, 1e-3, 100, 0.99, 0.005, 1.5, 100, 0.05,
                        0.5, 0, ObservationScaling.NONE, true)));
        assertEquals("BCQ needs at least 1 sampled action per state, got 0; d3rlpy uses 100",
                message(() -> d.withActionSamples(0)));
        assertEquals("BCQ's batch size must be >= 1, got 0; d3rlpy uses 100", message(() -> d.withBatchSize(0)));
        assertEquals("BCQ's action flexibility (perturbation range) must be in [0, 2], got -0.1; d3rlpy uses 0.05",
                message(() -> d.withActionFlexibility(-0.1)));
        assertEquals("BCQ's VAE learning rate must be finite and > 0, got NaN; d3rlpy uses 1e-3",
                message(() -> new BcqConfig(d.hidden(), d.vaeHidden(), 1e-3, 1e-3, Double.NaN, 100, 0.99, 0.005, 0.75, 100,
                        0.05, 0.5, 0, ObservationScaling.NONE, true)));
        assertEquals("BCQ's rlStartStep must be >= 0, got -1; d3rlpy uses 0", message(() -> d.withRlStartStep(-1)));
        assertEquals("hidden layer widths must be >= 1, got [0]", message(() -> d.withVaeHidden(0)));
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> small(0.05, 1).update(Td3Test.randomBatch(9, 5, 3, 1)));
        assertEquals("BCQ expects batches of 8 x (obs 5, act 3), got 9 x (obs 5, act 3)", wrong.getMessage());
        // JSON round trip (config.json, checkpoint metadata)
        com.google.gson.Gson gson = new com.google.gson.Gson();
        assertEquals(d, gson.fromJson(gson.toJson(d), BcqConfig.class));
    }

    private static String message(org.junit.jupiter.api.function.Executable e) {
        return assertThrows(IllegalArgumentException.class, e).getMessage();
    }
}
