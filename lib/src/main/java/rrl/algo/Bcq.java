package rrl.algo;

import java.util.Arrays;
import rrl.checkpoint.Checkpoint;
import rrl.nn.Activation;
import rrl.nn.Adam;
import rrl.nn.Mlp;
import rrl.nn.ObservationNormalizer;
import rrl.policy.ActorPolicy;
import rrl.policy.BcqCandidates;
import rrl.policy.BcqSelection;
import rrl.random.Rng;
import rrl.replay.TransitionBatch;

/**
 * BCQ, batch-constrained deep Q-learning (Fujimoto, Meger and Precup 2019, arXiv 1812.02900), with d3rlpy's update
 * (takuseno/d3rlpy BCQImpl; notebooks/references.md#bcq). One update, in d3rlpy's order:
 * <ol>
 *   <li>VAE step: encoder E(s, a) -> (mu, log std) with log std clamped to [-4, 15], z = mu + std eps,
 *       decoder D(s, z) = tanh(...) (or linear, {@link BcqConfig#tanhDecoder}); loss mean (D(s, z) - a)^2 + beta mean KL(N(mu, std) || N(0, 1));</li>
 *   <li>critic step (once {@code rlStartStep} updates have passed): for each s', {@code actionSamples} candidates
 *       a_i = clip(D(s', z_i) + Phi xi'(s', D(s', z_i)), -1, 1) from the updated decoder and the target actor xi',
 *       z_i ~ N(0, 1) clipped to [-0.5, 0.5]; y = r + gamma (1 - done) max_i [lambda min_j + (1 - lambda) max_j]
 *       Q'_j(s', a_i); MSE of both critics;</li>
 *   <li>actor step: -mean Q1(s, clip(D(s, z) + Phi xi(s, D(s, z)), -1, 1)), one z per state;</li>
 *   <li>Polyak updates of the target critics and the target actor.</li>
 * </ol>
 * The encoder's two heads (mean, log std) are one output layer of 2 x latent columns (the same function and
 * initialisation as two linear heads). The sampled rows of the target (batch x samples) go through each network
 * in one batched pass. The evaluation policy is the argmax of Q1 over sampled candidates ({@link BcqSelection}).
 */
public final class Bcq implements Learner {
    private final BcqConfig config;
    private final int obsDim;
    private final int actDim;
    private final int latentDim;
    private final Mlp encoder;
    private final Mlp decoder;
    private final Mlp actor;
    private final Mlp actorTarget;
    private final CriticEnsemble critics;
    private final Adam encoderOpt;
    private final Adam decoderOpt;
    private final Adam actorOpt;
    private final BcqCandidates candidates;
    private final BcqCandidates targetCandidates;
    private long policySeed;
    private Rng rng;
    private long updates;
    // scratch, sized for the batch (and batch x samples for the target)
    private final float[] encoderIn;
    private final float[] encoderOut;
    private final float[] decoderIn;
    private final float[] z;
    private final float[] std;
    private final float[] dDecoded;
    private final float[] dEncoder;
    private final float[] vaeNoise;
    private final float[] actorLatents;
    private final float[] targetLatents;
    private final float[] nextRepeated;
    private final float[] targets;
    private final float[] dq;
    private final float[] dAct;
    private final float[] dXi;

