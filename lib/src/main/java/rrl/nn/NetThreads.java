package rrl.nn;

import rrl.parallel.WorkerPool;

/**
 * The threads that network kernels split large matrix products over. Default: every core, overridable
 * with {@code -Drrl.nn.threads=N} or {@link #set(int)} (the CLI's {@code --threads}). Updates and
 * environment steps alternate, so both may use all cores.
 */
public final class NetThreads {
    /** Below this many multiply-adds a product runs on the calling thread: handing off would cost more. */
    static final long PARALLEL_MIN_MACS = 1L << 20;

    private static volatile WorkerPool pool = new WorkerPool(Integer.getInteger("rrl.nn.threads",
            Runtime.getRuntime().availableProcessors()));

    private NetThreads() {}

    /** Uses {@code threads} threads from now on. */
    public static synchronized void set(int threads) {
        if (threads != pool.threads()) {
            WorkerPool old = pool;
            pool = new WorkerPool(threads);
            old.close();
        }
    }

    public static int get() {
        return pool.threads();
    }

    static WorkerPool pool() {
        return pool;
    }
}
