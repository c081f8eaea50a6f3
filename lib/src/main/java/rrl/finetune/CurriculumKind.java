package rrl.finetune;

import java.util.Locale;
import rrl.io.Labelled;

/** Paper 1's schedules of the perturbation probability q; in JSON by the lower-case {@link #label()}. */
@com.google.gson.annotations.JsonAdapter(Labelled.Json.class)
public enum CurriculumKind implements Labelled {
    /** q stays at a constant (paper 1: 0.5). */
    FIXED,
    /** q rises linearly from q0 to qMax over the run. */
    LINEAR,
    /** q follows the nominal return's EMA (paper 1, adaptive curriculum). */
    ADAPTIVE;

    /** "fixed", "linear" or "adaptive". */
    @Override
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a label, case-insensitively; anything else is an error naming the three. */
    public static CurriculumKind parse(String s) {
        return Labelled.parse(CurriculumKind.class, s, "curriculum");
    }

    @Override
    public String toString() {
        return label();
    }
}
