package rrl.report;

import java.util.List;
import java.util.stream.IntStream;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import rrl.rollout.Episode;

/** XChart figures shared by notebooks and the CLI. */
public final class Charts {
    private Charts() {}

    /** An empty line chart with the project's style. */
    public static XYChart lineChart(String title, String xLabel, String yLabel) {
        XYChart c = new XYChartBuilder().width(720).height(360).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel)
                .build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        c.getStyler().setMarkerSize(0);
        c.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        c.getStyler().setPlotGridLinesVisible(true);
        return c;
    }

    /** An empty grouped bar chart (series = groups, error bars allowed) with the project's style. */
    public static CategoryChart barChart(String title, String xLabel, String yLabel) {
        CategoryChart c = new CategoryChartBuilder().width(720).height(360).title(title).xAxisTitle(xLabel)
                .yAxisTitle(yLabel).build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        c.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        c.getStyler().setPlotGridLinesVisible(true);
        c.getStyler().setErrorBarsColorSeriesColor(false);
        return c;
    }

    /** A heat map of {@code z[row][column]} with labelled rows and columns, each cell annotated with its value. */
    public static HeatMapChart heatmap(String title, String xLabel, List<String> columns, String yLabel, List<String> rows,
                                       double[][] z) {
        HeatMapChart c = new HeatMapChartBuilder().width(560).height(420).title(title).xAxisTitle(xLabel)
                .yAxisTitle(yLabel).build();
        c.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        c.getStyler().setShowValue(true);
        c.getStyler().setLegendVisible(true);
        List<Number[]> cells = new java.util.ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            for (int k = 0; k < columns.size(); k++) {
                cells.add(new Number[] {k, r, Math.round(z[r][k])});
            }
        }
        c.addSeries("return", columns, rows, cells);
        return c;
    }

    /** Per-step reward of each episode, one series per episode, named "label ep k". */
    public static XYChart addRewardTraces(XYChart chart, String label, List<Episode> episodes, int maxSeries) {
        for (Episode e : episodes.subList(0, Math.min(maxSeries, episodes.size()))) {
            double[] x = IntStream.range(0, e.rewards().length).asDoubleStream().toArray();
            if (x.length < 2) {
                continue;
            }
            chart.addSeries(label + " ep " + e.env() + "." + e.index(), x, e.rewards()).setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }
}
