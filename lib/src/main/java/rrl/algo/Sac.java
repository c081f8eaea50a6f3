package rrl.algo;

import rrl.policy.ActorPolicy;
import rrl.nn.Activation;
import rrl.nn.Adam;
import rrl.nn.Mlp;
import rrl.random.Rng;
import rrl.replay.TransitionBatch;

/**
 * Soft actor-critic with a tanh-squashed Gaussian policy, clipped double Q and automatic temperature
 * tuning. The actor network outputs (mean, log std) per action dimension; its gradients through the
 * reparameterised sample, the tanh and the log-density are written out by hand in {@link #actorLossAndGradients}.
 */
public final class Sac implements OnlineLearner {
    private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
    /** Added inside log(1 - tanh^2) for numerical safety, as rlkit and most SAC code do. */
    private static final double TANH_EPS = 1e-6;

    private final SacConfig config;
    private final int obsDim;
    private final int actDim;
    private final Mlp actor;
    private final Critics critics;
    private final TwinCritic critic;
    private final Adam actorOpt;
    private final Adam alphaOpt;
    private final float[] logAlpha = new float[1];
    private final float[] logAlphaGrad = new float[1];
    private final double targetEntropy;
    private Rng rng;
    private long updates;
    private final float[] noise;
    private final float[] sampled;
    private final float[] logProb;
    private final float[] targets;
    private final float[] dAct;
    private final float[] dOut;

    public Sac(int obsDim, int actDim, SacConfig config, long seed) {
        this.config = config;
        this.obsDim = obsDim;
        this.actDim = actDim;
        this.actor = new Mlp(Mlp.layerSizes(obsDim, config.hidden(), 2 * actDim), Activation.RELU,
                Activation.IDENTITY).initialize(seed);
        this.critics = new Critics(obsDim, actDim, config.hidden(), config.criticLr(), seed + 10);
        this.critic = critics.online;
        this.actorOpt = new Adam(new Adam.Config(config.actorLr(), 0.9, 0.999, 1e-8), actor.params().length);
        this.alphaOpt = new Adam(new Adam.Config(config.alphaLr(), 0.9, 0.999, 1e-8), 1);
        this.logAlpha[0] = (float) Math.log(config.initialAlpha());
        this.targetEntropy = -actDim;
        this.rng = new Rng(seed + 20);
        int b = config.batchSize();
        this.noise = new float[b * actDim];
        this.sampled = new float[b * actDim];
        this.logProb = new float[b];
        this.targets = new float[b];
        this.dAct = new float[b * actDim];
        this.dOut = new float[b * 2 * actDim];
    }

    public SacConfig config() {
        return config;
    }

    @Override
    public Algorithm algorithm() {
        return Algorithm.SAC;
    }

    @Override
    public void explore(float[] obs, int n, float[] actions) {
        actStochastic(obs, n, actions);
    }

    @Override
    public int batchSize() {
        return config.batchSize();
    }

    @Override
    public int startSteps() {
        return config.startSteps();
    }

    /** The (mean, log std) network. */
    public Mlp actor() {
        return actor;
    }

    public TwinCritic critic() {
        return critic;
    }

    public double alpha() {
        return Math.exp(logAlpha[0]);
    }

    @Override
    public long updates() {
        return updates;
    }

    /**
     * One SAC update: critic step, actor step, temperature step, soft target update.
     *
     * @return {@code critic_loss}, {@code actor_loss}, {@code alpha} (the temperature used) and {@code entropy}
     *     (minus the batch's mean log-probability)
     */
    @Override
    public Metrics update(TransitionBatch batch) {
        int n = batch.size;
        if (n != config.batchSize() || batch.obsDim != obsDim || batch.actDim != actDim) {
            throw new IllegalArgumentException("SAC expects batches of " + config.batchSize() + " x (obs " + obsDim
                    + ", act " + actDim + "), got " + n + " x (obs " + batch.obsDim + ", act " + batch.actDim + ")");
        }
        computeTargets(batch, targets);
        double criticLoss = critics.step(batch, targets);
        fillNoise(n);
        double alpha = alpha();
        double actorLoss = actorLossAndGradients(batch, noise, alpha);
        actorOpt.step(actor.params(), actor.grads());
        // temperature: d/d log_alpha of -mean(log_alpha * (log_pi + target_entropy)), log_pi detached
        double meanLogPi = 0;
        for (int b = 0; b < n; b++) {
            meanLogPi += logProb[b] / n;
        }
        logAlphaGrad[0] = (float) -(meanLogPi + targetEntropy);
        alphaOpt.step(logAlpha, logAlphaGrad);
        critics.softUpdateTargets((float) config.tau());
        updates++;
        return Metrics.of("critic_loss", criticLoss, "actor_loss", actorLoss, "alpha", alpha, "entropy", -meanLogPi);
    }

    private void fillNoise(int n) {
        for (int k = 0; k < n * actDim; k++) {
            noise[k] = (float) rng.nextGaussian();
        }
    }

    /**
     * Samples a = tanh(mean + std * eps) for each row of {@code obs} with the given noise, writing actions
     * into {@code out} and log-densities into {@code logp}; returns the actor's (mean, log std) output and
     * leaves its activations for backward.
     */
    float[] sample(float[] obs, int n, float[] eps, float[] out, float[] logp) {
        float[] y = actor.forward(obs, n);
        int w = 2 * actDim;
        for (int b = 0; b < n; b++) {
            double lp = 0;
            for (int j = 0; j < actDim; j++) {
                double mu = y[b * w + j];
                double ls = clampLogStd(y[b * w + actDim + j]);
                double e = eps[b * actDim + j];
                double a = Math.tanh(mu + Math.exp(ls) * e);
                out[b * actDim + j] = (float) a;
                lp += -0.5 * e * e - ls - LOG_SQRT_2PI - Math.log(1 - a * a + TANH_EPS);
            }
            logp[b] = (float) lp;
        }
        return y;
    }

