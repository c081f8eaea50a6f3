package rrl.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reading a study plan of either kind ({@link StudyPlan}). */
public final class StudyPlans {
    private StudyPlans() {}

    /**
     * The plan in {@code file}: paper 2's tables when its "study" is "robustness" ({@link RobustnessTablesStudy}),
     * paper 3's policy-expansion study when a run names pex or rpex
     * ({@link PolicyExpansionStudy.Plan#isPolicyExpansion}), else paper 1's fine-tuning study (whose reader names
     * any error in the file).
     */
    public static StudyPlan read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read fine-tuning plan " + file + ": " + rrl.io.IoErrors.describe(e)
                    + " (plans: notebooks/plans/*.json)");
        }
        if (RobustnessTablesStudy.Plan.isPlan(text)) {
            return new StudyPlan.RobustnessTables(RobustnessTablesStudy.Plan.parse(text, "robustness plan " + file));
        }
        return PolicyExpansionStudy.Plan.isPolicyExpansion(text)
                ? new StudyPlan.PolicyExpansion(PolicyExpansionStudy.Plan.parse(text, "policy-expansion plan " + file))
                : new StudyPlan.FineTuning(FineTuningStudy.Plan.parse(text, "fine-tuning plan " + file));
    }
}
