package rrl.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import rrl.experiment.FineTuningStudy;
import rrl.report.FineTuningClaims;

/**
 * {@code rrl report --study DIR}: a finished (or partly finished) study's verdict table, read from its run folders
 * and computed under the rule fixed in code ({@link rrl.stats.VerdictRule#DEFAULT}); nothing is re-run.
 */
@Command(name = "report", description = {"Print a study's verdict table from its run folders (nothing is re-run).",
        "A robustness study (written by `rrl robustness`): Table 1 and claims 1-2 over independently trained policies; "
                + "with a method on expert and on medium(-expert) or perturbed data also Tables 2-3 and claims 3-4.",
        "A fine-tuning study (a folder with plan.json, written by `rrl finetune`): its final performance (mean of the last "
                + FineTuningClaims.LAST_K + " evaluations) and claims 5-8, "
                + "each with estimator, estimate, 95%% CI, Holm-level CI, p, Holm's p, n and verdict; the rule is in the table's title.",
        "A policy-expansion study (plan.json with pex / rpex runs, written by `rrl finetune`): the final returns of the offline "
                + "learners and the online runs and claim 9 (RPEX improves on PEX and on the offline policy).",
        "A start-data comparison (a folder whose sub-folders each hold a fine-tuning study from pi_off trained on one "
                + "D4RL data kind, plan \"data\"): per start, pi_off's and the fine-tuned policy's nominal return and worst "
                + "case, the worst case gained per 1,000 steps, and claims DQ1-DQ2 against the expert start.",
        "Several fine-tuning studies (--study A --study B ..., one per environment): claims 5-8 side by side, each "
                + "claim's verdicts counted per study and each comparison's verdict with its estimate and the Holm-level interval "
                + "the verdict reads.",
        "Several policy-expansion studies (one per environment or data): each run's final return and claim 9's "
                + "verdicts side by side."})
final class ReportCommand implements Callable<Integer> {
    @Option(names = "--study", required = true, description = "the study folder (the \"out\" of its plan); repeat it "
            + "to set studies of one kind (fine-tuning, or policy expansion) of several environments side by side")
    java.util.List<Path> studies;

    private Path study;

    @Option(names = "--csv", description = "also write the verdict table to this CSV file (atomically; with several "
            + "--study, one row per study and comparison of the side-by-side claims, with its study and folder)")
    Path csv;

    @Option(names = "--markdown", description = "print the settings, final performance and verdicts as markdown "
            + "(what the README's recorded-study section holds, checked by a test)")
    boolean markdown;

    @Option(names = "--faults", description = "a fine-tuning study's fault-shift part only (its \"faults\" phase: "
            + "return per fault family, claims F1-F2 and their verdicts)")
    boolean faults;

    @Option(names = "--state-action", description = "a fine-tuning study's state-action part only (its \"stateAction\" "
            + "phase: return over the grid of action and observation bounds, claims SA1-SA2 and their verdicts)")
    boolean stateAction;

