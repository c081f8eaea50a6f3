package rrl.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;
import rrl.random.Rng;

/**
 * Verdicts on one study's claims over independently trained seeds, under a {@link VerdictRule} fixed in code.
 *
 * <p>For each {@link ClaimTest} the estimate is the mean paired difference (paired) or the difference of means
 * (independent); its bootstrap replicates resample pairs of seeds (paired) or each side's seeds separately
 * (independent, stratified), through {@link StratifiedBootstrap#replicates} on one-task matrices. Test i of a call
 * draws from a seed derived from ({@code rule.seed()}, i) alone and resample r from (that seed, r), so its numbers are
 * the same on any thread count and do not change when tests are appended after it (only its Holm values do).
 *
 * <p>p-values come from the bootstrap distribution d* of the estimate (B resamples; +1 in numerator and denominator
 * so p is never 0):
 * superiority p = min(1, 2 min((#{d* <= 0} + 1) / (B + 1), (#{d* >= 0} + 1) / (B + 1))), the two-sided
 * percentile-bootstrap p (the smallest level whose percentile interval excludes 0); equivalence (TOST) p =
 * max((#{d* <= -margin} + 1) / (B + 1), (#{d* >= margin} + 1) / (B + 1)); non-superiority p = (#{d* >= margin} + 1)
 * / (B + 1), TOST's upper one-sided test alone. The testable tests of one call are one Holm family.
 *
 * <p>Verdicts. Superiority: "holds" when pHolm < alpha and the estimate > 0, "does not hold" when pHolm < alpha and the
 * estimate < 0, else "inconclusive". Equivalence: "holds" when pHolm < alpha (the Holm-level TOST interval lies within
 * ±margin), "does not hold" when the unadjusted (1 - alpha) interval lies wholly outside [-margin, margin], else
 * "inconclusive". Non-superiority ("a - b < +margin"): "holds" when pHolm < alpha (the upper end of the Holm-level
 * interval, read as a one-sided bound as in TOST, lies below +margin), "does not hold" when the unadjusted (1 - alpha)
 * interval lies wholly above +margin, else "inconclusive". The Holm-level interval matches the test's own Holm step;
 * the verdict follows pHolm, which also carries the steps before it, so an interval can exclude 0 while the verdict
 * stays "inconclusive".
 */
public final class Verdicts {
    public static final String HOLDS = "holds";
    public static final String DOES_NOT_HOLD = "does not hold";
    public static final String INCONCLUSIVE = "inconclusive";
    /** The verdict of an untestable comparison under a rule that tests from 2 seeds on ({@link VerdictRule#notTestable}). */
    public static final String NOT_TESTABLE = "not testable (n = 1)";

    private Verdicts() {}

    /** {@link #evaluate(List, VerdictRule, int)} on one thread. */
    public static List<Verdict> evaluate(List<ClaimTest> tests, VerdictRule rule) {
        return evaluate(tests, rule, 1);
    }

    /**
     * One verdict per test, in order; the testable ones (at least {@code rule.minSeeds()} seeds on each side) form one Holm family.
     * {@code threads} >= 1 is a resource only: the numbers do not depend on it.
     */
    public static List<Verdict> evaluate(List<ClaimTest> tests, VerdictRule rule, int threads) {
        // List.of(...).contains(null) throws, so look for nulls element by element
        if (tests == null || rule == null || tests.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException("tests, their elements and the rule must not be null");
        }
        int k = tests.size();
        double[] estimate = new double[k];
        double[] p = new double[k];
        double[][] sorted = new double[k][];
        for (int i = 0; i < k; i++) {
            ClaimTest t = tests.get(i);
            double[] a = t.a();
            double[] b = t.b();
            boolean paired = t.design() == Design.PAIRED;
            estimate[i] = paired ? mean(differences(a, b)) : mean(a) - mean(b);
            p[i] = Double.NaN;
            if (Math.min(a.length, b.length) >= rule.minSeeds()) {
                sorted[i] = replicates(a, b, paired, rule, testSeed(rule.seed(), i), threads);
                p[i] = pValue(sorted[i], t);
            }
        }
        int[] family = IntStream.range(0, k).filter(i -> sorted[i] != null).toArray();
        double[] pHolm = holm(Arrays.stream(family).mapToDouble(i -> p[i]).toArray());
        int m = family.length;
        double alpha = rule.alpha();
        List<Verdict> out = new ArrayList<>(k);
        int f = 0;
        for (int i = 0; i < k; i++) {
            ClaimTest t = tests.get(i);
            int nA = t.a().length;
            int nB = t.b().length;
            String estimator = t.design() == Design.PAIRED ? "mean paired difference over training seeds"
                    : "difference of means over training seeds";
            if (sorted[i] == null) {
                out.add(new Verdict(t, estimator, estimate[i], Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                        Double.NaN, Double.NaN, Double.NaN, nA, nB, rule.notTestable(), rule));
                continue;
            }
            double[] d = sorted[i];
            double pi = p[i];
            int rank = 1 + (int) Arrays.stream(family).filter(j -> p[j] < pi).count();
            double alphaAdj = alpha / (m - rank + 1);
            // TOST and its one-sided half read the interval's ends as one-sided bounds
            boolean equivalence = t.kind() != ClaimKind.SUPERIORITY;
            // TOST's interval is the (1 - 2 alpha) two-sided one: each one-sided test runs at alpha.
            double tail = equivalence ? alphaAdj : alphaAdj / 2;
            double low = quantile(d, alpha / 2);
            double high = quantile(d, 1 - alpha / 2);
            double ph = pHolm[f++];
            String verdict;
            if (t.kind() == ClaimKind.EQUIVALENCE) {
                verdict = ph < alpha ? HOLDS : low > t.margin() || high < -t.margin() ? DOES_NOT_HOLD : INCONCLUSIVE;
            } else if (t.kind() == ClaimKind.NON_SUPERIORITY) {
                verdict = ph < alpha ? HOLDS : low > t.margin() ? DOES_NOT_HOLD : INCONCLUSIVE;
            } else {
                verdict = ph < alpha && estimate[i] > 0 ? HOLDS : ph < alpha && estimate[i] < 0 ? DOES_NOT_HOLD
                        : INCONCLUSIVE;
            }
            out.add(new Verdict(t, estimator, estimate[i], low, high, 1 - 2 * tail, quantile(d, tail),
                    quantile(d, 1 - tail), p[i], ph, nA, nB, verdict, rule));
        }
        return List.copyOf(out);
    }

