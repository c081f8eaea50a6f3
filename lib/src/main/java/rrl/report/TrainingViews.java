package rrl.report;

import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.markers.SeriesMarkers;
import rrl.train.MetricsLog;

/** Charts of a training run's {@code metrics.csv}: update metrics (losses, mean Q, temperature) against steps. */
public final class TrainingViews {
    private TrainingViews() {}

    /**
     * One series per named column of {@code log} against the step, skipping rows where the column is NaN (e.g.
     * evaluation-only rows before the first update).
     *
     * @param xLabel what the step counts ("gradient updates", "environment steps")
     * @throws IllegalArgumentException if a column is not in the log (the message lists the columns it has)
     */
    public static XYChart metrics(String title, MetricsLog log, List<String> columns, String xLabel, String yLabel) {
        XYChart chart = Charts.lineChart(title, xLabel, yLabel);
        List<String> header = log.header();
        for (String name : columns) {
            int k = header.indexOf(name);
            if (k < 0) {
                throw new IllegalArgumentException("no metric '" + name + "' in this run's log; it has " + header);
            }
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (double[] r : log.rows()) {
                if (!Double.isNaN(r[k])) {
                    xs.add(r[0]);
                    ys.add(r[k]);
                }
            }
            if (!xs.isEmpty()) {
                chart.addSeries(name.replace('_', ' '), xs, ys).setMarker(SeriesMarkers.NONE);
            }
        }
        return chart;
    }
}