    @Override
    public Integer call() {
        rrl.guard.Preflight.outputFile("--csv", csv, ".csv"); // before anything is printed
        if (faults && stateAction) {
            throw new IllegalArgumentException("--faults and --state-action each print one part of a study; give one");
        }
        String part = faults ? "--faults" : "--state-action";
        if ((faults || stateAction) && studies.size() > 1) {
            boolean expansion = studies.stream().anyMatch(rrl.experiment.PolicyExpansionStudy::isStudy);
            throw new IllegalArgumentException(part + " reads one fine-tuning study; give one --study"
                    + (expansion ? " (a policy-expansion study has no such phase: drop " + part + ")" : ""));
        }
        if (studies.size() > 1) {
            return acrossEnvironments();
        }
        study = studies.get(0);
        if (!Files.isDirectory(study)) {
            throw new IllegalArgumentException("--study " + study + " is not a folder; give the folder a study wrote "
                    + "(the plan's \"out\")");
        }
        if ((faults || stateAction) && (!Files.exists(study.resolve("plan.json"))
                || rrl.experiment.PolicyExpansionStudy.isStudy(study))) {
            throw new IllegalArgumentException(part + " reads a phase of a fine-tuning study; " + study
                    + " is not a fine-tuning study (drop " + part + ")");
        }
        if (rrl.experiment.RobustnessTablesStudy.isStudy(study)) {
            if (faults || stateAction) {
                throw new IllegalArgumentException(part + " reads a phase of a fine-tuning study; " + study
                        + " is a robustness study (drop " + part + ")");
            }
            Path tables = study.resolve(rrl.experiment.RobustnessTablesStudy.ROBUSTNESS);
            if (!Files.exists(tables.resolve("robustness-replicates.csv"))) {
                throw new IllegalArgumentException(study + " is a robustness study that has not finished (no "
                        + tables.resolve("robustness-replicates.csv") + "); `rrl sweep status --plan " + study.resolve("plan.json")
                        + "` shows its runs, `rrl sweep run --plan " + study.resolve("plan.json") + "` finishes it");
            }
            study = tables;
            return robustness();
        }
        if (!Files.exists(study.resolve("plan.json"))) {
            if (rrl.report.StartDataClaims.isComparison(study) && !faults && !stateAction) {
                return startData();
            }
            if (Files.exists(study.resolve("robustness-replicates.csv"))) {
                return robustness();
            }
            throw new IllegalArgumentException("--study " + study + " holds no study (no plan.json, no "
                    + "robustness-replicates.csv, no sub-folder with a plan.json); give the folder `rrl finetune` or "
                    + "`rrl robustness` wrote, or the parent of one fine-tuning study per start data");
        }
        if (rrl.experiment.PolicyExpansionStudy.isStudy(study)) {
            return policyExpansion();
        }
        FineTuningStudy.Results r = finishedFineTuning(study);
        if (faults) {
            return faultShift(r);
        }
        if (stateAction) {
            return stateAction(r);
        }
        tech.tablesaw.api.Table verdicts = FineTuningClaims.check(r);
        if (markdown) {
            System.out.print(FineTuningClaims.markdownReport(study, r));
        } else {
            printText(study, r, verdicts);
        }
        if (csv != null) {
            tech.tablesaw.api.Table all = everyVerdict(r, verdicts);
            rrl.io.AtomicFiles.write(csv, tmp -> all.write().csv(tmp.toFile()));
        }
        return 0;
    }

    /**
     * Claims 5-8 followed by the verdicts of each part the plan ran (fault shift, state-action, curriculum sensitivity,
     * re-computed perturbations): one table, as {@code --csv} writes it (every part's table has the same columns).
     */
    static tech.tablesaw.api.Table everyVerdict(FineTuningStudy.Results r, tech.tablesaw.api.Table claims) {
        tech.tablesaw.api.Table all = claims.copy();
        if (!r.faultShift().isEmpty()) {
            all.append(rrl.report.FaultShiftClaims.check(r, rrl.report.FaultShiftClaims.verdicts(r)));
        }
        if (!r.stateAction().isEmpty()) {
            all.append(rrl.report.StateActionClaims.check(r, rrl.report.StateActionClaims.verdicts(r)));
        }
        if (rrl.report.CurriculumSensitivity.applies(r)) {
            all.append(rrl.report.CurriculumSensitivity.check(r, rrl.report.CurriculumSensitivity.verdicts(r)));
        }
        if (rrl.report.RecomputedAttacks.applies(r)) {
            all.append(rrl.report.RecomputedAttacks.check(r, rrl.report.RecomputedAttacks.verdicts(r)));
        }
        return all;
    }

