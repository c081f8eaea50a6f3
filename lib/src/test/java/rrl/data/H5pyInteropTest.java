package rrl.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Files written by h5py in D4RL's style (lib/src/test/python/make_d4rl_like.py: gzip datasets, numpy bool
 * flags stored as HDF5 enum, float64 variant, metadata and infos/action_log_probs extras) load unchanged,
 * and our qlearning view equals the script's copy of d4rl.qlearning_dataset. Also checks that h5py reads
 * what we write.
 */
class H5pyInteropTest {
    // Must match make_d4rl_like.py.
    static final int N = 25;
    static final int OBS = 3;
    static final int ACT = 2;

    @TempDir
    Path tmp;

    static Path projectDir() {
        return Path.of(System.getProperty("rrl.project.dir", "..")).toAbsolutePath().normalize();
    }

    static String python(List<String> args) throws IOException, InterruptedException {
        Path python = projectDir().resolve(".venv/bin/python");
        assertTrue(Files.isExecutable(python), "the h5py oracle needs the project venv at " + python
                + "; run environment/setup.sh");
        List<String> cmd = new ArrayList<>();
        cmd.add(python.toString());
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "python timed out");
        assertEquals(0, p.exitValue(), "python failed (is h5py==3.11.0 installed in .venv?):\n" + out);
        return out;
    }

    @ParameterizedTest(name = "{0} flags={1}")
    @CsvSource({"float32, bool", "float64, bool", "float32, int8", "float32, uint8", "float32, float32"})
    void readsH5pyFile(String floatType, String flags) throws Exception {
        Path file = tmp.resolve("d4rl_like.hdf5");
        Path expected = tmp.resolve("expected_q.hdf5");
        List<String> args = new ArrayList<>(List.of(
                projectDir().resolve("lib/src/test/python/make_d4rl_like.py").toString(),
                file.toString(), expected.toString(), "--flags", flags));
        if (floatType.equals("float64")) {
            args.add("--float64");
        }
        python(args);

        D4rlDataset ds = D4rlDataset.read(file);
        assertEquals(N, ds.size());
        assertEquals(OBS, ds.obsDim());
        assertEquals(ACT, ds.actDim());
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < OBS; j++) {
                assertEquals((float) (i + j / 10.0), ds.observation(i, j), "obs " + i + "," + j);
            }
            for (int j = 0; j < ACT; j++) {
                assertEquals((float) (-i - j / 10.0), ds.action(i, j));
            }
            assertEquals(0.5f * i, ds.reward(i));
            assertEquals(i == 6, ds.terminal(i), "terminal " + i);
            assertEquals(i == 14, ds.timeout(i), "timeout " + i);
        }
        assertTrue(ds.hasNextObservations());
        assertEquals(4, ds.qposDim());
        assertEquals(3, ds.qvelDim());
        assertEquals(2401f, ds.qpos()[24 * 4 + 1]);
        assertEquals(-2402f, ds.qvel()[24 * 3 + 2]);

        Transitions t = ds.qlearningView();
        assertEquals(N - 2, t.count(), "one timeout and the last row dropped");
        for (int k = 0; k < t.count(); k++) {
            int row = Math.round(t.obs()[k * OBS]); // obs[i][0] == i identifies the source row
            assertTrue(row != 14 && row != N - 1, "row " + row + " should have been dropped");
            assertEquals(row + 1f, t.nextObs()[k * OBS], "next obs is observations[i+1]");
            assertEquals(row == 6 ? 1f : 0f, t.dones()[k]);
        }
        try (HdfFile q = new HdfFile(expected)) {
            assertArrayEquals((float[]) q.getDatasetByPath("observations").getDataFlat(), t.obs());
            assertArrayEquals((float[]) q.getDatasetByPath("next_observations").getDataFlat(), t.nextObs());
            assertArrayEquals((float[]) q.getDatasetByPath("actions").getDataFlat(), t.actions());
            assertArrayEquals((float[]) q.getDatasetByPath("rewards").getDataFlat(), t.rewards());
            assertArrayEquals((float[]) q.getDatasetByPath("terminals").getDataFlat(), t.dones());
        }

        DatasetStatistics s = ds.statistics();
        assertEquals(3, s.episodes()); // ends at 6 and 14, plus rows 15..24
        assertEquals(0.5 * (0 + 6) * 7 / 2, s.episodeReturns().get(0), 1e-6);
        assertEquals(12.0, s.obsMean()[0], 1e-6);
        assertFalse(Double.isNaN(s.meanReturn()));
    }

    @Test
    void h5pyReadsWhatWeWrite() throws Exception {
        Path file = tmp.resolve("ours.hdf5");
        D4rlDatasetTest.small(true).write(file);
        String out = python(List.of("-c", "import h5py, sys\n"
                + "f = h5py.File(sys.argv[1], 'r')\n"
                + "print(f['observations'].dtype, f['observations'].shape, f['infos/qpos'].shape)\n"
                + "print(int(f['terminals'][:].astype(bool).sum()), int(f['timeouts'][:].astype(bool).argmax()))\n"
                + "print(float(f['rewards'][:].sum()), float(f['next_observations'][1, 0]))\n", file.toString()));
        assertEquals("float32 (7, 2) (7, 3)\n1 5\n28.0 1.5\n", out);
    }
    /**
     * A transitions file (two rows per transition) with a flag group: h5py reads the flags and their attributes, and
     * D4RL's q-learning rule (qlearning_dataset's loop: skip a row flagged timeout, next observation = the next row)
     * gives back exactly the transitions, whose next observations are not the following transition's observations.
     * jhdf stores text attributes as fixed-length strings, which h5py returns as bytes.
     */
    @Test
    void h5pyReadsTransitionPairsAndFlags() throws Exception {
        float[] obs = {0, 1, 2, 3, 4, 5};
        float[] next = {10, 11, 12, 13, 14, 15};
        Transitions t = new Transitions(obs, new float[] {0.5f, -0.5f, 0.25f}, new float[] {1, 2, 3}, next,
                new float[] {0, 1, 0}, 3, 2, 1);
        D4rlDataset d = D4rlDataset.ofTransitions(t);
        Transitions back = d.qlearningView();
        assertEquals(java.util.Arrays.toString(next), java.util.Arrays.toString(back.nextObs()));
        assertEquals(java.util.Arrays.toString(t.dones()), java.util.Arrays.toString(back.dones()));
        Path file = tmp.resolve("pairs.hdf5");
        d.write(file, new FlagGroup("corruption", java.util.Map.of("dyn", new boolean[] {true, false, true}),
                java.util.Map.of("mode", "random")));
        String out = python(List.of("-c", "import h5py, sys\n"
                + "f = h5py.File(sys.argv[1], 'r')\n"
                + "o, a, r, term, tout = (f[k][:] for k in ('observations', 'actions', 'rewards', 'terminals', 'timeouts'))\n"
                + "rows = [(o[i].tolist(), a[i].tolist(), float(r[i]), o[i + 1].tolist(), bool(term[i])) for i in "
                + "range(len(r) - 1) if not tout[i]]\n"
                + "print(rows)\n"
                + "print(f['corruption/dyn'][:].astype(bool).tolist(), f['corruption'].attrs['mode'].decode())\n", file.toString()));
        assertEquals("[([0.0, 1.0], [0.5], 1.0, [10.0, 11.0], False), ([2.0, 3.0], [-0.5], 2.0, [12.0, 13.0], True), "
                + "([4.0, 5.0], [0.25], 3.0, [14.0, 15.0], False)]\n[True, False, True] random\n", out);
        FlagGroup g = D4rlDataset.readFlags(file, "corruption");
        assertEquals("[true, false, true]", java.util.Arrays.toString(g.flags().get("dyn")));
        assertEquals("random", g.attributes().get("mode"));
        assertEquals(null, D4rlDataset.readFlags(file, "other"));
    }
}
