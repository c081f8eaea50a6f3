package rrl.io;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Warning lines printed once per subject: a study's many runs on one dataset print its warning once, not once per
 * run. Once per process, or per CLI command where one process runs several ({@code rrl.cli.Main} calls
 * {@link #forget()} before each), so a single command still prints every warning it has.
 */
public final class Warnings {
    private static final Set<String> PRINTED = ConcurrentHashMap.newKeySet();

    private Warnings() {}

    /** Prints {@code line} on stderr unless a line was printed for {@code key} since {@link #forget()}. */
    public static void once(String key, String line) {
        if (PRINTED.add(key)) {
            System.err.println(line);
        }
    }

    /** Every key printable again: a new command starts. */
    public static void forget() {
        PRINTED.clear();
    }
}
