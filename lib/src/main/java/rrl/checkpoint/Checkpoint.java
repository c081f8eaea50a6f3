package rrl.checkpoint;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import rrl.io.StrictJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A portable checkpoint: a zip holding {@code meta.json} (what it is, dimensions, config, counters) and
 * named float32 tensors (little-endian, {@code tensors/NAME.f32}) plus long-valued state such as RNG
 * states. Readable from any language; written to a temporary file and moved into place, so a run killed
 * mid-write never leaves a half checkpoint behind.
 */
public final class Checkpoint {
    /** Format version written into meta.json. */
    public static final int FORMAT = 1;
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

    private final JsonObject meta;
    private final Map<String, float[]> tensors;
    private final Map<String, long[]> longs;
    private final Path file; // where it was read from; null for one made in memory

    private Checkpoint(JsonObject meta, Map<String, float[]> tensors, Map<String, long[]> longs, Path file) {
        this.file = file;
        this.meta = meta;
        this.tensors = tensors;
        this.longs = longs;
    }

    /** An empty checkpoint of the given kind ("policy", "sac-training", ...). */
    public static Checkpoint create(String kind) {
        JsonObject m = new JsonObject();
        m.addProperty("format", FORMAT);
        m.addProperty("kind", kind);
        return new Checkpoint(m, new LinkedHashMap<>(), new LinkedHashMap<>(), null);
    }

    public String kind() {
        return meta.get("kind").getAsString();
    }

    /** Metadata (mutable JSON object). */
    public JsonObject meta() {
        return meta;
    }

    /**
     * Stores any value (record, map, number) under {@code key} in meta.json. A map without an order of its own
     * ({@code Map.of}, {@code HashMap}) is written sorted by key: its iteration order changes between JVMs, and the same
     * run must write the same bytes.
     */
    public Checkpoint putMeta(String key, Object value) {
        meta.add(key, GSON.toJsonTree(ordered(value)));
        return this;
    }

    private static Object ordered(Object value) {
        if (value instanceof java.util.Map<?, ?> m && !(m instanceof java.util.LinkedHashMap) && !(m instanceof java.util.SortedMap)) {
            java.util.TreeMap<String, Object> sorted = new java.util.TreeMap<>();
            m.forEach((k, v) -> sorted.put(String.valueOf(k), ordered(v)));
            return sorted;
        }
        return value;
    }

    public <T> T getMeta(String key, Class<T> type) {
        JsonElement e = meta.get(key);
        if (e == null) {
            throw new IllegalArgumentException(where() + " has no '" + key + "' entry in meta.json");
        }
        try {
            return GSON.fromJson(e, type);
        } catch (RuntimeException x) {
            throw new IllegalArgumentException(where() + ": meta.json '" + key + "' is not a " + type.getSimpleName() + " ("
                    + rrl.io.Messages.oneLine(x) + ")", x);
        }
    }

    public Checkpoint putTensor(String name, float[] values) {
        tensors.put(name, values.clone());
        return this;
    }

    public Checkpoint putLongs(String name, long... values) {
        longs.put(name, values.clone());
        return this;
    }

