package rrl.eval;

import org.apache.commons.statistics.descriptive.Kurtosis;
import rrl.policy.BatchPolicy;

/**
 * Paper 3's heavy-tail diagnostic (RPEX, arXiv 2509.24748, Fig. 1b): the excess kurtosis of a policy's actions over a
 * dataset's states, per action dimension. A Gaussian has 0; a heavy-tailed action distribution (corruption-trained
 * policies, paper 3's observation) has more. The paper does not define the estimator in the text we could read; our
 * reading (notebooks/our-reading.md#kurtosis) takes the policy's evaluation action at every state of the dataset (the
 * only action a deterministic policy such as RIQL's has) and the bias-corrected sample excess kurtosis of each
 * dimension (Apache Commons Statistics {@link Kurtosis}, the estimator of Excel's KURT and SAS).
 *
 * @param label the policy's name in tables and charts
 * @param perDimension excess kurtosis per action dimension (length = action dim; NaN when a dimension is constant)
 * @param mean the mean over dimensions
 * @param states the number of dataset states the actions were taken at
 */
public record ActionKurtosis(String label, double[] perDimension, double mean, int states) {
    public ActionKurtosis {
        perDimension = perDimension.clone();
    }

    @Override
    public double[] perDimension() {
        return perDimension.clone();
    }

    /**
     * The diagnostic of {@code policy} at the first {@code n} rows of {@code observations} (row-major, n x od, as
     * {@code D4rlDataset.observations()} holds them), evaluated in batches of 4,096 states.
     *
     * @param od the observation dimension; {@code ad} the action dimension of the policy
     * @throws IllegalArgumentException when fewer than 4 states are given (the estimator needs 4) or the observation
     *     array is shorter than n x od
     */
    public static ActionKurtosis of(String label, BatchPolicy policy, int od, int ad, float[] observations, int n) {
        if (n < 4) {
            throw new IllegalArgumentException("the kurtosis of " + label + "'s actions needs at least 4 states, got " + n);
        }
        if (observations.length < (long) n * od) {
            throw new IllegalArgumentException(n + " states of " + od + " numbers need " + (long) n * od
                    + " observation values, got " + observations.length);
        }
        Kurtosis[] k = new Kurtosis[ad];
        for (int j = 0; j < ad; j++) {
            k[j] = Kurtosis.create();
        }
        int batch = 4096;
        double[] act = new double[batch * ad];
        double[] obs = new double[batch * od];
        for (int from = 0; from < n; from += batch) {
            int m = Math.min(batch, n - from);
            for (int i = 0; i < m * od; i++) {
                obs[i] = observations[from * od + i];
            }
            policy.act(obs, m, act);
            for (int b = 0; b < m; b++) {
                for (int j = 0; j < ad; j++) {
                    k[j].accept(act[b * ad + j]);
                }
            }
        }
        double[] per = new double[ad];
        double sum = 0;
        for (int j = 0; j < ad; j++) {
            per[j] = k[j].getAsDouble();
            sum += per[j];
        }
        return new ActionKurtosis(label, per, sum / ad, n);
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%s: excess kurtosis %.2f (mean over %d action dimensions, %d states)",
                label, mean, perDimension.length, states);
    }
}
