package rrl.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemoryBudgetTest {
    @TempDir
    Path tmp;

    @Test
    void readsMemAvailableInBytes() throws Exception {
        Path f = tmp.resolve("meminfo");
        Files.writeString(f, "MemTotal:       24684544 kB\nMemFree:        20674560 kB\nMemAvailable:   22179840 kB\n");
        assertEquals(22179840L * 1024, MemoryBudget.memAvailable(f));
        assertEquals(-1, MemoryBudget.memAvailable(tmp.resolve("none")));
        assertTrue(MemoryBudget.machineAvailable() > 0);
    }

    @Test
    void refusalNamesEstimateLimitFixAndHowManyFit() {
        long heap = Runtime.getRuntime().maxMemory();
        MemoryLimitException e = assertThrows(MemoryLimitException.class, () -> MemoryBudget.require(
                new MemoryBudget.Request("a pile of 1000 widgets", 4 * heap, 0, "4 heaps", "make fewer widgets", 1000)));
        String m = e.getMessage();
        assertTrue(m.startsWith("a pile of 1000 widgets needs about ") && m.contains("of Java heap (4 heaps) but the "
                + "JVM's max heap of ") && m.contains("; make fewer widgets (about ") && m.endsWith("raise -Xmx "
                + "(RRL_JAVA_OPTS for bin/rrl)."), m);
        assertEquals(1, m.lines().count());
        MemoryBudget.require(new MemoryBudget.Request("a few bytes", 1000, 1000, null, "-"));
    }

    @Test
    void formatsBytes() {
        assertEquals("999 bytes", MemoryBudget.bytes(999));
        assertEquals("3.2 MB", MemoryBudget.bytes(3_200_000));
        assertEquals("404.7 GB", MemoryBudget.bytes(404_700_000_000L));
    }
}
