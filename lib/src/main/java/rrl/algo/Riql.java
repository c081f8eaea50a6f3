package rrl.algo;

/**
 * Robust IQL (Yang et al. 2024, arXiv 2310.12955; notebooks/references.md#riql): IQL made robust to corrupted
 * data by three changes the authors' code makes (YangRui2015/RIQL {@code RIQL.py}): V regresses (expectile loss)
 * towards the alpha-quantile of N target critics instead of the minimum of two, the critics regress with a Huber
 * loss towards targets clamped to [-100, 1000], and the dataset's states are normalised. The actor is
 * deterministic (advantage-weighted MSE) by default. The update is {@link ImplicitQLearning}'s, shared with
 * {@link Iql}; the settings are {@link RiqlConfig}'s.
 */
public final class Riql extends ImplicitQLearner {
    private final RiqlConfig config;

    public Riql(int obsDim, int actDim, RiqlConfig config, long seed) {
        super(obsDim, actDim, config.settings(), config.batchSize(), "RIQL", seed);
        this.config = config;
    }

    public RiqlConfig config() {
        return config;
    }

    @Override
    public Algorithm algorithm() {
        return Algorithm.RIQL;
    }
}
