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

/** {@code rrl train edac}: a short run, its resume, overrides recorded, and bad input as one line, exit 2. */
class EdacTrainCommandTest {
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

    @Test
    void trainsResumesAndRecordsTheOverrides() throws Exception {
        Path data = dataset();
        Path runDir = tmp.resolve("edac");
        String[] args = {"train", "edac", "--env", "hopper", "--dataset", data.toString(), "--steps", "40",
            "--eval-every", "20", "--threads", "2", "--critics", "3", "--eta", "0.5", "--seed", "1", "--run",
            runDir.toString()};
        StringWriter err = new StringWriter();
        assertEquals(0, run(err, args), err.toString());
        // step, 7 EDAC metrics, 3 evaluation columns
        assertEquals(2, NumericCsv.read(runDir.resolve("metrics.csv"), 11, "metrics").rows().length);
        assertTrue(Files.exists(runDir.resolve("policy.ckpt")));
        com.google.gson.JsonObject learner = com.google.gson.JsonParser.parseString(
                Files.readString(runDir.resolve("config.json"))).getAsJsonObject().getAsJsonObject("config")
                .getAsJsonObject("learner");
        assertEquals(3, learner.get("critics").getAsInt(), learner.toString());
        assertEquals(0.5, learner.get("eta").getAsDouble());
        String metrics = Files.readString(runDir.resolve("metrics.csv"));
        assertEquals(0, run(err, args), err.toString());
        assertEquals(metrics, Files.readString(runDir.resolve("metrics.csv")));
        // another eta is another run, named as an EDAC run
        String[] other = args.clone();
        other[15] = "0.7";
        StringWriter refused = new StringWriter();
        assertEquals(2, run(refused, other));
        assertEquals(1, refused.toString().lines().count(), refused.toString());
        assertTrue(refused.toString().startsWith("rrl: error: this folder holds an EDAC run of Hopper seed 1"),
                refused.toString());
    }

    @Test
    void badInputIsOneLineAndExit2() {
        Path data = tmp.resolve("none.hdf5");
        String[][] cases = {{"--critics", "1"}, {"--eta", "-1"}, {"--observation-scaling", "whitened"}};
        String[] wants = {"--critics", "--eta", "unknown observation scaling 'whitened'"};
        for (int i = 0; i < cases.length; i++) {
            StringWriter err = new StringWriter();
            String[] args = {"train", "edac", "--env", "Hopper", "--dataset", data.toString(), "--steps", "10", "--run",
                tmp.resolve("x" + i).toString(), cases[i][0], cases[i][1]};
            assertEquals(2, run(err, args), err.toString());
            String e = err.toString();
            assertEquals(1, e.lines().count(), e);
            assertTrue(e.startsWith("rrl: error:") && e.contains(wants[i]), e);
        }
    }
}
