package rrl.policy;

import rrl.nn.NetThreads;

/**
 * The tanh-squashed diagonal Gaussian policy head of SAC (and of IQL's, PPO's and PEX's stochastic actors):
 * an actor network outputs, per row, {@code actDim} means mu followed by {@code actDim} raw log standard
 * deviations; the log std is clamped to [logStdMin, logStdMax]; an action is a = tanh(mu + exp(logStd) * eps)
 * with eps ~ N(0, I), in (-1, 1) per dimension.
 *
 * <p>Static methods on flat row-major buffers: network output {@code y} [n, 2 * actDim], noise and actions
 * [n, actDim], one log-density per row [n]. Log-densities are in nats, summed over the action dimensions.
 * The gradients are written out by hand (the kernel has no autograd) and returned as dLoss/dy in the
 * network output's layout, ready for {@code Mlp.backward}; a clamped log std gets gradient 0, as the clamp
 * of an autograd framework would give it.
 */
public final class TanhGaussian {
    /**
     * Batches of at least twice this many rows are split over the {@link NetThreads} (rows are independent):
     * sampling costs about 40 ns per action dimension (tanh, exp, log; 57 us at 256 x 6, measured), a serial
     * stretch between network passes that are split. Measured on 2 threads: 1.6x at 64 rows, 1.9x at 256.
     */
    static final int PARALLEL_MIN_ROWS = 32;

    /** log sqrt(2 pi), the Gaussian's normalising constant per dimension. */
    public static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
    /** Added inside log(1 - tanh^2) for numerical safety, as rlkit and most SAC code do. */
    public static final double TANH_EPS = 1e-6;
    /** SAC's log-std clamp (rlkit's LOG_SIG_MIN / LOG_SIG_MAX; SacConfig's defaults). */
    public static final double LOG_STD_MIN = -20;
    public static final double LOG_STD_MAX = 2;
    /**
     * Given actions are clipped to [-ACTION_BOUND, ACTION_BOUND] before the inverse tanh, as rlkit's
     * {@code TanhNormal.log_prob} clamps to +-0.999999: dataset actions of exactly +-1 (D4RL has them) would
     * otherwise have pre-tanh values of +-infinity.
     */
    public static final double ACTION_BOUND = 0.999999;

    private TanhGaussian() {}

    /** The raw log std clamped to [min, max]. */
    public static double clampLogStd(double raw, double min, double max) {
        return Math.max(min, Math.min(max, raw));
    }

    /** True when the clamp is active, i.e. the log std gets no gradient. */
    public static boolean isClamped(double raw, double min, double max) {
        return raw < min || raw > max;
    }

    /** a = tanh(mu + exp(logStd) * eps) for a log std already clamped. */
    public static double action(double mu, double logStd, double eps) {
        return Math.tanh(mu + Math.exp(logStd) * eps);
    }

    /**
     * log pi(a) of one dimension of a reparameterised sample: log N(eps; 0, 1) - logStd - log(1 - a^2 + TANH_EPS),
     * the Gaussian density of u = mu + std * eps (d u / d eps = std) times the tanh change of variables.
     */
    public static double logProbOfSample(double eps, double logStd, double a) {
        return -0.5 * eps * eps - logStd - LOG_SQRT_2PI - Math.log(1 - a * a + TANH_EPS);
    }

    /**
     * Samples row {@code b}: writes a = tanh(mu + std * eps) into {@code actions} (as floats) and returns the
     * row's log-density, computed from the unrounded action.
     */
    public static double sampleRow(float[] y, int b, int actDim, float[] eps, double logStdMin, double logStdMax,
                                   float[] actions) {
        int w = 2 * actDim;
        double lp = 0;
        for (int j = 0; j < actDim; j++) {
            double mu = y[b * w + j];
            double ls = clampLogStd(y[b * w + actDim + j], logStdMin, logStdMax);
            double e = eps[b * actDim + j];
            double a = action(mu, ls, e);
            actions[b * actDim + j] = (float) a;
            lp += logProbOfSample(e, ls, a);
        }
        return lp;
    }

    /**
     * Reparameterised samples for {@code n} rows: actions [n, actDim] and log-densities [n].
     *
     * @param y network output [n, 2 * actDim]: means, then raw log stds
     * @param eps standard normal noise [n, actDim]
     */
    public static void sample(float[] y, int n, int actDim, float[] eps, double logStdMin, double logStdMax,
                              float[] actions, float[] logProb) {
        NetThreads.rows(n, PARALLEL_MIN_ROWS, (b0, b1) -> {
            for (int b = b0; b < b1; b++) {
                logProb[b] = (float) sampleRow(y, b, actDim, eps, logStdMin, logStdMax, actions);
            }
        });
    }

