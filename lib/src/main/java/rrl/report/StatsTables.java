package rrl.report;

import java.util.List;
import rrl.stats.Estimate;
import rrl.stats.PerformanceProfile;
import rrl.stats.TTestResult;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

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
}
