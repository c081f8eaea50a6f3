package rrl.data;

import java.util.Optional;
import rrl.io.Labelled;

/**
 * The offline training data whose effect claims 3 and 4 compare (paper 2, arXiv 2412.18781, §4.3-4.4, Tables 2-3),
 * by the label a robustness study's subject gives as its training data ({@code RobustnessStudy.Subject#trainingData})
 * and paper 2's tables (and {@code rrl/reference/paper2_tables.csv}) name it.
 *
 * <p>The perturbed kinds are copies of the expert data whose actions were perturbed ({@code bin/rrl datasets
 * perturb}); their labels are {@code rrl.attack.ActionPerturbedDataset#label()}'s, paper 2's Table 3 names, so a
 * study's rows line up with the reference rows. Their clean baseline is {@link #EXPERT} (Table 3's "expert" row).
 */
public enum TrainingData implements Labelled {
    /** The expert policy's data (D4RL "expert"): paper 2's Table 1, the reference of claims 3 and 4. */
    EXPERT("expert"),
    /** The medium policy's data (Table 2). */
    MEDIUM("medium"),
    /** Medium and expert data together (Table 2). */
    MEDIUM_EXPERT("medium-expert"),
    /** The expert data with one random δ per episode on its actions (Table 3). */
    RANDOMLY_PERTURBED("randomly-perturbed"),
    /** The expert data with the DE's δ against the expert on every action (Table 3). */
    ADVERSARIALLY_PERTURBED("adversarially-perturbed");

    private final String label;

    TrainingData(String label) {
        this.label = label;
    }

    /** "expert", "medium", "medium-expert", "randomly-perturbed" or "adversarially-perturbed". */
    @Override
    public String label() {
        return label;
    }

    /** Claim 3's kinds: data covering more of the state-action space than the expert's (medium, medium-expert). */
    public boolean broader() {
        return this == MEDIUM || this == MEDIUM_EXPERT;
    }

    /** Claim 4's kinds: perturbed copies of the expert data. */
    public boolean perturbed() {
        return this == RANDOMLY_PERTURBED || this == ADVERSARIALLY_PERTURBED;
    }

    /**
     * The kind labelled {@code s} (case-insensitively), or empty for any other training data ("online",
     * "medium-replay", a file name): such subjects take no part in claims 3 and 4.
     */
    public static Optional<TrainingData> of(String s) {
        for (TrainingData d : values()) {
            if (d.label.equalsIgnoreCase(s == null ? "" : s.strip())) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return label;
    }
}
