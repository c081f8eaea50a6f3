package rrl.algo;

/**
 * A learner's hyper-parameters as an immutable record with cited defaults, and the factory of its learner:
 * what a training run holds to know which algorithm it trains. One per algorithm ({@link Td3Config},
 * {@link SacConfig}, ...).
 */
public interface LearnerConfig {
    Algorithm algorithm();

    /** A fresh learner for observations of {@code obsDim} and actions of {@code actDim}, seeded. */
    Learner create(int obsDim, int actDim, long seed);

    /**
     * How an offline run scales the dataset's observations for this learner: STATES unless the config says
     * otherwise (TD3+BC's rule, notebooks/our-reading.md#td3bc-settings; IQL and RIQL configs record their own).
     */
    default ObservationScaling observationScaling() {
        return ObservationScaling.STATES;
    }

    /**
     * This config fitted to a run of {@code steps} updates: itself, unless a schedule depends on the run's length
     * (IQL's and RIQL's cosine decay of the actor's learning rate, as CORL's {@code max_timesteps}).
     */
    default LearnerConfig withTotalSteps(long steps) {
        return this;
    }

    /** How an offline run scales the dataset's rewards for this learner: NONE unless the config says otherwise. */
    default RewardScaling rewardScaling() {
        return RewardScaling.NONE;
    }
}
