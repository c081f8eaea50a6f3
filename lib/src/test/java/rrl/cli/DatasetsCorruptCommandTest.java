package rrl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rrl.corrupt.CorruptedDataset;
import rrl.corrupt.CorruptionField;
import rrl.data.D4rlDataset;

/** {@code rrl datasets corrupt}: RIQL's corruption of a dataset, its summary line and its one-line refusals. */
class DatasetsCorruptCommandTest {
    @TempDir
    Path tmp;

    private Path data;

    @BeforeEach
    void collect() {
        data = tmp.resolve("hopper.hdf5");
        rrl.data.DatasetCollector.collect(rrl.env.Environments.task("Hopper"), rrl.policy.Policies.uniformRandom(3), 1200,
                2, 4, null).write(data);
    }

    private static void oneLineExit2(CliRun r, String... parts) {
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("rrl: error: "), r.err());
        for (String p : parts) {
            assertTrue(r.err().contains(p), "'" + p + "' in: " + r.err());
        }
    }

    @Test
    void randomWritesTheFileAndSaysWhatWasCorrupted() {
        Path out = tmp.resolve("out/hopper-corrupt.hdf5");
        CliRun r = CliRun.of("datasets", "corrupt", "--dataset", data.toString(), "--mode", "random", "--fields",
                "obs,rew", "--seed", "3", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        Map<CorruptionField, boolean[]> masks = CorruptedDataset.readMasks(out);
        assertEquals(java.util.Set.of(CorruptionField.OBSERVATION, CorruptionField.REWARD), masks.keySet());
        int obs = 0;
        for (boolean b : masks.get(CorruptionField.OBSERVATION)) {
            obs += b ? 1 : 0;
        }
        int n = D4rlDataset.read(data).qlearningView().count();
        assertEquals(n, D4rlDataset.read(out).qlearningView().count());
        assertEquals(1, r.out().strip().lines().count(), r.out());
        assertTrue(r.out().contains("obs " + obs + ", rew ") && r.out().contains(" of " + n + " transitions corrupted"),
                r.out());
        assertEquals("3", CorruptedDataset.readAttributes(out).get("seed"));
        assertFalse(r.out().contains("--corruption"), "several fields: no RIQL tuning row");
        CliRun one = CliRun.of("datasets", "corrupt", "--dataset", data.toString(), "--mode", "random", "--fields", "dyn",
                "--out", tmp.resolve("dyn.hdf5").toString());
        assertTrue(one.out().strip().endsWith("rrl train riql --corruption random-dynamics"), one.out());
    }

    /** Adversarial corruption against a TD3+BC run's critic; the critic must come from the dataset's environment. */
    @Test
    void adversarialAttacksTheRunsCriticOfTheSameEnvironment() throws Exception {
        Path run = tmp.resolve("td3bc");
        CliRun trained = CliRun.of("train", "td3bc", "--env", "Hopper", "--dataset", data.toString(), "--steps", "100",
                "--eval-every", "100", "--run", run.toString());
        assertEquals(0, trained.code(), trained.err());
        Path out = tmp.resolve("adv.hdf5");
        CliRun r = CliRun.of("datasets", "corrupt", "--dataset", data.toString(), "--mode", "adversarial", "--fields",
                "act,rew", "--critic", run.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(run.toString(), CorruptedDataset.readAttributes(out).get("critic"));
        assertEquals("adversarial", CorruptedDataset.readAttributes(out).get("mode"));

        // a dataset recorded as another environment's (same shapes) is refused before any work
        Path other = tmp.resolve("walker.hdf5");
        Files.copy(data, other);
        Files.writeString(tmp.resolve("walker.json"), "{\"env\": \"Walker2d\"}");
        oneLineExit2(CliRun.of("datasets", "corrupt", "--dataset", other.toString(), "--mode", "adversarial", "--fields",
                "obs", "--critic", run.toString(), "--out", tmp.resolve("x.hdf5").toString()), "trained on Hopper",
                "give a critic trained on Walker2d");
        // and one of other shapes
        Path cheetah = tmp.resolve("cheetah.hdf5");
        rrl.data.DatasetCollector.collect(rrl.env.Environments.task("HalfCheetah"), rrl.policy.Policies.uniformRandom(3),
                50, 1, 4, null).write(cheetah);
        oneLineExit2(CliRun.of("datasets", "corrupt", "--dataset", cheetah.toString(), "--mode", "adversarial",
                "--fields", "dyn", "--critic", run.toString(), "--out", tmp.resolve("y.hdf5").toString()),
                "observation 11, action 3", "observation 17, action 6");
        assertFalse(Files.exists(tmp.resolve("x.hdf5")) || Files.exists(tmp.resolve("y.hdf5")));
    }

    @Test
    void refusals() {
        String d = data.toString();
        String out = tmp.resolve("o.hdf5").toString();
        oneLineExit2(CliRun.of("datasets", "corrupt", "--dataset", d, "--mode", "random", "--fields", "obs", "--rate",
                "1.5", "--out", out), "--rate");
        oneLineExit2(CliRun.of("datasets", "corrupt", "--dataset", d, "--mode", "random", "--fields", "obs,acts",
                "--out", out), "unknown corruption field 'acts'", "did you mean act?");
        oneLineExit2(CliRun.of("datasets", "corrupt", "--dataset", d, "--mode", "adversarial", "--fields", "obs",
                "--out", out), "give --critic");
        oneLineExit2(CliRun.of("datasets", "corrupt", "--dataset", d, "--mode", "sneaky", "--fields", "obs",
                "--out", out), "random or adversarial");
        oneLineExit2(CliRun.of("datasets", "corrupt", "--dataset", d, "--mode", "random", "--fields", "obs",
                "--out", tmp.resolve("o.h5").toString()), ".hdf5");
        oneLineExit2(CliRun.of("datasets", "corrupt", "--dataset", d, "--mode", "random", "--fields", "obs",
                "--critic", tmp.toString(), "--out", out), "drop --critic");
        assertFalse(Files.exists(Path.of(out)));
    }
}
