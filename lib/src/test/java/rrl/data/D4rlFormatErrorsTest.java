package rrl.data;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every bad input gives a D4rlFormatException naming the file, the problem and the fix. */
class D4rlFormatErrorsTest {
    @TempDir
    Path tmp;

    static final float[][] OBS = {{1, 2}, {3, 4}, {5, 6}};
    static final float[][] ACT = {{1}, {2}, {3}};
    static final float[] REW = {1, 2, 3};
    static final byte[] FLAGS = {0, 0, 1};

    private String fail(Path file) {
        D4rlFormatException e = assertThrows(D4rlFormatException.class, () -> D4rlDataset.read(file));
        String m = e.getMessage();
        assertTrue(m.contains(file.toString()), "message should name the file: " + m);
        return m;
    }

    private Path hdf(String name, Consumer<WritableHdfFile> body) {
        Path f = tmp.resolve(name);
        try (WritableHdfFile w = HdfFile.write(f)) {
            body.accept(w);
        }
        return f;
    }

    private static void required(WritableHdfFile w, String skip) {
        if (!skip.equals("observations")) w.putDataset("observations", OBS);
        if (!skip.equals("actions")) w.putDataset("actions", ACT);
        if (!skip.equals("rewards")) w.putDataset("rewards", REW);
        if (!skip.equals("terminals")) w.putDataset("terminals", FLAGS);
        if (!skip.equals("timeouts")) w.putDataset("timeouts", FLAGS);
    }

    @Test
    void missingFile() {
        String m = fail(tmp.resolve("nope.hdf5"));
        assertTrue(m.contains("no such file"), m);
    }

    @Test
    void notHdf5() throws Exception {
        Path f = tmp.resolve("text.hdf5");
        Files.writeString(f, "observations,actions\n1,2\n".repeat(100));
        String m = fail(f);
        assertTrue(m.contains("not an HDF5 file (bad signature)"), m);
    }

    /** A junk main_data.hdf5 in a Minari folder is named as a broken Minari data file, not as a bad D4RL file. */
    @Test
    void junkInAMinariFolderIsNamedAsMinari() throws Exception {
        Path folder = tmp.resolve("minari/hopper-v0");
        Files.createDirectories(folder.resolve("data"));
        Path main = folder.resolve("data/main_data.hdf5");
        Files.writeString(main, "not hdf5 at all\n".repeat(100));
        String m = assertThrows(D4rlFormatException.class, () -> D4rlDataset.read(folder)).getMessage();
        assertTrue(m.contains(main.toString()) && m.contains("not an HDF5 file (bad signature)")
                && m.contains("a Minari dataset's main_data.hdf5") && m.contains("recreate the Minari dataset"), m);
        assertTrue(!m.contains("D4RL"), m);
        // an HDF5 file with neither layout, as Minari's data file: says what Minari's holds
        Files.delete(main);
        try (WritableHdfFile w = HdfFile.write(main)) {
            w.putDataset("something", REW);
        }
        m = assertThrows(D4rlFormatException.class, () -> D4rlDataset.read(folder)).getMessage();
        assertTrue(m.contains("holds episode groups 'episode_0'") && m.contains("[something]")
                && !m.contains("D4RL file"), m);
        // the same junk as a D4RL file keeps the D4RL wording
        Path d4rl = tmp.resolve("junk.hdf5");
        Files.writeString(d4rl, "not hdf5 at all\n".repeat(100));
        assertTrue(fail(d4rl).contains("expected a D4RL .hdf5 file"));
    }

    @Test
    void emptyFile() throws Exception {
        Path f = tmp.resolve("empty.hdf5");
        Files.write(f, new byte[0]);
        assertTrue(fail(f).contains("not an HDF5 file"));
    }

    @Test
    void truncated() throws Exception {
        Path good = hdf("good.hdf5", w -> required(w, ""));
        byte[] all = Files.readAllBytes(good);
        for (int keep : new int[] {all.length / 2, 20}) {
            Path f = tmp.resolve("cut" + keep + ".hdf5");
            Files.write(f, java.util.Arrays.copyOf(all, keep));
            String m = fail(f);
            assertTrue(m.contains("truncated") && m.contains("re-download or regenerate"), m);
        }
    }

    @Test
    void missingRequiredKey() {
        for (String key : new String[] {"observations", "actions", "rewards", "terminals", "timeouts"}) {
            Path f = hdf("no-" + key + ".hdf5", w -> required(w, key));
            String m = fail(f);
            assertTrue(m.contains("missing dataset '" + key + "': a D4RL file needs observations, actions, "
                    + "rewards, terminals, timeouts"), m);
        }
    }

    @Test
    void mismatchedRows() {
        Path f = hdf("rows.hdf5", w -> {
            required(w, "actions");
            w.putDataset("actions", new float[][] {{1}, {2}});
        });
        String m = fail(f);
        assertTrue(m.contains("observations has 3 rows but actions has 2"), m);

        Path g = hdf("flags.hdf5", w -> {
            required(w, "timeouts");
            w.putDataset("timeouts", new byte[] {0, 1});
        });
        assertTrue(fail(g).contains("observations has 3 rows but timeouts has 2"));
    }

    @Test
    void wrongShapes() {
        Path f = hdf("rank.hdf5", w -> {
            required(w, "observations");
            w.putDataset("observations", new float[] {1, 2, 3});
        });
        assertTrue(fail(f).contains("observations has shape [3], expected 2-D"));

        Path g = hdf("next.hdf5", w -> {
            required(w, "");
            w.putDataset("next_observations", new float[][] {{1, 2, 3}, {1, 2, 3}, {1, 2, 3}});
        });
        String m = fail(g);
        assertTrue(m.contains("next_observations has shape [3, 3] but observations has [3, 2]"), m);

        Path h = hdf("rew.hdf5", w -> {
            required(w, "rewards");
            w.putDataset("rewards", new float[][] {{1, 1}, {2, 2}, {3, 3}});
        });
        assertTrue(fail(h).contains("rewards has shape [3, 2], expected (N,) or (N, 1)"));
    }

    @Test
    void groupWhereDatasetExpected() {
        Path f = hdf("group.hdf5", w -> {
            required(w, "rewards");
            w.putGroup("rewards").putDataset("x", REW);
        });
        assertTrue(fail(f).contains("'rewards' is a group, expected a dataset"));
    }
}
