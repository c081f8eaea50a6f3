package rrl.algo;

import rrl.checkpoint.Checkpoint;
import rrl.nn.Activation;
import rrl.nn.Adam;
import rrl.nn.Mlp;
import rrl.nn.ObservationNormalizer;
import rrl.policy.ActorPolicy;
import rrl.policy.TanhGaussian;

/**
 * IQL's actor, trained by advantage-weighted regression onto the dataset's actions (Kostrikov et al. 2022,
 * eq. 7): loss = mean_b w_b l(s_b, a_b) with weights w from {@link AdvantageWeights}. Its network maps a
 * state to tanh(linear), the action mean; the evaluation policy is that mean, a {@link ActorPolicy.Head#DETERMINISTIC}
 * policy of the same network, which checkpoints, attacks and the DL4J export handle as TD3's actor.
 */
public final class AdvantageWeightedActor {
    /** The actor's distribution, and with it l, the per-transition regression loss. */
    public enum Kind {
        /**
         * N(tanh(linear(s)), diag(exp(log_std))^2) with a state-independent log std (one parameter per action
         * dimension, initialised to 0), not tanh-squashed; l = -log-likelihood of the dataset action
         * (ikostrikov/implicit_q_learning {@code NormalTanhPolicy(state_dependent_std=False,
         * tanh_squash_distribution=False)}; CORL {@code GaussianPolicy}).
         */
        GAUSSIAN,
        /**
         * The mean alone; l = ||mean(s) - a||^2, the weighted MSE of CORL's and YangRui2015/RIQL's
         * {@code DeterministicPolicy} ({@code torch.sum((policy_out - actions) ** 2, dim=1)}).
         */
        DETERMINISTIC
    }

    private final Kind kind;
    private final int actDim;
    private final Mlp mean;
    private final Adam meanOpt;
    private final float[] logStd;
    private final float[] logStdGrad;
    private final Adam logStdOpt;
    private final double logStdMin;
    private final double logStdMax;
    private float[] dMean = new float[0];
    private final double[] dLogStd;
    private final double[] clamped;
    private final double[] std;

    /**
     * @param optimizer the actor's Adam; the log std has its own with the same settings and step count (one
     *     PyTorch optimiser over both is the same arithmetic: Adam is element-wise)
     * @param seed the mean network's initialisation (PyTorch's default)
     */
    AdvantageWeightedActor(Kind kind, int obsDim, int actDim, int[] hidden, Adam.Config optimizer, double logStdMin,
                           double logStdMax, long seed) {
        this.kind = kind;
        this.actDim = actDim;
        this.mean = new Mlp(Mlp.layerSizes(obsDim, hidden, actDim), Activation.RELU, Activation.TANH).initialize(seed);
        this.meanOpt = new Adam(optimizer, mean);
        int stds = kind == Kind.GAUSSIAN ? actDim : 0;
        this.logStd = new float[stds];
        this.logStdGrad = new float[stds];
        this.dLogStd = new double[stds];
        this.clamped = new double[stds];
        this.std = new double[stds];
        this.logStdOpt = new Adam(optimizer, stds);
        this.logStdMin = logStdMin;
        this.logStdMax = logStdMax;
    }

    public Kind kind() {
        return kind;
    }

    /** The mean network, s -> tanh(linear): the evaluation policy's network. */
    public Mlp network() {
        return mean;
    }

    /** The (unclamped) log std per action dimension; empty for DETERMINISTIC. Live. */
    public float[] logStd() {
        return logStd;
    }

    /** The learning rate of the next step (the cosine schedule at the step count). */
    public double learningRate() {
        return meanOpt.learningRate();
    }

