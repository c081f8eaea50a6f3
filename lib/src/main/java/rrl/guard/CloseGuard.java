package rrl.guard;

import java.util.concurrent.locks.StampedLock;

/**
 * Use-after-close protection for every object that holds native MuJoCo memory ({@code MjcfModel},
 * {@code BatchStepper}, {@code VectorEnv}, {@code Env}): one mechanism for all of them.
 *
 * <p>Every method that touches native memory runs between {@link #enter()} and {@link #exit(long)}; on a
 * closed (or closing) object {@code enter} throws {@link IllegalStateException} naming the object and how to
 * get a new one, instead of letting the call reach freed memory (which aborts the JVM with a heap-corruption
 * message, or worse, carries on with garbage). {@link #close(Runnable)} frees the memory exactly once, after
 * every call in progress on any thread (for example the worker threads of a vector step) has left: calls are
 * the shared side of a read-write lock, close is the exclusive side. Entering costs one uncontended CAS.
 *
 * <p>Do not close an object from inside one of its own calls on the same thread (the close would wait for
 * itself).
 */
public final class CloseGuard {
    private final StampedLock lock = new StampedLock();
    private final String what;
    private final String fix;
    private volatile boolean closed;
    private volatile boolean closing;

    /**
     * @param what the object as the error names it, e.g. {@code "VectorEnv(Hopper x 2)"}
     * @param fix how to get a usable one, e.g. {@code "create a new one with Environments.makeVector(\"Hopper\", 2)"}
     */
    public CloseGuard(String what, String fix) {
        this.what = what;
        this.fix = fix;
    }

    /** Starts a call that uses the native memory; pair with {@link #exit(long)} in a finally block. */
    public long enter() {
        long stamp = lock.tryReadLock();
        if (stamp == 0L) {
            throw closedError(); // close() is running right now
        }
        if (closed || closing) {
            lock.unlockRead(stamp); // closing: no new calls, so close cannot be starved by back-to-back ones
            throw closedError();
        }
        return stamp;
    }

    /** Ends a call started by {@link #enter()}. */
    public void exit(long stamp) {
        lock.unlockRead(stamp);
    }

    /** Throws if closed; for calls that only hand out views and read no native memory themselves. */
    public void check() {
        if (closed || closing) {
            throw closedError();
        }
    }

    public boolean isClosed() {
        return closed;
    }

    /**
     * Marks the object closed and runs {@code release} once, after every call in progress has exited; later
     * calls (and concurrent ones) return without running it again.
     */
    public void close(Runnable release) {
        closing = true;
        long stamp = lock.writeLock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            release.run();
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /** The error a call on the closed object raises. */
    public IllegalStateException closedError() {
        return new IllegalStateException(what + " is closed; " + fix + ".");
    }
}
