package rrl.report;

import rrl.experiment.FineTuningStudy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import rrl.finetune.AdversarialFineTuning.EvalPoint;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Tables of a fine-tuning study and the check of claims 5-8 (paper 1, arXiv 2510.13358; numbered in
 * notebooks/references.md#claims). A run's result is its last
 * evaluation; across seeds we report mean ± sample std, and a difference "holds" when Welch's t over seeds
 * exceeds 2 in the claimed direction ("does not hold" beyond 2 the other way, else "inconclusive").
 */
public final class FineTuningClaims {
    static final List<String> CONDITIONS = List.of("normal", "random", "adversarial");
    private static final double T = 2.0;

    private FineTuningClaims() {}

    /** The value of one condition in an evaluation. */
    static ToDoubleFunction<EvalPoint> metric(String condition) {
        return switch (condition) {
            case "normal" -> EvalPoint::normalMean;
            case "random" -> EvalPoint::randomMean;
            case "adversarial" -> EvalPoint::adversarialMean;
            default -> throw new IllegalArgumentException("unknown condition " + condition);
        };
    }

    /** Final evaluation per run (and the offline-only baseline): mean and std over seeds per condition. */
    public static Table finalTable(FineTuningStudy.Results r) {
        Table t = Table.create("Final evaluation (last evaluation of each run; mean and std over seeds)");
        StringColumn run = StringColumn.create("run");
        IntColumn seeds = IntColumn.create("seeds");
        DoubleColumn q = DoubleColumn.create("final q");
        List<DoubleColumn> cols = new ArrayList<>();
        for (String c : CONDITIONS) {
            cols.add(DoubleColumn.create(c + " mean"));
            cols.add(DoubleColumn.create(c + " std"));
        }
        if (!r.offlineOnly().isEmpty()) {
            run.append("offline-only (pi_off)");
            seeds.append(r.offlineOnly().size());
            q.append(Double.NaN);
            List<EvalPoint> pts = new ArrayList<>(r.offlineOnly().values());
            fill(cols, pts);
        }
        for (Map.Entry<String, Map<Long, List<EvalPoint>>> e : r.runs().entrySet()) {
            List<EvalPoint> last = finals(e.getValue());
            run.append(e.getKey());
            seeds.append(last.size());
            q.append(last.stream().mapToDouble(EvalPoint::q).average().orElse(Double.NaN));
            fill(cols, last);
        }
        t.addColumns(run, seeds, Tables.decimals(q, Tables.RATIO));
        // With one seed per run there is no spread over seeds: no std columns, and the title says so.
        boolean oneSeed = seeds.asList().stream().allMatch(n -> n <= 1);
        for (int c = 0; c < cols.size(); c++) {
            if (c % 2 == 0 || !oneSeed) {
                t.addColumns(Tables.decimals(cols.get(c), Tables.RETURN));
            }
        }
        if (oneSeed) {
            t.setName("Final evaluation (last evaluation of each run; one seed)");
        }
        return t;
    }

    private static void fill(List<DoubleColumn> cols, List<EvalPoint> pts) {
        for (int c = 0; c < CONDITIONS.size(); c++) {
            double[] v = pts.stream().mapToDouble(metric(CONDITIONS.get(c))).toArray();
            cols.get(2 * c).append(mean(v));
            cols.get(2 * c + 1).append(std(v));
        }
    }

    /** The 3 x 3 condition-matching table: fine-tuning condition (rows, fixed curriculum) x evaluation condition. */
    public static Table conditionMatching(FineTuningStudy.Results r) {
        Table t = Table.create("Condition matching: final return, mean over seeds (rows: fine-tuned under; columns: evaluated under)");
        StringColumn rows = StringColumn.create("fine-tuned under");
        List<DoubleColumn> cols = new ArrayList<>();
        for (String c : CONDITIONS) {
            cols.add(DoubleColumn.create(c));
        }
        for (String ft : CONDITIONS) {
            List<EvalPoint> last = finals(find(r, ft, "fixed", false));
            rows.append(ft);
            for (int c = 0; c < CONDITIONS.size(); c++) {
                cols.get(c).append(mean(last.stream().mapToDouble(metric(CONDITIONS.get(c))).toArray()));
            }
        }
        t.addColumns(rows);
        cols.forEach(c -> t.addColumns(Tables.decimals(c, Tables.RETURN)));
        return t;
    }

    /** Claims 5-8 with their evidence. */
    public static Table check(FineTuningStudy.Results r) {
        List<String[]> out = new ArrayList<>();
        Map<Long, List<EvalPoint>> adv = findOrNull(r, "adversarial", "fixed", false);
        if (adv != null && !r.offlineOnly().isEmpty()) {
            List<EvalPoint> ft = finals(adv);
            List<EvalPoint> off = new ArrayList<>(r.offlineOnly().values());
            for (String c : List.of("random", "adversarial")) {
                double[] a = ft.stream().mapToDouble(metric(c)).toArray();
                double[] b = off.stream().mapToDouble(metric(c)).toArray();
                out.add(row("5: adversarial fine-tuning beats offline-only under perturbation", "under " + c, a, b,
                        "fine-tuned (adversarial, fixed q)", "pi_off"));
            }
        }
        Map<Long, List<EvalPoint>> scratch = findOrNull(r, "adversarial", "fixed", true);
        if (adv != null && scratch != null) {
            for (String c : List.of("normal", "adversarial")) {
                double[] a = adv.values().stream().mapToDouble(m -> area(m, metric(c))).toArray();
                double[] b = scratch.values().stream().mapToDouble(m -> area(m, metric(c))).toArray();
                out.add(row("6: fine-tuning converges faster than training from scratch",
                        "mean " + c + " return over all evaluations", a, b, "fine-tuned", "from scratch"));
            }
        }
        if (findOrNull(r, "normal", "fixed", false) != null && findOrNull(r, "random", "fixed", false) != null && adv != null) {
            Table m = conditionMatching(r);
            for (int c = 0; c < CONDITIONS.size(); c++) {
                String eval = CONDITIONS.get(c);
                int best = 0;
                for (int k = 1; k < 3; k++) {
                    if (m.doubleColumn(eval).get(k) > m.doubleColumn(eval).get(best)) {
                        best = k;
                    }
                }
                double[] matched = finals(find(r, eval, "fixed", false)).stream().mapToDouble(metric(eval)).toArray();
                String bestName = CONDITIONS.get(best);
                String verdict;
                if (best == c) {
                    // The matched one is highest; is it clearly above the runner-up?
                    double runnerUp = Double.NEGATIVE_INFINITY;
                    int ru = -1;
                    for (int k = 0; k < 3; k++) {
                        if (k != c && m.doubleColumn(eval).get(k) > runnerUp) {
                            runnerUp = m.doubleColumn(eval).get(k);
                            ru = k;
                        }
                    }
                    double[] other = finals(find(r, CONDITIONS.get(ru), "fixed", false)).stream().mapToDouble(metric(eval)).toArray();
                    verdict = welch(matched, other) > T ? "holds" : "inconclusive (matched is highest, within error bars)";
                } else {
                    double[] winner = finals(find(r, bestName, "fixed", false)).stream().mapToDouble(metric(eval)).toArray();
                    verdict = welch(winner, matched) > T ? "does not hold" : "inconclusive (" + bestName + " highest, within error bars)";
                }
                out.add(new String[] {"7: the matching fine-tuning condition is the most robust", "evaluated under " + eval,
                        String.format(Locale.ROOT, "fine-tuned under normal / random / adversarial: %.0f / %.0f / %.0f",
                                m.doubleColumn(eval).get(0), m.doubleColumn(eval).get(1), m.doubleColumn(eval).get(2)), verdict});
            }
        }
        Map<Long, List<EvalPoint>> lin = findOrNull(r, "adversarial", "linear", false);
        Map<Long, List<EvalPoint>> ada = findOrNull(r, "adversarial", "adaptive", false);
        if (lin != null && ada != null) {
            double[] an = finals(ada).stream().mapToDouble(EvalPoint::normalMean).toArray();
            double[] ln = finals(lin).stream().mapToDouble(EvalPoint::normalMean).toArray();
            out.add(row("8a: adaptive keeps nominal return better than linear", "final normal return", an, ln, "adaptive", "linear"));
            double[] aa = finals(ada).stream().mapToDouble(EvalPoint::adversarialMean).toArray();
            double[] la = finals(lin).stream().mapToDouble(EvalPoint::adversarialMean).toArray();
            double t = welch(aa, la);
            out.add(new String[] {"8b: ... at similar adversarial return", "final adversarial return",
                    aa.length < 2 ? String.format(Locale.ROOT, "adaptive %.0f vs linear %.0f (one seed)", mean(aa), mean(la))
                            : String.format(Locale.ROOT, "adaptive %.0f ± %.0f vs linear %.0f ± %.0f (Welch t %.1f, %d seeds)",
                                    mean(aa), std(aa), mean(la), std(la), t, aa.length),
                    Math.abs(t) <= T || t > T ? "holds" : "does not hold"});
        }
        Table t = Table.create("Claims 5-8 (paper 1, arXiv 2510.13358) in this study");
        t.addColumns(StringColumn.create("claim", out.stream().map(x -> x[0]).toList()),
                StringColumn.create("measure", out.stream().map(x -> x[1]).toList()),
                StringColumn.create("evidence", out.stream().map(x -> x[2]).toList()),
                StringColumn.create("verdict", out.stream().map(x -> x[3]).toList()));
        return t;
    }

    private static String[] row(String claim, String measure, double[] a, double[] b, String aName, String bName) {
        double t = welch(a, b);
        String verdict = a.length < 2 || b.length < 2 ? (mean(a) > mean(b) ? "holds (one seed, no error bar)" : "does not hold (one seed)")
                : t > T ? "holds" : t < -T ? "does not hold" : "inconclusive";
        String evidence = a.length < 2 || b.length < 2
                ? String.format(Locale.ROOT, "%s %.0f vs %s %.0f (%d vs %d seeds)", aName, mean(a), bName, mean(b), a.length,
                        b.length)
                : String.format(Locale.ROOT, "%s %.0f ± %.0f vs %s %.0f ± %.0f (Welch t %.1f, %d vs %d seeds)", aName, mean(a),
                        std(a), bName, mean(b), std(b), t, a.length, b.length);
        return new String[] {claim, measure, evidence, verdict};
    }

    /**
     * What a study's run did to pi_off, in words computed from its numbers: the return under each condition before
     * (offline only) and after (the run's last evaluation), mean over seeds, with the change in percent, and how many
     * seeds stand behind it. Used as the closing paragraph of a notebook, so its text cannot drift from its numbers.
     */
    public static String beforeAfterSummary(FineTuningStudy.Results r, String run) {
        Map<Long, List<EvalPoint>> bySeed = r.runs().get(run);
        if (bySeed == null || r.offlineOnly().isEmpty()) {
            throw new IllegalArgumentException("the study has no run '" + run + "' or no offline-only baseline; runs: "
                    + r.runs().keySet());
        }
        List<EvalPoint> off = new ArrayList<>(r.offlineOnly().values());
        List<EvalPoint> last = finals(bySeed);
        StringBuilder b = new StringBuilder();
        long steps = last.isEmpty() ? 0 : last.get(0).step();
        double q = last.stream().mapToDouble(EvalPoint::q).average().orElse(Double.NaN);
        b.append(String.format(Locale.ROOT, "After %,d fine-tuning steps (%s, %d seed%s, final q %.2f), the return of "
                + "pi_off changed ", steps, run, last.size(), last.size() == 1 ? "" : "s", q));
        List<String> parts = new ArrayList<>();
        double[] change = new double[CONDITIONS.size()];
        for (int c = 0; c < CONDITIONS.size(); c++) {
            ToDoubleFunction<EvalPoint> f = metric(CONDITIONS.get(c));
            double before = mean(off.stream().mapToDouble(f).toArray());
            double after = mean(last.stream().mapToDouble(f).toArray());
            change[c] = after - before;
            parts.add(String.format(Locale.ROOT, "under %s from %.0f to %.0f (%+.0f%%)", CONDITIONS.get(c), before, after,
                    100 * (after - before) / Math.abs(before)));
        }
        b.append(String.join(", ", parts)).append(". ");
        int adversarial = CONDITIONS.indexOf("adversarial");
        int normal = CONDITIONS.indexOf("normal");
        if (change[adversarial] > 0 && change[normal] < 0) {
            b.append("Fine-tuning bought robustness to the attack at the price of nominal return at this budget.");
        } else if (change[adversarial] > 0) {
            b.append("Fine-tuning made the policy more robust to the attack without losing nominal return.");
        } else if (change[normal] < 0) {
            b.append("At this budget fine-tuning has not recovered from the drop that follows leaving the offline "
                    + "regime (the BC term is gone and the critics meet their own extrapolation errors).");
        } else {
            b.append("Fine-tuning raised the nominal return but not the return under the attack.");
        }
        double q0 = bySeed.values().stream().filter(m -> !m.isEmpty()).mapToDouble(m -> m.get(0).q()).average()
                .orElse(Double.NaN);
        boolean adaptive = r.plan().runs().stream().anyMatch(x -> x.name().equals(run)
                && x.curriculum() == rrl.finetune.CurriculumKind.ADAPTIVE);
        if (Math.abs(q - q0) >= 0.05) {
            b.append(String.format(Locale.ROOT, " The curriculum moved q from %.2f at the first evaluation to %.2f", q0, q));
            b.append(adaptive ? String.format(Locale.ROOT, ": it perturbed %s as the policy's normalised return %s.",
                    q < q0 ? "less" : "more", q < q0 ? "fell" : "rose") : ".");
        }
        if (last.size() < 2) {
            b.append(" One seed gives no error bar: whether this holds is a question for several seeds (notebook 03).");
        }
        return b.toString();
    }

    /**
     * The condition-matching table in words: for each evaluation condition, which fine-tuning condition scored
     * best, and in how many of the three columns the matched (diagonal) policy is the best, as paper 1's claim 7
     * asks. Computed from {@link #conditionMatching}, with the seed count.
     */
    public static String conditionMatchingSummary(FineTuningStudy.Results r) {
        Table m = conditionMatching(r);
        StringBuilder b = new StringBuilder();
        int diagonal = 0;
        List<String> parts = new ArrayList<>();
        for (int col = 0; col < CONDITIONS.size(); col++) {
            DoubleColumn c = m.doubleColumn(CONDITIONS.get(col));
            int best = 0;
            for (int row = 1; row < c.size(); row++) {
                if (c.get(row) > c.get(best)) {
                    best = row;
                }
            }
            if (best == col) {
                diagonal++;
            }
            parts.add(String.format(Locale.ROOT, "under %s the policy fine-tuned under %s scores best (%.0f)",
                    CONDITIONS.get(col), m.stringColumn("fine-tuned under").get(best), c.get(best)));
        }
        int seeds = r.plan().seeds().size();
        b.append("Evaluated ").append(String.join("; ", parts)).append(". ");
        b.append(String.format(Locale.ROOT, "The matched policy is the best in %d of 3 columns (claim 7 asks for all "
                + "three), after %,d fine-tuning steps with %d seed%s", diagonal, r.plan().steps(), seeds, seeds == 1 ? "" : "s"));
        b.append(seeds < 2 ? "; one seed gives no error bar, so this is an observation, not a verdict." : ".");
        return b.toString();
    }

    /**
     * The curricula in words: each run's final adversarial and normal return against pi_off's, and the final q,
     * with runs whose numbers coincide named as such (see {@code FineTuningViews.curves}).
     */
    public static String curriculaSummary(FineTuningStudy.Results r) {
        List<EvalPoint> off = new ArrayList<>(r.offlineOnly().values());
        double offAdv = mean(off.stream().mapToDouble(EvalPoint::adversarialMean).toArray());
        double offNormal = mean(off.stream().mapToDouble(EvalPoint::normalMean).toArray());
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "pi_off returns %.0f normally and %.0f under the adversarial δ. After %,d steps (%d seed%s): ", offNormal,
                offAdv, r.plan().steps(), r.plan().seeds().size(), r.plan().seeds().size() == 1 ? "" : "s"));
        List<String> parts = new ArrayList<>();
        Map<String, double[]> seen = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, Map<Long, List<EvalPoint>>> e : r.runs().entrySet()) {
            List<EvalPoint> last = finals(e.getValue());
            double adv = mean(last.stream().mapToDouble(EvalPoint::adversarialMean).toArray());
            double normal = mean(last.stream().mapToDouble(EvalPoint::normalMean).toArray());
            double q = mean(last.stream().mapToDouble(EvalPoint::q).toArray());
            String same = "";
            for (Map.Entry<String, double[]> d : seen.entrySet()) {
                if (d.getValue()[0] == adv && d.getValue()[1] == normal) {
                    same = ", the same numbers as " + d.getKey();
                    break;
                }
            }
            seen.put(e.getKey(), new double[] {adv, normal});
            parts.add(String.format(Locale.ROOT, "%s %.0f under attack and %.0f normally (final q %.2f%s)", e.getKey(), adv,
                    normal, q, same));
        }
        b.append(String.join("; ", parts)).append(".");
        return b.toString();
    }

    /** Mean of a metric over every evaluation of a run: higher means it got good sooner. */
    static double area(List<EvalPoint> m, ToDoubleFunction<EvalPoint> f) {
        return m.stream().mapToDouble(f).average().orElse(Double.NaN);
    }

    static List<EvalPoint> finals(Map<Long, List<EvalPoint>> bySeed) {
        List<EvalPoint> out = new ArrayList<>();
        for (List<EvalPoint> m : bySeed.values()) {
            if (!m.isEmpty()) {
                out.add(m.get(m.size() - 1));
            }
        }
        return out;
    }

    private static Map<Long, List<EvalPoint>> find(FineTuningStudy.Results r, String condition, String curriculum, boolean scratch) {
        Map<Long, List<EvalPoint>> m = findOrNull(r, condition, curriculum, scratch);
        if (m == null) {
            throw new IllegalArgumentException("the study has no " + (scratch ? "from-scratch " : "") + condition + " run with a "
                    + curriculum + " curriculum");
        }
        return m;
    }

    private static Map<Long, List<EvalPoint>> findOrNull(FineTuningStudy.Results r, String condition, String curriculum,
                                                         boolean scratch) {
        for (FineTuningStudy.Run s : r.plan().runs()) {
            boolean sameCurriculum = condition.equals("normal") || s.curriculum().label().equals(curriculum);
            if (s.condition().label().equals(condition) && sameCurriculum && s.fromScratch() == scratch && r.runs().containsKey(s.name())) {
                return r.runs().get(s.name());
            }
        }
        return null;
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return v.length == 0 ? Double.NaN : s / v.length;
    }

    static double std(double[] v) {
        if (v.length < 2) {
            return 0;
        }
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / (v.length - 1));
    }

    /** Welch's t of mean(a) - mean(b) over seeds. */
    static double welch(double[] a, double[] b) {
        double se = Math.sqrt(std(a) * std(a) / Math.max(1, a.length) + std(b) * std(b) / Math.max(1, b.length));
        double d = mean(a) - mean(b);
        return se == 0 ? (d == 0 ? 0 : Math.signum(d) * Double.POSITIVE_INFINITY) : d / se;
    }
}
