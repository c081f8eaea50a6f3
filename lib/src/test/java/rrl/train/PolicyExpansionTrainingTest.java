package rrl.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
import rrl.data.D4rlDataset;
import rrl.data.DatasetCollector;
import rrl.env.Environments;
import rrl.policy.Policies;

/**
 * PEX and RPEX through the training loop: a short smoke run of each from an IQL / RIQL run of a few hundred updates
 * on random Hopper data (finite losses, both policies of the set selected), a killed run that resumes to the same
 * numbers, and the refusals of another learner's or another task's offline run and of other data.
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
