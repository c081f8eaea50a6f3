package rrl.io;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.google.gson.JsonSyntaxException;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.util.HashSet;
import java.util.Set;

/**
 * JSON text to a Gson tree, exactly as {@link JsonParser#parseString} reads it, except that an object naming the
 * same key twice is an error: Gson keeps the last value silently, so {@code {"steps": 1000, ..., "steps": 10}} in a
 * hand-edited plan would run 10 steps without a word. Every JSON file rrl reads goes through here.
 */
public final class StrictJson {
    private StrictJson() {}

    /**
     * The tree of {@code json}.
     *
     * @throws JsonSyntaxException on malformed JSON (Gson's own message, with line and column) or on a repeated key:
     *     {@code duplicate key "steps" in $.plan: keep one of the two values}
     */
    public static JsonElement parse(String json) {
        String duplicate;
        try (JsonReader in = new JsonReader(new StringReader(json))) {
            in.setLenient(true);
            duplicate = in.peek() == JsonToken.END_DOCUMENT ? null : firstDuplicate(in);
        } catch (IOException | RuntimeException malformed) {
            duplicate = null; // JsonParser below reports it in its own words
        }
        JsonElement tree = JsonParser.parseString(json);
        if (duplicate != null) {
            throw new JsonSyntaxException(duplicate);
        }
        return tree;
    }

    /** The first repeated key as a message, or null; walks the value at the reader's position. */
    private static String firstDuplicate(JsonReader in) throws IOException {
        JsonToken t = in.peek();
        if (t == JsonToken.BEGIN_OBJECT) {
            String where = in.getPath();
            Set<String> names = new HashSet<>();
            in.beginObject();
            while (in.hasNext()) {
                String name = in.nextName();
                if (!names.add(name)) {
                    return "duplicate key \"" + name + "\" in " + where + ": keep one of the two values";
                }
                String inner = firstDuplicate(in);
                if (inner != null) {
                    return inner;
                }
            }
            in.endObject();
        } else if (t == JsonToken.BEGIN_ARRAY) {
            in.beginArray();
            while (in.hasNext()) {
                String inner = firstDuplicate(in);
                if (inner != null) {
                    return inner;
                }
            }
            in.endArray();
        } else {
            in.skipValue();
        }
        return null;
    }
}
