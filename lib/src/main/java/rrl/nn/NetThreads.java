package rrl.nn;

import rrl.parallel.WorkerPool;

/**
 * The threads that network kernels split work over. Default: every core, overridable with
 * {@code -Drrl.nn.threads=N} or {@link #set(int)} (the CLI's {@code --threads}). Updates and environment steps
 * alternate, so both may use all cores.
 *
 * <p>Work is split as coarsely as it allows: the critics of an ensemble run side by side ({@link #run}), each
 * whole pass of a critic in one task, so a TD3 or SAC update hands off a few times rather than once per layer;
 * what remains in sequence (an actor's passes) splits its large products ({@link Gemm}) and element-wise passes
 * (Adam, soft updates, transposes). Tasks are claimed, not assigned ({@link WorkerPool}), so a thread that
 * loses its core delays nobody, and every task writes its own outputs the same way on any thread, so the same
 * seed gives the same numbers on any thread count.
 */
public final class NetThreads {
    /**
     * Below this many multiply-adds a product runs on the calling thread: handing off would cost more. Measured
     * with TD3+BC at batch 64 x width 64 (products of 2^18): 2^18 gained nothing over 2^20 when the host kept
     * the two vCPUs close (~50 ns apart) and lost (1.04x against 1.21x over 1 thread) when it placed them far
     * apart (~400 ns), where a small piece spends more moving its operands than computing.
     */
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

    /**
     * Runs an element-wise pass over [0, n) in pieces when n >= {@code min} (and not already inside a task):
     * piece boundaries fall on whole vectors of {@link Gemm#LANES} floats and the last piece takes the tail, so
     * every element is computed by the same vector or scalar code as in one pass.
     */
    static void elementwise(int n, int min, WorkerPool.Slice body) {
        WorkerPool p = pool;
        if (p.threads() == 1 || n < min || p.inTask()) {
            body.run(0, n);
            return;
        }
        int vectors = n / Gemm.LANES;
        int pieces = 2 * p.threads();
        p.run(pieces, i -> body.run((int) ((long) vectors * i / pieces) * Gemm.LANES,
                i == pieces - 1 ? n : (int) ((long) vectors * (i + 1) / pieces) * Gemm.LANES));
    }

    /**
     * Runs {@code body} over blocks [0, blocks) in a few contiguous pieces when {@code large} (and not already
     * inside a task), else in one call: for passes whose blocks are independent, such as a transpose.
     */
    static void elementwiseBlocks(int blocks, boolean large, WorkerPool.Slice body) {
        WorkerPool p = pool;
        if (p.threads() == 1 || !large || blocks < 2 || p.inTask()) {
            body.run(0, blocks);
            return;
        }
        int pieces = Math.min(blocks, 2 * p.threads());
        p.run(pieces, i -> body.run((int) ((long) blocks * i / pieces), (int) ((long) blocks * (i + 1) / pieces)));
    }

    /**
     * Runs {@code body} over rows [0, n) in contiguous pieces of at least {@code minRows} rows, one per thread
     * at most (a single piece runs inline): for row-wise passes between products, such as a policy head. Rows
     * must be independent, so the result is the same on any thread count.
     */
    public static void rows(int n, int minRows, WorkerPool.Slice body) {
        WorkerPool p = pool;
        int pieces = Math.min(p.threads(), n / Math.max(1, minRows));
        if (pieces <= 1 || p.inTask()) {
            body.run(0, n);
            return;
        }
        p.run(pieces, i -> body.run((int) ((long) n * i / pieces), (int) ((long) n * (i + 1) / pieces)));
    }

    /**
     * Runs {@code task.run(0 .. count - 1)} over the network threads (see {@link WorkerPool#run}): for work
     * coarser than one matrix product, such as the independent critics of an ensemble. Products inside a task
     * run on the task's thread. Every task must write only its own outputs, so the result is the same on any
     * thread count.
     */
    public static void run(int count, WorkerPool.Task task) {
        pool.run(count, task);
    }
}
