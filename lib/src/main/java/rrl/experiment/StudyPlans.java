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
        com.google.gson.JsonElement tree;
        try {
            tree = rrl.io.StrictJson.parse(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("plan " + file + ": " + rrl.io.Messages.jsonSyntax(e));
        }
        requireStudyField(tree, file);
        return switch (StudyKind.of(tree)) {
            case ROBUSTNESS_TABLES -> new StudyPlan.RobustnessTables(RobustnessTablesStudy.Plan.parse(text, "robustness plan " + file));
            case POLICY_EXPANSION -> new StudyPlan.PolicyExpansion(PolicyExpansionStudy.Plan.parse(text, "policy-expansion plan " + file));
            case FINE_TUNING -> new StudyPlan.FineTuning(FineTuningStudy.Plan.parse(text, "fine-tuning plan " + file));
        };
    }

    /** Fields only paper 2's robustness plans have: a plan with one of them and no "study" is one of those. */
    private static final java.util.List<String> ROBUSTNESS_FIELDS = java.util.List.of("offline", "online", "perturbationEps",
            "replicates", "generations", "populationSize", "episodes");

    /**
     * Refuses, in one line, a plan whose "study" is not "robustness" (the only value it takes) and a plan with
     * robustness fields but no "study", which the fine-tuning reader would refuse for the wrong reason; a syntax error
     * names the file as a plan of any kind.
     */
    private static void requireStudyField(com.google.gson.JsonElement tree, Path file) {
        if (tree == null || !tree.isJsonObject()) {
            return; // the readers name what a plan holds
        }
        com.google.gson.JsonObject o = tree.getAsJsonObject();
        if (o.has("study")) {
            com.google.gson.JsonElement st = o.get("study");
            if (!(st.isJsonPrimitive() && st.getAsJsonPrimitive().isString()
                    && RobustnessTablesStudy.STUDY.equals(st.getAsString()))) {
                throw new IllegalArgumentException("plan " + file + ": \"study\" must be \"" + RobustnessTablesStudy.STUDY
                        + "\" (paper 2's tables), got " + st + "; leave it out for paper 1's fine-tuning and paper 3's "
                        + "PEX/RPEX plans");
            }
            return;
        }
        for (String f : ROBUSTNESS_FIELDS) {
            if (o.has(f)) {
                throw new IllegalArgumentException("plan " + file + ": \"" + f + "\" is a field of paper 2's robustness "
                        + "plans; add \"study\": \"" + RobustnessTablesStudy.STUDY + "\" (or drop \"" + f + "\" for a "
                        + "fine-tuning or PEX/RPEX plan)");
            }
        }
    }

    /**
     * Refuses, in one line, a study folder {@code dir} whose plan.json is another kind of study than {@code plan}
     * ({@link StudyKind#requireFolder}): what running the plan there refuses, so read-only commands ({@code sweep
     * status}, {@code collect}, {@code slurm}) refuse it too instead of listing every run as pending. A folder of the
     * same kind under another plan is not refused here: its runs show as other runs.
     */
    public static void requireKind(StudyPlan plan, Path dir) {
        plan.kind().requireFolder(dir);
    }
}
