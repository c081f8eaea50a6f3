package rrl.algo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rrl.checkpoint.Checkpoint;
import rrl.nn.GradientCheck;
import rrl.replay.TransitionBatch;

/**
 * RIQL's changes to IQL: the Huber critic loss (against finite differences, and against RIQL's {@code huber_loss}
 * formula), V's target as the quantile over N target critics (against a quantile computed here), the clamp of the
 * critics' targets, the authors' table, exact resume and the config's refusals. Gradient bounds as in IqlTest
 * (5e-2: small gradients near ReLU kinks; measured up to 4.1e-2).
 */
class RiqlTest {
    private static Riql small(RiqlConfig c, long seed) {
        return new Riql(5, 3, c.withHidden(16, 16).withBatchSize(8), seed);
    }

    /** RIQL's huber_loss(d, sigma) as its code computes it, beta = 1 / sigma^2. */
    private static double riqlHuber(double d, double sigma) {
        double beta = 1 / (sigma * sigma);
        double a = Math.abs(d);
        return a < beta ? 0.5 * a * a / beta : a - 0.5 * beta;
    }

    /** Our Huber(delta = 1 / sigma^2) is RIQL's smooth L1 times the constant delta, on both sides of the threshold. */
    @Test
    void huberThresholdIsOneOverSigmaSquared() {
        for (double sigma : new double[] {0.1, 0.5, 1.0, 3.0}) {
            RiqlConfig c = RiqlConfig.defaults().withTuning(new RiqlTuning(sigma, 0.25, 5));
            CriticEnsemble.Loss l = c.settings().critics().loss();
            assertEquals(CriticEnsemble.Loss.Kind.HUBER, l.kind());
            assertEquals(1 / (sigma * sigma), l.delta(), 1e-12);
            for (double d : new double[] {-250, -3, -0.05, 0.001, 0.08, 0.2, 2, 40}) {
                assertEquals(riqlHuber(d, sigma) * l.delta(), l.value(d), 1e-9 * (1 + Math.abs(l.value(d))),
                        "sigma " + sigma + ", d " + d);
            }
        }
    }

    /** The critics' Huber loss by their weights, with errors in the quadratic (sigma 0.5) and linear (sigma 3) parts. */
    @Test
    void huberCriticLossGradientMatchesFiniteDifferences() {
        for (double sigma : new double[] {0.5, 3.0}) {
            Riql riql = small(RiqlConfig.defaults().withTuning(new RiqlTuning(sigma, 0.25, 3)), 1);
            TransitionBatch b = Td3Test.randomBatch(8, 5, 3, 2);
            riql.core().prepare(b);
            float[] y = riql.core().targets().clone();
            CriticEnsemble q = riql.critic();
            q.lossAndGradients(b, y);
            for (int i = 0; i < 3; i++) {
                float[] g = q.q(i).grads().clone();
                double e = GradientCheck.worstError(q.q(i).params(), g, 3, () -> q.lossAndGradients(b, y));
                assertTrue(e < 5e-2, "sigma " + sigma + ", critic " + i + ": gradient error " + e);
            }
        }
    }

    /**
     * V's target is numpy's (torch.quantile's) linear quantile of the N target critics on (s, a), here computed from
     * the target networks directly; the expectile loss's gradient on that path matches finite differences.
     */
    @Test
    void valueTargetIsTheQuantileOverTheTargetCriticsAndItsGradientChecks() {
        for (double alpha : new double[] {0.1, 0.25, 0.5}) {
            Riql riql = small(RiqlConfig.defaults().withTuning(new RiqlTuning(1.0, alpha, 5)), 3);
            TransitionBatch b = Td3Test.randomBatch(8, 5, 3, 4);
            ImplicitQLearning core = riql.core();
            core.prepare(b);
            float[] v = riql.value().forward(b.obs, 8).clone();
            float[] in = new float[8 * 8];
            for (int r = 0; r < 8; r++) {
                System.arraycopy(b.obs, r * 5, in, r * 8, 5);
                System.arraycopy(b.actions, r * 3, in, r * 8 + 5, 3);
            }
            double[][] q = new double[8][5];
            for (int i = 0; i < 5; i++) {
                float[] qi = riql.critic().target(i).forward(in, 8);
                for (int r = 0; r < 8; r++) {
                    q[r][i] = qi[r];
                }
            }
            for (int r = 0; r < 8; r++) {
                double[] sorted = q[r].clone();
                Arrays.sort(sorted);
                double h = 4 * alpha;
                int lo = (int) Math.floor(h);
                double want = sorted[lo] + (h - lo) * (sorted[Math.min(lo + 1, 4)] - sorted[lo]);
                assertEquals((float) want - v[r], core.advantages()[r], 1e-6, "alpha " + alpha + ", row " + r);
            }
            core.prepare(b);
            core.valueLossAndGradients(8);
            float[] g = riql.value().grads().clone();
            double e = GradientCheck.worstError(riql.value().params(), g, 3, () -> {
                core.prepare(b);
                return core.valueLossAndGradients(8);
            });
            assertTrue(e < 5e-2, "alpha " + alpha + ": value gradient error " + e);
        }
    }

    /** Critic targets r + gamma (1 - d) V(s') are clamped to [-100, 1000]. */
    @Test
    void criticTargetsAreClamped() {
        Riql riql = small(RiqlConfig.defaults(), 5);
        TransitionBatch b = Td3Test.randomBatch(8, 5, 3, 6);
        b.rewards[0] = 5000;
        b.rewards[1] = -700;
        riql.core().prepare(b);
        float[] y = riql.core().targets();
        assertEquals(1000f, y[0]);
        assertEquals(-100f, y[1]);
        float[] nextV = riql.value().forward(b.nextObs, 8);
        assertEquals(b.rewards[2] + 0.99 * (1 - b.dones[2]) * nextV[2], y[2], 1e-5);
    }

