package rrl.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import rrl.experiment.FineTuningStudy;
import rrl.finetune.AdversarialFineTuning;
import rrl.finetune.AdversarialFineTuning.EvalPoint;
import rrl.stats.ClaimTest;
import rrl.stats.Design;
import rrl.stats.Verdict;
import rrl.stats.VerdictRule;
import rrl.stats.Verdicts;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Re-computed perturbations over a fine-tuning study's training seeds (paper 1's open question 3, issue 21, item 1):
 * runs that attack the current policy again every N steps ({@link rrl.finetune.AttackRefresh}) against the same run
 * with paper 1's deltas pre-computed against pi_off, evaluated by each final policy's own worst case (its re-attack),
 * with the cost of the attacks beside the fine-tuning's.
 *
 * <p>The claims, fixed before the runs, one Holm family, each re-computing run against its baseline (the plan's run
 * with the same condition, curriculum and start that re-computes nothing), paired by training seed: (R1) its final
 * policy's own worst case ({@link FineTuningClaims#worstCase}: the lower of the re-attack's return and the return under
 * pi_off's delta) is higher; (R2) its final nominal return is equivalent within claim 8b's margin (±10% of pi_off's
 * nominal return): the robustness is not bought with the skill.
 */
public final class RecomputedAttacks {
    private RecomputedAttacks() {}

    /** The claims' names. */
    public static final String R1 = "R1: re-computed perturbations raise the fine-tuned policy's own worst case";
    public static final String R2 = "R2: re-computed perturbations keep the nominal return";

    /** The plan's runs that re-compute their deltas and have results, in the plan's order. */
    static List<FineTuningStudy.Run> refreshing(FineTuningStudy.Results r) {
        return r.plan().runs().stream().filter(x -> x.refreshEvery() != null && r.runs().containsKey(x.name())).toList();
    }

    /** A re-computing run's baseline: the plan's first run equal to it but for the re-computation; or null. */
    static String baseline(FineTuningStudy.Results r, FineTuningStudy.Run run) {
        return r.plan().runs().stream().filter(x -> x.refreshEvery() == null && x.condition() == run.condition()
                && x.curriculum() == run.curriculum() && x.fromScratch() == run.fromScratch()
                && x.curriculumOn(r.plan().env()).equals(run.curriculumOn(r.plan().env())) && r.runs().containsKey(x.name()))
                .map(FineTuningStudy.Run::name).findFirst().orElse(null);
    }

    /** The runs the tables show: each re-computing run after its baseline (once), in the plan's order. */
    static List<String> compared(FineTuningStudy.Results r) {
        List<String> runs = new ArrayList<>();
        for (FineTuningStudy.Run v : refreshing(r)) {
            String base = baseline(r, v);
            if (base != null && !runs.contains(base)) {
                runs.add(base);
            }
            runs.add(v.name());
        }
        return runs;
    }

    /** Whether {@code r}'s plan has a re-computing run with results (with or without a baseline). */
    public static boolean present(FineTuningStudy.Results r) {
        return !refreshing(r).isEmpty();
    }

    /** Whether {@code r} has a re-computing run with a baseline to compare it with. */
    public static boolean applies(FineTuningStudy.Results r) {
        return refreshing(r).stream().anyMatch(x -> baseline(r, x) != null);
    }

    /** R1 and R2 per re-computing run with a baseline, paired over the seeds both have (R1 needs their re-attacks). */
    public static List<ClaimTest> claimTests(FineTuningStudy.Results r) {
        List<ClaimTest> out = new ArrayList<>();
        double margin = CurriculumSensitivity.margin(r);
        for (FineTuningStudy.Run v : refreshing(r)) {
            String base = baseline(r, v);
            if (base == null) {
                continue;
            }
            List<Long> seeds = r.runs().get(v.name()).keySet().stream().filter(r.runs().get(base)::containsKey).sorted()
                    .toList();
            List<Long> attacked = seeds.stream().filter(s -> r.worstCase().getOrDefault(v.name(), Map.of()).containsKey(s)
                    && r.worstCase().getOrDefault(base, Map.of()).containsKey(s)).toList();
            String label = v.name() + " (" + describe(v) + ")";
            if (!attacked.isEmpty()) { // without re-attacks ("reAttacks": false) the summary says why R1 is missing
                out.add(ClaimTest.superiority(R1, "own worst case (re-attack or pi_off's δ, the lower)", label,
                        attacked.stream().mapToDouble(s -> FineTuningClaims.worstCase(r, v.name(), s)).toArray(),
                        base + " (pi_off's δ only)",
                        attacked.stream().mapToDouble(s -> FineTuningClaims.worstCase(r, base, s)).toArray(), Design.PAIRED));
            }
            if (!seeds.isEmpty() && margin > 0) {
                out.add(ClaimTest.equivalence(R2, String.format(Locale.ROOT, "final nominal return (margin ±%.0f = %.0f%% "
                        + "of pi_off's nominal return)", margin, 100 * FineTuningClaims.EQUIVALENCE_MARGIN), label,
                        finals(r, v.name(), seeds), base + " (pi_off's δ only)", finals(r, base, seeds), Design.PAIRED,
                        margin));
            }
        }
        return out;
    }

