package rrl.algo;

import java.util.Arrays;
import rrl.checkpoint.Checkpoint;
import rrl.nn.Activation;
import rrl.nn.Adam;
import rrl.nn.Mlp;
import rrl.nn.ObservationNormalizer;
import rrl.policy.ActorPolicy;
import rrl.policy.TanhGaussian;
import rrl.random.Rng;
import rrl.replay.RolloutBuffer;

/**
 * Proximal policy optimisation (Schulman et al. 2017) with a diagonal Gaussian policy: a tanh MLP gives the mean,
 * a free vector the log standard deviations (state-independent), and a separate tanh MLP the value. Sampled actions
 * are not squashed; the environment clips them to the action box, and their log-densities are of the unclipped
 * sample. Each rollout is trained on for {@code epochs} passes of shuffled minibatches: the clipped surrogate, the
 * clipped value loss and an entropy bonus, gradients of all parameters clipped to one global norm, one Adam step
 * (settings: {@link PpoConfig}). The gradients are written out by hand below (the kernel has no autograd) and
 * checked against finite differences in the tests.
 *
 * <p>Not a {@link Learner}: its update consumes a rollout of its own recent actions (log-densities, values,
 * advantages), not a minibatch of transitions; the on-policy stepper of the training loop feeds it.
 */
public final class Ppo {
    /** Added to the minibatch advantages' std (CleanRL, baselines). */
    static final double ADVANTAGE_EPS = 1e-8;
    /** torch.nn.utils.clip_grad_norm_'s guard in max_norm / (norm + 1e-6). */
    static final double NORM_EPS = 1e-6;

    private final PpoConfig config;
    private final int obsDim;
    private final int actDim;
    private final Mlp actor;
    private final Mlp critic;
    private final float[] logStd;
    private final float[] logStdGrad;
    private final Adam actorOpt;
    private final Adam criticOpt;
    private final Adam logStdOpt;
    private Rng rng;
    private long updates;
    private long iterations;
    // minibatch scratch, sized for the configured minibatch and grown on demand
    private float[] mbObs = new float[0];
    private float[] dMu = new float[0];
    private float[] dV = new float[0];
    private float[] adv = new float[0];

    /**
     * @param seed initialises the networks (orthogonal, seeds {@code seed} and {@code seed + 1}) and starts the
     *     generator of action noise and minibatch order ({@code seed + 2})
     */
    public Ppo(int obsDim, int actDim, PpoConfig config, long seed) {
        this.config = config;
        this.obsDim = obsDim;
        this.actDim = actDim;
        int[] hidden = config.hiddenSizes();
        double sqrt2 = Math.sqrt(2);
        this.actor = new Mlp(Mlp.layerSizes(obsDim, hidden, actDim), Activation.TANH, Activation.IDENTITY)
                .initializeOrthogonal(seed, sqrt2, 0.01);
        this.critic = new Mlp(Mlp.layerSizes(obsDim, hidden, 1), Activation.TANH, Activation.IDENTITY)
                .initializeOrthogonal(seed + 1, sqrt2, 1.0);
        this.logStd = new float[actDim];
        Arrays.fill(logStd, (float) config.initialLogStd());
        this.logStdGrad = new float[actDim];
        Adam.Config adam = new Adam.Config(config.learningRate(), 0.9, 0.999, config.adamEps());
        this.actorOpt = new Adam(adam, actor);
        this.criticOpt = new Adam(adam, critic);
        this.logStdOpt = new Adam(adam, actDim);
        this.rng = new Rng(seed + 2);
    }

    public PpoConfig config() {
        return config;
    }

    public Algorithm algorithm() {
        return Algorithm.PPO;
    }

    /** The policy-mean network (obs -> hidden -> actDim, identity output). */
    public Mlp actor() {
        return actor;
    }

    /** The value network (obs -> hidden -> 1). */
    public Mlp critic() {
        return critic;
    }

    /** The log standard deviations [actDim], live. */
    public float[] logStd() {
        return logStd;
    }

    /** Gradient steps taken so far (minibatches). */
    public long updates() {
        return updates;
    }

    /** Rollouts trained on so far. */
    public long iterations() {
        return iterations;
    }

