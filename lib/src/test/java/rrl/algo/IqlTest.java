package rrl.algo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rrl.checkpoint.Checkpoint;
import rrl.nn.GradientCheck;
import rrl.nn.LrSchedule;
import rrl.nn.ObservationNormalizer;
import rrl.policy.ActorPolicy;
import rrl.replay.TransitionBatch;

/**
 * IQL's losses against finite differences, the update's bookkeeping, exact resume and the config's refusals.
 * Float networks leave errors up to ~1e-2 (SacTest's bound is 3e-2); V's gradients are small (~1e-3), where a
 * ReLU kink that GradientCheck does not skip (slopes within 1e-3) leaks up to 5e-4 against its 1e-2 floor, so
 * V's bound is 5e-2 (measured up to 3.7e-2). A wrong weight (tau for 1 - tau), sign or factor gives 0.3 or more.
 */
class IqlTest {
    static Iql small(long seed) {
        return new Iql(5, 3, IqlConfig.defaults().withHidden(16, 16).withBatchSize(8), seed);
    }

    /** The expectile value loss: V's gradients after prepare() (V on s'), against re-running prepare() and the loss. */
    @Test
    void expectileValueLossGradientMatchesFiniteDifferences() {
        for (double tau : new double[] {0.7, 0.9}) {
            Iql iql = new Iql(5, 3, IqlConfig.defaults().withHidden(16, 16).withBatchSize(8).withExpectile(tau), 1);
            TransitionBatch b = Td3Test.randomBatch(8, 5, 3, 2);
            ImplicitQLearning core = iql.core();
            core.prepare(b);
            core.valueLossAndGradients(8);
            float[] g = iql.value().grads().clone();
            double e = GradientCheck.worstError(iql.value().params(), g, 3, () -> {
                core.prepare(b);
                return core.valueLossAndGradients(8);
            });
            assertTrue(e < 5e-2, "tau " + tau + ": value gradient error " + e);
        }
    }

    /** The expectile loss weighs residuals above V by tau and below by 1 - tau, and its derivative is -2 w u / n. */
    @Test
    void expectileLossIsAsymmetric() {
        float[] v = {0f, 0f};
        float[] dV = new float[2];
        double loss = Expectile.lossAndGradient(v, new float[] {2f, -2f}, 2, 0.7, dV);
        assertEquals((0.7 * 4 + 0.3 * 4) / 2, loss, 1e-12);
        assertEquals(-2 * 0.7 * 2 / 2, dV[0], 1e-6);
        assertEquals(-2 * 0.3 * -2 / 2, dV[1], 1e-6);
    }

    /**
     * The AWR actor loss, mean_b w_b (-log N(a_b; tanh(linear(s_b)), exp(log_std))), by the mean network's weights
     * and by the state-independent log std (also with one log std clamped: no gradient), and the deterministic
     * actor's weighted MSE.
     */
    @Test
    void advantageWeightedActorGradientsMatchFiniteDifferences() {
        TransitionBatch b = Td3Test.randomBatch(8, 5, 3, 4);
        float[] w = new float[8];
        for (int i = 0; i < 8; i++) {
            w[i] = 0.2f + 0.3f * i;
        }
        for (AdvantageWeightedActor.Kind kind : AdvantageWeightedActor.Kind.values()) {
            AdvantageWeightedActor actor = new AdvantageWeightedActor(kind, 5, 3, new int[] {16, 16},
                    rrl.nn.Adam.Config.defaults(), -5, 2, 3);
            if (kind == AdvantageWeightedActor.Kind.GAUSSIAN) {
                actor.logStd()[0] = 0.4f;
                actor.logStd()[1] = -0.7f;
                actor.logStd()[2] = -6f; // below the clamp
            }
            actor.lossAndGradients(b.obs, b.actions, w, 8);
            float[] g = actor.network().grads().clone();
            double e = GradientCheck.worstError(actor.network().params(), g, 2,
                    () -> actor.lossAndGradients(b.obs, b.actions, w, 8));
            assertTrue(e < 3e-2, kind + ": actor gradient error " + e);
            if (kind == AdvantageWeightedActor.Kind.GAUSSIAN) {
                float[] gs = actor.logStdGradient().clone();
                assertEquals(0f, gs[2], "a clamped log std gets no gradient");
                double es = GradientCheck.worstError(actor.logStd(), gs, 1,
                        () -> actor.lossAndGradients(b.obs, b.actions, w, 8));
                assertTrue(es < 1e-2, "log std gradient error " + es);
            }
        }
    }

