package rrl.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Minari datasets against minari itself (lib/src/test/python/minari_oracle.py, minari 0.5.3 in the project venv):
 * a dataset made by minari's DataCollector on Gymnasium's Hopper-v4 (random actions, some episodes terminated,
 * some truncated) reads into the arrays minari's iterate_episodes() gives, flattened by the rule in
 * {@link MinariHdf5}, and into the q-learning view D4RL's rule gives for them; what rrl writes, minari.load_dataset
 * loads with the same arrays.
 */
class MinariInteropTest {
    private static final String ID = "rrltest/hopper/random-v0";

    @TempDir
    Path tmp;

    /** Runs the oracle; returns its line "episodes steps terminated truncated". */
    private String oracle(String cmd, Path root, String id, Path dump) throws Exception {
        String out = H5pyInteropTest.python(List.of(
                H5pyInteropTest.projectDir().resolve("lib/src/test/python/minari_oracle.py").toString(),
                cmd, root.toString(), id, dump.toString()));
        String[] lines = out.strip().split("\n");
        return lines[lines.length - 1];
    }

    private static float[] floats(HdfFile f, String key) {
        return (float[]) f.getDatasetByPath(key).getDataFlat();
    }

    private static boolean[] flags(HdfFile f, String key) {
        byte[] b = (byte[]) f.getDatasetByPath(key).getDataFlat();
        boolean[] r = new boolean[b.length];
        for (int i = 0; i < b.length; i++) {
            r[i] = b[i] != 0;
        }
        return r;
    }

    private static int[] ints(HdfFile f, String key) {
        return (int[]) f.getDatasetByPath(key).getDataFlat();
    }

    /** The dump's flattened arrays are the dataset's D4RL arrays. */
    private static void assertSameArrays(HdfFile dump, D4rlDataset ds) {
        assertArrayEquals(floats(dump, "obs"), ds.observations(), "observations");
        assertArrayEquals(floats(dump, "next_obs"), ds.nextObservations(), "next_observations");
        assertArrayEquals(floats(dump, "act"), ds.actions(), "actions");
        assertArrayEquals(floats(dump, "rew"), ds.rewards(), "rewards");
        assertArrayEquals(flags(dump, "term"), ds.terminals(), "terminals = terminations");
        assertArrayEquals(flags(dump, "trunc"), ds.timeouts(), "timeouts = truncations");
    }

    @Test
    void readsWhatMinariWritesAndMinariLoadsWhatWeWrite() throws Exception {
        Path root = tmp.resolve("minari");
        Path dump = tmp.resolve("expected.hdf5");
        String[] counts = oracle("collect", root, ID, dump).split(" ");
        int episodes = Integer.parseInt(counts[0]);
        assertTrue(Integer.parseInt(counts[2]) >= 1 && Integer.parseInt(counts[3]) >= 1,
                "the oracle dataset needs a terminated and a truncated episode: " + String.join(" ", counts));
        Path folder = root.resolve(ID);

        D4rlDataset ds = D4rlDataset.read(folder);
        try (HdfFile d = new HdfFile(dump)) {
            assertEquals(Integer.parseInt(counts[1]), ds.size(), "one row per step");
            assertEquals(11, ds.obsDim());
            assertEquals(3, ds.actDim());
            assertSameArrays(d, ds);
            Transitions t = ds.qlearningView();
            assertArrayEquals(floats(d, "q_obs"), t.obs(), "q-learning obs");
            assertArrayEquals(floats(d, "q_act"), t.actions(), "q-learning actions");
            assertArrayEquals(floats(d, "q_rew"), t.rewards(), "q-learning rewards");
            assertArrayEquals(floats(d, "q_next"), t.nextObs(), "q-learning next obs");
            assertArrayEquals(floats(d, "q_done"), t.dones(), "q-learning terminals");
            assertEquals(ds.size() - Integer.parseInt(counts[3]) - (ds.timeout(ds.size() - 1) ? 0 : 1), t.count(),
                    "each truncated episode's last step and the dataset's last step are dropped");
        }
        // the data folder and the file itself read the same
        assertEquals(ds.sha256(), D4rlDataset.read(folder.resolve("data")).sha256());
        assertEquals(ds.sha256(), D4rlDataset.read(folder.resolve("data/main_data.hdf5")).sha256());

        // round trip through minari: rrl writes, minari.load_dataset loads the same episodes
        Path root2 = tmp.resolve("minari2");
        String id2 = "rrltest/hopper/copy-v0";
        ds.writeMinari(root2.resolve(id2), id2);
        Path dump2 = tmp.resolve("loaded.hdf5");
        String[] counts2 = oracle("load", root2, id2, dump2).split(" ");
        assertArrayEquals(counts, counts2, "episodes, steps, terminated, truncated as minari counts them");
        try (HdfFile d = new HdfFile(dump); HdfFile d2 = new HdfFile(dump2)) {
            assertSameArrays(d2, ds);
            assertArrayEquals(ints(d, "lengths"), ints(d2, "lengths"), "episode lengths");
            assertArrayEquals(ints(d, "obs_rows"), ints(d2, "obs_rows"), "T+1 observations per episode");
            assertEquals(episodes, ints(d2, "lengths").length);
        }
        assertEquals(ds.sha256(), D4rlDataset.read(root2.resolve(id2)).sha256(), "rrl reads back what it wrote");
    }

