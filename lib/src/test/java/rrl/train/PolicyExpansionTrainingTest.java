package rrl.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rrl.algo.IqlConfig;
import rrl.algo.PexConfig;
import rrl.algo.PolicyExpansionConfig;
import rrl.algo.RiqlConfig;
import rrl.algo.RiqlTuning;
import rrl.algo.RpexConfig;
import rrl.checkpoint.Checkpoint;
import rrl.corrupt.CorruptionField;
import rrl.corrupt.OnlineCorruption;
import rrl.data.D4rlDataset;
import rrl.data.DatasetCollector;
import rrl.env.Environments;
import rrl.policy.Policies;

/**
 * PEX and RPEX through the training loop: a short smoke run of each from an IQL / RIQL run of a few hundred updates
 * on random Hopper data (finite losses, both policies of the set selected), a killed run that resumes to the same
 * numbers, and the refusals of another learner's or another task's offline run and of other data; with RPEX's online
 * corruption: what is stored, clean evaluation, another run id, exact resume.
 */
class PolicyExpansionTrainingTest {
    @TempDir
    static Path tmp;

    static D4rlDataset data;
    static Path iqlRun;
    static Path riqlRun;

    @BeforeAll
    static void offlineRuns() {
        data = DatasetCollector.collect(Environments.task("Hopper"), Policies.uniformRandom(2), 3000, 4, 2, null);
        iqlRun = tmp.resolve("iql");
        riqlRun = tmp.resolve("riql");
        OfflineTraining.run(data, new OfflineTraining.Config("Hopper", IqlConfig.defaults().withHidden(64, 64)
                .withBatchSize(64).withTotalSteps(300), 300, 300, 1, 100, 0), iqlRun, false);
        OfflineTraining.run(data, new OfflineTraining.Config("Hopper", RiqlConfig.defaults().withHidden(64, 64)
                .withBatchSize(64).withTuning(new RiqlTuning(1.0, 0.25, 3)).withTotalSteps(300), 300, 300, 1, 100, 0),
                riqlRun, false);
    }

    private static PolicyExpansionTraining.Config config(PolicyExpansionConfig learner, Path offline, long steps) {
        Path ckpt = PolicyExpansionTraining.offlineCheckpoint(offline);
        return PolicyExpansionTraining.Config.of("Hopper", learner, ckpt, Checkpoint.read(ckpt), data, steps, 200, 1)
                .withSchedule(200, 2, 100);
    }

    @Test
    void smokeRunsHaveFiniteLossesAndSelectBothPolicies() {
        PolicyExpansionConfig[] learners = {PexConfig.defaults().withBatchSize(64).withLearningStarts(100),
            RpexConfig.defaults().withBatchSize(64).withLearningStarts(100)};
        Path[] offline = {iqlRun, riqlRun};
        for (int k = 0; k < 2; k++) {
            PolicyExpansionTraining.Config o = config(learners[k], offline[k], 400);
            // update metrics every 100 steps
            PolicyExpansionTraining.Config c = new PolicyExpansionTraining.Config(o.env(), o.learner(), o.offline(),
                    o.offlineRunId(), o.offlineUpdates(), o.dataset(), o.steps(), 200, 2, 100, 100, 1, 100_000);
            Path dir = tmp.resolve("smoke-" + k);
            List<OnlineTraining.EvalPoint> evals = PolicyExpansionTraining.run(c, Checkpoint.read(
                    PolicyExpansionTraining.offlineCheckpoint(offline[k])), data, dir, false);
            assertEquals(2, evals.size());
            rrl.io.NumericCsv.Table t = rrl.io.NumericCsv.read(dir.resolve("metrics.csv"), -1, "metrics");
            int loss = t.header().indexOf("critic_loss");
            int actor = t.header().indexOf("actor_loss");
            int share = t.header().indexOf("online_share");
            double shares = 0;
            int rows = 0;
            for (double[] r : t.rows()) {
                if (!Double.isNaN(r[loss])) {
                    assertTrue(Double.isFinite(r[loss]) && Double.isFinite(r[actor]), java.util.Arrays.toString(r));
                    shares += r[share];
                    rows++;
                }
            }
            assertTrue(rows >= 3, "update rows: " + rows);
            double mean = shares / rows;
            assertTrue(mean > 0.02 && mean < 0.98, learners[k].algorithm() + ": mean online share " + mean);
            assertTrue(Double.isFinite(evals.get(1).meanReturn()));
            assertTrue(Files.exists(dir.resolve("policies/step-00000400.ckpt")));
            System.out.printf("%s smoke run: mean online share %.3f, last critic loss %.4g, return %.1f%n",
                    learners[k].algorithm(), mean, t.rows()[t.rows().length - 1][loss], evals.get(1).meanReturn());
        }
    }

