package rrl.guard;

/**
 * A request (environments, a replay buffer, a dataset) that would not fit in the memory this process can
 * use. Refused before anything is allocated, with the estimate and the limit, instead of growing until the
 * JVM throws OutOfMemoryError or the kernel's OOM killer ends the process without a word.
 */
public class MemoryLimitException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final long requestedBytes;
    private final long limitBytes;

    public MemoryLimitException(String message, long requestedBytes, long limitBytes) {
        super(message);
        this.requestedBytes = requestedBytes;
        this.limitBytes = limitBytes;
    }

    /** The estimate of the request in bytes. */
    public long requestedBytes() {
        return requestedBytes;
    }

    /** The limit it was compared with in bytes. */
    public long limitBytes() {
        return limitBytes;
    }
}
