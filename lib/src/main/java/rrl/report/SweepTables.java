package rrl.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import rrl.experiment.FineTuningRuns;
import rrl.experiment.FineTuningStudy;
import rrl.experiment.RunSpec;
import rrl.experiment.RunState;
import rrl.experiment.Sweep;
import rrl.finetune.AdversarialFineTuning;
import rrl.finetune.AdversarialFineTuning.EvalPoint;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A fine-tuning study's runs as one table, read from the run folders alone: the same whichever engine (local,
 * Spark, Slurm) or machine ran them, and readable while runs are missing or failed.
 */
public final class SweepTables {
    private static final Pattern SEEDED = Pattern.compile(".*-s(\\d+)$");

    private SweepTables() {}

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
        StringColumn phase = StringColumn.create("phase");
        IntColumn index = IntColumn.create("index");
        StringColumn run = StringColumn.create("run");
        StringColumn kind = StringColumn.create("kind");
        LongColumn seed = LongColumn.create("seed");
        StringColumn state = StringColumn.create("state");
        LongColumn step = LongColumn.create("step");
        DoubleColumn nominal = DoubleColumn.create("no perturbation");
        DoubleColumn random = DoubleColumn.create("random (pi_off's δ)");
        DoubleColumn adversarial = DoubleColumn.create("adversarial (pi_off's δ)");
        DoubleColumn own = DoubleColumn.create("adversarial (own worst case)");
        StringColumn error = StringColumn.create("error");
        List<Sweep> phases = FineTuningStudy.phases(plan, dir);
        for (int ph = 0; ph < phases.size(); ph++) {
            List<RunSpec> runs = phases.get(ph).runs();
            for (int i = 0; i < runs.size(); i++) {
                RunSpec s = runs.get(i);
                Path folder = s.folder();
                RunState st = RunState.of(folder);
                phase.append(FineTuningStudy.PHASES.get(ph));
                index.append(i);
                run.append(s.name().equals(".") ? "(shared setup)" : s.name());
                kind.append(s.kind());
                Matcher m = SEEDED.matcher(s.name());
                if (m.matches()) {
                    seed.append(Long.parseLong(m.group(1)));
                } else {
                    seed.appendMissing();
                }
                state.append(st.label());
                String err = st == RunState.FAILED ? RunState.error(folder) : null;
                error.append(err == null ? "" : err);
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
                + FineTuningClaims.LAST_K + " evaluations; episode returns)", phase, index, run, kind, seed, state, step,
                nominal, random, adversarial, own, error);
        return Tables.decimals(t, Tables.RETURN, nominal.name(), random.name(), adversarial.name(), own.name());
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
}
