package rrl.progress;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line text progress bar redrawn with carriage returns: it animates in a terminal and in a Jupyter
 * output cell alike. Redraws at most every {@code minIntervalMillis} so fast loops stay fast.
 */
public final class ProgressBar implements AutoCloseable {
    private static final int WIDTH = 30;
    private final String label;
    private final long total;
    private final PrintStream out;
    private final long start = System.nanoTime();
    private final long minIntervalNanos;
    private long done;
    private long lastDraw;
    private String suffix = "";
    private boolean closed;

    public ProgressBar(String label, long total) {
        this(label, total, System.out, 200);
    }

    public ProgressBar(String label, long total, PrintStream out, long minIntervalMillis) {
        this.label = label;
        this.total = Math.max(1, total);
        this.out = out;
        this.minIntervalNanos = minIntervalMillis * 1_000_000L;
        draw();
    }

    /** Advances by {@code n} units. */
    public void step(long n) {
        long before = done;
        done = Math.min(total, done + n);
        long now = System.nanoTime();
        if (now - lastDraw >= minIntervalNanos || (done == total && before < total)) {
            draw();
        }
    }

    /** A short status shown after the bar (e.g. the latest metric). */
    public void status(String s) {
        suffix = s == null ? "" : s;
    }

    public long done() {
        return done;
    }

    private void draw() {
        lastDraw = System.nanoTime();
        int filled = (int) (WIDTH * done / total);
        double secs = (lastDraw - start) / 1e9;
        double eta = done == 0 ? Double.NaN : secs * (total - done) / done;
        String bar = "#".repeat(filled) + ".".repeat(WIDTH - filled);
        // One string per redraw: a notebook kernel forwards every write as its own output message.
        String line = String.format(Locale.ROOT, "\r%s [%s] %d/%d %5.1fs%s %s", label, bar, done, total, secs,
                Double.isNaN(eta) ? "" : String.format(Locale.ROOT, " eta %.0fs", eta), suffix);
        out.print(line);
        out.flush();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (done < total) {
                draw();
            }
            out.print(System.lineSeparator());
            out.flush();
        }
    }
}
