package rrl.algo;

/** The config of a learner that trains online (TD3, SAC). */
public interface OnlineLearnerConfig extends LearnerConfig {
    @Override
    OnlineLearner create(int obsDim, int actDim, long seed);
}
