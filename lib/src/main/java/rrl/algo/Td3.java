package rrl.algo;

import rrl.policy.ActorPolicy;
import rrl.nn.Activation;
import rrl.nn.Adam;
import rrl.nn.Mlp;
import rrl.nn.NetThreads;
import rrl.random.Rng;
import rrl.replay.TransitionBatch;

/**
 * TD3 (Fujimoto et al. 2018) and, with {@code bcAlpha > 0}, TD3+BC (Fujimoto and Gu 2021): one learner,
 * because TD3+BC only adds a behaviour-cloning term to the actor loss, and adversarial fine-tuning is TD3
 * started from a TD3+BC learner's weights. Observations in batches are expected already normalised.
 */
public final class Td3 implements OnlineLearner {
    private final Td3Config config;
    private final int obsDim;
    private final int actDim;
    private final Mlp actor;
    private final Mlp actorTarget;
    private final CriticEnsemble critics;
    private final Adam actorOpt;
    private Rng rng;
    private long updates;
    // scratch, sized for the batch
    private final float[] nextAct;
    private final float[] targets;
    private final float[] dAct;


    public Td3(int obsDim, int actDim, Td3Config config, long seed) {
        this.config = config;
        this.obsDim = obsDim;
        this.actDim = actDim;
        int[] hidden = config.hiddenSizes();
        int[] sizes = Mlp.layerSizes(obsDim, hidden, actDim);
        this.actor = new Mlp(sizes, Activation.RELU, Activation.TANH).initialize(seed);
        this.actorTarget = new Mlp(sizes, Activation.RELU, Activation.TANH);
        actorTarget.copyFrom(actor);
        this.critics = new CriticEnsemble(obsDim, actDim, hidden, CriticEnsemble.Config.twin(),
                new Adam.Config(config.criticLr(), 0.9, 0.999, 1e-8), seed + 10);
        this.actorOpt = new Adam(new Adam.Config(config.actorLr(), 0.9, 0.999, 1e-8), actor);
        this.rng = new Rng(seed + 20);
        int b = config.batchSize();
        this.nextAct = new float[b * actDim];
        this.targets = new float[b];
        this.dAct = new float[b * actDim];
    }

    public Td3Config config() {
        return config;
    }

    @Override
    public Algorithm algorithm() {
        return config.bcAlpha() > 0 ? Algorithm.TD3_BC : Algorithm.TD3;
    }

    /** TD3's exploration: the actor's action plus N(0, explorationNoise), clipped to [-1, 1]. */
    @Override
    public void explore(float[] obs, int n, float[] actions) {
        float[] a = actor.forward(obs, n);
        for (int k = 0; k < n * actDim; k++) {
            actions[k] = (float) Math.max(-1.0, Math.min(1.0, a[k] + config.explorationNoise() * rng.nextGaussian()));
        }
    }

    @Override
    public int batchSize() {
        return config.batchSize();
    }

    @Override
    public int startSteps() {
        return config.startSteps();
    }

    public Mlp actor() {
        return actor;
    }

    /** The twin critics Q1, Q2 (clipped double Q: min target, MSE). */
    public CriticEnsemble critic() {
        return critics;
    }

    @Override
    public long updates() {
        return updates;
    }

    /**
     * One TD3 update: a critic step, and every {@code policyDelay} updates an actor step and target updates.
     *
     * @return {@code critic_loss}, and on actor steps {@code actor_loss}, {@code mean_q} (mean Q1(s, pi(s))) and
     *     {@code lambda} (TD3+BC's alpha / mean |Q|; 1 for TD3), NaN on the other updates (so averages over a
     *     window count each actor step once, and no metric state needs checkpointing)
     */
    @Override
    public Metrics update(TransitionBatch batch) {
        requireBatch(batch);
        boolean actorStep = (updates + 1) % config.policyDelay() == 0;
        float[] pi = computeTargets(batch, targets, actorStep);
        double criticLoss = critics.step(batch, targets);
        updates++;
        double actorLoss = Double.NaN;
        double meanQ = Double.NaN;
        double lambda = Double.NaN;
        if (actorStep) {
            double[] info = actorLossAndGradients(batch, Double.NaN, pi);
            actorLoss = info[0];
            meanQ = info[1];
            lambda = info[2];
            actorOpt.step(actor.params(), actor.grads());
            float tau = (float) config.tau();
            critics.softUpdateTargets(tau);
            actorTarget.softUpdateFrom(actor, tau);
        }
        return Metrics.of("critic_loss", criticLoss, "actor_loss", actorLoss, "mean_q", meanQ, "lambda", lambda);
    }

    /**
     * y = r + gamma (1 - done) min(Q1', Q2')(s', clip(pi'(s') + clip(N(0, sigma), -c, c), -1, 1)), the
     * clipped double-Q target with target policy smoothing.
     */
    void computeTargets(TransitionBatch batch, float[] y) {
        computeTargets(batch, y, false);
    }

