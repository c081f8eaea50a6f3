package rrl.report;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;
import tech.tablesaw.api.NumberColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * How the report's tables show their numbers, by what they mean: returns and lengths with {@link #RETURN} decimals,
 * D4RL scores with {@link #SCORE}, ratios, probabilities and shares with {@link #RATIO}. Only the display changes
 * (Tablesaw print formatters, which {@code rrl.notebook.Show} and {@code Table.print} use); CSV files keep every digit.
 */
public final class Tables {
    /** Returns, their std and episode lengths: 1 decimal (3283.4). */
    public static final int RETURN = 1;
    /** D4RL-normalised scores (0-100 scale): 1 decimal, as D4RL reports them. */
    public static final int SCORE = 1;
    /** Ratios (adversarial / normal), probabilities (q), shares: 3 decimals (0.153). */
    public static final int RATIO = 3;

    private Tables() {}

    /** Shows {@code column} with {@code decimals} decimals and thousands separators; returns it. */
    public static <C extends NumberColumn<?, ?>> C decimals(C column, int decimals) {
        column.setPrintFormatter(new NumberColumnFormatter(format(decimals)));
        return column;
    }

    /** {@code decimals} decimals with thousands separators, the same in every locale. */
    private static DecimalFormat format(int decimals) {
        return new DecimalFormat(decimals == 0 ? "#,##0" : "#,##0." + "0".repeat(decimals),
                DecimalFormatSymbols.getInstance(Locale.ROOT));
    }

    /** What a table shows for a std over one seed: there is no spread to measure (as {@link #markdown} shows a missing number). */
    public static final String NO_SPREAD = "–";

    /**
     * A column of std over seeds with {@code decimals} decimals, its missing values (one seed: {@link #stdOverSeeds})
     * shown as {@link #NO_SPREAD}, not as a blank or a misleading 0.
     */
    public static <C extends NumberColumn<?, ?>> C spread(C column, int decimals) {
        column.setPrintFormatter(new NumberColumnFormatter(format(decimals), NO_SPREAD));
        return column;
    }

    /** The sample std of {@code v}, or NaN (missing) with fewer than two values: one seed has no spread. */
    public static double stdOverSeeds(double[] v) {
        return v.length < 2 ? Double.NaN : FineTuningClaims.std(v);
    }

    /** As {@link #decimals(NumberColumn, int)} for the named columns of {@code table} that exist; returns the table. */
    public static Table decimals(Table table, int decimals, String... columns) {
        for (String name : columns) {
            if (table.containsColumn(name) && table.column(name) instanceof NumberColumn<?, ?> c) {
                decimals(c, decimals);
            }
        }
        return table;
    }

    /** {@code table} under its name in bold, then a blank line, the table ({@link #markdown}) and one more newline. */
    public static String markdownSection(Table table) {
        return "**" + table.name() + "**\n\n" + markdown(table) + '\n';
    }

    /**
     * {@code table} as a GitHub markdown table, each cell as the table prints it (its print formatters), a missing
     * number as "–"; the table's name is not included. For README sections generated from committed results.
     */
    public static String markdown(Table table) {
        StringBuilder b = new StringBuilder("|");
        for (String name : table.columnNames()) {
            b.append(' ').append(name.replace("|", "\\|")).append(" |");
        }
        b.append("\n|").append("---|".repeat(table.columnCount())).append('\n');
        for (int r = 0; r < table.rowCount(); r++) {
            b.append('|');
            for (int c = 0; c < table.columnCount(); c++) {
                String cell = table.column(c).isMissing(r) ? "–" : table.getString(r, c).strip();
                b.append(' ').append(cell.isEmpty() ? "–" : cell.replace("|", "\\|")).append(" |");
            }
            b.append('\n');
        }
        return b.toString();
    }
}
