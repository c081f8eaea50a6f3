package rrl.guard;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The one check a command makes before it does any work or creates any folder: every output can be written there
 * (a file path is not a folder, a folder path is not a file, and the nearest folder that exists on the way is a
 * writable folder), and the memory each phase of the work holds at once fits ({@link MemoryBudget#requireAll}: the
 * Java heap and the native memory of all its large allocations together, heap first). A command that used to run
 * all its episodes before finding out it could not write its result, or make its run folder before finding out its
 * simulators did not fit, calls these first; each refuses with one line naming the option, the path or the
 * estimate, and the fix.
 */
public final class Preflight {
    private Preflight() {}

    /**
     * Refuses an output file that cannot be written: the path is a folder, an existing file of another kind (a
     * README.md given as --csv would be overwritten), or the nearest existing folder on its way is a file or not
     * writable. Nothing is created.
     *
     * @param option the option or field that named it (e.g. "--out"), for the message
     * @param extension what the file is, e.g. ".hdf5": the example name offered when the path is a folder is
     *                  {@code <folder>/out<extension>} (a folder's own name says nothing about the file's kind)
     * @throws IllegalArgumentException one line naming the option, the path and the fix
     */
    public static void outputFile(String option, Path file, String extension) {
        if (file == null) {
            return;
        }
        if (file.toString().isBlank()) {
            throw new IllegalArgumentException(option + " is empty; give a file path");
        }
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(option + " " + file + " is a folder; give a file path (e.g. " + file.resolve(
                    "out" + extension) + ")");
        }
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (Files.exists(file) && !name.endsWith(extension)) {
            // an existing README.md or plan.json given by mistake would be replaced by the output
            throw new IllegalArgumentException(option + " " + file + " exists and is not a " + extension + " file; it "
                    + "would be overwritten: give a " + extension + " path");
        }
        Path parent = file.toAbsolutePath().normalize().getParent();
        requireWritableWay(option, file, parent);
    }

    /**
     * Refuses an output folder that cannot be used: the path is a file, or the folder (or the nearest existing one on
     * its way, where it will be created) is a file or not writable. Nothing is created.
     *
     * @throws IllegalArgumentException one line naming the option, the path and the fix
     */
    public static void outputFolder(String option, Path dir) {
        if (dir == null) {
            return;
        }
        if (dir.toString().isBlank()) {
            throw new IllegalArgumentException(option + " is empty; give a folder path");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException(option + " " + dir + " is a file, not a folder; give a folder path (or "
                    + "delete the file)");
        }
        requireWritableWay(option, dir, dir.toAbsolutePath().normalize());
    }

    /**
     * Refuses the requests of one phase of the work, held at the same time, if together they do not fit
     * ({@link MemoryBudget#requireAll}). Call once per phase (e.g. collecting data, then training).
     *
     * @throws MemoryLimitException naming the parts, the estimate, the limit and the fix
     */
    public static void memory(MemoryBudget.Request... parts) {
        MemoryBudget.requireAll(List.of(parts));
    }

    private static void requireWritableWay(String option, Path target, Path from) {
        Path p = from;
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        if (p == null) {
            return; // nothing on the way exists (another file system root): the write itself will say
        }
        if (!Files.isDirectory(p)) {
            throw new IllegalArgumentException(option + " " + target + " cannot be created: " + p + " is a file, not a "
                    + "folder; choose another path");
        }
        if (!Files.isWritable(p)) {
            throw new IllegalArgumentException(option + " " + target + " cannot be written: permission denied (" + p
                    + "); choose a folder you can write to");
        }
        // what the permission bits allow, a file system may still refuse (/proc, a read-only mount seen by root): try it
        try {
            Path probe = Files.createTempDirectory(p, ".rrl-probe-");
            Files.delete(probe);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(option + " " + target + " cannot be created: " + p + " refuses new folders ("
                    + reason(e) + "); choose another path");
        }
    }

    /**
     * Why a file operation failed, in words: the operating system's reason where Java has one ("Read-only file
     * system"), else the kind of failure ("no such file or directory", "permission denied"), never just the path.
     */
    public static String reason(java.io.IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

}
