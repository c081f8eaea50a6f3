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
     * Whether offline training scales observations by the dataset's mean and std before this learner sees them
     * (TD3+BC's rule, the default); a learner whose reference code trains on raw observations (BCQ in d3rlpy)
     * says no, and its policy then carries an identity normaliser.
     */
    default boolean normalizesObservations() {
        return true;
    }
}