    /**
     * Holm's step-down adjustment (Holm 1979) of {@code p} (each in [0, 1]), in the input's order: with p sorted
     * ascending, adjusted p_(i) = max over j <= i of min(1, (m - j + 1) p_(j)).
     */
    public static double[] holm(double[] p) {
        int m = p.length;
        for (int i = 0; i < m; i++) {
            if (!(p[i] >= 0 && p[i] <= 1)) {
                throw new IllegalArgumentException("p[" + i + "] must be in [0, 1], got " + p[i]);
            }
        }
        Integer[] order = IntStream.range(0, m).boxed().sorted(Comparator.comparingDouble(i -> p[i]))
                .toArray(Integer[]::new);
        double[] out = new double[m];
        double running = 0;
        for (int j = 0; j < m; j++) {
            running = Math.max(running, Math.min(1, (m - j) * p[order[j]]));
            out[order[j]] = running;
        }
        return out;
    }

    /** Sorted bootstrap replicates of the estimate: pairs of seeds resampled together, or each side on its own. */
    private static double[] replicates(double[] a, double[] b, boolean paired, VerdictRule rule, long seed,
                                       int threads) {
        double[][][] samples = paired ? new double[][][] {column(differences(a, b))}
                : new double[][][] {column(a), column(b)};
        BootstrapConfig config = new BootstrapConfig(rule.reps(), 1 - rule.alpha(), false, seed);
        double[][] reps = StratifiedBootstrap.replicates(samples,
                s -> new double[] {paired ? meanColumn(s[0]) : meanColumn(s[0]) - meanColumn(s[1])}, config, threads);
        double[] d = new double[reps.length];
        for (int r = 0; r < d.length; r++) {
            d[r] = reps[r][0];
        }
        Arrays.sort(d);
        return d;
    }

    private static double pValue(double[] d, ClaimTest t) {
        double b1 = d.length + 1.0;
        if (t.kind() == ClaimKind.EQUIVALENCE) {
            return Math.max((atMost(d, -t.margin()) + 1) / b1, (atLeast(d, t.margin()) + 1) / b1);
        }
        if (t.kind() == ClaimKind.NON_SUPERIORITY) {
            return (atLeast(d, t.margin()) + 1) / b1;
        }
        return Math.min(1, 2 * Math.min((atMost(d, 0) + 1) / b1, (atLeast(d, 0) + 1) / b1));
    }

    /** Seed of test {@code index}: hashed twice, so neighbouring rule seeds and indices give unrelated streams. */
    static long testSeed(long seed, int index) {
        return new Rng(new Rng(seed).nextLong() ^ index).nextLong();
    }

    private static long atMost(double[] d, double x) {
        return Arrays.stream(d).filter(v -> v <= x).count();
    }

    private static long atLeast(double[] d, double x) {
        return Arrays.stream(d).filter(v -> v >= x).count();
    }

    private static double quantile(double[] sorted, double q) {
        return StratifiedBootstrap.quantileSorted(sorted, q);
    }

    private static double[] differences(double[] a, double[] b) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i] - b[i];
        }
        return d;
    }

    private static double[][] column(double[] v) {
        double[][] c = new double[v.length][];
        for (int i = 0; i < v.length; i++) {
            c[i] = new double[] {v[i]};
        }
        return c;
    }

    private static double meanColumn(double[][] c) {
        double s = 0;
        for (double[] row : c) {
            s += row[0];
        }
        return s / c.length;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }
}
