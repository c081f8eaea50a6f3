package rrl.stats;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * The rule that turns a family of {@link ClaimTest}s into verdicts, fixed before the runs so the verdicts cannot be
 * tuned to them. The bootstrap resamples training seeds (percentile bootstrap, Efron and Tibshirani 1993, "An
 * Introduction to the Bootstrap", ch. 13 and 16; as Agarwal et al. 2021, NeurIPS, section 4, resample runs); the
 * family of one study's claims is adjusted with Holm's step-down procedure (Holm 1979, "A simple sequentially
 * rejective multiple test procedure", Scand. J. Statist. 6:65-70), which keeps the chance of any false "holds" at or
 * below alpha; equivalence uses two one-sided tests (TOST, Schuirmann 1987).
 *
 * @param alpha family-wise error rate in (0, 0.5); default 0.05 (the usual 95%, rliable's confidence 0.95)
 * @param reps bootstrap resamples, at least 100; default 50,000 ({@link BootstrapConfig#DEFAULT_REPS}, rliable's)
 * @param seed seed of the resamples; test i of a family draws from (seed, i) alone
 * @param minSeeds fewest training seeds on each side (pairs, when paired) for a verdict; fewer is "not testable".
 *     Default 5 (issue 14's "at least 5 training seeds"). With few seeds the percentile bootstrap is anti-conservative:
 *     it cannot place the mean outside the range of the values it resamples, so with every one of n differences
 *     positive it reports p near 0, where an exact sign-flip test gives 2^(1-n) (0.0625 at n = 5). The minimum keeps
 *     the worst cases (2-4 seeds) out; at 5-10 seeds the verdict tables show a paired / Welch t-test's Holm p beside
 *     the rule's (rrl.report.StatsTables) so that a "holds" resting on the bootstrap alone can be seen.
 */
public record VerdictRule(double alpha, int reps, long seed, int minSeeds) {
    /** alpha 0.05, 50,000 resamples, seed 0, at least 5 training seeds per side. */
    public static final VerdictRule DEFAULT = new VerdictRule(0.05, BootstrapConfig.DEFAULT_REPS, 0, 5);

    /** A rule that tests from 2 seeds per side on (for the logic of small worked examples; not the default). */
    public VerdictRule(double alpha, int reps, long seed) {
        this(alpha, reps, seed, 2);
    }

    public VerdictRule {
        if (!(alpha > 0 && alpha < 0.5)) {
            throw new IllegalArgumentException("alpha must be in (0, 0.5), got " + alpha);
        }
        if (minSeeds < 2) {
            throw new IllegalArgumentException("a verdict needs at least 2 seeds per side (minSeeds >= 2), got " + minSeeds);
        }
        if (reps < 100) {
            throw new IllegalArgumentException("bootstrap reps must be at least 100, got " + reps);
        }
    }

    /** The verdict of a comparison with fewer than {@link #minSeeds} seeds on a side. */
    public String notTestable() {
        return minSeeds == 2 ? Verdicts.NOT_TESTABLE : "not testable (n < " + minSeeds + ")";
    }

    /** The rule in one line, for a table's title or a notebook: its superiority and equivalence parts. */
    public String describe() {
        return describe(java.util.EnumSet.of(ClaimKind.SUPERIORITY, ClaimKind.EQUIVALENCE));
    }

    /**
     * The rule in one line for a table whose claims are of {@code kinds} alone: a table of superiority claims does
     * not explain the equivalence test.
     */
    public String describe(java.util.Collection<ClaimKind> kinds) {
        String a = BigDecimal.valueOf(alpha).stripTrailingZeros().toPlainString();
        java.util.List<String> parts = new java.util.ArrayList<>();
        if (kinds.contains(ClaimKind.SUPERIORITY)) {
            parts.add("'a > b' holds when the Holm-adjusted two-sided percentile-bootstrap p < " + a + " and the estimate "
                    + "is positive ('does not hold' when negative)");
        }
        if (kinds.contains(ClaimKind.EQUIVALENCE)) {
            parts.add("'a ≈ b' holds when the Holm-adjusted TOST p < " + a + " (the Holm-level interval lies within "
                    + "±margin)");
        }
        if (kinds.contains(ClaimKind.NON_SUPERIORITY)) {
            parts.add("'a - b < +margin' holds when the Holm-adjusted one-sided bootstrap p < " + a);
        }
        parts.add(String.format(Locale.ROOT, "%,d resamples over training seeds, seed %d; at least %d seeds per side, "
                + "else not testable", reps, seed, minSeeds));
        return String.join("; ", parts);
    }
}
