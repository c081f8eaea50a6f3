package rrl.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rrl.experiment.FineTuningRuns;
import rrl.experiment.FineTuningStudy;
import rrl.finetune.AdversarialFineTuning.EvalPoint;
import rrl.stats.Verdict;
import tech.tablesaw.api.Table;

/** Re-computed perturbation claims R1-R2 and their cost on made-up results whose answer is known. */
class RecomputedAttacksTest {
    @TempDir
    Path tmp;

    private static final List<Long> SEEDS = List.of(0L, 1L, 2L, 3L, 4L);

    /** A plan with paper 1's adversarial fixed-q run and the same run re-computing its deltas every 500 steps. */
    private static FineTuningStudy.Plan plan() {
        FineTuningStudy.Run fixed = new FineTuningStudy.Run("fixed", rrl.attack.ConditionKind.ADVERSARIAL,
                rrl.finetune.CurriculumKind.FIXED, false);
        return FineTuningStudy.Plan.defaults("Hopper", 2000, SEEDS, "x").withEvalEvery(500)
                .withRuns(List.of(fixed, new FineTuningStudy.Run("fixed", rrl.attack.ConditionKind.ADVERSARIAL,
                        rrl.finetune.CurriculumKind.FIXED, false).withRefresh(500, rrl.finetune.DeltaPoolKind.GROW)
                        .renamed("fixed-refresh")));
    }

    /** Per seed, the final evaluation's nominal return and the re-attack's return, offset by 13 x seed. */
    private static FineTuningStudy.Results results(double nominalBase, double nominalRefresh, double worstBase,
                                                   double worstRefresh) {
        Map<String, Map<Long, List<EvalPoint>>> runs = new LinkedHashMap<>();
        Map<String, Map<Long, FineTuningRuns.WorstCase>> worst = new LinkedHashMap<>();
        Map<Long, EvalPoint> offline = new LinkedHashMap<>();
        for (String r : List.of("fixed", "fixed-refresh")) {
            boolean refresh = r.equals("fixed-refresh");
            Map<Long, List<EvalPoint>> bySeed = new LinkedHashMap<>();
            Map<Long, FineTuningRuns.WorstCase> w = new LinkedHashMap<>();
            for (long s : SEEDS) {
                double e = 13 * s + (s % 2 == 0 ? 1 : -1);
                double n = (refresh ? nominalRefresh : nominalBase) + e;
                bySeed.put(s, List.of(new EvalPoint(2000, 0.5, 0.5, n, 1, 900, 1, 3000, 1)));
                w.put(s, new FineTuningRuns.WorstCase(2000, (refresh ? worstRefresh : worstBase) + e + s * s, 1, 30));
                offline.put(s, new EvalPoint(0, 0, 0, 3000, 1, 2000, 1, 500, 1));
            }
            runs.put(r, bySeed);
            worst.put(r, w);
        }
        return new FineTuningStudy.Results(plan(), runs, offline, worst);
    }

    @Test
    void r1FollowsTheOwnWorstCaseAndR2TheNominalReturnPairedBySeed() {
        FineTuningStudy.Results r = results(2000, 2010, 400, 1200);
        assertTrue(RecomputedAttacks.applies(r));
        List<Verdict> v = RecomputedAttacks.verdicts(r);
        assertEquals(List.of(RecomputedAttacks.R1, RecomputedAttacks.R2), v.stream().map(x -> x.test().claim()).toList());
        assertEquals(List.of("holds", "holds"), v.stream().map(Verdict::verdict).toList());
        assertEquals(800, v.get(0).estimate(), 1e-9);
        assertTrue(v.get(1).test().measure().contains("margin ±300"), v.get(1).test().measure());
        Table t = RecomputedAttacks.table(r);
        assertEquals(List.of("fixed (n=5)", "fixed-refresh (n=5)"), t.stringColumn("run").asList());
        assertEquals(List.of("pre-computed against pi_off", "attack every 500 steps, pool grow"),
                t.stringColumn("deltas").asList());
        String s = RecomputedAttacks.summary(r, v);
        assertTrue(s.startsWith("R1 (re-computed perturbations raise the fine-tuned policy's own worst case, 5 seeds): "
                + "holds for fixed-refresh (attack every 500 steps, pool grow) (+800)"), s);
        assertEquals(3, RecomputedAttacks.chart(r).getSeriesMap().size());
        // worse under its own attack: R1 does not hold
        assertEquals("does not hold", RecomputedAttacks.verdicts(results(2000, 2000, 1200, 400)).get(0).verdict());
        // without re-attacks ("reAttacks": false) R1 cannot be tested: the summary says why it is missing
        FineTuningStudy.Results unattacked = new FineTuningStudy.Results(r.plan().withReAttacks(false), r.runs(),
                r.offlineOnly(), Map.of());
        List<Verdict> onlyR2 = RecomputedAttacks.verdicts(unattacked);
        assertEquals(List.of(RecomputedAttacks.R2), onlyR2.stream().map(x -> x.test().claim()).toList());
        assertTrue(RecomputedAttacks.summary(unattacked, onlyR2).endsWith("R1 is not tested: only the re-attacks measure "
                + "the own worst case, and the plan turned them off (\"reAttacks\": false)."),
                RecomputedAttacks.summary(unattacked, onlyR2));
    }

