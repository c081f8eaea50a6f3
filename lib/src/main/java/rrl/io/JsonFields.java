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
                throw new IllegalArgumentException("unknown field \"" + e.getKey() + "\" in " + what
                        + Spelling.suggestion(e.getKey(), List.copyOf(byName.keySet()))
                                .map(n -> "; did you mean \"" + n + "\"?").orElse("") + " (fields: "
                        + String.join(", ", byName.keySet()) + ")");
            }
            nested(e.getValue(), c.getGenericType(), what + " " + e.getKey());
        }
    }

    /**
     * Throws an IllegalArgumentException {@code WHAT: "datasetSize" must be an integer, got NaN; ...} for the first
     * top-level field of {@code json} whose value {@code gson} cannot read as its component's type (a number where a
     * text is wanted, NaN or 1.5 for an integer, ...), naming the field, the value and the fix.
     */
    public static void requireTypes(JsonElement json, Class<? extends Record> type, String what, com.google.gson.Gson gson) {
        if (json == null || !json.isJsonObject()) {
            return;
        }
        for (RecordComponent c : type.getRecordComponents()) {
            JsonElement v = ((JsonObject) json).get(c.getName());
            if (v == null || v.isJsonNull()) {
                continue;
            }
            // a list of records (a plan's run lines): each element's fields first, so the error names the field
            if (c.getGenericType() instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw
                    && java.util.Collection.class.isAssignableFrom(raw) && p.getActualTypeArguments()[0] instanceof Class<?> el
                    && el.isRecord() && v.isJsonArray()) {
                JsonArray a = v.getAsJsonArray();
                for (int i = 0; i < a.size(); i++) {
                    @SuppressWarnings("unchecked")
                    Class<? extends Record> rec = (Class<? extends Record>) el;
                    requireTypes(a.get(i), rec, what + ": " + c.getName() + "[" + i + "]", gson);
                }
            }
            // a record (a plan's phase object): its fields first, so the error names the field, not the whole object
            if (c.getGenericType() instanceof Class<?> k && k.isRecord() && v.isJsonObject()) {
                @SuppressWarnings("unchecked")
                Class<? extends Record> rec = (Class<? extends Record>) k;
                requireTypes(v, rec, what + ": \"" + c.getName() + "\"", gson);
            }
            // a list of numbers: each element a JSON number of the element's kind ("0.1" is a text, not a number)
            if (c.getGenericType() instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw
                    && java.util.Collection.class.isAssignableFrom(raw) && v.isJsonArray()) {
                Type el = p.getActualTypeArguments()[0];
                JsonArray a = v.getAsJsonArray();
                for (int i = 0; i < a.size(); i++) {
                    JsonElement x = a.get(i);
                    try {
                        if (x.isJsonNull() && isNumber(el)) {
                            throw new NumberFormatException("null");
                        }
                        requireNumberKind(x, el);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(what + ": \"" + c.getName() + "\"[" + i + "] must be "
                                + kind(el, e) + ", got " + Messages.clip(x.isJsonPrimitive() ? x.getAsString() : x.toString())
                                + "; write it so (e.g. " + example(el) + ")");
                    }
                }
            }
            try {
                requireNumberKind(v, c.getGenericType());
                gson.fromJson(v, c.getGenericType());
            } catch (RuntimeException e) {
                // a record's or enum's own check (one line naming its value), also when Gson wrapped it (a record
                // constructor's refusal inside a list arrives as the cause of Gson's own exception): said of this input
                Throwable own = e;
                while (own != null && !(own instanceof IllegalArgumentException && !(own instanceof NumberFormatException))) {
                    own = own.getCause() == own ? null : own.getCause();
                }
                if (own != null) {
                    throw new IllegalArgumentException(what + ": " + Messages.oneLine(own), e);
                }
                throw new IllegalArgumentException(what + ": \"" + c.getName() + "\" must be " + kind(c.getGenericType(), e)
                        + ", got " + Messages.clip(v.isJsonPrimitive() ? v.getAsString() : v.toString()) + "; write it so (e.g. " + example(c.getGenericType())
                        + ") or leave it out for its default");
            }
        }
    }

    /**
     * Gson reads a JSON tree's 1.5 as the integer 1, "10" as 10 and "yes" as false without complaint; a number field
     * must hold a JSON number, an integer field one without a fractional part, a boolean field true or false.
     */
    private static void requireNumberKind(JsonElement v, Type t) {
        if (t == boolean.class || t == Boolean.class) { // Gson reads "yes" and "no" as false
            if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isBoolean()) {
                throw new NumberFormatException("not a JSON boolean");
            }
            return;
        }
        boolean integer = t == int.class || t == long.class || t == Integer.class || t == Long.class;
        boolean number = integer || t == double.class || t == float.class || t == Double.class || t == Float.class;
        if (!number) {
            return;
        }
        if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isNumber()) {
            throw new NumberFormatException("not a JSON number");
        }
        if (integer) {
            java.math.BigInteger i;
            try {
                i = new java.math.BigDecimal(v.getAsString()).toBigIntegerExact();
            } catch (ArithmeticException e) {
                throw new NumberFormatException("not an integer");
            }
            boolean isLong = t == long.class || t == Long.class;
            // Gson wraps an int silently (99999999999 reads as 1215752191): out of range is refused, not wrapped
            if (i.bitLength() > (isLong ? 63 : 31)) {
                throw new NumberFormatException(TOO_LARGE + (isLong ? Long.MAX_VALUE : Integer.MAX_VALUE));
            }
        }
    }

    private static final String TOO_LARGE = "an integer of at most ";

    /** What a value must be: {@link #kind}, or the integer range when {@code e} says it was out of it. */
    private static String kind(Type t, Throwable e) {
        return e instanceof NumberFormatException n && n.getMessage() != null && n.getMessage().startsWith(TOO_LARGE)
                ? n.getMessage() : kind(t);
    }

    private static boolean isNumber(Type t) {
        return t == int.class || t == long.class || t == Integer.class || t == Long.class || t == double.class
                || t == float.class || t == Double.class || t == Float.class;
    }

    private static String kind(Type t) {
        if (t == int.class || t == long.class || t == Integer.class || t == Long.class) {
            return "an integer";
        }
        if (t == double.class || t == float.class || t == Double.class || t == Float.class) {
            return "a number";
        }
        if (t == boolean.class || t == Boolean.class) {
            return "true or false";
        }
        if (t == String.class) {
            return "a text in quotes";
        }
        if (t instanceof Class<?> k && k.isEnum()) {
            return "one of " + java.util.Arrays.toString(k.getEnumConstants());
        }
        return t instanceof ParameterizedType ? "a list [...]" : "an object {...}";
    }

    private static String example(Type t) {
        if (t == int.class || t == long.class || t == Integer.class || t == Long.class) {
            return "100000";
        }
        if (t == double.class || t == float.class || t == Double.class || t == Float.class) {
            return "0.3";
        }
        if (t == boolean.class || t == Boolean.class) {
            return "true";
        }
        return t == String.class ? "\"text\"" : t instanceof ParameterizedType ? "[...]" : "{...}";
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