    /**
     * The text report of a finished fine-tuning study: its settings, final table, claims 5-8 and their summary, then
     * each part its plan ran (fault shift, state-action, curriculum sensitivity, re-computed perturbations). `rrl
     * finetune` prints the same at its end.
     */
    static void printText(Path study, FineTuningStudy.Results r, tech.tablesaw.api.Table verdicts) {
        System.out.println(FineTuningClaims.studySettings(r).print());
        System.out.println(FineTuningClaims.finalTable(r).print());
        System.out.println(verdicts.print(verdicts.rowCount()));
        System.out.println(FineTuningClaims.verdictSummary(r));
        if (!r.faultShift().isEmpty()) { // the plan's "faults" phase (issue 21)
            java.util.List<rrl.stats.Verdict> fv = rrl.report.FaultShiftClaims.verdicts(r);
            printPlain(rrl.report.FaultShiftClaims.table(r), rrl.report.FaultShiftClaims.check(r, fv),
                    rrl.report.FaultShiftClaims.summary(r, fv));
        }
        if (!r.stateAction().isEmpty()) { // the plan's "stateAction" phase (issue 21)
            java.util.List<rrl.stats.Verdict> v = rrl.report.StateActionClaims.verdicts(r);
            printPlain(rrl.report.StateActionClaims.table(r), rrl.report.StateActionClaims.check(r, v),
                    rrl.report.StateActionClaims.summary(r, v));
        }
        if (rrl.report.CurriculumSensitivity.applies(r)) { // curriculum variants (issue 21): claim S
            java.util.List<rrl.stats.Verdict> sv = rrl.report.CurriculumSensitivity.verdicts(r);
            printPlain(rrl.report.CurriculumSensitivity.table(r), rrl.report.CurriculumSensitivity.check(r, sv),
                    rrl.report.CurriculumSensitivity.summary(r, sv));
        }
        if (rrl.report.RecomputedAttacks.present(r) && !rrl.report.RecomputedAttacks.applies(r)) {
            System.out.println(rrl.report.RecomputedAttacks.summary(r, java.util.List.of())); // says what is missing
        } else if (rrl.report.RecomputedAttacks.applies(r)) { // re-computed perturbations (issue 21): R1-R2
            java.util.List<rrl.stats.Verdict> rv = rrl.report.RecomputedAttacks.verdicts(r);
            for (tech.tablesaw.api.Table t : java.util.List.of(rrl.report.RecomputedAttacks.table(r),
                    rrl.report.RecomputedAttacks.cost(study, r), rrl.report.RecomputedAttacks.check(r, rv))) {
                System.out.println(t.print(t.rowCount()));
            }
            System.out.println(rrl.report.RecomputedAttacks.summary(r, rv));
        }
    }

    /** A part's table, verdicts and summary as text. */
    private static void printPlain(tech.tablesaw.api.Table table, tech.tablesaw.api.Table check, String summary) {
        System.out.println(table.print(table.rowCount()));
        System.out.println(check.print(check.rowCount()));
        System.out.println(summary);
    }

    /**
     * A start-data comparison (issue 21, item 3): one finished fine-tuning study per data kind in the sub-folders of
     * {@code study}; its table, claims DQ1-DQ2 and summary.
     */
    private int startData() {
        // load refuses unfinished starts itself, reading each study once
        java.util.Map<String, FineTuningStudy.Results> starts = rrl.report.StartDataClaims.load(study);
        java.util.List<rrl.stats.Verdict> v = rrl.report.StartDataClaims.verdicts(starts);
        tech.tablesaw.api.Table check = rrl.report.StartDataClaims.check(starts, v);
        if (markdown) {
            System.out.print(rrl.report.StartDataClaims.markdown(starts, v));
        } else {
            tech.tablesaw.api.Table t = rrl.report.StartDataClaims.table(starts);
            System.out.println(t.print(t.rowCount()));
            System.out.println(check.print(check.rowCount()));
            System.out.println(rrl.report.StartDataClaims.summary(starts, v));
        }
        if (csv != null) {
            rrl.io.AtomicFiles.write(csv, tmp -> check.write().csv(tmp.toFile()));
        }
        return 0;
    }

