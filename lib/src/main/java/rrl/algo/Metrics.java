package rrl.algo;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one update reports, as named numbers in a fixed order (e.g. {@code critic_loss, actor_loss, mean_q,
 * lambda}); the training loop averages them over its logging window and writes them to {@code metrics.csv}.
 * Names are snake_case column names. Immutable.
 */
public final class Metrics {
    private static final Metrics EMPTY = new Metrics(List.of(), new double[0]);
    private final List<String> names;
    private final double[] values;

    private Metrics(List<String> names, double[] values) {
        this.names = names;
        this.values = values;
    }

    /** No metrics. */
    public static Metrics none() {
        return EMPTY;
    }

    /** Alternating names and values: {@code Metrics.of("critic_loss", 0.3, "actor_loss", -2.0)}. */
    public static Metrics of(Object... nameValuePairs) {
        if (nameValuePairs.length % 2 != 0) {
            throw new IllegalArgumentException("Metrics.of takes name, value pairs; got " + nameValuePairs.length + " items");
        }
        String[] n = new String[nameValuePairs.length / 2];
        double[] v = new double[n.length];
        for (int i = 0; i < n.length; i++) {
            n[i] = (String) nameValuePairs[2 * i];
            v[i] = ((Number) nameValuePairs[2 * i + 1]).doubleValue();
        }
        return new Metrics(List.of(n), v);
    }

    /** The column names, in order. */
    public List<String> names() {
        return names;
    }

    /** A copy of the values, in the order of {@link #names()}. */
    public double[] values() {
        return values.clone();
    }

    public int size() {
        return values.length;
    }

    /** The value at position {@code i} of {@link #names()}. */
    public double value(int i) {
        return values[i];
    }

    /** The value called {@code name}; NaN if this update did not report it. */
    public double get(String name) {
        int i = names.indexOf(name);
        return i < 0 ? Double.NaN : values[i];
    }

    public Map<String, Double> asMap() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            m.put(names.get(i), values[i]);
        }
        return Collections.unmodifiableMap(m);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Metrics m && names.equals(m.names) && Arrays.equals(values, m.values);
    }

    @Override
    public int hashCode() {
        return names.hashCode() * 31 + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return asMap().toString();
    }
}
