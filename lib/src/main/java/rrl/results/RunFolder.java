package rrl.results;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import rrl.io.AtomicFiles;

/**
 * A folder of results: figures, tables, the config and seed that produced them, and for a run its
 * {@code provenance.json}, side by side, so every figure can be traced back. Every file is written atomically
 * (a temporary file moved into place). A run folder records its run id in {@code provenance.json};
 * {@link #requireRun} is the same-run rule (resume this folder, or refuse it), and {@link #lock} keeps two
 * processes out of one folder.
 *
 * <p>Where folders live is decided by the caller (the CLI, the notebook kernel): this class reads no
 * environment variable or system property.
 */
public final class RunFolder {
    public static final String PROVENANCE = "provenance.json";
    public static final String LOCK = ".lock";

    /** The lock a process running a whole sweep holds on the sweep's root folder (see {@link #lock(String)}). */
    public static final String SWEEP_LOCK = ".sweep.lock";

    static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
            .disableHtmlEscaping().create();

    /** Folders locked by this process: a second lock from the same JVM must fail without touching the file. */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path dir;
    private final Provenance.Host host;

    private RunFolder(Path dir, Provenance.Host host) {
        if (dir == null || dir.toString().isBlank()) {
            // Path.of("") is the working directory: a run would scatter its files there
            throw new IllegalArgumentException("empty run folder name; give a folder path, e.g. --run runs/my-run");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + " is a file, not a folder; give a folder path for the run's results");
        }
        this.dir = dir;
        this.host = host;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create results folder " + dir + ": " + rrl.io.IoErrors.describe(e), e);
        }
    }

    /** A folder at an explicit path; its config.json records the Java version and the build. */
    public static RunFolder at(Path dir) {
        return new RunFolder(dir, null);
    }

    /** A folder whose config.json also records {@code host} (machine, build and MuJoCo version). */
    public static RunFolder at(Path dir, Provenance.Host host) {
        return new RunFolder(dir, host);
    }

    public Path dir() {
        return dir;
    }

    /** A file inside the folder. */
    public Path file(String name) {
        return dir.resolve(name);
    }

    /**
     * Writes {@code config.json}: the given settings plus the time, the Java version and the build (and the
     * machine and MuJoCo version when the folder was given a host), the record that sits next to every figure.
     */
    public void writeConfig(Map<String, ?> settings) {
        Map<String, Object> all = new LinkedHashMap<>(settings);
        all.put("written", Instant.now().toString());
        if (host != null) {
            all.put("mujoco", host.mujoco());
            all.put("java", host.java());
            all.put("rrl", host.rrlVersion());
            all.put("commit", host.gitCommit());
            all.put("os", host.os());
            all.put("arch", host.arch());
            all.put("vectorSpeciesLength", host.vectorSpeciesLength());
        } else {
            all.put("java", System.getProperty("java.version"));
            all.put("rrl", BuildInfo.version());
            all.put("commit", BuildInfo.commit());
        }
        writeJson("config.json", all);
    }

    /**
     * Writes {@code value} as pretty-printed JSON into {@code name}, atomically. The writers return nothing, so a
     * notebook cell ending with one echoes no path; {@link #file(String)} names the file.
     */
    public void writeJson(String name, Object value) {
        AtomicFiles.writeString(file(name), GSON.toJson(value));
    }

    /** Writes a Tablesaw table as CSV, atomically. */
    public void writeTable(tech.tablesaw.api.Table table, String name) {
        AtomicFiles.write(file(name), tmp -> table.write().csv(tmp.toFile()));
    }

    /** Writes {@code provenance.json}, atomically. */
    public void writeProvenance(Provenance p) {
        writeJson(PROVENANCE, p);
    }

    /** The folder's provenance, if it has one; a damaged file is an error naming it. */
    public Optional<Provenance> provenance() {
        Path f = file(PROVENANCE);
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        try {
            Provenance p = GSON.fromJson(Files.readString(f), Provenance.class);
            if (p == null || p.runId() == null) {
                throw new JsonParseException("no runId");
            }
            return Optional.of(p);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(f + " is not a provenance record (" + rrl.io.IoErrors.describe(e)
                    + "); delete the folder " + dir + " or use another one");
        }
    }

    /**
     * The same-run rule: passes if the folder records run {@code id} or records no run yet; otherwise fails
     * with one line naming the folder, the run it belongs to and {@code id}.
     */
    public void requireRun(RunId id) {
        requireRun(id, null);
    }

    /** As {@link #requireRun(RunId)}; with {@code config} the error also names the config fields that differ. */
    public void requireRun(RunId id, JsonElement config) {
        requireRun(id, config, Set.of());
    }

    /**
     * As {@link #requireRun(RunId, JsonElement)}, leaving {@code budgetFields} (dotted paths, e.g. "steps") out of
     * the fields named: changing them extends a run, it does not make another one. Each field named shows the
     * recorded value and the new one ({@code seed (0 -> 1)}; long strings such as hashes are cut to 12 characters).
     */
    public void requireRun(RunId id, JsonElement config, Set<String> budgetFields) {
        requireRun(id, config, budgetFields, java.util.Map.of());
    }

    /**
     * As {@link #requireRun(RunId, JsonElement, Set)}, not naming a field of {@code addedFields} (dotted path -> the value
     * runs had before it existed) that one side lacks and the other holds at that value: it is no difference.
     */
    public void requireRun(RunId id, JsonElement config, Set<String> budgetFields, java.util.Map<String, ?> addedFields) {
        Optional<Provenance> p = provenance();
        if (p.isEmpty() || p.get().runId().equals(id)) {
            return;
        }
        Provenance old = p.get();
        StringBuilder why = new StringBuilder();
        if (old.name() != null) {
            why.append(old.name()).append(", ");
        }
        why.append("started ").append(old.created());
        if (config != null) {
            List<String> diff = new ArrayList<>();
            differences("", RunId.withoutAdded(old.config(), addedFields), RunId.withoutAdded(config, addedFields),
                    budgetFields, diff);
            if (!diff.isEmpty()) {
                why.append("; config differs in ").append(String.join(", ", diff.subList(0, Math.min(6, diff.size()))))
                        .append(diff.size() > 6 ? ", ..." : "");
            }
        }
        throw new IllegalArgumentException(dir + " belongs to run " + old.runId() + " (" + why + "), not " + id
                + "; use another folder or delete it");
    }

    /** Dotted paths of the leaves where two JSON trees differ, with both values. */
    static void differences(String path, JsonElement a, JsonElement b, List<String> out) {
        differences(path, a, b, Set.of(), out);
    }

    /** As {@link #differences(String, JsonElement, JsonElement, List)}, skipping {@code skip} (dotted paths). */
    static void differences(String path, JsonElement a, JsonElement b, Set<String> skip, List<String> out) {
        if (skip.contains(path)) {
            return;
        }
        if (a != null && b != null && a.isJsonObject() && b.isJsonObject()) {
            JsonObject x = a.getAsJsonObject();
            JsonObject y = b.getAsJsonObject();
            java.util.TreeSet<String> keys = new java.util.TreeSet<>(x.keySet());
            keys.addAll(y.keySet());
            for (String k : keys) {
                differences(path.isEmpty() ? k : path + "." + k, x.get(k), y.get(k), skip, out);
            }
        } else if (a == null ? b != null : !a.equals(b)) {
            out.add((path.isEmpty() ? "(the whole config)" : path) + " (" + shortValue(a) + " -> " + shortValue(b) + ")");
        }
    }

    /**
     * A JSON value for a one-line message: absent, a primitive (strings past 16 characters cut to 12), {...}, a list of
     * primitives up to 40 characters as it is, else [...].
     */
    private static String shortValue(JsonElement e) {
        if (e == null || e.isJsonNull()) {
            return "absent";
        }
        if (e.isJsonObject()) {
            return "{...}";
        }
        if (e.isJsonArray()) {
            // a short list of primitives shows itself (e.g. the corrupted fields [] -> ["obs"]); longer ones are cut
            String whole = e.toString();
            boolean flat = e.getAsJsonArray().asList().stream().allMatch(JsonElement::isJsonPrimitive);
            return flat && whole.length() <= 40 ? whole : "[...]";
        }
        String s = e.getAsJsonPrimitive().isString() ? e.getAsString() : e.toString();
        return s.length() > 16 ? s.substring(0, 12) + "..." : s;
    }

    /**
     * Takes the folder's exclusive lock ({@code .lock}, a {@link FileChannel#tryLock} that other processes see);
     * close it to release. A folder locked elsewhere (another process, or another run of this one) fails at
     * once with one line naming the folder.
     */
    public Lock lock() {
        return lock(LOCK);
    }

    /**
     * As {@link #lock()}, on another lock file of the folder ({@code name}, e.g. {@link #SWEEP_LOCK}): a lock
     * for a different holder, such as a whole sweep over the study folder whose own run lock is {@code .lock}.
     */
    public Lock lock(String name) {
        Path f = file(name).toAbsolutePath().normalize();
        if (!HELD.add(f)) {
            throw busy(f, "this process");
        }
        FileChannel ch = null;
        try {
            ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null;
            }
            if (l == null) {
                String holder = holder(ch);
                ch.close();
                HELD.remove(f);
                throw busy(f, holder);
            }
            byte[] who = ("pid " + ProcessHandle.current().pid() + " since " + Instant.now() + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(who), 0);
            ch.force(false);
            return new Lock(f, ch, l);
        } catch (IOException e) {
            HELD.remove(f);
            try {
                if (ch != null) {
                    ch.close();
                }
            } catch (IOException ignored) {
                // reporting the first failure
            }
            throw new UncheckedIOException("cannot lock " + dir + " (" + f + "): " + e.getMessage(), e);
        }
    }

    /**
     * This folder's lock, unless this process already holds it (a caller up the stack, e.g. an executor's run
     * protocol, locked it for the whole run): then empty, and the holder releases it.
     */
    public Optional<Lock> lockUnlessHeldHere() {
        Path f = file(LOCK).toAbsolutePath().normalize();
        return HELD.contains(f) ? Optional.empty() : Optional.of(lock());
    }

    private IllegalStateException busy(Path f, String holder) {
        return new IllegalStateException(dir + " is locked (" + f.getFileName() + ": " + holder
                + "): another process is using it; wait for it to finish or use another folder");
    }

    private static String holder(FileChannel ch) {
        try {
            ByteBuffer b = ByteBuffer.allocate(256);
            ch.read(b, 0);
            String s = new String(b.array(), 0, b.position(), StandardCharsets.UTF_8).strip();
            return s.isEmpty() ? "held" : s;
        } catch (IOException e) {
            return "held";
        }
    }

    /** A held folder lock; {@link #close} releases it (the file stays, empty of meaning). */
    public static final class Lock implements AutoCloseable {
        private final Path file;
        private final FileChannel channel;
        private final FileLock lock;
        private boolean closed;

        private Lock(Path file, FileChannel channel, FileLock lock) {
            this.file = file;
            this.channel = channel;
            this.lock = lock;
        }

        public Path file() {
            return file;
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                lock.release();
                channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot release " + file + ": " + rrl.io.IoErrors.describe(e), e);
            } finally {
                HELD.remove(file);
            }
        }
    }

    @Override
    public String toString() {
        return "RunFolder(" + dir + ")";
    }
}
