package rrl.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import rrl.stats.Aggregate;
import rrl.stats.BootstrapConfig;
import rrl.stats.ClaimTest;
import rrl.stats.Design;
import rrl.stats.Estimate;
import rrl.stats.PerformanceProfile;
import rrl.stats.PerformanceProfiles;
import rrl.stats.StratifiedBootstrap;
import rrl.stats.TTests;
import rrl.stats.Verdict;
import rrl.stats.VerdictRule;
import rrl.stats.Verdicts;
import tech.tablesaw.api.Table;

class StatsViewsTest {
    static final double[][] A = {{0.2, 0.9}, {0.4, 1.1}, {0.3, 0.8}, {0.5, 1.0}};
    static final double[][] B = {{0.1, 0.7}, {0.2, 0.6}, {0.4, 0.9}, {0.3, 0.5}};
    static final BootstrapConfig CFG = BootstrapConfig.defaults().withReps(500).withSeed(1);

    @Test
    void estimateTableHasEstimatorIntervalAndN() {
        List<Estimate> es = List.of(StratifiedBootstrap.interval("A", A, Aggregate.IQM, CFG),
                StratifiedBootstrap.interval("B", B, Aggregate.IQM, CFG));
        Table t = StatsTables.estimates("IQM", es, Tables.RATIO);
        assertEquals(List.of("algorithm", "estimator", "point", "CI low", "CI high", "n", "tasks", "confidence", "reps"),
                t.columnNames());
        assertEquals(2, t.rowCount());
        assertEquals(es.get(0).low(), t.doubleColumn("CI low").get(0), 0);
        assertEquals(4, t.intColumn("n").get(1));
        assertTrue(t.print().contains("IQM"));
    }

    @Test
    void tTestAndProfileTables() {
        Table t = StatsTables.tTests("tests", List.of("A vs B"), List.of(TTests.welch(col(A), col(B), 0.95)), 3);
        assertEquals("Welch t", t.stringColumn("test").get(0));
        assertThrows(IllegalArgumentException.class, () -> StatsTables.tTests("x", List.of(), List.of(
                TTests.welch(col(A), col(B), 0.95)), 3));
        PerformanceProfile p = PerformanceProfiles.profile("A", A, new double[] {0, 0.5, 1}, false, CFG, 1);
        Table pt = StatsTables.profiles("profiles", List.of(p));
        assertEquals(3, pt.rowCount());
        assertEquals(0.5, pt.doubleColumn("fraction").get(1), 0);
    }

    @Test
    void verdictTableReadsWithoutIdentityStrings() {
        double[] b = {3000, 3200, 2900, 3100, 3050};
        double[] a = {3100.5, 3299.7, 3000.2, 3199.9, 3150.4};
        List<Verdict> v = Verdicts.evaluate(List.of(
                ClaimTest.superiority("1", "adversarial return", "RPEX", a, "PEX", b, Design.PAIRED),
                ClaimTest.equivalence("2", "normal return", "RPEX", a, "PEX", b, Design.INDEPENDENT, 20),
                ClaimTest.superiority("3", "adversarial return", "RPEX", new double[] {1}, "PEX", new double[] {0.5},
                        Design.PAIRED)), new VerdictRule(0.05, 2000, 1));
        Table t = StatsTables.verdicts("Claims", v);
        assertEquals(List.of("claim", "measure", "comparison", "estimator", "estimate", "95% CI", "Holm CI", "p",
                "p (Holm)", "t-test p (Holm)", "n", "verdict"), t.columnNames());
        assertEquals(3, t.rowCount());
        assertTrue(t.name().startsWith("Claims (") && t.name().contains("Holm"), t.name());
        assertEquals("RPEX vs PEX", t.stringColumn("comparison").get(0));
        assertEquals("100", t.getString(0, "estimate"));
        assertEquals("5 pairs", t.stringColumn("n").get(0));
        assertEquals("5 vs 5", t.stringColumn("n").get(1));
        assertEquals("1 pair", t.stringColumn("n").get(2));
        assertEquals("<0.001", t.getString(0, "p"));
        assertEquals("0.002", t.getString(0, "p (Holm)")); // 2 x 2/2001, a family of 2
        assertTrue(t.stringColumn("Holm CI").get(0).endsWith("] at 97.5%"), t.stringColumn("Holm CI").get(0));
        assertEquals("0.5", t.getString(2, "estimate"));
        assertEquals("", t.stringColumn("95% CI").get(2));
        assertEquals("not testable (n = 1)", t.stringColumn("verdict").get(2));
        assertEquals(v.get(0).estimate(), t.doubleColumn("estimate").get(0), 0, "the column keeps every digit");
        String shown = t.print() + rrl.notebook.Show.bundle(t).values();
        assertFalse(shown.contains("@"), shown);
        assertEquals("-0.0123", StatsTables.difference(-0.012345));
        assertEquals("[99.9, 100.4]", StatsTables.interval(99.88, 100.4));
        assertEquals("[-20, 220]", StatsTables.interval(-19.8, 220.3));
        assertEquals("[-0.083, 0.217]", StatsTables.interval(-0.0833, 0.2168));
        assertEquals("[0, 0]", StatsTables.interval(-0.0, 0));
        assertEquals("RPEX vs PEX (within ±20)", t.stringColumn("comparison").get(1));
        assertEquals("98.3%", StatsTables.percent(1 - 0.05 / 3));
        assertEquals("99.99%", StatsTables.percent(0.9999));
        assertThrows(IllegalArgumentException.class, () -> StatsTables.verdicts("x", List.of(v.get(0),
                Verdicts.evaluate(List.of(ClaimTest.superiority("1", "r", "A", a, "B", b, Design.PAIRED)),
                        VerdictRule.DEFAULT).get(0))));
    }

