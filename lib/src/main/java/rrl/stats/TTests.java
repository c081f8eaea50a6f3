package rrl.stats;

import org.apache.commons.statistics.distribution.TDistribution;
import org.apache.commons.statistics.inference.DataDispersion;
import org.apache.commons.statistics.inference.TTest;

/**
 * Paired and Welch (unequal variances) two-sided t-tests with the t interval of the mean difference, on Apache
 * Commons Statistics' {@code TTest} and {@code TDistribution}; the statistic, degrees of freedom and p-value equal
 * scipy's {@code ttest_rel} and {@code ttest_ind(equal_var=False)} (the oracle test checks). Inputs are one score per
 * run (e.g. a column of a score matrix, or per-run aggregates); paired inputs pair run i of X with run i of Y.
 */
public final class TTests {
    private TTests() {}

    /**
     * Paired t-test of {@code x[i] - y[i]} against 0; {@code x} and {@code y} have equal length >= 2, finite values and
     * differences that are not all equal (otherwise IllegalArgumentException). {@code confidence} in (0, 1), e.g. 0.95.
     */
    public static TTestResult paired(double[] x, double[] y, double confidence) {
        check(x, "X");
        check(y, "Y");
        if (x.length != y.length) {
            throw new IllegalArgumentException("a paired test needs as many runs of X as of Y, got " + x.length + " and "
                    + y.length);
        }
        checkConfidence(confidence);
        int n = x.length;
        double[] d = new double[n];
        double mean = 0;
        for (int i = 0; i < n; i++) {
            d[i] = x[i] - y[i];
            mean += d[i];
        }
        mean /= n;
        double ss = 0;
        for (double v : d) {
            ss += (v - mean) * (v - mean);
        }
        double se = Math.sqrt(ss / (n - 1) / n);
        if (!(se > 0)) {
            throw new IllegalArgumentException("paired differences are all equal (" + mean + "): no t-test");
        }
        TTest.Result r = TTest.withDefaults().pairedTest(x, y);
        double half = quantile(r.getDegreesOfFreedom(), confidence) * se;
        return new TTestResult("paired t", mean, r.getStatistic(), r.getDegreesOfFreedom(), r.getPValue(), mean - half,
                mean + half, confidence, n, n);
    }

    /**
     * Welch's t-test of mean(X) - mean(Y) against 0 (unequal variances; Welch-Satterthwaite degrees of freedom);
     * each sample has at least 2 finite values, and not both samples constant (otherwise IllegalArgumentException).
     */
    public static TTestResult welch(double[] x, double[] y, double confidence) {
        check(x, "X");
        check(y, "Y");
        checkConfidence(confidence);
        double mx = mean(x);
        double my = mean(y);
        double se = Math.sqrt(variance(x, mx) / x.length + variance(y, my) / y.length);
        if (!(se > 0)) {
            throw new IllegalArgumentException("both samples are constant: no t-test");
        }
        TTest.Result r = TTest.withDefaults().with(DataDispersion.HETEROSCEDASTIC).test(x, y);
        double diff = mx - my;
        double half = quantile(r.getDegreesOfFreedom(), confidence) * se;
        return new TTestResult("Welch t", diff, r.getStatistic(), r.getDegreesOfFreedom(), r.getPValue(), diff - half,
                diff + half, confidence, x.length, y.length);
    }

    private static double quantile(double df, double confidence) {
        return TDistribution.of(df).inverseSurvivalProbability((1 - confidence) / 2);
    }

    private static void check(double[] v, String what) {
        if (v == null || v.length < 2) {
            throw new IllegalArgumentException(what + " needs at least 2 runs for a t-test, got "
                    + (v == null ? 0 : v.length));
        }
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException(what + "[" + i + "] is " + v[i]);
            }
        }
    }

    private static void checkConfidence(double c) {
        if (!(c > 0 && c < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1), got " + c);
        }
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static double variance(double[] v, double mean) {
        double s = 0;
        for (double x : v) {
            s += (x - mean) * (x - mean);
        }
        return s / (v.length - 1);
    }
}
