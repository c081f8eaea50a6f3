package rrl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rrl.data.D4rlDataset;
import rrl.train.DatasetGeneration;

/** {@code rrl datasets info}: the provenance table read from the records beside datasets, and its one-line refusals. */
class DatasetsInfoCommandTest {
    @TempDir
    Path tmp;

    @Test
    void readsEachRecordAndItsContentHash() throws Exception {
        Path out = tmp.resolve("data");
        Path random = DatasetGeneration.generate(new DatasetGeneration.Config("Hopper", null, out,
                List.of(DatasetGeneration.Kind.RANDOM), 300, 2, 3), false).get(DatasetGeneration.Kind.RANDOM);
        String hash = D4rlDataset.read(random).sha256();
        assertTrue(Files.readString(out.resolve("hopper-random-rrl.json")).contains("\"sha256\": \"" + hash + "\""),
                "the record pins the content hash of the file it sits beside");
        // a hand-written medium-replay record, as generate writes one from a SAC run
        Path replay = out.resolve("hopper-medium-replay-rrl.json");
        Files.writeString(replay, "{\"env\": \"Hopper\", \"kind\": \"medium-replay\", \"run\": \"runs/hopper-sac-s0\", "
                + "\"seed\": 0, \"replayUpToStep\": 140000, \"mediumEvalReturn\": 1100.305979455357, "
                + "\"mediumRule\": \"the shipped medium's step\", \"size\": 140000, \"sha256\": \"" + "ab".repeat(32) + "\"}");

        CliRun md = CliRun.of("datasets", "info", random.toString(), replay.toString(), "--markdown");
        assertEquals(0, md.code(), md.err());
        String[] lines = md.out().strip().split("\n");
        assertEquals(4, lines.length, md.out());
        assertTrue(lines[0].startsWith("| dataset | env | kind | transitions | made from | step |"), lines[0]);
        assertTrue(lines[2].contains("| " + random + " | Hopper | random | 300 |")
                && lines[2].contains("| " + hash.substring(0, 16) + "… | same content |"), lines[2]);
        assertTrue(lines[3].contains("| medium-replay | 140,000 | runs/hopper-sac-s0 | 140,000 | 1100.3 (34.4) | "
                + "the shipped medium's step | abababababababab… | not here |"), lines[3]);
        CliRun text = CliRun.of("datasets", "info", random.toString());
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("Datasets and where they came from") && text.out().contains("hopper-random-rrl.hdf5"),
                text.out());
        // the file beside the record changed after it was written: said, with the file's own hash
        D4rlDataset d = D4rlDataset.read(random);
        float[] rewards = d.rewards().clone();
        rewards[0] += 1f;
        D4rlDataset changed = D4rlDataset.of(d.size(), d.obsDim(), d.actDim(), d.observations(), d.actions(), rewards,
                d.terminals(), d.timeouts(), d.nextObservations(), d.qpos(), d.qposDim(), d.qvel(), d.qvelDim());
        Path copy = tmp.resolve("copy");
        Files.createDirectories(copy);
        changed.write(copy.resolve("hopper-random-rrl.hdf5"));
        Files.copy(out.resolve("hopper-random-rrl.json"), copy.resolve("hopper-random-rrl.json"));
        CliRun stale = CliRun.of("datasets", "info", copy.resolve("hopper-random-rrl.hdf5").toString(), "--markdown");
        assertTrue(stale.out().contains("| other content: " + changed.sha256().substring(0, 16) + "… |"), stale.out());
        // a perturbed copy and a corrupted copy say what they are
        Path perturbed = tmp.resolve("p/hopper-random-perturbed.hdf5");
        assertEquals(0, CliRun.of("datasets", "perturb", "--dataset", random.toString(), "--kind", "random", "--out",
                perturbed.toString()).code());
        Path corrupted = tmp.resolve("c/hopper-corrupt.hdf5");
        assertEquals(0, CliRun.of("datasets", "corrupt", "--dataset", random.toString(), "--mode", "random", "--fields",
                "obs,rew", "--out", corrupted.toString()).code());
        CliRun copies = CliRun.of("datasets", "info", perturbed.toString(), corrupted.toString(), "--markdown");
        assertEquals(0, copies.code(), copies.err());
        assertTrue(copies.out().contains("| perturbed (random, eps 0.3) |") && copies.out().contains("| " + random + " |")
                && copies.out().contains("| corrupted (random: obs,rew, rate 0.3) |")
                && !copies.out().contains("pins no hash"), copies.out());

        // no record, a broken record, not a dataset record, a bad field, no file, a folder, another file: one line
        // each naming the fix, exit code 2
        Path bare = tmp.resolve("bare.hdf5");
        Files.copy(random, bare);
        Files.writeString(tmp.resolve("broken.json"), "{\"env\": ");
        Files.writeString(tmp.resolve("config.json"), "{\"env\": \"Hopper\", \"steps\": 3}");
        Files.writeString(tmp.resolve("bad.json"), "{\"env\": \"Hopper\", \"kind\": \"random\", \"size\": \"big\"}");
        Files.writeString(tmp.resolve("notes.txt"), "x");
        String[][] cases = {
            {bare.toString(), "its record bare.json cannot be read"},
            {tmp.resolve("broken.json").toString(), "broken.json cannot be read"},
            {tmp.resolve("config.json").toString(), "is not a dataset record (it names no env and kind)"},
            {tmp.resolve("bad.json").toString(), "is not as rrl datasets writes one"},
            {tmp.resolve("none.hdf5").toString(), "none.hdf5: no such file; give a dataset X.hdf5 or its record X.json"},
            {tmp.toString(), "is a folder; give its datasets"},
            {tmp.resolve("notes.txt").toString(), "is neither a dataset (.hdf5) nor a record (.json)"}};
        for (String[] c : cases) {
            CliRun r = CliRun.of("datasets", "info", c[0]);
            assertEquals(2, r.code(), r.out() + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().contains(c[1]), r.err());
        }
        assertEquals(2, CliRun.of("datasets", "info").code(), "at least one file");
    }
}
