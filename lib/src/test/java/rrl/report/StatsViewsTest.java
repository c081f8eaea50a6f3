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
import rrl.stats.Estimate;
import rrl.stats.PerformanceProfile;
import rrl.stats.PerformanceProfiles;
import rrl.stats.StratifiedBootstrap;
import rrl.stats.TTests;
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
