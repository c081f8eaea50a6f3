package rrl.algo;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The learning algorithms rrl knows, by the names the papers and d3rlpy use ({@link #label()}); in JSON by
 * that label ("TD3+BC").
 */
@com.google.gson.annotations.JsonAdapter(Algorithm.Json.class)
public enum Algorithm {
    /** Fujimoto et al. 2018, online (paper 2's online baseline; paper 1's fine-tuning learner). */
    TD3("TD3"),
    /** Fujimoto and Gu 2021, offline (paper 1's pi_off; paper 2's Table 1). */
    TD3_BC("TD3+BC"),
    /** Haarnoja et al. 2018, online (D4RL's behaviour policies; paper 2's online baseline). */
    SAC("SAC");

    private final String label;

    Algorithm(String label) {
        this.label = label;
    }

    /** The name as printed in the papers and in {@code metrics.csv} / {@code config.json}: "TD3+BC". */
    public String label() {
        return label;
    }

    /**
     * Parses a label or enum name, case-insensitively ("td3+bc", "TD3_BC", "td3bc" all give {@link #TD3_BC});
     * anything else is an error naming the choices.
     */
    public static Algorithm parse(String s) {
        String k = s.trim().toUpperCase(Locale.ROOT).replace("+", "_").replace("-", "_");
        for (Algorithm a : values()) {
            if (a.name().equals(k) || a.name().replace("_", "").equals(k.replace("_", ""))) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown algorithm '" + s + "'; use one of "
                + Arrays.stream(values()).map(Algorithm::label).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return label;
    }

    /** JSON as the label; an unknown name fails with {@link #parse}'s message. */
    static final class Json extends com.google.gson.TypeAdapter<Algorithm> {
        @Override
        public void write(com.google.gson.stream.JsonWriter out, Algorithm value) throws java.io.IOException {
            if (value == null) {
                out.nullValue();
            } else {
                out.value(value.label());
            }
        }

        @Override
        public Algorithm read(com.google.gson.stream.JsonReader in) throws java.io.IOException {
            if (in.peek() == com.google.gson.stream.JsonToken.NULL) {
                in.nextNull();
                return null;
            }
            return parse(in.nextString());
        }
    }
}