    private double clampLogStd(double ls) {
        return Math.max(config.logStdMin(), Math.min(config.logStdMax(), ls));
    }

    /** y = r + gamma (1 - done) (min Q'(s', a') - alpha log pi(a'|s')), a' ~ pi(.|s'). */
    void computeTargets(TransitionBatch batch, float[] y) {
        int n = batch.size;
        fillNoise(n);
        sample(batch.nextObs, n, noise, sampled, logProb);
        critics.target.forwardBoth(batch.nextObs, sampled, n);
        float[] t1 = critics.target.lastQ1();
        float[] t2 = critics.target.lastQ2();
        double alpha = alpha();
        for (int b = 0; b < n; b++) {
            double v = Math.min(t1[b], t2[b]) - alpha * logProb[b];
            y[b] = (float) (batch.rewards[b] + config.gamma() * (1.0 - batch.dones[b]) * v);
        }
    }

    /** MSE(Q1, y) + MSE(Q2, y), gradients left in the critics. */
    double criticLossAndGradients(TransitionBatch batch, float[] y) {
        return critics.lossAndGradients(batch, y);
    }

    /**
     * mean(alpha log pi(a|s) - min(Q1, Q2)(s, a)) with a = tanh(mu + sigma eps) for the given noise; leaves
     * the actor's gradients. With the noise fixed, d log N / d mu = 0 and d log N / d log sigma = -1; the
     * tanh correction and the critics contribute through a.
     */
    double actorLossAndGradients(TransitionBatch batch, float[] eps, double alpha) {
        int n = batch.size;
        actor.zeroGrad();
        float[] y = sample(batch.obs, n, eps, sampled, logProb);
        critic.forwardBoth(batch.obs, sampled, n);
        float[] q1 = critic.lastQ1().clone();
        float[] q2 = critic.lastQ2().clone();
        float[] g1 = new float[n];
        float[] g2 = new float[n];
        double loss = 0;
        for (int b = 0; b < n; b++) {
            boolean first = q1[b] <= q2[b];
            loss += (alpha * logProb[b] - (first ? q1[b] : q2[b])) / n;
            g1[b] = first ? (float) (-1.0 / n) : 0f;
            g2[b] = first ? 0f : (float) (-1.0 / n);
        }
        critic.actionGradient(critic.q1.backward(g1, false), n, dAct, false);
        critic.actionGradient(critic.q2.backward(g2, false), n, dAct, true);
        int w = 2 * actDim;
        for (int b = 0; b < n; b++) {
            for (int j = 0; j < actDim; j++) {
                int k = b * actDim + j;
                double a = sampled[k];
                double rawLs = y[b * w + actDim + j];
                double ls = clampLogStd(rawLs);
                double dA = dAct[k] + alpha * 2 * a / (1 - a * a + TANH_EPS) / n;
                double dU = dA * (1 - a * a);
                dOut[b * w + j] = (float) dU;
                boolean clamped = rawLs < config.logStdMin() || rawLs > config.logStdMax();
                dOut[b * w + actDim + j] = clamped ? 0f : (float) (dU * Math.exp(ls) * eps[k] - alpha / n);
            }
        }
        // the actor still holds the activations of sample() (the critics are other networks)
        actor.backward(dOut, true, false);
        return loss;
    }

    /** Deterministic action tanh(mean) for evaluation, for each row of obs. */
    public void actDeterministic(float[] obs, int n, float[] out) {
        float[] y = actor.forward(obs, n);
        for (int b = 0; b < n; b++) {
            for (int j = 0; j < actDim; j++) {
                out[b * actDim + j] = (float) Math.tanh(y[b * 2 * actDim + j]);
            }
        }
    }

    /** Stochastic action for exploration, noise from this learner's generator. */
    public void actStochastic(float[] obs, int n, float[] out) {
        float[] eps = new float[n * actDim];
        for (int k = 0; k < eps.length; k++) {
            eps[k] = (float) rng.nextGaussian();
        }
        sample(obs, n, eps, out, new float[n]);
    }

    /** Saves every network, optimiser, the temperature, counters and the noise generator (exact resume). */
    @Override
    public void save(rrl.checkpoint.Checkpoint c) {
        actor.save(c, "actor");
        critics.save(c);
        actorOpt.save(c, "adam_actor");
        alphaOpt.save(c, "adam_alpha");
        c.putTensor("log_alpha", logAlpha);
        c.putLongs("sac", updates, rng.state());
    }

    /** Restores what {@link #save} wrote. */
    @Override
    public void restore(rrl.checkpoint.Checkpoint c) {
        actor.restore(c, "actor");
        critics.restore(c);
        actorOpt.restore(c, "adam_actor");
        alphaOpt.restore(c, "adam_alpha");
        logAlpha[0] = c.tensor("log_alpha")[0];
        long[] s = c.longs("sac");
        updates = s[0];
        rng = Rng.restore(s[1]);
    }

    /** The evaluation policy: tanh of the Gaussian mean, on observations scaled by {@code normalizer}. */
    @Override
    public ActorPolicy policy(String env, rrl.nn.ObservationNormalizer normalizer) {
        return new ActorPolicy(env, actor, normalizer, ActorPolicy.Head.GAUSSIAN_MEAN).copy();
    }

}
