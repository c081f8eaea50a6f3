package rrl.corrupt;

import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import rrl.data.D4rlDataset;
import rrl.data.FlagGroup;
import rrl.io.Texts;

/**
 * A corrupted dataset and what was corrupted: {@code dataset} holds the corrupted transitions two rows each
 * ({@link D4rlDataset#ofTransitions}), so its q-learning view (ours and D4RL's) is transition k = the source's
 * transition k, corrupted where {@code masks} says.
 *
 * @param masks per field, one flag per transition (true: this field of this transition was changed)
 * @param sourceSha256 the content hash of the clean dataset
 * @param adversary the attacked critic (its run folder or checkpoint), or null when none was attacked
 */
public record CorruptedDataset(D4rlDataset dataset, Map<CorruptionField, boolean[]> masks, CorruptionConfig config,
                               String sourceSha256, String adversary) {
    /** The group of the written file that holds the masks (one int8 array per field, named by its label). */
    public static final String GROUP = "corruption";

    public CorruptedDataset {
        masks = Collections.unmodifiableMap(new EnumMap<>(masks));
    }

    /** Number of transitions. */
    public int transitions() {
        return dataset.size() / 2;
    }

    /** How many transitions had {@code f} corrupted (0 for a field not corrupted). */
    public int corrupted(CorruptionField f) {
        boolean[] m = masks.get(f);
        int k = 0;
        for (int i = 0; m != null && i < m.length; i++) {
            k += m[i] ? 1 : 0;
        }
        return k;
    }

    /** "obs 1203, rew 1187 of 4000 transitions". */
    public String summary() {
        return masks.keySet().stream().map(f -> f.label() + " " + corrupted(f)).collect(Collectors.joining(", "))
                + " of " + transitions() + " transitions";
    }

    /**
     * Writes the dataset as a D4RL file (atomically) with a {@code corruption} group: one int8 0/1 array per
     * corrupted field (obs, act, rew, dyn; one value per transition, i.e. per pair of rows) and the attributes mode,
     * fields, rate, range, seed, source_sha256, layout and, for an attack, steps, step_size, chunks and critic.
     */
    public void write(Path file) {
        Map<String, boolean[]> flags = new LinkedHashMap<>();
        masks.forEach((f, m) -> flags.put(f.label(), m));
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("mode", config.mode().label());
        attrs.put("fields", config.fieldLabels());
        attrs.put("rate", Texts.number(config.rate()));
        attrs.put("range", Texts.number(config.range()));
        attrs.put("seed", Long.toString(config.seed()));
        attrs.put("source_sha256", sourceSha256);
        attrs.put("layout", "transition k is rows 2k (s, a, r, terminal) and 2k+1 (s', flagged timeout); "
                + "mask index k is transition k");
        if (config.mode() == CorruptionMode.ADVERSARIAL) {
            attrs.put("steps", Integer.toString(config.steps()));
            attrs.put("step_size", Texts.number(config.stepSize()));
            attrs.put("chunks", Integer.toString(config.chunks()));
        }
        if (adversary != null) {
            attrs.put("critic", adversary);
        }
        dataset.write(file, new FlagGroup(GROUP, flags, attrs));
    }

    /**
     * The masks stored in a file {@link #write} wrote: per field, one flag per transition.
     *
     * @throws IllegalArgumentException if the file has no corruption group
     */
    public static Map<CorruptionField, boolean[]> readMasks(Path file) {
        FlagGroup g = D4rlDataset.readFlags(file, GROUP);
        if (g == null) {
            throw new IllegalArgumentException(file + " has no '" + GROUP + "' group: it was not written by `rrl datasets "
                    + "corrupt`; corrupt the clean dataset with it");
        }
        Map<CorruptionField, boolean[]> out = new EnumMap<>(CorruptionField.class);
        g.flags().forEach((k, v) -> out.put(CorruptionField.parse(k), v));
        return out;
    }

    /** The text attributes stored with the masks (mode, rate, range, seed, source_sha256, ...). */
    public static Map<String, String> readAttributes(Path file) {
        FlagGroup g = D4rlDataset.readFlags(file, GROUP);
        return g == null ? Map.of() : g.attributes();
    }
}
