package rrl.experiment;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import rrl.io.StrictJson;

/**
 * The three kinds of study a plan, and the study folder it writes, can hold: one per paper. The one place that tells
 * them apart, so that every reader and every command refuses a folder of another kind with the same line.
 */
public enum StudyKind {
    /** Paper 1's adversarial fine-tuning ({@link FineTuningStudy}): a plan without "study" and without PEX/RPEX runs. */
    FINE_TUNING("fine-tuning study (paper 1)"),
    /** Paper 2's Tables 1-3 ({@link RobustnessTablesStudy}): a plan whose "study" is "robustness". */
    ROBUSTNESS_TABLES("robustness study (paper 2's tables)"),
    /** Paper 3's PEX/RPEX ({@link PolicyExpansionStudy}): a plan naming pex or rpex runs or PEX-only fields. */
    POLICY_EXPANSION("policy-expansion study (paper 3)");

    private final String label;

    StudyKind(String label) {
        this.label = label;
    }

    /** The kind in words with its paper, e.g. "robustness study (paper 2's tables)" (for messages). */
    public String label() {
        return label;
    }

    /**
     * The kind of the plan {@code tree} (a parsed plan.json): robustness when its "study" is "robustness", policy
     * expansion when {@link PolicyExpansionStudy.Plan#isPolicyExpansion} says so, else fine-tuning, whose reader names
     * anything wrong with it (so a broken plan is never taken for another kind).
     */
    public static StudyKind of(JsonElement tree) {
        if (tree != null && tree.isJsonObject()) {
            JsonObject o = tree.getAsJsonObject();
            if (o.get("study") instanceof com.google.gson.JsonPrimitive p && RobustnessTablesStudy.STUDY.equals(p.getAsString())) {
                return ROBUSTNESS_TABLES;
            }
            if (PolicyExpansionStudy.Plan.isPolicyExpansion(o)) {
                return POLICY_EXPANSION;
            }
        }
        return FINE_TUNING;
    }

    /** As {@link #of(JsonElement)} on a plan's text; text that is not JSON is a fine-tuning plan's error to name. */
    public static StudyKind of(String planText) {
        JsonElement tree;
        try {
            tree = StrictJson.parse(planText);
        } catch (RuntimeException e) {
            return FINE_TUNING;
        }
        return of(tree);
    }

    /**
     * The kind of the study in folder {@code dir} (its plan.json), or null when it has no plan.json that reads as JSON:
     * a broken one is then named by the study's own reader, not taken for a fine-tuning plan.
     */
    public static StudyKind held(Path dir) {
        Path file = dir.resolve("plan.json");
        if (!Files.isRegularFile(file)) {
            return null;
        }
        JsonElement tree;
        try {
            tree = StrictJson.parse(Files.readString(file));
        } catch (IOException | RuntimeException e) {
            return null; // the study's reader names the error when it runs
        }
        return of(tree);
    }

    /**
     * Refuses, in one line, a study folder {@code dir} whose plan.json is another kind of study than this: its plan
     * would otherwise be read as this kind's and refused for a field this kind does not have, as if the recorded plan
     * were wrong, and read-only commands would list every run as pending. A folder without plan.json passes.
     */
    public void requireFolder(Path dir) {
        StudyKind held = held(dir);
        if (held != null && held != this) {
            throw new IllegalArgumentException(dir + " holds a " + held.label + ", not a " + label + ": give this plan "
                    + "another folder (--out, or the plan's \"out\")");
        }
    }
}
