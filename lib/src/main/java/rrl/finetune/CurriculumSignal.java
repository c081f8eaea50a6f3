package rrl.finetune;

import java.util.Locale;
import rrl.io.Labelled;

/**
 * The evaluation return that drives the adaptive curriculum, divided by pi_off's nominal return: paper 1 names
 * "performance" without saying under which condition; ours is the nominal return [our reading]
 * (notebooks/our-reading.md#normalised-return). The others are issue 21's curriculum-sensitivity alternatives. In JSON
 * by the lower-case {@link #label()}.
 */
@com.google.gson.annotations.JsonAdapter(Labelled.Json.class)
public enum CurriculumSignal implements Labelled {
    /** The return without perturbation (the default, our reading). */
    NOMINAL,
    /** The return under a random delta per episode within eps. */
    RANDOM,
    /** The return under the attack's delta against pi_off (the perturbation fine-tuning trains under). */
    ADVERSARIAL;

    /** "nominal", "random" or "adversarial". */
    @Override
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a label, case-insensitively; anything else is an error naming the three. */
    public static CurriculumSignal parse(String s) {
        return Labelled.parse(CurriculumSignal.class, s, "curriculum signal");
    }

    @Override
    public String toString() {
        return label();
    }
}
