package rrl.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rrl.eval.StateActionGrid;
import rrl.results.Resources;

/** A fine-tuning study's "state-action" phase (issue 21, item 2) on real Hopper: added to a finished study. */
class StateActionPhaseTest {
    @TempDir
    Path tmp;

    private static FineTuningStudy.Plan tiny(Path out) {
        return FineTuningStudy.Plan.defaults("Hopper")
                .withRuns("normal", "adversarial-fixed")
                .withSteps(200).withEvalEvery(200).withEvalEpisodes(2).withCheckpointEvery(100)
                .withDatasetSize(2000).withAttackGenerations(1).withAttackPopulation(6).withAttackEpisodes(1)
                .withEps(0.2).withSeeds(0L, 1L).withOut(out.toString()).withReAttacks(false);
    }

    private static final FineTuningStudy.StateActionPhase PHASE = FineTuningStudy.StateActionPhase.defaults()
            .withBounds(List.of(0.0, 0.2), List.of(0.0, 0.3)).withAttack(5, 1, 1).withEpisodes(2);

    @Test
    void addingTheStateActionPhaseToAFinishedStudyRunsOnlyThatPhaseOverEveryPolicyAndSeed() throws IOException {
        FineTuningStudy.Plan plan = tiny(tmp.resolve("study"));
        FineTuningStudy.run(plan, new Resources(2, tmp), 2, false);
        Path metrics = tmp.resolve("study/normal-s1/metrics.csv");
        long stamp = Files.getLastModifiedTime(metrics).toMillis();

        FineTuningStudy.Plan with = plan.withStateAction(PHASE);
        assertEquals(List.of("setup", "runs", "state-action"), FineTuningStudy.phaseNames(with));
        FineTuningStudy.Results r = FineTuningStudy.run(with, new Resources(2, tmp), 2, false);
        assertEquals(stamp, Files.getLastModifiedTime(metrics).toMillis(), "the finished runs are reused, not rerun");
        assertEquals(List.of(FineTuningStudy.PI_OFF, "normal", "adversarial-fixed"), List.copyOf(r.stateAction().keySet()));
        List<StateActionGrid.Row> rows = r.stateAction().get("adversarial-fixed").get(1L);
        assertEquals(4 + 3, rows.size(), "4 random cells and 3 attacked ones");
        assertTrue(rows.stream().allMatch(x -> x.episodes() == 2 && x.env().equals("Hopper")), rows.toString());
        // every policy of a seed starts from the same episodes: the origin of pi_off is its own nominal return there
        assertEquals(r.stateAction(), FineTuningStudy.load(tmp.resolve("study")).stateAction());
        assertTrue(FineTuningStudy.unfinished(tmp.resolve("study"), r).isEmpty());
        assertEquals(PHASE, FineTuningStudy.Plan.read(tmp.resolve("study/plan.json")).stateAction());
        // sweep collect: the phase's rows carry no single number, and the caption names the report that has them
        tech.tablesaw.api.Table collected = rrl.report.SweepViews.collect(with, tmp.resolve("study"));
        assertTrue(collected.name().contains("--state-action"), collected.name());
        assertEquals(6, collected.where(collected.stringColumn("phase").isEqualTo("state-action")).rowCount());

        // a later run that leaves the phase out keeps it recorded: its folders hold its results
        FineTuningStudy.run(plan, new Resources(2, tmp), 2, false);
        assertEquals(PHASE, FineTuningStudy.Plan.read(tmp.resolve("study/plan.json")).stateAction());

        // a file with other cells than its neighbours would pair unlike with unlike: one line naming both
        Path f = tmp.resolve("study/state-action-normal-s1/state-action.csv");
        List<String> lines = Files.readAllLines(f);
        Files.write(f, lines.subList(0, lines.size() - 1));
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
                () -> FineTuningStudy.load(tmp.resolve("study")));
        assertTrue(other.getMessage().contains("state-action-normal-s1/state-action.csv holds other grid cells than ")
                && other.getMessage().contains("state-action-pi-off-s0/state-action.csv"), other.getMessage());
        Files.write(f, lines);