    public Bcq(int obsDim, int actDim, BcqConfig config, long seed) {
        this.config = config;
        this.obsDim = obsDim;
        this.actDim = actDim;
        this.latentDim = BcqConfig.latentDim(actDim);
        int[] hidden = config.hiddenSizes();
        int[] vae = config.vaeHiddenSizes();
        this.actor = new Mlp(Mlp.layerSizes(obsDim + actDim, hidden, actDim), Activation.RELU, Activation.TANH)
                .initialize(seed);
        this.actorTarget = new Mlp(actor.sizes(), Activation.RELU, Activation.TANH);
        actorTarget.copyFrom(actor);
        this.critics = new CriticEnsemble(obsDim, actDim, hidden,
                CriticEnsemble.Config.twin().withTarget(CriticEnsemble.Target.mix(config.lambda())),
                new Adam.Config(config.criticLr(), 0.9, 0.999, 1e-8), seed + 10);
        this.encoder = new Mlp(Mlp.layerSizes(obsDim + actDim, vae, 2 * latentDim), Activation.RELU, Activation.IDENTITY)
                .initialize(seed + 30);
        this.decoder = new Mlp(Mlp.layerSizes(obsDim + latentDim, vae, actDim), Activation.RELU,
                config.tanhDecoder() ? Activation.TANH : Activation.IDENTITY).initialize(seed + 31);
        // PyTorch's Adam defaults (d3rlpy's optimizer factory) at BCQ's rates
        this.actorOpt = new Adam(new Adam.Config(config.actorLr(), 0.9, 0.999, 1e-8), actor);
        this.encoderOpt = new Adam(new Adam.Config(config.vaeLr(), 0.9, 0.999, 1e-8), encoder);
        this.decoderOpt = new Adam(new Adam.Config(config.vaeLr(), 0.9, 0.999, 1e-8), decoder);
        this.candidates = new BcqCandidates(decoder, actor, obsDim, config.actionFlexibility());
        this.targetCandidates = new BcqCandidates(decoder, actorTarget, obsDim, config.actionFlexibility());
        this.rng = new Rng(seed + 20);
        this.policySeed = seed + 40;
        int b = config.batchSize();
        int rows = b * config.actionSamples();
        this.encoderIn = new float[b * (obsDim + actDim)];
        this.encoderOut = new float[b * 2 * latentDim];
        this.decoderIn = new float[b * (obsDim + latentDim)];
        this.z = new float[b * latentDim];
        this.std = new float[b * latentDim];
        this.dDecoded = new float[b * actDim];
        this.dEncoder = new float[b * 2 * latentDim];
        this.vaeNoise = new float[b * latentDim];
        this.actorLatents = new float[b * latentDim];
        this.targetLatents = new float[rows * latentDim];
        this.nextRepeated = new float[rows * obsDim];
        this.targets = new float[b];
        this.dq = new float[b];
        this.dAct = new float[b * actDim];
        this.dXi = new float[b * actDim];
    }

    public BcqConfig config() {
        return config;
    }

    @Override
    public Algorithm algorithm() {
        return Algorithm.BCQ;
    }

    @Override
    public int batchSize() {
        return config.batchSize();
    }

    @Override
    public long updates() {
        return updates;
    }

    /** The perturbation network xi(s, a) (tanh output; the perturbation is Phi xi). */
    public Mlp actor() {
        return actor;
    }

    Mlp actorTarget() {
        return actorTarget;
    }

    /** The VAE's encoder [obs | act] -> [mean | log std] of z (log std before the clamp). */
    public Mlp encoder() {
        return encoder;
    }

    /** The VAE's decoder [obs | z] -> action (tanh output unless {@link BcqConfig#tanhDecoder} is false). */
    public Mlp decoder() {
        return decoder;
    }

    /** The twin critics (MIX target: lambda min + (1 - lambda) max, MSE). */
    public CriticEnsemble critic() {
        return critics;
    }

    /**
     * One BCQ update (see the class documentation), its noise drawn in this order: the VAE's eps [batch, latent],
     * the target's latents [batch x samples, latent], the actor's latents [batch, latent].
     *
     * @return {@code vae_loss}, {@code critic_loss}, {@code actor_loss} (the last two NaN before {@code rlStartStep})
     */
    @Override
    public Metrics update(TransitionBatch batch) {
        requireBatch(batch);
        int n = batch.size;
        BcqCandidates.sampleGaussians(rng, vaeNoise, n * latentDim);
        boolean rl = updates >= config.rlStartStep();
        if (rl) {
            BcqCandidates.sampleLatents(rng, targetLatents, n * config.actionSamples() * latentDim, BcqConfig.LATENT_CLIP);
            BcqCandidates.sampleLatents(rng, actorLatents, n * latentDim, BcqConfig.LATENT_CLIP);
        }
        return update(batch, vaeNoise, rl ? targetLatents : null, rl ? actorLatents : null);
    }