    /**
     * mean_b w_b l(s_b, a_b) for n rows, its gradients left in the network's and the log std's buffers (zeroed
     * first). GAUSSIAN: with std = exp(clamp(log_std)) and z = (a - mu) / std, -log N(a; mu, std) =
     * sum_j z_j^2 / 2 + log std_j + log sqrt(2 pi); d/d mu = -z / std, d/d log std = 1 - z^2, and 0 for a log
     * std outside the clamp (as the clamp of an autograd framework passes none). DETERMINISTIC: d/d mu = 2 (mu - a).
     *
     * @param obs normalised observations [n, obsDim]
     * @param actions dataset actions [n, actDim]
     * @param weights w [n]
     */
    double lossAndGradients(float[] obs, float[] actions, float[] weights, int n) {
        mean.zeroGrad();
        java.util.Arrays.fill(logStdGrad, 0f);
        if (dMean.length < n * actDim) {
            dMean = new float[n * actDim];
        }
        float[] mu = mean.forward(obs, n);
        double loss = 0;
        if (kind == Kind.GAUSSIAN) {
            java.util.Arrays.fill(dLogStd, 0);
            for (int j = 0; j < actDim; j++) {
                clamped[j] = TanhGaussian.clampLogStd(logStd[j], logStdMin, logStdMax);
                std[j] = Math.exp(clamped[j]);
            }
            for (int b = 0; b < n; b++) {
                double g = weights[b] / (double) n;
                for (int j = 0; j < actDim; j++) {
                    int k = b * actDim + j;
                    double z = (actions[k] - mu[k]) / std[j];
                    loss += g * (0.5 * z * z + clamped[j] + TanhGaussian.LOG_SQRT_2PI);
                    dMean[k] = (float) (-g * z / std[j]);
                    dLogStd[j] += g * (1 - z * z);
                }
            }
            for (int j = 0; j < actDim; j++) {
                logStdGrad[j] = TanhGaussian.isClamped(logStd[j], logStdMin, logStdMax) ? 0f : (float) dLogStd[j];
            }
        } else {
            for (int b = 0; b < n; b++) {
                double g = weights[b] / (double) n;
                for (int j = 0; j < actDim; j++) {
                    int k = b * actDim + j;
                    double e = mu[k] - actions[k];
                    loss += g * e * e;
                    dMean[k] = (float) (2 * g * e);
                }
            }
        }
        mean.backward(dMean, true, false);
        return loss;
    }

    /** One Adam step of the network and the log std with the gradients of {@link #lossAndGradients}. */
    void step() {
        meanOpt.step(mean.params(), mean.grads());
        if (kind == Kind.GAUSSIAN) {
            logStdOpt.step(logStd, logStdGrad);
        }
    }

    /** The log std's gradient of the last {@link #lossAndGradients} (for gradient checks). */
    float[] logStdGradient() {
        return logStdGrad;
    }

    /** The evaluation policy: the mean tanh(linear(s)), on observations scaled by {@code normalizer} (a copy). */
    ActorPolicy policy(String env, ObservationNormalizer normalizer) {
        return new ActorPolicy(env, mean, normalizer, ActorPolicy.Head.DETERMINISTIC).copy();
    }

    /** The network, the log std and their optimisers under "actor", "log_std", "adam_actor", "adam_log_std". */
    void save(Checkpoint c) {
        mean.save(c, "actor");
        meanOpt.save(c, "adam_actor");
        if (kind == Kind.GAUSSIAN) {
            c.putTensor("log_std", logStd);
            logStdOpt.save(c, "adam_log_std");
        }
    }

    /** Restores what {@link #save} wrote. */
    void restore(Checkpoint c) {
        mean.restore(c, "actor");
        meanOpt.restore(c, "adam_actor");
        if (kind == Kind.GAUSSIAN) {
            float[] ls = c.tensor("log_std");
            if (ls.length != logStd.length) {
                throw new IllegalArgumentException("checkpoint holds " + ls.length + " log stds, the actor has "
                        + logStd.length + " action dimensions");
            }
            System.arraycopy(ls, 0, logStd, 0, ls.length);
            logStdOpt.restore(c, "adam_log_std");
        }
    }
}
