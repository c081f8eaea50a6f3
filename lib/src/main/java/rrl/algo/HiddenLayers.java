package rrl.algo;

import java.util.ArrayList;
import java.util.List;

/**
 * The hidden-layer widths of a config record, held as an unmodifiable {@code List<Integer>} so the record is
 * immutable and compares by value (an {@code int[]} component made two equal configs unequal), while Gson
 * still writes and reads it as {@code "hidden": [256, 256]}, the form of config.json and checkpoint metadata
 * written before.
 */
final class HiddenLayers {
    private HiddenLayers() {}

    /** An unmodifiable copy, every width >= 1; refuses a missing list (e.g. JSON without "hidden"). */
    static List<Integer> copy(List<Integer> widths) {
        if (widths == null) {
            throw new IllegalArgumentException("hidden layer widths are missing; e.g. [256, 256]");
        }
        for (Integer w : widths) {
            if (w == null || w < 1) {
                throw new IllegalArgumentException("hidden layer widths must be >= 1, got " + widths);
            }
        }
        return List.copyOf(widths);
    }

    static List<Integer> of(int... widths) {
        List<Integer> l = new ArrayList<>(widths.length);
        for (int w : widths) {
            l.add(w);
        }
        return copy(l);
    }

    static int[] toArray(List<Integer> widths) {
        return widths.stream().mapToInt(Integer::intValue).toArray();
    }
}