    @Test
    void aKilledRunResumesToTheSameNumbers() throws Exception {
        PolicyExpansionTraining.Config c = config(RpexConfig.defaults().withBatchSize(32).withLearningStarts(50), riqlRun,
                300);
        Checkpoint off = Checkpoint.read(PolicyExpansionTraining.offlineCheckpoint(riqlRun));
        Path a = tmp.resolve("full");
        Path b = tmp.resolve("killed");
        List<OnlineTraining.EvalPoint> full = PolicyExpansionTraining.run(c, off, data, a, false);
        PolicyExpansionTraining.run(c, off, data, b, false, 260);
        assertTrue(Files.exists(b.resolve("training.ckpt")));
        List<OnlineTraining.EvalPoint> resumed = PolicyExpansionTraining.run(c, off, data, b, false);
        assertEquals(full, resumed);
        assertEquals(Files.readString(a.resolve("metrics.csv")), Files.readString(b.resolve("metrics.csv")));
        Checkpoint ca = Checkpoint.read(a.resolve("training.ckpt"));
        Checkpoint cb = Checkpoint.read(b.resolve("training.ckpt"));
        assertEquals("policy-expansion", ca.kind());
        for (String t : ca.tensorNames()) {
            assertArrayEquals(ca.tensor(t), cb.tensor(t), t);
        }
        assertArrayEquals(ca.longs("policy_set"), cb.longs("policy_set"));
    }

    /**
     * Before the first update a corrupted run acts as the clean one (the agent goes on from the clean next state), so
     * the two buffers differ only in the rewards the corruption drew, in about half of the 400 transitions, where the
     * stored reward is the drawn one (not rescaled: the corruption sees the reward after the offline run's scaling),
     * and the evaluations are the same (evaluation is clean).
     */
    @Test
    void onlineRewardCorruptionStoresItsDrawsInAboutHalfTheTransitionsAndEvaluatesClean() {
        int steps = 400;
        PolicyExpansionTraining.Config clean = config(PexConfig.defaults().withBatchSize(64).withLearningStarts(10_000),
                iqlRun, steps);
        PolicyExpansionTraining.Config corrupt = clean.withOnlineCorruption(Set.of(CorruptionField.REWARD), false);
        assertNotEquals(clean.id(), corrupt.id());
        assertEquals(clean.id(), clean.withOnlineCorruption(List.of(), false).id());
        // runs recorded before the fields existed keep their ids
        com.google.gson.JsonObject before = new com.google.gson.Gson().toJsonTree(clean).getAsJsonObject();
        before.remove("onlineCorruption");
        before.remove("zeroCleanRewards");
        assertEquals(rrl.results.RunId.ofJson(PolicyExpansionTraining.KIND, before, PolicyExpansionTraining.Config.BUDGET),
                clean.id());
        assertNotEquals(corrupt.id(), clean.withOnlineCorruption(Set.of(CorruptionField.REWARD), true).id());
        assertEquals(corrupt.id(), clean.withOnlineCorruption(List.of(CorruptionField.REWARD, CorruptionField.REWARD),
                false).id());
        String m = assertThrows(IllegalArgumentException.class, () -> clean.withOnlineCorruption(
                Set.of(CorruptionField.OBSERVATION), true)).getMessage();
        assertTrue(m.startsWith("zeroing uncorrupted rewards needs the reward corrupted"), m);
        Checkpoint off = Checkpoint.read(PolicyExpansionTraining.offlineCheckpoint(iqlRun));
        Path a = tmp.resolve("clean-rew");
        Path b = tmp.resolve("corrupt-rew");
        List<OnlineTraining.EvalPoint> ea = PolicyExpansionTraining.run(clean, off, data, a, false);
        List<OnlineTraining.EvalPoint> eb = PolicyExpansionTraining.run(corrupt, off, data, b, false);
        assertEquals(ea, eb);
        Checkpoint ca = Checkpoint.read(a.resolve("training.ckpt"));
        Checkpoint cb = Checkpoint.read(b.resolve("training.ckpt"));
        assertArrayEquals(ca.tensor("replay.obs"), cb.tensor("replay.obs"));
        assertArrayEquals(ca.tensor("replay.next_obs"), cb.tensor("replay.next_obs"));
        assertArrayEquals(ca.tensor("replay.actions"), cb.tensor("replay.actions"));
        float[] ra = ca.tensor("replay.rewards");
        float[] rb = cb.tensor("replay.rewards");
        assertEquals(steps, rb.length);
        // the draws of step t, replayed on a probe: NaN stays NaN where the coin left the reward alone
        OnlineCorruption probe = OnlineCorruption.normalised(Set.of(CorruptionField.REWARD), 11, new float[3],
                corrupt.seed() + PolicyExpansionTraining.CORRUPTION_SEED);
        int hits = 0;
        int scaledAway = 0;
        for (int t = 0; t < steps; t++) {
            double[] r = {Double.NaN};
            probe.beforeStore(t, new double[11], new double[3], r, new double[11], false);
            if (Double.isNaN(r[0])) {
                assertEquals(ra[t], rb[t], "step " + t + " was not corrupted");
            } else {
                hits++;
                assertEquals((float) r[0], rb[t], "step " + t);
                scaledAway += ra[t] != rb[t] ? 1 : 0;
            }
        }
        assertTrue(hits > 0.4 * steps && hits < 0.6 * steps, "corrupted rewards: " + hits + " of " + steps);
        assertEquals(hits, scaledAway);
        System.out.printf("online reward corruption: %d of %d transitions, evaluation %.1f in both runs%n", hits, steps,
                eb.get(eb.size() - 1).meanReturn());
    }

