package rrl.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rrl.data.DatasetCollector;
import rrl.env.Environments;
import rrl.io.NumericCsv;
import rrl.policy.ActorPolicy;
import rrl.policy.ShippedPolicies;

/** {@code rrl train bcq}: a few updates into a run folder, an exact resume, and bad input as one line, exit 2. */
class TrainBcqCommandTest {
    @TempDir
    Path tmp;

    /** Holds the dataset, which the tests only read. */
    @TempDir
    static Path shared;

    private static Path data;

    private static int run(StringWriter err, String... args) {
        return Main.execute(args, new PrintWriter(new StringWriter()), new PrintWriter(err));
    }

    /** Collected once for the class. */
    @BeforeAll
    static void smallExpertDataset() {
        data = shared.resolve("hopper-expert.hdf5");
        DatasetCollector.collect(Environments.task("Hopper"), ShippedPolicies.load("Hopper", "expert"), 2000, 4, 1, null)
                .write(data);
    }

    private String[] train(Path runDir, int steps) {
        return new String[] {"train", "bcq", "--env", "Hopper", "--dataset", data.toString(), "--steps",
                String.valueOf(steps), "--eval-every", "10", "--run", runDir.toString()};
    }

    @Test
    void trainsAndResumesExactly() throws Exception {
        StringWriter err = new StringWriter();
        Path whole = tmp.resolve("whole");
        assertEquals(0, run(err, train(whole, 30)), err.toString());
        // step, 3 BCQ metrics (vae, critic, actor loss), 3 evaluation columns; one row per evaluation
        double[][] rows = NumericCsv.read(whole.resolve("metrics.csv"), 7, "metrics").rows();
        assertEquals(3, rows.length);
        ActorPolicy p = ActorPolicy.load(whole.resolve("policy.ckpt"));
        assertEquals(ActorPolicy.Head.BCQ, p.head());
        // d3rlpy's default: raw observations, so the policy's normaliser is the identity
        assertArrayEquals(new float[11], p.normalizer().mean());
        float[] ones = new float[11];
        java.util.Arrays.fill(ones, 1f);
        assertArrayEquals(ones, p.normalizer().std());
        assertTrue(Files.readString(whole.resolve("config.json")).contains("\"actionFlexibility\""));

        Path split = tmp.resolve("split");
        assertEquals(0, run(err, train(split, 20)), err.toString());
        assertEquals(0, run(err, train(split, 30)), err.toString());
        double[][] resumed = NumericCsv.read(split.resolve("metrics.csv"), 7, "metrics").rows();
        assertEquals(rows.length, resumed.length);
        for (int i = 0; i < rows.length; i++) {
            assertArrayEquals(rows[i], resumed[i], "metrics row " + i);
        }
        assertArrayEquals(Files.readAllBytes(whole.resolve("policy.ckpt")), Files.readAllBytes(split.resolve("policy.ckpt")));
        // fewer updates than the run already did is refused, not handed back under the smaller number
        StringWriter fewer = new StringWriter();
        assertEquals(2, run(fewer, train(split, 20)));
        assertEquals("rrl: error: this run is at update 30, past the 20 asked for; give at least 30 (more extends it), "
                + "or another run folder", fewer.toString().strip());

        // another algorithm on the folder is refused, naming the run it holds
        StringWriter refused = new StringWriter();
        String[] td3bc = train(whole, 40);
        td3bc[1] = "td3bc";
        assertEquals(2, run(refused, td3bc));
        assertEquals(1, refused.toString().strip().lines().count(), refused.toString());
        assertTrue(refused.toString().contains("holds a BCQ run of Hopper seed 0"), refused.toString());
    }

    @Test
    void badInputIsOneLineAndExitTwo() {
        StringWriter err = new StringWriter();
        String[] zeroSteps = train(tmp.resolve("r"), 0);
        assertEquals(2, run(err, zeroSteps));
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        assertTrue(err.toString().contains("--steps"), err.toString());

        StringWriter missing = new StringWriter();
        assertEquals(2, run(missing, "train", "bcq", "--env", "Hopper", "--dataset", tmp.resolve("none.hdf5").toString(),
                "--run", tmp.resolve("r2").toString()));
        assertEquals(1, missing.toString().strip().lines().count(), missing.toString());

        StringWriter wrongEnv = new StringWriter();
        assertEquals(2, run(wrongEnv, "train", "bcq", "--env", "HalfCheetah", "--dataset", data.toString(), "--steps", "5",
                "--run", tmp.resolve("r3").toString()));
        assertEquals(1, wrongEnv.toString().strip().lines().count(), wrongEnv.toString());
    }

    /**
     * A BCQ policy ships like any policy (the file carries its decoder, perturbation network and Q1), but has no
     * single network to export: `policies export-dl4j` refuses it in one line.
     */
    @Test
    void shipsButDl4jExportRefusesABcqPolicy() {
        StringWriter err = new StringWriter();
        Path runDir = tmp.resolve("r");
        assertEquals(0, run(err, train(runDir, 10)), err.toString());
        Path shelf = tmp.resolve("shelf");
        ShippedPolicies.ship("Hopper", runDir.resolve("policy.ckpt"), runDir, "bcq-test", shelf, "rrl train bcq", java.util.Map.of());
        ActorPolicy shipped = ActorPolicy.load(shelf.resolve("bcq-test.ckpt"), Environments.task("Hopper"));
        ActorPolicy trained = ActorPolicy.load(runDir.resolve("policy.ckpt"));
        double[] obs = new double[2 * 11];
        java.util.Arrays.fill(obs, 0.1);
        double[] a = new double[6];
        double[] b = new double[6];
        shipped.act(obs, 2, a);
        trained.act(obs, 2, b);
        assertArrayEquals(b, a);
        assertTrue(Files.exists(shelf.resolve("bcq-test-training-curve.csv")));
        StringWriter refused = new StringWriter();
        assertEquals(2, run(refused, "policies", "export-dl4j", "--env", "Hopper", "--policy",
                runDir.resolve("policy.ckpt").toString(), "--out", tmp.resolve("bcq.zip").toString()));
        String e = refused.toString().strip();
        assertEquals(1, e.lines().count(), e);
        assertTrue(e.contains("a BCQ policy cannot be exported to DL4J"), e);
        assertTrue(!Files.exists(tmp.resolve("bcq.zip")));
    }
}
