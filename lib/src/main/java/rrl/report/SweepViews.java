package rrl.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import rrl.experiment.FineTuningCostEstimate;
import rrl.experiment.FineTuningRuns;
import rrl.experiment.FineTuningStudy;
import rrl.experiment.PolicyExpansionStudy;
import rrl.experiment.RunSpec;
import rrl.experiment.RunState;
import rrl.experiment.StudyPlan;
import rrl.experiment.Sweep;
import rrl.finetune.AdversarialFineTuning;
import rrl.finetune.AdversarialFineTuning.EvalPoint;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A study's runs as one table (paper 1's fine-tuning or paper 3's policy expansion), read from the run folders
 * alone: the same whichever engine (local, Spark, Slurm) or machine ran them, and readable while runs are missing or
 * failed.
 */
public final class SweepViews {
    private static final Pattern SEEDED = Pattern.compile(".*-s(\\d+)$");

    private SweepViews() {}

    /**
     * One row per run of {@code plan} in {@code dir}, phase by phase ({@link FineTuningStudy#PHASES}) in run order:
     * phase, index (what {@code rrl sweep run-one --index} takes), run folder, kind, seed, state
     * ({@link RunState}), and for a finished run its numbers: the step of its last evaluation and its final returns
     * (mean of the last {@link FineTuningClaims#LAST_K} evaluations; episode return, unitless MuJoCo reward sums)
     * with no perturbation, random and adversarial perturbations under pi_off's delta, and, for a re-attack, the
     * fine-tuned policy's return under its own worst-case delta. A failed run's last error is in {@code error}.
     * Numbers of unfinished runs are missing, not partial. The faults and state-action phases' runs have a grid each,
     * not one number: their rows carry none, and the caption names the reports that show them.
     */
    public static Table collect(FineTuningStudy.Plan plan, Path dir) {
        Rows rows = new Rows();
        LongColumn step = LongColumn.create("step");
        DoubleColumn nominal = DoubleColumn.create("no perturbation");
        DoubleColumn random = DoubleColumn.create("random (pi_off's δ)");
        DoubleColumn adversarial = DoubleColumn.create("adversarial (pi_off's δ)");
        DoubleColumn own = DoubleColumn.create("adversarial (own worst case)");
        List<Sweep> phases = FineTuningStudy.phases(plan, dir);
        for (int ph = 0; ph < phases.size(); ph++) {
            List<RunSpec> runs = phases.get(ph).runs();
            for (int i = 0; i < runs.size(); i++) {
                RunSpec s = runs.get(i);
                Path folder = s.folder();
                RunState st = rows.add(FineTuningStudy.phaseNames(plan).get(ph), i, s);
                EvalPoint e = null;
                Double worst = null;
                Path metrics = folder.resolve("metrics.csv");
                Path worstCase = folder.resolve("worst-case.csv");
                if (st == RunState.DONE && Files.exists(metrics)) {
                    e = FineTuningClaims.finalOf(AdversarialFineTuning.readMetrics(metrics));
                } else if (st == RunState.DONE && Files.exists(worstCase)) {
                    FineTuningRuns.WorstCase w = FineTuningRuns.readWorstCase(worstCase);
                    worst = w.mean();
                    step.append(w.step());
                }
                if (e != null) {
                    step.append(e.step());
                    nominal.append(e.normalMean());
                    random.append(e.randomMean());
                    adversarial.append(e.adversarialMean());
                } else {
                    if (worst == null) {
                        step.appendMissing();
                    }
                    nominal.appendMissing();
                    random.appendMissing();
                    adversarial.appendMissing();
                }
                if (worst != null) {
                    own.append(worst);
                } else {
                    own.appendMissing();
                }
            }
        }
        // the faults and state-action phases have a grid per run, not one number: the caption points to their reports
        String phaseNumbers = plan.faultEpisodes() != null || plan.stateAction() != null
                ? "; the faults and state-action runs' numbers: `rrl report --study " + dir + " --faults` / `--state-action`"
                : "";
        Table t = Table.create("Runs of the study in " + dir.getFileName() + " (final = mean of the last "
                + FineTuningClaims.LAST_K + " evaluations; episode returns" + phaseNumbers + ")", rows.phase, rows.index,
                rows.run, rows.kind,
                rows.seed, rows.state, step, nominal, random, adversarial, own, rows.error);
        return Tables.decimals(t, Tables.RETURN, nominal.name(), random.name(), adversarial.name(), own.name());
    }

    /**
     * {@link #collect(FineTuningStudy.Plan, Path)} for a plan of either kind. A policy-expansion study's rows (phases
     * data, offline, online) carry, for a finished offline or online run, the step of its last evaluation (offline:
     * gradient updates; online: environment steps), its final return (mean of the last
     * {@link PolicyExpansionStudy#FINAL_EVALUATIONS} evaluations' mean episode return) and final D4RL score (their
     * normalised scores' mean); the data run has no numbers.
     */
    public static Table collect(StudyPlan plan, Path dir) {
        if (plan instanceof StudyPlan.FineTuning f) {
            return collect(f.plan(), dir);
        }
        Rows rows = new Rows();
        LongColumn step = LongColumn.create("step");
        DoubleColumn ret = DoubleColumn.create("final return");
        DoubleColumn score = DoubleColumn.create("final D4RL score");
        List<Sweep> phases = plan.phases(dir);
        for (int ph = 0; ph < phases.size(); ph++) {
            List<RunSpec> runs = phases.get(ph).runs();
            for (int i = 0; i < runs.size(); i++) {
                RunState st = rows.add(plan.phaseNames().get(ph), i, runs.get(i));
                List<PolicyExpansionStudy.EvalPoint> curve = st == RunState.DONE
                        ? PolicyExpansionStudy.curve(runs.get(i).folder()) : List.of();
                if (curve.isEmpty()) {
                    step.appendMissing();
                    ret.appendMissing();
                    score.appendMissing();
                    continue;
                }
                List<PolicyExpansionStudy.EvalPoint> last = curve.subList(
                        Math.max(0, curve.size() - PolicyExpansionStudy.FINAL_EVALUATIONS), curve.size());
                step.append(curve.get(curve.size() - 1).step());
                ret.append(PolicyExpansionStudy.Results.finalReturn(curve));
                score.append(last.stream().mapToDouble(PolicyExpansionStudy.EvalPoint::d4rlScore).average().orElseThrow());
            }
        }
        Table t = Table.create("Runs of the study in " + dir.getFileName() + " (final = mean of the last "
                + PolicyExpansionStudy.FINAL_EVALUATIONS + " evaluations; episode returns)", rows.phase, rows.index,
                rows.run, rows.kind, rows.seed, rows.state, step, ret, score, rows.error);
        return Tables.decimals(Tables.decimals(t, Tables.RETURN, ret.name()), Tables.SCORE, score.name());
    }

