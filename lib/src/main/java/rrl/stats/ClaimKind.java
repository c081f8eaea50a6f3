package rrl.stats;

/** What a {@link ClaimTest} states about a and b. */
public enum ClaimKind {
    /** "a > b": a scores higher than b. */
    SUPERIORITY,
    /** "a ≈ b": the difference lies within ±margin, a margin stated before the runs (TOST). */
    EQUIVALENCE
}
