package rrl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rrl.data.D4rlDataset;
import rrl.io.NumericCsv;

class DatasetsAndTrainCommandTest {
    @TempDir
    Path tmp;

    private static int run(StringWriter err, String... args) {
        return Main.execute(args, new PrintWriter(new StringWriter()), new PrintWriter(err));
    }

    /** The README's fresh-clone path: an expert dataset from the shipped policy, then TD3+BC on it. */
    @Test
    void generateFromShippedPolicyThenPretrain() {
        StringWriter err = new StringWriter();
        Path out = tmp.resolve("datasets");
        assertEquals(0, run(err, "datasets", "generate", "--env", "Hopper", "--from-shipped", "--kinds", "expert",
                "--size", "3000", "--out", out.toString()), err.toString());
        Path file = out.resolve("hopper-expert-rrl.hdf5");
        assertEquals(3000, D4rlDataset.read(file).size());
        assertTrue(Files.exists(out.resolve("hopper-expert-rrl.json")));
        Path runDir = tmp.resolve("td3bc");
        assertEquals(0, run(err, "train", "td3bc", "--env", "Hopper", "--dataset", file.toString(), "--steps", "200",
                "--eval-every", "100", "--run", runDir.toString()), err.toString());
        // two evaluations, with the learner's losses beside them (step, 4 TD3+BC metrics, 3 evaluation columns)
        assertEquals(2, NumericCsv.read(runDir.resolve("metrics.csv"), 8, "metrics").rows().length);
        assertTrue(Files.exists(runDir.resolve("policy.ckpt")));
    }

    /** A Hopper-shaped D4RL dataset whose next_observations follow the rows inside each episode. */
    private static D4rlDataset episodic(int n) {
        float[] obs = new float[n * 11];
        float[] next = new float[n * 11];
        float[] act = new float[n * 3];
        float[] rew = new float[n];
        boolean[] term = new boolean[n];
        boolean[] tout = new boolean[n];
        term[n / 3] = true;
        tout[2 * n / 3] = true;
        for (int i = 0; i < n; i++) {
            boolean end = term[i] || tout[i] || i == n - 1;
            for (int j = 0; j < 11; j++) {
                obs[i * 11 + j] = (float) Math.sin(i + 0.1 * j);
                next[i * 11 + j] = end ? 0.5f : (float) Math.sin(i + 1 + 0.1 * j);
            }
            for (int j = 0; j < 3; j++) {
                act[i * 3 + j] = (float) Math.cos(i * 3 + j);
            }
            rew[i] = 1 + 0.01f * i;
        }
        return D4rlDataset.of(n, 11, 3, obs, act, rew, term, tout, next, null, 0, null, 0);
    }