    /** The columns every collected row has: where the run is in the plan, what it is, and how it stands. */
    private static final class Rows {
        final StringColumn phase = StringColumn.create("phase");
        final IntColumn index = IntColumn.create("index");
        final StringColumn run = StringColumn.create("run");
        final StringColumn kind = StringColumn.create("kind");
        final LongColumn seed = LongColumn.create("seed");
        final StringColumn state = StringColumn.create("state");
        final StringColumn error = StringColumn.create("error");

        /** Appends run {@code s}, index {@code i} of {@code phaseName}; returns its state. */
        RunState add(String phaseName, int i, RunSpec s) {
            RunState st = RunState.of(s);
            phase.append(phaseName);
            index.append(i);
            run.append(s.label());
            kind.append(s.kind());
            Matcher m = SEEDED.matcher(s.name());
            if (m.matches()) {
                seed.append(Long.parseLong(m.group(1)));
            } else {
                seed.appendMissing();
            }
            state.append(st.label());
            String err = st == RunState.FAILED ? RunState.error(s.folder())
                    : st == RunState.OTHER_RUN ? RunState.otherRun(s) : null;
            error.append(err == null ? "" : err);
            return st;
        }
    }

    /** How many runs of {@code collected} are in each state, e.g. {@code "5 done, 1 failed, 1 pending"}. */
    public static String counts(Table collected) {
        StringBuilder b = new StringBuilder();
        for (RunState s : RunState.values()) {
            long n = collected.stringColumn("state").countOccurrences(s.label());
            if (n > 0 || s == RunState.DONE) {
                b.append(b.length() == 0 ? "" : ", ").append(n).append(' ').append(s.label());
            }
        }
        return b.toString();
    }

    /** Paper 1's smallest fine-tuning budget, 1,000,000 environment steps per run: {@link #cost}'s default. */
    public static final long PAPER_1_STEPS = 1_000_000;

    /**
     * {@link #cost(Path, Long, Long)} with {@code steps} fine-tuning (online) steps per run and, for a policy-expansion
     * study, paper 3's offline budget.
     */
    public static Table cost(Path dir, long steps) {
        return cost(dir, Long.valueOf(steps), null);
    }

