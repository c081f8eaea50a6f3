package rrl.io;

import com.google.gson.Gson;
import com.google.gson.TypeAdapter;
import com.google.gson.TypeAdapterFactory;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.util.Arrays;

/**
 * An enum known by a label, as plans, tables and config files spell it ("adversarial", "TD3+BC"). Annotate the
 * enum with {@code @JsonAdapter(Labelled.Json.class)} to read and write it by label in JSON; an unknown label
 * fails with {@link #parse}'s message instead of Gson's silent null.
 */
public interface Labelled {
    String label();

    /**
     * The constant of {@code type} whose label (or enum name) equals {@code s}, ignoring case and the
     * separators {@code + - _}; otherwise an error naming {@code what} and the choices.
     */
    static <E extends Enum<E> & Labelled> E parse(Class<E> type, String s, String what) {
        if (s != null) {
            String k = key(s);
            for (E e : type.getEnumConstants()) {
                if (key(e.label()).equals(k) || key(e.name()).equals(k)) {
                    return e;
                }
            }
        }
        java.util.List<String> labels = Arrays.stream(type.getEnumConstants()).map(Labelled::label).toList();
        String choices = labels.size() == 1 ? labels.get(0) : String.join(", ", labels.subList(0, labels.size() - 1))
                + " or " + labels.get(labels.size() - 1);
        throw new IllegalArgumentException("unknown " + what + " '" + s + "'; use " + choices);
    }

    private static String key(String s) {
        return s.trim().toLowerCase(java.util.Locale.ROOT).replaceAll("[+_\\-]", "");
    }

    /** Gson: labelled enums as their labels. */
    final class Json implements TypeAdapterFactory {
        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public <T> TypeAdapter<T> create(Gson gson, TypeToken<T> token) {
            Class<? super T> raw = token.getRawType();
            if (!raw.isEnum() || !Labelled.class.isAssignableFrom(raw)) {
                return null;
            }
            Class type = raw;
            // ConditionKind -> "condition", Algorithm -> "algorithm": the word the messages of parse() use
            String what = raw.getSimpleName().replaceAll("Kind$", "").replaceAll("([a-z])([A-Z])", "$1 $2")
                    .toLowerCase(java.util.Locale.ROOT);
            return (TypeAdapter<T>) new TypeAdapter<Object>() {
                @Override
                public void write(JsonWriter out, Object value) throws IOException {
                    if (value == null) {
                        out.nullValue();
                    } else {
                        out.value(((Labelled) value).label());
                    }
                }

                @Override
                public Object read(JsonReader in) throws IOException {
                    if (in.peek() == JsonToken.NULL) {
                        in.nextNull();
                        return null;
                    }
                    return Labelled.parse(type, in.nextString(), what);
                }
            };
        }
    }
}