    @Test
    void theCostIsReadFromEachRunsRefreshFileAgainstItsOwnTime() throws Exception {
        FineTuningStudy.Results r = results(2000, 2010, 400, 1200);
        for (long s : SEEDS) {
            Path run = Files.createDirectories(tmp.resolve("fixed-refresh-s" + s));
            Files.writeString(run.resolve("refresh.csv"), "step,attack_seconds,attack_env_steps,best_fitness,pool_size,"
                    + "delta_0,delta_1,delta_2\n500,10,4000,300,2,0.1,0.2,0.3\n1000,30,6000,250,3,0.1,0.2,0.3\n1500,20,"
                    + "5000,200,4,0.1,0.2,0.3\n");
            // timed as the cost tables time runs: provenance's start (a committed run's), result.json's finish and the
            // seconds of the attempt that finished it
            Path provenance = Files.copy(Path.of("..", "notebooks", "recorded", "recomputed-hopper", "fixed-refresh-s0",
                    "provenance.json"), run.resolve("provenance.json"));
            String created = com.google.gson.JsonParser.parseString(Files.readString(provenance)).getAsJsonObject()
                    .get("created").getAsString();
            Files.writeString(run.resolve("result.json"), "{\"status\": \"finished\", \"finished\": \""
                    + java.time.Instant.parse(created).plusSeconds(125) + "\", \"seconds\": 120.0}");
        }
        Table c = RecomputedAttacks.cost(tmp, r);
        assertEquals(List.of("fixed-refresh"), c.stringColumn("run").asList());
        assertEquals(3.0, c.doubleColumn("attacks per run").get(0), 1e-12);
        assertEquals(15000.0 / 2000, c.doubleColumn("attack env steps per fine-tuning step").get(0), 1e-12);
        assertEquals(60.0, c.doubleColumn("attack seconds per run").get(0), 1e-12);
        assertEquals(0.5, c.doubleColumn("share of the run's wall-clock").get(0), 1e-12);
        String md = RecomputedAttacks.markdown(tmp, r, RecomputedAttacks.verdicts(r));
        assertTrue(md.contains("cost of the re-computed attacks") && md.contains("claims R1-R2"), md);
    }

    @Test
    void aStudyWithoutARecomputingRunHasNoPart() {
        FineTuningStudy.Results r = new FineTuningStudy.Results(plan().withRuns("adversarial-fixed"), Map.of(), Map.of());
        assertTrue(!RecomputedAttacks.applies(r));
        assertEquals("", RecomputedAttacks.markdown(null, r, List.of()));
        // a re-computing run without its baseline: the report says what is missing instead of leaving the part out
        FineTuningStudy.Results alone = results(3000, 3000, 600, 600);
        FineTuningStudy.Plan refreshOnly = alone.plan().withRuns(List.of(alone.plan().runs().get(1)));
        FineTuningStudy.Results lone = new FineTuningStudy.Results(refreshOnly, Map.of("fixed-refresh",
                alone.runs().get("fixed-refresh")), alone.offlineOnly(), Map.of());
        assertTrue(RecomputedAttacks.present(lone) && !RecomputedAttacks.applies(lone));
        assertTrue(RecomputedAttacks.markdown(null, lone, List.of()).contains("No re-computing run to compare")
                && RecomputedAttacks.markdown(null, lone, List.of()).contains("add a run with fixed-refresh's condition"),
                RecomputedAttacks.markdown(null, lone, List.of()));
    }

    /** A hand-edited plan.json would relabel the runs' numbers: loading the study refuses it, naming the run. */
    @Test
    void aPlanEditedAfterTheRunsIsRefused() throws Exception {
        Path copy = rrl.io.TestFolders.copy(Path.of("..", "notebooks", "recorded", "recomputed-hopper"), tmp.resolve("edited"));
        FineTuningStudy.load(copy); // as committed: its plan describes its runs
        Path plan = copy.resolve("plan.json");
        Files.writeString(plan, Files.readString(plan).replaceFirst("\"refreshEvery\": 5000", "\"refreshEvery\": 7500"));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> FineTuningStudy.load(copy));
        assertTrue(e.getMessage().contains("plan.json does not describe the runs in its folder: fixed-refresh-s0 holds run ")
                && e.getMessage().contains("restore plan.json"), e.getMessage());
    }
}
