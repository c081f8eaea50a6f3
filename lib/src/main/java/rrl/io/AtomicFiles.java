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
    /** Writes a file's content (or, for {@link #writeFolder}, a folder's files) to the given temporary path. */
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
        return place(target, false, writer);
    }

    /** The failure naming the caller's path, not the temporary file or folder it was written through. */
    private static UncheckedIOException failure(Path target, Path tmp, IOException e) {
        String cause = rrl.io.IoErrors.describe(e);
        if (tmp != null) {
            cause = cause.replace(tmp.toString(), target.toString());
        }
        return new UncheckedIOException("cannot write " + target + ": " + cause, e);
    }

    /**
     * A new empty hidden file (or folder) ".NAME.RANDOM.tmp" in {@code dir}, created with the permissions any new
     * file gets (the umask's), not {@link Files#createTempFile}'s owner-only 0600, so the renamed result reads like
     * one written in place.
     */
    private static Path createSibling(Path dir, String name, boolean folder) throws IOException {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        while (true) {
            Path tmp = dir.resolve("." + name + "." + Long.toUnsignedString(random.nextLong(), 36) + ".tmp");
            try {
                return folder ? Files.createDirectory(tmp) : Files.createFile(tmp);
            } catch (java.nio.file.FileAlreadyExistsException taken) {
                // another writer's temporary file: draw another name
            }
        }
    }

    /**
     * Lets {@code writer} fill a temporary folder next to {@code target}, then renames it to {@code target}
     * ({@code ATOMIC_MOVE}): readers see no folder or the whole one. A folder cannot be swapped for another in one
     * step, so {@code target} must not exist or be an empty folder (else {@link IllegalArgumentException} naming
     * it); on failure the temporary folder is deleted and the failure rethrown as in {@link #write}.
     */
    public static Path writeFolder(Path target, Writer writer) {
        requireNewFolder(target);
        return place(target, true, writer);
    }

    /** Fills a temporary file or folder beside {@code target} and moves it into place; see {@link #write}. */
    private static Path place(Path target, boolean folder, Writer writer) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = createSibling(dir, target.getFileName().toString(), folder);
            writer.write(tmp);
            if (folder) {
                requireNewFolder(target); // a folder cannot be replaced in one step: only an empty one is
                Files.deleteIfExists(target);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } else {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            tmp = null;
            return target;
        } catch (IOException e) {
            throw failure(target, tmp, e);
        } finally {
            if (tmp != null) {
                deleteTree(tmp); // the original failure is the one worth reporting
            }
        }
    }

    private static void requireNewFolder(Path target) {
        if (Files.isRegularFile(target)) {
            throw new IllegalArgumentException("cannot write the folder " + target + ": it is a file; give a new folder");
        }
        if (Files.isDirectory(target)) {
            try (java.util.stream.Stream<Path> s = Files.list(target)) {
                if (s.findAny().isPresent()) {
                    throw new IllegalArgumentException("cannot write the folder " + target + ": it exists and is not "
                            + "empty; give a new folder or delete it first");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + target + ": " + rrl.io.IoErrors.describe(e), e);
            }
        }
    }

    private static void deleteTree(Path root) {
        try (java.util.stream.Stream<Path> walk = Files.walk(root)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // the original failure is the one worth reporting
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
