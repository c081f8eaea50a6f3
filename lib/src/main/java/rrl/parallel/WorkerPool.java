package rrl.parallel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs independent tasks on a fixed set of threads, the calling thread among them, so a 1-thread pool costs
 * nothing. Native calls hold no JVM lock, so slices of different mjData run truly in parallel; GEMM row
 * blocks and the critics of an ensemble likewise.
 *
 * <p>Tasks are claimed from a shared counter, not dealt out in advance: a thread that is descheduled (the
 * machine is shared, or a core runs something else) leaves its tasks to the others instead of stalling
 * them, and the caller waits only for tasks that some thread has actually begun. Which thread runs a task
 * never changes what the task computes, so results do not depend on the thread count as long as every task
 * writes its own outputs.
 *
 * <p>A call from inside a task of the same pool (a GEMM inside a critic's task) runs its tasks inline on
 * the calling thread: the pool's threads are already busy, and waiting for them there would deadlock.
 *
 * <p>Workers spin briefly on a generation counter before parking: a vector-env step lasts about a
 * millisecond and steps come back to back, and in a VM waking a parked thread (a futex round trip) costs
 * tens of microseconds per step, which measured here held 16 Hopper envs at 1.5x on 2 cores.
 */
public final class WorkerPool implements AutoCloseable {
    /** Work on environments [begin, end). */
    @FunctionalInterface
    public interface Slice {
        void run(int begin, int end);
    }

    /** Task {@code index} of a {@link #run} call. */
    @FunctionalInterface
    public interface Task {
        void run(int index);
    }

    /** How long an idle worker spins before parking. */
    private static final long SPIN_NANOS = 200_000L;
    /** How long a waiting thread spins before it also yields its core at every look. */
    private static final long YIELD_AFTER_NANOS = 20_000L;

    /** One call's tasks; a worker that wakes after the call finds {@code next} used up and does nothing. */
    private static final class Job {
        final Task task;
        final int count;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        volatile Throwable failure;

        Job(Task task, int count) {
            this.task = task;
            this.count = count;
        }

        /** Claims and runs tasks until none is left. */
        void work() {
            for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                try {
                    task.run(i);
                } catch (RuntimeException | Error e) {
                    if (failure == null) {
                        failure = e;
                    }
                } finally {
                    done.incrementAndGet();
                }
            }
        }
    }

    private final class Worker extends Thread {
        volatile boolean parked;

        Worker(int index) {
            super("rrl-worker-" + index);
            setDaemon(true);
        }

        WorkerPool pool() {
            return WorkerPool.this;
        }

        @Override
        public void run() {
            workerLoop(this);
        }
    }

    private final int threads;
    private final Worker[] workers;
    private final AtomicInteger generation = new AtomicInteger();
    private volatile Job job;
    /** The thread inside {@link #run} (written under the lock; only ever compared with the reader itself). */
    private Thread caller;
    private volatile boolean closed;

    public WorkerPool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
        this.workers = new Worker[threads - 1];
        for (int t = 1; t < threads; t++) {
            workers[t - 1] = new Worker(t);
            workers[t - 1].start();
        }
    }

    /** Threads to use by default: every core the JVM sees. */
    public static int defaultThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    public int threads() {
        return threads;
    }

    /** Whether the current thread is running a task of this pool (its calls then run inline). */
    public boolean inTask() {
        Thread t = Thread.currentThread();
        return t == caller || (t instanceof Worker w && w.pool() == this);
    }

    /**
     * Runs {@code slice} over [0, n) in min(threads, n) contiguous slices; returns when all are done. The
     * slices are fixed by n and the thread count; which thread runs which is not.
     */
    public void forEach(int n, Slice slice) {
        int u = Math.min(threads, n);
        if (u <= 1) {
            checkOpen();
            slice.run(0, n);
            return;
        }
        run(u, i -> slice.run((int) ((long) n * i / u), (int) ((long) n * (i + 1) / u)));
    }

    /**
     * Runs {@code task.run(0 .. count - 1)}, each once, on whichever threads are free first; returns when all
     * have finished, rethrowing the first failure seen (after the other tasks have run). Tasks run inline, in
     * order, on a 1-thread pool or from inside a task of this pool.
     */
    public void run(int count, Task task) {
        checkOpen();
        if (count <= 0) {
            return;
        }
        if (threads == 1 || count == 1 || inTask()) {
            for (int i = 0; i < count; i++) {
                task.run(i);
            }
            return;
        }
        synchronized (this) {
            checkOpen();
            Job j = new Job(task, count);
            caller = Thread.currentThread();
            try {
                job = j;
                generation.incrementAndGet();
                for (int t = 0; t < Math.min(workers.length, count - 1); t++) {
                    if (workers[t].parked) {
                        LockSupport.unpark(workers[t]);
                    }
                }
                j.work();
                long start = 0;
                while (j.done.get() < count) {
                    // the remaining tasks are running on other threads; if one of them lost its core, let it
                    // have ours rather than spin through its time slice
                    if (start == 0) {
                        start = System.nanoTime();
                    } else if (System.nanoTime() - start > YIELD_AFTER_NANOS) {
                        Thread.yield();
                    } else {
                        Thread.onSpinWait();
                    }
                }
            } finally {
                job = null;
                caller = null;
            }
            Throwable f = j.failure;
            if (f instanceof RuntimeException re) {
                throw re;
            }
            if (f instanceof Error err) {
                throw err;
            }
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("WorkerPool is closed");
        }
    }

    private void workerLoop(Worker self) {
        int seen = 0;
        while (!closed) {
            long spinStart = System.nanoTime();
            while (generation.get() == seen && !closed) {
                long waited = System.nanoTime() - spinStart;
                if (waited < YIELD_AFTER_NANOS) {
                    Thread.onSpinWait();
                } else if (waited < SPIN_NANOS) {
                    // a core shared with the thread that will hand out the next tasks goes to that thread
                    Thread.yield();
                } else {
                    // announce the park, then look again: a caller that bumped the generation before seeing the
                    // flag has already made the check below succeed (volatile accesses are sequentially consistent)
                    self.parked = true;
                    if (generation.get() == seen && !closed) {
                        LockSupport.park(this);
                    }
                    self.parked = false;
                }
            }
            if (closed) {
                return;
            }
            seen = generation.get();
            Job j = job;
            if (j != null) {
                j.work();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Thread w : workers) {
            LockSupport.unpark(w);
        }
    }
}
