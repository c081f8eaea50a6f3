package rrl.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class ShowTest {

    private static Table table(int rows) {
        return Table.create("returns <by seed>",
                IntColumn.create("seed", IntStream.range(0, rows).toArray()),
                StringColumn.create("env", IntStream.range(0, rows).mapToObj(i -> i % 2 == 0 ? "Hopper" : "Ant")
                        .toArray(String[]::new)),
                DoubleColumn.create("return", IntStream.range(0, rows).mapToDouble(i -> 0.1 + 0.2 * i).toArray()));
    }

    private static int count(String haystack, String needle) {
        int n = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void smallTableHasCaptionHeaderAndAllRows() {
        String html = Show.tableHtml(table(3), 50);
        assertTrue(html.startsWith("<table"), html);
        assertTrue(html.contains("<b>returns &lt;by seed&gt;</b> &middot; 3 rows &times; 3 columns</caption>"), html);
        // Header cells aligned as their column: numbers right, text left.
        assertTrue(html.contains("<thead><tr><th style=\"text-align:right\">seed</th><th style=\"text-align:left\">env"
                + "</th><th style=\"text-align:right\">return</th></tr></thead>"), html);
        assertEquals(1 + 3, count(html, "<tr>"));
        // 0.1 + 0.2 * 1 is 0.30000000000000004 in binary; the table shows what a reader expects.
        assertTrue(html.contains("<td style=\"text-align:left\">Ant</td><td style=\"text-align:right\">0.3</td>"), html);
        assertTrue(html.contains("<td style=\"text-align:right\">2</td>"), html);
        assertTrue(html.endsWith("</table>\n"), html);
    }

    @Test
    void longTableIsCutAndSaysSo() {
        String html = Show.tableHtml(table(120), 50);
        assertEquals(1 + 50, count(html, "<tr>"));
        assertTrue(html.contains("120 rows &times; 3 columns (showing first 50)"), html);
        assertTrue(html.contains(">49</td>") && !html.contains(">50</td>"), "rows 0..49 only");
        assertEquals(1 + Show.DEFAULT_MAX_ROWS, count(Show.tableHtml(table(60), Show.DEFAULT_MAX_ROWS), "<tr>"));
    }

    @Test
    void missingValuesAreEmptyCellsAndNumbersAreReadable() {
        Table t = Table.create("t", DoubleColumn.create("x", new double[] {Double.NaN, 1234.56789, 3e-7, 5.0}));
        String html = Show.tableHtml(t, 10);
        assertTrue(html.contains("<tr><td style=\"text-align:right\"></td></tr>"), html); // NaN is Tablesaw's missing value
        assertTrue(html.contains(">1235<"), html); // 4 significant digits: returns without noise
        assertTrue(html.contains(">3.000e-07<"), html);
        assertTrue(html.contains(">5<"), html);
    }

    @Test
    void aColumnsOwnPrintFormatterDecidesItsDigits() {
        DoubleColumn ratio = DoubleColumn.create("adversarial / normal", new double[] {0.15321, 1.0 / 3});
        ratio.setPrintFormatter(new tech.tablesaw.columns.numbers.NumberColumnFormatter(
                new java.text.DecimalFormat("0.000", java.text.DecimalFormatSymbols.getInstance(java.util.Locale.ROOT))));
        DoubleColumn plain = DoubleColumn.create("return", new double[] {3290.94, 734.747});
        String html = Show.tableHtml(Table.create("t", ratio, plain), 10);
        assertTrue(html.contains(">0.153<") && html.contains(">0.333<"), html);
        assertTrue(html.contains(">3291<") && html.contains(">734.7<"), html);
    }

    @Test
    void saveChartWritesDecodablePngOfRequestedSize(@TempDir Path dir) throws Exception {
        XYChart chart = new XYChartBuilder().width(321).height(203).title("learning curve").build();
        chart.addSeries("return", new double[] {0, 1, 2, 3}, new double[] {0, 1, 4, 9});
        Path file = dir.resolve("figures/curve.png");

        Show.saveChart(chart, file);

        byte[] bytes = Files.readAllBytes(file);
        assertEquals((byte) 0x89, bytes[0]);
        assertEquals("PNG", new String(bytes, 1, 3, StandardCharsets.US_ASCII));
        BufferedImage image = ImageIO.read(file.toFile());
        assertNotNull(image, "ImageIO could not decode the PNG");
        assertEquals(321, image.getWidth());
        assertEquals(203, image.getHeight());
    }

    @Test
    void outsideAKernelTablesPrintAsText() {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            Show.table(table(2));
        } finally {
            System.setOut(saved);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("Hopper") && !text.contains("<table"), text);
    }

    /** A legend with a series per seed (dozens) gets the height it needs instead of being cut at both ends. */
    @Test
    void aLongLegendMakesTheImageTallerAndAShortOneLeavesItAsBuilt() throws Exception {
        XYChart few = rrl.report.Charts.lineChart("few", "x (steps)", "y (return)");
        XYChart many = rrl.report.Charts.lineChart("many", "x (steps)", "y (return)");
        for (int i = 0; i < 28; i++) {
            if (i < 3) {
                few.addSeries("policy " + i, new double[] {0, 1}, new double[] {i, i + 1});
            }
            many.addSeries("policy " + i + ", seed 0", new double[] {0, 1}, new double[] {i, i + 1});
        }
        assertEquals(360, Show.heightFor(few));
        assertEquals(360, ImageIO.read(new java.io.ByteArrayInputStream(Show.png(few))).getHeight());
        int tall = Show.heightFor(many);
        assertTrue(tall > 600, "28 legend lines need more than 360 px: " + tall);
        BufferedImage img = ImageIO.read(new java.io.ByteArrayInputStream(Show.png(many)));
        assertEquals(tall, img.getHeight());
        assertEquals(720, img.getWidth());
    }
}
