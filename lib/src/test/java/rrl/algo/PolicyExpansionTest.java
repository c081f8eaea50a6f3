package rrl.algo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import rrl.checkpoint.Checkpoint;

/**
 * PEX and RPEX as learners: what they load from the offline checkpoint (critics, targets, V, the frozen offline actor;
 * a fresh online actor), the refusals of another learner's or another task's checkpoint, finite updates that change
 * the online actor and leave the offline one alone, and an exact resume from a saved state.
 */
class PolicyExpansionTest {
    /** An offline run's training checkpoint after {@code updates} updates on random batches. */
    static Checkpoint offline(LearnerConfig cfg, int obsDim, int actDim, int updates) {
        Learner l = cfg.create(obsDim, actDim, 7);
        int batch = cfg instanceof IqlConfig i ? i.batchSize() : ((RiqlConfig) cfg).batchSize();
        for (int t = 0; t < updates; t++) {
            l.update(Td3Test.randomBatch(batch, obsDim, actDim, 50 + t));
        }
        Checkpoint c = Checkpoint.create(cfg.algorithm().name().toLowerCase(java.util.Locale.ROOT) + "-training")
                .putMeta("config", Map.of("env", "Walker2d", "learner", cfg));
        l.save(c);
        return c;
    }

    static IqlConfig iql(int width, int batch) {
        return IqlConfig.defaults().withHidden(width, width).withBatchSize(batch);
    }

    static RiqlConfig riql(int width, int batch) {
        return RiqlConfig.defaults().withHidden(width, width).withBatchSize(batch).withTuning(new RiqlTuning(1.0, 0.25, 3));
    }

    @Test
    void loadsCriticsTargetsValueAndTheOfflineActorAndStartsAFreshOnlineActor() {
        for (boolean robust : new boolean[] {false, true}) {
            Checkpoint c = robust ? offline(riql(32, 16), 17, 6, 5) : offline(iql(32, 16), 17, 6, 5);
            PolicyExpansion l = robust ? RpexConfig.defaults().withBatchSize(16).create(c, 17, 6, 1)
                    : PexConfig.defaults().withBatchSize(16).create(c, 17, 6, 1);
            assertEquals(robust ? 3 : 2, l.critic().size());
            for (int i = 0; i < l.critic().size(); i++) {
                assertArrayEquals(c.tensor("q" + (i + 1)), l.critic().q(i).params());
                assertArrayEquals(c.tensor("q" + (i + 1) + "_target"), l.critic().target(i).params());
            }
            assertArrayEquals(c.tensor("value"), l.value().params());
            assertArrayEquals(c.tensor("actor"), l.offlineActor().params());
            assertFalse(java.util.Arrays.equals(c.tensor("actor"), l.actor().network().params()));
            assertEquals(AdvantageWeightedActor.Kind.GAUSSIAN, l.actor().kind());
            assertArrayEquals(new float[6], l.actor().logStd());
            assertEquals(robust ? 0.25 : 0, l.policySet().selection().quantile());
            assertEquals(robust ? 0 : 6, l.policySet().offlineLogStd().length, "IQL's actor is Gaussian, RIQL's not");
            assertEquals(0, l.startSteps());
        }
    }

    @Test
    void refusesAnotherLearnersOrAnotherTasksCheckpointInOneLine() {
        Checkpoint iql = offline(iql(16, 8), 17, 6, 1);
        Checkpoint riql = offline(riql(16, 8), 17, 6, 1);
        String m = assertThrows(IllegalArgumentException.class,
                () -> RpexConfig.defaults().create(iql, 17, 6, 0)).getMessage();
        assertTrue(m.startsWith("RPEX starts from an RIQL training checkpoint, this is a 'iql-training' one"), m);
        m = assertThrows(IllegalArgumentException.class, () -> PexConfig.defaults().create(riql, 17, 6, 0)).getMessage();
        assertTrue(m.startsWith("PEX starts from an IQL training checkpoint"), m);
        m = assertThrows(IllegalArgumentException.class, () -> PexConfig.defaults().create(iql, 11, 3, 0)).getMessage();
        assertTrue(m.startsWith("the IQL checkpoint was trained on Walker2d,"), m);
        assertFalse(m.contains("\n"));
    }

    private static double[] run(PolicyExpansion l, int from, int to) {
        double[] last = null;
        for (int t = from; t < to; t++) {
            last = l.update(Td3Test.randomBatch(16, 17, 6, 300 + t)).values();
        }
        return last;
    }

    /** PEX from IQL, RPEX from a deterministic RIQL actor and from a Gaussian one (the IPW term then differs per candidate). */
    @Test
    void updatesAreFiniteTrainTheOnlineActorAndResumeExactly() {
        for (int k = 0; k < 3; k++) {
            boolean robust = k > 0;
            Checkpoint c = k == 0 ? offline(iql(32, 16), 17, 6, 5) : offline(k == 1 ? riql(32, 16)
                    : riql(32, 16).withActor(AdvantageWeightedActor.Kind.GAUSSIAN), 17, 6, 5);
            PolicyExpansionConfig cfg = robust ? RpexConfig.defaults().withBatchSize(16)
                    : PexConfig.defaults().withBatchSize(16);
            PolicyExpansion a = cfg.create(c, 17, 6, 3);
            assertEquals(k == 1 ? 0 : 6, a.policySet().offlineLogStd().length);
            float[] online0 = a.actor().network().exportWeights();
            double[] m = run(a, 0, 10);
            for (double v : m) {
                assertTrue(Double.isFinite(v), java.util.Arrays.toString(m));
            }
            assertFalse(java.util.Arrays.equals(online0, a.actor().network().exportWeights()));
            assertArrayEquals(c.tensor("actor"), a.offlineActor().params(), "the offline actor is frozen");
            Checkpoint saved = Checkpoint.create("test");
            a.save(saved);
            double[] want = run(a, 10, 20);
            PolicyExpansion b = cfg.create(c, 17, 6, 99);
            b.restore(saved);
            assertEquals(10, b.updates());
            assertArrayEquals(want, run(b, 10, 20));
            Checkpoint x = Checkpoint.create("test");
            Checkpoint y = Checkpoint.create("test");
            a.save(x);
            b.save(y);
            for (String t : x.tensorNames()) {
                assertArrayEquals(x.tensor(t), y.tensor(t), t);
            }
            assertArrayEquals(x.longs("policy_set"), y.longs("policy_set"));
            // the explored actions come from the policy set and are the same from the same state
            float[] obs = Td3Test.randomBatch(4, 17, 6, 1).obs;
            float[] ea = new float[24];
            float[] eb = new float[24];
            a.explore(obs, 4, ea);
            b.explore(obs, 4, eb);
            assertArrayEquals(ea, eb);
        }
    }
}