    @Test
    void intervalPlotNamesAlgorithmsAndUnits() throws Exception {
        List<Estimate> es = List.of(StratifiedBootstrap.interval("A", A, Aggregate.IQM, CFG),
                StratifiedBootstrap.interval("B", B, Aggregate.IQM, CFG));
        XYChart c = StatsCharts.intervals("IQM of normalised score", "normalised score", es);
        assertEquals("IQM (normalised score)", c.getYAxisTitle());
        assertTrue(c.getXAxisTitle().contains("95% bootstrap CI"));
        XYSeries a = c.getSeriesMap().get("A");
        assertEquals(Charts.PALETTE.get(0), a.getLineColor());
        assertEquals(Charts.PALETTE.get(1), c.getSeriesMap().get("B").getLineColor());
        assertFalse(c.getSeriesMap().get("A point").isShowInLegend());
        assertEquals(es.get(0).low(), a.getYData()[0], 0);
        assertEquals(es.get(0).high(), a.getYData()[1], 0);
        java.lang.reflect.Field f = org.knowm.xchart.internal.chartpart.Chart.class.getDeclaredField("annotations");
        f.setAccessible(true);
        List<?> notes = (List<?>) f.get(c);
        assertEquals(2, notes.size(), "each algorithm named under its bar");
        assertTrue(c.getStyler().getYAxisMin() < es.stream().mapToDouble(Estimate::low).min().orElseThrow(),
                "room under the lowest bar for the names");
        BufferedImage img = BitmapEncoder.getBufferedImage(c);
        assertEquals(c.getWidth(), img.getWidth());
        assertThrows(IllegalArgumentException.class, () -> StatsCharts.intervals("x", "u", List.of(
                es.get(0), StratifiedBootstrap.interval("B", B, Aggregate.MEAN, CFG))));
        assertThrows(IllegalArgumentException.class, () -> StatsCharts.intervals("x", "u", List.of()));
    }

    @Test
    void profileChartHasBandsOutOfTheLegend() {
        double[] taus = PerformanceProfiles.linspace(0, 1.2, 25);
        List<PerformanceProfile> ps = List.of(PerformanceProfiles.profile("A", A, taus, false, CFG, 1),
                PerformanceProfiles.profile("B", B, taus, false, CFG, 1));
        XYChart c = StatsCharts.performanceProfiles("score distributions", "normalised score", ps);
        assertEquals("score threshold tau (normalised score)", c.getXAxisTitle());
        assertEquals("fraction of runs with score > tau", c.getYAxisTitle());
        assertTrue(c.getSeriesMap().get("A").isShowInLegend());
        assertFalse(c.getSeriesMap().get("A CI low").isShowInLegend());
        assertEquals(Charts.PALETTE.get(1), c.getSeriesMap().get("B CI high").getLineColor());
        assertEquals(6, c.getSeriesMap().size());
        assertTrue(Charts.xTickLabels(c).size() <= 14, "numeric ticks, not one per tau");
        XYChart avg = StatsCharts.performanceProfiles("t", "u", List.of(
                PerformanceProfiles.profile("A", A, taus, true, CFG, 1)));
        assertEquals("fraction of tasks with mean score > tau", avg.getYAxisTitle());
    }

    static double[] col(double[][] s) {
        return java.util.Arrays.stream(s).mapToDouble(r -> r[0]).toArray();
    }
}