    /**
     * The study's fault-shift part alone ({@code --faults}, writing {@code --csv}); refused for a study that did not
     * run it.
     */
    private int faultShift(FineTuningStudy.Results r) {
        if (r.faultShift().isEmpty()) {
            boolean policies = r.plan().runs().stream().anyMatch(x -> r.plan().seeds().stream().anyMatch(
                    seed -> Files.exists(study.resolve(x.name() + "-s" + seed).resolve("policy.ckpt"))));
            throw new IllegalArgumentException("--faults: " + study + " ran no fault-shift phase; " + (policies
                    ? "add \"faultEpisodes\": 10 to its plan and run it again (rrl sweep run --plan PLAN --out " + study
                            + " runs that phase alone)"
                    : "its run folders keep no policy checkpoints (a recorded copy), so the phase needs the runs again: "
                            + "run its plan with \"faultEpisodes\": 10 into a new folder"));
        }
        java.util.List<rrl.stats.Verdict> fv = rrl.report.FaultShiftClaims.verdicts(r);
        return printPart(rrl.report.FaultShiftClaims.table(r), rrl.report.FaultShiftClaims.check(r, fv),
                rrl.report.FaultShiftClaims.summary(r, fv), rrl.report.FaultShiftClaims.markdown(r, fv));
    }

    /**
     * The study's state-action part alone ({@code --state-action}, writing {@code --csv}); refused for a study that
     * did not run it.
     */
    private int stateAction(FineTuningStudy.Results r) {
        if (r.stateAction().isEmpty()) {
            throw new IllegalArgumentException("--state-action: " + study + " ran no state-action phase; add "
                    + "\"stateAction\": {} to its plan and run it again where its runs' policy.ckpt files are (rrl sweep "
                    + "run --plan PLAN --out " + study + " runs that phase alone)");
        }
        java.util.List<rrl.stats.Verdict> v = rrl.report.StateActionClaims.verdicts(r);
        return printPart(rrl.report.StateActionClaims.table(r), rrl.report.StateActionClaims.check(r, v),
                rrl.report.StateActionClaims.summary(r, v), rrl.report.StateActionClaims.markdown(r, v));
    }

    /** One part of a study's report: markdown, or the table, the verdicts and the summary; and {@code --csv}. */
    private int printPart(tech.tablesaw.api.Table table, tech.tablesaw.api.Table check, String summary, String md) {
        if (markdown) {
            System.out.print(md);
        } else {
            printPlain(table, check, summary);
        }
        if (csv != null) {
            rrl.io.AtomicFiles.write(csv, tmp -> check.write().csv(tmp.toFile()));
        }
        return 0;
    }

    /** A fine-tuning study whose runs have all finished (verdicts on part of one would change with every run). */
    private static FineTuningStudy.Results finishedFineTuning(Path study) {
        FineTuningStudy.Results r = FineTuningStudy.load(study);
        java.util.List<String> unfinished = FineTuningStudy.unfinished(study, r);
        if (!unfinished.isEmpty()) {
            // verdicts on part of a study would change with every run that finishes: refuse rather than mislead
            throw new IllegalArgumentException("--study " + study + ": " + rrl.io.Messages.notFinished("the study", unfinished)
                    + "; resume it with `rrl finetune --config " + study.resolve("plan.json") + " --out " + study + "`");
        }
        return r;
    }

