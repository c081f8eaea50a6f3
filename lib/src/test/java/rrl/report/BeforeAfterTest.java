package rrl.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.CategoryChart;
import rrl.experiment.FineTuningStudy;
import rrl.finetune.AdversarialFineTuning.EvalPoint;

/** The quickstart's before/after chart and closing sentence follow the numbers they are given. */
class BeforeAfterTest {
    private static EvalPoint at(long step, double q, double normal, double random, double adversarial) {
        return new EvalPoint(step, q, q, normal, 1, random, 1, adversarial, 1);
    }

    private static FineTuningStudy.Results study(double normalAfter, double adversarialAfter, int seeds) {
        Map<Long, List<EvalPoint>> run = new LinkedHashMap<>();
        Map<Long, EvalPoint> off = new LinkedHashMap<>();
        for (long s = 0; s < seeds; s++) {
            // the last three evaluations hold the final numbers (a run's final performance is their mean)
            run.put(s, List.of(at(2500, 0.5, 100, 100, 100), at(5000, 0.5, normalAfter + s, 900, adversarialAfter),
                    at(7500, 0.4, normalAfter + s, 900, adversarialAfter), at(10000, 0.25, normalAfter + s, 900, adversarialAfter)));
            off.put(s, at(0, 0, 3000, 1800, 500));
        }
        FineTuningStudy.Plan plan = FineTuningStudy.Plan.defaults("Hopper", 10000, List.of(0L), "x")
                .withRuns("adversarial-adaptive");
        return new FineTuningStudy.Results(plan, Map.of("adversarial-adaptive", run), off);
    }

    @Test
    void summaryStatesTheChangeAndItsDirection() {
        String s = FineTuningClaims.beforeAfterSummary(study(1000, 700, 1), "adversarial-adaptive");
        assertTrue(s.contains("After 10,000 fine-tuning steps (adversarial-adaptive, 1 seed, final q 0.25)"), s);
        assertTrue(s.contains("under normal from 3000 to 1000 (-67%)"), s);
        assertTrue(s.contains("under adversarial from 500 to 700 (+40%)"), s);
        assertTrue(s.contains("robustness to the attack at the price of nominal return"), s);
        assertTrue(s.contains("One seed gives no error bar"), s);
        assertTrue(s.contains("moved q from 0.50 at the first evaluation to 0.25: it perturbed less"), s);
        String worse = FineTuningClaims.beforeAfterSummary(study(1000, 400, 3), "adversarial-adaptive");
        assertTrue(worse.contains("has not recovered"), worse);
        assertTrue(worse.contains("3 seeds") && !worse.contains("One seed"), worse);
        assertThrows(IllegalArgumentException.class, () -> FineTuningClaims.beforeAfterSummary(study(1, 1, 1), "nope"));
    }

    @Test
    void chartHasBeforeAndAfterPerCondition() {
        CategoryChart c = FineTuningViews.beforeAfter(study(1000, 700, 2), "adversarial-adaptive", "t");
        assertEquals(2, c.getSeriesMap().size());
        var after = c.getSeriesMap().get("after: fine-tuned (adversarial-adaptive)");
        List<Double> y = new java.util.ArrayList<>();
        after.getYData().forEach(n -> y.add(n.doubleValue()));
        assertEquals(List.of(1000.5, 900.0, 700.0), y);
    }

    @Test
    void coincidingCurvesSayTheyCoincide() {
        Map<Long, List<EvalPoint>> same = new LinkedHashMap<>();
        same.put(0L, List.of(at(5000, 0.5, 100, 100, 100), at(10000, 0.5, 900, 900, 600)));
        Map<Long, List<EvalPoint>> other = new LinkedHashMap<>();
        other.put(0L, List.of(at(5000, 0.5, 100, 100, 100), at(10000, 0.4, 900, 900, 650)));
        Map<String, Map<Long, List<EvalPoint>>> runs = new LinkedHashMap<>();
        runs.put("adversarial-fixed", same);
        runs.put("adversarial-adaptive", same);
        runs.put("adversarial-linear", other);
        FineTuningStudy.Plan plan = FineTuningStudy.Plan.defaults("Hopper", 10000, List.of(0L), "x")
                .withRuns("adversarial-fixed", "adversarial-adaptive", "adversarial-linear");
        var c = FineTuningViews.curves(new FineTuningStudy.Results(plan, runs, Map.of(0L, at(0, 0, 3000, 1800, 500))),
                "adversarial", "t");
        assertTrue(c.getSeriesMap().containsKey("adversarial-adaptive (same as adversarial-fixed)"), c.getSeriesMap().keySet().toString());
        assertTrue(c.getSeriesMap().containsKey("adversarial-linear"));
        // the q chart: every run with the same q says so (notebook 03 showed one line for three fixed-q runs)
        var q = FineTuningViews.qTrajectories(new FineTuningStudy.Results(plan, runs, Map.of(0L, at(0, 0, 3000, 1800, 500))),
                "t");
        assertEquals(java.util.Set.of("adversarial-fixed", "adversarial-adaptive (same as adversarial-fixed)",
                "adversarial-linear"), q.getSeriesMap().keySet());
        // two decimals on the q axis (notebook 00 printed 0.602762963510113), over q's own range
        assertEquals("0.0#", q.getStyler().getYAxisDecimalPattern());
        assertEquals(null, q.getStyler().getYAxisMax());
    }