    @Test
    void defaultsAreTheAuthorsCode() {
        RiqlConfig d = RiqlConfig.defaults();
        assertEquals(new RiqlTuning(1.0, 0.25, 5), d.tuning());
        assertEquals(AdvantageWeightedActor.Kind.DETERMINISTIC, d.actor());
        assertEquals(ObservationScaling.STATES_AND_NEXT, d.observationScaling());
        assertEquals(RewardScaling.NONE, d.rewardScaling());
        assertEquals(-100, d.targetMin());
        assertEquals(1000, d.targetMax());
        assertEquals(rrl.nn.LrSchedule.cosine(3_000_000), d.actorSchedule());
        assertEquals(Algorithm.RIQL, d.algorithm());
        assertEquals(5, small(d, 1).critic().size());
        com.google.gson.Gson gson = new com.google.gson.Gson();
        assertEquals(d, gson.fromJson(gson.toJson(d), RiqlConfig.class));
    }

    /** Rows of RIQL_config.py, N = 3 where the authors set it, and a clear error off the table. */
    @Test
    void tuningTableIsTheAuthors() {
        assertEquals(new RiqlTuning(0.1, 0.25, 3), RiqlTuning.of("Hopper", RiqlTuning.Corruption.RANDOM_OBSERVATIONS));
        assertEquals(new RiqlTuning(0.5, 0.25, 3), RiqlTuning.of("HalfCheetah", RiqlTuning.Corruption.RANDOM_ACTIONS));
        assertEquals(new RiqlTuning(1.0, 0.25, 3), RiqlTuning.of("walker2d", RiqlTuning.Corruption.RANDOM_DYNAMICS));
        assertEquals(new RiqlTuning(3.0, 0.1, 5), RiqlTuning.of("Walker2d", RiqlTuning.Corruption.ADVERSARIAL_REWARDS));
        assertEquals(new RiqlTuning(1.0, 0.5, 5), RiqlTuning.of("Hopper", RiqlTuning.Corruption.ADVERSARIAL_DYNAMICS));
        assertEquals(new RiqlTuning(0.1, 0.25, 5), RiqlTuning.of("Hopper", RiqlTuning.Corruption.ADVERSARIAL_REWARDS));
        assertEquals(RiqlTuning.Corruption.RANDOM_REWARDS, RiqlTuning.Corruption.parse("random-rewards"));
        assertEquals(RiqlTuning.Corruption.ADVERSARIAL_OBSERVATIONS, RiqlTuning.Corruption.parse("ADVERSARIAL_OBSERVATIONS"));
        RiqlConfig t = RiqlConfig.tuned("Hopper", RiqlTuning.Corruption.RANDOM_REWARDS);
        assertEquals(3, t.critics());
        assertEquals(1.0, t.sigma());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RiqlTuning.of("Ant", RiqlTuning.Corruption.RANDOM_ACTIONS));
        assertEquals("RIQL's tuned settings exist for [HalfCheetah, Walker2d, Hopper], not Ant; without a tuned row give "
                + "sigma, quantile and N yourself (rrl train riql: leave out --corruption and pass --sigma, --quantile and "
                + "--critics)", e.getMessage());
    }

    @Test
    void restoredLearnerContinuesBitForBit(@TempDir Path dir) {
        RiqlConfig c = RiqlConfig.defaults().withTotalSteps(20);
        Riql straight = small(c, 11);
        Riql first = small(c, 11);
        for (int t = 0; t < 4; t++) {
            straight.update(Td3Test.randomBatch(8, 5, 3, 70 + t));
            first.update(Td3Test.randomBatch(8, 5, 3, 70 + t));
        }
        Checkpoint ck = Checkpoint.create("test");
        first.save(ck);
        ck.write(dir.resolve("riql.ckpt"));
        Riql resumed = small(c, 99);
        resumed.restore(Checkpoint.read(dir.resolve("riql.ckpt")));
        for (int t = 4; t < 8; t++) {
            TransitionBatch b = Td3Test.randomBatch(8, 5, 3, 70 + t);
            assertEquals(straight.update(b), resumed.update(b), "metrics of update " + t);
        }
        assertArrayEquals(straight.actor().network().params(), resumed.actor().network().params());
        assertArrayEquals(straight.value().params(), resumed.value().params());
        for (int i = 0; i < 5; i++) {
            assertArrayEquals(straight.critic().target(i).params(), resumed.critic().target(i).params());
        }
    }

    @Test
    void configRefusesWhatItCannotTrainWithByName() {
        RiqlConfig d = RiqlConfig.defaults();
        assertEquals("RIQL needs at least one critic (RIQL: 5), got 0", assertThrows(IllegalArgumentException.class,
                () -> d.withTuning(new RiqlTuning(1, 0.25, 0))).getMessage());
        assertEquals("the quantile level must be in [0, 1] (RIQL: 0.25), got 1.5", assertThrows(
                IllegalArgumentException.class, () -> d.withTuning(new RiqlTuning(1, 1.5, 5))).getMessage());
        assertEquals("the Huber sigma must be finite and > 0 (RIQL: 1.0), got 0.0", assertThrows(
                IllegalArgumentException.class, () -> d.withTuning(new RiqlTuning(0, 0.25, 5))).getMessage());
    }
}
