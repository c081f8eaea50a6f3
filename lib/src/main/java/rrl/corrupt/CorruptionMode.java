package rrl.corrupt;

import java.util.Locale;

/** How corrupted values are made (RIQL's {@code corruption_mode} in YangRui2015/RIQL {@code RIQL.py}). */
public enum CorruptionMode {
    /** Uniform noise scaled by the field's std; rewards replaced by uniform values times 30. */
    RANDOM,
    /** A gradient attack on a critic for obs, act and dyn; rewards multiplied by -range. */
    ADVERSARIAL;

    /** "random" or "adversarial". */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode named {@code s} (case-insensitive). */
    public static CorruptionMode parse(String s) {
        for (CorruptionMode m : values()) {
            if (m.label().equalsIgnoreCase(s == null ? "" : s.strip())) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown corruption mode '" + s + "'; use random or adversarial");
    }
}
