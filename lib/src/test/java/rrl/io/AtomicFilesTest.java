package rrl.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path tmp;

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** A folder appears whole or not at all; an existing non-empty one is refused, an empty one replaced. */
    @Test
    void foldersAppearWholeOrNotAtAll() throws IOException {
        Path d = tmp.resolve("dataset");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> AtomicFiles.writeFolder(d, t -> {
            Files.writeString(Files.createDirectories(t.resolve("data")).resolve("a.txt"), "half");
            throw new IOException("disk full");
        }));
        assertTrue(e.getMessage().contains("dataset") && e.getMessage().contains("disk full"), e.getMessage());
        assertEquals(List.of(), names(), "no folder and no temporary folder left behind");
        Files.createDirectory(d);
        AtomicFiles.writeFolder(d, t -> Files.writeString(t.resolve("a.txt"), "whole"));
        assertEquals("whole", Files.readString(d.resolve("a.txt")));
        IllegalArgumentException exists = assertThrows(IllegalArgumentException.class,
                () -> AtomicFiles.writeFolder(d, t -> { }));
        assertTrue(exists.getMessage().contains("exists and is not empty"), exists.getMessage());
        assertEquals(List.of("dataset"), names());
    }

    @Test
    void aWriterThatFailsHalfwayLeavesTheOldFileAndNoPartialOne() throws IOException {
        Path f = tmp.resolve("metrics.csv");
        AtomicFiles.writeString(f, "old\n");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> AtomicFiles.write(f, t -> {
            Files.writeString(t, "half a ro");
            throw new IOException("disk full");
        }));
        assertTrue(e.getMessage().contains("metrics.csv") && e.getMessage().contains("disk full"), e.getMessage());
        assertEquals("old\n", Files.readString(f));
        assertEquals(List.of("metrics.csv"), names(), "no temporary file left behind");
        // A runtime failure inside the writer is not swallowed either.
        assertThrows(IllegalStateException.class, () -> AtomicFiles.write(tmp.resolve("new.csv"), t -> {
            Files.writeString(t, "partial");
            throw new IllegalStateException("boom");
        }));
        assertFalse(Files.exists(tmp.resolve("new.csv")));
        assertEquals(List.of("metrics.csv"), names());
    }

    /** Files.createTempFile makes owner-only (0600) files; a result must read like any file written in place. */
    @Test
    void theWrittenFileHasTheUsualPermissionsNotATempFilesOwnerOnly() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(tmp.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path plain = Files.createFile(tmp.resolve("plain.txt"));
        Path atomic = AtomicFiles.writeString(tmp.resolve("atomic.txt"), "x");
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(atomic));
    }

    /** A write killed before its rename leaves a hidden .NAME.*.tmp: nothing reads it, the next write does not need it. */
    @Test
    void strayTemporaryFilesAreIgnored() throws IOException {
        Path f = tmp.resolve("metrics.csv");
        AtomicFiles.writeString(f, "step\n1\n");
        Path stray = Files.writeString(tmp.resolve(".metrics.csv.8167.tmp"), "step\n1\n2,");
        assertEquals(1, NumericCsv.read(f, 1, "metrics").rows().length);
        AtomicFiles.writeString(f, "step\n1\n2\n");
        assertEquals(2, NumericCsv.read(f, 1, "metrics").rows().length);
        assertEquals("step\n1\n2,", Files.readString(stray), "left as it was");
    }

    @Test
    void numericCsvWritesAtomically() throws IOException {
        Path f = tmp.resolve("sub/x.csv");
        NumericCsv.write(f, List.of("a", "b"), List.of(new double[] {1, 0.1}));
        assertEquals("a,b\n1,0.1\n", Files.readString(f).replace(System.lineSeparator(), "\n"));
        try (Stream<Path> s = Files.list(f.getParent())) {
            assertEquals(1, s.count());
        }
    }
}
