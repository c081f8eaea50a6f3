package rrl.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Whole-file writes that never leave a partial file: the content goes to a temporary file in the target's
 * folder, which is then moved over the target with {@code ATOMIC_MOVE}. A reader sees the old file or the new
 * one, never half of one, and a process killed mid-write leaves the old file in place (and at worst a hidden
 * {@code .NAME.*.tmp} file, which the next successful write of the same name does not depend on).
 */
public final class AtomicFiles {
    /** Writes a file's content to the given (temporary) path. */
    @FunctionalInterface
    public interface Writer {
        void write(Path tmp) throws IOException;
    }

    private AtomicFiles() {}

    /**
     * Lets {@code writer} fill a temporary file next to {@code target}, then moves it into place. If the writer
     * fails, the temporary file is deleted, {@code target} is left as it was, and the failure is rethrown
     * ({@link IOException} as {@link UncheckedIOException} naming the target); a target that is a folder is an
     * {@link IllegalArgumentException}.
     */
    public static Path write(Path target, Writer writer) {
        if (Files.isDirectory(target)) {
            // else the move below fails naming the temporary file, not the path the caller gave
            throw new IllegalArgumentException("cannot write " + target + ": it is a folder; give a file path");
        }
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = createSibling(dir, target.getFileName().toString());
            writer.write(tmp);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            tmp = null;
            return target;
        } catch (IOException e) {
            // the cause names the caller's path, not the temporary file it was written through
            String cause = rrl.io.IoErrors.describe(e);
            if (tmp != null) {
                cause = cause.replace(tmp.toString(), target.toString());
            }
            throw new UncheckedIOException("cannot write " + target + ": " + cause, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the original failure is the one worth reporting
                }
            }
        }
    }

    /**
     * A new empty hidden file ".NAME.RANDOM.tmp" in {@code dir}, created with the permissions any new file gets
     * (the umask's), not {@link Files#createTempFile}'s owner-only 0600, so the renamed result reads like a file
     * written in place.
     */
    private static Path createSibling(Path dir, String name) throws IOException {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        while (true) {
            Path tmp = dir.resolve("." + name + "." + Long.toUnsignedString(random.nextLong(), 36) + ".tmp");
            try {
                return Files.createFile(tmp);
            } catch (java.nio.file.FileAlreadyExistsException taken) {
                // another writer's temporary file: draw another name
            }
        }
    }

    /** Writes {@code text} as UTF-8. */
    public static Path writeString(Path target, String text) {
        return write(target, tmp -> Files.writeString(tmp, text, StandardCharsets.UTF_8));
    }

    /** Copies {@code source} over {@code target} atomically (the target is the old file or the whole copy). */
    public static Path copy(Path source, Path target) {
        return write(target, tmp -> Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING));
    }

    /** Writes {@code bytes}. */
    public static Path writeBytes(Path target, byte[] bytes) {
        return write(target, tmp -> Files.write(tmp, bytes));
    }
}
