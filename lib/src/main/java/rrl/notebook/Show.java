package rrl.notebook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.NumberFormat;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.internal.chartpart.Chart;
import rrl.progress.Jupyter;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.FloatColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.NumberColumn;
import tech.tablesaw.api.ShortColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * Rich notebook output: tables as HTML, charts as PNG, shown inline in a JJava notebook.
 *
 * <p>On the rrl kernel a {@link Table}, a chart or an {@link HtmlRenderable} shows itself when it is the last
 * expression of a cell or passed to JJava's {@code display(...)} ({@link KernelDisplay} registers them at kernel
 * start-up). These methods do the same explicitly and at once, so several tables or charts can be shown from one
 * cell and from inside loops; they return nothing, so nothing is echoed twice. Outside a JJava kernel (unit tests,
 * the CLI, jshell) they print a plain-text rendering.
 *
 * <p>JJava is reached by reflection ({@link Jupyter}): it is the notebook's runtime, not a dependency of the
 * library.
 */
public final class Show {

    /** Captions longer than this many characters wrap instead of staying on one line. */
    static final int LONG_CAPTION = 120;

    /** Rows shown by {@link #table(Table)}; longer tables are cut and say so in their caption. */
    public static final int DEFAULT_MAX_ROWS = 50;

    private Show() {}

    /** Shows a table as HTML with at most {@value #DEFAULT_MAX_ROWS} rows. */
    public static void table(Table table) {
        table(table, DEFAULT_MAX_ROWS);
    }

    /** Shows a table as HTML with at most {@code maxRows} rows. */
    public static void table(Table table, int maxRows) {
        emit(tableBundle(table, maxRows));
    }

    /** Shows an HTML fragment. */
    public static void html(String html) {
        Map<String, String> bundle = new LinkedHashMap<>();
        bundle.put("text/plain", html);
        bundle.put("text/html", html);
        emit(bundle);
    }

    /**
     * Shows Markdown text as a formatted paragraph (text/markdown, with the text itself as text/plain): a notebook's
     * closing interpretation, computed from its numbers, reads like the prose around it instead of a wide
     * {@code <pre>} line.
     */
    public static void markdown(String markdown) {
        Map<String, String> bundle = new LinkedHashMap<>();
        bundle.put("text/plain", markdown);
        bundle.put("text/markdown", markdown);
        emit(bundle);
    }

    /** Shows a chart as a PNG of the chart's own width and height. */
    public static void chart(Chart<?, ?> chart) {
        emit(chartBundle(chart));
    }

    /**
     * Shows any value inline, now: a table as HTML, a chart as PNG, an {@link HtmlRenderable} as its HTML, anything
     * else as the kernel renders it (images, text). Returns nothing: JJava's own {@code display(...)} returns its
     * display id, which the notebook echoed as {@code Out[n]} when it ended a cell; the rrl kernel's start-up
     * imports this one in its place. Outside a kernel it prints the value's text.
     */
    public static void display(Object value) {
        Map<String, String> bundle = value == null ? null : bundle(value);
        if (bundle != null) {
            emit(bundle);
            return;
        }
        Object kernel = Jupyter.kernel();
        if (kernel == null || value == null) {
            System.out.println(value);
            return;
        }
        try {
            Jupyter.displayValue(kernel, value);
        } catch (ReflectiveOperationException e) {
            System.out.println(value);
            System.err.println("rrl.notebook.Show: cannot use the JJava display API (" + e + ")");
        }
    }

    /**
     * The MIME bundle (MIME type to content; binary types base64) a value is shown as: a {@link Table} as HTML, a
     * chart as PNG, an {@link HtmlRenderable} as its HTML, each with a plain-text form; null for anything else.
     */
    public static Map<String, String> bundle(Object value) {
        if (value instanceof Table t) {
            return tableBundle(t, DEFAULT_MAX_ROWS);
        }
        if (value instanceof Chart<?, ?> c) {
            return chartBundle(c);
        }
        if (value instanceof rrl.render.Animation a) {
            // An <img> with a data URL rather than an image/gif bundle: nbconvert's HTML export drops image/gif
            // outputs, while JupyterLab and the exported HTML both show this one.
            Map<String, String> bundle = new LinkedHashMap<>();
            bundle.put("text/plain", a.toString());
            bundle.put("text/html", a.toHtml());
            return bundle;
        }
        if (value instanceof HtmlRenderable h) {
            Map<String, String> bundle = new LinkedHashMap<>();
            bundle.put("text/plain", String.valueOf(h));
            bundle.put("text/html", h.toHtml());
            return bundle;
        }
        return null;
    }