    private static double[] finals(FineTuningStudy.Results r, String run, List<Long> seeds) {
        return seeds.stream().mapToDouble(s -> FineTuningClaims.finalOf(r.runs().get(run).get(s)).normalMean()).toArray();
    }

    /** "attack every 5,000 steps, pool replace". */
    static String describe(FineTuningStudy.Run v) {
        return String.format(Locale.ROOT, "attack every %,d steps, pool %s", v.refreshEvery(),
                v.refreshPool() == null ? rrl.finetune.DeltaPoolKind.REPLACE.label() : v.refreshPool().label());
    }

    /** The verdicts of {@link #claimTests} under {@link VerdictRule#DEFAULT}, Holm over all of them. */
    public static List<Verdict> verdicts(FineTuningStudy.Results r) {
        return Verdicts.evaluate(claimTests(r), VerdictRule.DEFAULT);
    }

    /** The verdicts as a table, the rule in its name. */
    public static Table check(FineTuningStudy.Results r, List<Verdict> verdicts) {
        return StatsTables.verdicts(r.plan().env() + ": claims R1-R2 (re-computed perturbations, issue 21), each "
                + "re-computing run vs its run with pi_off's δ only", verdicts);
    }

    /**
     * Per re-computing run and its baseline: final nominal return, final return under pi_off's delta and own worst case,
     * each "mean [95% bootstrap CI]" over training seeds.
     */
    public static Table table(FineTuningStudy.Results r) {
        List<String> runs = compared(r);
        StringColumn run = StringColumn.create("run");
        StringColumn how = StringColumn.create("deltas");
        StringColumn nominal = StringColumn.create("final nominal return");
        StringColumn piOff = StringColumn.create("final return under pi_off's δ");
        StringColumn worst = StringColumn.create("own worst case");
        for (String name : runs) {
            FineTuningStudy.Run x = r.plan().runs().stream().filter(y -> y.name().equals(name)).findFirst().orElseThrow();
            Map<Long, List<EvalPoint>> bySeed = r.runs().get(name);
            List<Long> seeds = bySeed.keySet().stream().sorted().toList();
            run.append(name + " (n=" + seeds.size() + ")");
            how.append(x.refreshEvery() == null ? "pre-computed against pi_off" : describe(x));
            nominal.append(FaultShiftClaims.meanWithInterval(name + " nominal", seeds.stream()
                    .mapToDouble(s -> FineTuningClaims.finalOf(bySeed.get(s)).normalMean()).toArray()));
            piOff.append(FaultShiftClaims.meanWithInterval(name + " adversarial", seeds.stream()
                    .mapToDouble(s -> FineTuningClaims.finalOf(bySeed.get(s)).adversarialMean()).toArray()));
            worst.append(FaultShiftClaims.meanWithInterval(name + " worst", FineTuningClaims.ownWorst(r, name)));
        }
        return Table.create(r.plan().env() + ": re-computed perturbations, final performance, mean over training seeds "
                + "[95% bootstrap CI]", run, how, nominal, piOff, worst);
    }

    /**
     * Grouped bars: per run (each re-computing run and its baseline), the final nominal return, the final return under
     * pi_off's delta and the own worst case, means over training seeds with error bars of one standard deviation over
     * seeds (the table gives the bootstrap intervals).
     */
    public static org.knowm.xchart.CategoryChart chart(FineTuningStudy.Results r) {
        org.knowm.xchart.CategoryChart c = Charts.barChart(r.plan().env() + ": re-computed vs pre-computed perturbations "
                + "(mean ± 1 std over seeds)", "run", "episode return (reward units)");
        List<String> runs = compared(r);
        Map<String, java.util.function.Function<String, double[]>> measures = new LinkedHashMap<>();
        measures.put("final nominal", run -> finals(r, run, r.runs().get(run).keySet().stream().sorted().toList()));
        measures.put("final under pi_off's δ", run -> r.runs().get(run).keySet().stream().sorted()
                .mapToDouble(s -> FineTuningClaims.finalOf(r.runs().get(run).get(s)).adversarialMean()).toArray());
        measures.put("own worst case", run -> FineTuningClaims.ownWorst(r, run));
        measures.forEach((label, f) -> {
            List<Number> mean = new ArrayList<>();
            List<Number> err = new ArrayList<>();
            for (String run : runs) {
                double[] v = f.apply(run);
                mean.add(v.length == 0 ? Double.NaN : FineTuningClaims.mean(v));
                err.add(v.length > 1 ? FineTuningClaims.std(v) : 0.0);
            }
            c.addSeries(label, runs, mean, err);
        });
        return c;
    }

