package rrl.notebook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.internal.chartpart.Chart;
import rrl.progress.Jupyter;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Rich notebook output: tables as HTML, charts as PNG, shown inline in a JJava notebook.
 *
 * <p>Each call sends a Jupyter {@code display_data} message at once, so several tables or charts can
 * be shown from one cell (and from inside loops); the methods return nothing, so nothing is echoed
 * twice. Outside a JJava kernel (unit tests, the CLI, jshell) they print a plain-text rendering.
 *
 * <p>JJava is reached by reflection ({@link Jupyter}): it is the notebook's runtime, not a dependency of the
 * library.
 */
public final class Show {

    /** Rows shown by {@link #table(Table)}; longer tables are cut and say so in their caption. */
    public static final int DEFAULT_MAX_ROWS = 50;

    private Show() {}

    /** Shows a table as HTML with at most {@value #DEFAULT_MAX_ROWS} rows. */
    public static void table(Table table) {
        table(table, DEFAULT_MAX_ROWS);
    }

    /** Shows a table as HTML with at most {@code maxRows} rows. */
    public static void table(Table table, int maxRows) {
        emit(tableHtml(table, maxRows), null, table.print(maxRows));
    }

    /** Shows an HTML fragment. */
    public static void html(String html) {
        emit(html, null, html);
    }

    /** Shows a chart as a PNG of the chart's own width and height. */
    public static void chart(Chart<?, ?> chart) {
        String text = "[chart " + (blank(chart.getTitle()) ? "" : "'" + chart.getTitle() + "' ")
                + chart.getWidth() + "x" + chart.getHeight() + "]";
        emit(null, png(chart), text);
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

    /** The PNG bytes of a chart. */
    public static byte[] png(Chart<?, ?> chart) {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode chart as PNG", e);
        }
    }

    /** The HTML {@code <table>} for a table: caption, header row, at most {@code maxRows} body rows. */
    public static String tableHtml(Table table, int maxRows) {
        int rows = table.rowCount();
        int shown = Math.max(0, Math.min(rows, maxRows));
        StringBuilder html = new StringBuilder(256 + 64 * shown * Math.max(1, table.columnCount()));
        html.append("<table class=\"rrl-table\">\n<caption>");
        if (!blank(table.name())) {
            html.append("<b>").append(escape(table.name())).append("</b> &middot; ");
        }
        html.append(rows).append(rows == 1 ? " row" : " rows").append(" &times; ")
                .append(table.columnCount()).append(table.columnCount() == 1 ? " column" : " columns");
        if (shown < rows) {
            html.append(" (showing first ").append(shown).append(')');
        }
        html.append("</caption>\n<thead><tr>");
        for (Column<?> c : table.columns()) {
            html.append("<th>").append(escape(c.name())).append("</th>");
        }
        html.append("</tr></thead>\n<tbody>\n");
        for (int r = 0; r < shown; r++) {
            html.append("<tr>");
            for (Column<?> c : table.columns()) {
                Object v = c.isMissing(r) ? null : c.get(r);
                // Numbers right-aligned so digits line up, as in any spreadsheet.
                html.append(v instanceof Number ? "<td style=\"text-align:right\">" : "<td>")
                        .append(v == null ? "" : escape(format(v)))
                        .append("</td>");
            }
            html.append("</tr>\n");
        }
        return html.append("</tbody>\n</table>\n").toString();
    }

    /** A cell value as text: integers exactly, other numbers with 6 significant digits. */
    static String format(Object v) {
        if (!(v instanceof Double || v instanceof Float)) {
            return String.valueOf(v);
        }
        double d = ((Number) v).doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return Double.toString(d);
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        double a = Math.abs(d);
        if (a >= 1e9 || a < 1e-4) {
            return String.format(Locale.ROOT, "%.5e", d); // plain notation would be all zeros
        }
        // Learning curves and returns print as 0.1 and 1234.57, not 0.1000000000000000055511151.
        return new BigDecimal(d).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }

    /** Sends a MIME bundle to the running JJava kernel, or prints {@code text} when there is none. */
    private static void emit(String html, byte[] png, String text) {
        Object kernel = Jupyter.kernel();
        if (kernel == null) {
            System.out.println(text);
            return;
        }
        Map<String, String> bundle = new LinkedHashMap<>();
        bundle.put("text/plain", text);
        if (html != null) {
            bundle.put("text/html", html);
        }
        if (png != null) {
            // Jupyter carries binary MIME types as base64 text.
            bundle.put("image/png", Base64.getEncoder().encodeToString(png));
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

    private static String escape(String s) {
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
