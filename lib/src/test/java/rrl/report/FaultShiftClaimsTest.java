package rrl.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import rrl.eval.FaultShift;
import rrl.experiment.FineTuningStudy;
import rrl.finetune.AdversarialFineTuning.EvalPoint;
import rrl.stats.Verdict;
import tech.tablesaw.api.Table;

/** Fault-shift claims F1-F2 on made-up results whose answer is known. */
class FaultShiftClaimsTest {
    /** One seed's rows: nominal, the training family, two dead actuators and one delay, at the given returns. */
    private static List<FaultShift.Row> rows(double nominal, double dead0, double dead1, double delay) {
        List<FaultShift.Row> out = new ArrayList<>();
        out.add(new FaultShift.Row("Hopper", FaultShift.NOMINAL, "normal", 4, nominal, 1, 1.0));
        out.add(new FaultShift.Row("Hopper", FaultShift.TRAINING_FAMILY, "random", 4, nominal - 100, 1, Double.NaN));
        out.add(new FaultShift.Row("Hopper", "dead", "dead actuator 0", 4, dead0, 1, Double.NaN));
        out.add(new FaultShift.Row("Hopper", "dead", "dead actuator 1", 4, dead1, 1, Double.NaN));
        out.add(new FaultShift.Row("Hopper", "delay", "delay 1 step", 4, delay, 1, Double.NaN));
        return out;
    }

    /** Five seeds, each offset by 13 x seed (shared by every policy of that seed, so pairing removes it). */
    private static Map<Long, List<FaultShift.Row>> seeds(double nominal, double dead0, double dead1, double delay) {
        Map<Long, List<FaultShift.Row>> m = new LinkedHashMap<>();
        for (long s = 0; s < 5; s++) {
            double e = 13 * s + (s % 2 == 0 ? 1 : -1); // a little noise, so the bootstrap has spread
            m.put(s, rows(nominal + e, dead0 + e, dead1 + e, delay + e + s * s));
        }
        return m;
    }

    private static FineTuningStudy.Results results(Map<String, Map<Long, List<FaultShift.Row>>> faults) {
        FineTuningStudy.Plan plan = FineTuningStudy.Plan.defaults("Hopper", 2000, List.of(0L, 1L, 2L, 3L, 4L), "x")
                .withRuns("normal", "adversarial-fixed");
        Map<String, Map<Long, List<EvalPoint>>> runs = new LinkedHashMap<>();
        for (String r : List.of("normal", "adversarial-fixed")) {
            Map<Long, List<EvalPoint>> bySeed = new LinkedHashMap<>();
            for (long s = 0; s < 5; s++) {
                bySeed.put(s, List.of(new EvalPoint(2000, 0, 0, 1000, 1, 900, 1, 500, 1)));
            }
            runs.put(r, bySeed);
        }
        return new FineTuningStudy.Results(plan, runs, Map.of(), Map.of(), faults);
    }

    @Test
    void verdictsFollowTheFamilyMeansPairedBySeed() {
        Map<String, Map<Long, List<FaultShift.Row>>> faults = new LinkedHashMap<>();
        faults.put(FineTuningStudy.PI_OFF, seeds(1000, 100, 120, 300));
        faults.put("normal", seeds(1200, 150, 150, 700));
        // adversarial: far better than both under dead actuators; under delay equal to normal, far better than pi_off
        faults.put("adversarial-fixed", seeds(1100, 600, 640, 700));
        FineTuningStudy.Results r = results(faults);
        assertEquals(List.of("dead", "delay"), FaultShiftClaims.unseenFamilies(faults));
        assertEquals(620 + 1, FaultShiftClaims.familyReturn(faults.get("adversarial-fixed").get(0L), "dead"), 1e-9);
        List<Verdict> v = FaultShiftClaims.verdicts(r);
        assertEquals(4, v.size());
        assertEquals(List.of(FaultShiftClaims.F1, FaultShiftClaims.F1, FaultShiftClaims.F2, FaultShiftClaims.F2),
                v.stream().map(x -> x.test().claim()).toList());
        assertEquals(List.of("holds", "inconclusive", "holds", "holds"), v.stream().map(Verdict::verdict).toList());
        assertEquals(470, v.get(0).estimate(), 1e-9); // (600 + 640) / 2 - 150
        assertEquals(5, v.get(0).nA());

        Table t = FaultShiftClaims.table(r);
        assertEquals(List.of("nominal", "random ε", "dead", "delay"), t.stringColumn("family").asList());
        assertEquals(List.of("family", "pi_off (n=5)", "normal (n=5)", "adversarial-fixed (n=5)"), t.columnNames());
        String cell = t.stringColumn("adversarial-fixed (n=5)").get(2);
        assertTrue(cell.startsWith("646 [") && cell.endsWith("]"), cell); // 620 + mean offset 26 (13 x 2)
        String s = FaultShiftClaims.summary(r, v);
        assertTrue(s.contains("F1 (adversarial fine-tuning beats normal fine-tuning under unseen faults, 5 seeds)") && s.contains("holds under dead (+470)")
                && s.contains("inconclusive under delay"), s);
        assertTrue(s.contains("returned least under dead faults"), s);
        String md = FaultShiftClaims.markdown(r, v);
        assertTrue(md.contains("| family |") && md.contains("claims F1-F2"), md);
        assertEquals(4, FaultShiftClaims.chart(r).getSeriesMap().size() + 1);
    }

    @Test
    void aStudyWithoutItsFaultPhaseHasNoClaimsAndSaysSo() {
        FineTuningStudy.Results r = results(Map.of());
        assertTrue(FaultShiftClaims.claimTests(r).isEmpty());
        assertEquals("", FaultShiftClaims.markdown(r, List.of()));
        assertTrue(FaultShiftClaims.summary(r, List.of()).contains("No claim is testable"));
    }
}
