package rrl.finetune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rrl.checkpoint.Checkpoint;
import rrl.experiment.FineTuningStudy;
import rrl.io.NumericCsv;

/** Re-computed perturbations (issue 21, item 1) in short fine-tuning runs from the shipped TD3+BC Hopper learner. */
class AttackRefreshTest {
    @TempDir
    Path tmp;

    private static String plan(Path out, String runs) {
        return "{\"env\": \"Hopper\", \"datasetSize\": 2000, \"attackGenerations\": 1, \"attackPopulation\": 6,"
                + " \"attackEpisodes\": 1, \"steps\": 600, \"evalEvery\": 200, \"evalEpisodes\": 2, \"checkpointEvery\": 100,"
                + " \"topK\": 2, \"seeds\": [0], \"out\": \"" + out + "\", \"runs\": [" + runs + "]}";
    }

    private static final String RUNS = "{\"name\": \"grow\", \"condition\": \"adversarial\", \"refreshEvery\": 200, "
            + "\"refreshPool\": \"grow\"}, {\"name\": \"replace\", \"condition\": \"adversarial\", \"refreshEvery\": 200}";

    @Test
    void theAttackIsRecomputedAfterEveryNthEvaluationButTheLastAndThePoolGrowsOrIsReplaced() throws Exception {
        Path out = tmp.resolve("study");
        FineTuningStudy.Plan plan = FineTuningStudy.Plan.parse(plan(out, RUNS), "test plan");
        FineTuningStudy.Results r = FineTuningStudy.run(plan.withReAttacks(false), false);
        assertEquals(3, r.runs().get("grow").get(0L).size());
        NumericCsv.Table grow = NumericCsv.read(out.resolve("grow-s0").resolve(AdversarialFineTuning.REFRESH_FILE), -1, "x");
        assertEquals(List.of("step", "attack_seconds", "attack_env_steps", "best_fitness", "pool_size", "delta_0", "delta_1",
                "delta_2"), grow.header());
        assertEquals(2, grow.rows().length, "after the evaluations at 200 and 400, not after the last one at 600");
        assertEquals(200, grow.rows()[0][0]);
        assertEquals(400, grow.rows()[1][0]);
        assertEquals(4, grow.rows()[0][4], "pi_off's 2 best and the first attack's 2 best");
        assertEquals(6, grow.rows()[1][4]);
        NumericCsv.Table replace = NumericCsv.read(out.resolve("replace-s0").resolve(AdversarialFineTuning.REFRESH_FILE), -1,
                "x");
        assertEquals(2, replace.rows()[1][4], "the K best of the last attack only");
        assertTrue(grow.rows()[0][2] > 0 && grow.rows()[0][1] > 0, "the attack's env steps and seconds are counted");
        for (double[] row : grow.rows()) {
            for (int k = 5; k < row.length; k++) {
                assertTrue(Math.abs(row[k]) <= 0.3 + 1e-12, "delta within eps");
            }
        }
        // the run's last checkpoint holds the grown pool, which a resumed run goes on from
        Checkpoint ck = Checkpoint.read(out.resolve("grow-s0").resolve("training.ckpt"));
        assertEquals(6 * 3, ck.doubles("delta_pool").length);
    }

    @Test
    void aStoppedRunResumesWithItsPoolToTheSameNumbers() throws Exception {
        FineTuningStudy.Plan plan = FineTuningStudy.Plan.parse(plan(tmp.resolve("whole"), RUNS), "p");
        FineTuningConfig c = plan.config(plan.runs().get(0), 0);
        FineTuningSetup.Spec spec = plan.setup(0L);
        FineTuningInputs in = FineTuningSetup.prepare(spec, rrl.policy.ShippedPolicies.load("Hopper", "td3bc-expert"),
                rrl.policy.ShippedPolicies.learner("Hopper", "td3bc-expert"), rrl.results.RunFolder.at(tmp.resolve("setup")),
                false, 1);
        List<AdversarialFineTuning.EvalPoint> whole = AdversarialFineTuning.run(c, in, tmp.resolve("whole-run"), false);
        // stopped after the attacks at 200 and 400 and a checkpoint after them (at an episode boundary after 400)
        AdversarialFineTuning.run(c, in, tmp.resolve("stopped"), false, c.id(), 590);
        assertEquals(6 * 3, Checkpoint.read(tmp.resolve("stopped").resolve("training.ckpt")).doubles("delta_pool").length,
                "the checkpoint the run resumes from holds the grown pool");
        List<AdversarialFineTuning.EvalPoint> resumed = AdversarialFineTuning.run(c, in, tmp.resolve("stopped"), false);
        assertEquals(whole, resumed);
        double[][] a = NumericCsv.read(tmp.resolve("whole-run").resolve(AdversarialFineTuning.REFRESH_FILE), -1, "x").rows();
        double[][] b = NumericCsv.read(tmp.resolve("stopped").resolve(AdversarialFineTuning.REFRESH_FILE), -1, "x").rows();
        assertEquals(a.length, b.length);
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i][4], b[i][4]);
            assertArrayEquals(java.util.Arrays.copyOfRange(a[i], 5, a[i].length), java.util.Arrays.copyOfRange(b[i], 5,
                    b[i].length), 0.0);
        }
    }

    @Test
    void refreshFieldsAreCheckedWithOneLineNamingTheRun() {
        String bad = "{\"env\": \"Hopper\", \"evalEvery\": 200, \"runs\": [{\"name\": \"n\", \"condition\": \"normal\", "
                + "\"refreshEvery\": 300}]}";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FineTuningStudy.Plan.parse(bad, "test plan"));
        assertTrue(e.getMessage().contains("run 'n': \"refreshEvery\" and \"refreshPool\" re-compute the adversarial "
                + "condition's deltas; the normal condition has none"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FineTuningStudy.Plan.parse("{\"env\": \"Hopper\", "
                + "\"runs\": [{\"name\": \"a\", \"condition\": \"adversarial\", \"refreshPool\": \"grow\"}]}", "test plan"));
        assertTrue(e.getMessage().contains("\"refreshPool\" needs \"refreshEvery\""), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FineTuningStudy.Plan.parse("{\"env\": \"Hopper\", "
                + "\"runs\": [{\"name\": \"a\", \"condition\": \"adversarial\", \"refreshEvery\": 2}]}", "test plan")
                .config(FineTuningStudy.Plan.parse("{\"env\": \"Hopper\", \"runs\": [{\"name\": \"a\", \"condition\": "
                        + "\"adversarial\", \"refreshEvery\": 2}]}", "p").runs().get(0), 0));
        assertTrue(e.getMessage().contains("must be a multiple of evalEvery (5000)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FineTuningStudy.Plan.parse("{\"env\": \"Hopper\", "
                + "\"runs\": [{\"name\": \"a\", \"condition\": \"adversarial\", \"refreshEvery\": 200, \"refreshPool\": "
                + "\"double\"}]}", "test plan"));
        assertTrue(e.getMessage().contains("replace") && e.getMessage().contains("grow"), e.getMessage());
        // no attack at the last step: refreshEvery at or past the run's steps would never re-attack
        e = assertThrows(IllegalArgumentException.class, () -> FineTuningStudy.Plan.parse("{\"env\": \"Hopper\", "
                + "\"steps\": 15000, \"evalEvery\": 2500, \"runs\": [{\"name\": \"a\", \"condition\": \"adversarial\", "
                + "\"refreshEvery\": 15000}]}", "test plan"));
        assertTrue(e.getMessage().contains("run 'a': \"refreshEvery\" (15000 steps) must be below the run's 15000 steps"),
                e.getMessage());
    }
}
