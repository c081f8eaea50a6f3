package rrl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rrl.io.NumericCsv;

/** {@code rrl train iql} and {@code rrl train riql}: a short run, its resume, and bad input as one line, exit 2. */
class IqlTrainCommandTest {
    @TempDir
    Path tmp;

    private static int run(StringWriter err, String... args) {
        return Main.execute(args, new PrintWriter(new StringWriter()), new PrintWriter(err));
    }

    private Path dataset() {
        Path file = tmp.resolve("random.hdf5");
        rrl.data.DatasetCollector.collect(rrl.env.Environments.task("Hopper"), rrl.policy.Policies.uniformRandom(2), 1500,
                4, 2, null).write(file);
        return file;
    }

    /** Trains, resumes the finished run (nothing to do, same result), and refuses another --steps (another cosine). */
    @Test
    void iqlTrainsResumesAndNamesAnotherBudgetAsAnotherRun() throws Exception {
        Path data = dataset();
        Path runDir = tmp.resolve("iql");
        String[] args = {"train", "iql", "--env", "hopper", "--dataset", data.toString(), "--steps", "200",
            "--eval-every", "100", "--threads", "1", "--run", runDir.toString()};
        StringWriter err = new StringWriter();
        assertEquals(0, run(err, args), err.toString());
        // step, 6 IQL metrics, 3 evaluation columns
        assertEquals(2, NumericCsv.read(runDir.resolve("metrics.csv"), 10, "metrics").rows().length);
        assertTrue(Files.exists(runDir.resolve("policy.ckpt")));
        String metrics = Files.readString(runDir.resolve("metrics.csv"));
        assertEquals(0, run(err, args), err.toString());
        assertEquals(metrics, Files.readString(runDir.resolve("metrics.csv")));
        StringWriter refused = new StringWriter();
        String[] longer = args.clone();
        longer[7] = "400";
        assertEquals(2, run(refused, longer));
        String e = refused.toString();
        assertEquals(1, e.lines().count(), e);
        assertTrue(e.startsWith("rrl: error: this folder holds an IQL run of Hopper seed 0"), e);
        // the same algorithm, seed and data: the message says the settings differ rather than repeating the summary
        assertTrue(e.contains(" with other settings: ") && !e.contains(", not an IQL run"), e);
    }

    @Test
    void riqlTrainsWithTheTableRow() throws Exception {
        Path data = dataset();
        Path runDir = tmp.resolve("riql");
        StringWriter err = new StringWriter();
        assertEquals(0, run(err, "train", "riql", "--env", "Hopper", "--dataset", data.toString(), "--steps", "100",
                "--eval-every", "100", "--corruption", "random-rewards", "--quantile", "0.1", "--threads", "2", "--run",
                runDir.toString(), "--observation-scaling", "STATES"), err.toString());
        com.google.gson.JsonObject learner = com.google.gson.JsonParser.parseString(
                Files.readString(runDir.resolve("config.json"))).getAsJsonObject().getAsJsonObject("config")
                .getAsJsonObject("learner");
        // the table's Hopper row for random rewards (sigma 1, N 3), the quantile overridden
        assertEquals(3, learner.get("critics").getAsInt(), learner.toString());
        assertEquals(0.1, learner.get("quantile").getAsDouble());
        assertEquals(1.0, learner.get("sigma").getAsDouble());
        // --observation-scaling replaces RIQL's states-and-next, and the config records it
        assertEquals("STATES", learner.get("observationScaling").getAsString(), learner.toString());
    }

    @Test
    void badInputIsOneLineAndExit2() {
        Path data = tmp.resolve("none.hdf5");
        String[][] cases = {
            {"--corruption", "sideways"},
            {"--quantile", "1.5"},
            {"--critics", "0"},
            {"--sigma", "0"},
            {"--observation-scaling", "whitened"},
        };
        String[] wants = {"corruption kind", "--quantile", "--critics", "--sigma",
            "unknown observation scaling 'whitened'; use none, states or states-and-next"};
        for (int i = 0; i < cases.length; i++) {
            StringWriter err = new StringWriter();
            String[] args = {"train", "riql", "--env", "Hopper", "--dataset", data.toString(), "--steps", "10", "--run",
                tmp.resolve("x" + i).toString(), cases[i][0], cases[i][1]};
            assertEquals(2, run(err, args), err.toString());
            String e = err.toString();
            assertEquals(1, e.lines().count(), e);
            assertTrue(e.startsWith("rrl: error:") && e.contains(wants[i]), e);
        }
        StringWriter err = new StringWriter();
        assertEquals(2, run(err, "train", "riql", "--env", "Ant", "--dataset", data.toString(), "--steps", "10", "--run",
                tmp.resolve("ant").toString(), "--corruption", "random-actions"));
        assertTrue(err.toString().contains("RIQL's tuned settings exist for [HalfCheetah, Walker2d, Hopper], not Ant"),
                err.toString());
        StringWriter td3bc = new StringWriter();
        assertEquals(2, run(td3bc, "train", "td3bc", "--env", "Hopper", "--dataset", data.toString(), "--steps", "10",
                "--run", tmp.resolve("z").toString(), "--observation-scaling", "none"));
        assertTrue(td3bc.toString().startsWith("rrl: error: TD3+BC normalises states"), td3bc.toString());
        StringWriter steps = new StringWriter();
        assertEquals(2, run(steps, "train", "iql", "--env", "Hopper", "--dataset", data.toString(), "--steps", "0",
                "--run", tmp.resolve("y").toString()));
        assertTrue(steps.toString().contains("--steps"), steps.toString());
    }
}