    /** Stores doubles exactly (as their raw bits in an int64 entry): resumed runs continue bit for bit. */
    public Checkpoint putDoubles(String name, double... values) {
        long[] bits = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Double.doubleToRawLongBits(values[i]);
        }
        return putLongs(name, bits);
    }

    /** Reads what {@link #putDoubles} stored. */
    public double[] doubles(String name) {
        long[] bits = longs(name);
        double[] v = new double[bits.length];
        for (int i = 0; i < bits.length; i++) {
            v[i] = Double.longBitsToDouble(bits[i]);
        }
        return v;
    }

    public float[] tensor(String name) {
        float[] t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException(where() + " (" + kind() + ") has no tensor '" + name + "'");
        }
        return t.clone();
    }

    public long[] longs(String name) {
        long[] t = longs.get(name);
        if (t == null) {
            throw new IllegalArgumentException(where() + " (" + kind() + ") has no state '" + name + "'");
        }
        return t.clone();
    }

    /** Whether a {@link #putLongs} / {@link #putDoubles} entry called {@code name} exists. */
    public boolean hasLongs(String name) {
        return longs.containsKey(name);
    }

    public Set<String> tensorNames() {
        return tensors.keySet();
    }

    /** Writes atomically (through {@link rrl.io.AtomicFiles}: a temporary file in the same folder, then a move). */
    public void write(Path file) {
        rrl.io.AtomicFiles.write(file, tmp -> {
            try (OutputStream os = Files.newOutputStream(tmp); ZipOutputStream zip = new ZipOutputStream(os)) {
                zip.putNextEntry(entry("meta.json"));
                zip.write(GSON.toJson(meta).getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
                for (Map.Entry<String, float[]> e : tensors.entrySet()) {
                    ByteBuffer b = ByteBuffer.allocate(4 * e.getValue().length).order(ByteOrder.LITTLE_ENDIAN);
                    b.asFloatBuffer().put(e.getValue());
                    zip.putNextEntry(entry("tensors/" + e.getKey() + ".f32"));
                    zip.write(b.array());
                    zip.closeEntry();
                }
                for (Map.Entry<String, long[]> e : longs.entrySet()) {
                    ByteBuffer b = ByteBuffer.allocate(8 * e.getValue().length).order(ByteOrder.LITTLE_ENDIAN);
                    b.asLongBuffer().put(e.getValue());
                    zip.putNextEntry(entry("state/" + e.getKey() + ".i64"));
                    zip.write(b.array());
                    zip.closeEntry();
                }
            }
            });
    }

    /**
     * A zip entry stamped 1980-01-01 00:00 (the first DOS time), not the time of writing: the same state gives the
     * same file bytes, so a policy's SHA-256 (run ids pin it) and byte comparisons of resumed runs do not depend on
     * the clock (a write that straddled a two-second boundary used to change bytes 10-13 of the file).
     */
    private static ZipEntry entry(String name) {
        ZipEntry e = new ZipEntry(name);
        e.setTimeLocal(java.time.LocalDateTime.of(1980, 1, 1, 0, 0));
        return e;
    }

    /** Reads a checkpoint; a missing, foreign or damaged file gets an error naming it. */
    public static Checkpoint read(Path file) {
        JsonObject meta = null;
        Map<String, float[]> tensors = new LinkedHashMap<>();
        Map<String, long[]> longs = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("checkpoint file not found: " + file);
        }
        if (!Files.isReadable(file)) {
            throw new UncheckedIOException("cannot read checkpoint " + file + ": permission denied",
                    new java.nio.file.AccessDeniedException(file.toString()));
        }
        // ZipFile, not ZipInputStream: it reads the central directory at the end of the file, so a file cut short
        // anywhere is refused as damaged (a stream reader stopped cleanly when the cut fell between two entries and
        // reported a missing tensor instead).
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(file.toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                byte[] bytes;
                try (InputStream in = zip.getInputStream(e)) {
                    bytes = in.readAllBytes();
                }
                String name = e.getName();
                if (name.equals("meta.json")) {
                    meta = StrictJson.parse(new String(bytes, StandardCharsets.UTF_8)).getAsJsonObject();
                } else if (name.startsWith("tensors/") && name.endsWith(".f32")) {
                    requireWhole(name, bytes.length, 4);
                    float[] v = new float[bytes.length / 4];
                    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
                    tensors.put(name.substring(8, name.length() - 4), v);
                } else if (name.startsWith("state/") && name.endsWith(".i64")) {
                    requireWhole(name, bytes.length, 8);
                    long[] v = new long[bytes.length / 8];
                    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(v);
                    longs.put(name.substring(6, name.length() - 4), v);
                }
            }
        } catch (NoSuchFileException e) {
            // deleted between the check above and the open (ZipFile reads the file's attributes first)
            throw new IllegalArgumentException("checkpoint file not found: " + file);
        } catch (IOException | RuntimeException e) {
            // past opening the file, anything the zip or JSON readers stumble on is damage (truncation, bad bytes)
            throw new IllegalArgumentException("not an rrl checkpoint (or a damaged one): " + file + " ("
                    + rrl.io.Messages.oneLine(e) + "); write it again or use another file", e);
        }
        if (meta == null || !isString(meta.get("kind")) || !(meta.get("format") instanceof com.google.gson.JsonPrimitive f
                && f.isNumber())) {
            throw new IllegalArgumentException("not an rrl checkpoint: " + file + " has no meta.json with kind and format");
        }
        if (meta.get("format").getAsDouble() > FORMAT) {
            throw new IllegalArgumentException("checkpoint " + file + " uses format " + meta.get("format")
                    + "; this rrl reads up to " + FORMAT + ". Update rrl.");
        }
        return new Checkpoint(meta, tensors, longs, file);
    }

    private static void requireWhole(String entry, int bytes, int width) {
        if (bytes % width != 0) {
            throw new IllegalArgumentException("entry " + entry + " has " + bytes + " bytes, not a whole number of "
                    + width + "-byte values");
        }
    }

    private static boolean isString(JsonElement e) {
        return e instanceof com.google.gson.JsonPrimitive p && p.isString();
    }

    /** "checkpoint FILE" (or "checkpoint" for one made in memory), for messages about its content. */
    private String where() {
        return file == null ? "checkpoint" : "checkpoint " + file;
    }
}
