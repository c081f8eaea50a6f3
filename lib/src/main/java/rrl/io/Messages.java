package rrl.io;

/**
 * Error messages are one line: a reader that reports a library's exception (Gson, zip, HDF5) passes it through
 * {@link #oneLine}, which keeps the first line (Gson adds a "See https://..." line) and names the exception when it
 * has no message.
 */
public final class Messages {
    private static final int MAX = 300;

    private Messages() {}

    /** The first line of {@code t}'s message (or its class name if it has none), at most 300 characters. */
    public static String oneLine(Throwable t) {
        String m = t.getMessage();
        if (m == null || m.isBlank()) {
            return t.getClass().getSimpleName();
        }
        return clip(m.strip().lines().findFirst().orElse("").strip());
    }

    /** {@code s} on one line (line breaks as spaces), cut to 300 characters. */
    public static String clip(String s) {
        String one = s.replaceAll("[\\r\\n\\u2028\\u2029\\u0085]+", " ");
        return one.length() <= MAX ? one : one.substring(0, MAX) + "...(" + one.length() + " characters)";
    }
}
