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

    /**
     * A JSON parser's complaint (Gson) in words, without Java class names: a file that ends inside the JSON is named as
     * cut short ("the JSON ends early at line 1 column 30 (in $.steps): the file looks truncated; complete it or write
     * it again"), any other syntax error keeps Gson's reason and place ("Unterminated object at line 1 column 20 path
     * $.x; fix the JSON there").
     */
    public static String jsonSyntax(Throwable e) {
        boolean eof = false;
        String text = oneLine(e);
        for (Throwable t = e; t != null; t = t.getCause()) {
            eof |= t instanceof java.io.EOFException;
            if (t.getMessage() != null && t.getMessage().contains(" at line ")) {
                text = oneLine(t);
            }
        }
        text = text.replaceAll("^([a-z][\\w$]*\\.)+[A-Z][\\w$]*(Exception|Error): ", "");
        java.util.regex.Matcher where = java.util.regex.Pattern.compile("at line (\\d+) column (\\d+)(?: path (\\S+))?")
                .matcher(text);
        if (eof || text.startsWith("End of input")) {
            String at = where.find() ? " at line " + where.group(1) + " column " + where.group(2)
                    + (where.group(3) != null && !where.group(3).equals("$") ? " (in " + where.group(3) + ")" : "") : "";
            return "the JSON ends early" + at + ": the file looks truncated; complete it (every { needs its }) or write it "
                    + "again";
        }
        if (text.startsWith("duplicate key ")) { // StrictJson's own complaint, already with its fix
            return text;
        }
        return "not valid JSON: " + text + "; fix the JSON there";
    }

    /** "1 generation", "30 generations", "0 episodes": a count with its noun in the right number (plural: + "s"). */
    public static String count(long n, String noun) {
        return n + " " + (n == 1 ? noun : noun + "s");
    }

    /**
     * "3 runs of the study have not finished (no result.json in offline-only-s0, ...)": the refusal shared by every
     * view that reads finished runs only; the caller adds where and how to resume.
     */
    public static String notFinished(String of, java.util.List<String> runs) {
        return count(runs.size(), "run") + " of " + of + " " + (runs.size() == 1 ? "has" : "have")
                + " not finished (no result.json in " + runs.get(0) + (runs.size() > 1 ? ", ..." : "") + ")";
    }

    /** {@code s} on one line (line breaks as spaces), cut to 300 characters. */
    public static String clip(String s) {
        String one = s.replaceAll("[\\r\\n\\u2028\\u2029\\u0085]+", " ");
        return one.length() <= MAX ? one : one.substring(0, MAX) + "...(" + one.length() + " characters)";
    }
}