    @Test
    void d4rlToMinariAndBackIsExactAndEpisodesSplitAtFlags() throws Exception {
        int n = 9;
        float[] obs = new float[n * 2];
        float[] next = new float[n * 2];
        float[] act = new float[n];
        float[] rew = new float[n];
        boolean[] term = new boolean[n];
        boolean[] tout = new boolean[n];
        term[2] = true;
        tout[5] = true;
        for (int i = 0; i < n; i++) {
            obs[2 * i] = i;
            obs[2 * i + 1] = -i;
            act[i] = 0.1f * i;
            rew[i] = i;
        }
        for (int i = 0; i < n; i++) { // within an episode next = the following row; at its end the final observation
            boolean end = term[i] || tout[i] || i == n - 1;
            next[2 * i] = end ? 100 + i : i + 1;
            next[2 * i + 1] = end ? -100 - i : -(i + 1);
        }
        D4rlDataset ds = D4rlDataset.of(n, 2, 1, obs, act, rew, term, tout, next, null, 0, null, 0);
        Path folder = tmp.resolve("rrl/toy-v0");
        ds.writeMinari(folder, "rrl/toy-v0");
        D4rlDataset back = D4rlDataset.read(folder);
        assertEquals(ds.sha256(), back.sha256(), "D4RL -> Minari -> D4RL keeps every array");
        try (HdfFile f = new HdfFile(folder.resolve("data/main_data.hdf5"))) {
            assertEquals(3, f.getChildren().size(), "episodes end at the terminal row 2, the timeout row 5, the last row");
            assertEquals(4, f.getDatasetByPath("episode_0/observations").getDimensions()[0], "T+1 observations");
            assertEquals(102f, ((float[][]) f.getDatasetByPath("episode_0/observations").getData())[3][0],
                    "the final observation is the last row's next_observations");
            assertEquals(3L, ((Number) f.getByPath("episode_2").getAttribute("total_steps").getData()).longValue());
        }
        assertTrue(Files.isRegularFile(folder.resolve("data/metadata.json")));
        String space = com.google.gson.JsonParser.parseString(Files.readString(folder.resolve("data/metadata.json")))
                .getAsJsonObject().get("action_space").getAsString();
        assertTrue(space.contains("\"low\": [-1.0], \"high\": [1.0]"), space); // the control range holds these actions
        float[] wide = act.clone();
        wide[4] = 1.25f; // an unclipped perturbed action: the recorded space widens to contain it
        D4rlDataset.of(n, 2, 1, obs, wide, rew, term, tout, next, null, 0, null, 0).writeMinari(tmp.resolve("wide-v0"), "wide-v0");
        String wideSpace = com.google.gson.JsonParser.parseString(Files.readString(tmp.resolve("wide-v0/data/metadata.json")))
                .getAsJsonObject().get("action_space").getAsString();
        assertTrue(wideSpace.contains("\"low\": [-1.0], \"high\": [1.25]"), wideSpace);
        assertFalse(Files.list(tmp.resolve("rrl")).anyMatch(p -> p.getFileName().toString().endsWith(".tmp")),
                "no temporary folder left behind");

        IllegalArgumentException exists = assertThrows(IllegalArgumentException.class,
                () -> ds.writeMinari(folder, "rrl/toy-v0"));
        assertTrue(exists.getMessage().contains("exists and is not empty"), exists.getMessage());

        next[0] = 42; // no longer the following row's observation: Minari cannot store it
        D4rlDataset broken = D4rlDataset.of(n, 2, 1, obs, act, rew, term, tout, next, null, 0, null, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> broken.writeMinari(tmp.resolve("other-v0"), "other-v0"));
        assertTrue(e.getMessage().contains("next_observations row 0 differs from observations row 1"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("other-v0")), "a refused write leaves no folder");
    }

    @Test
    void aFileThatIsNeitherIsOneLine() throws Exception {
        Path f = tmp.resolve("other.hdf5");
        try (io.jhdf.WritableHdfFile w = HdfFile.write(f)) {
            w.putDataset("states", new float[] {1, 2});
        }
        D4rlFormatException e = assertThrows(D4rlFormatException.class, () -> D4rlDataset.read(f));
        assertTrue(e.getMessage().contains("neither a D4RL file") && e.getMessage().contains("[states]"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));

        Path dir = Files.createDirectories(tmp.resolve("empty-folder"));
        D4rlFormatException d = assertThrows(D4rlFormatException.class, () -> D4rlDataset.read(dir));
        assertTrue(d.getMessage().contains("folder without data/main_data.hdf5"), d.getMessage());
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/metadata.json"), "{\"data_format\": \"arrow\"}");
        d = assertThrows(D4rlFormatException.class, () -> D4rlDataset.read(dir));
        assertTrue(d.getMessage().contains("\"arrow\" storage"), d.getMessage());

        IllegalArgumentException id = assertThrows(IllegalArgumentException.class,
                () -> D4rlDatasetTest.small(false).writeMinari(tmp.resolve("x"), "no-version"));
        assertTrue(id.getMessage().contains("(namespace/)name-vN"), id.getMessage());
    }
}
