package rrl.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;
import rrl.stats.ClaimKind;
import rrl.stats.Design;
import rrl.stats.Estimate;
import rrl.stats.PerformanceProfile;
import rrl.stats.TTestResult;
import rrl.stats.Verdict;
import rrl.stats.VerdictRule;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * Tablesaw tables of {@code rrl.stats} results: every row says what was estimated, how, the point, the interval and
 * n, so a verdict table never shows a number without its uncertainty.
 */
public final class StatsTables {
    private StatsTables() {}

    /**
     * One row per estimate: algorithm, estimator, point, CI low, CI high, n (independent runs), tasks, confidence,
     * reps. Numbers are shown with {@code decimals} decimals (e.g. {@link Tables#RATIO} for normalised scores and
     * probabilities, {@link Tables#RETURN} for returns); the values keep every digit.
     */
    public static Table estimates(String name, List<Estimate> estimates, int decimals) {
        StringColumn label = StringColumn.create("algorithm");
        StringColumn estimator = StringColumn.create("estimator");
        DoubleColumn point = DoubleColumn.create("point");
        DoubleColumn low = DoubleColumn.create("CI low");
        DoubleColumn high = DoubleColumn.create("CI high");
        IntColumn n = IntColumn.create("n");
        IntColumn tasks = IntColumn.create("tasks");
        DoubleColumn confidence = DoubleColumn.create("confidence");
        IntColumn reps = IntColumn.create("reps");
        for (Estimate e : estimates) {
            label.append(e.label());
            estimator.append(e.estimator());
            point.append(e.point());
            low.append(e.low());
            high.append(e.high());
            n.append(e.runs());
            tasks.append(e.tasks());
            confidence.append(e.confidence());
            reps.append(e.reps());
        }
        Table t = Table.create(name, label, estimator, point, low, high, n, tasks, confidence, reps);
        return Tables.decimals(t, decimals, "point", "CI low", "CI high");
    }

    /**
     * One row per test: test, mean difference (X - Y), CI low, CI high, t, df, p, n X, n Y, confidence; differences and
     * ends with {@code decimals} decimals, t and df with 2, p with {@link Tables#RATIO}.
     */
    public static Table tTests(String name, List<String> comparisons, List<TTestResult> results, int decimals) {
        if (comparisons.size() != results.size()) {
            throw new IllegalArgumentException(comparisons.size() + " comparison names for " + results.size() + " tests");
        }
        StringColumn what = StringColumn.create("comparison", comparisons);
        StringColumn test = StringColumn.create("test");
        DoubleColumn diff = DoubleColumn.create("mean difference");
        DoubleColumn low = DoubleColumn.create("CI low");
        DoubleColumn high = DoubleColumn.create("CI high");
        DoubleColumn t = DoubleColumn.create("t");
        DoubleColumn df = DoubleColumn.create("df");
        DoubleColumn p = DoubleColumn.create("p");
        IntColumn nx = IntColumn.create("n X");
        IntColumn ny = IntColumn.create("n Y");
        DoubleColumn confidence = DoubleColumn.create("confidence");
        for (TTestResult r : results) {
            test.append(r.test());
            diff.append(r.meanDifference());
            low.append(r.low());
            high.append(r.high());
            t.append(r.statistic());
            df.append(r.degreesOfFreedom());
            p.append(r.pValue());
            nx.append(r.nX());
            ny.append(r.nY());
            confidence.append(r.confidence());
        }
        Table table = Table.create(name, what, test, diff, low, high, t, df, p, nx, ny, confidence);
        Tables.decimals(table, decimals, "mean difference", "CI low", "CI high");
        Tables.decimals(table, 2, "t", "df");
        return Tables.decimals(table, Tables.RATIO, "p");
    }

    /** Performance profiles in long form: algorithm, kind, tau, fraction, CI low, CI high, n, tasks. */
    public static Table profiles(String name, List<PerformanceProfile> profiles) {
        StringColumn label = StringColumn.create("algorithm");
        StringColumn kind = StringColumn.create("kind");
        DoubleColumn tau = DoubleColumn.create("tau");
        DoubleColumn fraction = DoubleColumn.create("fraction");
        DoubleColumn low = DoubleColumn.create("CI low");
        DoubleColumn high = DoubleColumn.create("CI high");
        IntColumn n = IntColumn.create("n");
        IntColumn tasks = IntColumn.create("tasks");
        for (PerformanceProfile p : profiles) {
            double[] taus = p.taus();
            double[] f = p.fraction();
            double[] lo = p.low();
            double[] hi = p.high();
            for (int i = 0; i < taus.length; i++) {
                label.append(p.label());
                kind.append(p.kind());
                tau.append(taus[i]);
                fraction.append(f[i]);
                low.append(lo[i]);
                high.append(hi[i]);
                n.append(p.runs());
                tasks.append(p.tasks());
            }
        }
        Table t = Table.create(name, label, kind, tau, fraction, low, high, n, tasks);
        return Tables.decimals(t, Tables.RATIO, "tau", "fraction", "CI low", "CI high");
    }

