package rrl.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import rrl.attack.ConditionKind;
import rrl.experiment.FineTuningStudy;
import rrl.finetune.AdversarialFineTuning.EvalPoint;
import rrl.finetune.CurriculumKind;
import rrl.stats.Verdict;
import tech.tablesaw.api.Table;

/** Curriculum sensitivity (claim S, q oscillation, Pareto front) on made-up results whose answer is known. */
class CurriculumSensitivityTest {
    private static EvalPoint at(long step, double q, double normal, double adversarial) {
        return new EvalPoint(step, q, q, normal, 1, normal, 1, adversarial, 1);
    }

    /** Five seeds of four evaluations with the given q path; the last three at (normal, adversarial) + a seed offset. */
    private static Map<Long, List<EvalPoint>> run(double[] q, double normal, double adversarial) {
        Map<Long, List<EvalPoint>> m = new LinkedHashMap<>();
        for (long s = 0; s < 5; s++) {
            double e = 7 * s + (s % 2 == 0 ? 3 : -3);
            m.put(s, List.of(at(500, q[0], 100, 100), at(1000, q[1], normal + e, adversarial + e),
                    at(1500, q[2], normal + e, adversarial + e), at(2000, q[3], normal + e, adversarial + e)));
        }
        return m;
    }

    private static FineTuningStudy.Run adaptive(String name, Double eta) {
        return new FineTuningStudy.Run(name, ConditionKind.ADVERSARIAL, CurriculumKind.ADAPTIVE, false, null, null, null,
                null, eta, null);
    }

    private static FineTuningStudy.Results results() {
        List<FineTuningStudy.Run> runs = List.of(adaptive("adaptive", null), adaptive("adaptive-eta-0.35", 0.35),
                adaptive("adaptive-eta-1.4", 1.4),
                new FineTuningStudy.Run("fixed", ConditionKind.ADVERSARIAL, CurriculumKind.FIXED, false));
        FineTuningStudy.Plan plan = FineTuningStudy.Plan.defaults("Hopper", 2000, List.of(0L, 1L, 2L, 3L, 4L), "x")
                .withRuns(runs).withReAttacks(false);
        Map<String, Map<Long, List<EvalPoint>>> m = new LinkedHashMap<>();
        m.put("adaptive", run(new double[] {0.5, 0.6, 0.4, 0.5}, 1000, 400)); // 2 reversals, total variation 0.4
        m.put("adaptive-eta-0.35", run(new double[] {0.5, 0.55, 0.6, 0.6}, 1010, 395)); // within ±330 of the default
        m.put("adaptive-eta-1.4", run(new double[] {0.5, 0.9, 0.1, 0.9}, 400, 900)); // far from it on both
        m.put("fixed", run(new double[] {0.5, 0.5, 0.5, 0.5}, 900, 300)); // dominated by the default
        Map<Long, EvalPoint> off = new LinkedHashMap<>();
        for (long s = 0; s < 5; s++) {
            off.put(s, at(0, 0, 3300, 500));
        }
        return new FineTuningStudy.Results(plan, m, off);
    }

    @Test
    void oscillationCountsReversalsAndTotalVariation() {
        double[] o = CurriculumSensitivity.oscillation(List.of(at(1, 0.5, 0, 0), at(2, 0.6, 0, 0), at(3, 0.6, 0, 0),
                at(4, 0.4, 0, 0), at(5, 0.5, 0, 0)));
        assertEquals(2, o[1], "up, (flat), down, up");
        assertEquals(0.4, o[2], 1e-12);
        assertArrayEquals(new double[] {0, 0, 0}, CurriculumSensitivity.oscillation(List.of(at(1, 0.5, 0, 0))));
    }

    @Test
    void verdictsTableParetoAndSummaryFollowTheNumbers() {
        FineTuningStudy.Results r = results();
        assertTrue(CurriculumSensitivity.applies(r));
        List<Verdict> v = CurriculumSensitivity.verdicts(r);
        assertEquals(4, v.size(), "2 variants x (nominal, adversarial)");
        assertEquals(List.of("holds", "holds"), v.subList(0, 2).stream().map(Verdict::verdict).toList());
        assertTrue(v.subList(2, 4).stream().noneMatch(x -> x.verdict().equals("holds")), v.toString());
        assertTrue(v.get(0).test().aLabel().equals("adaptive-eta-0.35 (η 0.35)"), v.get(0).test().aLabel());
        assertTrue(v.get(0).test().measure().contains("margin ±330"), v.get(0).test().measure());

        Table t = CurriculumSensitivity.table(r);
        assertEquals(List.of("adaptive", "adaptive-eta-0.35", "adaptive-eta-1.4", "fixed"), t.stringColumn("run").asList());
        assertEquals(List.of("yes", "yes", "yes", ""), t.stringColumn("Pareto front").asList());
        assertEquals(2.0, t.doubleColumn("q reversals").get(0), 1e-12);
        assertEquals("adaptive: β 0.9, η 0.7, q0 0.5, q_max 1, signal nominal", t.stringColumn("curriculum").get(0));
        assertTrue(t.stringColumn("final nominal return").get(0).startsWith("1015 ["), t.stringColumn("final nominal return").get(0));

        String s = CurriculumSensitivity.summary(r, v);
        assertTrue(s.contains("of the default adaptive curriculum on both the nominal return and the return under pi_off's δ: "
                + "η 0.35; not shown equivalent: η 1.4: does not hold at -600 and does not hold at +500 (mean paired") && s.contains("Pareto front of the two returns: adaptive, "
                + "adaptive-eta-0.35, adaptive-eta-1.4.") && s.contains("reversed direction 2.0 times"), s);
        assertEquals(5, CurriculumSensitivity.pareto(r).getSeriesMap().size(), "4 runs and the front");
        // runs spread wider than the margin (±330) keep XChart's own axis range
        assertEquals(null, CurriculumSensitivity.pareto(r).getStyler().getXAxisMin());
        // runs within a few reward units: each axis spans the margin (330) around them, not their tiny spread
        Map<String, Map<Long, List<EvalPoint>>> close = new LinkedHashMap<>();
        for (String name : List.of("adaptive", "adaptive-eta-0.35", "adaptive-eta-1.4", "fixed")) {
            close.put(name, run(new double[] {0.5, 0.5, 0.5, 0.5}, 97 + 0.01 * name.length(), 92));
        }
        org.knowm.xchart.XYChart tight = CurriculumSensitivity.pareto(new FineTuningStudy.Results(r.plan(), close,
                r.offlineOnly()));
        assertEquals(330, tight.getStyler().getXAxisMax() - tight.getStyler().getXAxisMin(), 1e-9);
        assertEquals(330, tight.getStyler().getYAxisMax() - tight.getStyler().getYAxisMin(), 1e-9);
        assertTrue(CurriculumSensitivity.markdown(r, v).contains("claim S"));
        // the full report carries the part
        assertTrue(FineTuningClaims.markdownReport(r).contains("curriculum sensitivity"));
    }

    @Test
    void aStudyWithoutVariantsHasNoSensitivityPart() {
        FineTuningStudy.Results r = results();
        FineTuningStudy.Results none = new FineTuningStudy.Results(r.plan().withRuns("adversarial-adaptive"),
                Map.of("adversarial-adaptive", r.runs().get("adaptive")), r.offlineOnly());
        assertFalse(CurriculumSensitivity.applies(none));
        assertEquals("", CurriculumSensitivity.markdown(none, List.of()));
        assertTrue(CurriculumSensitivity.summary(none, List.of()).startsWith("No curriculum variants"));
    }
}
