package rrl.experiment;

import java.util.Locale;
import rrl.progress.ProgressBar;

/**
 * What an executor shows while runs go side by side: one bar counting finished runs (a notebook keeps it as one line;
 * its status names the last run to finish), or, where a bar is only drawn at the end (a log, a pipe), one line per
 * finished run. Thread-safe; every executor (local, Spark) shows the same.
 */
public final class RunsProgress implements AutoCloseable {
    private final ProgressBar bar;
    private final boolean lines;
    private final int total;
    private int done;

    /**
     * @param label what runs, e.g. "sweep (2 at a time)"
     * @param total runs in this batch
     * @param show false shows nothing
     */
    public RunsProgress(String label, int total, boolean show) {
        this.total = total;
        this.bar = show ? new ProgressBar(label, total, "runs") : null;
        this.lines = bar != null && (bar.mode() == ProgressBar.Mode.LINE || bar.mode() == ProgressBar.Mode.OFF);
    }

    /** One more run finished (or failed); returns it. */
    public synchronized RunResult finished(RunResult r) {
        done++;
        if (lines) {
            System.out.println(line(r, done, total));
        }
        if (bar != null) {
            bar.status(RunSpec.label(r.name()) + (r.ok() ? " done" : " FAILED"));
            bar.step(1);
        }
        return r;
    }

    /** {@code [n/of] name (id): done in 2.0 s}, {@code finished earlier, reused} or {@code FAILED: error}. */
    public static String line(RunResult r, int n, int of) {
        return String.format(Locale.ROOT, "[%d/%d] %s (%s): %s", n, of, RunSpec.label(r.name()), r.id(), r.ok()
                ? (r.reused() ? "finished earlier, reused" : String.format(Locale.ROOT, "done in %.1f s", r.seconds()))
                : "FAILED: " + r.error());
    }

    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
