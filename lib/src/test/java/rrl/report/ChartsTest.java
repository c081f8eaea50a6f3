package rrl.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import rrl.notebook.Show;
import rrl.rollout.Episode;

class ChartsTest {

    private static Episode episode(int index, int length) {
        double[] r = new double[length];
        for (int i = 0; i < length; i++) {
            r[i] = Math.sin(i * 0.3) + 1;
        }
        return new Episode(0, index, 0, length, true, r);
    }

    private static List<Long> integers(List<String> labels) {
        List<Long> out = new ArrayList<>();
        for (String l : labels) {
            String plain = l.replace(",", "");
            assertTrue(plain.matches("-?\\d+"), "tick label '" + l + "' is not an integer: " + labels);
            out.add(Long.parseLong(plain));
        }
        return out;
    }

    /** The quickstart's reward traces printed "0 53 106159212...": every data point's tick, overlapping. */
    @Test
    void rewardTracesHaveFewRoundIntegerTicks() {
        for (int length : new int[] {40, 212, 1000, 20000}) {
            XYChart c = Charts.lineChart("reward per step", "step", "reward");
            Charts.addRewardTraces(c, "random", List.of(episode(0, length), episode(1, length / 6 + 2)), 2);
            List<Long> ticks = integers(Charts.xTickLabels(c));
            assertTrue(ticks.size() >= 3 && ticks.size() <= 14, length + " steps: " + ticks);
            long step = ticks.get(1) - ticks.get(0);
            for (int i = 2; i < ticks.size(); i++) {
                assertEquals(step, ticks.get(i) - ticks.get(i - 1), "equal steps: " + ticks);
            }
            long mag = 1;
            while (mag * 10 <= step) {
                mag *= 10;
            }
            assertTrue(step == mag || step == 2 * mag || step == 5 * mag, "a round step (1, 2 or 5 x 10^n): " + ticks);
            // Labels fit between ticks: the widest label is narrower than the space a tick gets on a 720-px chart.
            int widest = ticks.stream().mapToInt(t -> String.format("%,d", t).length()).max().orElse(0);
            assertTrue(ticks.size() * (widest + 1) * 8 < 640, "labels would overlap: " + ticks);
        }
    }

    @Test
    void fewIntegerPointsAreLabelledOneByOne() {
        XYChart c = Charts.lineChart("DE fitness", "generation", "fitness");
        c.addSeries("best", new double[] {0, 1, 2, 3, 4}, new double[] {900, 700, 650, 600, 590});
        assertEquals(List.of("0", "1", "2", "3", "4"), Charts.xTickLabels(c));
    }

    @Test
    void paletteKeepsTwelveSeriesApart() {
        assertEquals(12, Charts.PALETTE.size());
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < 12; i++) {
            for (int j = i + 1; j < 12; j++) {
                min = Math.min(min, deltaE(Charts.PALETTE.get(i), Charts.PALETTE.get(j)));
            }
        }
        assertTrue(min > 25, "closest pair of colours is " + min + " CIE76 units apart");

