package rrl.attack;

import com.google.gson.TypeAdapter;
import com.google.gson.annotations.JsonAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.util.Locale;

/**
 * The three evaluation and fine-tuning conditions of papers 1 and 2 (paper 2, eq. 2): no perturbation, a
 * random {@code delta ~ U([-eps, eps]^Na)} per episode, or the adversarial {@code delta} found by DE. Written
 * in JSON and CSV by its lower-case {@link #label()}, as the plans and tables have always spelt it.
 */
@JsonAdapter(ConditionKind.Json.class)
public enum ConditionKind {
    NORMAL, RANDOM, ADVERSARIAL;

    /** "normal", "random" or "adversarial". */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a label, case-insensitively; anything else is an error naming the three. */
    public static ConditionKind parse(String s) {
        if (s != null) {
            for (ConditionKind k : values()) {
                if (k.label().equalsIgnoreCase(s.trim())) {
                    return k;
                }
            }
        }
        throw new IllegalArgumentException("unknown condition '" + s + "'; use normal, random or adversarial");
    }

    /**
     * The perturbation of this kind: {@code eps} bounds the random draw, {@code delta} is the adversarial one
     * (unused by the other kinds).
     */
    public PerturbationCondition create(double eps, double[] delta) {
        return switch (this) {
            case NORMAL -> PerturbationCondition.normal();
            case RANDOM -> PerturbationCondition.random(eps);
            case ADVERSARIAL -> PerturbationCondition.adversarial(delta);
        };
    }

    @Override
    public String toString() {
        return label();
    }

    /** JSON as the label; an unknown label fails with {@link #parse}'s message instead of becoming null. */
    static final class Json extends TypeAdapter<ConditionKind> {
        @Override
        public void write(JsonWriter out, ConditionKind value) throws IOException {
            if (value == null) {
                out.nullValue();
            } else {
                out.value(value.label());
            }
        }

        @Override
        public ConditionKind read(JsonReader in) throws IOException {
            if (in.peek() == com.google.gson.stream.JsonToken.NULL) {
                in.nextNull();
                return null;
            }
            return parse(in.nextString());
        }
    }
}