    /** RPEX with every field corrupted online: a killed run resumes to the same numbers, shares in metrics.csv. */
    @Test
    void aKilledCorruptedRunResumesToTheSameNumbers() throws Exception {
        PolicyExpansionTraining.Config c = config(RpexConfig.defaults().withBatchSize(32).withLearningStarts(50), riqlRun,
                300).withOnlineCorruption(EnumSet.allOf(CorruptionField.class), false);
        Checkpoint off = Checkpoint.read(PolicyExpansionTraining.offlineCheckpoint(riqlRun));
        Path a = tmp.resolve("corrupt-full");
        Path b = tmp.resolve("corrupt-killed");
        List<OnlineTraining.EvalPoint> full = PolicyExpansionTraining.run(c, off, data, a, false);
        PolicyExpansionTraining.run(c, off, data, b, false, 260);
        List<OnlineTraining.EvalPoint> resumed = PolicyExpansionTraining.run(c, off, data, b, false);
        assertEquals(full, resumed);
        assertEquals(Files.readString(a.resolve("metrics.csv")), Files.readString(b.resolve("metrics.csv")));
        Checkpoint ca = Checkpoint.read(a.resolve("training.ckpt"));
        Checkpoint cb = Checkpoint.read(b.resolve("training.ckpt"));
        for (String t : ca.tensorNames()) {
            assertArrayEquals(ca.tensor(t), cb.tensor(t), t);
        }
        rrl.io.NumericCsv.Table t = rrl.io.NumericCsv.read(a.resolve("metrics.csv"), -1, "metrics");
        for (CorruptionField f : CorruptionField.values()) {
            int col = t.header().indexOf("corrupted_" + f.label());
            assertTrue(col > 0, t.header().toString());
            for (double[] r : t.rows()) {
                assertTrue(Double.isNaN(r[col]) || (r[col] > 0.25 && r[col] < 0.75), f + ": " + java.util.Arrays.toString(r));
            }
        }
        assertTrue(PolicyExpansionTraining.describe(com.google.gson.JsonParser.parseString(Files.readString(
                a.resolve("config.json"))).getAsJsonObject().getAsJsonObject("config"))
                .endsWith("with online corruption of obs,act,rew,dyn"));
    }

    @Test
    void refusesAnotherLearnersRunAnotherTaskAndOtherData() {
        Checkpoint riql = Checkpoint.read(riqlRun.resolve("training.ckpt"));
        Checkpoint iql = Checkpoint.read(iqlRun.resolve("training.ckpt"));
        String m = assertThrows(IllegalArgumentException.class, () -> PolicyExpansionTraining.run(
                config(PexConfig.defaults(), riqlRun, 10), riql, data, null, false)).getMessage();
        assertTrue(m.startsWith("PEX starts from an IQL run, --offline is a 'riql-training' checkpoint"), m);
        PolicyExpansionTraining.Config walker = new PolicyExpansionTraining.Config("Walker2d", PexConfig.defaults(), "x",
                "id", 300, rrl.data.DatasetRef.of(data), 10, 10, 1, 10, 10, 0, 100);
        m = assertThrows(IllegalArgumentException.class, () -> PolicyExpansionTraining.run(walker, iql, data, null, false))
                .getMessage();
        assertTrue(m.startsWith("--offline holds an IQL run of Hopper, not Walker2d"), m);
        D4rlDataset other = DatasetCollector.collect(Environments.task("Hopper"), Policies.uniformRandom(3), 500, 2, 3, null);
        PolicyExpansionTraining.Config c = PolicyExpansionTraining.Config.of("Hopper", PexConfig.defaults(), Path.of("x"),
                iql, other, 10, 10, 0);
        m = assertThrows(IllegalArgumentException.class, () -> PolicyExpansionTraining.run(c, iql, other, null, false))
                .getMessage();
        assertTrue(m.startsWith("the offline run trained on other data"), m);
        assertTrue(m.lines().count() == 1);
    }
}
