package rrl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rrl.data.D4rlDataset;
import rrl.data.DatasetCollector;
import rrl.env.Environments;
import rrl.policy.ShippedPolicies;

/**
 * {@code rrl datasets collect}: a policy's sampled rollouts as a D4RL file with its record, the same rows a
 * fine-tuning setup of that seed collects from the shipped expert, and one-line refusals.
 */
class DatasetsCollectCommandTest {
    @TempDir
    Path tmp;

    @Test
    void writesTheFineTuningSetupsDataWithItsRecord() throws Exception {
        Path out = tmp.resolve("offline-expert-1500-s3.hdf5");
        CliRun r = CliRun.of("datasets", "collect", "--env", "Hopper", "--policy", "shipped:expert", "--transitions", "1500",
                "--seed", "3", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        D4rlDataset written = D4rlDataset.read(out);
        assertEquals(1500, written.size());
        // the setup's own expression before it called DatasetCollector.sampled: the same content, bit for bit
        D4rlDataset setup = DatasetCollector.collect(Environments.task("Hopper"),
                ShippedPolicies.load("Hopper", "expert").sampling(3), 1500, 10, 3, null);
        assertEquals(setup.sha256(), written.sha256());
        assertTrue(r.out().contains("content hash " + setup.sha256()), r.out());
        String record = Files.readString(tmp.resolve("offline-expert-1500-s3.json"));
        assertTrue(record.contains("\"kind\": \"collected\"") && record.contains("\"policy\": \"shipped:expert\"")
                && record.contains("\"sha256\": \"" + setup.sha256() + "\""), record);
        CliRun info = CliRun.of("datasets", "info", out.toString(), "--markdown");
        assertEquals(0, info.code(), info.err());
        assertTrue(info.out().contains("| Hopper | collected | 1,500 | shipped:expert |")
                && info.out().contains("| same content |"), info.out());
        // another seed is other data
        CliRun other = CliRun.of("datasets", "collect", "--env", "Hopper", "--policy", "shipped:expert", "--transitions",
                "1500", "--seed", "4", "--out", tmp.resolve("s4.hdf5").toString());
        assertEquals(0, other.code(), other.err());
        assertFalse(D4rlDataset.read(tmp.resolve("s4.hdf5")).sha256().equals(setup.sha256()));
    }

    @Test
    void badInputIsOneLineAndExitCodeTwo() throws Exception {
        Path keep = Files.writeString(tmp.resolve("notes.txt"), "keep\n");
        String[][] bad = {
            {"--env", "Hopper", "--policy", "shipped:expert", "--transitions", "10", "--out", keep.toString()},
            {"--env", "Hopper", "--policy", "shipped:nope", "--transitions", "10", "--out", tmp.resolve("a.hdf5").toString()},
            {"--env", "Ant", "--policy", "shipped:td3", "--transitions", "10", "--out", tmp.resolve("b.hdf5").toString()},
            {"--env", "Hopper", "--policy", "shipped:expert", "--transitions", "0", "--out", tmp.resolve("c.hdf5").toString()},
            {"--env", "Hopper", "--policy", "shipped:expert", "--transitions", "10", "--out", tmp.resolve("d.h5x").toString()},
        };
        for (String[] args : bad) {
            String[] full = new String[args.length + 2];
            full[0] = "datasets";
            full[1] = "collect";
            System.arraycopy(args, 0, full, 2, args.length);
            CliRun r = CliRun.of(full);
            assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
        assertEquals("keep\n", Files.readString(keep));
        // the record <stem>.json would replace a file that is not a dataset record, or is a folder: refused before work
        Path plan = Files.writeString(tmp.resolve("plan.json"), "{\"env\": \"Hopper\", \"steps\": 5}\n");
        Files.createDirectories(tmp.resolve("dir.json"));
        // a policy with no Gaussian head cannot be sampled as D4RL collected: named with what to give
        for (String[] args : new String[][] {
            {"--policy", "shipped:expert", "--out", tmp.resolve("plan.hdf5").toString()},
            {"--policy", "shipped:expert", "--out", tmp.resolve("dir.hdf5").toString()},
            {"--policy", "shipped:td3", "--out", tmp.resolve("e.hdf5").toString()}}) {
            CliRun r = CliRun.of("datasets", "collect", "--env", "Hopper", "--transitions", "10", args[0], args[1], args[2],
                    args[3]);
            assertEquals(2, r.code(), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().contains("not a dataset record") || r.err().contains("which is a folder")
                    || r.err().contains("give shipped:expert, shipped:medium or a SAC run's"), r.err());
        }
        assertEquals("{\"env\": \"Hopper\", \"steps\": 5}\n", Files.readString(plan));
        assertFalse(Files.exists(tmp.resolve("plan.hdf5")) || Files.exists(tmp.resolve("dir.hdf5")));
        assertFalse(Files.exists(tmp.resolve("a.hdf5")) || Files.exists(tmp.resolve("b.hdf5")));
    }
}
