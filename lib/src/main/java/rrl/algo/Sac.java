package rrl.algo;

import rrl.policy.ActorPolicy;
import rrl.policy.TanhGaussian;
import rrl.nn.Activation;
import rrl.nn.Adam;
import rrl.nn.Mlp;
import rrl.random.Rng;
import rrl.replay.TransitionBatch;

/**
 * Soft actor-critic with a tanh-squashed Gaussian policy, clipped double Q and automatic temperature
 * tuning. The actor network outputs (mean, log std) per action dimension; the policy's maths (sample,
 * log-density, and their gradients through the reparameterised sample, the tanh and the log-density, written
 * out by hand) are in {@link TanhGaussian}, shared with the other stochastic actors; the twin critics are a
 * {@link CriticEnsemble} of two with a min target.
 */
public final class Sac implements OnlineLearner {
    private final SacConfig config;
    private final int obsDim;
    private final int actDim;
    private final Mlp actor;
    private final CriticEnsemble critics;
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
        int[] hidden = config.hiddenSizes();
        this.actor = new Mlp(Mlp.layerSizes(obsDim, hidden, 2 * actDim), Activation.RELU,
                Activation.IDENTITY).initialize(seed);
        this.critics = new CriticEnsemble(obsDim, actDim, hidden, CriticEnsemble.Config.twin(),
                new Adam.Config(config.criticLr(), 0.9, 0.999, 1e-8), seed + 10);
        this.actorOpt = new Adam(new Adam.Config(config.actorLr(), 0.9, 0.999, 1e-8), actor);
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

    /** The twin critics Q1, Q2 (clipped double Q: min target, MSE). */
    public CriticEnsemble critic() {
        return critics;
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
     * into {@code out} and log-densities into {@code logp} ({@link TanhGaussian#sample}); returns the actor's
     * (mean, log std) output and leaves its activations for backward.
     */
    float[] sample(float[] obs, int n, float[] eps, float[] out, float[] logp) {
        float[] y = actor.forward(obs, n);
        TanhGaussian.sample(y, n, actDim, eps, config.logStdMin(), config.logStdMax(), out, logp);
        return y;
    }

    /** y = r + gamma (1 - done) (min Q'(s', a') - alpha log pi(a'|s')), a' ~ pi(.|s'). */
    void computeTargets(TransitionBatch batch, float[] y) {
        int n = batch.size;
        fillNoise(n);
        sample(batch.nextObs, n, noise, sampled, logProb);
        double[] minQ = critics.targetValues(batch.nextObs, sampled, n);
        double alpha = alpha();
        for (int b = 0; b < n; b++) {
            double v = minQ[b] - alpha * logProb[b];
            y[b] = (float) (batch.rewards[b] + config.gamma() * (1.0 - batch.dones[b]) * v);
        }
    }

    /** MSE(Q1, y) + MSE(Q2, y), gradients left in the critics. */
    double criticLossAndGradients(TransitionBatch batch, float[] y) {
        return critics.lossAndGradients(batch, y);
    }

    /**
     * mean(alpha log pi(a|s) - min(Q1, Q2)(s, a)) with a = tanh(mu + sigma eps) for the given noise; leaves
     * the actor's gradients. The critics contribute dLoss/da; {@link TanhGaussian#sampleGradients} carries it
     * and the log-density's part through the reparameterised sample to the actor's (mean, log std) output.
     */
    double actorLossAndGradients(TransitionBatch batch, float[] eps, double alpha) {
        int n = batch.size;
        actor.zeroGrad();
        float[] y = sample(batch.obs, n, eps, sampled, logProb);
        critics.forwardAll(batch.obs, sampled, n);
        float[] q1 = critics.last(0).clone();
        float[] q2 = critics.last(1).clone();
        float[] g1 = new float[n];
        float[] g2 = new float[n];
        double loss = 0;
        for (int b = 0; b < n; b++) {
            boolean first = q1[b] <= q2[b];
            loss += (alpha * logProb[b] - (first ? q1[b] : q2[b])) / n;
            g1[b] = first ? (float) (-1.0 / n) : 0f;
            g2[b] = first ? 0f : (float) (-1.0 / n);
        }
        critics.actionGradients(new float[][] {g1, g2}, n, dAct);
        TanhGaussian.sampleGradients(y, n, actDim, eps, sampled, dAct, alpha, config.logStdMin(), config.logStdMax(),
                dOut);
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
