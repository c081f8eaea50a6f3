package rrl.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rrl.eval.FaultShift;
import rrl.results.Resources;

/** A fine-tuning study's "faults" phase (issue 21, fault-family shift) on real Hopper: added to a finished study. */
class FaultShiftPhaseTest {
    @TempDir
    Path tmp;

    private static FineTuningStudy.Plan tiny(Path out) {
        return FineTuningStudy.Plan.defaults("Hopper")
                .withRuns("normal", "adversarial-fixed")
                .withSteps(200).withEvalEvery(200).withEvalEpisodes(2).withCheckpointEvery(100)
                .withDatasetSize(2000).withAttackGenerations(1).withAttackPopulation(6).withAttackEpisodes(1)
                .withEps(0.2).withSeeds(0L, 1L).withOut(out.toString());
    }

    @Test
    void addingFaultEpisodesToAFinishedStudyRunsOnlyTheFaultPhaseWithOneSeedPerTrainingSeed() throws IOException {
        FineTuningStudy.Plan plan = tiny(tmp.resolve("study"));
        FineTuningStudy.Results before = FineTuningStudy.run(plan, new Resources(2, tmp), 2, false);
        assertTrue(before.faultShift().isEmpty());
        assertEquals(FineTuningStudy.PHASES, FineTuningStudy.phaseNames(plan));
        Path metrics = tmp.resolve("study/normal-s1/metrics.csv");
        long stamp = Files.getLastModifiedTime(metrics).toMillis();

        FineTuningStudy.Plan withFaults = plan.withFaultEpisodes(2);
        assertEquals(List.of("setup", "runs", "re-attacks", "faults"), FineTuningStudy.phaseNames(withFaults));
        FineTuningStudy.Results r = FineTuningStudy.run(withFaults, new Resources(2, tmp), 2, false);
        assertEquals(stamp, Files.getLastModifiedTime(metrics).toMillis(), "the finished runs are reused, not rerun");
        assertEquals(List.of(FineTuningStudy.PI_OFF, "normal", "adversarial-fixed"), List.copyOf(r.faultShift().keySet()));
        for (var bySeed : r.faultShift().values()) {
            assertEquals(List.of(0L, 1L), List.copyOf(bySeed.keySet()));
        }
        rrl.env.Task hopper = rrl.env.Environments.task("Hopper");
        List<FaultShift.Row> rows = r.faultShift().get("normal").get(1L);
        assertEquals(FaultShift.standard(hopper, 0.2).size(), rows.size());
        assertTrue(rows.stream().allMatch(x -> x.episodes() == 2 && x.env().equals("Hopper")), rows.toString());
        // the recorded plan now holds the phase, and the study reads back the same rows from its files
        assertEquals(2, FineTuningStudy.Plan.read(tmp.resolve("study/plan.json")).faultEpisodes());
        assertEquals(r.faultShift(), FineTuningStudy.load(tmp.resolve("study")).faultShift());
        assertTrue(FineTuningStudy.unfinished(tmp.resolve("study"), r).isEmpty());

        // Every policy of a seed runs the same episodes: pi_off's rows equal a fresh FaultShift of pi_off from the
        // seed's evaluation seed, so a policy's rows pair with another's case by case.
        List<FaultShift.Row> again = FaultShift.evaluate(FineTuningStudy.policies(withFaults, tmp.resolve("study"), 1)
                .get(FineTuningStudy.PI_OFF), hopper, FaultShift.standard(hopper, 0.2), 2, 2, FineTuningRuns.faultSeed(1),
                1);
        assertEquals(again, r.faultShift().get(FineTuningStudy.PI_OFF).get(1L));

        // A changed number of episodes is refused before any work, naming both values and the fix ...
        IllegalArgumentException changed = assertThrows(IllegalArgumentException.class,
                () -> FineTuningStudy.run(plan.withFaultEpisodes(3), new Resources(2, tmp), 2, false));
        assertTrue(changed.getMessage().contains("ran its faults phase with \"faultEpisodes\": 2; keep that value, or "
                + "delete its faults-* folders"), changed.getMessage());
        // ... and below the study level each finished folder refuses it, naming the run.
        List<RunResult> other = FineTuningStudy.phases(plan.withFaultEpisodes(3), tmp.resolve("study")).get(3)
                .execute(new LocalExecutor(RunKinds.standard(), 1, 1, false));
        assertFalse(other.isEmpty());
        assertTrue(other.stream().noneMatch(RunResult::ok), other.toString());
        assertTrue(other.get(0).error().contains("belongs to run"), other.get(0).error());
    }

    @Test
    void faultEpisodesIsCheckedAndAbsentByDefault() {
        assertEquals(null, FineTuningStudy.Plan.defaults("Hopper").faultEpisodes());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FineTuningStudy.Plan.parse("{\"env\": \"Hopper\", \"faultEpisodes\": 0}", "test plan"));
        assertTrue(e.getMessage().contains("\"faultEpisodes\" must be an integer >= 1, got 0"), e.getMessage());
        assertEquals(5, FineTuningStudy.Plan.parse("{\"env\": \"Hopper\", \"faultEpisodes\": 5}", "p").faultEpisodes());
    }

    @Test
    void faultsCsvRoundTripsLabelsWithCommasAndUndefinedShares() {
        List<FaultShift.Row> rows = List.of(
                new FaultShift.Row("Hopper", "nominal", "normal (delta = 0)", 3, -12.5, 1.25, Double.NaN),
                new FaultShift.Row("Hopper", "random ε", "random delta ~ U([-0.3, 0.3]^Na)", 3, 40, 2, Double.NaN));
        Path f = FaultShiftFiles.write(rrl.results.RunFolder.at(tmp.resolve("run")), rows);
        assertEquals(rows, FaultShiftFiles.read(f));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FaultShiftFiles.read(tmp.resolve("none/faults.csv")));
        assertTrue(e.getMessage().contains("did not finish"), e.getMessage());
    }

    @Test
    void aFaultsCsvWithoutAReturnIsOneLineNamingIt() throws IOException {
        Path f = tmp.resolve("faults.csv");
        Files.writeString(f, "env,family,fault,episodes,mean_return,std_return,share_of_nominal\n"
                + "Hopper,nominal,normal,2,,1,\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FaultShiftFiles.read(f));
        assertTrue(e.getMessage().contains("row 1 lacks its mean return"), e.getMessage());
    }

    @Test
    void aDamagedFaultsCsvIsOneLineNamingIt() throws IOException {
        Path f = tmp.resolve("faults.csv");
        Files.writeString(f, "env,family\nHopper,nominal\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FaultShiftFiles.read(f));
        assertTrue(e.getMessage().contains("lacks the columns [fault, episodes"), e.getMessage());
    }
}