    /**
     * Samples actions for {@code n} normalised observations: a = mu(s) + exp(logStd) * eps, eps from this learner's
     * generator, unclipped, with their log-densities and the values V(s).
     *
     * @param actions out [n, actDim]
     * @param logProb out [n], nats summed over the action dimensions
     * @param values out [n]
     */
    public void act(float[] obs, int n, float[] actions, float[] logProb, float[] values) {
        float[] mu = actor.forward(obs, n);
        for (int b = 0; b < n; b++) {
            double lp = 0;
            for (int j = 0; j < actDim; j++) {
                double e = rng.nextGaussian();
                actions[b * actDim + j] = (float) (mu[b * actDim + j] + Math.exp(logStd[j]) * e);
                lp += -0.5 * e * e - logStd[j] - TanhGaussian.LOG_SQRT_2PI;
            }
            logProb[b] = (float) lp;
        }
        float[] v = critic.forward(obs, n);
        System.arraycopy(v, 0, values, 0, n);
    }

    /** V(s) for {@code n} normalised observations into {@code values} [n]. */
    public void values(float[] obs, int n, float[] values) {
        float[] v = critic.forward(obs, n);
        System.arraycopy(v, 0, values, 0, n);
    }

    /**
     * Trains on a full rollout whose advantages are computed: {@code epochs} passes, each over a fresh permutation of
     * the rows (from this learner's generator) in minibatches; the rate of iteration {@link #iterations()}
     * ({@link PpoConfig#rateAt}).
     *
     * @return the means over the minibatches of {@code policy_loss}, {@code value_loss}, {@code entropy},
     *     {@code approx_kl}, {@code clip_fraction}, and {@code explained_variance} of the rollout's values, {@code lr}
     */
    public Metrics update(RolloutBuffer rollout) {
        int n = rollout.size();
        int[][] order = new int[config.epochs()][];
        for (int e = 0; e < order.length; e++) {
            int[] p = new int[n];
            for (int i = 0; i < n; i++) {
                p[i] = i;
            }
            for (int i = n - 1; i > 0; i--) {
                int k = rng.nextInt(i + 1);
                int t = p[i];
                p[i] = p[k];
                p[k] = t;
            }
            order[e] = p;
        }
        double lr = config.rateAt(iterations);
        Metrics m = updatePhase(rollout, order, lr);
        iterations++;
        return m;
    }

    /**
     * The passes of {@link #update} with given row orders (one permutation of the rollout's rows per epoch) and rate;
     * consecutive slices of {@code minibatchSize} rows of each order are the minibatches, a shorter last slice too.
     */
    public Metrics updatePhase(RolloutBuffer rollout, int[][] order, double lr) {
        int n = rollout.size();
        if (n < 2) {
            throw new IllegalArgumentException("a PPO update needs a rollout of >= 2 rows, got " + n);
        }
        double[] sums = new double[5];
        int count = 0;
        int mb = config.minibatchSize();
        for (int[] perm : order) {
            if (perm.length != n) {
                throw new IllegalArgumentException("each epoch's order must list the rollout's " + n + " rows, got "
                        + perm.length);
            }
            for (int from = 0; from < n; from += mb) {
                int to = Math.min(n, from + mb);
                if (to - from < 2) {
                    continue; // one row has no advantage std; CleanRL's batch sizes never leave one
                }
                Metrics m = minibatchStep(rollout, perm, from, to, lr);
                for (int i = 0; i < 5; i++) {
                    sums[i] += m.value(i);
                }
                count++;
            }
        }
        return Metrics.of("policy_loss", sums[0] / count, "value_loss", sums[1] / count, "entropy", sums[2] / count,
                "approx_kl", sums[3] / count, "clip_fraction", sums[4] / count,
                "explained_variance", explainedVariance(rollout), "lr", lr);
    }

