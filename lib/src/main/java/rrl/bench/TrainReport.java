package rrl.bench;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import rrl.bench.TrainBenchmark.Cell;
import rrl.bench.TrainBenchmark.Latency;
import rrl.bench.TrainBenchmark.Ratio;
import rrl.bench.TrainBenchmark.Report;
import rrl.bench.TrainBenchmark.Stats;

/**
 * The tables of a {@code rrl bench train} report, from a run or from its saved JSON
 * ({@code bin/rrl bench train --report FILE.json [--markdown]}), so the README's table is generated from a
 * committed result rather than typed in. One machine line (what the numbers depend on), then per thread count
 * a table of updates/s (rows learner x batch x width; columns rrl, PyTorch, JAX as median [min-max], then the
 * median ratios rrl / PyTorch and rrl / JAX), the scaling of each implementation from 1 thread to the others,
 * and the actor latency. A reference that was not run shows "–".
 */
public final class TrainReport {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
            .create();
    private static final String NONE = "–";

    private TrainReport() {}

    /** The report as pretty JSON ({@code --json}; what {@link #load} reads). */
    public static String json(Report r) {
        return GSON.toJson(r);
    }

    /**
     * Reads a report saved from {@code bin/rrl bench train --json}.
     *
     * @throws IllegalArgumentException (one line) if the file is missing, not JSON, or not such a report
     */
    public static Report load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no file " + file + "; save a result with bin/rrl bench train --json > "
                    + file.getFileName());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + rrl.io.Messages.oneLine(e));
        }
        Report r;
        try {
            r = GSON.fromJson(text, Report.class);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(file + " is " + rrl.io.Messages.jsonSyntax(e));
        }
        if (r == null || !TrainBenchmark.BENCHMARK.equals(r.benchmark()) || r.machine() == null || r.config() == null
                || r.cells() == null) {
            throw new IllegalArgumentException(file + " is not a result of bin/rrl bench train --json (it needs "
                    + "\"benchmark\": \"" + TrainBenchmark.BENCHMARK + "\", machine, config and cells)");
        }
        return r;
    }

    /** GitHub markdown: the machine line in italics, then the tables, each under a bold title. */
    public static String markdown(Report r) {
        return markdown(machineLine(r), tables(r));
    }

    private static String markdown(String line, List<Table> tables) {
        StringBuilder b = new StringBuilder("*").append(line).append("*\n");
        for (Table t : tables) {
            b.append("\n**").append(t.title()).append("**\n\n");
            b.append('|');
            for (String h : t.header()) {
                b.append(' ').append(h).append(" |");
            }
            b.append("\n|").append("---|".repeat(t.header().size())).append('\n');
            for (List<String> row : t.rows()) {
                b.append('|');
                for (String cell : row) {
                    b.append(' ').append(cell).append(" |");
                }
                b.append('\n');
            }
        }
        return b.toString();
    }

    /** Plain text for a terminal: the machine line, then the tables with aligned columns. */
    public static String text(Report r) {
        return text(machineLine(r), tables(r));
    }

    /**
     * Two results of the same cells side by side ({@code --report FIRST.json --against SECOND.json}): whether a number
     * comes back within the spread a run prints. One line naming both runs and counting, per measure, the cells whose
     * [min–max] ranges of the two runs overlap; then a row per cell both measured (same learner, batch, width and
     * threads) with rrl's updates/s and its ratios to PyTorch and JAX in each run.
     *
     * @throws IllegalArgumentException (one line) if the two results share no cell
     */
    public static String againstMarkdown(Report first, Report second) {
        RunToRun c = runToRun(first, second);
        return markdown(c.line(), List.of(c.table()));
    }

    /** {@link #againstMarkdown} as plain text with aligned columns. */
    public static String againstText(Report first, Report second) {
        RunToRun c = runToRun(first, second);
        return text(c.line(), List.of(c.table()));
    }

    private record RunToRun(String line, Table table) {}

    private static RunToRun runToRun(Report first, Report second) {
        List<List<String>> rows = new ArrayList<>();
        int[] overlaps = new int[3];
        int[] pairs = new int[3];
        for (Cell a : first.cells()) {
            Cell b = second.cells().stream().filter(o -> o.threads() == a.threads() && o.learner().equals(a.learner())
                    && o.batch() == a.batch() && o.width() == a.width()).findFirst().orElse(null);
            if (b == null) {
                continue;
            }
            double[][] ranges = {
                    a.rrl() == null || b.rrl() == null ? null : new double[] {a.rrl().min(), a.rrl().max(), b.rrl().min(), b.rrl().max()},
                    a.rrlOverTorch() == null || b.rrlOverTorch() == null ? null : new double[] {a.rrlOverTorch().min(),
                            a.rrlOverTorch().max(), b.rrlOverTorch().min(), b.rrlOverTorch().max()},
                    a.rrlOverJax() == null || b.rrlOverJax() == null ? null : new double[] {a.rrlOverJax().min(),
                            a.rrlOverJax().max(), b.rrlOverJax().min(), b.rrlOverJax().max()}};
            List<String> overlap = new ArrayList<>();
            for (int k = 0; k < 3; k++) {
                if (ranges[k] == null) {
                    overlap.add(NONE);
                    continue;
                }
                boolean o = ranges[k][0] <= ranges[k][3] && ranges[k][2] <= ranges[k][1];
                pairs[k]++;
                overlaps[k] += o ? 1 : 0;
                overlap.add(o ? "yes" : "no");
            }
            rows.add(List.of(a.learner(), Integer.toString(a.batch()), Integer.toString(a.width()),
                    Integer.toString(a.threads()), withRange(a.rrl()), withRange(b.rrl()), ratioRange(a.rrlOverTorch()),
                    ratioRange(b.rrlOverTorch()), ratioRange(a.rrlOverJax()), ratioRange(b.rrlOverJax()),
                    String.join(", ", overlap)));
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("the two results share no cell (learner, batch, width and threads); "
                    + "compare results that measured some of the same cells");
        }
        String[] names = {"rrl's updates/s", "rrl / PyTorch", "rrl / JAX"};
        StringBuilder line = new StringBuilder("Run 1: ").append(runName(first)).append(". Run 2: ")
                .append(runName(second)).append(". The [min–max] ranges of the two runs overlap in ");
        for (int k = 0; k < 3; k++) {
            line.append(k == 0 ? "" : k == 2 ? " and " : ", ").append(overlaps[k]).append(" of ").append(pairs[k])
                    .append(" cells for ").append(names[k]);
        }
        return new RunToRun(line.append('.').toString(), new Table("Run to run: the cells both results measured "
                + "(median [min–max] of each run's rounds; ranges overlap: rrl, rrl / PyTorch, rrl / JAX)",
                List.of("learner", "batch", "width", "threads", "rrl, run 1", "rrl, run 2", "rrl / PyTorch, run 1",
                        "rrl / PyTorch, run 2", "rrl / JAX, run 1", "rrl / JAX, run 2", "ranges overlap"), rows, 4));
    }

    /** "rrl 0.1.0 (commit abc), 2026-12-03T07:49Z, one core's peak 197 GFLOP/s, other processes at most 0.01 cores". */
    private static String runName(Report r) {
        StringBuilder b = new StringBuilder("rrl ").append(r.machine().rrl()).append(", ").append(r.machine().date());
        if (r.machine().peakGflops() > 0) {
            b.append(String.format(Locale.ROOT, ", one core's peak %.0f GFLOP/s", r.machine().peakGflops()));
        }
        double others = maxOtherCores(r);
        if (!Double.isNaN(others)) {
            b.append(String.format(Locale.ROOT, ", other processes at most %.2f cores", others));
        }
        return b.toString();
    }

    /** "0.95x [0.90–1.02]", or "–". */
    private static String ratioRange(Ratio r) {
        return r == null ? NONE : String.format(Locale.ROOT, "%.2fx [%.2f–%.2f]", r.median(), r.min(), r.max());
    }

    private static String text(String line, List<Table> tables) {
        StringBuilder b = new StringBuilder(line).append('\n');
        for (Table t : tables) {
            b.append('\n').append(t.title()).append('\n');
            int[] w = new int[t.header().size()];
            for (int c = 0; c < w.length; c++) {
                w[c] = t.header().get(c).length();
                for (List<String> row : t.rows()) {
                    w[c] = Math.max(w[c], row.get(c).length());
                }
            }
            appendRow(b, t.header(), w, t.leftColumns());
            StringBuilder rule = new StringBuilder();
            for (int c = 0; c < w.length; c++) {
                rule.append(c == 0 ? "" : "  ").append("-".repeat(w[c]));
            }
            b.append(rule).append('\n');
            for (List<String> row : t.rows()) {
                appendRow(b, row, w, t.leftColumns());
            }
        }
        return b.toString();
    }

    private static void appendRow(StringBuilder b, List<String> cells, int[] w, int left) {
        for (int c = 0; c < cells.size(); c++) {
            String s = cells.get(c);
            String pad = " ".repeat(w[c] - s.length());
            b.append(c == 0 ? "" : "  ").append(c < left ? s + pad : pad + s);
        }
        b.append('\n');
    }

    /** A titled table of strings; the first {@code leftColumns} columns are labels (left-aligned in text). */
    record Table(String title, List<String> header, List<List<String>> rows, int leftColumns) {}

    static List<Table> tables(Report r) {
        List<Table> out = new ArrayList<>();
        int[] threads = r.config().threads();
        for (int t : threads) {
            List<List<String>> rows = new ArrayList<>();
            for (Cell c : r.cells()) {
                if (c.threads() == t) {
                    rows.add(List.of(c.learner(), Integer.toString(c.batch()), Integer.toString(c.width()),
                            withRange(c.rrl()), withRange(c.torch()), withRange(c.jax()), ratio(c.rrlOverTorch()),
                            ratio(c.rrlOverJax())));
                }
            }
            out.add(new Table("Updates/s, " + rrl.io.Messages.count(t, "thread") + " (median [min–max]; ratios: "
                    + "median of per-round ratios, > 1 means rrl is faster)",
                    List.of("learner", "batch", "width", "rrl", "PyTorch", "JAX", "rrl / PyTorch", "rrl / JAX"), rows, 3));
        }
        for (int t : threads) {
            Table work = workTable(r, t);
            if (work != null) {
                out.add(work);
            }
        }
        if (threads.length > 1) {
            int base = threads[0];
            for (int i = 1; i < threads.length; i++) {
                int t = threads[i];
                List<List<String>> rows = new ArrayList<>();
                for (Cell c : r.cells()) {
                    if (c.threads() != base) {
                        continue;
                    }
                    Cell other = r.cells().stream().filter(o -> o.threads() == t && o.learner().equals(c.learner())
                            && o.batch() == c.batch() && o.width() == c.width()).findFirst().orElse(null);
                    if (other != null) {
                        rows.add(List.of(c.learner(), Integer.toString(c.batch()), Integer.toString(c.width()),
                                scaling(c.rrl(), other.rrl()), scaling(c.torch(), other.torch()),
                                scaling(c.jax(), other.jax())));
                    }
                }
                out.add(new Table("Scaling, updates/s on " + rrl.io.Messages.count(t, "thread") + " / on "
                        + rrl.io.Messages.count(base, "thread") + " (medians)",
                        List.of("learner", "batch", "width", "rrl", "PyTorch", "JAX"), rows, 3));
            }
        }
        if (r.latency() != null && !r.latency().isEmpty()) {
            List<List<String>> rows = new ArrayList<>();
            for (Latency l : r.latency()) {
                rows.add(List.of(Integer.toString(l.batch()), Integer.toString(l.width()), Integer.toString(l.threads()),
                        withRange(l.rrl()), withRange(l.torch()), withRange(l.jax()), ratio(l.rrlOverTorch()),
                        ratio(l.rrlOverJax())));
            }
            out.add(new Table("TD3 actor forward pass, µs per call (median [min–max]; ratios < 1 mean rrl is faster)",
                    List.of("batch", "width", "threads", "rrl", "PyTorch", "JAX", "rrl / PyTorch", "rrl / JAX"), rows, 3));
        }
        List<List<String>> shared = new ArrayList<>();
        for (Cell c : r.cells()) {
            if (c.busy() != null && c.busy().shared()) {
                shared.add(List.of(c.learner() + " batch " + c.batch() + " width " + c.width(),
                        Integer.toString(c.threads()), String.format(Locale.ROOT, "%.2f", c.busy().otherCores()),
                        Integer.toString(c.busy().attempts())));
            }
        }
        for (Latency l : r.latency() == null ? List.<Latency>of() : r.latency()) {
            if (l.busy() != null && l.busy().shared()) {
                shared.add(List.of("actor latency batch " + l.batch() + " width " + l.width(),
                        Integer.toString(l.threads()), String.format(Locale.ROOT, "%.2f", l.busy().otherCores()),
                        Integer.toString(l.busy().attempts())));
            }
        }
        if (!shared.isEmpty()) {
            out.add(new Table("Cells measured while other processes used the machine (their numbers understate it; "
                    + "re-run on a quiet machine)", List.of("cell", "threads", "other processes (cores)", "attempts"),
                    shared, 1));
        }
        return out;
    }

    /**
     * rrl's counted work in each cell on {@code threads} threads: the MFLOP its kernel multiplies per update (padded
     * widths included), the effective GFLOP/s that makes at rrl's median rate (the whole update's time, so work outside
     * the products lowers it), that as a share of the cores' peak (one core's FMA peak x threads), and JAX's median
     * rate in GFLOP/s at rrl's count (what rrl would need to match JAX without doing less work). Null for results saved
     * before the work was counted.
     */
    static Table workTable(Report r, int threads) {
        double peak = r.machine().peakGflops() * threads;
        List<List<String>> rows = new ArrayList<>();
        for (Cell c : r.cells()) {
            if (c.threads() != threads || c.multiplyAddsPerUpdate() <= 0) {
                continue;
            }
            double mflop = 2.0 * c.multiplyAddsPerUpdate() / 1e6;
            double gflops = c.rrlGflops();
            rows.add(List.of(c.learner(), Integer.toString(c.batch()), Integer.toString(c.width()), num(mflop),
                    num(gflops), peak > 0 ? String.format(Locale.ROOT, "%.0f%%", 100 * gflops / peak) : NONE,
                    c.jax() == null ? NONE : num(mflop * c.jax().median() / 1e3)));
        }
        if (rows.isEmpty()) {
            return null;
        }
        return new Table("rrl's counted work, " + rrl.io.Messages.count(threads, "thread") + " (MFLOP per update as "
                + "rrl's kernel multiplies it, padded widths included; effective GFLOP/s: that work over the whole "
                + "update's time at rrl's median rate; peak: one core's FMA loop x threads; JAX's median rate at rrl's "
                + "MFLOP)",
                List.of("learner", "batch", "width", "MFLOP / update", "rrl effective GFLOP/s", "of peak",
                        "JAX at rrl's MFLOP"),
                rows, 3);
    }

    /** What the numbers depend on and how they were taken, in one line. */
    static String machineLine(Report r) {
        TrainBenchmark.Machine m = r.machine();
        TrainBenchmark.Config c = r.config();
        StringBuilder b = new StringBuilder();
        b.append(m.cpu()).append(", ").append(rrl.io.Messages.count(m.cores(), "core")).append(", ")
                .append(m.vectorBits()).append("-bit Java vectors, ").append(m.jvm()).append(", rrl ").append(m.rrl());
        if (m.references() == null || m.references().isEmpty()) {
            b.append("; no references run");
        }
        for (TrainBenchmark.Reference ref : m.references() == null ? List.<TrainBenchmark.Reference>of() : m.references()) {
            b.append("; ").append(ref.implementation().equals("torch") ? "PyTorch" : ref.implementation().equals("jax")
                    ? "JAX" : ref.implementation()).append(' ').append(ref.version()).append(" (").append(ref.blas())
                    .append(')');
        }
        if (m.peakGflops() > 0) {
            b.append(String.format(Locale.ROOT, "; one core's FP32 peak %.0f GFLOP/s (FMA loop)", m.peakGflops()));
        }
        b.append("; HalfCheetah sizes (obs ").append(c.obsDim()).append(", act ").append(c.actDim())
                .append("), two hidden layers of the width; ").append(c.repeats()).append(" interleaved rounds of ")
                .append(new java.math.BigDecimal(Double.toString(c.seconds())).stripTrailingZeros().toPlainString())
                .append(" s after warm-up (").append(warmups(r)).append(')');
        b.append("; load average ").append(String.format(Locale.ROOT, "%.2f", m.loadAverageBefore())).append(" before, ")
                .append(String.format(Locale.ROOT, "%.2f", m.loadAverageAfter())).append(" after");
        double others = maxOtherCores(r);
        if (!Double.isNaN(others)) {
            b.append(String.format(Locale.ROOT, "; other processes used at most %.2f cores while a cell was measured",
                    others));
        }
        if (m.environment() != null && !m.environment().isEmpty()) {
            b.append("; ");
            int k = 0;
            for (Map.Entry<String, String> e : m.environment().entrySet()) {
                b.append(k++ == 0 ? "" : " ").append(e.getKey()).append('=').append(e.getValue());
            }
        }
        return b.append("; ").append(m.date()).toString();
    }

    /** The most cores other processes used during any cell; NaN when no cell recorded it (older results). */
    static double maxOtherCores(Report r) {
        double max = Double.NaN;
        for (TrainBenchmark.Busy b : busy(r)) {
            if (!Double.isNaN(b.otherCores())) {
                max = Double.isNaN(max) ? b.otherCores() : Math.max(max, b.otherCores());
            }
        }
        return max;
    }

    private static List<TrainBenchmark.Busy> busy(Report r) {
        List<TrainBenchmark.Busy> out = new ArrayList<>();
        for (Cell c : r.cells()) {
            if (c.busy() != null) {
                out.add(c.busy());
            }
        }
        for (Latency l : r.latency() == null ? List.<Latency>of() : r.latency()) {
            if (l.busy() != null) {
                out.add(l.busy());
            }
        }
        return out;
    }

    /** "warm-up 2-4 rounds, cap 10" (and how many cells did not settle). */
    private static String warmups(Report r) {
        int lo = Integer.MAX_VALUE;
        int hi = 0;
        int unsettled = 0;
        List<Stats> all = new ArrayList<>();
        for (Cell c : r.cells()) {
            all.addAll(Arrays.asList(c.rrl(), c.torch(), c.jax()));
        }
        if (r.latency() != null) {
            for (Latency l : r.latency()) {
                all.addAll(Arrays.asList(l.rrl(), l.torch(), l.jax()));
            }
        }
        for (Stats s : all) {
            if (s != null) {
                lo = Math.min(lo, s.warmupRounds());
                hi = Math.max(hi, s.warmupRounds());
                unsettled += s.settled() ? 0 : 1;
            }
        }
        if (hi == 0) {
            return "no rounds";
        }
        return "warm-up " + (lo == hi ? Integer.toString(lo) : lo + "–" + hi) + " rounds, cap " + r.config().maxWarmupRounds()
                + (unsettled > 0 ? ", " + unsettled + " not settled" : "");
    }

    /** "1234 [1200–1250]", or "–" for a reference not run. */
    static String withRange(Stats s) {
        return s == null ? NONE : num(s.median()) + " [" + num(s.min()) + "–" + num(s.max()) + "]";
    }

    static String ratio(Ratio r) {
        return r == null ? NONE : String.format(Locale.ROOT, "%.2fx", r.median());
    }

    private static String scaling(Stats one, Stats more) {
        return one == null || more == null ? NONE : String.format(Locale.ROOT, "%.2fx", more.median() / one.median());
    }

    /** Rounded by size, no exponent: no decimals from 100 up (12345, 123), then 1, 2, and 3 below 1 (12.3, 1.23, 0.123). */
    static String num(double v) {
        Function<Integer, String> f = d -> String.format(Locale.ROOT, "%." + d + "f", v);
        double a = Math.abs(v);
        return a >= 100 ? f.apply(0) : a >= 10 ? f.apply(1) : a >= 1 ? f.apply(2) : f.apply(3);
    }
}