    /** Claims 5-8 of several fine-tuning studies side by side (one per environment). */
    private int acrossEnvironments() {
        java.util.Set<Path> seen = new java.util.HashSet<>();
        for (Path s : studies) {
            if (!seen.add(s.toAbsolutePath().normalize())) {
                throw new IllegalArgumentException("--study " + s + " is given twice; give each study once");
            }
            if (!Files.isDirectory(s)) {
                throw new IllegalArgumentException("--study " + s + (Files.exists(s) ? " is not a folder" : " does not "
                        + "exist") + "; give the folder a study wrote (the plan's \"out\")");
            }
        }
        for (Path s : studies) {
            requireReadablePlan(s);
        }
        // the first study decides the kind: claims 5-8 (paper 1's fine-tuning) or claim 9 (paper 3's policy expansion)
        boolean expansion = rrl.experiment.PolicyExpansionStudy.isStudy(studies.get(0));
        for (Path s : studies) {
            boolean fineTuning = Files.exists(s.resolve("plan.json")) && !rrl.experiment.PolicyExpansionStudy.isStudy(s);
            if (expansion ? !rrl.experiment.PolicyExpansionStudy.isStudy(s) : !fineTuning) {
                throw new IllegalArgumentException("--study " + s + " is not a " + (expansion ? "policy-expansion study "
                        + "(paper 3's plan.json with pex or rpex runs)" : "fine-tuning study (paper 1's plan.json)")
                        + "; several --study folders are compared as studies of one kind, fine-tuning (claims 5-8) or "
                        + "policy expansion (claim 9): report it on its own, rrl report --study " + s);
            }
        }
        if (expansion) {
            return policyExpansionAcrossEnvironments();
        }
        java.util.List<FineTuningStudy.Results> rs = new java.util.ArrayList<>();
        for (Path s : studies) {
            rs.add(finishedFineTuning(s));
        }
        if (markdown) {
            System.out.print(FineTuningClaims.markdownAcrossEnvironments(rs));
        }
        // the verdicts once, for whatever is printed and the CSV
        FineTuningClaims.AcrossEnvironments across = markdown && csv == null ? null
                : FineTuningClaims.reportAcrossEnvironments(rs);
        if (!markdown) {
            System.out.println("Budgets: " + FineTuningClaims.budgets(rs));
            across.tables().forEach(t -> System.out.println(t.print(t.rowCount())));
        }
        if (csv != null) {
            tech.tablesaw.api.Table rows = withFolders(across.verdictRows());
            rrl.io.AtomicFiles.write(csv, tmp -> rows.write().csv(tmp.toFile()));
        }
        return 0;
    }

    /**
     * The long verdict table of several studies with a "folder" column after "study": the --study each row was read
     * from, as given, so rows join back to their folders (the study column is a heading for people).
     */
    private tech.tablesaw.api.Table withFolders(tech.tablesaw.api.Table rows) {
        tech.tablesaw.api.StringColumn folder = tech.tablesaw.api.StringColumn.create("folder");
        String last = null;
        int i = -1;
        for (String heading : rows.stringColumn("study")) {
            if (!heading.equals(last)) { // each study's rows are one block, in the order of --study
                i++;
                last = heading;
            }
            if (i >= studies.size()) {
                throw new IllegalStateException("more study blocks than --study folders in the verdict table");
            }
            folder.append(studies.get(i).toString());
        }
        tech.tablesaw.api.Table out = rows.copy();
        out.insertColumn(1, folder);
        return out;
    }

    /**
     * A study's plan.json, when it has one, must be JSON: otherwise the kind test ({@code isStudy}) reads it as another
     * kind and the refusal would blame the wrong folder.
     */
    private static void requireReadablePlan(Path study) {
        Path plan = study.resolve("plan.json");
        if (!Files.isRegularFile(plan)) {
            return;
        }
        try {
            com.google.gson.JsonElement json = rrl.io.StrictJson.parse(Files.readString(plan));
            if (!json.isJsonObject()) {
                throw new IllegalArgumentException("--study " + study + ": its plan.json is not a JSON object; give the "
                        + "folder a study wrote (the plan's \"out\"), with the plan.json it wrote");
            }
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("--study " + study + ": its plan.json cannot be read ("
                    + rrl.io.IoErrors.describe(e) + "); give the folder a study wrote (the plan's \"out\")");
        } catch (com.google.gson.JsonParseException e) {
            String why = rrl.io.Messages.jsonSyntax(e); // StrictJson's repeated key comes with its own fix
            throw new IllegalArgumentException("--study " + study + ": its plan.json " + (why.startsWith("duplicate key ")
                    ? "has a " + why : "is " + why.replaceFirst("^the JSON ", "JSON that ")));
        }
    }