    /** 1 - Var(returns - values) / Var(returns) of the rollout (NaN when the returns do not vary), as CleanRL logs it. */
    static double explainedVariance(RolloutBuffer r) {
        int n = r.size();
        double my = 0;
        double md = 0;
        for (int i = 0; i < n; i++) {
            my += r.returns[i];
            md += r.returns[i] - r.values[i];
        }
        my /= n;
        md /= n;
        double vy = 0;
        double vd = 0;
        for (int i = 0; i < n; i++) {
            double y = r.returns[i] - my;
            double d = r.returns[i] - r.values[i] - md;
            vy += y * y;
            vd += d * d;
        }
        return vy == 0 ? Double.NaN : 1 - vd / vy;
    }

    /**
     * One gradient step on rows {@code rows[from..to)} of the rollout at rate {@code lr}: the loss of the class
     * comment, its gradients clipped to the global norm, one Adam step of every parameter.
     *
     * @return {@code policy_loss}, {@code value_loss}, {@code entropy}, {@code approx_kl}, {@code clip_fraction}
     */
    public Metrics minibatchStep(RolloutBuffer r, int[] rows, int from, int to, double lr) {
        double[] m = lossAndGradients(r, rows, from, to);
        clipGradients();
        actorOpt.step(actor.params(), actor.grads(), lr);
        criticOpt.step(critic.params(), critic.grads(), lr);
        logStdOpt.step(logStd, logStdGrad, lr);
        updates++;
        return Metrics.of("policy_loss", m[0], "value_loss", m[1], "entropy", m[2], "approx_kl", m[3],
                "clip_fraction", m[4]);
    }

    /**
     * The loss pg_loss - entropyCoef * entropy + valueCoef * value_loss of a minibatch, its gradients left in the
     * networks and {@link #logStdGrad()} (not clipped); returns {pg_loss, value_loss, entropy, approx_kl,
     * clip_fraction, total loss}.
     */
    double[] lossAndGradients(RolloutBuffer r, int[] rows, int from, int to) {
        int m = to - from;
        ensure(m);
        for (int i = 0; i < m; i++) {
            System.arraycopy(r.obs, rows[from + i] * obsDim, mbObs, i * obsDim, obsDim);
        }
        // advantages normalised by the minibatch's mean and unbiased std (torch's .std())
        double mean = 0;
        for (int i = 0; i < m; i++) {
            adv[i] = r.advantages[rows[from + i]];
            mean += adv[i];
        }
        mean /= m;
        double var = 0;
        for (int i = 0; i < m; i++) {
            var += (adv[i] - mean) * (adv[i] - mean);
        }
        double std = Math.sqrt(var / (m - 1));
        for (int i = 0; i < m; i++) {
            adv[i] = (float) ((adv[i] - mean) / (std + ADVANTAGE_EPS));
        }
        actor.zeroGrad();
        critic.zeroGrad();
        Arrays.fill(logStdGrad, 0f);
        double c = config.clip();
        double entropy = 0;
        for (int j = 0; j < actDim; j++) {
            entropy += 0.5 + TanhGaussian.LOG_SQRT_2PI + logStd[j];
        }
        float[] mu = actor.forward(mbObs, m);
        double pg = 0;
        double kl = 0;
        double clipped = 0;
        for (int i = 0; i < m; i++) {
            int row = rows[from + i];
            double lp = 0;
            for (int j = 0; j < actDim; j++) {
                double d = r.actions[row * actDim + j] - mu[i * actDim + j];
                lp += -0.5 * d * d * Math.exp(-2.0 * logStd[j]) - logStd[j] - TanhGaussian.LOG_SQRT_2PI;
            }
            double logRatio = lp - r.logProb[row];
            double ratio = Math.exp(logRatio);
            double a = adv[i];
            double unclipped = -a * ratio;
            double clippedTerm = -a * Math.max(1 - c, Math.min(1 + c, ratio));
            pg += Math.max(unclipped, clippedTerm) / m;
            kl += ((ratio - 1) - logRatio) / m;
            clipped += Math.abs(ratio - 1) > c ? 1.0 / m : 0;
            // d loss / d logp: -A ratio / m where the unclipped term is the max (ties: both give it), else 0
            double g = clippedTerm > unclipped ? 0.0 : -a * ratio / m;
            for (int j = 0; j < actDim; j++) {
                double d = r.actions[row * actDim + j] - mu[i * actDim + j];
                double inv = Math.exp(-2.0 * logStd[j]);
                dMu[i * actDim + j] = (float) (g * d * inv);
                logStdGrad[j] += (float) (g * (d * d * inv - 1));
            }
        }
        for (int j = 0; j < actDim; j++) {
            logStdGrad[j] -= (float) config.entropyCoef();
        }
        actor.backward(dMu, true, false);
        float[] v = critic.forward(mbObs, m);
        double vLoss = 0;
        double vc = config.valueCoef();
        for (int i = 0; i < m; i++) {
            int row = rows[from + i];
            double ret = r.returns[row];
            double vi = v[i];
            double u = (vi - ret) * (vi - ret);
            if (config.clipValueLoss()) {
                double old = r.values[row];
                double diff = vi - old;
                boolean inside = diff >= -c && diff <= c;
                double vClip = old + Math.max(-c, Math.min(c, diff));
                double w = (vClip - ret) * (vClip - ret);
                vLoss += 0.5 * Math.max(u, w) / m;
                // ties (inside the clip) give the unclipped gradient from both terms
                dV[i] = (float) (w > u ? (inside ? vc * (vClip - ret) / m : 0.0) : vc * (vi - ret) / m);
            } else {
                vLoss += 0.5 * u / m;
                dV[i] = (float) (vc * (vi - ret) / m);
            }
        }
        critic.backward(dV, true, false);
        double loss = pg - config.entropyCoef() * entropy + vc * vLoss;
        return new double[] {pg, vLoss, entropy, kl, clipped, loss};
    }

