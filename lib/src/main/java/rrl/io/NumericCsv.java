package rrl.io;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import rrl.guard.NumberRule;

/**
 * Plain numeric CSV: optional header line, then rows of numbers. Errors name the file, the line and what
 * was expected, so a user can fix the file without reading a stack trace.
 */
public final class NumericCsv {
    /** A table of numbers with its column names (null if the file had no header). */
    public record Table(List<String> header, double[][] rows) {}

    private NumericCsv() {}

    /**
     * Reads {@code file}; every data row must have {@code expectedColumns} values (or any count if
     * negative). {@code what} names the content in errors ("actions", "initial state"). Any number Java
     * parses is accepted, NaN and Infinity included (files written by rrl, such as metrics, use NaN for
     * "none"); inputs from users go through {@link #read(Path, int, String, NumberRule)}.
     */
    public static Table read(Path file, int expectedColumns, String what) {
        return read(file, expectedColumns, what, null);
    }

    /**
     * As {@link #read(Path, int, String)}, and every value must pass {@code rule} (e.g. finite and within
     * MuJoCo's bound for a state): the error names the file, line and column of the first value that does not.
     */
    public static Table read(Path file, int expectedColumns, String what, NumberRule rule) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("cannot read " + what + " file " + file + ": no such file.");
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalArgumentException("cannot read " + what + " file " + file + ": " + rrl.io.IoErrors.describe(e)
                    + ". It must be a UTF-8 text CSV.");
        }
        List<String> header = null;
        List<double[]> rows = new ArrayList<>();
        for (int ln = 0; ln < lines.size(); ln++) {
            String line = lines.get(ln).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (header == null && rows.isEmpty() && !looksNumeric(cells[0].strip())) {
                header = new ArrayList<>();
                for (String c : cells) {
                    header.add(c.strip());
                }
                continue;
            }
            if (expectedColumns >= 0 && cells.length != expectedColumns) {
                throw new IllegalArgumentException(what + " file " + file + " line " + (ln + 1) + " has "
                        + cells.length + " values; expected " + expectedColumns + ".");
            }
            double[] row = new double[cells.length];
            for (int c = 0; c < cells.length; c++) {
                String cell = cells[c].strip();
                try {
                    row[c] = Double.parseDouble(cell);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(what + " file " + file + " line " + (ln + 1) + " column "
                            + (c + 1) + ": '" + cell + "' is not a number.");
                }
                if (rule != null && !rule.accepts(row[c])) {
                    throw new IllegalArgumentException(rule.refusal(what + " file " + file + " line " + (ln + 1)
                            + " column " + (c + 1) + ": '" + cell + "'", row[c], what + " values")
                            + " Fix that cell.");
                }
            }
            rows.add(row);
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(what + " file " + file + " has no data rows.");
        }
        return new Table(header, rows.toArray(new double[0][]));
    }

    /** Writes a header and rows; doubles are written with full precision (round-trip exact). Atomic. */
    public static void write(Path file, List<String> header, List<double[]> rows) {
        AtomicFiles.write(file, tmp -> {
            try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                w.write(String.join(",", header));
                w.newLine();
                StringBuilder sb = new StringBuilder();
                for (double[] row : rows) {
                    sb.setLength(0);
                    for (int i = 0; i < row.length; i++) {
                        if (i > 0) {
                            sb.append(',');
                        }
                        double v = row[i];
                        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
                            sb.append((long) v);
                        } else {
                            sb.append(v);
                        }
                    }
                    w.write(sb.toString());
                    w.newLine();
                }
            }
        });
    }

    private static boolean looksNumeric(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