    private int policyExpansionAcrossEnvironments() {
        java.util.List<rrl.experiment.PolicyExpansionStudy.Results> rs = new java.util.ArrayList<>();
        for (Path s : studies) {
            rs.add(finishedPolicyExpansion(s));
        }
        // one evaluation of the verdicts for whatever is printed and the CSV
        rrl.report.PolicyExpansionClaims.AcrossEnvironments across = rrl.report.PolicyExpansionClaims.acrossEnvironments(rs);
        if (markdown) {
            System.out.print(rrl.report.PolicyExpansionClaims.markdown(rs, across));
        } else {
            System.out.println("Budgets: " + rrl.report.PolicyExpansionClaims.budgets(rs));
            across.tables().forEach(t -> System.out.println(t.print(t.rowCount())));
            System.out.println(across.summary());
        }
        if (csv != null) {
            tech.tablesaw.api.Table rows = withFolders(across.verdictRows());
            rrl.io.AtomicFiles.write(csv, tmp -> rows.write().csv(tmp.toFile()));
        }
        return 0;
    }

    /** A policy-expansion study's results, refused with the resume command while any of its runs is unfinished. */
    private static rrl.experiment.PolicyExpansionStudy.Results finishedPolicyExpansion(Path study) {
        rrl.experiment.PolicyExpansionStudy.Results r = rrl.experiment.PolicyExpansionStudy.load(study);
        java.util.List<String> unfinished = rrl.experiment.PolicyExpansionStudy.unfinished(study, r);
        if (!unfinished.isEmpty()) {
            throw new IllegalArgumentException("--study " + study + ": " + rrl.io.Messages.count(unfinished.size(), "run")
                    + " of the study " + (unfinished.size() == 1 ? "has" : "have") + " not finished (" + unfinished.get(0)
                    + (unfinished.size() > 1 ? ", ..." : "") + "); resume it with `rrl finetune --config "
                    + study.resolve("plan.json") + " --out " + study + "`");
        }
        return r;
    }

    private int policyExpansion() {
        rrl.experiment.PolicyExpansionStudy.Results r = finishedPolicyExpansion(study);
        java.util.List<rrl.stats.Verdict> vs = rrl.report.PolicyExpansionClaims.verdicts(r); // once, for table and words
        tech.tablesaw.api.Table verdicts = rrl.report.PolicyExpansionClaims.check(vs);
        if (markdown) {
            System.out.print(rrl.report.PolicyExpansionClaims.markdownReport(r));
        } else {
            System.out.println(rrl.report.PolicyExpansionClaims.studySettings(r).print());
            System.out.println(rrl.report.PolicyExpansionClaims.finalTable(r).print());
            System.out.println(verdicts.print(verdicts.rowCount()));
            System.out.println(rrl.report.PolicyExpansionClaims.summary(vs));
        }
        if (csv != null) {
            rrl.io.AtomicFiles.write(csv, tmp -> verdicts.write().csv(tmp.toFile()));
        }
        return 0;
    }

    /**
     * The text report of a robustness study: the table per method, claims 1-2's verdicts and, where the study trains a
     * method on expert data and on broader or perturbed data, Tables 2-3 and claims 3-4.
     */
    static void printRobustness(rrl.experiment.RobustnessStudy.Result r, tech.tablesaw.api.Table verdicts) {
        System.out.println(rrl.report.RobustnessViews.table1(r).print());
        System.out.println(verdicts.print(verdicts.rowCount()));
        for (tech.tablesaw.api.Table t : rrl.report.DatasetClaims.tables(r)) {
            System.out.println(t.print(t.rowCount()));
        }
        if (rrl.report.DatasetClaims.applies(r)) {
            System.out.println(rrl.report.DatasetClaims.summary(r));
        }
    }

    private int robustness() {
        rrl.experiment.RobustnessStudy.Result r = rrl.experiment.RobustnessStudy.load(study);
        tech.tablesaw.api.Table verdicts = rrl.report.RobustnessClaims.check(r);
        if (markdown) {
            System.out.print(rrl.report.RobustnessViews.markdownReport(r));
        } else {
            printRobustness(r, verdicts);
        }
        if (csv != null) {
            // one file: claims 1-2's rows, then claims 3-4's (the same columns; each family adjusted on its own)
            tech.tablesaw.api.Table all = verdicts.copy();
            if (rrl.report.DatasetClaims.applies(r)) {
                all.append(rrl.report.DatasetClaims.check(r));
            }
            rrl.io.AtomicFiles.write(csv, tmp -> all.write().csv(tmp.toFile()));
        }
        return 0;
    }
}