    /** Scales every gradient by min(1, maxGradNorm / (norm + 1e-6)) of their joint L2 norm (clip_grad_norm_). */
    private void clipGradients() {
        double sq = sumSquares(actor.grads()) + sumSquares(critic.grads()) + sumSquares(logStdGrad);
        double coef = config.maxGradNorm() / (Math.sqrt(sq) + NORM_EPS);
        if (coef < 1) {
            scale(actor.grads(), (float) coef);
            scale(critic.grads(), (float) coef);
            scale(logStdGrad, (float) coef);
        }
    }

    private static double sumSquares(float[] x) {
        double s = 0;
        for (float v : x) {
            s += (double) v * v;
        }
        return s;
    }

    private static void scale(float[] x, float c) {
        for (int i = 0; i < x.length; i++) {
            x[i] *= c;
        }
    }

    /** The log-std gradient of the last {@link #lossAndGradients} (live). */
    float[] logStdGrad() {
        return logStdGrad;
    }

    private void ensure(int m) {
        if (adv.length < m) {
            mbObs = new float[m * obsDim];
            dMu = new float[m * actDim];
            dV = new float[m];
            adv = new float[m];
        }
    }

    /**
     * The evaluation policy (a copy): the Gaussian mean clipped to the action box, on observations scaled by
     * {@code normalizer} (the running statistics frozen at this point).
     */
    public ActorPolicy policy(String env, ObservationNormalizer normalizer) {
        return new ActorPolicy(env, actor, normalizer, ActorPolicy.Head.CLIPPED_MEAN).copy();
    }

    /** Saves both networks, the log std, the three optimisers, the counters and the generator (exact resume). */
    public void save(Checkpoint c) {
        actor.save(c, "actor");
        critic.save(c, "value");
        c.putTensor("log_std", logStd);
        actorOpt.save(c, "adam_actor");
        criticOpt.save(c, "adam_value");
        logStdOpt.save(c, "adam_log_std");
        c.putLongs("ppo", updates, iterations, rng.state());
    }

    /** Restores what {@link #save} wrote. */
    public void restore(Checkpoint c) {
        actor.restore(c, "actor");
        critic.restore(c, "value");
        float[] ls = c.tensor("log_std");
        if (ls.length != actDim) {
            throw new IllegalArgumentException("checkpoint log std has " + ls.length + " dimensions, expected " + actDim);
        }
        System.arraycopy(ls, 0, logStd, 0, actDim);
        actorOpt.restore(c, "adam_actor");
        criticOpt.restore(c, "adam_value");
        logStdOpt.restore(c, "adam_log_std");
        long[] s = c.longs("ppo");
        updates = s[0];
        iterations = s[1];
        rng = Rng.restore(s[2]);
    }
}
