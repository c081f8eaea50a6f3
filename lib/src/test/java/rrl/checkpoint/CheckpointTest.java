package rrl.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same state gives the same checkpoint bytes, whatever the clock says. */
class CheckpointTest {
    @TempDir
    Path tmp;

    @Test
    void theSameStateWrittenAtDifferentTimesHasTheSameBytes() throws Exception {
        Checkpoint c = Checkpoint.create("test").putTensor("w", new float[] {1, 2, 3}).putLongs("rng", 7L, 8L);
        Path a = tmp.resolve("a.ckpt");
        Path b = tmp.resolve("b.ckpt");
        c.write(a);
        Thread.sleep(2100); // DOS times in a zip have two-second steps
        c.write(b);
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        assertArrayEquals(new float[] {1, 2, 3}, Checkpoint.read(b).tensor("w"));
    }

    /** A file cut short anywhere, also between two entries, is refused as damaged, naming the file. */
    @Test
    void aCheckpointCutShortAnywhereIsRefusedAsDamaged() throws Exception {
        Checkpoint c = Checkpoint.create("test").putTensor("a", new float[64]).putTensor("b", new float[64])
                .putLongs("rng", 7L);
        Path whole = tmp.resolve("whole.ckpt");
        c.write(whole);
        byte[] bytes = Files.readAllBytes(whole);
        for (int cut = 0; cut < bytes.length; cut++) {
            Path f = Files.write(tmp.resolve("cut.ckpt"), java.util.Arrays.copyOf(bytes, cut));
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> Checkpoint.read(f), "cut at " + cut);
            org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("not an rrl checkpoint")
                    && e.getMessage().contains(f.toString()), "cut at " + cut + ": " + e.getMessage());
        }
    }

    /** Map.of iterates in an order that changes between JVMs: meta.json writes such maps sorted by key. */
    @Test
    void unorderedMapsInMetaAreWrittenSortedSoEveryJvmWritesTheSameBytes() {
        Checkpoint c = Checkpoint.create("test").putMeta("run", java.util.Map.of("seed", 3, "algorithm", "TD3",
                "condition", java.util.Map.of("z", 1, "a", 2)));
        org.junit.jupiter.api.Assertions.assertEquals("{\"algorithm\":\"TD3\",\"condition\":{\"a\":2,\"z\":1},\"seed\":3}",
                c.meta().get("run").toString());
    }
}
