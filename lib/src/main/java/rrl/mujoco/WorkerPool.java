package rrl.mujoco;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Splits a range of environments into contiguous slices, one per thread; the calling thread runs the
 * first slice itself so a 1-thread pool costs nothing. Native calls hold no JVM lock, so slices of
 * different mjData run truly in parallel.
 */
public final class WorkerPool implements AutoCloseable {
    /** Work on environments [begin, end). */
    @FunctionalInterface
    public interface Slice {
        void run(int begin, int end);
    }

    private final int threads;
    private final ExecutorService executor;

    public WorkerPool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
        this.executor = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, r -> {
            Thread t = new Thread(r, "rrl-env-worker");
            t.setDaemon(true);
            return t;
        });
    }

    /** Threads to use by default: every core the JVM sees. */
    public static int defaultThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    public int threads() {
        return threads;
    }

    /** Runs {@code slice} over [0, n) split across the pool; returns when all slices are done. */
    public void forEach(int n, Slice slice) {
        int used = Math.min(threads, n);
        if (used <= 1) {
            slice.run(0, n);
            return;
        }
        List<Future<?>> futures = new ArrayList<>(used - 1);
        for (int t = 1; t < used; t++) {
            int b = (int) ((long) n * t / used);
            int e = (int) ((long) n * (t + 1) / used);
            futures.add(executor.submit(() -> slice.run(b, e)));
        }
        Throwable failure = null;
        try {
            slice.run(0, (int) ((long) n / used));
        } catch (RuntimeException | Error ex) {
            failure = ex;
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException ex) {
                failure = failure == null ? ex.getCause() : failure;
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                failure = failure == null ? ex : failure;
            }
        }
        if (failure instanceof RuntimeException re) {
            throw re;
        }
        if (failure instanceof Error err) {
            throw err;
        }
        if (failure != null) {
            throw new IllegalStateException("environment worker failed", failure);
        }
    }

    @Override
    public void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