    /** `datasets convert` both ways gives the same arrays back, and `train --dataset` takes the Minari folder. */
    @Test
    void convertToMinariAndBackThenTrainOnMinari() {
        D4rlDataset data = episodic(300);
        Path d4rl = tmp.resolve("toy.hdf5");
        data.write(d4rl);
        Path minari = tmp.resolve("minari/rrl/toy-v0");
        StringWriter err = new StringWriter();
        assertEquals(0, run(err, "datasets", "convert", "--dataset", d4rl.toString(), "--to", "minari", "--out",
                minari.toString(), "--dataset-id", "rrl/toy-v0"), err.toString());
        assertTrue(Files.isRegularFile(minari.resolve("data/main_data.hdf5")));
        Path back = tmp.resolve("back.hdf5");
        assertEquals(0, run(err, "datasets", "convert", "--dataset", minari.toString(), "--to", "d4rl", "--out",
                back.toString()), err.toString());
        assertEquals(data.sha256(), D4rlDataset.read(back).sha256());
        // an existing D4RL output is not replaced either
        StringWriter over = new StringWriter();
        assertEquals(2, run(over, "datasets", "convert", "--dataset", minari.toString(), "--to", "d4rl", "--out",
                back.toString()));
        assertTrue(over.toString().contains("exists; converted files are not overwritten"), over.toString());

        StringWriter again = new StringWriter();
        assertEquals(2, run(again, "datasets", "convert", "--dataset", d4rl.toString(), "--to", "minari", "--out",
                minari.toString()));
        assertTrue(again.toString().contains("exists; Minari datasets are not overwritten"), again.toString());
        StringWriter badTo = new StringWriter();
        assertEquals(2, run(badTo, "datasets", "convert", "--dataset", d4rl.toString(), "--to", "parquet", "--out",
                tmp.resolve("p").toString()));
        assertEquals("rrl: error: --to parquet is not a format rrl writes; use --to minari or --to d4rl",
                badTo.toString().strip());
        assertEquals("rrl/hopper/expert-v0", DatasetsCommand.Convert.defaultId(tmp.resolve("m/rrl/hopper/expert-v0"),
                tmp.resolve("m").toString()));
        assertEquals("expert-v0", DatasetsCommand.Convert.defaultId(tmp.resolve("expert-v0"), null));
        // a folder without a version would get an id minari.load_dataset cannot find: refused
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DatasetsCommand.Convert.defaultId(
                tmp.resolve("m/rrl/hopper/nc"), tmp.resolve("m").toString())).getMessage().contains("-v0"));

        Path runDir = tmp.resolve("td3bc-minari");
        assertEquals(0, run(err, "train", "td3bc", "--env", "Hopper", "--dataset", minari.toString(), "--steps", "20",
                "--eval-every", "20", "--run", runDir.toString()), err.toString());
        assertTrue(Files.exists(runDir.resolve("policy.ckpt")));
    }

    @Test
    void mediumReplayWithoutARunIsAClearError() {
        StringWriter err = new StringWriter();
        assertEquals(2, run(err, "datasets", "generate", "--env", "Hopper", "--from-shipped", "--kinds", "medium-replay",
                "--size", "10", "--out", tmp.toString()));
        assertTrue(err.toString().contains("medium-replay is a training run's replay buffer"), err.toString());
    }

    /** A file with no q-learning transitions (a single row) is one line and exit 2, before any training. */
    @Test
    void datasetWithoutTransitionsIsOneLine() {
        Path one = tmp.resolve("one-row.hdf5");
        D4rlDataset.of(1, 11, 3, new float[11], new float[3], new float[1], new boolean[1], new boolean[1]).write(one);
        StringWriter err = new StringWriter();
        Path runDir = tmp.resolve("r");
        assertEquals(2, run(err, "train", "td3bc", "--env", "Hopper", "--dataset", one.toString(), "--steps", "10",
                "--run", runDir.toString()), err.toString());
        String e = err.toString();
        assertTrue(e.startsWith("rrl: error: no transitions remain after D4RL's q-learning rule"), e);
        assertTrue(e.contains("use a dataset with complete transitions"), e);
        assertEquals(1, e.lines().count(), e);
        assertTrue(!e.contains("\tat ") && !e.contains("std must be positive"), e);
        assertTrue(!Files.exists(runDir), "no run folder before the data is known to be usable");
    }

    @Test
    void corruptDatasetFileIsAClearError() throws Exception {
        Path bad = Files.writeString(tmp.resolve("bad.hdf5"), "not hdf5 at all");
        StringWriter err = new StringWriter();
        assertEquals(2, run(err, "train", "td3bc", "--env", "Hopper", "--dataset", bad.toString(), "--steps", "10",
                "--run", tmp.resolve("r").toString()));
        assertTrue(err.toString().startsWith("rrl: error:") && err.toString().contains("bad.hdf5"), err.toString());
    }

    /** `train td3bc` pins its dataset: resuming with another --dataset is one line naming both files, exit 2. */
    @Test
    void resumeWithAnotherDatasetIsRefusedNamingBoth() {
        Path a = tmp.resolve("a.hdf5");
        Path b = tmp.resolve("b.hdf5");
        rrl.data.DatasetCollector.collect(rrl.env.Environments.task("Hopper"), rrl.policy.Policies.uniformRandom(2), 1500,
                4, 2, null).write(a);
        rrl.data.DatasetCollector.collect(rrl.env.Environments.task("Hopper"), rrl.policy.Policies.uniformRandom(3), 1500,
                4, 5, null).write(b);
        Path runDir = tmp.resolve("run");
        StringWriter err = new StringWriter();
        assertEquals(0, run(err, "train", "td3bc", "--env", "Hopper", "--dataset", a.toString(), "--steps", "100",
                "--eval-every", "100", "--threads", "1", "--run", runDir.toString()), err.toString());
        StringWriter refused = new StringWriter();
        assertEquals(2, run(refused, "train", "td3bc", "--env", "Hopper", "--dataset", b.toString(), "--steps", "200",
                "--eval-every", "100", "--threads", "1", "--run", runDir.toString()));
        String e = refused.toString();
        assertEquals(1, e.lines().count(), e);
        assertTrue(e.startsWith("rrl: error: this folder holds a TD3+BC run of Hopper seed 0 on " + a)
                && e.contains("not a TD3+BC run of Hopper seed 0 on " + b) && e.contains("use another folder"), e);
        // the same file resumes
        StringWriter again = new StringWriter();
        assertEquals(0, run(again, "train", "td3bc", "--env", "Hopper", "--dataset", a.toString(), "--steps", "200",
                "--eval-every", "100", "--threads", "1", "--run", runDir.toString()), again.toString());
        assertEquals(2, NumericCsv.read(runDir.resolve("metrics.csv"), 8, "metrics").rows().length);
    }
}
