package rrl.algo;

import rrl.checkpoint.Checkpoint;

/**
 * Policy expansion (Zhang, Xu and Yu 2023, arXiv 2302.00935; notebooks/references.md#pex): offline-to-online RL from
 * an IQL checkpoint, the offline policy kept frozen beside a new online one, each step's action chosen between their
 * candidates by softmax(alpha min-Q) ({@link rrl.policy.PolicySet}); critics, V and the online actor keep learning
 * with IQL's losses ({@link PolicyExpansion}); settings {@link PexConfig}.
 */
public final class Pex extends PolicyExpansion {
    private final PexConfig config;

    public Pex(Checkpoint iqlTraining, int obsDim, int actDim, PexConfig config, long seed) {
        super(iqlTraining, obsDim, actDim, config, seed);
        this.config = config;
    }

    public PexConfig config() {
        return config;
    }

    @Override
    public Algorithm algorithm() {
        return Algorithm.PEX;
    }
}
