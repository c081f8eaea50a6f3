package rrl.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
     * Numbers of unfinished runs are missing, not partial.
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
                RunState st = rows.add(FineTuningStudy.PHASES.get(ph), i, s);
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
        Table t = Table.create("Runs of the study in " + dir.getFileName() + " (final = mean of the last "
                + FineTuningClaims.LAST_K + " evaluations; episode returns)", rows.phase, rows.index, rows.run, rows.kind,
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

    /**
     * What a finished study cost, measured from its run folders: per run kind, the runs, their wall-clock hours
     * (from provenance's {@code created} to {@code result.json}'s {@code finished}; a run resumed after a pause counts
     * the pause) and core-hours (wall hours x the run's threads), and the fine-tuning runs' core-hours projected to
     * {@code steps} fine-tuning steps per run: linear in steps (evaluations included at the study's density, so an
     * upper bound for a study that evaluates less often per step); the other kinds do not depend on the fine-tuning
     * budget and are carried over as measured.
     *
     * @param steps the fine-tuning budget to project to (paper 1: 1,000,000 to 3,000,000), >= 1
     * @throws IllegalArgumentException if {@code dir} is not a study folder or a run of the study has not finished
     */
    public static Table cost(Path dir, long steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("--steps must be >= 1, got " + steps);
        }
        if (PolicyExpansionStudy.isStudy(dir)) {
            // its offline and online runs scale with two budgets, which one --steps cannot project
            throw new IllegalArgumentException(dir + " holds a policy-expansion study (paper 3); the cost covers "
                    + "fine-tuning studies (paper 1's TD3) only: give a fine-tuning study folder");
        }
        FineTuningStudy.Results loaded = FineTuningStudy.load(dir);
        FineTuningStudy.Plan plan = loaded.plan();
        List<String> unfinished = FineTuningStudy.unfinished(dir, loaded);
        if (!unfinished.isEmpty()) {
            // a cost with runs missing would read as the study's: refuse rather than mislead
            throw new IllegalArgumentException(dir + ": " + rrl.io.Messages.count(unfinished.size(), "run") + " of the study "
                    + (unfinished.size() == 1 ? "has" : "have") + " not finished (" + unfinished.get(0)
                    + (unfinished.size() > 1 ? ", ..." : "") + "); the cost is of a finished study, resume it first");
        }
        java.util.Map<String, double[]> byKind = new java.util.LinkedHashMap<>(); // runs, wall h, core h
        try (java.util.stream.Stream<Path> entries = Files.walk(dir, 2)) {
            for (Path result : entries.filter(f -> f.getFileName().toString().equals(rrl.experiment.RunKinds.RESULT)).sorted()
                    .toList()) {
                rrl.results.Provenance p = rrl.results.RunFolder.at(result.getParent()).provenance().orElse(null);
                com.google.gson.JsonObject r = rrl.io.StrictJson.parse(Files.readString(result)).getAsJsonObject();
                if (p == null || !r.has("finished")) {
                    continue;
                }
                double hours = java.time.Duration.between(java.time.Instant.parse(p.created()),
                        java.time.Instant.parse(r.get("finished").getAsString())).toMillis() / 3.6e6;
                double[] v = byKind.computeIfAbsent(p.runId().kind(), k -> new double[3]);
                v[0]++;
                v[1] += hours;
                v[2] += hours * p.threads();
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read the run folders of " + dir, e);
        }
        StringColumn kind = StringColumn.create("run kind");
        IntColumn runs = IntColumn.create("runs");
        DoubleColumn wall = DoubleColumn.create("wall-clock hours");
        DoubleColumn core = DoubleColumn.create("core-hours");
        DoubleColumn projected = DoubleColumn.create(String.format(java.util.Locale.ROOT, "core-hours at %,d steps", steps));
        double scale = (double) steps / plan.steps();
        double total = 0;
        double totalProjected = 0;
        for (java.util.Map.Entry<String, double[]> e : byKind.entrySet()) {
            double[] v = e.getValue();
            double proj = e.getKey().equals("fine-tuning") ? v[2] * scale : v[2];
            kind.append(e.getKey());
            runs.append((int) v[0]);
            wall.append(v[1]);
            core.append(v[2]);
            projected.append(proj);
            total += v[2];
            totalProjected += proj;
        }
        kind.append("study");
        runs.append(runs.asList().stream().mapToInt(Integer::intValue).sum());
        wall.appendMissing();
        core.append(total);
        projected.append(totalProjected);
        Table t = Table.create(String.format(java.util.Locale.ROOT, "Cost of the study in %s (%s, %,d fine-tuning steps per "
                + "run, %s), measured from its run folders; fine-tuning projected linearly to %,d steps",
                dir.getFileName(), plan.env(), plan.steps(), rrl.io.Messages.count(plan.seeds().size(), "seed"), steps), kind, runs, wall, core, projected);
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
     * {@link #cost}'s table as a bar chart: core-hours per run kind, measured and projected (y: core-hours, a core
     * busy for one hour; x: run kind), the study total left out so the kinds stay readable.
     */
    public static org.knowm.xchart.CategoryChart costChart(Table cost) {
        int n = cost.rowCount() - 1; // the last row is the study's total
        List<String> kinds = cost.stringColumn("run kind").asList().subList(0, n).stream()
                .map(k -> k.replace("fine-tuning-", "")).toList();
        List<Double> measured = cost.doubleColumn("core-hours").asList().subList(0, n);
        List<Double> projected = cost.doubleColumn(4).asList().subList(0, n);
        org.knowm.xchart.CategoryChart c = Charts.barChart("Core-hours per run kind: measured, and projected to a paper "
                + "budget", "run kind", "core-hours");
        c.addSeries("measured (" + cost.name().replaceAll(".*\\(\\w+, ([0-9,]+) fine-tuning steps.*", "$1") + " steps)", kinds,
                measured);
        c.addSeries(cost.column(4).name().replace("core-hours at", "projected to"), kinds, projected);
        return c;
    }
}