    /**
     * As {@link #computeTargets(TransitionBatch, float[])}; with {@code withActor} the actor's forward pass on s,
     * which the actor step needs and the critic step does not change, runs alongside the target actor's on s'
     * (another network), and its output pi(s) is returned (the actor's buffer), else null.
     */
    private float[] computeTargets(TransitionBatch batch, float[] y, boolean withActor) {
        int n = batch.size;
        float[] a2;
        float[] pi = null;
        if (withActor) {
            // measured on 2 threads: TD3+BC 1.43x instead of 1.36x over 1 thread at batch 64 x width 64. The actor's
            // pass is task 0, which the calling thread takes: the actor step continues there from its activations.
            float[][] outs = new float[2][];
            NetThreads.run(2, i -> outs[i] = i == 0 ? actor.forward(batch.obs, n) : actorTarget.forward(batch.nextObs, n));
            pi = outs[0];
            a2 = outs[1];
        } else {
            a2 = actorTarget.forward(batch.nextObs, n);
        }
        for (int k = 0; k < n * actDim; k++) {
            double noise = Math.max(-config.noiseClip(), Math.min(config.noiseClip(), config.policyNoise() * rng.nextGaussian()));
            nextAct[k] = (float) Math.max(-1.0, Math.min(1.0, a2[k] + noise));
        }
        double[] minQ = critics.targetValues(batch.nextObs, nextAct, n);
        for (int b = 0; b < n; b++) {
            y[b] = (float) (batch.rewards[b] + config.gamma() * (1.0 - batch.dones[b]) * minQ[b]);
        }
        return pi;
    }

    /** MSE(Q1, y) + MSE(Q2, y); leaves the gradients in the critics' grad buffers and returns the loss. */
    double criticLossAndGradients(TransitionBatch batch, float[] y) {
        return critics.lossAndGradients(batch, y);
    }

    /**
     * Actor loss: TD3's -mean Q1(s, pi(s)); TD3+BC's -lambda mean Q1(s, pi(s)) + mean (pi(s) - a)^2 with
     * lambda = alpha / mean |Q1(s, pi(s))| treated as a constant. {@code fixedLambda} (NaN: compute it)
     * exists for gradient checks. Leaves gradients in the actor's grad buffer; returns {loss, mean Q, lambda}.
     */
    double[] actorLossAndGradients(TransitionBatch batch, double fixedLambda) {
        return actorLossAndGradients(batch, fixedLambda, null);
    }

    /** As above; {@code piDone}, if not null, is the output of the actor's forward pass on batch.obs, already run. */
    private double[] actorLossAndGradients(TransitionBatch batch, double fixedLambda, float[] piDone) {
        int n = batch.size;
        actor.zeroGrad();
        float[] pi = (piDone != null ? piDone : actor.forward(batch.obs, n)).clone();
        float[] q = critics.forwardQ1(batch.obs, pi, n);
        double meanQ = 0;
        double meanAbsQ = 0;
        for (int b = 0; b < n; b++) {
            meanQ += q[b] / n;
            meanAbsQ += Math.abs(q[b]) / n;
        }
        boolean bc = config.bcAlpha() > 0;
        double lambda = bc ? (Double.isNaN(fixedLambda) ? config.bcAlpha() / meanAbsQ : fixedLambda) : 1.0;
        // dLoss/dQ1 per row, then through the critic's input to the action
        float[] dq = new float[n];
        java.util.Arrays.fill(dq, (float) (-lambda / n));
        critics.actionGradient(0, dq, n, dAct, false);
        double loss = -lambda * meanQ;
        if (bc) {
            double mse = 0;
            int m = n * actDim;
            for (int k = 0; k < m; k++) {
                double d = pi[k] - batch.actions[k];
                mse += d * d / m;
                dAct[k] += (float) (2 * d / m);
            }
            loss += mse;
        }
        // the actor still holds the activations of forward(batch.obs) above (the critic is another network)
        actor.backward(dAct, true, false);
        return new double[] {loss, meanQ, lambda};
    }

    /** Saves every network, optimiser, counter and the noise generator (exact resume). */
    @Override
    public void save(rrl.checkpoint.Checkpoint c) {
        actor.save(c, "actor");
        actorTarget.save(c, "actor_target");
        critics.save(c);
        actorOpt.save(c, "adam_actor");
        c.putLongs("td3", updates, rng.state());
    }

    /**
     * Loads the actor, the critics and their targets from another learner's checkpoint (e.g. TD3+BC's) and
     * keeps this learner's fresh optimisers, counters and noise stream: the start of fine-tuning.
     */
    public void loadNetworks(rrl.checkpoint.Checkpoint c) {
        actor.restore(c, "actor");
        actorTarget.restore(c, "actor_target");
        critics.restoreNetworks(c);
    }

    /** Restores what {@link #save} wrote. */
    @Override
    public void restore(rrl.checkpoint.Checkpoint c) {
        actor.restore(c, "actor");
        actorTarget.restore(c, "actor_target");
        critics.restore(c);
        actorOpt.restore(c, "adam_actor");
        long[] s = c.longs("td3");
        updates = s[0];
        rng = Rng.restore(s[1]);
    }

    private void requireBatch(TransitionBatch batch) {
        if (batch.obsDim != obsDim || batch.actDim != actDim || batch.size != config.batchSize()) {
            throw new IllegalArgumentException("TD3 expects batches of " + config.batchSize() + " x (obs " + obsDim
                    + ", act " + actDim + "), got " + batch.size + " x (obs " + batch.obsDim + ", act " + batch.actDim + ")");
        }
    }

    /** The evaluation policy: the actor on observations scaled by {@code normalizer}. */
    @Override
    public ActorPolicy policy(String env, rrl.nn.ObservationNormalizer normalizer) {
        return new ActorPolicy(env, actor, normalizer, ActorPolicy.Head.DETERMINISTIC).copy();
    }

    Mlp actorTarget() {
        return actorTarget;
    }

}