    /**
     * What the attacks cost, per re-computing run (means over its seeds): attacks per run, their environment steps
     * against the run's own fine-tuning steps (machine-independent), and their wall-clock seconds against the whole
     * run's ({@code result.json}), read from each run's {@link AdversarialFineTuning#REFRESH_FILE} in {@code dir}.
     */
    public static Table cost(Path dir, FineTuningStudy.Results r) {
        StringColumn run = StringColumn.create("run");
        DoubleColumn attacks = DoubleColumn.create("attacks per run");
        DoubleColumn envSteps = DoubleColumn.create("attack env steps per fine-tuning step");
        DoubleColumn seconds = DoubleColumn.create("attack seconds per run");
        DoubleColumn share = DoubleColumn.create("share of the run's wall-clock");
        IntColumn n = IntColumn.create("seeds");
        for (FineTuningStudy.Run v : refreshing(r)) {
            List<double[]> perSeed = new ArrayList<>(); // attacks, env steps, seconds, run seconds
            for (long seed : r.runs().get(v.name()).keySet()) {
                Path folder = dir.resolve(v.name() + "-s" + seed);
                Path f = folder.resolve(AdversarialFineTuning.REFRESH_FILE);
                if (!Files.exists(f)) {
                    continue;
                }
                double[] sum = new double[4];
                for (double[] row : rrl.io.NumericCsv.read(f, -1, "re-computed attacks").rows()) {
                    sum[0]++;
                    sum[1] += row[2];
                    sum[2] += row[1];
                }
                sum[3] = SweepViews.runSeconds(folder);
                perSeed.add(sum);
            }
            if (perSeed.isEmpty()) {
                continue;
            }
            run.append(v.name());
            // rounded as they are read: a share to 3 places, seconds and steps per step to 1
            attacks.append(round(perSeed.stream().mapToDouble(x -> x[0]).average().orElse(Double.NaN), 1));
            envSteps.append(round(perSeed.stream().mapToDouble(x -> x[1]).average().orElse(Double.NaN) / r.plan().steps(),
                    1));
            seconds.append(round(perSeed.stream().mapToDouble(x -> x[2]).average().orElse(Double.NaN), 1));
            share.append(round(perSeed.stream().mapToDouble(x -> x[2] / x[3]).average().orElse(Double.NaN), 3));
            n.append(perSeed.size());
        }
        return Table.create(r.plan().env() + ": cost of the re-computed attacks (means over seeds; seconds are this "
                + "machine's)", run, attacks, envSteps, seconds, share, n);
    }

    private static double round(double v, int places) {
        return Double.isFinite(v) ? java.math.BigDecimal.valueOf(v).setScale(places, java.math.RoundingMode.HALF_EVEN)
                .doubleValue() : v;
    }

    /** In words, from the verdicts: per claim, where it holds, does not hold or is inconclusive. */
    public static String summary(FineTuningStudy.Results r, List<Verdict> verdicts) {
        if (!applies(r)) {
            return "No re-computing run to compare: the study needs a run with \"refreshEvery\" and the same run without it"
                    + (present(r) ? " (add a run with " + refreshing(r).get(0).name() + "'s condition and curriculum but no "
                    + "\"refreshEvery\" to the plan and run it again)" : "") + ".";
        }
        List<String> parts = FaultShiftClaims.claimsInWords(verdicts, List.of(R1, R2), v -> v.test().aLabel(), " for ",
                ", ");
        return String.join(". ", parts) + ". Numbers in parentheses are mean paired differences in return."
                + (r.plan().reAttacksRuns() ? "" : " R1 is not tested: only the re-attacks measure the own worst case, "
                + "and the plan turned them off (\"reAttacks\": false).");
    }

    /** The part of a study's report as markdown: the table, the cost (when {@code dir} is given), verdicts, summary. */
    public static String markdown(Path dir, FineTuningStudy.Results r, List<Verdict> verdicts) {
        if (!applies(r)) {
            return present(r) ? summary(r, verdicts) + "\n" : "";
        }
        List<Table> tables = new ArrayList<>(List.of(table(r)));
        if (dir != null) {
            tables.add(cost(dir, r));
        }
        tables.add(check(r, verdicts));
        StringBuilder b = new StringBuilder();
        for (Table t : tables) {
            b.append(Tables.markdownSection(t));
        }
        return b.append(summary(r, verdicts)).append('\n').toString();
    }
}
