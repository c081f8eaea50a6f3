package rrl.results;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

class RunFolderTest {
    @TempDir
    Path tmp;

    record Cfg(String env, double eps, long seed, long steps) {}

    private static String json(Cfg c) {
        return new com.google.gson.Gson().toJson(c);
    }

    @Test
    void aSecondLockOnTheSameFolderIsRefusedUntilTheFirstIsReleased() {
        RunFolder f = RunFolder.at(tmp.resolve("run"));
        try (RunFolder.Lock first = f.lock()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> RunFolder.at(tmp.resolve("run")).lock());
            assertTrue(e.getMessage().contains(tmp.resolve("run").toString()), e.getMessage());
            assertTrue(e.getMessage().contains("another process is using it"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
            // Other folders are free.
            assertDoesNotThrow(() -> RunFolder.at(tmp.resolve("other")).lock().close());
        }
        try (RunFolder.Lock again = f.lock()) {
            assertTrue(Files.exists(again.file()));
        }
    }

    @Test
    void provenanceRecordsMachineBuildRunAndConfig() throws IOException {
        Cfg cfg = new Cfg("Hopper", 0.3, 7, 1000);
        RunId id = RunId.of("fine-tuning", cfg, Set.of("steps"));
        RunFolder f = RunFolder.at(tmp.resolve("run"));
        Provenance p = Provenance.of(Provenance.Host.current("2.2.2"), id, "run", 3, List.of(7L), json(cfg));
        f.writeProvenance(p);
        JsonObject o = JsonParser.parseString(Files.readString(f.file("provenance.json"))).getAsJsonObject();
        for (String k : List.of("runId", "name", "rrlVersion", "gitCommit", "java", "javaVm", "os", "arch",
                "vectorSpeciesLength", "cores", "threads", "mujoco", "seeds", "created", "config")) {
            assertTrue(o.has(k), "provenance.json lacks " + k + ": " + o);
        }
        assertEquals("fine-tuning", o.getAsJsonObject("runId").get("kind").getAsString());
        assertEquals(id.value(), o.getAsJsonObject("runId").get("value").getAsString());
        assertEquals(3, o.get("threads").getAsInt());
        assertEquals("2.2.2", o.get("mujoco").getAsString());
        assertEquals(7, o.getAsJsonArray("seeds").get(0).getAsLong());
        assertEquals(0.3, o.getAsJsonObject("config").get("eps").getAsDouble());
        assertEquals(jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length(), o.get("vectorSpeciesLength").getAsInt());
        assertEquals(System.getProperty("java.version"), o.get("java").getAsString());
        assertEquals(System.getProperty("os.arch"), o.get("arch").getAsString());
        // Built by Maven: the version is filtered in; the commit is a hash (maybe "-dirty") or "unknown" outside git.
        assertEquals("0.1.0-SNAPSHOT", o.get("rrlVersion").getAsString());
        assertTrue(o.get("gitCommit").getAsString().matches("[0-9a-f]{40}(-dirty)?|unknown"), o.get("gitCommit").toString());
        assertEquals(p, f.provenance().orElseThrow());
    }

    @Test
    void theSameRunRuleNamesTheFolderBothRunsAndWhatDiffers() {
        Cfg a = new Cfg("Hopper", 0.3, 0, 1000);
        Cfg b = new Cfg("Hopper", 0.2, 0, 1000);
        RunId ida = RunId.of("fine-tuning", a, Set.of("steps"));
        RunId idb = RunId.of("fine-tuning", b, Set.of("steps"));
        RunFolder f = RunFolder.at(tmp.resolve("adversarial-fixed-s0"));
        f.requireRun(ida); // an empty folder belongs to no run yet
        f.writeProvenance(Provenance.of(Provenance.Host.current("2.2.2"), ida, "adversarial-fixed-s0", 1, List.of(0L), json(a)));
        f.requireRun(ida);
        f.requireRun(RunId.of("fine-tuning", new Cfg("Hopper", 0.3, 0, 5000), Set.of("steps"))); // budget only
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> f.requireRun(idb, new com.google.gson.Gson().toJsonTree(b)));
        String m = e.getMessage();
        assertTrue(m.startsWith(f.dir() + " belongs to run " + ida + " ("), m);
        assertTrue(m.contains("config differs in eps"), m);
        assertTrue(m.endsWith("not " + idb + "; use another folder or delete it"), m);
        assertFalse(m.contains("\n"));
        // a short list shows its values (a newcomer met "([...] -> [...])" for the corrupted fields [] -> [obs])
        com.google.gson.JsonObject withList = new com.google.gson.Gson().toJsonTree(a).getAsJsonObject();
        withList.add("fields", com.google.gson.JsonParser.parseString("[\"obs\"]"));
        String m2 = assertThrows(IllegalArgumentException.class, () -> f.requireRun(RunId.ofJson("fine-tuning", withList,
                Set.of("steps")), withList)).getMessage();
        assertTrue(m2.contains("fields (absent -> [\"obs\"])"), m2);
        // a field added since the run was recorded, at the value older runs had, is no difference worth naming
        com.google.gson.JsonObject added = withList.deepCopy();
        added.addProperty("data", "expert");
        added.addProperty("eps", 0.25);
        String m3 = assertThrows(IllegalArgumentException.class, () -> f.requireRun(RunId.ofJson("fine-tuning", added,
                Set.of("steps"), Map.of("data", "expert")), added, Set.of("steps"), Map.of("data", "expert"))).getMessage();
        assertTrue(m3.contains("eps (0.3 -> 0.25)") && !m3.contains("data ("), m3);
    }

