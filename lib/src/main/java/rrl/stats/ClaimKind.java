package rrl.stats;

/** What a {@link ClaimTest} states about a and b. */
public enum ClaimKind {
    /** "a > b": a scores higher than b. */
    SUPERIORITY,
    /** "a ≈ b": the difference lies within ±margin, a margin stated before the runs (TOST). */
    EQUIVALENCE,
    /**
     * "a is not better than b": a - b stays below +margin, a margin stated before the runs (the upper one-sided
     * test of TOST alone); for claims of an absence of improvement, where a being worse than b also holds.
     */
    NON_SUPERIORITY
}
