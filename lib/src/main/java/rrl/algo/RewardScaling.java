package rrl.algo;

import rrl.data.Transitions;

/**
 * How an offline run scales the dataset's rewards before its learner sees them: data preparation that the
 * algorithm's config records (so it is in config.json and the run id), computed once from the dataset's
 * trajectories by the training loop. Evaluation returns stay in the environment's own rewards.
 */
public enum RewardScaling {
    /** The dataset's rewards (TD3+BC; CORL's default {@code normalize_reward=False}; RIQL). */
    NONE,
    /**
     * r * 1000 / (max return - min return) over the dataset's trajectories: IQL's locomotion rule
     * (ikostrikov/implicit_q_learning {@code train_offline.py normalize}; d3rlpy's reproduction script passes
     * {@code ReturnBasedRewardScaler(multiplier=1000)} in the algorithm's config; CORL {@code modify_reward} with
     * {@code normalize_reward=True}). Trajectories are cut as the official code cuts them
     * ({@code dataset_utils.py}): after a terminal transition, and where a transition's next observation is not
     * the next row's observation (a dropped time-out, or a new episode); the last row closes the last one,
     * however short. [our reading] (notebooks/our-reading.md#iql-settings): CORL cuts at terminals and every
     * 1,000 steps and leaves the trailing partial episode out; on D4RL files both rules give the same cuts.
     */
    RETURN_RANGE;

    /** The span RETURN_RANGE scales the dataset's trajectory returns to (official code and d3rlpy: 1000). */
    public static final double RETURN_SPAN = 1000;

    /** The factor rewards are multiplied with (1 for NONE). */
    public double factor(Transitions raw) {
        if (this == NONE) {
            return 1.0;
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double ret = 0;
        int d = raw.obsDim();
        float[] obs = raw.obs();
        float[] next = raw.nextObs();
        for (int i = 0; i < raw.count(); i++) {
            ret += raw.rewards()[i];
            boolean end = i == raw.count() - 1 || raw.dones()[i] != 0;
            if (!end) {
                double sq = 0;
                for (int j = 0; j < d; j++) {
                    double diff = obs[(i + 1) * d + j] - next[i * d + j];
                    sq += diff * diff;
                }
                end = Math.sqrt(sq) > 1e-6;
            }
            if (end) {
                min = Math.min(min, ret);
                max = Math.max(max, ret);
                ret = 0;
            }
        }
        if (!(max - min > 0)) {
            throw new IllegalArgumentException("reward scaling RETURN_RANGE divides by the span of the dataset's "
                    + "trajectory returns, but every trajectory returns " + max + "; use RewardScaling.NONE");
        }
        return RETURN_SPAN / (max - min);
    }

    /** {@code raw} with its rewards multiplied by {@code factor} (a copy of the rewards; the rest shared). */
    public static Transitions scaled(Transitions raw, double factor) {
        if (factor == 1.0) {
            return raw;
        }
        float[] r = new float[raw.count()];
        for (int i = 0; i < r.length; i++) {
            r[i] = (float) (raw.rewards()[i] * factor);
        }
        return new Transitions(raw.obs(), raw.actions(), r, raw.nextObs(), raw.dones(), raw.count(), raw.obsDim(),
                raw.actDim());
    }
}