    /**
     * With several seeds each curve carries a filled band, the 95% bootstrap interval of the mean over seeds, out of
     * the legend and around the mean line; with one seed there is no band.
     */
    @Test
    void curvesOverSeveralSeedsCarryAConfidenceBand() {
        FineTuningStudy.Results three = study(1000, 700, 3);
        var c = FineTuningViews.curves(three, "normal", "t");
        var band = c.getSeriesMap().get("adversarial-adaptive (95% CI)");
        assertTrue(band != null, c.getSeriesMap().keySet().toString());
        assertEquals(org.knowm.xchart.XYSeries.XYSeriesRenderStyle.PolygonArea, band.getXYSeriesRenderStyle());
        assertTrue(!band.isShowInLegend());
        var line = c.getSeriesMap().get("adversarial-adaptive");
        double[] y = line.getYData();
        double[] b = band.getYData();
        int n = y.length;
        assertEquals(2 * n, b.length);
        for (int i = 0; i < n; i++) {
            double lo = b[i]; // the polygon runs forward along the lower end, back along the upper
            double hi = b[2 * n - 1 - i];
            assertTrue(lo <= y[i] && y[i] <= hi, "step " + i + ": " + lo + " <= " + y[i] + " <= " + hi);
        }
        assertTrue(b[n - 1] < b[n], "the last step's seeds differ (1000, 1001, 1002), so its band has a width");
        var one = FineTuningViews.curves(study(1000, 700, 1), "normal", "t");
        assertTrue(one.getSeriesMap().keySet().stream().noneMatch(k -> k.endsWith("(95% CI)")));
    }

    /**
     * Environments side by side: each seed's returns divided by its own pi_off's nominal return, the line starting
     * at pi_off's level under the condition; a run no study has is refused by name.
     */
    @Test
    void curvesAcrossEnvironmentsAreShareOfEachSeedsPiOff() {
        FineTuningStudy.Results hopper = study(1000, 700, 2);
        FineTuningStudy.Plan cheetahPlan = FineTuningStudy.Plan.defaults("HalfCheetah", 10000, List.of(0L), "x")
                .withRuns("adversarial-adaptive");
        FineTuningStudy.Results cheetah = new FineTuningStudy.Results(cheetahPlan, hopper.runs(),
                Map.of(0L, at(0, 0, 6000, 1800, 500), 1L, at(0, 0, 6000, 1800, 500)));
        var c = FineTuningViews.curvesAcrossEnvironments(List.of(hopper, cheetah), "adversarial-adaptive", "normal", "t");
        double[] h = c.getSeriesMap().get("Hopper (2 seeds)").getYData();
        double[] k = c.getSeriesMap().get("HalfCheetah (2 seeds)").getYData();
        assertEquals(1.0, h[0], 1e-12, "step 0 is pi_off itself");
        assertEquals((1000.5) / 3000, h[h.length - 1], 1e-12, "the mean over seeds of 1000/3000 and 1001/3000");
        assertEquals((1000.5) / 6000, k[k.length - 1], 1e-12);
        assertTrue(c.getSeriesMap().containsKey("Hopper (2 seeds) (95% CI)"));
        var adv = FineTuningViews.curvesAcrossEnvironments(List.of(hopper), "adversarial-adaptive", "adversarial", "t");
        assertEquals(500.0 / 3000, adv.getSeriesMap().get("Hopper (2 seeds)").getYData()[0], 1e-12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FineTuningViews.curvesAcrossEnvironments(List.of(hopper), "nope", "normal", "t"));
        assertTrue(e.getMessage().contains("no study has a run 'nope'") && e.getMessage().contains("adversarial-adaptive"),
                e.getMessage());
    }
}