        // a changed grid is refused before any work, naming the recorded phase and the fix
        IllegalArgumentException changed = assertThrows(IllegalArgumentException.class, () -> FineTuningStudy.run(
                plan.withStateAction(PHASE.withEpisodes(3)), new Resources(2, tmp), 2, false));
        assertTrue(changed.getMessage().contains("ran its state-action phase with {\"episodes\":2,\"actionEps\":[0.0,0.2],")
                && changed.getMessage().contains("delete its state-action-* folders"), changed.getMessage());
    }

    @Test
    void thePhaseIsCheckedInThePlanAndTakesItsDefaultsFromThePlan() {
        FineTuningStudy.Plan p = FineTuningStudy.Plan.parse("{\"env\": \"Hopper\", \"stateAction\": {}}", "p");
        FineTuningStudy.StateActionPhase resolved = p.stateAction().resolve(p);
        assertEquals(List.of(0.0, 0.15, 0.3), resolved.actionEps());
        assertEquals(List.of(0.0, 0.15, 0.3), resolved.observationEps());
        assertEquals(45, resolved.attackPopulation()); // paper 2's 15 x Na for Hopper
        assertEquals(30, resolved.attackGenerations());
        assertEquals(3, resolved.attackEpisodes()); // ceil(100 / 45)
        assertEquals(10, resolved.episodes());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FineTuningStudy.Plan.parse(
                "{\"env\": \"Hopper\", \"stateAction\": {\"observationEps\": [0, -1]}}", "test plan"));
        assertEquals("test plan: \"stateAction\": observation bounds must be finite numbers >= 0, got [0.0, -1.0]",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FineTuningStudy.Plan.parse(
                "{\"env\": \"Hopper\", \"stateAction\": {\"episode\": 3}}", "test plan"));
        assertTrue(e.getMessage().contains("unknown field \"episode\" in test plan stateAction; did you mean \"episodes\"?"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FineTuningStudy.Plan.parse(
                "{\"env\": \"Hopper\", \"stateAction\": {\"attackPopulation\": 2}}", "test plan"));
        assertTrue(e.getMessage().contains("population of at least 4"), e.getMessage());
        // nested values are typed like top-level ones: named, never coerced or wrapped
        for (var bad : java.util.Map.of(
                "{\"episodes\": 2.5}", "test plan: \"stateAction\": \"episodes\" must be an integer, got 2.5",
                "{\"episodes\": \"2\"}", "test plan: \"stateAction\": \"episodes\" must be an integer, got 2",
                "{\"episodes\": 99999999999}", "test plan: \"stateAction\": \"episodes\" must be an integer of at most "
                        + "2147483647, got 99999999999",
                "{\"actionEps\": [\"0.1\", 0.3]}", "test plan: \"stateAction\": \"actionEps\"[0] must be a number, got 0.1",
                "{\"actionEps\": [0, null]}", "test plan: \"stateAction\": \"actionEps\"[1] must be a number, got null",
                "{\"actionEps\": [0, 1.5]}", "test plan: \"stateAction\": action bounds must be at most 1").entrySet()) {
            e = assertThrows(IllegalArgumentException.class, () -> FineTuningStudy.Plan.parse(
                    "{\"env\": \"Hopper\", \"stateAction\": " + bad.getKey() + "}", "test plan"));
            assertTrue(e.getMessage().startsWith(bad.getValue()), bad.getKey() + " -> " + e.getMessage());
        }
        e = assertThrows(IllegalArgumentException.class, () -> FineTuningStudy.Plan.parse(
                "{\"env\": \"Hopper\", \"datasetSize\": 99999999999}", "test plan"));
        assertTrue(e.getMessage().startsWith("test plan: \"datasetSize\" must be an integer of at most 2147483647"),
                e.getMessage());
        // the attacks' M follows the plan's unless the phase sets its own NP
        FineTuningStudy.Plan m1 = FineTuningStudy.Plan.parse("{\"env\": \"Hopper\", \"attackEpisodes\": 1, "
                + "\"stateAction\": {}}", "p");
        assertEquals(1, m1.stateAction().resolve(m1).attackEpisodes());
        FineTuningStudy.Plan own = FineTuningStudy.Plan.parse("{\"env\": \"Hopper\", \"attackEpisodes\": 1, "
                + "\"stateAction\": {\"attackPopulation\": 10}}", "p");
        assertEquals(10, own.stateAction().resolve(own).attackEpisodes()); // ceil(100 / 10)
    }

    @Test
    void theCostEstimateCountsThePhase() {
        FineTuningStudy.Plan plan = tiny(tmp.resolve("x"));
        long without = FineTuningCostEstimate.work(plan).stream().mapToLong(FineTuningCostEstimate.Work::batchedSteps).sum();
        FineTuningCostEstimate.Work w = FineTuningCostEstimate.work(plan.withStateAction(PHASE)).stream()
                .filter(x -> x.kind().equals(FineTuningRuns.STATE_ACTION)).findFirst().orElseThrow();
        // 3 policies x 2 seeds; per policy 4 random + 3 adversarial evaluations of 2 episodes and 3 attacks of
        // (1 + 1) x 5 x 1 episodes, each at most 1,000 steps
        assertEquals(6, w.runs());
        assertEquals(6L * (7 * 2 + 3 * 10) * 1000, w.batchedSteps());
        assertTrue(without > 0);
    }

    @Test
    void aDamagedStateActionCsvIsOneLineNamingIt() throws IOException {
        Path f = tmp.resolve("state-action.csv");
        Files.writeString(f, "env,condition,action_eps,observation_eps,episodes,mean_return,std_return,attack_seconds\n"
                + "Hopper,random,0,0,2,,1,0\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StateActionFiles.read(f));
        assertTrue(e.getMessage().contains("row 1 lacks its mean return"), e.getMessage());
        Files.writeString(f, "env,condition\nHopper,random\n");
        e = assertThrows(IllegalArgumentException.class, () -> StateActionFiles.read(f));
        assertTrue(e.getMessage().contains("lacks the columns [action_eps"), e.getMessage());
    }
}