    /**
     * One row per verdict: claim, measure, comparison ("a vs b", with "(within ±margin)" for an equivalence claim and
     * "(a - b < +margin)" for a non-superiority one),
     * estimator, estimate, 95% CI ("[low, high]"), Holm CI ("[low, high] at 98.3%"), p, p (Holm), n ("5 pairs" or
     * "5 vs 4"), verdict. The table is named {@code title} followed by the rule ({@link VerdictRule#describe()}), and
     * the CI column by the rule's 1 - alpha, so all verdicts must come from one rule (IllegalArgumentException
     * otherwise). Differences show 0 decimals from 100 up and 3 significant digits below (an interval's ends share
     * their decimals, see {@link #interval}); p-values 3 decimals, "<0.001" below that; an untestable row leaves p
     * and the intervals blank. The estimate and p columns keep every digit; only their display is rounded.
     */
    public static Table verdicts(String title, List<Verdict> verdicts) {
        VerdictRule rule = verdicts.isEmpty() ? VerdictRule.DEFAULT : verdicts.get(0).rule();
        for (Verdict v : verdicts) {
            if (!v.rule().equals(rule)) {
                throw new IllegalArgumentException("verdicts from two rules in one table: " + rule + " and "
                        + v.rule());
            }
        }
        String ciName = percent(1 - rule.alpha()) + " CI";
        StringColumn claim = StringColumn.create("claim");
        StringColumn measure = StringColumn.create("measure");
        StringColumn comparison = StringColumn.create("comparison");
        StringColumn estimator = StringColumn.create("estimator");
        DoubleColumn estimate = DoubleColumn.create("estimate");
        StringColumn ci = StringColumn.create(ciName);
        StringColumn holm = StringColumn.create("Holm CI");
        DoubleColumn p = DoubleColumn.create("p");
        DoubleColumn pHolm = DoubleColumn.create("p (Holm)");
        StringColumn n = StringColumn.create("n");
        StringColumn verdict = StringColumn.create("verdict");
        DoubleColumn tHolm = DoubleColumn.create("t-test p (Holm)", tTestCheck(verdicts));
        for (Verdict v : verdicts) {
            claim.append(v.test().claim());
            measure.append(v.test().measure());
            // an equivalence row names its margin: "holds" means nothing without it
            comparison.append(v.test().comparison() + switch (v.test().kind()) {
                case EQUIVALENCE -> " (within ±" + difference(v.test().margin()) + ")";
                case NON_SUPERIORITY -> " (a - b < +" + difference(v.test().margin()) + ")";
                case SUPERIORITY -> "";
            });
            estimator.append(v.estimator());
            estimate.append(v.estimate());
            boolean testable = v.testable();
            ci.append(testable ? interval(v.low(), v.high()) : "");
            holm.append(testable ? interval(v.holmLow(), v.holmHigh()) + " at " + percent(v.holmLevel()) : "");
            p.append(v.p());
            pHolm.append(v.pHolm());
            n.append(v.test().design() == Design.PAIRED ? v.nA() + (v.nA() == 1 ? " pair" : " pairs")
                    : v.nA() + " vs " + v.nB());
            verdict.append(v.verdict());
        }
        estimate.setPrintFormatter(new NumberColumnFormatter(new Shown(StatsTables::difference)));
        p.setPrintFormatter(new NumberColumnFormatter(new Shown(StatsTables::pValue)));
        pHolm.setPrintFormatter(new NumberColumnFormatter(new Shown(StatsTables::pValue)));
        tHolm.setPrintFormatter(new NumberColumnFormatter(new Shown(StatsTables::pValue)));
        // the title explains the tests its rows use, not every test the rule has
        java.util.EnumSet<rrl.stats.ClaimKind> kinds = java.util.EnumSet.noneOf(rrl.stats.ClaimKind.class);
        verdicts.forEach(v -> kinds.add(v.test().kind()));
        return Table.create(title + " (" + rule.describe(kinds.isEmpty() ? java.util.EnumSet.allOf(rrl.stats.ClaimKind.class)
                : kinds) + ")", claim, measure, comparison, estimator, estimate, ci,
                holm, p, pHolm, tHolm, n, verdict);
    }