    /**
     * The update with given noise (how a test hands both implementations the same random numbers): {@code eps} the
     * VAE's N(0, 1) draws, {@code targetZ} and {@code actorZ} the (clipped) latents; null latents skip the
     * critic and actor steps.
     */
    Metrics update(TransitionBatch batch, float[] eps, float[] targetZ, float[] actorZ) {
        double vaeLoss = vaeLossAndGradients(batch, eps);
        encoderOpt.step(encoder.params(), encoder.grads());
        decoderOpt.step(decoder.params(), decoder.grads());
        double criticLoss = Double.NaN;
        double actorLoss = Double.NaN;
        if (targetZ != null) {
            computeTargets(batch, targetZ, targets);
            criticLoss = critics.step(batch, targets);
            actorLoss = actorLossAndGradients(batch, actorZ);
            actorOpt.step(actor.params(), actor.grads());
            float tau = (float) config.tau();
            critics.softUpdateTargets(tau);
            actorTarget.softUpdateFrom(actor, tau);
        }
        updates++;
        return Metrics.of("vae_loss", vaeLoss, "critic_loss", criticLoss, "actor_loss", actorLoss);
    }

    /**
     * The VAE's loss mean (D(s, mu + std eps) - a)^2 + beta mean KL(N(mu, std) || N(0, 1)) (d3rlpy
     * {@code compute_vae_error}), its gradients left in the encoder's and decoder's grad buffers (zeroed first),
     * through the reparameterisation z = mu + std eps and the log-std clamp.
     */
    double vaeLossAndGradients(TransitionBatch batch, float[] eps) {
        int n = batch.size;
        int l = latentDim;
        encoder.zeroGrad();
        decoder.zeroGrad();
        BcqCandidates.concat(encoderIn, batch.obs, obsDim, batch.actions, actDim, n);
        System.arraycopy(encoder.forward(encoderIn, n), 0, encoderOut, 0, n * 2 * l);
        double kl = 0;
        for (int b = 0; b < n; b++) {
            for (int j = 0; j < l; j++) {
                float mu = encoderOut[b * 2 * l + j];
                float logStd = clampLogStd(encoderOut[b * 2 * l + l + j]);
                float s = (float) Math.exp(logStd);
                std[b * l + j] = s;
                z[b * l + j] = mu + s * eps[b * l + j];
                // KL(N(mu, s^2) || N(0, 1)) = (s^2 + mu^2 - 1) / 2 - log s
                kl += 0.5 * ((double) s * s + (double) mu * mu - 1) - logStd;
            }
        }
        kl /= n * l;
        BcqCandidates.concat(decoderIn, batch.obs, obsDim, z, l, n);
        float[] y = decoder.forward(decoderIn, n);
        int m = n * actDim;
        double mse = 0;
        for (int k = 0; k < m; k++) {
            double d = y[k] - batch.actions[k];
            mse += d * d / m;
            dDecoded[k] = (float) (2 * d / m);
        }
        float[] dIn = decoder.backward(dDecoded, true, true);
        double beta = config.beta();
        double klScale = beta / (n * l);
        int w = obsDim + l;
        for (int b = 0; b < n; b++) {
            for (int j = 0; j < l; j++) {
                int k = b * l + j;
                double dz = dIn[b * w + obsDim + j];
                float mu = encoderOut[b * 2 * l + j];
                float raw = encoderOut[b * 2 * l + l + j];
                double s = std[k];
                dEncoder[b * 2 * l + j] = (float) (dz + klScale * mu);
                // dz/dlog std = std eps; dKL/dlog std = std^2 - 1; PyTorch's clamp passes the gradient at the bounds
                boolean inside = raw >= BcqConfig.LOG_STD_MIN && raw <= BcqConfig.LOG_STD_MAX;
                dEncoder[b * 2 * l + l + j] = inside ? (float) (dz * s * eps[k] + klScale * (s * s - 1)) : 0f;
            }
        }
        encoder.backward(dEncoder, true, false);
        return mse + beta * kl;
    }

    /** The regression targets of the last critic step (a buffer; for tests). */
    float[] lastTargets() {
        return targets;
    }

    private static float clampLogStd(float raw) {
        return (float) Math.max(BcqConfig.LOG_STD_MIN, Math.min(BcqConfig.LOG_STD_MAX, raw));
    }

