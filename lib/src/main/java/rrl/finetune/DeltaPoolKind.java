package rrl.finetune;

import java.util.Locale;
import rrl.io.Labelled;

/**
 * What a re-computed attack does to the perturbations adversarial fine-tuning trains under ({@link AttackRefresh};
 * paper 1's open question 3, issue 21). In JSON by the lower-case {@link #label()}.
 */
@com.google.gson.annotations.JsonAdapter(Labelled.Json.class)
public enum DeltaPoolKind implements Labelled {
    /** The new attack's K best deltas replace the pool: training follows the current policy's weakness. */
    REPLACE,
    /** The new attack's K best deltas join the pool (pi_off's first): training keeps every weakness found so far. */
    GROW;

    /** "replace" or "grow". */
    @Override
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a label, case-insensitively; anything else is an error naming both. */
    public static DeltaPoolKind parse(String s) {
        return Labelled.parse(DeltaPoolKind.class, s, "delta pool");
    }

    @Override
    public String toString() {
        return label();
    }
}
