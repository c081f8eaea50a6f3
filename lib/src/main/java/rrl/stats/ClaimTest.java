package rrl.stats;

import java.util.Arrays;
import java.util.Objects;

/**
 * One statement to test over training seeds: "a > b" ({@link ClaimKind#SUPERIORITY}), "a ≈ b within ±margin"
 * ({@link ClaimKind#EQUIVALENCE}) or "a - b < +margin" ({@link ClaimKind#NON_SUPERIORITY}). Each value is one
 * training seed's score on {@code measure} (e.g. its mean return under attack); the arrays are copied in and out.
 *
 * @param claim the claim's name, e.g. "2: offline more vulnerable than online"
 * @param measure what the values are, with their unit, e.g. "adversarial return"
 * @param aLabel the side claimed higher (or similar)
 * @param a one value per training seed of a, at least one, finite
 * @param bLabel the other side
 * @param b one value per training seed of b; as many as a for {@link Design#PAIRED} (b[i] shares a[i]'s seed)
 * @param design {@link Design#PAIRED} or {@link Design#INDEPENDENT}
 * @param kind {@link ClaimKind#SUPERIORITY} (margin 0), {@link ClaimKind#EQUIVALENCE} or
 *             {@link ClaimKind#NON_SUPERIORITY} (margin > 0)
 * @param margin equivalence or non-superiority margin in the unit of a and b, fixed before the runs; 0 for
 *               superiority
 * @throws IllegalArgumentException naming the problem: a null, an empty or non-finite value, paired sides of
 *                                  different lengths, a margin that does not fit the kind
 */
public record ClaimTest(String claim, String measure, String aLabel, double[] a, String bLabel, double[] b,
                        Design design, ClaimKind kind, double margin) {
    public ClaimTest {
        if (claim == null || measure == null || aLabel == null || bLabel == null || design == null || kind == null) {
            throw new IllegalArgumentException("claim, measure, labels, design and kind must not be null");
        }
        a = values(a, aLabel, claim);
        b = values(b, bLabel, claim);
        if (design == Design.PAIRED && a.length != b.length) {
            throw new IllegalArgumentException(claim + ": a paired test needs as many seeds of " + aLabel + " as of "
                    + bLabel + ", got " + a.length + " and " + b.length);
        }
        if (kind != ClaimKind.SUPERIORITY && !(margin > 0 && Double.isFinite(margin))) {
            throw new IllegalArgumentException(claim + ": an equivalence or non-superiority margin must be finite and > 0, "
                    + "got " + margin);
        }
        if (kind == ClaimKind.SUPERIORITY && margin != 0) {
            throw new IllegalArgumentException(claim + ": a superiority claim has margin 0, got " + margin);
        }
    }

    /** "a > b" over seeds. */
    public static ClaimTest superiority(String claim, String measure, String aLabel, double[] a, String bLabel,
                                        double[] b, Design design) {
        return new ClaimTest(claim, measure, aLabel, a, bLabel, b, design, ClaimKind.SUPERIORITY, 0);
    }

    /** "a ≈ b within ±margin" over seeds; margin > 0 in the unit of a and b. */
    public static ClaimTest equivalence(String claim, String measure, String aLabel, double[] a, String bLabel,
                                        double[] b, Design design, double margin) {
        return new ClaimTest(claim, measure, aLabel, a, bLabel, b, design, ClaimKind.EQUIVALENCE, margin);
    }

    /** "a is not better than b": a - b < +margin over seeds; margin > 0 in the unit of a and b. */
    public static ClaimTest nonSuperiority(String claim, String measure, String aLabel, double[] a, String bLabel,
                                           double[] b, Design design, double margin) {
        return new ClaimTest(claim, measure, aLabel, a, bLabel, b, design, ClaimKind.NON_SUPERIORITY, margin);
    }

    @Override
    public double[] a() {
        return a.clone();
    }

    @Override
    public double[] b() {
        return b.clone();
    }

    /** "a vs b". */
    public String comparison() {
        return aLabel + " vs " + bLabel;
    }

    // Value semantics for the arrays too, so equal inputs give equal verdicts (records compare arrays by identity).
    @Override
    public boolean equals(Object o) {
        return o instanceof ClaimTest t && claim.equals(t.claim) && measure.equals(t.measure)
                && aLabel.equals(t.aLabel) && Arrays.equals(a, t.a) && bLabel.equals(t.bLabel) && Arrays.equals(b, t.b)
                && design == t.design && kind == t.kind && Double.compare(margin, t.margin) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(claim, measure, aLabel, Arrays.hashCode(a), bLabel, Arrays.hashCode(b), design, kind,
                margin);
    }

    @Override
    public String toString() {
        return "ClaimTest[" + claim + ": " + measure + ", " + aLabel + " " + Arrays.toString(a) + " vs " + bLabel + " "
                + Arrays.toString(b) + ", " + design + " " + kind
                + (kind == ClaimKind.EQUIVALENCE ? " ±" + margin
                        : kind == ClaimKind.NON_SUPERIORITY ? " <+" + margin : "") + "]";
    }

    private static double[] values(double[] v, String label, String claim) {
        if (v == null || v.length == 0) {
            throw new IllegalArgumentException(claim + ": " + label + " needs at least one value, got none");
        }
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException(claim + ": " + label + "[" + i + "] is " + v[i]);
            }
        }
        return v.clone();
    }
}
