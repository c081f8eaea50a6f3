package rrl.algo;

import java.util.SplittableRandom;
import rrl.checkpoint.Checkpoint;
import rrl.nn.Activation;
import rrl.nn.Adam;
import rrl.nn.Mlp;
import rrl.nn.ObservationNormalizer;
import rrl.policy.ActorPolicy;
import rrl.policy.TanhGaussian;
import rrl.random.Rng;
import rrl.replay.TransitionBatch;

/**
 * EDAC (An et al. 2021, arXiv 2110.01548; notebooks/references.md#edac), offline: SAC-N, a tanh-Gaussian actor
 * ({@link TanhGaussian}) with a learned temperature against the minimum of N critics, whose critic loss adds eta
 * times the ensemble-diversity penalty of the critics' action gradients ({@link DiversityPenalty}, its weight
 * gradient by double back-propagation in {@link CriticEnsemble#stepWithDiversity}). The update is CORL's
 * {@code edac.py} (and YangRui2015/RIQL {@code EDAC.py}): temperature step, then actor step with the new
 * temperature, then critic step (the code's comment: the EDAC paper's order, reverse of SAC's), then the soft
 * target update; each of the three samples the policy with noise of its own. Networks start from the code's
 * "init as in the EDAC paper" [our reading] (notebooks/our-reading.md#edac-settings): hidden biases 0.1, the
 * actor's output layer uniform in +-1e-3, the critics' in +-3e-3 and their other weights uniform in
 * +-1/sqrt(fan_out) (what {@code kaiming_uniform_} computes on {@code VectorizedLinear}'s [in, out] weights).
 *
 * <p>The adversarial data corruption of paper 3 attacks a trained EDAC's critics ({@link #critic()}) and actor
 * ({@link #actor()}), loaded from its run's training checkpoint with {@link #fromTrainingCheckpoint}.
 */
public final class Edac implements Learner {
    private final EdacConfig config;
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
    // scratch, sized for the batch
    private final float[] alphaNoise;
    private final float[] actorNoise;
    private final float[] targetNoise;
    private final float[] sampled;
    private final float[] logProb;
    private final float[] targets;
    private final float[] dAct;
    private final float[] dOut;
    private final float[][] dQ;

    public Edac(int obsDim, int actDim, EdacConfig config, long seed) {
        this.config = config;
        this.obsDim = obsDim;
        this.actDim = actDim;
        int[] hidden = config.hiddenSizes();
        this.actor = new Mlp(Mlp.layerSizes(obsDim, hidden, 2 * actDim), Activation.RELU, Activation.IDENTITY)
                .initialize(seed);
        initializeActor(actor, new SplittableRandom(seed + 1));
        int n = config.critics();
        this.critics = new CriticEnsemble(obsDim, actDim, hidden, new CriticEnsemble.Config(n,
                CriticEnsemble.Target.min(), CriticEnsemble.Loss.mse()),
                new Adam.Config(config.criticLr(), 0.9, 0.999, 1e-8), seed + 10);
        for (int i = 0; i < n; i++) {
            initializeCritic(critics.q(i), new SplittableRandom(seed + 100 + i));
            critics.target(i).copyFrom(critics.q(i));
        }
        this.actorOpt = new Adam(new Adam.Config(config.actorLr(), 0.9, 0.999, 1e-8), actor);
        this.alphaOpt = new Adam(new Adam.Config(config.alphaLr(), 0.9, 0.999, 1e-8), 1);
        this.logAlpha[0] = (float) Math.log(config.initialAlpha());
        this.targetEntropy = -actDim;
        this.rng = new Rng(seed + 20);
        int b = config.batchSize();
        this.alphaNoise = new float[b * actDim];
        this.actorNoise = new float[b * actDim];
        this.targetNoise = new float[b * actDim];
        this.sampled = new float[b * actDim];
        this.logProb = new float[b];
        this.targets = new float[b];
        this.dAct = new float[b * actDim];
        this.dOut = new float[b * 2 * actDim];
        this.dQ = new float[n][b];
    }

    /** The actor's trunk biases 0.1, its output layer (the mu and log-sigma heads) uniform in +-1e-3. */
    private static void initializeActor(Mlp net, SplittableRandom rng) {
        float[] w = net.exportWeights();
        int[] sizes = net.sizes();
        int k = 0;
        for (int l = 0; l < net.layers(); l++) {
            boolean last = l == net.layers() - 1;
            int weights = sizes[l] * sizes[l + 1];
            if (last) {
                for (int i = 0; i < weights + sizes[l + 1]; i++) {
                    w[k + i] = (float) rng.nextDouble(-1e-3, 1e-3);
                }
            } else {
                java.util.Arrays.fill(w, k + weights, k + weights + sizes[l + 1], 0.1f);
            }
            k += weights + sizes[l + 1];
        }
        net.importWeights(w);
    }