    private static Map<String, String> tableBundle(Table table, int maxRows) {
        Map<String, String> bundle = new LinkedHashMap<>();
        bundle.put("text/plain", table.print(maxRows));
        bundle.put("text/html", tableHtml(table, maxRows));
        return bundle;
    }

    private static Map<String, String> chartBundle(Chart<?, ?> chart) {
        Map<String, String> bundle = new LinkedHashMap<>();
        bundle.put("text/plain", "[chart " + (blank(chart.getTitle()) ? "" : "'" + chart.getTitle() + "' ")
                + chart.getWidth() + "x" + chart.getHeight() + "]");
        // Jupyter carries binary MIME types as base64 text.
        bundle.put("image/png", Base64.getEncoder().encodeToString(png(chart)));
        return bundle;
    }

    /** Writes a chart as a PNG file (exactly at {@code file}; parent folders are created). */
    public static void saveChart(Chart<?, ?> chart, Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            // getBitmapBytes + write rather than saveBitmap, which would append ".png" to the name; atomic.
            rrl.io.AtomicFiles.writeBytes(file, png(chart));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write chart to " + file, e);
        }
    }

    /**
     * The PNG bytes of a chart, as tall as its legend needs: XChart cuts a legend longer than the chart at its top and
     * bottom (a seed per series gives dozens), so the image grows to {@link #heightFor} instead.
     */
    public static byte[] png(Chart<?, ?> chart) {
        if (chart instanceof org.knowm.xchart.CategoryChart bars) {
            rrl.report.Charts.fitCategoryLabels(bars);
        }
        try {
            int h = heightFor(chart);
            if (h == chart.getHeight()) {
                return BitmapEncoder.getBitmapBytes(chart, BitmapFormat.PNG);
            }
            java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(chart.getWidth(), h,
                    java.awt.image.BufferedImage.TYPE_INT_ARGB);
            java.awt.Graphics2D g = img.createGraphics();
            try {
                chart.paint(g, chart.getWidth(), h);
            } finally {
                g.dispose();
            }
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            javax.imageio.ImageIO.write(img, "png", bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode chart as PNG", e);
        }
    }

    /**
     * The height in pixels a chart is drawn at: its own, or more when its visible legend beside the plot holds more
     * entries than fit (one line of the legend font plus XChart's legend padding each, with the legend's and the
     * chart's padding around them).
     */
    public static int heightFor(Chart<?, ?> chart) {
        org.knowm.xchart.style.Styler st = chart.getStyler();
        // turned category labels take room below the plot; the image grows by it rather than the plot shrinking
        int base = chart.getHeight() + (chart instanceof org.knowm.xchart.CategoryChart bars
                ? rrl.report.Charts.turnedLabelsHeight(bars) : 0);
        boolean beside = st.getLegendPosition() == org.knowm.xchart.style.Styler.LegendPosition.OutsideE;
        long entries = chart.getSeriesMap().values().stream().filter(x -> x.isShowInLegend()).count();
        if (!st.isLegendVisible() || !beside || entries == 0) {
            return base;
        }
        java.awt.font.FontRenderContext frc = new java.awt.font.FontRenderContext(null, true, true);
        double line = st.getLegendFont().getStringBounds("Ag", frc).getHeight();
        int needed = (int) Math.ceil(entries * (line + st.getLegendPadding()) + 3 * st.getLegendPadding()
                + 2 * st.getChartPadding());
        return Math.max(base, needed);
    }

    /**
     * The HTML {@code <table>} for a table: caption, header row, at most {@code maxRows} body rows. Numbers are
     * right-aligned and text left-aligned (header cells follow their column); a number column with a print
     * formatter of its own ({@code setPrintFormatter}, e.g. fixed decimals chosen by the table's builder) is shown
     * through it, any other number as {@link #format(Object)} does.
     */
    public static String tableHtml(Table table, int maxRows) {
        int rows = table.rowCount();
        int shown = Math.max(0, Math.min(rows, maxRows));
        List<Column<?>> columns = table.columns();
        boolean[] numeric = new boolean[columns.size()];
        boolean[] formatted = new boolean[columns.size()];
        for (int k = 0; k < columns.size(); k++) {
            numeric[k] = columns.get(k) instanceof NumberColumn<?, ?>;
            formatted[k] = numeric[k] && hasOwnFormatter(columns.get(k));
        }
        StringBuilder html = new StringBuilder(256 + 64 * shown * Math.max(1, table.columnCount()));
        // A short caption stays on one line (it would otherwise wrap into a narrow table's width); a long one (a
        // verdict table's rule) wraps, so that it does not make the table wider than the page.
        boolean longCaption = table.name() != null && table.name().length() > LONG_CAPTION;
        html.append("<table class=\"rrl-table\">\n<caption style=\"text-align:left; white-space:")
                .append(longCaption ? "normal" : "nowrap").append("\">");
        if (!blank(table.name())) {
            html.append("<b>").append(escape(table.name())).append("</b> &middot; ");
        }
        html.append(rows).append(rows == 1 ? " row" : " rows").append(" &times; ")
                .append(table.columnCount()).append(table.columnCount() == 1 ? " column" : " columns");
        if (shown < rows) {
            html.append(" (showing first ").append(shown).append(')');
        }
        html.append("</caption>\n<thead><tr>");
        for (int k = 0; k < columns.size(); k++) {
            html.append(numeric[k] ? "<th style=\"text-align:right\">" : "<th style=\"text-align:left\">")
                    .append(escape(columns.get(k).name())).append("</th>");
        }
        html.append("</tr></thead>\n<tbody>\n");
        for (int r = 0; r < shown; r++) {
            html.append("<tr>");
            for (int k = 0; k < columns.size(); k++) {
                Column<?> c = columns.get(k);
                String text = c.isMissing(r) ? "" : formatted[k] ? c.getString(r) : format(c.get(r));
                // Numbers right-aligned so digits line up, text left-aligned so words do (JupyterLab's default
                // right-aligns every cell).
                html.append(numeric[k] ? "<td style=\"text-align:right\">" : "<td style=\"text-align:left\">")
                        .append(escape(text))
                        .append("</td>");
            }
            html.append("</tr>\n");
        }
        return html.append("</tbody>\n</table>\n").toString();
    }

    /**
     * A cell value as text: integers exactly, other numbers with 4 significant digits (3290.94 as 3291, 0.15321 as
     * 0.1532, 12.3456 as 12.35), very large or small ones in scientific notation.
     */
    static String format(Object v) {
        return v instanceof Double || v instanceof Float ? rrl.io.Texts.number(((Number) v).doubleValue())
                : String.valueOf(v);
    }

    private static final Method PRINT_FORMATTER = printFormatterGetter();
    private static final List<NumberFormat> DEFAULT_FORMATS = defaultFormats();

    /** Whether a number column was given a print formatter (its builder chose how to show it). */
    private static boolean hasOwnFormatter(Column<?> c) {
        if (PRINT_FORMATTER == null) {
            return false;
        }
        try {
            Object f = PRINT_FORMATTER.invoke(c);
            return f instanceof NumberColumnFormatter nf && nf.getFormat() != null
                    && DEFAULT_FORMATS.stream().noneMatch(nf.getFormat()::equals);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    /** Tablesaw's getter is protected; a Tablesaw without it just means: use our own format. */
    private static Method printFormatterGetter() {
        try {
            Method m = NumberColumn.class.getDeclaredMethod("getPrintFormatter");
            m.setAccessible(true);
            return m;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** The formats a fresh number column of each kind gets: not a choice made by a table's builder. */
    private static List<NumberFormat> defaultFormats() {
        List<NumberFormat> out = new java.util.ArrayList<>();
        if (PRINT_FORMATTER == null) {
            return out;
        }
        for (Column<?> c : List.<Column<?>>of(DoubleColumn.create("d"), FloatColumn.create("f"), IntColumn.create("i"),
                LongColumn.create("l"), ShortColumn.create("s"))) {
            try {
                if (PRINT_FORMATTER.invoke(c) instanceof NumberColumnFormatter nf && nf.getFormat() != null) {
                    out.add(nf.getFormat());
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                // leave it out
            }
        }
        return out;
    }

    /** Sends a MIME bundle to the running JJava kernel, or prints its text when there is none. */
    static void emit(Map<String, String> bundle) {
        Object kernel = Jupyter.kernel();
        String text = bundle.get("text/plain");
        if (kernel == null) {
            System.out.println(text);
            return;
        }
        try {
            Jupyter.display(kernel, bundle, null);
        } catch (ReflectiveOperationException e) {
            // A JJava whose API moved: still show something rather than fail the notebook.
            System.out.println(text);
            System.err.println("rrl.notebook.Show: cannot use the JJava display API (" + e + ")");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }
}
