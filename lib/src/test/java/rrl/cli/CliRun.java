package rrl.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/**
 * One CLI invocation in this JVM: the exit code, what it printed (picocli's writer plus System.out, where commands
 * print their results), picocli's error writer (the one-line errors) and, as {@code log}, what went to System.err
 * (progress, warnings), kept apart from both.
 */
record CliRun(int code, String out, String err, String log) {
    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ByteArrayOutputStream sysOut = new ByteArrayOutputStream();
        ByteArrayOutputStream sysErr = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        int code;
        try {
            System.setOut(new PrintStream(sysOut, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(sysErr, true, StandardCharsets.UTF_8));
            code = Main.execute(args, new PrintWriter(out), new PrintWriter(err));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new CliRun(code, out + sysOut.toString(StandardCharsets.UTF_8), err.toString(),
                sysErr.toString(StandardCharsets.UTF_8));
    }
}
