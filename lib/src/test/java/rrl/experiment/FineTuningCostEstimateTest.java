package rrl.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class FineTuningCostEstimateTest {
    /** Two seeds training their own pi_off, two runs, a small attack: every count by hand. */
    @Test
    void theWorkIsCountedFromThePlansFields() {
        FineTuningStudy.Plan plan = FineTuningStudy.Plan.defaults("Hopper")
                .withPiOffTrainedPerSeed(12_000).withDatasetSize(5_000)
                .withAttackGenerations(3).withRuns("normal", "adversarial-adaptive")
                .withSteps(4_000).withEvalEvery(1_000).withEvalEpisodes(5).withCheckpointEvery(1_000)
                .withLearningStarts(400).withSeeds(List.of(0L, 1L)).withOut("x");
        List<FineTuningCostEstimate.Work> w = FineTuningCostEstimate.work(plan);
        assertEquals(List.of("fine-tuning-setup", "fine-tuning", "fine-tuning-offline-only", "fine-tuning-re-attack"),
                w.stream().map(FineTuningCostEstimate.Work::kind).toList());
        long attack = 4L * 45 * 3 * 1000; // (3 generations + 1) x NP 45 x M ceil(100 / 45) = 3 x 1,000 steps
        // setup per seed: 5,000 collected steps, 12,000 updates, 3 TD3+BC evaluations (5,000, 10,000, 12,000) of 10 episodes,
        // 20 nominal episodes and the attack
        assertEquals(new FineTuningCostEstimate.Work("fine-tuning-setup", 2, 24_000, 10_000,
                2 * (attack + (3 * 10 + 20) * 1000L)), w.get(0));
        // 4 runs: 4,000 steps, 3,600 updates, 4 evaluations (at 1,000, ..., 4,000) x 3 conditions x 5 episodes
        assertEquals(new FineTuningCostEstimate.Work("fine-tuning", 4, 4 * 3_600, 4 * 4_000, 4 * 4 * 3 * 5 * 1000L),
                w.get(1));
        assertEquals(new FineTuningCostEstimate.Work("fine-tuning-offline-only", 2, 0, 0, 2 * 3 * 5 * 1000L), w.get(2));
        assertEquals(new FineTuningCostEstimate.Work("fine-tuning-re-attack", 4, 0, 0, 4 * (attack + 5 * 1000L)),
                w.get(3));
    }

    /** A plan given its offline data reads it: its setups collect no environment steps. */
    @Test
    void aGivenDatasetIsNotCollected() {
        FineTuningStudy.Plan plan = FineTuningStudy.Plan.defaults("Hopper").withPiOffTrainedPerSeed(1_000)
                .withDataset("some.hdf5").withRuns("normal").withSteps(2_000).withEvalEvery(1_000)
                .withCheckpointEvery(1_000).withSeeds(List.of(0L, 1L)).withOut("x");
        FineTuningCostEstimate.Work setup = FineTuningCostEstimate.work(plan).get(0);
        assertEquals(0, setup.steps(), setup.toString());
        assertEquals(2_000, setup.updates(), setup.toString());
    }

    @Test
    void coreHoursAreTheUnitCostsTimesTheWorkTimesTheThreads() {
        FineTuningCostEstimate.Work w = new FineTuningCostEstimate.Work("fine-tuning", 1, 3600, 7200, 36_000);
        FineTuningCostEstimate.UnitCosts u = new FineTuningCostEstimate.UnitCosts("Hopper", 2, 0.01, 0.001, 1e-4, 0.5);
        assertEquals((36 + 7.2 + 3.6) * 2 / 3600, w.coreHours(u), 1e-12);
    }

    @Test
    void unitCostsAreMeasuredOnThisMachine() {
        FineTuningCostEstimate.UnitCosts u = FineTuningCostEstimate.UnitCosts.measure("hopper", 1, 0);
        assertEquals("Hopper", u.env());
        assertTrue(u.updateSeconds() > 1e-5 && u.updateSeconds() < 1, u.toString());
        // measurements, not speeds under test: only that each is a positive, finite time of a sane order
        assertTrue(u.stepSeconds() > 1e-7 && u.stepSeconds() < 1e-1, u.toString());
        assertTrue(u.batchedStepSeconds() > 1e-8 && u.batchedStepSeconds() < 1e-1, u.toString());
        assertThrows(IllegalArgumentException.class, () -> FineTuningCostEstimate.UnitCosts.measure("Hopper", 0, 0));
    }
}
