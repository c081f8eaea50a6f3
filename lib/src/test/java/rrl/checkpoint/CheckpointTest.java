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
}
