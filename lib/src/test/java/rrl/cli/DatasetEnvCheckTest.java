package rrl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rrl.data.DatasetCollector;
import rrl.env.Environments;
import rrl.policy.Policies;

/**
 * Datasets of environments with the same sizes (Walker2d and HalfCheetah: observation 17, action 6) are told apart by
 * the record beside the file; `datasets corrupt` writes one; an unreadable record is one line. Also the one-line
 * refusals a newcomer's trial asked for: a PEX run that would never update, an online run folder given as a policy.
 */
class DatasetEnvCheckTest {
    @TempDir
    Path tmp;

    private static void refused(CliRun r, String expected) {
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains(expected), r.err());
    }

    @Test
    void aRecordedEnvironmentIsCheckedThroughCorruptionToo() throws Exception {
        Path walker = tmp.resolve("walker.hdf5");
        DatasetCollector.collect(Environments.task("Walker2d"), Policies.uniformRandom(1), 300, 1, 1, null).write(walker);
        Files.writeString(tmp.resolve("walker.json"), "{\"env\": \"Walker2d\", \"size\": 300}");
        refused(CliRun.of("train", "td3bc", "--env", "HalfCheetah", "--dataset", walker.toString(), "--steps", "10",
                "--run", tmp.resolve("r1").toString()),
                "is Walker2d data (its record walker.json says so), not HalfCheetah; give --env Walker2d or a HalfCheetah dataset");

        Path corrupted = tmp.resolve("walker-corrupt.hdf5");
        CliRun c = CliRun.of("datasets", "corrupt", "--dataset", walker.toString(), "--mode", "random", "--fields", "rew",
                "--out", corrupted.toString());
        assertEquals(0, c.code(), c.err());
        assertTrue(Files.readString(tmp.resolve("walker-corrupt.json")).contains("\"env\": \"Walker2d\""));
        refused(CliRun.of("train", "iql", "--env", "HalfCheetah", "--dataset", corrupted.toString(), "--steps", "10",
                "--run", tmp.resolve("r2").toString()), "is Walker2d data (its record walker-corrupt.json says so)");

        Files.writeString(tmp.resolve("walker.json"), "{\"env\": \"Walker2d\", \"env\": \"HalfCheetah\"}");
        refused(CliRun.of("train", "td3bc", "--env", "HalfCheetah", "--dataset", walker.toString(), "--steps", "10",
                "--run", tmp.resolve("r3").toString()), "duplicate key \"env\" in $: keep one of the two values); fix it or delete it");
    }

    @Test
    void aPexRunThatWouldNeverUpdateAndAnOnlineRunFolderAsPolicyAreOneLine() throws Exception {
        refused(CliRun.of("train", "pex", "--env", "Hopper", "--offline", tmp.resolve("none").toString(), "--dataset",
                tmp.resolve("none.hdf5").toString(), "--steps", "300", "--learning-starts", "500", "--run",
                tmp.resolve("pex").toString()), "--steps 300 ends before learning starts (after 500 steps): no update would run");

        Path run = tmp.resolve("online");
        Files.createDirectories(run.resolve("policies"));
        Files.writeString(run.resolve("policies/step-00000100.ckpt"), "");
        Files.writeString(run.resolve("policies/step-00000200.ckpt"), "");
        refused(CliRun.of("evaluate", "--env", "Hopper", "--policy", run.toString(), "--episodes", "1"),
                "an online run keeps one policy per evaluation: give " + run.resolve("policies/step-00000200.ckpt"));
    }

    /** PEX from an offline run that stopped before its --steps starts, with one warning line saying so. */
    @Test
    void anUnfinishedOfflineRunIsWarnedAbout() throws Exception {
        Path data = tmp.resolve("hopper.hdf5");
        DatasetCollector.collect(Environments.task("Hopper"), Policies.uniformRandom(2), 1500, 1, 2, null).write(data);
        Path iql = tmp.resolve("iql");
        CliRun off = CliRun.of("train", "iql", "--env", "Hopper", "--dataset", data.toString(), "--steps", "200",
                "--eval-every", "200", "--run", iql.toString());
        assertEquals(0, off.code(), off.err());
        // what a run started with --steps 400 and killed at update 200 leaves: its config asks for 400
        Path config = iql.resolve("config.json");
        String text = Files.readString(config);
        assertTrue(text.contains("\"steps\": 200"), text);
        Files.writeString(config, text.replace("\"steps\": 200", "\"steps\": 400"));
        CliRun pex = CliRun.of("train", "pex", "--env", "Hopper", "--offline", iql.toString(), "--dataset", data.toString(),
                "--steps", "1010", "--learning-starts", "1000", "--eval-every", "1010", "--run", tmp.resolve("pex").toString());
        assertEquals(0, pex.code(), pex.err());
        assertEquals(1, pex.log().lines().filter(l -> l.startsWith("warning: the offline run " + iql.toAbsolutePath()
                + " stopped at update 200 of its 400")).count(), pex.log());
    }
}