    @Test
    void everyWriteIsAtomicAndConfigRecordsTheHost() throws IOException {
        RunFolder f = RunFolder.at(tmp.resolve("nb"), Provenance.Host.current("2.2.2"));
        f.writeConfig(Map.of("seed", 3));
        Table t = Table.create("t", DoubleColumn.create("x", 1.5, 2.5));
        f.writeTable(t, "t.csv");
        f.writeJson("plan.json", Map.of("a", 1));
        try (Stream<Path> s = Files.list(f.dir())) {
            assertEquals(List.of("config.json", "plan.json", "t.csv"), s.map(p -> p.getFileName().toString()).sorted().toList());
        }
        JsonObject c = JsonParser.parseString(Files.readString(f.file("config.json"))).getAsJsonObject();
        assertEquals("2.2.2", c.get("mujoco").getAsString());
        assertEquals(3, c.get("seed").getAsInt());
        assertTrue(c.has("commit") && c.has("vectorSpeciesLength"));
        assertEquals(2, Table.read().csv(f.file("t.csv").toFile()).rowCount());
        // Without a host the folder still records Java and the build, but knows nothing of MuJoCo.
        RunFolder plain = RunFolder.at(tmp.resolve("plain"));
        plain.writeConfig(Map.of());
        JsonObject pc = JsonParser.parseString(Files.readString(plain.file("config.json"))).getAsJsonObject();
        assertTrue(pc.has("java") && pc.has("rrl") && !pc.has("mujoco"), pc.toString());
    }

    @Test
    void resourcesAreExplicitAndChecked() {
        Resources r = new Resources(2, tmp);
        assertEquals(tmp.resolve("x"), r.resolve("x"));
        assertEquals(Path.of("/abs/y"), r.resolve("/abs/y"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Resources(0, tmp));
        assertTrue(e.getMessage().contains(">= 1"), e.getMessage());
    }

    /** An empty folder name (the working directory) and a file where a folder belongs are one-line errors. */
    @org.junit.jupiter.api.Test
    void emptyNamesAndFilesAreRefused(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        var empty = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> RunFolder.at(java.nio.file.Path.of("")));
        org.junit.jupiter.api.Assertions.assertTrue(empty.getMessage().startsWith("empty run folder name"), empty.getMessage());
        java.nio.file.Path file = java.nio.file.Files.writeString(tmp.resolve("t.sh"), "x");
        var notDir = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> RunFolder.at(file));
        org.junit.jupiter.api.Assertions.assertTrue(notDir.getMessage().endsWith("is a file, not a folder; give a folder path "
                + "for the run's results"), notDir.getMessage());
    }
}
