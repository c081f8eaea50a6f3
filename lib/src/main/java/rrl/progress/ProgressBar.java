package rrl.progress;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * A one-line progress bar. Where it goes depends on where the output is read ({@link Mode#detect()}):
 *
 * <ul>
 *   <li>a terminal ({@code System.console() != null}): redrawn in place with carriage returns on stderr;
 *   <li>a Jupyter notebook (JJava kernel): one display output updated in place (update_display_data), so the
 *       cell, live and saved, shows one progress line;
 *   <li>anything else (a log file, a pipe, a test): nothing while it runs, then one final line on stderr, so
 *       logs and tables on stdout are never mixed with kilobytes of redraws.
 * </ul>
 *
 * {@code -Drrl.progress=redraw|line|off} or the environment variable {@code RRL_PROGRESS} overrides the
 * choice. Redraws (and notebook updates) happen at most every {@code minIntervalMillis} so fast loops stay fast.
 */
public final class ProgressBar implements AutoCloseable {
    /** How the bar is shown. */
    public enum Mode {
        /** Redrawn in place with carriage returns (a terminal). */
        REDRAW,
        /** One line when the bar closes (logs, pipes). */
        LINE,
        /** One notebook output updated in place. */
        NOTEBOOK,
        /** Nothing. */
        OFF;

        /** The mode for this process: the override if set, else notebook, terminal or plain line. */
        public static Mode detect() {
            String forced = System.getProperty("rrl.progress", System.getenv("RRL_PROGRESS"));
            if (forced != null && !forced.isBlank()) {
                switch (forced.trim().toLowerCase(Locale.ROOT)) {
                    case "redraw":
                        return REDRAW;
                    case "line":
                        return LINE;
                    case "off":
                        return OFF;
                    case "notebook":
                        return NOTEBOOK;
                    default:
                        throw new IllegalArgumentException("rrl.progress / RRL_PROGRESS is '" + forced
                                + "'; use redraw, line, notebook or off.");
                }
            }
            if (Jupyter.kernel() != null) {
                return NOTEBOOK;
            }
            return System.console() != null ? REDRAW : LINE;
        }
    }

    private static final int WIDTH = 30;
    private final String label;
    private final String unit;
    private final long total;
    private final PrintStream out;
    private final long start = System.nanoTime();
    private final long minIntervalNanos;
    private final String displayId;
    private Mode mode;
    private Object kernel;
    private long done;
    private long lastDraw;
    private String suffix = "";
    private boolean closed;
    /** Length of the last redrawn line: a shorter one is padded with spaces so no old characters remain. */
    private int drawnLength;

    /** A bar shown as {@link Mode#detect()} says, on stderr (or in the notebook). */
    public ProgressBar(String label, long total) {
        this(label, total, "");
    }

    /**
     * A bar named {@code label} (what runs: "Hopper TD3+BC") counting {@code unit} ("updates", "episodes"), shown
     * as {@link Mode#detect()} says.
     */
    public ProgressBar(String label, long total, String unit) {
        this(label, unit, total, System.err, 200, Mode.detect());
    }

    /** A bar redrawn in place on {@code out}, as on a terminal. */
    public ProgressBar(String label, long total, PrintStream out, long minIntervalMillis) {
        this(label, total, out, minIntervalMillis, Mode.REDRAW);
    }

    public ProgressBar(String label, long total, PrintStream out, long minIntervalMillis, Mode mode) {
        this(label, "", total, out, minIntervalMillis, mode);
    }

    public ProgressBar(String label, String unit, long total, PrintStream out, long minIntervalMillis, Mode mode) {
        this.label = label;
        this.unit = unit == null || unit.isBlank() ? "" : " " + unit.strip();
        this.total = Math.max(1, total);
        this.out = out;
        this.minIntervalNanos = minIntervalMillis * 1_000_000L;
        this.mode = mode;
        this.displayId = mode == Mode.NOTEBOOK ? "rrl-progress-" + UUID.randomUUID() : null;
        if (mode == Mode.NOTEBOOK) {
            kernel = Jupyter.kernel();
            if (kernel == null) {
                this.mode = Mode.LINE;
            }
        }
        draw(true);
    }

    /** Advances by {@code n} units. */
    public void step(long n) {
        long before = done;
        done = Math.min(total, done + n);
        long now = System.nanoTime();
        if (now - lastDraw >= minIntervalNanos || (done == total && before < total)) {
            draw(false);
        }
    }

    /** A short status shown after the bar (e.g. the latest metric). */
    public void status(String s) {
        suffix = s == null ? "" : s;
    }

    public long done() {
        return done;
    }

    public Mode mode() {
        return mode;
    }

    /** The bar's text now, e.g. {@code "Hopper TD3+BC [####......] 40/100 updates   2.0s eta 3s status"}. */
    public String line() {
        int filled = (int) (WIDTH * done / total);
        double secs = (System.nanoTime() - start) / 1e9;
        double eta = done == 0 ? Double.NaN : secs * (total - done) / done;
        String bar = "#".repeat(filled) + ".".repeat(WIDTH - filled);
        return String.format(Locale.ROOT, "%s [%s] %d/%d%s %5.1fs%s %s", label, bar, done, total, unit, secs,
                Double.isNaN(eta) ? "" : String.format(Locale.ROOT, " eta %.0fs", eta), suffix).stripTrailing();
    }

    private void draw(boolean first) {
        lastDraw = System.nanoTime();
        switch (mode) {
            case REDRAW -> {
                // One string per redraw: a kernel or pipe forwards every write as its own message. Padded to the
                // previous line's length: "mean 563" drawn over "mean 563162" must not leave "162" behind.
                String line = line();
                int pad = Math.max(0, drawnLength - line.length());
                drawnLength = line.length();
                out.print("\r" + line + " ".repeat(pad));
                out.flush();
            }
            case NOTEBOOK -> {
                Map<String, String> bundle = new LinkedHashMap<>();
                bundle.put("text/plain", line());
                try {
                    if (first) {
                        Jupyter.display(kernel, bundle, displayId);
                    } else {
                        Jupyter.update(kernel, bundle, displayId);
                    }
                } catch (ReflectiveOperationException | RuntimeException e) {
                    mode = Mode.LINE; // a JJava whose API moved: fall back to the final line
                }
            }
            default -> {
                // LINE: only at close; OFF: never
            }
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        switch (mode) {
            case REDRAW -> {
                if (done < total) {
                    draw(false);
                }
                out.print(System.lineSeparator());
                out.flush();
            }
            case NOTEBOOK -> draw(false);
            case LINE -> {
                out.print(line() + System.lineSeparator());
                out.flush();
            }
            default -> {
            }
        }
    }
}
