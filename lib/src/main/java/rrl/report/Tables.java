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
        DecimalFormat f = new DecimalFormat(decimals == 0 ? "#,##0" : "#,##0." + "0".repeat(decimals),
                DecimalFormatSymbols.getInstance(Locale.ROOT));
        column.setPrintFormatter(new NumberColumnFormatter(f));
        return column;
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
}
