package rrl.notebook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Hands bytes on to {@code target} a whole line at a time.
 *
 * <p>Why: JJava's {@code System.out} is a {@code PrintStream} with auto-flush over a stream that sends one Jupyter
 * {@code stream} message per flush, and {@code PrintStream} flushes after every string it writes. {@code printf}
 * writes each literal piece and each formatted argument separately, so {@code printf("reward %.1f%n", r)} became
 * three messages; Jupyter front ends join them on screen, but nbclient/papermill keep each message as its own
 * output and nbconvert's HTML shows one block per output: one token per line. Buffered here, every message is whole
 * lines. A partial line is handed on when the code flushes explicitly, when a snippet finishes ({@link #flush()}
 * from {@link KernelDisplay}), or once it has waited {@link #STALE_NANOS} (so a loop printing dots still shows them).
 */
final class LineBufferedOutput extends OutputStream {
    /** A partial line older than this goes out without its newline. */
    static final long STALE_NANOS = 1_000_000_000L;
    /** A "line" longer than this goes out in pieces rather than growing without bound. */
    private static final int MAX_PENDING = 1 << 16;

    private final OutputStream target;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream(256);
    private long pendingSince;

    LineBufferedOutput(OutputStream target) {
        this.target = target;
    }

    @Override
    public synchronized void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        if (len <= 0) {
            return;
        }
        int lastNewline = -1;
        for (int i = off + len - 1; i >= off; i--) {
            if (b[i] == '\n') {
                lastNewline = i;
                break;
            }
        }
        if (pending.size() == 0) {
            pendingSince = System.nanoTime();
        }
        pending.write(b, off, len);
        if (lastNewline >= 0) {
            // '\n' (0x0A) never occurs inside a UTF-8 multi-byte sequence, so this never splits a character.
            send(pending.size() - (off + len - 1 - lastNewline));
        } else if (pending.size() > MAX_PENDING) {
            send(pending.size());
        }
    }

    /** Hands on everything buffered, partial line included. */
    @Override
    public synchronized void flush() throws IOException {
        send(pending.size());
    }

    /** Hands on a partial line that has waited at least {@code nanos}. */
    synchronized void flushIfOlder(long nanos) throws IOException {
        if (pending.size() > 0 && System.nanoTime() - pendingSince >= nanos) {
            send(pending.size());
        }
    }

    /** Bytes waiting for their newline. */
    synchronized int pending() {
        return pending.size();
    }

    private void send(int n) throws IOException {
        if (n <= 0) {
            return;
        }
        byte[] all = pending.toByteArray();
        pending.reset();
        if (n < all.length) {
            pending.write(all, n, all.length - n);
            pendingSince = System.nanoTime();
        }
        target.write(all, 0, n);
        target.flush();
    }
}
