package rrl.io;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;

/**
 * The one check that a JSON object read from a user names only fields its record has: a misspelt field would
 * otherwise be silently ignored (Gson drops it) and its default used. Nested records, and lists of records, are
 * checked the same way, recursively.
 */
public final class JsonFields {
    private JsonFields() {}

    /**
     * Throws an IllegalArgumentException {@code unknown field "stepz" in WHAT; did you mean "steps"?} for the first key
     * of {@code json} (or of a nested object) that is not a component of {@code type}.
     */
    public static void requireKnown(JsonElement json, Class<? extends Record> type, String what) {
        if (json == null || !json.isJsonObject()) {
            return;
        }
        Map<String, RecordComponent> byName = new java.util.LinkedHashMap<>();
        for (RecordComponent c : type.getRecordComponents()) {
            byName.put(c.getName(), c);
        }
        for (Map.Entry<String, JsonElement> e : ((JsonObject) json).entrySet()) {
            RecordComponent c = byName.get(e.getKey());
            if (c == null) {
                throw new IllegalArgumentException("unknown field \"" + e.getKey() + "\" in " + what + "; did you mean \""
                        + Spelling.closest(e.getKey(), List.copyOf(byName.keySet())) + "\"? (fields: "
                        + String.join(", ", byName.keySet()) + ")");
            }
            nested(e.getValue(), c.getGenericType(), what + " " + e.getKey());
        }
    }

    @SuppressWarnings("unchecked")
    private static void nested(JsonElement value, Type t, String where) {
        if (t instanceof Class<?> k && k.isRecord()) {
            requireKnown(value, (Class<? extends Record>) k, where);
        } else if (t instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw
                && java.util.Collection.class.isAssignableFrom(raw) && value != null && value.isJsonArray()) {
            JsonArray a = value.getAsJsonArray();
            for (int i = 0; i < a.size(); i++) {
                nested(a.get(i), p.getActualTypeArguments()[0], where + "[" + i + "]");
            }
        }
    }
}
