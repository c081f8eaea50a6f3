package rrl.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import rrl.experiment.FineTuningStudy;
import rrl.finetune.AdversarialFineTuning.EvalPoint;
import rrl.finetune.CurriculumConfig;
import rrl.finetune.CurriculumKind;
import rrl.stats.ClaimTest;
import rrl.stats.Design;
import rrl.stats.Verdict;
import rrl.stats.VerdictRule;
import rrl.stats.Verdicts;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Curriculum sensitivity (issue 21, item 5): a study whose runs vary the adaptive curriculum's beta, eta, q0, q_max or
 * signal one at a time around its defaults, read as q oscillation statistics, the nominal / adversarial trade-off
 * (a Pareto chart), and claims of insensitivity with verdicts under {@link VerdictRule#DEFAULT}.
 *
 * <p>The claims, fixed before the runs: for each variant (an adaptive run that sets any curriculum parameter) and each
 * of the final nominal return and the final return under pi_off's delta, "the variant is equivalent to the default
 * adaptive run (the first adaptive run of the plan without parameters of its own) within ±10% of pi_off's nominal
 * return" ({@link FineTuningClaims#EQUIVALENCE_MARGIN}, the margin of claim 8b), paired by training seed, Holm over
 * all of them. "Holds" says the curriculum is insensitive to that change at this budget; "inconclusive" says the
 * seeds cannot tell.
 *
 * <p>The q oscillation statistics of one run, per seed over its evaluations and then averaged over seeds: the standard
 * deviation of q, the number of reversals (Δq changing sign, zero steps skipped) and the total variation Σ|Δq|.
 */
public final class CurriculumSensitivity {
    private CurriculumSensitivity() {}

    /** The claim's name. */
    public static final String S = "S: the adaptive curriculum is insensitive to the change";

    /** Whether {@code r} has curriculum variants to compare: a default adaptive run and at least one variant. */
    public static boolean applies(FineTuningStudy.Results r) {
        return defaultRun(r) != null && !variants(r).isEmpty();
    }

    /**
     * The default adaptive run: the plan's first adversarial adaptive run from pi_off without a curriculum parameter of
     * its own (runs added to a study go after the recorded ones); or null.
     */
    static String defaultRun(FineTuningStudy.Results r) {
        return r.plan().runs().stream().filter(x -> x.condition() == rrl.attack.ConditionKind.ADVERSARIAL
                && x.curriculum() == CurriculumKind.ADAPTIVE && !x.fromScratch()
                && !x.tunesCurriculum() && r.runs().containsKey(x.name())).map(FineTuningStudy.Run::name).findFirst()
                .orElse(null);
    }

    /** The adversarial runs that vary the adaptive curriculum, in the plan's order. */
    static List<FineTuningStudy.Run> variants(FineTuningStudy.Results r) {
        return r.plan().runs().stream().filter(x -> x.condition() == rrl.attack.ConditionKind.ADVERSARIAL
                && x.curriculum() == CurriculumKind.ADAPTIVE && x.tunesCurriculum()
                && !x.fromScratch() && r.runs().containsKey(x.name())).toList();
    }

    /** A run's curriculum in words: "adaptive: beta 0.9, eta 0.7, q0 0.5, q_max 1, signal nominal", "fixed: q 0.5". */
    public static String describe(FineTuningStudy.Run run, String env) {
        CurriculumConfig c = run.curriculumOn(env);
        return switch (c.kind()) {
            case FIXED -> "fixed: q " + num(c.q());
            case LINEAR -> "linear: q0 " + num(c.q0()) + " to q_max " + num(c.qMax());
            case ADAPTIVE -> "adaptive: β " + num(c.beta()) + ", η " + num(c.eta()) + ", q0 " + num(c.q0()) + ", q_max "
                    + num(c.qMax()) + ", signal " + c.signal().label();
        };
    }

    /** What a variant changes from the default, in words ("η 0.35", "signal adversarial"). */
    static String change(FineTuningStudy.Run v, String env) {
        CurriculumConfig d = CurriculumConfig.of(CurriculumKind.ADAPTIVE, env);
        CurriculumConfig c = v.curriculumOn(env);
        List<String> parts = new ArrayList<>();
        if (c.beta() != d.beta()) {
            parts.add("β " + num(c.beta()));
        }
        if (c.eta() != d.eta()) {
            parts.add("η " + num(c.eta()));
        }
        if (c.q0() != d.q0()) {
            parts.add("q0 " + num(c.q0()));
        }
        if (c.qMax() != d.qMax()) {
            parts.add("q_max " + num(c.qMax()));
        }
        if (c.signal() != d.signal()) {
            parts.add("signal " + c.signal().label());
        }
        return parts.isEmpty() ? "the defaults" : String.join(", ", parts);
    }

    /** A difference rounded to whole reward units, "+12" or "-3"; never "-0". */
    static String signed(double v) {
        long x = Math.round(v);
        return (x > 0 ? "+" : "") + x;
    }

    private static String num(double v) {
        return rrl.io.Texts.number(v);
    }

    /** One seed's q oscillation: {std of q, reversals, total variation} over its evaluations. */
    public static double[] oscillation(List<EvalPoint> m) {
        double[] q = m.stream().mapToDouble(EvalPoint::q).toArray();
        double tv = 0;
        int reversals = 0;
        int lastSign = 0;
        for (int i = 1; i < q.length; i++) {
            double d = q[i] - q[i - 1];
            tv += Math.abs(d);
            int sign = d > 0 ? 1 : d < 0 ? -1 : 0;
            if (sign != 0) {
                if (lastSign != 0 && sign != lastSign) {
                    reversals++;
                }
                lastSign = sign;
            }
        }
        return new double[] {FineTuningClaims.std(q), reversals, tv};
    }

    /**
     * A row per adversarial run from pi_off (the plan's order): its curriculum, final q, q's oscillation statistics
     * (means over seeds), and its final nominal return and final return under pi_off's delta (means over seeds with
     * 95% bootstrap intervals), and whether it is on the Pareto front of the two returns.
     */
    public static Table table(FineTuningStudy.Results r) {
        List<FineTuningStudy.Run> runs = traded(r);
        List<double[]> means = runs.stream().map(x -> finalMeans(r, x.name())).toList();
        Table t = Table.create(r.plan().env() + ": curriculum sensitivity, final = mean of the last "
                + FineTuningClaims.LAST_K + " evaluations, mean over seeds [95% bootstrap CI]");
        StringColumn run = StringColumn.create("run");
        StringColumn curriculum = StringColumn.create("curriculum");
        DoubleColumn q = DoubleColumn.create("final q");
        DoubleColumn qStd = DoubleColumn.create("q std");
        DoubleColumn reversals = DoubleColumn.create("q reversals");
        DoubleColumn tv = DoubleColumn.create("q total variation");
        StringColumn nominal = StringColumn.create("final nominal return");
        StringColumn adversarial = StringColumn.create("final return under pi_off's δ");
        StringColumn pareto = StringColumn.create("Pareto front");
        for (int i = 0; i < runs.size(); i++) {
            FineTuningStudy.Run x = runs.get(i);
            Map<Long, List<EvalPoint>> bySeed = r.runs().get(x.name());
            run.append(x.name());
            curriculum.append(describe(x, r.plan().env()));
            q.append(FineTuningClaims.mean(bySeed.values().stream().mapToDouble(m -> FineTuningClaims.finalOf(m).q())
                    .toArray()));
            double[][] osc = bySeed.values().stream().map(CurriculumSensitivity::oscillation).toArray(double[][]::new);
            qStd.append(meanOf(osc, 0));
            reversals.append(meanOf(osc, 1));
            tv.append(meanOf(osc, 2));
            nominal.append(FaultShiftClaims.meanWithInterval(x.name() + " nominal", finals(bySeed, EvalPoint::normalMean)));
            adversarial.append(FaultShiftClaims.meanWithInterval(x.name() + " adversarial", finals(bySeed, EvalPoint::adversarialMean)));
            pareto.append(onFront(means, i) ? "yes" : "");
        }
        t.addColumns(run, curriculum, q, qStd, reversals, tv, nominal, adversarial, pareto);
        return Tables.decimals(t, 2, "final q", "q std", "q reversals", "q total variation");
    }

    /** The runs the trade-off is drawn for: every adversarial run from pi_off that has results. */
    private static List<FineTuningStudy.Run> traded(FineTuningStudy.Results r) {
        return r.plan().runs().stream().filter(x -> x.condition() == rrl.attack.ConditionKind.ADVERSARIAL && !x.fromScratch()
                && r.runs().containsKey(x.name())).toList();
    }

    private static double meanOf(double[][] rows, int col) {
        return java.util.Arrays.stream(rows).mapToDouble(v -> v[col]).average().orElse(Double.NaN);
    }

    private static double[] finals(Map<Long, List<EvalPoint>> bySeed, java.util.function.ToDoubleFunction<EvalPoint> f) {
        return bySeed.keySet().stream().sorted().mapToDouble(s -> f.applyAsDouble(FineTuningClaims.finalOf(bySeed.get(s))))
                .toArray();
    }

    /** {nominal, adversarial} final means over seeds of {@code run}. */
    private static double[] finalMeans(FineTuningStudy.Results r, String run) {
        Map<Long, List<EvalPoint>> bySeed = r.runs().get(run);
        return new double[] {FineTuningClaims.mean(finals(bySeed, EvalPoint::normalMean)),
                FineTuningClaims.mean(finals(bySeed, EvalPoint::adversarialMean))};
    }

    /** The runs on the Pareto front of final nominal and adversarial return (means over seeds), in the plan's order. */
    static List<String> paretoFront(FineTuningStudy.Results r) {
        List<FineTuningStudy.Run> runs = traded(r);
        List<double[]> means = runs.stream().map(x -> finalMeans(r, x.name())).toList();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            if (onFront(means, i)) {
                out.add(runs.get(i).name());
            }
        }
        return out;
    }

    /** Whether point i is on the Pareto front: no other point is at least as high on both and higher on one. */
    static boolean onFront(List<double[]> points, int i) {
        double[] p = points.get(i);
        for (int j = 0; j < points.size(); j++) {
            double[] o = points.get(j);
            if (j != i && o[0] >= p[0] && o[1] >= p[1] && (o[0] > p[0] || o[1] > p[1])) {
                return false;
            }
        }
        return true;
    }

    /**
     * The nominal / adversarial trade-off: each run's final nominal return (x) against its final return under pi_off's
     * delta (y), means over seeds, one marker per run, and the Pareto front as a line through its runs.
     */
    public static XYChart pareto(FineTuningStudy.Results r) {
        List<FineTuningStudy.Run> runs = traded(r);
        List<double[]> means = runs.stream().map(x -> finalMeans(r, x.name())).toList();
        XYChart c = Charts.lineChart(r.plan().env() + ": nominal vs adversarial return per curriculum (mean over seeds)",
                "final nominal return (reward units)", "final return under pi_off's δ (reward units)");
        c.getStyler().setMarkerSize(9);
        List<double[]> front = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            XYSeries s = c.addSeries(runs.get(i).name(), new double[] {means.get(i)[0]}, new double[] {means.get(i)[1]});
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            if (onFront(means, i)) {
                front.add(means.get(i));
            }
        }
        front.sort(Comparator.comparingDouble(p -> p[0]));
        if (front.size() > 1) {
            XYSeries f = c.addSeries("Pareto front", front.stream().mapToDouble(p -> p[0]).toArray(),
                    front.stream().mapToDouble(p -> p[1]).toArray());
            f.setMarker(org.knowm.xchart.style.markers.SeriesMarkers.NONE);
            f.setLineColor(java.awt.Color.GRAY);
        }
        // each axis spans at least the claims' margin: differences the claims call negligible then look small
        double m = margin(r);
        if (m > 0 && !means.isEmpty()) {
            for (int axis = 0; axis < 2; axis++) {
                int a = axis;
                double lo = means.stream().mapToDouble(p -> p[a]).min().getAsDouble();
                double hi = means.stream().mapToDouble(p -> p[a]).max().getAsDouble();
                if (Double.isFinite(lo) && Double.isFinite(hi) && hi - lo < m) {
                    double mid = (lo + hi) / 2;
                    if (axis == 0) {
                        c.getStyler().setXAxisMin(mid - m / 2).setXAxisMax(mid + m / 2);
                    } else {
                        c.getStyler().setYAxisMin(mid - m / 2).setYAxisMax(mid + m / 2);
                    }
                }
            }
        }
        return c;
    }

    /** The margin of the claims: 10% of pi_off's nominal return (mean over the offline-only seeds); NaN without them. */
    static double margin(FineTuningStudy.Results r) {
        return FineTuningClaims.EQUIVALENCE_MARGIN * FineTuningClaims.mean(r.offlineOnly().values().stream()
                .mapToDouble(EvalPoint::normalMean).toArray());
    }

    /** Claim S per variant and measure (final nominal return, final return under pi_off's delta), paired by seed. */
    public static List<ClaimTest> claimTests(FineTuningStudy.Results r) {
        List<ClaimTest> out = new ArrayList<>();
        String base = defaultRun(r);
        double margin = margin(r);
        if (base == null || !(margin > 0)) {
            return out;
        }
        String m = String.format(Locale.ROOT, " (margin ±%.0f = %.0f%% of pi_off's nominal return)", margin,
                100 * FineTuningClaims.EQUIVALENCE_MARGIN);
        for (FineTuningStudy.Run v : variants(r)) {
            List<Long> seeds = r.runs().get(v.name()).keySet().stream().filter(r.runs().get(base)::containsKey).sorted()
                    .toList();
            if (seeds.isEmpty()) {
                continue;
            }
            Map<Long, List<EvalPoint>> a = r.runs().get(v.name());
            Map<Long, List<EvalPoint>> b = r.runs().get(base);
            for (String[] measure : List.of(new String[] {"normal", "final nominal return"},
                    new String[] {"adversarial", "final return under pi_off's δ"})) {
                var f = FineTuningClaims.metric(measure[0]);
                out.add(ClaimTest.equivalence(S, measure[1] + m, v.name() + " (" + change(v, r.plan().env()) + ")",
                        seeds.stream().mapToDouble(s -> f.applyAsDouble(FineTuningClaims.finalOf(a.get(s)))).toArray(),
                        base + " (defaults)",
                        seeds.stream().mapToDouble(s -> f.applyAsDouble(FineTuningClaims.finalOf(b.get(s)))).toArray(),
                        Design.PAIRED, margin));
            }
        }
        return out;
    }

    /** The verdicts of {@link #claimTests} under {@link VerdictRule#DEFAULT}, Holm over all of them. */
    public static List<Verdict> verdicts(FineTuningStudy.Results r) {
        return Verdicts.evaluate(claimTests(r), VerdictRule.DEFAULT);
    }

    /** The verdicts as a table, the rule in its name. */
    public static Table check(FineTuningStudy.Results r, List<Verdict> verdicts) {
        return StatsTables.verdicts(r.plan().env() + ": claim S (curriculum sensitivity, issue 21), each variant vs the "
                + "default adaptive run", verdicts);
    }

    /**
     * In words, from the numbers: the variants insensitive on both measures, the others, the runs on the Pareto front,
     * and how often q reversed direction. The notebook's closing lines, so the text cannot drift from the tables.
     */
    public static String summary(FineTuningStudy.Results r, List<Verdict> verdicts) {
        if (!applies(r)) {
            return "No curriculum variants to compare: the study needs a default adaptive run and at least one adaptive "
                    + "run with its own beta, eta, q0, qMax or signal.";
        }
        List<String> both = new ArrayList<>();
        List<String> not = new ArrayList<>();
        for (FineTuningStudy.Run v : variants(r)) {
            List<Verdict> mine = verdicts.stream().filter(x -> x.test().aLabel().startsWith(v.name() + " (")).toList();
            String label = change(v, r.plan().env());
            if (!mine.isEmpty() && mine.stream().allMatch(x -> x.verdict().equals(Verdicts.HOLDS))) {
                both.add(label);
            } else {
                not.add(label + ": " + String.join(" and ", mine.stream().map(x -> x.verdict() + " at "
                        + signed(x.estimate())).toList()));
            }
        }
        List<String> front = paretoFront(r);
        String base = defaultRun(r);
        double rev = FineTuningClaims.mean(r.runs().get(base).values().stream().mapToDouble(m -> oscillation(m)[1])
                .toArray());
        int n = r.runs().get(base).size();
        return String.format(Locale.ROOT, "Over %s, %,d steps: within ±%.0f (10%% of pi_off's nominal "
                + "return) of the default adaptive curriculum on both the nominal return and the return under pi_off's δ: "
                + "%s; not shown equivalent: %s. On the Pareto front of the two returns: %s. The default's q reversed "
                + "direction %.1f times per run on average.", rrl.io.Messages.count(n, "training seed"), r.plan().steps(),
                margin(r), both.isEmpty() ? "none" : String.join("; ", both), not.isEmpty() ? "none"
                        : String.join("; ", not) + " (mean paired differences from the default, nominal then adversarial, "
                        + "in reward units)",
                String.join(", ", front), rev);
    }

    /** The sensitivity part of a study's report as markdown: the table, the verdicts and the summary; empty if none. */
    public static String markdown(FineTuningStudy.Results r, List<Verdict> verdicts) {
        if (!applies(r)) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (Table t : List.of(table(r), check(r, verdicts))) {
            b.append(Tables.markdownSection(t));
        }
        return b.append(summary(r, verdicts)).append('\n').toString();
    }
}
