package rrl.stats;

/**
 * The verdict on one {@link ClaimTest} under a {@link VerdictRule}, with the numbers behind it. Differences are a - b
 * in the unit of the test's values; intervals are percentile intervals of the bootstrap over training seeds. A test
 * with fewer than the rule's {@link VerdictRule#minSeeds} seeds on a side is "not testable" ({@link VerdictRule#notTestable}): its estimate is given, its p-values and intervals are
 * NaN and it is not part of the Holm family.
 *
 * @param test the claim tested
 * @param estimator "mean paired difference over training seeds" (paired) or "difference of means over training seeds"
 * @param estimate the estimator on the data: mean(a[i] - b[i]) or mean(a) - mean(b)
 * @param low lower end of the (1 - alpha) interval of the estimate, unadjusted
 * @param high upper end of it
 * @param holmLevel coverage of the Holm-level interval: 1 - alpha / (m - rank + 1) for superiority, 1 - 2 alpha /
 *                  (m - rank + 1) for equivalence (TOST) and non-superiority (its upper end is the one-sided
 *                  bound), where m is the family size and rank the test's place in ascending p (tied p share the
 *                  lowest rank)
 * @param holmLow lower end of the interval at holmLevel
 * @param holmHigh upper end of it
 * @param p unadjusted bootstrap p: two-sided against 0 (superiority), TOST against ±margin (equivalence), one-sided
 *          against +margin (non-superiority)
 * @param pHolm Holm-adjusted p within the family of testable tests of one {@link Verdicts#evaluate} call
 * @param nA training seeds of a
 * @param nB training seeds of b (paired: equal to nA)
 * @param verdict {@link Verdicts#HOLDS}, {@link Verdicts#DOES_NOT_HOLD}, {@link Verdicts#INCONCLUSIVE} or
 *                {@link Verdicts#NOT_TESTABLE}
 * @param rule the rule that gave the verdict (alpha, resamples, seed)
 */
public record Verdict(ClaimTest test, String estimator, double estimate, double low, double high, double holmLevel,
                      double holmLow, double holmHigh, double p, double pHolm, int nA, int nB, String verdict,
                      VerdictRule rule) {
    /** Whether the test had the rule's minimum of seeds on each side and so was part of the Holm family. */
    public boolean testable() {
        return !Double.isNaN(p);
    }
}
