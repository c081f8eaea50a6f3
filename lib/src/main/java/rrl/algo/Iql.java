package rrl.algo;

/**
 * Implicit Q-learning (Kostrikov et al. 2022, arXiv 2110.06169; notebooks/references.md#iql): an offline
 * learner that never queries the critics on actions outside the dataset. V(s) is an upper expectile of
 * min(Q1, Q2)_target(s, a) over the dataset's actions ({@link Expectile}), the critics regress towards
 * r + gamma (1 - done) V(s'), and the actor is extracted by advantage-weighted regression
 * ({@link AdvantageWeightedActor}). The update is {@link ImplicitQLearning}'s, shared with {@link Riql}.
 * Observations in batches are expected scaled as the config's {@link IqlConfig#observationScaling} says.
 */
public final class Iql extends ImplicitQLearner {
    private final IqlConfig config;

    public Iql(int obsDim, int actDim, IqlConfig config, long seed) {
        super(obsDim, actDim, config.settings(), config.batchSize(), "IQL", seed);
        this.config = config;
    }

    public IqlConfig config() {
        return config;
    }

    @Override
    public Algorithm algorithm() {
        return Algorithm.IQL;
    }
}
