package rrl.results;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The identity of a run: the first 16 hex digits of SHA-256 over its kind and its config as canonical JSON
 * (object keys sorted at every depth, numbers as Gson writes them). The single rule for "is this the same
 * run?": a run folder whose recorded id equals the id of the config at hand is resumed, any other is refused.
 * Budget fields (e.g. {@code steps}) are left out, because extending a run's budget continues the same run.
 * Fields added to a config after runs were recorded without them (e.g. {@code replayCapacity}) are left out while
 * they hold the value those runs had in effect, so those runs keep their ids; any other value is part of the id.
 *
 * @param kind what sort of run ("offline-training", "online-training", "fine-tuning", ...)
 * @param value 16 lower-case hex digits
 */
public record RunId(String kind, String value) {
    private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().disableHtmlEscaping().create();

    public RunId {
        if (kind == null || kind.isBlank() || value == null || !value.matches("[0-9a-f]{16}")) {
            throw new IllegalArgumentException("a run id is a kind and 16 hex digits, got " + kind + " / " + value);
        }
    }

    /**
     * The id of a run of {@code kind} with {@code config} (any Gson-serialisable record), without
     * {@code budgetFields} (top-level names, or dotted paths such as {@code "run.steps"} for nested ones).
     */
    public static RunId of(String kind, Object config, Set<String> budgetFields) {
        return ofJson(kind, GSON.toJsonTree(config), budgetFields, Map.of());
    }

    /**
     * As {@link #of(String, Object, Set)}, also leaving out each of {@code addedFields} (dotted path -> the value
     * runs recorded before the field existed had in effect) while the config holds exactly that value.
     */
    public static RunId of(String kind, Object config, Set<String> budgetFields, Map<String, ?> addedFields) {
        return ofJson(kind, GSON.toJsonTree(config), budgetFields, addedFields);
    }

    /** As {@link #of(String, Object, Set)}, for a config that is already a JSON tree. */
    public static RunId ofJson(String kind, JsonElement config, Set<String> budgetFields) {
        return ofJson(kind, config, budgetFields, Map.of());
    }

    /** As {@link #of(String, Object, Set, Map)}, for a config that is already a JSON tree. */
    public static RunId ofJson(String kind, JsonElement config, Set<String> budgetFields, Map<String, ?> addedFields) {
        JsonElement tree = config;
        if (tree.isJsonObject()) {
            JsonObject o = tree.getAsJsonObject().deepCopy();
            for (String field : budgetFields) {
                removePath(o, field);
            }
            tree = withoutAdded(o, addedFields);
        }
        return new RunId(kind, sha256(kind + "\n" + canonical(tree)).substring(0, 16));
    }

    /**
     * Whether configs {@code a} and {@code b} are the same run's: equal as canonical JSON once each of
     * {@code addedFields} that holds the value older runs had is left out of both (so a run recorded before a field
     * existed is the same run as its config with that field at its old value).
     */
    public static boolean sameConfig(JsonElement a, JsonElement b, Map<String, ?> addedFields) {
        return canonical(withoutAdded(a, addedFields)).equals(canonical(withoutAdded(b, addedFields)));
    }

    static JsonElement withoutAdded(JsonElement config, Map<String, ?> addedFields) {
        if (config == null || !config.isJsonObject() || addedFields.isEmpty()) {
            return config;
        }
        JsonObject o = config.getAsJsonObject().deepCopy();
        for (Map.Entry<String, ?> added : addedFields.entrySet()) {
            JsonElement v = get(o, added.getKey());
            if (v != null && v.equals(GSON.toJsonTree(added.getValue()))) {
                removePath(o, added.getKey());
            }
        }
        return o;
    }

    /** The value at a dotted path of {@code o}, or null. */
    public static JsonElement get(JsonObject o, String dotted) {
        int dot = dotted.indexOf('.');
        if (dot < 0) {
            return o.get(dotted);
        }
        return o.get(dotted.substring(0, dot)) instanceof JsonObject inner ? get(inner, dotted.substring(dot + 1)) : null;
    }

    /** Parses {@code KIND:VALUE}, as {@link #toString} writes it. */
    public static RunId parse(String s) {
        int i = s == null ? -1 : s.lastIndexOf(':');
        if (i < 1) {
            throw new IllegalArgumentException("a run id is written KIND:16-HEX-DIGITS, got " + s);
        }
        return new RunId(s.substring(0, i), s.substring(i + 1));
    }

    /** Removes the member at dotted path {@code dotted} ("a.b.c") from {@code o}, if it is there. */
    public static void removePath(JsonObject o, String dotted) {
        int dot = dotted.indexOf('.');
        if (dot < 0) {
            o.remove(dotted);
        } else if (o.get(dotted.substring(0, dot)) instanceof JsonObject inner) {
            removePath(inner, dotted.substring(dot + 1));
        }
    }

    /** Canonical JSON: keys sorted at every depth, no whitespace. */
    public static String canonical(JsonElement e) {
        return GSON.toJson(sorted(e));
    }

    private static JsonElement sorted(JsonElement e) {
        if (e.isJsonObject()) {
            TreeMap<String, JsonElement> m = new TreeMap<>();
            e.getAsJsonObject().entrySet().forEach(x -> m.put(x.getKey(), sorted(x.getValue())));
            JsonObject o = new JsonObject();
            m.forEach(o::add);
            return o;
        }
        if (e.isJsonArray()) {
            JsonArray a = new JsonArray();
            e.getAsJsonArray().forEach(x -> a.add(sorted(x)));
            return a;
        }
        return e;
    }

    private static String sha256(String s) {
        return rrl.io.Sha256.hex(s);
    }

    @Override
    public String toString() {
        return kind + ":" + value;
    }
}
