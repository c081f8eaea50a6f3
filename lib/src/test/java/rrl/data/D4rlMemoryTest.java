package rrl.data;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rrl.guard.MemoryLimitException;

/**
 * A D4RL file whose arrays cannot fit is refused from its shapes, before any array is read. The files are
 * tiny: h5py declares huge chunked datasets and writes no chunk.
 */
class D4rlMemoryTest {
    @TempDir
    Path tmp;

    private Path declared(long n) throws Exception {
        Path f = tmp.resolve("huge-" + n + ".hdf5");
        H5pyInteropTest.python(List.of("-c", String.join("\n",
                "import h5py, sys",
                "n = " + n,
                "with h5py.File(sys.argv[1], 'w') as f:",
                "    for k, w in (('observations', 17), ('actions', 6), ('next_observations', 17)):",
                "        f.create_dataset(k, shape=(n, w), dtype='f4', chunks=(1024, w), compression='gzip')",
                "    f.create_dataset('rewards', shape=(n,), dtype='f4', chunks=(4096,), compression='gzip')",
                "    for k in ('terminals', 'timeouts'):",
                "        f.create_dataset(k, shape=(n,), dtype='?', chunks=(4096,), compression='gzip')"),
                f.toString()));
        return f;
    }

    @Test
    void fileLargerThanTheHeapIsRefusedBeforeReading() throws Exception {
        Path f = declared(100_000_000);
        MemoryLimitException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> assertThrows(MemoryLimitException.class, () -> D4rlDataset.read(f)));
        String m = e.getMessage();
        assertTrue(m.startsWith("reading " + f + " (100000000 transitions) needs about "), m);
        assertTrue(m.contains("use a smaller dataset"), m);
    }

    @Test
    void arrayPastJavasLimitIsRefused() throws Exception {
        Path f = declared(200_000_000);
        MemoryLimitException e = assertThrows(MemoryLimitException.class, () -> D4rlDataset.read(f));
        assertTrue(e.getMessage().contains(f + " (/observations) needs an array of 3400000000 elements"),
                e.getMessage());
    }
}
