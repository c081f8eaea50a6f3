package rrl.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.List;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import rrl.stats.Estimate;
import rrl.stats.PerformanceProfile;

/**
 * XChart figures of {@code rrl.stats} results in the project's style ({@link Charts#lineChart}: {@link Charts#PALETTE},
 * legend outside on the right): interval plots (point and bootstrap interval per algorithm, as rliable's
 * {@code plot_interval_estimates}) and performance profiles with their bootstrap bands (rliable's
 * {@code plot_performance_profiles}). Algorithm i gets {@code PALETTE[i mod 12]} in both.
 */
public final class StatsCharts {
    private StatsCharts() {}

    /**
     * Point estimate (marker) and interval (vertical bar) per algorithm, algorithms along x at 1, 2, ... (named under
     * their bars and in the legend). All estimates must be of one estimator, whose name titles the y axis with
     * {@code unit} (e.g. "normalised score", "return"). IllegalArgumentException if the list is empty or mixes
     * estimators.
     */
    public static XYChart intervals(String title, String unit, List<Estimate> estimates) {
        if (estimates.isEmpty()) {
            throw new IllegalArgumentException("an interval plot needs at least one estimate");
        }
        String estimator = estimates.get(0).estimator();
        for (Estimate e : estimates) {
            if (!e.estimator().equals(estimator)) {
                throw new IllegalArgumentException("one estimator per interval plot, got " + estimator + " and "
                        + e.estimator());
            }
        }
        Estimate first = estimates.get(0);
        XYChart c = Charts.lineChart(title, "algorithm (" + Math.round(first.confidence() * 100) + "% bootstrap CI, "
                + first.reps() + " resamples)", estimator + " (" + unit + ")");
        // Names under the bars, not as x ticks: XChart's tick formatter drops every label when they repeat.
        double lo = estimates.stream().mapToDouble(Estimate::low).min().orElseThrow();
        double hi = estimates.stream().mapToDouble(Estimate::high).max().orElseThrow();
        double span = hi > lo ? hi - lo : Math.max(1e-9, Math.abs(hi));
        c.getStyler().setXAxisTicksVisible(false);
        c.getStyler().setPlotGridVerticalLinesVisible(false);
        c.getStyler().setXAxisMin(0.5);
        c.getStyler().setXAxisMax(estimates.size() + 0.5);
        c.getStyler().setYAxisMin(lo - 0.2 * span);
        c.getStyler().setYAxisMax(hi + 0.05 * span);
        for (int i = 0; i < estimates.size(); i++) {
            c.addAnnotation(new AnnotationText(estimates.get(i).label(), i + 1, lo - 0.1 * span, false));
        }
        for (int i = 0; i < estimates.size(); i++) {
            Estimate e = estimates.get(i);
            Color color = Charts.PALETTE.get(i % Charts.PALETTE.size());
            XYSeries bar = c.addSeries(e.label(), new double[] {i + 1, i + 1}, new double[] {e.low(), e.high()});
            bar.setLineColor(color);
            bar.setLineStyle(new BasicStroke(6f));
            bar.setMarker(SeriesMarkers.NONE);
            XYSeries point = c.addSeries(e.label() + " point", new double[] {i + 1}, new double[] {e.point()});
            point.setMarker(SeriesMarkers.DIAMOND);
            point.setMarkerColor(Color.BLACK);
            point.setLineColor(new Color(0, 0, 0, 0));
            point.setShowInLegend(false);
        }
        c.getStyler().setMarkerSize(10);
        return c;
    }

    /**
     * Each profile as a line ({@code fraction} of scores above tau against tau), its bootstrap band as two dashed
     * lines of the same colour (not in the legend). The x axis is "score threshold tau (unit)", the y axis the
     * fraction of runs (score distribution) or of tasks (average score distribution) above tau, in [0, 1].
     */
    public static XYChart performanceProfiles(String title, String unit, List<PerformanceProfile> profiles) {
        if (profiles.isEmpty()) {
            throw new IllegalArgumentException("a performance-profile chart needs at least one profile");
        }
        boolean average = profiles.get(0).kind().startsWith("average");
        XYChart c = Charts.lineChart(title, "score threshold tau (" + unit + ")",
                average ? "fraction of tasks with mean score > tau" : "fraction of runs with score > tau");
        c.getStyler().setYAxisMin(0.0);
        c.getStyler().setYAxisMax(1.0);
        for (int i = 0; i < profiles.size(); i++) {
            PerformanceProfile p = profiles.get(i);
            Color color = Charts.PALETTE.get(i % Charts.PALETTE.size());
            XYSeries line = c.addSeries(p.label(), p.taus(), p.fraction());
            line.setLineColor(color);
            line.setMarker(SeriesMarkers.NONE);
            line.setLineStyle(new BasicStroke(2f));
            float[] dash = {4f, 4f};
            for (String end : new String[] {"low", "high"}) {
                XYSeries band = c.addSeries(p.label() + " CI " + end, p.taus(), end.equals("low") ? p.low() : p.high());
                band.setLineColor(color);
                band.setMarker(SeriesMarkers.NONE);
                band.setLineStyle(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, dash, 0f));
                band.setShowInLegend(false);
            }
        }
        return c;
    }
}
