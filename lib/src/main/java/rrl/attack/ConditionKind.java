package rrl.attack;

import java.util.Locale;
import rrl.io.Labelled;

/**
 * The three evaluation and fine-tuning conditions of papers 1 and 2 (paper 2, eq. 2): no perturbation, a
 * random {@code delta ~ U([-eps, eps]^Na)} per episode, or the adversarial {@code delta} found by DE. Written
 * in JSON and CSV by its lower-case {@link #label()}, as the plans and tables have always spelt it.
 */
@com.google.gson.annotations.JsonAdapter(Labelled.Json.class)
public enum ConditionKind implements Labelled {
    NORMAL, RANDOM, ADVERSARIAL;

    /** "normal", "random" or "adversarial". */
    @Override
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a label, case-insensitively; anything else is an error naming the three. */
    public static ConditionKind parse(String s) {
        return Labelled.parse(ConditionKind.class, s, "condition");
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
}
