package rrl.experiment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import rrl.eval.FaultShift;
import rrl.results.RunFolder;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

/**
 * A fault-shift evaluation's {@code faults.csv} ({@link FaultShift.Row}s): one row per case with columns env, family,
 * fault, episodes, mean_return, std_return and share_of_nominal (empty when undefined). Written atomically; read back
 * with every column checked, so a damaged file is one line naming it.
 */
public final class FaultShiftFiles {
    private FaultShiftFiles() {}

    /** The file a fault-shift run writes in its folder. */
    public static final String FILE = "faults.csv";

    static final List<String> COLUMNS = List.of("env", "family", "fault", "episodes", "mean_return", "std_return",
            "share_of_nominal");

    /** Writes {@code rows} as {@code folder}/{@link #FILE}; returns the file. */
    public static Path write(RunFolder folder, List<FaultShift.Row> rows) {
        Table t = Table.create(FILE,
                StringColumn.create("env", rows.stream().map(FaultShift.Row::env).toList()),
                StringColumn.create("family", rows.stream().map(FaultShift.Row::family).toList()),
                StringColumn.create("fault", rows.stream().map(FaultShift.Row::fault).toList()),
                IntColumn.create("episodes", rows.stream().mapToInt(FaultShift.Row::episodes).toArray()),
                DoubleColumn.create("mean_return", rows.stream().mapToDouble(FaultShift.Row::meanReturn).toArray()),
                DoubleColumn.create("std_return", rows.stream().mapToDouble(FaultShift.Row::stdReturn).toArray()),
                DoubleColumn.create("share_of_nominal", rows.stream().mapToDouble(FaultShift.Row::shareOfNominal).toArray()));
        folder.writeTable(t, FILE);
        return folder.file(FILE);
    }

    /**
     * The rows of {@code file}, in its order.
     *
     * @throws IllegalArgumentException naming the file: missing, unreadable, or lacking a column
     */
    public static List<FaultShift.Row> read(Path file) {
        Table t = readTable(file, COLUMNS, FaultShiftFiles::type, "fault-shift");
        List<FaultShift.Row> out = new ArrayList<>();
        for (int i = 0; i < t.rowCount(); i++) {
            if (t.column("mean_return").isMissing(i) || t.column("family").isMissing(i)) {
                throw new IllegalArgumentException(file + " row " + (i + 1) + " lacks its " + (t.column("family").isMissing(i)
                        ? "family" : "mean return") + "; delete its folder and run the study again to rewrite it");
            }
            out.add(new FaultShift.Row(t.stringColumn("env").get(i), t.stringColumn("family").get(i),
                    t.stringColumn("fault").get(i), t.intColumn("episodes").getInt(i), number(t, "mean_return", i),
                    number(t, "std_return", i), number(t, "share_of_nominal", i)));
        }
        return out;
    }

    /**
     * {@code file} as a table of {@code columns} typed by {@code types}: the common check of a study phase's CSV ({@code
     * what} names the phase's run in the errors).
     *
     * @throws IllegalArgumentException naming the file: missing, unreadable, or lacking a column
     */
    static Table readTable(Path file, List<String> columns, java.util.function.Function<String, ColumnType> types,
                           String what) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no " + file + ": the " + what + " run did not finish; run the study again "
                    + "to finish it");
        }
        Table t;
        try {
            t = Table.read().usingOptions(CsvReadOptions.builder(file.toFile()).columnTypes(types));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot read " + file + " (" + rrl.io.Messages.oneLine(e) + "); delete its "
                    + "folder and run the study again to rewrite it");
        }
        List<String> missing = columns.stream().filter(c -> !t.columnNames().contains(c)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(file + " lacks the columns " + missing + "; delete its folder and run the "
                    + "study again to rewrite it");
        }
        return t;
    }

    private static ColumnType type(String column) {
        return switch (column) {
            case "env", "family", "fault" -> ColumnType.STRING;
            case "episodes" -> ColumnType.INTEGER;
            default -> ColumnType.DOUBLE;
        };
    }

    static double number(Table t, String column, int i) {
        DoubleColumn c = t.doubleColumn(column);
        return c.isMissing(i) ? Double.NaN : c.getDouble(i);
    }
}