    /**
     * What a finished study cost, measured from its run folders: per run kind, the runs, their wall-clock hours
     * (the seconds of the attempt that finished a run in one attempt, as {@code result.json} records them; a run resumed
     * after a stop, or written before rrl recorded attempts, from provenance's {@code created} to {@code result.json}'s
     * {@code finished}, its pauses included, and the caption counts the resumed ones) and core-hours (wall hours x the run's threads), and the core-hours projected to a budget, linearly
     * (evaluations included at the study's density, so an upper bound for a budget that evaluates less often per step
     * or update). The last row is the study's total. A kind whose runs lack provenance or a finish time has no numbers
     * (a policy-expansion study's row says "not recorded"), and then neither has the total.
     * <ul>
     * <li>Paper 1's fine-tuning study ({@link FineTuningStudy}): one row per run kind as provenance names it; the
     * fine-tuning runs projected to {@code steps} fine-tuning steps per run (null: {@link #PAPER_1_STEPS}); the other
     * kinds (setup, offline-only evaluation, re-attacks) do not depend on the fine-tuning budget and are carried over
     * as measured. Columns: run kind, runs, wall-clock hours, core-hours, core-hours at {@code steps} steps.</li>
     * <li>Paper 3's policy-expansion study ({@link PolicyExpansionStudy}): rows data (collection and corruption,
     * or only corruption of the plan's given file; carried over as measured: it does not depend on either budget),
     * then per offline learner (IQL, RIQL: gradient updates, projected to {@code offlineSteps}) and per online run (PEX, RPEX: environment steps, projected to
     * {@code steps}). Null budgets are paper 3's, {@link PolicyExpansionStudy.Plan#defaults}' 1,000,000 offline
     * updates (PEX {@code main_offline.py}) and 1,000,000 environment steps ({@code attack_online.py},
     * {@code main_online.py}), the budgets {@code notebooks/plans/pex-rpex-*-paper.json} run. Columns: run kind,
     * runs, budget per run (as measured), wall-clock hours, core-hours, projected to (the budget, "as measured" or
     * "not recorded"), core-hours projected.</li>
     * </ul>
     *
     * @param steps fine-tuning (online) environment steps per run to project to, >= 1; null: the paper's
     * @param offlineSteps offline gradient updates per learner to project to (policy-expansion studies only), >= 1;
     *     null: paper 3's
     * @throws IllegalArgumentException if {@code dir} is not a study folder, a run of the study has not finished, or
     *     {@code offlineSteps} is given for a fine-tuning study
     */
    public static Table cost(Path dir, Long steps, Long offlineSteps) {
        if (steps != null && steps < 1) {
            throw new IllegalArgumentException("--steps must be >= 1, got " + steps);
        }
        if (offlineSteps != null && offlineSteps < 1) {
            throw new IllegalArgumentException("--offline-steps must be >= 1, got " + offlineSteps);
        }
        if (PolicyExpansionStudy.isStudy(dir)) {
            return policyExpansionCost(dir, steps, offlineSteps);
        }
        if (rrl.experiment.RobustnessTablesStudy.isStudy(dir)) {
            return robustnessTablesCost(dir, steps, offlineSteps);
        }
        if (!Files.exists(dir)) {
            throw new IllegalArgumentException("--study " + dir + " does not exist; give a study's folder");
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--study " + dir + " is a file; give a study's folder");
        }
        if (!Files.exists(dir.resolve("plan.json"))) {
            if (!Files.exists(dir.resolve("config.json")) || !Files.isDirectory(dir.resolve("attacks"))) {
                throw new IllegalArgumentException("--study " + dir + " is not a study folder: give a fine-tuning or "
                        + "PEX/RPEX study (a folder with the plan.json `rrl sweep run` or `rrl finetune` wrote) or a "
                        + "robustness study (the folder of `rrl robustness --out`)");
            }
            if (steps != null || offlineSteps != null) {
                throw new IllegalArgumentException(dir + " holds paper 2's robustness study, which has no training steps "
                        + "to project: drop --steps and --offline-steps (its evaluations are projected to paper 2's "
                        + String.format(java.util.Locale.ROOT, "%,d", PAPER_2_EPISODES) + " episodes)");
            }
            return robustnessCost(dir);
        }
        FineTuningStudy.Results loaded = FineTuningStudy.load(dir);
        FineTuningStudy.Plan plan = loaded.plan();
        if (offlineSteps != null) {
            throw new IllegalArgumentException(dir + " holds a fine-tuning study (paper 1's TD3), which has no offline "
                    + "updates to project: drop --offline-steps (it is for PEX/RPEX studies)");
        }
        requireFinished(dir, FineTuningStudy.unfinished(dir, loaded));
        long target = steps != null ? steps : PAPER_1_STEPS;
        java.util.Map<String, List<Path>> byKind = new java.util.LinkedHashMap<>(); // in the folders' order
        try (java.util.stream.Stream<Path> entries = Files.walk(dir, 2)) {
            for (Path result : entries.filter(f -> f.getFileName().toString().equals(rrl.experiment.RunKinds.RESULT)).sorted()
                    .toList()) {
                com.google.gson.JsonObject r = rrl.io.StrictJson.parse(Files.readString(result)).getAsJsonObject();
                String kind = r.has("runId") ? r.getAsJsonObject("runId").get("kind").getAsString()
                        : rrl.results.RunFolder.at(result.getParent()).provenance().map(p -> p.runId().kind()).orElse("?");
                byKind.computeIfAbsent(kind, k -> new java.util.ArrayList<>()).add(result.getParent());
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read the run folders of " + dir, e);
        }
        double scale = (double) target / plan.steps();
        List<KindCost> rows = new java.util.ArrayList<>();
        byKind.forEach((kind, folders) -> rows.add(KindCost.of(kind, "", folders, kind.equals("fine-tuning") ? scale : 1,
                "")));
        String caption = String.format(java.util.Locale.ROOT, "Cost of the study in %s (%s, %,d fine-tuning steps per "
                + "run, %s), measured from its run folders; fine-tuning projected linearly to %,d steps, the other kinds "
                + "as measured (the setups at the study's own pi_off budget: a paper-budget plan's cost is "
                + "rrl sweep cost --plan)",
                dir.getFileName(), plan.env(), plan.steps(), rrl.io.Messages.count(plan.seeds().size(), "seed"), target)
                + resumedNote(rows);
        return costTable(caption, String.format(java.util.Locale.ROOT, "core-hours at %,d steps", target), rows, false);
    }

    /**
     * What {@code plan} will cost on the machine {@code units} were measured on, before it runs
     * ({@link FineTuningCostEstimate}): per run kind, the runs, the work counted from the plan (TD3 updates, single
     * environment steps, batched environment steps) and the core-hours at the measured unit costs; the last row is the
     * study's total. Episodes count at their full 1,000 steps, so an upper bound where episodes end early.
     */
    public static Table estimate(FineTuningStudy.Plan plan, FineTuningCostEstimate.UnitCosts units) {
        String caption = String.format(java.util.Locale.ROOT, "Expected cost of the %s study (%,d fine-tuning steps per "
                + "run, %s), from its plan and unit costs measured on this machine (%s); episodes counted at 1,000 "
                + "steps, so an upper bound where they end early%s%s", plan.env(), plan.steps(),
                rrl.io.Messages.count(plan.seeds().size(), "seed"), units, busyNote(units), plan.missingBehaviourPolicy() != null
                        ? "; the plan cannot run yet: its setup regenerates data from " + plan.env() + "'s SAC "
                        + plan.missingBehaviourPolicy() + " policy, which does not ship (training one is not counted here)"
                        : "");
        return estimate(caption, FineTuningCostEstimate.work(plan), units);
    }

    /**
     * What paper 2's robustness study {@code c} will cost on the machine {@code units} were measured on, before it
     * runs ({@link rrl.experiment.RobustnessStudy#work}), in the columns of {@link #estimate(FineTuningStudy.Plan,
     * FineTuningCostEstimate.UnitCosts)}: the DE attacks and the evaluations, then the study's total.
     */
    public static Table estimate(rrl.experiment.RobustnessStudy.Config c, FineTuningCostEstimate.UnitCosts units) {
        int policies = c.subjects().stream().mapToInt(rrl.experiment.RobustnessStudy.Subject::trainingSeeds).sum();
        String caption = String.format(java.util.Locale.ROOT, "Expected cost of the %s robustness study (%s, %s each; "
                + "DE NP %d, %d generations, M %d; %,d evaluation episodes per condition and policy), from unit costs "
                + "measured on this machine (%s); episodes counted at %,d steps, so an upper bound where they end early; "
                + "the unit costs time a TD3 actor, so policies that cost more per action (BCQ's) cost more%s", c.env(),
                trainedPolicies(policies), rrl.io.Messages.count(c.replicates(), "replicate"),
                c.attack().populationSize(), c.attack().generations(), c.attack().episodesPerIndividual(),
                c.evalEpisodes(), units, rrl.env.Environments.task(c.env()).maxEpisodeSteps(), busyNote(units));
        // a robustness study trains nothing and steps no simulator one at a time: those columns would be zeros
        return estimate(caption, rrl.experiment.RobustnessStudy.work(c), units).removeColumns("TD3 updates",
                "environment steps");
    }

    private static Table estimate(String caption, List<FineTuningCostEstimate.Work> work,
                                  FineTuningCostEstimate.UnitCosts units) {
        StringColumn kind = StringColumn.create("run kind");
        IntColumn runs = IntColumn.create("runs");
        LongColumn updates = LongColumn.create("TD3 updates");
        LongColumn steps = LongColumn.create("environment steps");
        LongColumn batched = LongColumn.create("batched steps");
        DoubleColumn hours = DoubleColumn.create("core-hours");
        double total = 0;
        for (FineTuningCostEstimate.Work w : work) {
            kind.append(w.kind());
            runs.append(w.runs());
            updates.append(w.updates());
            steps.append(w.steps());
            batched.append(w.batchedSteps());
            double h = w.coreHours(units);
            hours.append(h);
            total += h;
        }
        kind.append("study");
        runs.append((int) runs.sum());
        updates.append((long) updates.sum());
        steps.append((long) steps.sum());
        batched.append((long) batched.sum());
        hours.append(total);
        for (LongColumn c : List.of(updates, steps, batched)) {
            c.setPrintFormatter(new tech.tablesaw.columns.numbers.NumberColumnFormatter(java.text.NumberFormat.getIntegerInstance(java.util.Locale.US)));
        }
        return Tables.decimals(Table.create(caption, kind, runs, updates, steps, batched, hours), 2, hours.name());
    }

    /**
     * "; other processes ran meanwhile (the load average): it leans high" when the load was beyond what the
     * measurement's own threads explain (plus half a core of slack): on a shared VM even a process on another core
     * slows the measurement (memory bandwidth, turbo), as it would slow the study.
     */
    public static String busyNote(FineTuningCostEstimate.UnitCosts u) {
        return u.loadAverage() > u.threads() + 0.5 ? "; other processes ran meanwhile (the load average): it leans high"
                : "";
    }

    /** {@link #cost(Path, Long, Long)} of a policy-expansion study. */
    private static Table policyExpansionCost(Path dir, Long steps, Long offlineSteps) {
        PolicyExpansionStudy.Results loaded = PolicyExpansionStudy.load(dir);
        PolicyExpansionStudy.Plan plan = loaded.plan();
        requireFinished(dir, PolicyExpansionStudy.unfinished(dir, loaded));
        PolicyExpansionStudy.Plan paper = PolicyExpansionStudy.Plan.defaults(plan.env());
        long online = steps != null ? steps : paper.steps();
        long offline = offlineSteps != null ? offlineSteps : paper.offlineSteps();
        List<KindCost> rows = new java.util.ArrayList<>();
        // a given file is only corrupted: the plan's datasetSize (collection) does not apply to it
        rows.add(plan.dataset() == null
                ? KindCost.of("data: collection and corruption", String.format(java.util.Locale.ROOT, "%,d transitions",
                        plan.datasetSize()), List.of(dir.resolve(rrl.experiment.PolicyExpansionRuns.DATA_FOLDER)), 1,
                        "as measured")
                : KindCost.of("data: corruption of a given file", Path.of(plan.dataset()).getFileName().toString(),
                        List.of(dir.resolve(rrl.experiment.PolicyExpansionRuns.DATA_FOLDER)), 1, "as measured"));
        for (String name : plan.offlineNames()) {
            rows.add(KindCost.of("offline: " + name.toUpperCase(java.util.Locale.ROOT) + " (" + name + "-s*)",
                    String.format(java.util.Locale.ROOT, "%,d updates", plan.offlineSteps()), seeded(dir, name, plan),
                    (double) offline / plan.offlineSteps(), String.format(java.util.Locale.ROOT, "%,d updates", offline)));
        }
        for (PolicyExpansionStudy.Run r : plan.runs()) {
            rows.add(KindCost.of("online: " + r.learner().label() + " (" + r.name() + "-s*)",
                    String.format(java.util.Locale.ROOT, "%,d steps", plan.steps()), seeded(dir, r.name(), plan),
                    (double) online / plan.steps(), String.format(java.util.Locale.ROOT, "%,d steps", online)));
        }
        // the defaults' sources as PolicyExpansionStudy.Plan cites them
        String offlineSource = offlineSteps != null ? "--offline-steps" : "paper 3's: PEX main_offline.py";
        String onlineSource = steps != null ? "--steps" : "paper 3's: RPEX attack_online.py, PEX main_online.py";
        String caption = String.format(java.util.Locale.ROOT, "Cost of the study in %s (%s, %,d offline updates per "
                + "learner and %,d environment steps per online run, %s), measured from its run folders; offline runs "
                + "projected linearly to %,d updates (%s) and online runs to %,d environment steps (%s)%s; the data "
                + "carried over as measured", dir.getFileName(), plan.env(), plan.offlineSteps(), plan.steps(),
                rrl.io.Messages.count(plan.seeds().size(), "seed"), offline, offlineSource, online, onlineSource,
                offlineSteps == null || steps == null ? ", paper 3's as notebooks/plans/pex-rpex-*-paper.json run them"
                        : "") + resumedNote(rows);
        return costTable(caption, "core-hours projected", rows, true);
    }

    /** Paper 2's evaluation episodes per condition and policy (its Table 1), what a robustness study is projected to. */
    static final int PAPER_2_EPISODES = 1000;

    /**
     * {@link #cost(Path, Long, Long)} of paper 2's robustness study ({@code rrl robustness}): its DE attacks as
     * measured (paper 2's own DE settings are the study's unless it ran smaller ones) and its evaluations projected
     * linearly to paper 2's 1,000 episodes per condition and policy.
     */
    private static Table robustnessCost(Path dir) {
        rrl.experiment.RobustnessStudy.Result loaded = rrl.experiment.RobustnessStudy.load(dir); // refuses unfinished
        rrl.experiment.RobustnessStudy.Config c = loaded.config();
        // the study's own runs, each required finished; other folders beside them are not its runs
        List<String> names = rrl.experiment.RobustnessStudy.runNames(c);
        List<Path> attacks = names.stream().map(n -> dir.resolve("attacks").resolve(n)).toList();
        List<Path> evaluations = names.stream().map(n -> dir.resolve("evaluations").resolve(n)).toList();
        List<String> unfinished = java.util.stream.Stream.concat(attacks.stream(), evaluations.stream())
                .filter(f -> !Files.exists(f.resolve(rrl.experiment.RunKinds.RESULT)))
                .map(f -> dir.relativize(f).toString()).toList();
        if (!unfinished.isEmpty()) {
            throw new IllegalArgumentException(dir + ": " + rrl.io.Messages.notFinished("the study", unfinished)
                    + "; the cost is of a finished study: resume it with `rrl robustness ... --out " + dir + "`");
        }
        rrl.attack.AttackConfig a = c.attack();
        List<KindCost> rows = List.of(
                KindCost.of("attack", String.format(java.util.Locale.ROOT, "DE NP %d, %d generations, M %d",
                        a.populationSize(), a.generations(), a.episodesPerIndividual()), attacks, 1, "as measured"),
                KindCost.of("robustness-evaluation", String.format(java.util.Locale.ROOT, "%s episodes x 3 conditions",
                        c.episodes(0) == c.episodes(c.replicates() - 1) ? String.format(java.util.Locale.ROOT, "%,d",
                                c.episodes(0)) : c.episodes(c.replicates() - 1) + "-" + c.episodes(0)), evaluations, (double) PAPER_2_EPISODES / c.evalEpisodes(),
                        String.format(java.util.Locale.ROOT, "%,d episodes", PAPER_2_EPISODES)));
        int policies = c.subjects().stream().mapToInt(rrl.experiment.RobustnessStudy.Subject::trainingSeeds).sum();
        String caption = String.format(java.util.Locale.ROOT, "Cost of the robustness study in %s (%s, %s, %s each, "
                + "%,d evaluation episodes per condition and policy), measured from its run folders; evaluations "
                + "projected linearly to paper 2's %,d episodes per condition and policy, the attacks as measured",
                dir.getFileName(), c.env(), trainedPolicies(policies), rrl.io.Messages.count(c.replicates(), "replicate"),
                c.evalEpisodes(), PAPER_2_EPISODES) + resumedNote(rows);
        return costTable(caption, "core-hours projected", rows, true);
    }

    /**
     * {@link #cost(Path, Long, Long)} of paper 2's tables as one plan ({@link rrl.experiment.RobustnessTablesStudy}): the
     * expert's attack and the data as measured; per method and training data its policies, offline ones projected
     * linearly to {@code offlineSteps} updates and online ones to {@code steps} environment steps (null: the plan
     * defaults', 1,000,000 each, the references' budgets); then the robustness study's attacks as measured and its
     * evaluations projected to paper 2's 1,000 episodes per condition and policy.
     */
    private static Table robustnessTablesCost(Path dir, Long steps, Long offlineSteps) {
        rrl.experiment.RobustnessTablesStudy.Plan plan = rrl.experiment.RobustnessTablesStudy.Plan.parse(readPlan(dir),
                "robustness plan " + dir.resolve("plan.json"));
        List<String> unfinished = new java.util.ArrayList<>();
        List<String> names = rrl.experiment.RobustnessTablesStudy.phases(plan, dir).stream().flatMap(s -> s.runs().stream()).map(r -> r.folder())
                .filter(f -> !Files.exists(f.resolve(rrl.experiment.RunKinds.RESULT))).map(f -> dir.relativize(f).toString())
                .toList();
        unfinished.addAll(names);
        requireFinished(dir, unfinished);
        rrl.experiment.RobustnessTablesStudy.Plan paper = rrl.experiment.RobustnessTablesStudy.Plan.defaults(plan.env());
        long online = steps != null ? steps : paper.online().get(0).steps();
        List<KindCost> rows = new java.util.ArrayList<>();
        if (Files.exists(dir.resolve(rrl.experiment.RobustnessTablesRuns.EXPERT_ATTACK))) {
            rows.add(KindCost.of("expert attack (adversarially-perturbed data)", "", List.of(
                    dir.resolve(rrl.experiment.RobustnessTablesRuns.EXPERT_ATTACK)), 1, "as measured"));
        }
        for (rrl.data.TrainingData k : plan.dataKinds()) {
            rows.add(KindCost.of("data: " + k.label(), String.format(java.util.Locale.ROOT, "%,d transitions",
                    plan.datasetSize()), plan.seeds().stream().map(s -> dir.resolve(
                            rrl.experiment.RobustnessTablesRuns.dataRun(k, s))).toList(), 1, "as measured"));
        }
        for (rrl.experiment.RobustnessTablesStudy.Offline o : plan.offline()) {
            rrl.algo.Algorithm a = rrl.algo.Algorithm.parse(o.method());
            long offline = offlineSteps != null ? offlineSteps : paper.offline().stream()
                    .filter(x -> rrl.algo.Algorithm.parse(x.method()) == a).findFirst().orElseThrow().steps();
            for (String d : o.data()) {
                rrl.data.TrainingData k = rrl.data.TrainingData.of(d).orElseThrow();
                rows.add(KindCost.of("policies: " + a.label() + " on " + k.label(), String.format(java.util.Locale.ROOT,
                        "%,d updates", o.steps()), plan.seeds().stream().map(s -> dir.resolve(
                                rrl.experiment.RobustnessTablesRuns.policyRun(a, k, s))).toList(),
                        (double) offline / o.steps(), String.format(java.util.Locale.ROOT, "%,d updates", offline)));
            }
        }
        for (rrl.experiment.RobustnessTablesStudy.Online o : plan.online()) {
            if (o.policy() != null) {
                continue;
            }
            rrl.algo.Algorithm a = rrl.algo.Algorithm.parse(o.method());
            rows.add(KindCost.of("policies: " + a.label() + " (online)", String.format(java.util.Locale.ROOT, "%,d steps",
                    o.steps()), plan.seeds().stream().map(s -> dir.resolve(rrl.experiment.RobustnessTablesRuns.policyRun(a,
                            null, s))).toList(), (double) online / o.steps(), String.format(java.util.Locale.ROOT,
                            "%,d steps", online)));
        }
        Path study = dir.resolve(rrl.experiment.RobustnessTablesStudy.ROBUSTNESS);
        rrl.experiment.RobustnessStudy.Config c = rrl.experiment.RobustnessTablesStudy.robustness(plan);
        List<String> runs = rrl.experiment.RobustnessStudy.runNames(c);
        rrl.attack.AttackConfig a = c.attack();
        rrl.attack.AttackConfig paperDe = rrl.attack.AttackConfig.paper(plan.env());
        // DE's work is its episodes: NP x M per generation, the initial population included
        double deScale = (double) paperDe.populationSize() * paperDe.episodesPerIndividual() * (paperDe.generations() + 1)
                / ((double) a.populationSize() * a.episodesPerIndividual() * (a.generations() + 1));
        rows.add(KindCost.of("attack", String.format(java.util.Locale.ROOT, "DE NP %d, %d generations, M %d",
                a.populationSize(), a.generations(), a.episodesPerIndividual()), runs.stream().map(n -> study.resolve("attacks")
                        .resolve(n)).toList(), deScale, String.format(java.util.Locale.ROOT, "paper 2's DE (NP %d, %d "
                        + "generations, M %d)", paperDe.populationSize(), paperDe.generations(),
                        paperDe.episodesPerIndividual())));
        rows.add(KindCost.of("robustness-evaluation", String.format(java.util.Locale.ROOT, "%,d episodes x 3 conditions",
                c.evalEpisodes()), runs.stream().map(n -> study.resolve("evaluations").resolve(n)).toList(),
                (double) PAPER_2_EPISODES / c.evalEpisodes(), String.format(java.util.Locale.ROOT, "%,d episodes",
                        PAPER_2_EPISODES)));
        String caption = String.format(java.util.Locale.ROOT, "Cost of the robustness study in %s (%s, %s), measured from "
                + "its run folders; offline policies projected linearly to %s, online ones to %,d "
                + "environment steps (%s), attacks to paper 2's DE and evaluations to its %,d episodes per condition and "
                + "policy (as if the paper-budget policies' episodes lasted as long as these), the data as "
                + "measured; a policy trained for less than a few evaluation intervals (5,000 updates or steps) is mostly "
                + "evaluation, so its projection is an upper bound too", dir.getFileName(), plan.env(), rrl.io.Messages.count(plan.seeds().size(), "seed"),
                offlineSteps != null ? String.format(java.util.Locale.ROOT, "%,d updates (--offline-steps)", offlineSteps)
                        : "paper 2's updates (BCQ and IQL 3M, TD3+BC 2M)", online,
                steps != null ? "--steps" : "the TD3 and PPO papers'", PAPER_2_EPISODES) + resumedNote(rows);
        return costTable(caption, "core-hours projected", rows, true);
    }

    private static String readPlan(Path dir) {
        try {
            return Files.readString(dir.resolve("plan.json"));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot read " + dir.resolve("plan.json") + ": " + rrl.io.IoErrors.describe(e));
        }
    }

    /** "1 trained policy", "26 trained policies". */
    private static String trainedPolicies(int n) {
        return n + (n == 1 ? " trained policy" : " trained policies");
    }

    /** The caption's note on runs resumed after a stop, whose hours hold their pauses; "" when there are none. */
    private static String resumedNote(List<KindCost> rows) {
        int n = rows.stream().mapToInt(KindCost::resumed).sum();
        return n == 0 ? "" : "; " + rrl.io.Messages.count(n, "run") + (n == 1 ? " was" : " were") + " resumed after a "
                + "stop and " + (n == 1 ? "counts" : "count") + " from first start to finish, pauses included (an upper "
                + "bound)";
    }

    /** The run folders {@code <name>-s<seed>} of the plan's seeds. */
    private static List<Path> seeded(Path dir, String name, PolicyExpansionStudy.Plan plan) {
        return plan.seeds().stream().map(s -> dir.resolve(name + "-s" + s)).toList();
    }

    /** Refuses a cost with runs missing, which would read as the study's. */
    private static void requireFinished(Path dir, List<String> unfinished) {
        if (!unfinished.isEmpty()) {
            throw new IllegalArgumentException(dir + ": " + rrl.io.Messages.notFinished("the study", unfinished)
                    + "; the cost is of a finished study, resume it first");
        }
    }

    /**
     * One row of a cost table: a run kind, its runs, the budget each ran ("" when the table has no such column), their
     * wall-clock hours and core-hours summed over the runs, the core-hours projected ({@code scale} x measured) and
     * what they were projected to. Hours are NaN when a run of the kind lacks its timing ({@link #recorded} false).
     */
    /**
     * A finished run's wall-clock seconds as the cost tables count them (the attempt that finished it, or from its first
     * start for a resumed one); NaN when its folder does not record them.
     */
    static double runSeconds(Path folder) {
        double[] t = KindCost.timing(folder);
        return t == null ? Double.NaN : t[0] * 3600;
    }

    private record KindCost(String kind, int runs, String budget, double wallHours, double coreHours, double projected,
                            String projectedTo, boolean recorded, int resumed) {
        /**
         * The kind's runs in {@code folders}, each timed by the seconds of the attempt that finished it where it ran in
         * one attempt, else from provenance's created to result.json's finished (counted in {@code resumed}: its pauses
         * are in its hours).
         */
        static KindCost of(String kind, String budget, List<Path> folders, double scale, String projectedTo) {
            double wall = 0;
            double core = 0;
            int missing = 0;
            int resumed = 0;
            for (Path folder : folders) {
                double[] t = timing(folder);
                if (t == null) {
                    missing++;
                    continue;
                }
                wall += t[0];
                core += t[0] * t[1];
                resumed += (int) t[2];
            }
            if (missing > 0) {
                return new KindCost(kind, folders.size(), budget, Double.NaN, Double.NaN, Double.NaN, "not recorded ("
                        + missing + " of " + rrl.io.Messages.count(folders.size(), "run") + " without provenance.json or "
                        + "a finish time, or started again after it finished)", false, resumed);
            }
            return new KindCost(kind, folders.size(), budget, wall, core, core * scale, projectedTo, true, resumed);
        }

        /**
         * A finished run's wall-clock hours, threads and 1 if it was resumed (0 otherwise), or null when its folder does
         * not record them (no provenance or finish time) or records a later attempt's start (failed.json there, or a
         * start after the finish). A run finished in one attempt counts that attempt's seconds; a resumed one (and one
         * written before result.json recorded attempts) counts from its first start to its finish.
         */
        private static double[] timing(Path folder) {
            Path result = folder.resolve(rrl.experiment.RunKinds.RESULT);
            rrl.results.Provenance p = rrl.results.RunFolder.at(folder).provenance().orElse(null);
            if (p == null || p.created() == null || !Files.exists(result)) {
                return null;
            }
            try {
                com.google.gson.JsonObject r = rrl.io.StrictJson.parse(Files.readString(result)).getAsJsonObject();
                if (!r.has("finished")) {
                    return null;
                }
                double hours = java.time.Duration.between(java.time.Instant.parse(p.created()),
                        java.time.Instant.parse(r.get("finished").getAsString())).toMillis() / 3.6e6;
                // a later attempt (a failed resume or extension) rewrites provenance.json but not this result: its start
                // is then not this result's, and a negative or mixed duration is no measurement
                if (hours < 0 || Files.exists(folder.resolve("failed.json"))) {
                    return null;
                }
                boolean resumed = r.has("resumed") && !r.get("resumed").isJsonNull() && r.get("resumed").getAsBoolean();
                if (!resumed && r.has("seconds") && !r.get("seconds").isJsonNull()) {
                    hours = r.get("seconds").getAsDouble() / 3600;
                }
                return new double[] {hours, p.threads(), resumed ? 1 : 0};
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot read " + result, e);
            }
        }
    }

    /**
     * The cost table of {@code rows} and their total ("study"): run kind, runs, [budget per run,] wall-clock hours,
     * core-hours, [projected to,] {@code projectedName} (the bracketed columns when {@code budgets}); hours with 2
     * decimals, a kind without recorded timing missing.
     */
    private static Table costTable(String caption, String projectedName, List<KindCost> rows, boolean budgets) {
        StringColumn kind = StringColumn.create("run kind");
        IntColumn runs = IntColumn.create("runs");
        StringColumn budget = StringColumn.create("budget per run");
        DoubleColumn wall = DoubleColumn.create("wall-clock hours");
        DoubleColumn core = DoubleColumn.create("core-hours");
        StringColumn projectedTo = StringColumn.create("projected to");
        DoubleColumn projected = DoubleColumn.create(projectedName);
        boolean all = true;
        double total = 0;
        double totalProjected = 0;
        for (KindCost r : rows) {
            kind.append(r.kind());
            runs.append(r.runs());
            budget.append(r.budget());
            projectedTo.append(r.projectedTo());
            if (r.recorded()) {
                wall.append(r.wallHours());
                core.append(r.coreHours());
                projected.append(r.projected());
                total += r.coreHours();
                totalProjected += r.projected();
            } else {
                wall.appendMissing();
                core.appendMissing();
                projected.appendMissing();
                all = false;
            }
        }
        kind.append("study");
        runs.append(rows.stream().mapToInt(KindCost::runs).sum());
        budget.append("");
        wall.appendMissing();
        projectedTo.append(all ? "" : "not recorded (see the rows)");
        if (all) {
            core.append(total);
            projected.append(totalProjected);
        } else {
            core.appendMissing();
            projected.appendMissing();
        }
        Table t = budgets ? Table.create(caption, kind, runs, budget, wall, core, projectedTo, projected)
                : Table.create(caption, kind, runs, wall, core, projected);
        return Tables.decimals(t, 2, wall.name(), core.name(), projected.name());
    }

    /**
     * Whether two folders of the same plan hold the same numbers, run by run: every CSV file of each run folder (its
     * metrics, attack records, worst cases; provenance, which records when and on how many threads, is not compared)
     * byte for byte. Columns: run, state in {@code a} and in {@code b}, CSV files compared, identical (false when a
     * file is missing on one side or differs; missing when either run has not finished), first differing file.
     */
    public static Table compare(FineTuningStudy.Plan plan, Path a, Path b) {
        StringColumn run = StringColumn.create("run");
        StringColumn stateA = StringColumn.create("state in " + a.getFileName());
        StringColumn stateB = StringColumn.create("state in " + b.getFileName());
        IntColumn files = IntColumn.create("CSV files compared");
        tech.tablesaw.api.BooleanColumn same = tech.tablesaw.api.BooleanColumn.create("identical");
        StringColumn differs = StringColumn.create("first differing file");
        List<RunSpec> runsA = FineTuningStudy.phases(plan, a).stream().flatMap(s -> s.runs().stream()).toList();
        for (RunSpec s : runsA) {
            Path fa = s.folder();
            Path fb = b.resolve(s.name()).normalize();
            RunState sa = RunState.of(s);
            RunState sb = RunState.of(new RunSpec(s.id(), s.kind(), s.name(), s.config(), s.seeds(), b));
            run.append(s.label());
            stateA.append(sa.label());
            stateB.append(sb.label());
            if (sa != RunState.DONE || sb != RunState.DONE) {
                files.appendMissing();
                same.appendMissing();
                differs.append("");
                continue;
            }
            java.util.TreeSet<String> names = new java.util.TreeSet<>(csvFiles(fa, s.name().equals(".")));
            names.addAll(csvFiles(fb, s.name().equals(".")));
            String first = "";
            for (String n : names) {
                if (!sameBytes(fa.resolve(n), fb.resolve(n))) {
                    first = n;
                    break;
                }
            }
            files.append(names.size());
            same.append(first.isEmpty());
            differs.append(first);
        }
        return Table.create("Same numbers? Every run's CSV files in " + a.getFileName() + " and " + b.getFileName()
                + ", byte for byte", run, stateA, stateB, files, same, differs);
    }

    /** The CSV files of a run folder, relative to it; the shared setup (the study root) only its own subfolders'. */
    private static List<String> csvFiles(Path folder, boolean studyRoot) {
        try (java.util.stream.Stream<Path> w = Files.walk(folder, studyRoot ? 2 : Integer.MAX_VALUE)) {
            return w.filter(f -> f.getFileName().toString().endsWith(".csv"))
                    .map(f -> folder.relativize(f).toString())
                    // the study root holds the other runs' folders: only the setup's own files (its attack, pi_off)
                    .filter(n -> !studyRoot || n.startsWith("attack-") || n.startsWith("pi-off"))
                    .toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot list " + folder, e);
        }
    }

    private static boolean sameBytes(Path x, Path y) {
        try {
            return Files.exists(x) && Files.exists(y) && Files.mismatch(x, y) == -1;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot compare " + x + " with " + y, e);
        }
    }

    /**
     * {@link #cost}'s table (either kind of study) as a bar chart: core-hours per run kind, measured and projected
     * (y: core-hours, a core busy for one hour; x: run kind), the study total left out so the kinds stay readable.
     */
    public static org.knowm.xchart.CategoryChart costChart(Table cost) {
        int n = cost.rowCount() - 1; // the last row is the study's total
        List<String> kinds = cost.stringColumn("run kind").asList().subList(0, n).stream()
                .map(k -> k.replace("fine-tuning-", "")).toList();
        List<Double> measured = cost.doubleColumn("core-hours").asList().subList(0, n);
        DoubleColumn last = cost.doubleColumn(cost.columnCount() - 1); // the projected core-hours
        List<Double> projected = last.asList().subList(0, n);
        org.knowm.xchart.CategoryChart c = Charts.barChart("Core-hours per run kind: measured, and projected to a paper "
                + "budget", "run kind", "core-hours");
        Matcher steps = Pattern.compile(".*\\(\\w+, ([0-9,]+) fine-tuning steps.*").matcher(cost.name());
        c.addSeries(steps.matches() ? "measured (" + steps.group(1) + " steps)" : "measured (the study's budgets)", kinds,
                measured);
        c.addSeries(last.name().startsWith("core-hours at") ? last.name().replace("core-hours at", "projected to")
                : "projected (to the table's budgets)", kinds, projected);
        // the projection is 10-100x the measurement, so the measured bars are slivers on a shared linear axis (XChart
        // draws no log axis for bars): each bar carries its value
        c.getStyler().setLabelsVisible(true);
        c.getStyler().setLabelsPosition(1.0);
        c.getStyler().setLabelsFontColorAutomaticEnabled(false);
        c.getStyler().setLabelsFontColor(java.awt.Color.BLACK);
        c.getStyler().setDecimalPattern("#,##0.##");
        return c;
    }
}