    /**
     * A parametric cross-check beside the rule, not part of it: the paired (or Welch) t-test's two-sided p of each
     * testable superiority claim, Holm-adjusted across those claims; blank for equivalence claims and untestable
     * ones. With 5-10 seeds the percentile bootstrap's intervals are too narrow (it cannot place a mean outside the
     * range of the few values it resamples), so a "holds" whose t-test p is not below alpha rests on that
     * anti-conservative bootstrap and should be read with care.
     */
    static double[] tTestCheck(List<Verdict> verdicts) {
        double[] out = new double[verdicts.size()];
        java.util.Arrays.fill(out, Double.NaN);
        List<Integer> family = new java.util.ArrayList<>();
        for (int i = 0; i < verdicts.size(); i++) {
            Verdict v = verdicts.get(i);
            if (!v.testable() || v.test().kind() != ClaimKind.SUPERIORITY) {
                continue;
            }
            double[] a = v.test().a();
            double[] b = v.test().b();
            double pt;
            try {
                pt = v.test().design() == Design.PAIRED ? rrl.stats.TTests.paired(a, b, 0.95).pValue()
                        : rrl.stats.TTests.welch(a, b, 0.95).pValue();
            } catch (IllegalArgumentException e) {
                continue; // no spread at all (identical differences): the t statistic is undefined, the cell blank
            }
            if (Double.isFinite(pt)) {
                out[i] = pt;
                family.add(i);
            }
        }
        double[] adjusted = rrl.stats.Verdicts.holm(family.stream().mapToDouble(i -> out[i]).toArray());
        for (int k = 0; k < family.size(); k++) {
            out[family.get(k)] = adjusted[k];
        }
        return out;
    }

    /**
     * Several studies' verdicts in one long table, what {@code rrl report --study A --study B --csv} writes: a first
     * column "study" (its heading), then the columns of {@link #verdicts} of that study, one row per study and
     * comparison, the studies in the order given. Each study is its own Holm family, as in its own report, and every
     * number keeps its digits (a data frame reads it as the single-study CSV, with one more key).
     *
     * @param headings one per study, distinct
     * @param verdicts each study's verdicts, in the order of {@code headings}, all from one rule
     * @throws IllegalArgumentException if the lists differ in length, or two rules are mixed
     */
    public static Table verdictsByStudy(String title, List<String> headings, List<List<Verdict>> verdicts) {
        if (headings.size() != verdicts.size()) {
            throw new IllegalArgumentException(headings.size() + " headings for " + verdicts.size() + " studies");
        }
        Table out = null;
        for (int i = 0; i < headings.size(); i++) {
            Table t = verdicts(title, verdicts.get(i));
            t.insertColumn(0, StringColumn.create("study", java.util.Collections.nCopies(t.rowCount(), headings.get(i))));
            if (out == null) {
                out = t;
            } else {
                out.append(t);
            }
        }
        if (out == null) {
            throw new IllegalArgumentException("no study to compare: give at least one recorded study");
        }
        return out;
    }

    /**
     * Several studies' verdicts side by side: a row per comparison (claim number, measure, "a vs b"; the same
     * comparison in every study is one row), then a column per study, named by {@code headings}, holding its verdict
     * with the estimate and its Holm-level interval, the one the verdict reads: "holds: +437 [267, 551] at 99.7%"; a
     * "†" marks a "holds" or "does not hold" of a superiority claim that the t-test cross-check ({@link #tTestCheck})
     * does not back, and an equivalence claim names its margin. Each study is its own Holm family. A comparison a
     * study lacks reads "not tested".
     *
     * @param headings one per study, distinct
     * @param verdicts each study's verdicts, in the order of {@code headings}
     */
    static Table sideBySide(String title, List<String> headings, List<List<Verdict>> verdicts) {
        java.util.Map<String, String[]> rows = new java.util.LinkedHashMap<>();
        List<java.util.Map<String, String>> cells = new java.util.ArrayList<>();
        for (List<Verdict> vs : verdicts) {
            java.util.Map<String, String> byKey = new java.util.LinkedHashMap<>();
            double[] tHolm = tTestCheck(vs);
            for (int i = 0; i < vs.size(); i++) {
                String[] row = comparisonRow(vs.get(i));
                String key = String.join("|", row);
                rows.putIfAbsent(key, row);
                byKey.put(key, cell(vs.get(i), tHolm[i]));
            }
            cells.add(byKey);
        }
        StringColumn claim = StringColumn.create("claim");
        StringColumn measure = StringColumn.create("measure");
        StringColumn comparison = StringColumn.create("comparison");
        rows.values().forEach(row -> {
            claim.append(row[0]);
            measure.append(row[1]);
            comparison.append(row[2]);
        });
        Table t = Table.create(title, claim, measure, comparison);
        for (int i = 0; i < headings.size(); i++) {
            java.util.Map<String, String> byKey = cells.get(i);
            StringColumn col = StringColumn.create(headings.get(i));
            rows.keySet().forEach(k -> col.append(byKey.getOrDefault(k, "not tested")));
            t.addColumns(col);
        }
        return t;
    }