    /** The Gaussian loss is the weighted negative log-density of N(tanh(linear(s)), std), written out here. */
    @Test
    void gaussianLossIsTheWeightedNegativeLogLikelihood() {
        AdvantageWeightedActor actor = new AdvantageWeightedActor(AdvantageWeightedActor.Kind.GAUSSIAN, 5, 3,
                new int[] {8}, rrl.nn.Adam.Config.defaults(), -5, 2, 5);
        actor.logStd()[1] = 0.5f;
        TransitionBatch b = Td3Test.randomBatch(4, 5, 3, 6);
        float[] w = {1f, 2f, 0.5f, 3f};
        double loss = actor.lossAndGradients(b.obs, b.actions, w, 4);
        float[] mu = actor.network().forward(b.obs, 4);
        double want = 0;
        for (int r = 0; r < 4; r++) {
            double nll = 0;
            for (int j = 0; j < 3; j++) {
                double std = Math.exp(actor.logStd()[j]);
                double d = b.actions[r * 3 + j] - mu[r * 3 + j];
                assertTrue(Math.abs(mu[r * 3 + j]) < 1, "the mean is tanh of a linear layer");
                nll += d * d / (2 * std * std) + Math.log(std) + 0.5 * Math.log(2 * Math.PI);
            }
            want += w[r] * nll / 4;
        }
        assertEquals(want, loss, 1e-5 * Math.abs(want));
    }

    /** Weights: exp(beta adv) clipped at maxWeight. */
    @Test
    void advantageWeightsAreClippedExponentials() {
        float[] w = new float[3];
        double mean = AdvantageWeights.compute(new float[] {0f, -1f, 5f}, 3, 3.0, 100, w);
        assertEquals(1f, w[0]);
        assertEquals((float) Math.exp(-3), w[1], 1e-7);
        assertEquals(100f, w[2]);
        assertEquals((1 + Math.exp(-3) + 100) / 3, mean, 1e-6);
    }

    /** Targets are r + gamma (1 - done) V(s') and advantages min(Q1, Q2)_target(s, a) - V(s), by hand. */
    @Test
    void targetsAndAdvantagesFollowTheDefinitions() {
        Iql iql = small(7);
        TransitionBatch b = Td3Test.randomBatch(8, 5, 3, 8);
        iql.core().prepare(b);
        float[] nextV = iql.value().forward(b.nextObs, 8).clone();
        float[] v = iql.value().forward(b.obs, 8).clone();
        float[] in = new float[8 * 8];
        for (int r = 0; r < 8; r++) {
            System.arraycopy(b.obs, r * 5, in, r * 8, 5);
            System.arraycopy(b.actions, r * 3, in, r * 8 + 5, 3);
        }
        float[] q1 = iql.critic().target(0).forward(in, 8).clone();
        float[] q2 = iql.critic().target(1).forward(in, 8).clone();
        for (int r = 0; r < 8; r++) {
            assertEquals(b.rewards[r] + 0.99 * (1 - b.dones[r]) * nextV[r], iql.core().targets()[r], 1e-5);
            assertEquals(Math.min(q1[r], q2[r]) - v[r], iql.core().advantages()[r], 1e-6);
        }
    }

    /** The actor's rate decays by the cosine; V's and the critics' stay. */
    @Test
    void actorLearningRateFollowsTheCosine() {
        Iql iql = new Iql(5, 3, IqlConfig.defaults().withHidden(8).withBatchSize(8).withTotalSteps(4), 1);
        double[] want = {3e-4, 3e-4 * (1 + Math.cos(Math.PI / 4)) / 2, 1.5e-4};
        for (int t = 0; t < 3; t++) {
            assertEquals(want[t], iql.actor().learningRate(), 1e-12);
            iql.update(Td3Test.randomBatch(8, 5, 3, t));
        }
    }

    /** Saved mid-way and restored into a fresh learner, the run continues bit for bit (incl. the cosine's count). */
    @Test
    void restoredLearnerContinuesBitForBit(@TempDir Path dir) {
        for (AdvantageWeightedActor.Kind kind : AdvantageWeightedActor.Kind.values()) {
            IqlConfig c = IqlConfig.defaults().withHidden(16, 16).withBatchSize(8).withTotalSteps(12).withActor(kind);
            Iql straight = new Iql(5, 3, c, 9);
            Iql first = new Iql(5, 3, c, 9);
            for (int t = 0; t < 5; t++) {
                straight.update(Td3Test.randomBatch(8, 5, 3, 50 + t));
                first.update(Td3Test.randomBatch(8, 5, 3, 50 + t));
            }
            Checkpoint ck = Checkpoint.create("test");
            first.save(ck);
            Path file = dir.resolve(kind + ".ckpt");
            ck.write(file);
            Iql resumed = new Iql(5, 3, c, 1234);
            resumed.restore(Checkpoint.read(file));
            assertEquals(5, resumed.updates());
            for (int t = 5; t < 10; t++) {
                TransitionBatch b = Td3Test.randomBatch(8, 5, 3, 50 + t);
                assertEquals(straight.update(b), resumed.update(b), kind + ": metrics of update " + t);
            }
            assertArrayEquals(straight.actor().network().params(), resumed.actor().network().params());
            assertArrayEquals(straight.actor().logStd(), resumed.actor().logStd());
            assertArrayEquals(straight.value().params(), resumed.value().params());
            for (int i = 0; i < 2; i++) {
                assertArrayEquals(straight.critic().q(i).params(), resumed.critic().q(i).params());
                assertArrayEquals(straight.critic().target(i).params(), resumed.critic().target(i).params());
            }
        }
    }

