package rrl.finetune;

import com.google.gson.TypeAdapter;
import com.google.gson.annotations.JsonAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.util.Locale;

/** Paper 1's schedules of the perturbation probability q; in JSON by the lower-case {@link #label()}. */
@JsonAdapter(CurriculumKind.Json.class)
public enum CurriculumKind {
    /** q stays at a constant (paper 1: 0.5). */
    FIXED,
    /** q rises linearly from q0 to qMax over the run. */
    LINEAR,
    /** q follows the nominal return's EMA (paper 1, adaptive curriculum). */
    ADAPTIVE;

    /** "fixed", "linear" or "adaptive". */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a label, case-insensitively; anything else is an error naming the three. */
    public static CurriculumKind parse(String s) {
        if (s != null) {
            for (CurriculumKind k : values()) {
                if (k.label().equalsIgnoreCase(s.trim())) {
                    return k;
                }
            }
        }
        throw new IllegalArgumentException("unknown curriculum '" + s + "'; use fixed, linear or adaptive");
    }

    @Override
    public String toString() {
        return label();
    }

    /** JSON as the label; an unknown label fails with {@link #parse}'s message instead of becoming null. */
    static final class Json extends TypeAdapter<CurriculumKind> {
        @Override
        public void write(JsonWriter out, CurriculumKind value) throws IOException {
            if (value == null) {
                out.nullValue();
            } else {
                out.value(value.label());
            }
        }

        @Override
        public CurriculumKind read(JsonReader in) throws IOException {
            if (in.peek() == JsonToken.NULL) {
                in.nextNull();
                return null;
            }
            return parse(in.nextString());
        }
    }
}
