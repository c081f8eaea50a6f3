package rrl.results;

import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A folder of results: figures, tables and the config and seed that produced them, side by side, so every
 * figure can be traced back. Notebooks write to {@code results/<name>} under the project (or under
 * {@code $RRL_RESULTS_DIR}).
 */
public final class RunFolder {
    private final Path dir;

    private RunFolder(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create results folder " + dir + ": " + e.getMessage(), e);
        }
    }

    /** A folder at an explicit path. */
    public static RunFolder at(Path dir) {
        return new RunFolder(dir);
    }

    /** {@code $RRL_RESULTS_DIR/<name>}, or {@code <project>/results/<name>}. */
    public static RunFolder named(String name) {
        String env = System.getenv("RRL_RESULTS_DIR");
        Path base = env != null && !env.isBlank() ? Path.of(env) : projectRoot().resolve("results");
        return new RunFolder(base.resolve(name));
    }

    /**
     * The project root: {@code -Drrl.project.dir} (set by bin/rrl), {@code $RRL_PROJECT} (set by the notebook
     * kernel), else the nearest ancestor of the working directory holding {@code lib/pom.xml}.
     */
    public static Path projectRoot() {
        String prop = System.getProperty("rrl.project.dir", System.getenv("RRL_PROJECT"));
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        Path p = Path.of("").toAbsolutePath();
        for (Path q = p; q != null; q = q.getParent()) {
            if (Files.isRegularFile(q.resolve("lib/pom.xml"))) {
                return q;
            }
        }
        return p;
    }

    public Path dir() {
        return dir;
    }

    /** A file inside the folder. */
    public Path file(String name) {
        return dir.resolve(name);
    }

    /**
     * Writes {@code config.json}: the given settings plus the time and the MuJoCo version, the record that
     * sits next to every figure of the folder.
     */
    public Path writeConfig(Map<String, ?> settings) {
        Map<String, Object> all = new LinkedHashMap<>(settings);
        all.put("written", Instant.now().toString());
        all.put("mujoco", rrl.mujoco.NativeMuJoCo.version());
        all.put("java", System.getProperty("java.version"));
        Path f = file("config.json");
        try {
            Files.writeString(f, new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
                    .create().toJson(all));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + f + ": " + e.getMessage(), e);
        }
        return f;
    }

    /** Writes a Tablesaw table as CSV. */
    public Path writeTable(tech.tablesaw.api.Table table, String name) {
        Path f = file(name);
        table.write().csv(f.toFile());
        return f;
    }
}
