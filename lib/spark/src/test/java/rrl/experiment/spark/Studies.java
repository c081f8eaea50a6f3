package rrl.experiment.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.stream.Stream;
import rrl.experiment.FineTuningStudy;
import rrl.experiment.LocalExecutor;
import rrl.experiment.RunKinds;

/** The small fine-tuning study of the tests (rrl sweep's, about 10 s on one thread) and the comparison of its files. */
final class Studies {
    /** Files that record when, where and with how many threads a run ran, not what it computed. */
    static final Set<String> CIRCUMSTANTIAL = Set.of("provenance.json", "result.json", ".lock", ".sweep.lock", "config.json");

    /** Steps of a fine-tuning run: one checkpoint on the way (at the first episode end past 150) and one at the end. */
    static final long STEPS = 300;

    private static Path reference;
    private static double referenceSeconds;

    private Studies() {}

    /**
     * The study run by the local executor (2 slots of 1 thread) into {@code target/reference-study}, once per test JVM:
     * what every other way of running it must reproduce.
     */
    static synchronized Path reference() throws IOException {
        if (reference == null) {
            Path dir = Path.of("target/reference-study").toAbsolutePath();
            if (Files.exists(dir)) {
                try (Stream<Path> s = Files.walk(dir)) {
                    for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            rrl.nn.NetThreads.set(1); // one thread a run, as rrl's CLI sets it for a sweep (and a Spark task does)
            long t0 = System.nanoTime();
            FineTuningStudy.run(plan(STEPS), dir, new LocalExecutor(RunKinds.standard(), 2, 1, false));
            referenceSeconds = (System.nanoTime() - t0) / 1e9;
            assertKeyFilesExist(dir);
            reference = dir;
        }
        return reference;
    }

    /** How long {@link #reference()} took. */
    static synchronized double referenceSeconds() {
        return referenceSeconds;
    }

    /**
     * The plan, {@code steps} steps a run: the setup, adversarial-fixed and offline-only x 2 seeds, their re-attacks.
     * Its {@code out} is the same for every copy (plan.json records it); a test runs each copy into its own folder.
     */
    static FineTuningStudy.Plan plan(long steps) {
        return FineTuningStudy.Plan.parse("{\"env\": \"Hopper\", \"datasetSize\": 2000, \"attackGenerations\": 1, "
                + "\"attackPopulation\": 6, \"attackEpisodes\": 1, \"steps\": " + steps + ", \"evalEvery\": 150, "
                + "\"evalEpisodes\": 2, \"checkpointEvery\": 150, \"seeds\": [0, 1], \"out\": \"study\", "
                + "\"runs\": [{\"name\": \"adversarial-fixed\", \"condition\": \"adversarial\"}]}", "test plan");
    }

    /** The files under {@code dir}, relative, but for {@link #CIRCUMSTANTIAL} ones. */
    static TreeSet<String> files(Path dir) throws IOException {
        TreeSet<String> out = new TreeSet<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(Files::isRegularFile).filter(p -> !CIRCUMSTANTIAL.contains(p.getFileName().toString()))
                    .forEach(p -> out.add(dir.relativize(p).toString()));
        }
        return out;
    }

    /** {@code actual} holds the same files as {@code expected}, byte for byte; answers how many. */
    static int assertSameFiles(Path expected, Path actual) throws IOException {
        TreeSet<String> want = files(expected);
        assertEquals(want, files(actual), "the same files in " + actual + " as in " + expected);
        for (String f : want) {
            byte[] a = Files.readAllBytes(expected.resolve(f));
            byte[] b = Files.readAllBytes(actual.resolve(f));
            if (isZip(a) && isZip(b)) {
                // checkpoints are zips, whose entries carry the time they were written: compare what they hold
                assertEquals(entries(a).keySet(), entries(b).keySet(), f);
                for (Map.Entry<String, byte[]> e : entries(a).entrySet()) {
                    byte[] other = entries(b).get(e.getKey());
                    if (e.getKey().equals("meta.json")) {
                        // its provenance is the run's, as circumstantial as provenance.json
                        assertEquals(meta(e.getValue()), meta(other), f + "!" + e.getKey());
                    } else {
                        assertArrayEquals(e.getValue(), other, f + "!" + e.getKey());
                    }
                }
            } else {
                assertArrayEquals(a, b, f);
            }
        }
        return want.size();
    }

    private static JsonObject meta(byte[] json) {
        JsonObject o = JsonParser.parseString(new String(json, StandardCharsets.UTF_8)).getAsJsonObject();
        o.remove("provenance");
        return o;
    }

    private static boolean isZip(byte[] b) {
        return b.length > 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4;
    }

    private static Map<String, byte[]> entries(byte[] zip) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                out.put(e.getName(), in.readAllBytes());
            }
        }
        return out;
    }

    /** The per-run files every test names: what the study's report reads. */
    static final List<String> KEY_FILES = List.of("adversarial-fixed-s0/metrics.csv", "adversarial-fixed-s1/metrics.csv",
            "offline-only-s0/metrics.csv", "reattack-adversarial-fixed-s0/worst-case.csv",
            "reattack-adversarial-fixed-s1/delta.csv");

    static void assertKeyFilesExist(Path dir) {
        for (String f : KEY_FILES) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), dir.resolve(f) + " was written");
        }
    }
}