    /**
     * A critic as {@code VectorizedCritic}: weights uniform in +-1/sqrt(fan_out), biases 0.1, the output layer's
     * weights and bias uniform in +-3e-3.
     */
    private static void initializeCritic(Mlp net, SplittableRandom rng) {
        float[] w = net.exportWeights();
        int[] sizes = net.sizes();
        int k = 0;
        for (int l = 0; l < net.layers(); l++) {
            boolean last = l == net.layers() - 1;
            int weights = sizes[l] * sizes[l + 1];
            double bound = last ? 3e-3 : 1.0 / Math.sqrt(sizes[l + 1]);
            for (int i = 0; i < weights; i++) {
                w[k + i] = (float) rng.nextDouble(-bound, bound);
            }
            for (int i = weights; i < weights + sizes[l + 1]; i++) {
                w[k + i] = last ? (float) rng.nextDouble(-bound, bound) : 0.1f;
            }
            k += weights + sizes[l + 1];
        }
        net.importWeights(w);
    }

    /** The kind of an offline EDAC run's training checkpoint (the training loop's "ALGORITHM-training"). */
    static final String TRAINING_KIND = "edac-training";

    /**
     * The EDAC of an offline run's training checkpoint ({@code training.ckpt}): its config from the checkpoint's
     * record ({@code config.learner}), its whole state restored. The critics see observations as the run scaled them
     * (EDAC's default: raw). What attacks a dataset through a trained EDAC's critics starts from.
     *
     * @throws IllegalArgumentException in one line, for a checkpoint of another learner or of other dimensions
     */
    public static Edac fromTrainingCheckpoint(Checkpoint c, int obsDim, int actDim) {
        com.google.gson.JsonObject meta = c.meta();
        com.google.gson.JsonObject config = meta.get("config") instanceof com.google.gson.JsonObject j ? j : null;
        if (!TRAINING_KIND.equals(c.kind()) || config == null || !(config.get("learner") instanceof com.google.gson.JsonObject)) {
            throw new IllegalArgumentException("not an EDAC training checkpoint (kind " + c.kind() + "); give the "
                    + "training.ckpt of an `rrl train edac` run");
        }
        String env = config.has("env") ? config.get("env").getAsString() : "an unrecorded environment";
        EdacConfig ec = new com.google.gson.Gson().fromJson(config.get("learner"), EdacConfig.class);
        int held = c.tensor("actor").length;
        Edac e = new Edac(obsDim, actDim, ec, 0);
        if (!e.actor.holdsLayout(held)) { // any machine's padded layout of this shape restores
            throw new IllegalArgumentException("the EDAC checkpoint was trained on " + env + ", whose observations or "
                    + "actions have other sizes than " + obsDim + " and " + actDim + "; train EDAC on this task's data");
        }
        e.restore(c);
        return e;
    }

    public EdacConfig config() {
        return config;
    }

    @Override
    public Algorithm algorithm() {
        return Algorithm.EDAC;
    }

    @Override
    public int batchSize() {
        return config.batchSize();
    }

    /** The (mean, log std) network: the mean's tanh is the evaluation action. */
    public Mlp actor() {
        return actor;
    }

