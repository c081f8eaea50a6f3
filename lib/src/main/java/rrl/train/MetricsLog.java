package rrl.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import rrl.algo.Metrics;
import rrl.checkpoint.Checkpoint;
import rrl.io.NumericCsv;

/**
 * The rows of a run's {@code metrics.csv}: {@code step}, the learner's update metrics averaged over the updates
 * since the previous row (NaN values, e.g. TD3's actor loss before its first actor step, are skipped), then
 * the evaluation columns, NaN on rows without an evaluation. Held in memory and rewritten whole (atomically)
 * at every row, and carried in the training checkpoint with the open window so a resumed run writes the same
 * file as an uninterrupted one.
 */
public final class MetricsLog {
    private final List<String> evalColumns;
    private List<String> learnerColumns = List.of();
    private final List<double[]> rows = new ArrayList<>();
    private double[] sums = new double[0];
    private long[] counts = new long[0];

    /** @param evalColumns the evaluator's column names, in order */
    public MetricsLog(List<String> evalColumns) {
        this.evalColumns = List.copyOf(evalColumns);
    }

    /** Adds one update's metrics to the open window; the first non-empty one fixes the learner columns. */
    public void add(Metrics m) {
        if (m.size() == 0) {
            return;
        }
        if (learnerColumns.isEmpty()) {
            learnerColumns = m.names();
            sums = new double[m.size()];
            counts = new long[m.size()];
        } else if (!learnerColumns.equals(m.names())) {
            throw new IllegalStateException("learner metrics changed from " + learnerColumns + " to " + m.names());
        }
        for (int i = 0; i < m.size(); i++) {
            double v = m.value(i);
            if (!Double.isNaN(v)) {
                sums[i] += v;
                counts[i]++;
            }
        }
    }

    /** Closes the window into a row at {@code step}, with {@code eval} values (null: no evaluation here). */
    public double[] row(long step, double[] eval) {
        if (eval != null && eval.length != evalColumns.size()) {
            throw new IllegalArgumentException("evaluation gave " + eval.length + " values for columns " + evalColumns);
        }
        double[] r = new double[1 + learnerColumns.size() + evalColumns.size()];
        r[0] = step;
        for (int i = 0; i < learnerColumns.size(); i++) {
            r[1 + i] = counts[i] == 0 ? Double.NaN : sums[i] / counts[i];
        }
        for (int i = 0; i < evalColumns.size(); i++) {
            r[1 + learnerColumns.size() + i] = eval == null ? Double.NaN : eval[i];
        }
        Arrays.fill(sums, 0);
        Arrays.fill(counts, 0);
        rows.add(r);
        return r;
    }

    public List<String> header() {
        List<String> h = new ArrayList<>();
        h.add("step");
        h.addAll(learnerColumns);
        h.addAll(evalColumns);
        return h;
    }

    /** Rows so far; rows written before the learner's first update are padded with NaN learner columns. */
    public List<double[]> rows() {
        int w = header().size();
        List<double[]> out = new ArrayList<>();
        for (double[] r : rows) {
            if (r.length == w) {
                out.add(r);
            } else {
                double[] p = new double[w];
                Arrays.fill(p, Double.NaN);
                p[0] = r[0];
                int e = evalColumns.size();
                System.arraycopy(r, r.length - e, p, w - e, e);
                out.add(p);
            }
        }
        return out;
    }

    /** Writes {@code metrics.csv} (atomically). */
    public void write(Path file) {
        NumericCsv.write(file, header(), rows());
    }

    void save(Checkpoint ck) {
        ck.putMeta("metrics_columns", learnerColumns);
        ck.putMeta("metrics_rows", rows);
        ck.putDoubles("metrics_window_sums", sums);
        ck.putLongs("metrics_window_counts", counts);
    }

    /** Restores what {@link #save} wrote; a checkpoint from before metrics were logged restores nothing. */
    void restore(Checkpoint ck) {
        if (!ck.meta().has("metrics_rows")) {
            return;
        }
        learnerColumns = List.of(ck.getMeta("metrics_columns", String[].class));
        rows.clear();
        rows.addAll(List.of(ck.getMeta("metrics_rows", double[][].class)));
        sums = ck.doubles("metrics_window_sums");
        counts = ck.longs("metrics_window_counts");
    }

    /**
     * Reads the evaluation rows of a {@code metrics.csv} ({@code columns} by name, in that order): the rows where
     * column {@code present} is not NaN. Also reads files written before update metrics were logged.
     */
    public static List<double[]> readEvaluations(Path file, List<String> columns, String present) {
        NumericCsv.Table t = NumericCsv.read(file, -1, "metrics");
        if (t.header() == null) {
            throw new IllegalArgumentException("metrics file " + file + " has no header row; it was not written by rrl");
        }
        int key = t.header().indexOf(present);
        int[] idx = new int[columns.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = t.header().indexOf(columns.get(i));
            if (idx[i] < 0) {
                throw new IllegalArgumentException("metrics file " + file + " has no column '" + columns.get(i)
                        + "' (columns: " + t.header() + ")");
            }
        }
        List<double[]> out = new ArrayList<>();
        for (double[] r : t.rows()) {
            if (key < 0 || Double.isNaN(r[key])) {
                continue;
            }
            double[] v = new double[idx.length];
            for (int i = 0; i < idx.length; i++) {
                v[i] = r[idx[i]];
            }
            out.add(v);
        }
        return out;
    }

    /** {@code MetricsLog(25 rows of step, critic_loss, actor_loss, ...)}. */
    @Override
    public String toString() {
        List<String> h = header();
        return "MetricsLog(" + rows().size() + " rows of " + (h.size() <= 6 ? String.join(", ", h)
                : String.join(", ", h.subList(0, 6)) + ", ... (" + h.size() + " columns)") + ")";
    }
}