        XYChart c = Charts.lineChart("twelve", "x", "y");
        for (int s = 0; s < 12; s++) {
            c.addSeries("s" + s, new double[] {0, 1}, new double[] {s, s + 1});
        }
        Show.png(c); // colours are assigned when the chart is painted
        Set<Color> used = new HashSet<>();
        for (XYSeries s : c.getSeriesMap().values()) {
            used.add(s.getLineColor());
        }
        assertEquals(12, used.size(), "12 series, 12 colours");
    }

    @Test
    void heatMapColourBarHasATitle() throws Exception {
        double[][] z = {{735, 707, 481}, {177, 178, 182}, {1004, 920, 534}};
        List<String> conditions = List.of("normal", "random", "adversarial");
        HeatMapChart titled = Charts.heatmap("t", "evaluated under", conditions, "fine-tuned under", conditions, z,
                "final return");
        HeatMapChart bare = Charts.heatmap("t", "evaluated under", conditions, "fine-tuned under", conditions, z, "");
        BufferedImage a = ImageIO.read(new ByteArrayInputStream(Show.png(titled)));
        BufferedImage b = ImageIO.read(new ByteArrayInputStream(Show.png(bare)));
        // The title is drawn under the colour bar, in the right quarter of the chart.
        int differing = 0;
        for (int x = a.getWidth() * 3 / 4; x < a.getWidth(); x++) {
            for (int y = 0; y < a.getHeight(); y++) {
                differing += a.getRGB(x, y) != b.getRGB(x, y) ? 1 : 0;
            }
        }
        assertTrue(differing > 50, "no colour-bar title drawn (" + differing + " pixels differ)");
        assertFalse(Charts.xTickLabels(Charts.lineChart("empty", "x", "y")).contains("NaN"));
    }

    /** A map of negative returns (a collapsed fine-tuning) spans its own values, not XChart's default up to 4.9E-324. */
    @Test
    void heatMapOfNegativeValuesSpansItsCells() {
        double[][] z = {{-217, -193}, {-450, -816}};
        HeatMapChart c = Charts.heatmap("t", "x", List.of("a", "b"), "y", List.of("r", "s"), z, "return");
        assertEquals(-816, c.getHeatMapSeries().getMin(), 0.0);
        assertEquals(-193, c.getHeatMapSeries().getMax(), 0.0);
    }

    private static double deltaE(Color p, Color q) {
        double[] a = lab(p);
        double[] b = lab(q);
        return Math.sqrt(Math.pow(a[0] - b[0], 2) + Math.pow(a[1] - b[1], 2) + Math.pow(a[2] - b[2], 2));
    }

    private static double[] lab(Color c) {
        double[] rgb = {c.getRed() / 255.0, c.getGreen() / 255.0, c.getBlue() / 255.0};
        for (int i = 0; i < 3; i++) {
            rgb[i] = rgb[i] > 0.04045 ? Math.pow((rgb[i] + 0.055) / 1.055, 2.4) : rgb[i] / 12.92;
        }
        double x = (0.4124 * rgb[0] + 0.3576 * rgb[1] + 0.1805 * rgb[2]) / 0.95047;
        double y = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
        double z = (0.0193 * rgb[0] + 0.1192 * rgb[1] + 0.9505 * rgb[2]) / 1.08883;
        double fx = f(x);
        double fy = f(y);
        double fz = f(z);
        return new double[] {116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)};
    }

    private static double f(double v) {
        return v > 0.008856 ? Math.cbrt(v) : 7.787 * v + 16.0 / 116;
    }

    @Test
    void longTitlesShrinkToFitThePlotArea() {
        var shortTitle = Charts.lineChart("q per run", "x", "y");
        assertTrue(Charts.titleFits(shortTitle));
        String title = "recorded study: normal return during fine-tuning (mean ± std over seeds)";
        var line = Charts.lineChart(title, "x", "y");
        assertTrue(Charts.titleFits(line), "title font " + line.getStyler().getChartTitleFont().getSize());
        assertTrue(line.getStyler().getChartTitleFont().getSize() < shortTitle.getStyler().getChartTitleFont().getSize());
        assertTrue(Charts.titleFits(Charts.barChart(title, "x", "y")));
        var curve = Charts.lineChart("t", "gradient updates", "D4RL normalised score (0 = random, 100 = expert)");
        assertTrue(Charts.yAxisTitleFits(curve), "the y-axis title does not fit");
    }

    /** Notebook 07's bar charts: long category names side by side overlapped; they turn as far as they need. */
    @Test
    void longCategoryLabelsTurnAsFarAsTheyNeed() throws Exception {
        List<String> kinds = List.of("expert", "medium", "medium-expert", "randomly-perturbed", "adversarially-perturbed");
        CategoryChart five = Charts.barChart("five", "training data", "share");
        five.addSeries("ours", kinds, List.of(0.4, 0.6, 0.4, 0.4, 0.5));
        Charts.fitCategoryLabels(five);
        assertEquals(30, five.getStyler().getXAxisLabelRotation());
        CategoryChart three = Charts.barChart("three", "condition", "return");
        three.addSeries("a", List.of("normal", "random", "adversarial (own worst case)"), List.of(1.0, 2.0, 3.0));
        Charts.fitCategoryLabels(three);
        assertEquals(30, three.getStyler().getXAxisLabelRotation());
        CategoryChart shortLabels = Charts.barChart("short", "condition", "return");
        shortLabels.addSeries("a", List.of("normal", "random", "adversarial"), List.of(1.0, 2.0, 3.0));
        shortLabels.getStyler().setXAxisLabelRotation(20); // a chart's own rotation is kept when it is enough
        Charts.fitCategoryLabels(shortLabels);
        assertEquals(20, shortLabels.getStyler().getXAxisLabelRotation());
        byte[] png = rrl.notebook.Show.png(five);
        assertTrue(png.length > 1000);
        // the image grows by the turned labels' height, so the plot keeps its own
        assertTrue(Charts.turnedLabelsHeight(five) > 20 && rrl.notebook.Show.heightFor(five)
                == five.getHeight() + Charts.turnedLabelsHeight(five), "" + Charts.turnedLabelsHeight(five));
        assertEquals(0, Charts.turnedLabelsHeight(Charts.barChart("none", "x", "y")));
        String out = System.getenv("RRL_TEST_CHARTS_OUT");
        if (out != null) { // to look at them: RRL_TEST_CHARTS_OUT=DIR
            java.nio.file.Files.write(java.nio.file.Path.of(out, "five.png"), png);
            java.nio.file.Files.write(java.nio.file.Path.of(out, "three.png"), rrl.notebook.Show.png(three));
        }
    }
}