    /**
     * "holds: +437 [267, 551] at 99.7%": the verdict, † where a "holds" or "does not hold" is not backed by the t-test
     * cross-check ({@code tHolm} not below alpha), the estimate, its Holm-level interval and level, and an
     * equivalence claim's margin.
     */
    private static String cell(Verdict v, double tHolm) {
        if (!v.testable()) {
            return v.verdict();
        }
        return v.verdict() + (bootstrapAlone(v, tHolm) ? "†" : "") + ": " + (v.estimate() > 0 ? "+" : "") + difference(v.estimate())
                + " " + interval(v.holmLow(), v.holmHigh()) + " at " + percent(v.holmLevel())
                + (v.test().kind() == ClaimKind.EQUIVALENCE ? " within ±" + difference(v.test().margin()) : "");
    }

    /**
     * Whether a "holds" or "does not hold" of a superiority claim rests on the bootstrap alone: the t-test cross-check's
     * Holm p ({@code tHolm}, from {@link #tTestCheck}) is not below the rule's alpha.
     */
    static boolean bootstrapAlone(Verdict v, double tHolm) {
        boolean decided = v.verdict().equals(rrl.stats.Verdicts.HOLDS) || v.verdict().equals(rrl.stats.Verdicts.DOES_NOT_HOLD);
        return decided && v.test().kind() == ClaimKind.SUPERIORITY && !(tHolm < v.rule().alpha());
    }

    /** Claim number, measure without its per-environment margin, comparison: the same row in every study. */
    private static String[] comparisonRow(Verdict v) {
        String m = v.test().measure();
        int margin = m.indexOf(" (margin");
        return new String[] {v.test().claim().substring(0, v.test().claim().indexOf(':')),
                margin < 0 ? m : m.substring(0, margin), v.test().comparison()};
    }

    /** A difference for reading: 0 decimals from 100 up (returns), else 3 significant digits; NaN as blank. */
    static String difference(double x) {
        if (!Double.isFinite(x)) {
            return Double.isNaN(x) ? "" : Double.toString(x);
        }
        if (Math.abs(x) >= 100) {
            return Long.toString(Math.round(x));
        }
        return x == 0 ? "0" : new BigDecimal(x).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }

    /**
     * "[low, high]" with one number of decimals for both ends: those of {@link #difference} for the larger end, more
     * if the width needs them to show (so [99.88, 100.4] reads [99.9, 100.4], not [99.9, 100]).
     */
    static String interval(double low, double high) {
        double big = Math.max(Math.abs(low), Math.abs(high));
        double width = high - low;
        int d = Math.max(big >= 100 || big == 0 ? 0 : 2 - (int) Math.floor(Math.log10(big)),
                width > 0 ? -(int) Math.floor(Math.log10(width)) : 0);
        d = Math.min(Math.max(d, 0), 6);
        return "[" + fixed(low, d) + ", " + fixed(high, d) + "]";
    }

    private static String fixed(double x, int decimals) {
        String s = String.format(Locale.ROOT, "%." + decimals + "f", x);
        return s.matches("-0(\\.0*)?") ? s.substring(1) : s; // no "-0.0" for a tiny negative end
    }

    /** A p-value with 3 decimals, "<0.001" below; NaN as blank. */
    static String pValue(double p) {
        return Double.isNaN(p) ? "" : p < 0.001 ? "<0.001" : String.format(Locale.ROOT, "%.3f", p);
    }

    /** A coverage as a percentage with one decimal where it has one (95%, 98.3%), more if it would read 100%. */
    static String percent(double level) {
        BigDecimal pct = BigDecimal.valueOf(level * 100);
        int scale = 1;
        BigDecimal all = BigDecimal.valueOf(100);
        while (scale < 6 && level < 1 && pct.setScale(scale, RoundingMode.HALF_UP).compareTo(all) >= 0) {
            scale++;
        }
        return pct.setScale(scale, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString() + "%";
    }

    /** A display-only number format (Tablesaw formats number columns through one), e.g. "<0.001" for tiny p. */
    private static final class Shown extends NumberFormat {
        private final transient DoubleFunction<String> text;

        Shown(DoubleFunction<String> text) {
            this.text = text;
        }

        @Override
        public StringBuffer format(double v, StringBuffer to, FieldPosition pos) {
            return to.append(text.apply(v));
        }

        @Override
        public StringBuffer format(long v, StringBuffer to, FieldPosition pos) {
            return to.append(text.apply(v));
        }

        @Override
        public Number parse(String source, ParsePosition pos) {
            throw new UnsupportedOperationException("a display format: the column keeps the numbers");
        }
    }
}
