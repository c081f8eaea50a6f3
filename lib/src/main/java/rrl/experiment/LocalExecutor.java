package rrl.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a sweep in this process on a fixed number of slots, each run with an explicit thread budget. With one
 * slot (or one run) the runs go one after another on the calling thread, with their progress bars; with more,
 * they run side by side under one bar counting runs (in a log, each finished run prints one line instead). Rows come back in the order of the runs,
 * whatever order they finished in; a failing run is a failed row and the others go on. An interrupt of the
 * calling thread (the notebook's stop button) interrupts every running run and raises
 * {@link CancellationException}; finished runs are kept and a rerun resumes the others.
 */
public final class LocalExecutor implements Executor {
    private final RunKinds kinds;
    private final int slots;
    private final int threadsPerRun;
    private final boolean progress;

    /**
     * @param slots runs at a time (>= 1)
     * @param threadsPerRun each run's thread budget (>= 1); slots x threadsPerRun should not exceed the cores
     */
    public LocalExecutor(RunKinds kinds, int slots, int threadsPerRun, boolean progress) {
        if (slots < 1) {
            throw new IllegalArgumentException("--parallel (slots) must be >= 1, got " + slots);
        }
        if (threadsPerRun < 1) {
            throw new IllegalArgumentException("--threads (per run) must be >= 1, got " + threadsPerRun);
        }
        this.kinds = kinds;
        this.slots = slots;
        this.threadsPerRun = threadsPerRun;
        this.progress = progress;
    }

    /** {@code slots} slots sharing {@code threads} threads: each run gets {@code max(1, threads / slots)}. */
    public static LocalExecutor sharing(RunKinds kinds, int slots, int threads, boolean progress) {
        return new LocalExecutor(kinds, slots, Math.max(1, threads / Math.max(1, slots)), progress);
    }

    public int slots() {
        return slots;
    }

    public int threadsPerRun() {
        return threadsPerRun;
    }

    public RunKinds kinds() {
        return kinds;
    }

    @Override
    public List<RunResult> execute(List<RunSpec> runs) {
        // the network kernels' pool is per JVM: each run's products get the run's budget, not every core per slot
        int before = rrl.nn.NetThreads.get();
        rrl.nn.NetThreads.set(threadsPerRun);
        try {
            return executeRuns(runs);
        } finally {
            rrl.nn.NetThreads.set(before);
        }
    }

    private List<RunResult> executeRuns(List<RunSpec> runs) {
        Set<Path> folders = new HashSet<>();
        for (RunSpec r : runs) {
            if (!folders.add(r.folder())) {
                throw new IllegalArgumentException("two runs of one sweep share the folder " + r.folder()
                        + "; give them different names");
            }
        }
        if (slots == 1 || runs.size() <= 1) {
            List<RunResult> rows = new ArrayList<>();
            for (RunSpec r : runs) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new CancellationException("interrupted before " + r.name() + "; re-run to resume");
                }
                // One line per run, when it ends (its progress bar, if any, says what runs meanwhile).
                rows.add(report(kinds.execute(r, threadsPerRun, progress), rows.size() + 1, runs.size(),
                        progress && runs.size() > 1));
            }
            return rows;
        }
        AtomicInteger threadNo = new AtomicInteger();
        RunsProgress shown = new RunsProgress("sweep (" + Math.min(slots, runs.size()) + " at a time)", runs.size(), progress);
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(slots, runs.size()), task -> {
            Thread t = new Thread(task, "rrl-run-" + threadNo.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        List<Future<RunResult>> futures = new ArrayList<>();
        try {
            for (RunSpec r : runs) {
                futures.add(pool.submit(() -> shown.finished(kinds.execute(r, threadsPerRun, false))));
            }
            List<RunResult> rows = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++) {
                try {
                    rows.add(futures.get(i).get());
                } catch (ExecutionException e) {
                    Throwable c = e.getCause();
                    if (c instanceof CancellationException ce) {
                        throw ce;
                    }
                    if (c instanceof Error err) {
                        throw err;
                    }
                    rows.add(RunResult.failed(runs.get(i), RunKinds.oneLine(c), 0));
                }
            }
            return rows;
        } catch (InterruptedException e) {
            throw new CancellationException("sweep interrupted; finished runs are kept, re-run to resume the others");
        } finally {
            shown.close();
            futures.forEach(f -> f.cancel(true));
            pool.shutdownNow();
            try {
                // Let interrupted runs reach their next check and release their folders before returning.
                pool.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static RunResult report(RunResult r, int n, int of, boolean print) {
        if (print) {
            System.out.println(RunsProgress.line(r, n, of));
        }
        return r;
    }
}