    /** The N critics (min target, MSE) and their targets. */
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
     * One EDAC update (temperature, actor, critics with the diversity penalty, targets), with noise drawn from
     * this learner's generator in that order.
     *
     * @return {@code alpha_loss}; {@code actor_loss} mean(alpha log pi - min_i Q_i); {@code critic_loss}, the
     *     regression loss plus eta D as CORL logs it; {@code diversity} D; {@code batch_entropy} (minus the actor
     *     step's mean log-density); {@code alpha} (after its step, the one the actor and critic steps use);
     *     {@code q_policy_std} (the std over the critics of Q(s, a ~ pi), averaged over the batch)
     */
    @Override
    public Metrics update(TransitionBatch batch) {
        int n = batch.size;
        if (n != config.batchSize() || batch.obsDim != obsDim || batch.actDim != actDim) {
            throw new IllegalArgumentException("EDAC expects batches of " + config.batchSize() + " x (obs " + obsDim
                    + ", act " + actDim + "), got " + n + " x (obs " + batch.obsDim + ", act " + batch.actDim + ")");
        }
        fillNoise(alphaNoise, n);
        fillNoise(actorNoise, n);
        fillNoise(targetNoise, n);
        return update(batch, alphaNoise, actorNoise, targetNoise);
    }

    private void fillNoise(float[] eps, int n) {
        for (int k = 0; k < n * actDim; k++) {
            eps[k] = (float) rng.nextGaussian();
        }
    }

    /** The update with the given standard-normal noise [n, actDim] of its three samples (parity tests hand theirs in). */
    Metrics update(TransitionBatch batch, float[] epsAlpha, float[] epsActor, float[] epsTarget) {
        int n = batch.size;
        double lo = config.logStdMin();
        double hi = config.logStdMax();
        // temperature: d/d log_alpha of -mean(log_alpha (log pi + target entropy)), log pi without gradient
        // one forward pass of the actor on s serves the temperature and the actor step (the first changes no weight)
        actor.zeroGrad();
        float[] y = actor.forward(batch.obs, n);
        TanhGaussian.sample(y, n, actDim, epsAlpha, lo, hi, sampled, logProb);
        double meanLogPi = mean(logProb, n);
        double alphaLoss = -logAlpha[0] * (meanLogPi + targetEntropy);
        logAlphaGrad[0] = (float) -(meanLogPi + targetEntropy);
        alphaOpt.step(logAlpha, logAlphaGrad);
        double alpha = alpha();

        // actor: mean(alpha log pi(a|s) - min_i Q_i(s, a)), a reparameterised; dLoss/da through the minimum critic
        TanhGaussian.sample(y, n, actDim, epsActor, lo, hi, sampled, logProb);
        critics.forwardAll(batch.obs, sampled, n);
        int m = critics.size();
        double actorLoss = 0;
        double qStd = 0;
        for (int b = 0; b < n; b++) {
            int argmin = 0;
            double min = critics.last(0)[b];
            double sum = 0;
            for (int i = 0; i < m; i++) {
                double v = critics.last(i)[b];
                sum += v;
                if (v < min) {
                    min = v;
                    argmin = i;
                }
            }
            double mean = sum / m;
            double var = 0;
            for (int i = 0; i < m; i++) {
                double d = critics.last(i)[b] - mean;
                var += d * d;
                dQ[i][b] = i == argmin ? (float) (-1.0 / n) : 0f;
            }
            qStd += Math.sqrt(var / (m - 1)) / n;
            actorLoss += (alpha * logProb[b] - min) / n;
        }
        double entropy = -mean(logProb, n);
        critics.actionGradients(dQ, n, dAct);
        TanhGaussian.sampleGradients(y, n, actDim, epsActor, sampled, dAct, alpha, lo, hi, dOut);
        // the actor still holds the activations of its forward pass above (the critics are other networks)
        actor.backward(dOut, true, false);
        actorOpt.step(actor.params(), actor.grads());

        // critics: y = r + gamma (1 - done) (min_i Q'_i(s', a') - alpha log pi(a'|s')), a' from the updated actor
        TanhGaussian.sample(actor.forward(batch.nextObs, n), n, actDim, epsTarget, lo, hi, sampled, logProb);
        double[] minQ = critics.targetValues(batch.nextObs, sampled, n);
        for (int b = 0; b < n; b++) {
            double v = minQ[b] - alpha * logProb[b];
            targets[b] = (float) (batch.rewards[b] + config.gamma() * (1.0 - batch.dones[b]) * v);
        }
        double[] critic = critics.stepWithDiversity(batch, targets, config.eta());
        critics.softUpdateTargets((float) config.tau());
        updates++;
        return Metrics.of("alpha_loss", alphaLoss, "actor_loss", actorLoss, "critic_loss",
                critic[0] + config.eta() * critic[1], "diversity", critic[1], "batch_entropy", entropy, "alpha", alpha,
                "q_policy_std", qStd);
    }

    private static double mean(float[] v, int n) {
        double s = 0;
        for (int b = 0; b < n; b++) {
            s += v[b];
        }
        return s / n;
    }

    /** Saves the actor, the critics and their targets, every optimiser, the temperature, counters and the generator. */
    @Override
    public void save(Checkpoint c) {
        actor.save(c, "actor");
        critics.save(c);
        actorOpt.save(c, "adam_actor");
        alphaOpt.save(c, "adam_alpha");
        c.putTensor("log_alpha", logAlpha);
        c.putLongs("edac", updates, rng.state());
    }

    /** Restores what {@link #save} wrote. */
    @Override
    public void restore(Checkpoint c) {
        actor.restore(c, "actor");
        critics.restore(c);
        actorOpt.restore(c, "adam_actor");
        alphaOpt.restore(c, "adam_alpha");
        logAlpha[0] = c.tensor("log_alpha")[0];
        long[] s = c.longs("edac");
        updates = s[0];
        rng = Rng.restore(s[1]);
    }

    /** The evaluation policy: tanh of the Gaussian mean (the code's {@code deterministic=True}), on scaled observations. */
    @Override
    public ActorPolicy policy(String env, ObservationNormalizer normalizer) {
        return new ActorPolicy(env, actor, normalizer, ActorPolicy.Head.GAUSSIAN_MEAN).copy();
    }
}
