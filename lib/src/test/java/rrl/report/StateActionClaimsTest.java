package rrl.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import rrl.eval.StateActionGrid;
import rrl.experiment.FineTuningStudy;
import rrl.finetune.AdversarialFineTuning.EvalPoint;
import rrl.stats.Verdict;
import tech.tablesaw.api.Table;

/** State-action claims SA1-SA2 on made-up results whose answer is known. */
class StateActionClaimsTest {
    /** One seed's rows on the grid {0, 0.3} x {0, 0.3}: nominal, and the three attacked cells at the given returns. */
    private static List<StateActionGrid.Row> rows(double nominal, double obsOnly, double actOnly, double both) {
        List<StateActionGrid.Row> out = new ArrayList<>();
        out.add(new StateActionGrid.Row("Hopper", StateActionGrid.RANDOM, 0, 0, 4, nominal, 1, 0));
        out.add(new StateActionGrid.Row("Hopper", StateActionGrid.RANDOM, 0, 0.3, 4, nominal - 10, 1, 0));
        out.add(new StateActionGrid.Row("Hopper", StateActionGrid.ADVERSARIAL, 0, 0.3, 4, obsOnly, 1, 2));
        out.add(new StateActionGrid.Row("Hopper", StateActionGrid.RANDOM, 0.3, 0, 4, nominal - 20, 1, 0));
        out.add(new StateActionGrid.Row("Hopper", StateActionGrid.ADVERSARIAL, 0.3, 0, 4, actOnly, 1, 2));
        out.add(new StateActionGrid.Row("Hopper", StateActionGrid.RANDOM, 0.3, 0.3, 4, nominal - 30, 1, 0));
        out.add(new StateActionGrid.Row("Hopper", StateActionGrid.ADVERSARIAL, 0.3, 0.3, 4, both, 1, 2));
        return out;
    }

    /** Five seeds, each offset by 13 x seed (shared by every policy of that seed, so pairing removes it). */
    private static Map<Long, List<StateActionGrid.Row>> seeds(double nominal, double obsOnly, double actOnly, double both) {
        Map<Long, List<StateActionGrid.Row>> m = new LinkedHashMap<>();
        for (long s = 0; s < 5; s++) {
            double e = 13 * s + (s % 2 == 0 ? 1 : -1);
            m.put(s, rows(nominal + e, obsOnly + e, actOnly + e, both + e + s * s));
        }
        return m;
    }

    private static FineTuningStudy.Results results(Map<String, Map<Long, List<StateActionGrid.Row>>> grid) {
        FineTuningStudy.Plan plan = FineTuningStudy.Plan.defaults("Hopper", 2000, List.of(0L, 1L, 2L, 3L, 4L), "x")
                .withRuns("normal", "adversarial-fixed").withStateAction(new FineTuningStudy.StateActionPhase(null, null,
                        null, 10, 4, null));
        Map<String, Map<Long, List<EvalPoint>>> runs = new LinkedHashMap<>();
        for (String r : List.of("normal", "adversarial-fixed")) {
            Map<Long, List<EvalPoint>> bySeed = new LinkedHashMap<>();
            for (long s = 0; s < 5; s++) {
                bySeed.put(s, List.of(new EvalPoint(2000, 0, 0, 1000, 1, 900, 1, 500, 1)));
            }
            runs.put(r, bySeed);
        }
        return new FineTuningStudy.Results(plan, runs, Map.of(), Map.of(), Map.of(), grid);
    }

    @Test
    void verdictsFollowTheCellMeansPairedBySeedOverTheCellsWithAnObservationBound() {
        Map<String, Map<Long, List<StateActionGrid.Row>>> grid = new LinkedHashMap<>();
        grid.put(FineTuningStudy.PI_OFF, seeds(1000, 300, 400, 100));
        grid.put("normal", seeds(1200, 350, 450, 500));
        // adversarial: far better than both under the observation-only attack; jointly equal to normal
        grid.put("adversarial-fixed", seeds(1100, 800, 900, 500));
        FineTuningStudy.Results r = results(grid);
        assertEquals(List.of("adversarial, action 0, observation 0.3", "adversarial, action 0.3, observation 0.3"),
                StateActionClaims.testedCells(grid));
        List<Verdict> v = StateActionClaims.verdicts(r);
        assertEquals(List.of(StateActionClaims.SA1, StateActionClaims.SA1, StateActionClaims.SA2, StateActionClaims.SA2),
                v.stream().map(x -> x.test().claim()).toList());
        assertEquals(List.of("holds", "inconclusive", "holds", "holds"), v.stream().map(Verdict::verdict).toList());
        assertEquals(450, v.get(0).estimate(), 1e-9); // 800 - 350
        Table t = StateActionClaims.table(r);
        assertEquals(7, t.rowCount());
        assertEquals(List.of("cell", "pi_off (n=5)", "normal (n=5)", "adversarial-fixed (n=5)"), t.columnNames());
        String s = StateActionClaims.summary(r, v);
        assertTrue(s.contains("SA1 (adversarial fine-tuning beats normal fine-tuning under observation and action attacks, "
                + "5 seeds): holds at action 0, observation 0.3 (+450)"), s);
        assertTrue(s.contains("At the grid's largest bounds (action 0.3, observation 0.3; each cell's DE: NP 10, 4 generations)")
                && s.contains(") the mean returns under attack are: pi_off "), s);
        assertTrue(s.endsWith("Under random perturbations pi_off returns 1026 nominally, 1016 with observation noise of 0.3 "
                + "std alone and 1006 with actuator delta within 0.3 alone."), s); // + mean seed offset 26.2
        assertEquals(3, StateActionClaims.heatmaps(r, StateActionGrid.ADVERSARIAL).size());
        // one colour scale for the maps shown together: the range of all their cells
        var maps = StateActionClaims.heatmaps(r, StateActionGrid.ADVERSARIAL);
        var ranges = maps.stream().map(m -> m.getSeriesMap().values().iterator().next())
                .map(series -> List.of(series.getMin(), series.getMax())).distinct().toList();
        assertEquals(1, ranges.size(), ranges.toString());
        assertEquals(List.of("Hopper, pi_off: adversarial return (mean over 5 seeds)"), StateActionClaims.heatmaps(r,
                StateActionGrid.ADVERSARIAL, FineTuningStudy.PI_OFF).stream().map(c -> c.getTitle()).toList());
        assertTrue(StateActionClaims.markdown(r, v).contains("claims SA1-SA2"));
    }

    @Test
    void aStudyWithoutThePhaseHasNoClaimsAndSaysSo() {
        FineTuningStudy.Results r = results(Map.of());
        assertTrue(StateActionClaims.claimTests(r).isEmpty());
        assertEquals("", StateActionClaims.markdown(r, List.of()));
        assertTrue(StateActionClaims.summary(r, List.of()).contains("No claim is testable"));
    }
}