    /**
     * dLoss/dy for a loss L(a) + (w / n) sum_b log pi(a_b) of reparameterised samples a_b =
     * tanh(mu_b + std_b * eps_b) with the noise held fixed (SAC's actor loss has w = alpha and dL/da through
     * the critics). With eps fixed, d log N / d mu = 0 and d log N / d log std = -1; the tanh correction and
     * L contribute through a, whose derivative is d a / d u = 1 - a^2, d u / d mu = 1, d u / d log std = std * eps.
     *
     * @param actions the samples {@link #sample} wrote for the same y and eps [n, actDim]
     * @param dLossDAction dL/da [n, actDim] (without the log-density's part)
     * @param logProbWeight w, the weight of the batch-mean log-density in the loss
     * @param dY output, dLoss/dy [n, 2 * actDim]
     */
    public static void sampleGradients(float[] y, int n, int actDim, float[] eps, float[] actions, float[] dLossDAction,
                                       double logProbWeight, double logStdMin, double logStdMax, float[] dY) {
        NetThreads.rows(n, PARALLEL_MIN_ROWS, (b0, b1) -> sampleGradients(y, b0, b1, n, actDim, eps, actions,
                dLossDAction, logProbWeight, logStdMin, logStdMax, dY));
    }

    private static void sampleGradients(float[] y, int b0, int b1, int n, int actDim, float[] eps, float[] actions,
                                        float[] dLossDAction, double logProbWeight, double logStdMin, double logStdMax,
                                        float[] dY) {
        int w = 2 * actDim;
        for (int b = b0; b < b1; b++) {
            for (int j = 0; j < actDim; j++) {
                int k = b * actDim + j;
                double a = actions[k];
                double rawLs = y[b * w + actDim + j];
                double ls = clampLogStd(rawLs, logStdMin, logStdMax);
                double dA = dLossDAction[k] + logProbWeight * 2 * a / (1 - a * a + TANH_EPS) / n;
                double dU = dA * (1 - a * a);
                dY[b * w + j] = (float) dU;
                dY[b * w + actDim + j] = isClamped(rawLs, logStdMin, logStdMax) ? 0f
                        : (float) (dU * Math.exp(ls) * eps[k] - logProbWeight / n);
            }
        }
    }

    /** The inverse of tanh, atanh(a) = (log(1 + a) - log(1 - a)) / 2, with log1p for accuracy near 0. */
    public static double atanh(double a) {
        return 0.5 * (Math.log1p(a) - Math.log1p(-a));
    }

    /**
     * log pi(a | mu, std) of a given action row (e.g. a dataset action in IQL's advantage-weighted actor loss):
     * each a_j clipped to [-ACTION_BOUND, ACTION_BOUND], u_j = atanh(a_j), and
     * sum_j log N(u_j; mu_j, std_j) - log(1 - a_j^2 + TANH_EPS), the same tanh correction as for samples, so a
     * sample's log-density and that of the sampled action agree (up to the clip and the float rounding of a).
     *
     * @param y network output [n, 2 * actDim]
     * @param b the row of y and of {@code actions}
     * @param actions actions [n, actDim], in [-1, 1]
     */
    public static double logProbRow(float[] y, int b, int actDim, float[] actions, double logStdMin,
                                    double logStdMax) {
        int w = 2 * actDim;
        double lp = 0;
        for (int j = 0; j < actDim; j++) {
            double a = clipAction(actions[b * actDim + j]);
            double mu = y[b * w + j];
            double ls = clampLogStd(y[b * w + actDim + j], logStdMin, logStdMax);
            double z = (atanh(a) - mu) / Math.exp(ls);
            lp += -0.5 * z * z - ls - LOG_SQRT_2PI - Math.log(1 - a * a + TANH_EPS);
        }
        return lp;
    }

    /** {@link #logProbRow} for {@code n} rows into {@code logProb} [n]. */
    public static void logProb(float[] y, int n, int actDim, float[] actions, double logStdMin, double logStdMax,
                               float[] logProb) {
        for (int b = 0; b < n; b++) {
            logProb[b] = (float) logProbRow(y, b, actDim, actions, logStdMin, logStdMax);
        }
    }

    /**
     * dLoss/dy for a loss sum_b g_b log pi(a_b) of given actions (IQL's actor: g_b = -weight_b / n). With
     * z = (atanh(a) - mu) / std: d log pi / d mu = z / std, d log pi / d log std = z^2 - 1; the tanh correction
     * does not depend on the network.
     *
     * @param dLossDLogProb g [n], the loss's derivative by each row's log-density
     * @param dY output, dLoss/dy [n, 2 * actDim]
     */
    public static void logProbGradients(float[] y, int n, int actDim, float[] actions, float[] dLossDLogProb,
                                        double logStdMin, double logStdMax, float[] dY) {
        int w = 2 * actDim;
        for (int b = 0; b < n; b++) {
            double g = dLossDLogProb[b];
            for (int j = 0; j < actDim; j++) {
                double mu = y[b * w + j];
                double rawLs = y[b * w + actDim + j];
                double std = Math.exp(clampLogStd(rawLs, logStdMin, logStdMax));
                double z = (atanh(clipAction(actions[b * actDim + j])) - mu) / std;
                dY[b * w + j] = (float) (g * z / std);
                dY[b * w + actDim + j] = isClamped(rawLs, logStdMin, logStdMax) ? 0f : (float) (g * (z * z - 1));
            }
        }
    }

    private static double clipAction(double a) {
        return Math.max(-ACTION_BOUND, Math.min(ACTION_BOUND, a));
    }
}