    /**
     * y = r + gamma (1 - done) max_i [lambda min_j + (1 - lambda) max_j] Q'_j(s', a_i) over the sampled, perturbed
     * (target actor) candidates a_i of each s' (d3rlpy {@code compute_max_with_n_actions}).
     */
    void computeTargets(TransitionBatch batch, float[] targetZ, float[] y) {
        int n = batch.size;
        int samples = config.actionSamples();
        int rows = n * samples;
        BcqCandidates.repeatRows(batch.nextObs, n, obsDim, samples, nextRepeated);
        float[] a = targetCandidates.compute(nextRepeated, targetZ, rows);
        double[] mixed = critics.targetValues(nextRepeated, a, rows);
        for (int b = 0; b < n; b++) {
            double best = mixed[b * samples];
            for (int i = 1; i < samples; i++) {
                best = Math.max(best, mixed[b * samples + i]);
            }
            y[b] = (float) (batch.rewards[b] + config.gamma() * (1.0 - batch.dones[b]) * best);
        }
    }

    /**
     * The actor's loss -mean Q1(s, clip(D(s, z) + Phi xi(s, D(s, z)), -1, 1)) with its gradients left in the actor's
     * grad buffer (zeroed first); the critic and the decoder are not changed.
     */
    double actorLossAndGradients(TransitionBatch batch, float[] actorZ) {
        int n = batch.size;
        actor.zeroGrad();
        float[] a = candidates.compute(batch.obs, actorZ, n);
        float[] q = critics.forwardQ1(batch.obs, a, n);
        double meanQ = 0;
        for (int b = 0; b < n; b++) {
            meanQ += q[b] / (double) n;
        }
        Arrays.fill(dq, 0, n, (float) (-1.0 / n));
        critics.actionGradient(0, dq, n, dAct, false);
        candidates.perturbationGradient(dAct, n, dXi);
        // the actor still holds the activations of the candidates' pass (the critic is another network)
        actor.backward(dXi, true, false);
        return -meanQ;
    }

    /** Saves every network, optimiser, counter and the noise generator (exact resume). */
    @Override
    public void save(Checkpoint c) {
        actor.save(c, "actor");
        actorTarget.save(c, "actor_target");
        encoder.save(c, "vae_encoder");
        decoder.save(c, "vae_decoder");
        critics.save(c);
        actorOpt.save(c, "adam_actor");
        encoderOpt.save(c, "adam_vae_encoder");
        decoderOpt.save(c, "adam_vae_decoder");
        c.putLongs("bcq", updates, rng.state(), policySeed);
    }

    /** Restores what {@link #save} wrote. */
    @Override
    public void restore(Checkpoint c) {
        actor.restore(c, "actor");
        actorTarget.restore(c, "actor_target");
        encoder.restore(c, "vae_encoder");
        decoder.restore(c, "vae_decoder");
        critics.restore(c);
        actorOpt.restore(c, "adam_actor");
        encoderOpt.restore(c, "adam_vae_encoder");
        decoderOpt.restore(c, "adam_vae_decoder");
        long[] s = c.longs("bcq");
        updates = s[0];
        rng = Rng.restore(s[1]);
        policySeed = s[2];
    }

    /**
     * The greedy policy: argmax of Q1 over {@code actionSamples} decoded, perturbed candidates per state, its latents
     * drawn from a generator seeded with the learner's seed + 40 (the same at every call; reseed it with
     * {@link ActorPolicy#withSeed}). A copy: later updates do not change it.
     */
    @Override
    public ActorPolicy policy(String env, ObservationNormalizer normalizer) {
        return new ActorPolicy(env, new BcqSelection(decoder, actor, critics.q1(), config.actionSamples(),
                config.actionFlexibility(), BcqConfig.LATENT_CLIP, new Rng(policySeed)), normalizer).copy();
    }

    private void requireBatch(TransitionBatch batch) {
        if (batch.obsDim != obsDim || batch.actDim != actDim || batch.size != config.batchSize()) {
            throw new IllegalArgumentException("BCQ expects batches of " + config.batchSize() + " x (obs " + obsDim
                    + ", act " + actDim + "), got " + batch.size + " x (obs " + batch.obsDim + ", act " + batch.actDim + ")");
        }
    }
}
