package rrl.stats;

/** How the runs of the two sides of a {@link ClaimTest} relate. */
public enum Design {
    /**
     * Run i of a and run i of b share a training seed (the same pi_off, the same seed): the claim is tested on the
     * differences a[i] - b[i], which cancel whatever the seed gives both.
     */
    PAIRED,
    /** The two sides were trained on different seeds: each side is resampled on its own. */
    INDEPENDENT
}
