package rrl.algo;

import rrl.checkpoint.Checkpoint;
import rrl.policy.PolicySet;

/**
 * The settings of an offline-to-online learner by policy expansion ({@link PexConfig}, {@link RpexConfig}), and its
 * factory: unlike a {@link LearnerConfig}'s learner, it starts from an offline learner's training checkpoint.
 */
public sealed interface PolicyExpansionConfig permits PexConfig, RpexConfig {
    Algorithm algorithm();

    /** The offline learner whose training checkpoint it starts from (PEX: IQL; RPEX: RIQL). */
    Algorithm offlineAlgorithm();

    int batchSize();

    /** The share of each minibatch drawn from the offline dataset (the rest from the online buffer). */
    double offlineFraction();

    /** Gradient updates per environment step. */
    int updatesPerStep();

    /** Environment steps collected (with the policy set) before the first update. */
    int learningStarts();

    /** The policy set's selection settings, with the offline learner's quantile level where it uses one. */
    PolicySet.Selection selection(double offlineQuantile);

    /**
     * The learner from {@code offline}, the training checkpoint of an {@code rrl train iql} (PEX) or {@code riql}
     * (RPEX) run on observations of {@code obsDim} and actions of {@code actDim}.
     *
     * @throws IllegalArgumentException for a checkpoint of another learner or of other dimensions (one line)
     */
    PolicyExpansion create(Checkpoint offline, int obsDim, int actDim, long seed);
}
