package rrl.data;

/**
 * A file that is not a readable D4RL dataset. The message names the file, what is wrong (key, shape,
 * encoding) and how to fix it, so the user never has to decode a jhdf stack trace.
 */
public class D4rlFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** Problem found by our own checks. */
    public D4rlFormatException(String message) {
        super(message);
    }

    /** Problem raised by the HDF5 reader; the cause is kept for debugging, the message stands alone. */
    public D4rlFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