    /** The evaluation policy is the actor's mean network: a deterministic head, a copy that later updates leave alone. */
    @Test
    void policyIsTheTanhMeanAndACopy() {
        Iql iql = small(3);
        ActorPolicy p = iql.policy("Hopper", ObservationNormalizer.identity(5));
        assertEquals(ActorPolicy.Head.DETERMINISTIC, p.head());
        assertEquals(3, p.actionDim());
        double[] obs = new double[5 * 2];
        for (int i = 0; i < obs.length; i++) {
            obs[i] = 0.1 * i - 0.4;
        }
        double[] a = new double[6];
        p.act(obs, 2, a);
        float[] x = new float[10];
        for (int i = 0; i < 10; i++) {
            x[i] = (float) obs[i];
        }
        float[] mu = iql.actor().network().forward(x, 2);
        for (int i = 0; i < 6; i++) {
            assertEquals(mu[i], a[i], 1e-7);
        }
        iql.update(Td3Test.randomBatch(8, 5, 3, 1));
        double[] again = new double[6];
        p.act(obs, 2, again);
        assertArrayEquals(a, again);
    }

    @Test
    void wrongBatchIsOneLineNamingBoth() {
        Iql iql = small(1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> iql.update(Td3Test.randomBatch(4, 5, 3, 1)));
        assertEquals("IQL expects batches of 8 x (obs 5, act 3), got 4 x (obs 5, act 3)", e.getMessage());
    }

    @Test
    void configRefusesWhatItCannotTrainWithByName() {
        IqlConfig d = IqlConfig.defaults();
        assertEquals("expectile must be in (0, 1) (IQL: 0.7), got 1.0",
                assertThrows(IllegalArgumentException.class, () -> d.withExpectile(1.0)).getMessage());
        assertEquals("beta must be finite and >= 0 (IQL: 3), got NaN",
                assertThrows(IllegalArgumentException.class, () -> d.withBeta(Double.NaN)).getMessage());
        assertEquals("batchSize must be >= 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> d.withBatchSize(0)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new IqlConfig(List.of(256, 256), 0, 3e-4, 3e-4,
                LrSchedule.constant(), 256, 0.99, 0.005, 0.7, 3, 100, -5, 2, AdvantageWeightedActor.Kind.GAUSSIAN,
                ObservationScaling.NONE, RewardScaling.NONE)).getMessage().startsWith("actorLr must be finite and > 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new IqlConfig(List.of(256, 256), 3e-4, 3e-4, 3e-4,
                LrSchedule.constant(), 256, 0.99, 0.005, 0.7, 3, 100, -5, 2, null, ObservationScaling.NONE,
                RewardScaling.NONE)).getMessage().contains("must be set"));
    }

    /** Defaults as the authors' code has them; JSON round trip; equal records. */
    @Test
    void defaultsAreTheAuthorsAndRoundTripThroughJson() {
        IqlConfig d = IqlConfig.defaults();
        assertEquals(List.of(256, 256), d.hidden());
        assertEquals(LrSchedule.cosine(1_000_000), d.actorSchedule());
        assertEquals(0.7, d.expectile());
        assertEquals(3.0, d.beta());
        assertEquals(100, d.maxWeight());
        assertEquals(-5, d.logStdMin());
        assertEquals(ObservationScaling.NONE, d.observationScaling());
        assertEquals(RewardScaling.RETURN_RANGE, d.rewardScaling());
        assertEquals(Algorithm.IQL, d.algorithm());
        com.google.gson.Gson gson = new com.google.gson.Gson();
        assertEquals(d, gson.fromJson(gson.toJson(d), IqlConfig.class));
        assertNotEquals(d, d.withTotalSteps(5));
        assertEquals(Algorithm.IQL, Algorithm.parse("iql"));
        assertEquals("RIQL", Algorithm.parse("riql").label());
    }
}
