package rrl.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import rrl.rollout.Episode;

/**
 * XChart figures shared by notebooks and the CLI, in one style: white background, grid, legend outside on the
 * right, {@link #PALETTE} (12 distinct colours), integer axis ticks that do not overlap.
 */
public final class Charts {
    /**
     * Series colours: Tableau's 10 (matplotlib's default cycle) plus black and navy, so 12 series stay apart (every
     * pair at least 27 CIE76 units apart; {@code ChartsTest}). XChart's own theme repeats after fewer.
     */
    public static final List<Color> PALETTE = List.of(
            new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
            new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf),
            new Color(0x000000), new Color(0x0b3d91));

    /**
     * Above this many distinct x values at equal spacing XChart labels every k-th data point and misjudges the
     * labels' width (the quickstart's reward traces read "0 6 12 ... 96108120132"); {@link #lineChart} makes it
     * use its numeric ticks (steps of 1, 2 or 5 x 10^n) there instead.
     */
    static final int MAX_DATA_TICKS = 12;

    private Charts() {}

    /** Resamples behind a curve's band over seeds: enough for a 95% interval's ends at figure resolution. */
    static final int BAND_RESAMPLES = 2_000;

    /**
     * {mean}, {std}, {CI low}, {CI high} of one x's values over seeds: the 95% percentile bootstrap of the mean over
     * seeds ({@link #BAND_RESAMPLES} resamples seeded by {@code index}, the x's position; the mean itself with one
     * seed).
     */
    static double[][] overSeeds(double[] v, int index) {
        double mean = FineTuningClaims.mean(v);
        double lo = mean;
        double hi = mean;
        if (v.length > 1) {
            double[][] scores = new double[v.length][1];
            for (int k = 0; k < v.length; k++) {
                scores[k][0] = v[k];
            }
            rrl.stats.Estimate e = rrl.stats.StratifiedBootstrap.interval("seeds", scores, rrl.stats.Aggregate.MEAN,
                    rrl.stats.BootstrapConfig.defaults().withReps(BAND_RESAMPLES).withSeed(index));
            lo = e.low();
            hi = e.high();
        }
        return new double[][] {{mean}, {FineTuningClaims.std(v)}, {lo}, {hi}};
    }

    /**
     * {x, mean, std, CI low, CI high} of a curve over seeds: each run is one seed's list of points, taken at the
     * positions every run reached ({@code x} from the first run), each position's values reduced by
     * {@link #overSeeds}.
     */
    static <P> double[][] curveOverSeeds(List<List<P>> runs, java.util.function.ToDoubleFunction<P> x,
                                         java.util.function.ToDoubleFunction<P> y) {
        int n = runs.stream().mapToInt(List::size).min().orElse(0);
        double[][] out = new double[5][n];
        for (int i = 0; i < n; i++) {
            double[] v = new double[runs.size()];
            for (int k = 0; k < runs.size(); k++) {
                v[k] = y.applyAsDouble(runs.get(k).get(i));
            }
            out[0][i] = x.applyAsDouble(runs.get(0).get(i));
            double[][] st = overSeeds(v, i);
            for (int k = 0; k < 4; k++) {
                out[k + 1][i] = st[k][0];
            }
        }
        return out;
    }

    /**
     * The interval band of a curve over seeds as one filled polygon in the curve's colour, out of the legend;
     * {@code s} is {x, mean, std, low, high} (rows 0, 3 and 4 are drawn).
     */
    static void band(XYChart c, String name, double[][] s, Color col) {
        int n = s[0].length;
        double[] x = new double[2 * n];
        double[] y = new double[2 * n];
        for (int i = 0; i < n; i++) {
            x[i] = s[0][i];
            y[i] = s[3][i];
            x[2 * n - 1 - i] = s[0][i];
            y[2 * n - 1 - i] = s[4][i];
        }
        XYSeries b = c.addSeries(name + " (95% CI)", x, y);
        b.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
        b.setFillColor(new Color(col.getRed(), col.getGreen(), col.getBlue(), 50));
        b.setLineColor(new Color(0, 0, 0, 0));
        b.setMarker(SeriesMarkers.NONE);
        b.setShowInLegend(false);
    }

    /** Line and markers of {@code series} in {@code col}. */
    static XYSeries colour(XYSeries series, Color col) {
        series.setLineColor(col);
        series.setMarkerColor(col);
        return series;
    }

    /** An empty line chart with the project's style. */
    public static XYChart lineChart(String title, String xLabel, String yLabel) {
        XYChart c = new LineChart(720, 360);
        c.setTitle(title);
        c.setXAxisTitle(xLabel);
        c.setYAxisTitle(yLabel);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        c.getStyler().setMarkerSize(0);
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setPlotGridLinesVisible(true);
        c.getStyler().setSeriesColors(PALETTE.toArray(Color[]::new));
        fitTitle(c);
        return c;
    }

    /** An empty grouped bar chart (series = groups, error bars allowed) with the project's style. */
    public static CategoryChart barChart(String title, String xLabel, String yLabel) {
        CategoryChart c = new CategoryChartBuilder().width(720).height(360).title(title).xAxisTitle(xLabel)
                .yAxisTitle(yLabel).build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setPlotGridLinesVisible(true);
        c.getStyler().setErrorBarsColorSeriesColor(false);
        c.getStyler().setSeriesColors(PALETTE.toArray(Color[]::new));
        fitTitle(c);
        return c;
    }

    /**
     * Turns a bar chart's category labels so that they do not run into each other: when the widest label is wider than
     * the room a category gets on the x axis, 30 degrees up to twice that room, 45 up to three times, else 90 (never
     * less than the chart already sets). Called when a chart is drawn ({@code rrl.notebook.Show}), once its categories
     * are known. Measured on the rendered notebooks: "randomly-perturbed" beside "adversarially-perturbed" overlapped
     * at 20 degrees in 144 px per category.
     */
    public static void fitCategoryLabels(CategoryChart c) {
        if (c.getSeriesMap().isEmpty()) {
            return;
        }
        List<?> categories = List.copyOf(c.getSeriesMap().values().iterator().next().getXData());
        if (categories.isEmpty()) {
            return;
        }
        double widest = widestCategoryLabel(c);
        boolean legendBeside = c.getStyler().isLegendVisible()
                && c.getStyler().getLegendPosition() == Styler.LegendPosition.OutsideE;
        double room = c.getWidth() * (legendBeside ? PLOT_SHARE : 0.85) / categories.size();
        int needed = widest <= 0.9 * room ? 0 : widest <= 2 * room ? 30 : widest <= 3 * room ? 45 : 90;
        if (needed > c.getStyler().getXAxisLabelRotation()) {
            c.getStyler().setXAxisLabelRotation(needed);
        }
    }

    /**
     * The pixels a bar chart's turned category labels take below the plot beyond one line of text: what the image
     * must grow by ({@code rrl.notebook.Show}) so that the plot, and the y-axis title along it, keep their height.
     */
    public static int turnedLabelsHeight(CategoryChart c) {
        int degrees = c.getStyler().getXAxisLabelRotation();
        if (degrees <= 0 || c.getSeriesMap().isEmpty()) {
            return 0;
        }
        Font font = c.getStyler().getAxisTickLabelsFont();
        double line = font.getStringBounds("Ag", new java.awt.font.FontRenderContext(null, true, true)).getHeight();
        return (int) Math.ceil(Math.max(0, widestCategoryLabel(c) * Math.sin(Math.toRadians(degrees)) - line));
    }

    /** The width in pixels of a bar chart's widest category label, in its tick-label font. */
    private static double widestCategoryLabel(CategoryChart c) {
        Font font = c.getStyler().getAxisTickLabelsFont();
        double widest = 0;
        for (Object label : c.getSeriesMap().values().iterator().next().getXData()) {
            widest = Math.max(widest, width(font, String.valueOf(label)));
        }
        return widest;
    }

    /** Share of a chart's width its plot area gets when the legend sits outside on the right (measured, 720 px). */
    static final double PLOT_SHARE = 0.6;

    /**
     * XChart centres the title over the plot area and cuts what does not fit (a long title lost its start). The
     * title font shrinks to fit, down to 8 pt (a title that needs less should be shortened).
     */
    static void fitTitle(org.knowm.xchart.internal.chartpart.Chart<?, ?> c) {
        String title = c.getTitle();
        if (title == null || title.isBlank()) {
            return;
        }
        java.awt.Font font = c.getStyler().getChartTitleFont();
        double room = c.getWidth() * PLOT_SHARE;
        while (font.getSize2D() > 8 && width(font, title) > room) {
            font = font.deriveFont(font.getSize2D() - 1);
        }
        c.getStyler().setChartTitleFont(font);
        fitAxisTitles(c);
    }

    /** Share of a chart's height its plot area gets (title above, tick labels and x-axis title below). */
    static final double PLOT_HEIGHT_SHARE = 0.7;

    /**
     * The y-axis title runs along the plot's height and is cut at its ends when longer ("D4RL normalised score
     * (0 = random, 100 = expert)" at 360 px); the axis-title font (one for both axes) shrinks to fit, down to 8 pt.
     */
    static void fitAxisTitles(org.knowm.xchart.internal.chartpart.Chart<?, ?> c) {
        if (!(c.getStyler() instanceof org.knowm.xchart.style.AxesChartStyler styler)) {
            return;
        }
        java.awt.Font font = styler.getAxisTitleFont();
        String y = c.getYAxisTitle() == null ? "" : c.getYAxisTitle();
        String x = c.getXAxisTitle() == null ? "" : c.getXAxisTitle();
        while (font.getSize2D() > 8 && (width(font, y) > c.getHeight() * PLOT_HEIGHT_SHARE
                || width(font, x) > c.getWidth() * PLOT_SHARE)) {
            font = font.deriveFont(font.getSize2D() - 1);
        }
        styler.setAxisTitleFont(font);
    }

    /** Whether {@code c}'s y-axis title fits the room {@link #fitAxisTitles} allows it. */
    static boolean yAxisTitleFits(org.knowm.xchart.internal.chartpart.Chart<?, ?> c) {
        return width(((org.knowm.xchart.style.AxesChartStyler) c.getStyler()).getAxisTitleFont(), c.getYAxisTitle())
                <= c.getHeight() * PLOT_HEIGHT_SHARE;
    }

    /** The width in pixels of {@code text} set in {@code font} (anti-aliased, fractional metrics). */
    private static double width(java.awt.Font font, String text) {
        return font.getStringBounds(text, new java.awt.font.FontRenderContext(null, true, true)).getWidth();
    }

    /** Whether {@code c}'s title fits the room {@link #fitTitle} allows it. */
    static boolean titleFits(org.knowm.xchart.internal.chartpart.Chart<?, ?> c) {
        return width(c.getStyler().getChartTitleFont(), c.getTitle()) <= c.getWidth() * PLOT_SHARE;
    }

    /**
     * A heat map of {@code z[row][column]} with labelled rows and columns, each cell annotated with its value
     * (rounded to an integer), and a colour bar titled {@code valueLabel}.
     */
    public static HeatMapChart heatmap(String title, String xLabel, List<String> columns, String yLabel, List<String> rows,
                                       double[][] z, String valueLabel) {
        TitledHeatMap c = new TitledHeatMap(new org.knowm.xchart.HeatMapChartBuilder().width(Math.max(600, 190 * columns.size())).height(420).title(title)
                .xAxisTitle(xLabel).yAxisTitle(yLabel), valueLabel);
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setShowValue(true);
        c.getStyler().setLegendVisible(true);
        c.getStyler().setHeatMapValueDecimalPattern("#,##0");
        c.getStyler().setHeatMapDecimalValueFormatter(v -> String.format(java.util.Locale.ROOT, "%,.0f", v));
        List<Number[]> cells = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            for (int k = 0; k < columns.size(); k++) {
                cells.add(new Number[] {k, r, Math.round(z[r][k])});
            }
        }
        org.knowm.xchart.HeatMapSeries series = c.addSeries(valueLabel == null || valueLabel.isBlank() ? "value"
                : valueLabel, columns, rows, cells);
        // XChart 3.8.8 starts its maximum at Double.MIN_VALUE (the smallest positive double), so a map of negative
        // returns got a colour bar topped by 4.9E-324: set the range from the cells themselves
        double min = cells.stream().mapToDouble(v -> v[2].doubleValue()).min().orElse(0);
        double max = cells.stream().mapToDouble(v -> v[2].doubleValue()).max().orElse(0);
        series.setMin(min).setMax(max > min ? max : min + 1);
        return c;
    }

    /**
     * Gives heat maps shown side by side one colour scale, the range of all their cells, so one colour means one
     * value in each (with a range per map, 91 in one map was as dark as 4,509 in the next); returns them.
     */
    public static List<HeatMapChart> sameColourScale(List<HeatMapChart> charts) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (HeatMapChart c : charts) {
            for (org.knowm.xchart.HeatMapSeries s : c.getSeriesMap().values()) {
                min = Math.min(min, s.getMin());
                max = Math.max(max, s.getMax());
            }
        }
        for (HeatMapChart c : charts) {
            for (org.knowm.xchart.HeatMapSeries s : c.getSeriesMap().values()) {
                s.setMin(min).setMax(max);
            }
        }
        return charts;
    }

    /** As {@link #heatmap(String, String, List, String, List, double[][], String)} with the colour bar titled "return". */
    public static HeatMapChart heatmap(String title, String xLabel, List<String> columns, String yLabel, List<String> rows,
                                       double[][] z) {
        return heatmap(title, xLabel, columns, yLabel, rows, z, "return");
    }

    /**
     * Per-step reward of each episode, one series per episode, named "label, simulator s episode k" (k from 1 within its
     * simulator: vector environments run several).
     */
    public static XYChart addRewardTraces(XYChart chart, String label, List<Episode> episodes, int maxSeries) {
        for (Episode e : episodes.subList(0, Math.min(maxSeries, episodes.size()))) {
            double[] x = IntStream.range(0, e.rewards().length).asDoubleStream().toArray();
            if (x.length < 2) {
                continue;
            }
            chart.addSeries(label + ", simulator " + e.env() + " episode " + (e.index() + 1), x, e.rewards()).setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }

    /**
     * The x tick labels XChart will draw for a chart (painted off screen): what a reader sees on the axis. For tests
     * and checks.
     */
    public static List<String> xTickLabels(XYChart chart) {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(chart.getWidth(), chart.getHeight(),
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            chart.paint(g, chart.getWidth(), chart.getHeight());
        } finally {
            g.dispose();
        }
        try {
            java.lang.reflect.Field axisPair = org.knowm.xchart.internal.chartpart.Chart.class.getDeclaredField("axisPair");
            axisPair.setAccessible(true);
            Object pair = axisPair.get(chart);
            Object xAxis = pair.getClass().getMethod("getXAxis").invoke(pair);
            Object calc = xAxis.getClass().getMethod("getAxisTickCalculator").invoke(xAxis);
            @SuppressWarnings("unchecked")
            List<String> labels = (List<String>) calc.getClass().getMethod("getTickLabels").invoke(calc);
            return List.copyOf(labels);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read XChart's tick labels", e);
        }
    }

    /**
     * A line chart whose many equally spaced x values (steps of an episode, evaluation points) get XChart's numeric
     * ticks rather than every k-th data point: while painting, an invisible one-point series (not in the legend,
     * inside the data's range) breaks the equal spacing XChart looks for.
     */
    static final class LineChart extends XYChart {
        private static final String HELPER = "\u0000rrl ticks";

        LineChart(int width, int height) {
            super(width, height);
        }

        @Override
        public void paint(Graphics2D g, int width, int height) {
            XYSeries helper = null;
            if (!getSeriesMap().containsKey(HELPER)) {
                double[] spacing = equalSpacing();
                if (spacing != null) {
                    helper = addSeries(HELPER, new double[] {spacing[0] + spacing[1] / 2}, new double[] {spacing[2]});
                    helper.setShowInLegend(false);
                    helper.setMarker(SeriesMarkers.NONE);
                    helper.setLineColor(new Color(0, 0, 0, 0));
                    helper.setMarkerColor(new Color(0, 0, 0, 0));
                }
            }
            try {
                super.paint(g, width, height);
            } finally {
                if (helper != null) {
                    removeSeries(HELPER);
                }
            }
        }

        /** {first x, step, a y value} if the series' x values (as XChart collects them) are many and equally spaced. */
        private double[] equalSpacing() {
            Set<Double> xs = new LinkedHashSet<>();
            double y = Double.NaN;
            for (XYSeries s : getSeriesMap().values()) {
                for (double x : s.getXData()) {
                    xs.add(x);
                }
                for (double v : s.getYData()) {
                    if (Double.isNaN(y) && Double.isFinite(v)) {
                        y = v;
                    }
                }
            }
            if (xs.size() <= MAX_DATA_TICKS || Double.isNaN(y)) {
                return null;
            }
            Double[] v = xs.toArray(Double[]::new);
            double step = v[1] - v[0];
            for (int i = 2; i < v.length; i++) {
                if (Math.abs(v[i] - v[i - 1] - step) > 1e-4 * Math.abs(step)) {
                    return null;
                }
            }
            return step == 0 ? null : new double[] {v[0], step, y};
        }
    }

    /**
     * XChart's heat map with a title on its colour bar: XChart draws the bar without one, so the reader could not
     * tell what the colours measure. The title is drawn under the bar, wrapped to its width.
     */
    static final class TitledHeatMap extends HeatMapChart {
        private final String colorBarTitle;

        TitledHeatMap(org.knowm.xchart.HeatMapChartBuilder builder, String colorBarTitle) {
            super(builder);
            this.colorBarTitle = colorBarTitle;
        }

        String colorBarTitle() {
            return colorBarTitle;
        }

        /** The colour bar's box as painted: XChart keeps its size in getBounds() and its corner in two offsets. */
        private Rectangle2D legendBox() {
            Rectangle2D size = legend.getBounds();
            double x = 0;
            double y = 0;
            try {
                Class<?> base = org.knowm.xchart.internal.chartpart.Legend_.class;
                java.lang.reflect.Field fx = base.getDeclaredField("xOffset");
                java.lang.reflect.Field fy = base.getDeclaredField("yOffset");
                fx.setAccessible(true);
                fy.setAccessible(true);
                x = fx.getDouble(legend);
                y = fy.getDouble(legend);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // An XChart without the offsets: right edge, below the title, as XChart places it.
                x = getWidth() - size.getWidth() - getStyler().getChartPadding();
                y = size.getY();
            }
            return new Rectangle2D.Double(x, y, size.getWidth(), size.getHeight());
        }

        @Override
        public void paint(Graphics2D g, int width, int height) {
            super.paint(g, width, height);
            if (colorBarTitle == null || colorBarTitle.isBlank() || !getStyler().isLegendVisible()) {
                return;
            }
            Rectangle2D bar = legendBox();
            Font font = getStyler().getLegendFont().deriveFont(Font.BOLD);
            g.setFont(font);
            g.setColor(getStyler().getChartFontColor());
            FontMetrics fm = g.getFontMetrics();
            double maxWidth = Math.max(bar.getWidth(), fm.stringWidth("mmmmmm"));
            List<String> lines = new ArrayList<>();
            StringBuilder line = new StringBuilder();
            for (String word : colorBarTitle.split("\\s+")) {
                String next = line.length() == 0 ? word : line + " " + word;
                if (line.length() > 0 && fm.stringWidth(next) > maxWidth) {
                    lines.add(line.toString());
                    line = new StringBuilder(word);
                } else {
                    line = new StringBuilder(next);
                }
            }
            lines.add(line.toString());
            double y = bar.getMaxY() + 6 + fm.getAscent();
            for (String l : lines) {
                double x = bar.getCenterX() - fm.stringWidth(l) / 2.0;
                g.drawString(l, (float) Math.max(0, Math.min(x, width - fm.stringWidth(l))), (float) y);
                y += fm.getHeight();
            }
        }
    }
}
