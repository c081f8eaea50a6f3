package rrl.algo;

import rrl.checkpoint.Checkpoint;

/**
 * Robust policy expansion (He et al. 2025, arXiv 2509.24748; notebooks/references.md#rpex): PEX from a RIQL checkpoint
 * (quantile critics, Huber loss, clamped targets), the selection's logits alpha Q + kappa IPW with Q the RIQL quantile
 * and IPW the clipped advantage over the candidate's density ({@link rrl.policy.PolicySet}), four updates per
 * environment step; settings {@link RpexConfig}.
 */
public final class Rpex extends PolicyExpansion {
    private final RpexConfig config;

    public Rpex(Checkpoint riqlTraining, int obsDim, int actDim, RpexConfig config, long seed) {
        super(riqlTraining, obsDim, actDim, config, seed);
        this.config = config;
    }

    public RpexConfig config() {
        return config;
    }

    @Override
    public Algorithm algorithm() {
        return Algorithm.RPEX;
    }
}
