package rrl.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rrl.data.D4rlDataset;
import rrl.io.NumericCsv;

/** {@code rrl datasets perturb}: paper 2's action-perturbed datasets, their record, and its one-line refusals. */
class DatasetsPerturbCommandTest {
    @TempDir
    Path tmp;

    private Path expert;

    /** A short Hopper file as other CLI tests make one: several episodes (a random policy falls within ~20 steps). */
    @BeforeEach
    void collect() {
        expert = tmp.resolve("hopper.hdf5");
        rrl.data.DatasetCollector.collect(rrl.env.Environments.task("Hopper"), rrl.policy.Policies.uniformRandom(3), 600,
                2, 4, null).write(expert);
    }

    private static JsonObject json(Path f) throws Exception {
        return JsonParser.parseString(Files.readString(f)).getAsJsonObject();
    }

    @Test
    void randomWritesTheFileItsRecordAndTheEpisodesDeltas() throws Exception {
        Path out = tmp.resolve("out/hopper-random.hdf5");
        CliRun r = CliRun.of("datasets", "perturb", "--dataset", expert.toString(), "--kind", "random", "--seed", "9",
                "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        D4rlDataset src = D4rlDataset.read(expert);
        D4rlDataset got = D4rlDataset.read(out);
        JsonObject rec = json(tmp.resolve("out/hopper-random.json"));
        assertEquals("random", rec.get("kind").getAsString());
        assertEquals("randomly-perturbed", rec.get("dataset").getAsString());
        assertEquals(0.3, rec.get("eps").getAsDouble());
        assertEquals(9, rec.get("seed").getAsLong());
        assertTrue(rec.get("clip").getAsBoolean());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(expert))),
                rec.get("sourceFileSha256").getAsString());
        assertEquals(src.sha256(), rec.get("sourceSha256").getAsString());
        assertEquals(got.sha256(), rec.get("sha256").getAsString());
        assertEquals(600, rec.get("size").getAsInt());
        int episodes = src.episodeStarts().length;
        assertTrue(episodes > 5, "the file has several episodes: " + episodes);
        assertEquals(episodes, rec.get("episodes").getAsInt());
        // the CSV rebuilds the file: every row's action from the source's and its episode's delta
        NumericCsv.Table t = NumericCsv.read(tmp.resolve("out/hopper-random-deltas.csv"), 2 + 3, "deltas");
        assertEquals(List.of("episode", "start_row", "delta_0", "delta_1", "delta_2"), t.header());
        assertEquals(episodes, t.rows().length);
        for (int e = 0; e < episodes; e++) {
            double[] row = t.rows()[e];
            assertEquals(src.episodeStarts()[e], (int) row[1]);
            int end = e + 1 < episodes ? (int) t.rows()[e + 1][1] : src.size();
            for (int i = (int) row[1]; i < end; i++) {
                for (int j = 0; j < 3; j++) {
                    double a = src.action(i, j);
                    assertEquals((float) Math.max(-1, Math.min(1, a + row[2 + j] * a)), got.action(i, j), 0f);
                }
            }
        }
        rrl.data.DatasetAssertions.assertSameButActions(src, got);
        // an existing output is replaced, as `datasets generate` replaces its files: the same seed, the same file
        byte[] first = Files.readAllBytes(out);
        assertEquals(0, CliRun.of("datasets", "perturb", "--dataset", expert.toString(), "--kind", "random", "--seed", "9",
                "--out", out.toString()).code());
        assertArrayEquals(first, Files.readAllBytes(out));
    }

    @Test
    void adversarialAppliesTheAttacksDeltaToEveryRow() throws Exception {
        Path delta = tmp.resolve("attack/delta.csv");
        Files.createDirectories(delta.getParent());
        NumericCsv.write(delta, List.of("delta_0", "delta_1", "delta_2"), List.of(new double[] {-0.3, 0.2, 0.05}));
        Path out = tmp.resolve("hopper-adv.hdf5");
        CliRun r = CliRun.of("datasets", "perturb", "--dataset", expert.toString(), "--kind", "adversarial", "--delta",
                delta.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        D4rlDataset src = D4rlDataset.read(expert);
        D4rlDataset got = D4rlDataset.read(out);
        double[] d = {-0.3, 0.2, 0.05};
        for (int i = 0; i < src.size(); i++) {
            for (int j = 0; j < 3; j++) {
                double a = src.action(i, j);
                assertEquals((float) Math.max(-1, Math.min(1, a + d[j] * a)), got.action(i, j), 0f);
            }
        }
        JsonObject rec = json(tmp.resolve("hopper-adv.json"));
        assertEquals("adversarial", rec.get("kind").getAsString());
        assertTrue(rec.get("seed").isJsonNull());
        JsonArray recorded = rec.getAsJsonArray("delta");
        for (int j = 0; j < 3; j++) {
            assertEquals(d[j], recorded.get(j).getAsDouble());
        }
        assertEquals(delta.toString(), rec.get("deltaFile").getAsString());
        assertFalse(Files.exists(tmp.resolve("hopper-adv-deltas.csv")), "one delta: it is in the record");

        // written over an earlier random dataset of that name: the random one's deltas go with it
        assertEquals(0, CliRun.of("datasets", "perturb", "--dataset", expert.toString(), "--kind", "random", "--out",
                out.toString()).code());
        assertTrue(Files.exists(tmp.resolve("hopper-adv-deltas.csv")));
        assertEquals(0, r.code());
        CliRun again = CliRun.of("datasets", "perturb", "--dataset", expert.toString(), "--kind", "adversarial", "--delta",
                delta.toString(), "--out", out.toString());
        assertEquals(0, again.code(), again.err());
        assertFalse(Files.exists(tmp.resolve("hopper-adv-deltas.csv")), "stale deltas of the random dataset");
    }

    /** A Minari dataset folder is a source like a D4RL file (its main_data.hdf5 is what the record hashes). */
    @Test
    void aMinariFolderIsASource() throws Exception {
        Path minari = tmp.resolve("minari/hopper-v0");
        D4rlDataset.read(expert).writeMinari(minari, "hopper-v0");
        Path out = tmp.resolve("from-minari.hdf5");
        CliRun r = CliRun.of("datasets", "perturb", "--dataset", minari.toString(), "--kind", "random", "--out",
                out.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(D4rlDataset.read(expert).size(), D4rlDataset.read(out).size());
        assertEquals(64, json(tmp.resolve("from-minari.json")).get("sourceFileSha256").getAsString().length());
    }

    private void refused(String expected, String... args) {
        CliRun r = CliRun.of(args);
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("rrl: error:") && r.err().contains(expected), r.err());
    }

    @Test
    void badInputIsOneLineAndExitTwo() throws Exception {
        String src = expert.toString();
        String out = tmp.resolve("o.hdf5").toString();
        refused("unknown --kind 'normal'; use random or adversarial",
                "datasets", "perturb", "--dataset", src, "--kind", "normal", "--out", out);
        refused("unknown --kind 'gaussian'", "datasets", "perturb", "--dataset", src, "--kind", "gaussian", "--out", out);
        refused("--eps", "datasets", "perturb", "--dataset", src, "--kind", "random", "--eps", "0", "--out", out);
        refused("--eps", "datasets", "perturb", "--dataset", src, "--kind", "random", "--eps", "1.5", "--out", out);
        refused("--kind adversarial needs --delta", "datasets", "perturb", "--dataset", src, "--kind", "adversarial",
                "--out", out);
        Path delta = tmp.resolve("delta.csv");
        NumericCsv.write(delta, List.of("delta_0", "delta_1", "delta_2"), List.of(new double[] {0.1, 0.1, 0.1}));
        refused("is for --kind adversarial", "datasets", "perturb", "--dataset", src, "--kind", "random", "--delta",
                delta.toString(), "--out", out);
        refused("drop --seed", "datasets", "perturb", "--dataset", src, "--kind", "adversarial", "--delta",
                delta.toString(), "--seed", "1", "--out", out);
        Path six = tmp.resolve("six.csv");
        NumericCsv.write(six, List.of("a", "b", "c", "d", "e", "f"), List.of(new double[] {0.1, 0.1, 0.1, 0.1, 0.1, 0.1}));
        refused("holds 6 values but the task has 3 actuators", "datasets", "perturb", "--dataset", src, "--kind",
                "adversarial", "--delta", six.toString(), "--out", out);
        Path wide = tmp.resolve("wide.csv");
        NumericCsv.write(wide, List.of("a", "b", "c"), List.of(new double[] {0.1, 0.5, 0.1}));
        refused("outside [-0.3, 0.3]; pass a larger --eps", "datasets", "perturb", "--dataset", src, "--kind",
                "adversarial", "--delta", wide.toString(), "--out", out);
        refused("no such file", "datasets", "perturb", "--dataset", tmp.resolve("missing.hdf5").toString(), "--kind",
                "random", "--out", out);
        refused("missing.csv", "datasets", "perturb", "--dataset", src, "--kind", "adversarial", "--delta",
                tmp.resolve("missing.csv").toString(), "--out", out);
        refused("is the source dataset", "datasets", "perturb", "--dataset", src, "--kind", "random", "--out", src);
        refused("is a folder", "datasets", "perturb", "--dataset", src, "--kind", "random", "--out", tmp.toString());
        assertFalse(Files.exists(Path.of(out)), "nothing written by a refused command");
    }
}
