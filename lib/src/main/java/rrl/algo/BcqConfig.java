package rrl.algo;

import java.util.List;

/**
 * BCQ hyper-parameters (Fujimoto, Meger and Precup 2019, arXiv 1812.02900). Defaults are d3rlpy's
 * {@code BCQConfig} (takuseno/d3rlpy d3rlpy/algos/qlearning/bcq.py; notebooks/references.md#bcq), the code
 * paper 2 ran BCQ with: Adam 1e-3 for actor, critics and VAE, batch 100, gamma 0.99, tau 0.005, two critics,
 * lambda 0.75, 100 sampled actions, action flexibility 0.05, KL weight 0.5, no warm-up of the VAE, d3rlpy's
 * default encoder [256, 256] for every network, no observation scaling.
 *
 * @param hidden hidden widths of the perturbation actor and the critics (d3rlpy's default encoder: [256, 256];
 *     d3rlpy's reproductions/offline/bcq.py: [400, 300], see {@link #reproduction()})
 * @param vaeHidden hidden widths of the VAE's encoder and decoder (d3rlpy: [256, 256]; reproduction: [750, 750])
 * @param actorLr Adam rate of the perturbation actor (d3rlpy {@code actor_learning_rate} 1e-3)
 * @param criticLr Adam rate of each critic (d3rlpy {@code critic_learning_rate} 1e-3)
 * @param vaeLr Adam rate of the VAE (d3rlpy {@code imitator_learning_rate} 1e-3)
 * @param batchSize minibatch size (d3rlpy 100)
 * @param gamma discount (d3rlpy 0.99)
 * @param tau Polyak rate of the target critics and the target actor (d3rlpy 0.005)
 * @param lambda weight of the minimum in the soft clipped double-Q target lambda min + (1 - lambda) max over the
 *     two target critics (d3rlpy {@code lam} 0.75; the paper's 0.75)
 * @param actionSamples actions sampled from the VAE and perturbed per state, for the target's maximum and for the
 *     greedy action (d3rlpy {@code n_action_samples} 100; the paper 10)
 * @param actionFlexibility Phi, the perturbation's range: a + Phi tanh(...) (d3rlpy {@code action_flexibility}
 *     0.05, the paper's Phi for MuJoCo)
 * @param beta weight of the VAE's KL term (d3rlpy {@code beta} 0.5)
 * @param rlStartStep updates that train only the VAE before critics and actor start (d3rlpy {@code rl_start_step} 0)
 * @param observationScaling how offline training scales observations: NONE (d3rlpy's default and its recorded BCQ
 *     runs: no scaler, [our reading] notebooks/our-reading.md#bcq-settings) or STATES (TD3+BC's scaling)
 * @param tanhDecoder whether the VAE decoder's output goes through tanh (the paper, sfujim/BCQ BCQ.py and d3rlpy
 *     1.x: yes; d3rlpy 2.x's {@code VAEDecoder} returns the linear output by default; [our reading]
 *     notebooks/our-reading.md#bcq-settings)
 */
public record BcqConfig(List<Integer> hidden, List<Integer> vaeHidden, double actorLr, double criticLr, double vaeLr,
                        int batchSize, double gamma, double tau, double lambda, int actionSamples,
                        double actionFlexibility, double beta, int rlStartStep, ObservationScaling observationScaling,
                        boolean tanhDecoder)
        implements LearnerConfig {
    /** d3rlpy's clamp of the VAE encoder's log std (BCQ's {@code min_logstd=-4.0, max_logstd=15.0}). */
    public static final double LOG_STD_MIN = -4.0;
    public static final double LOG_STD_MAX = 15.0;
    /** d3rlpy's clip of the latent samples z ~ N(0, 1) ("to prevent extreme numbers"). */
    public static final double LATENT_CLIP = 0.5;

    public BcqConfig {
        hidden = HiddenLayers.copy(hidden);
        vaeHidden = HiddenLayers.copy(vaeHidden);
        if (observationScaling == null) {
            throw new IllegalArgumentException("BCQ needs an observation scaling: NONE (d3rlpy's default) or STATES");
        }
        requirePositive("actor learning rate", actorLr);
        requirePositive("critic learning rate", criticLr);
        requirePositive("VAE learning rate", vaeLr);
        if (batchSize < 1) {
            throw new IllegalArgumentException("BCQ's batch size must be >= 1, got " + batchSize + "; d3rlpy uses 100");
        }
        if (!(gamma >= 0 && gamma <= 1) || !(tau > 0 && tau <= 1)) {
            throw new IllegalArgumentException("gamma must be in [0, 1] and tau in (0, 1], got gamma " + gamma
                    + ", tau " + tau + "; d3rlpy uses 0.99 and 0.005");
        }
        if (!(lambda >= 0 && lambda <= 1)) {
            throw new IllegalArgumentException("BCQ's lambda (weight of the minimum critic) must be in [0, 1], got "
                    + lambda + "; d3rlpy uses 0.75");
        }
        if (actionSamples < 1) {
            throw new IllegalArgumentException("BCQ needs at least 1 sampled action per state, got " + actionSamples
                    + "; d3rlpy uses 100");
        }
        if (!(actionFlexibility >= 0 && actionFlexibility <= 2)) {
            throw new IllegalArgumentException("BCQ's action flexibility (perturbation range) must be in [0, 2], got "
                    + actionFlexibility + "; d3rlpy uses 0.05");
        }
        if (!(beta >= 0 && beta < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("BCQ's KL weight beta must be finite and >= 0, got " + beta
                    + "; d3rlpy uses 0.5");
        }
        if (rlStartStep < 0) {
            throw new IllegalArgumentException("BCQ's rlStartStep must be >= 0, got " + rlStartStep + "; d3rlpy uses 0");
        }
    }

    private static void requirePositive(String what, double v) {
        if (!(v > 0 && v < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("BCQ's " + what + " must be finite and > 0, got " + v + "; d3rlpy uses 1e-3");
        }
    }

    /** d3rlpy's {@code BCQConfig()} defaults (see the record's documentation). */
    public static BcqConfig defaults() {
        return new BcqConfig(List.of(256, 256), List.of(256, 256), 1e-3, 1e-3, 1e-3, 100, 0.99, 0.005, 0.75, 100, 0.05,
                0.5, 0, ObservationScaling.NONE, true);
    }

    /**
     * The networks of d3rlpy's reproductions/offline/bcq.py: actor and critics [400, 300],
     * VAE [750, 750]; everything else as {@link #defaults()}.
     */
    public static BcqConfig reproduction() {
        return defaults().withHidden(400, 300).withVaeHidden(750, 750);
    }

    @Override
    public Algorithm algorithm() {
        return Algorithm.BCQ;
    }

    @Override
    public Bcq create(int obsDim, int actDim, long seed) {
        return new Bcq(obsDim, actDim, this, seed);
    }


    /** This config with the decoder's tanh (true, the paper's) or its linear output (false, d3rlpy 2.x's). */
    public BcqConfig withTanhDecoder(boolean tanh) {
        return new BcqConfig(hidden, vaeHidden, actorLr, criticLr, vaeLr, batchSize, gamma, tau, lambda, actionSamples,
                actionFlexibility, beta, rlStartStep, observationScaling, tanh);
    }

    /** The latent size of the VAE: twice the action dimension (d3rlpy {@code latent_size=2 * action_size}). */
    public static int latentDim(int actDim) {
        return 2 * actDim;
    }

    public int[] hiddenSizes() {
        return HiddenLayers.toArray(hidden);
    }

    public int[] vaeHiddenSizes() {
        return HiddenLayers.toArray(vaeHidden);
    }

    public BcqConfig withHidden(int... sizes) {
        return new BcqConfig(HiddenLayers.of(sizes), vaeHidden, actorLr, criticLr, vaeLr, batchSize, gamma, tau, lambda,
                actionSamples, actionFlexibility, beta, rlStartStep, observationScaling, tanhDecoder);
    }

    public BcqConfig withVaeHidden(int... sizes) {
        return new BcqConfig(hidden, HiddenLayers.of(sizes), actorLr, criticLr, vaeLr, batchSize, gamma, tau, lambda,
                actionSamples, actionFlexibility, beta, rlStartStep, observationScaling, tanhDecoder);
    }

    public BcqConfig withBatchSize(int size) {
        return new BcqConfig(hidden, vaeHidden, actorLr, criticLr, vaeLr, size, gamma, tau, lambda, actionSamples,
                actionFlexibility, beta, rlStartStep, observationScaling, tanhDecoder);
    }

    public BcqConfig withActionSamples(int n) {
        return new BcqConfig(hidden, vaeHidden, actorLr, criticLr, vaeLr, batchSize, gamma, tau, lambda, n,
                actionFlexibility, beta, rlStartStep, observationScaling, tanhDecoder);
    }

    public BcqConfig withActionFlexibility(double phi) {
        return new BcqConfig(hidden, vaeHidden, actorLr, criticLr, vaeLr, batchSize, gamma, tau, lambda, actionSamples,
                phi, beta, rlStartStep, observationScaling, tanhDecoder);
    }

    public BcqConfig withRlStartStep(int steps) {
        return new BcqConfig(hidden, vaeHidden, actorLr, criticLr, vaeLr, batchSize, gamma, tau, lambda, actionSamples,
                actionFlexibility, beta, steps, observationScaling, tanhDecoder);
    }

    /** This config with another observation scaling (NONE is d3rlpy's default; STATES TD3+BC's). */
    public BcqConfig withObservationScaling(ObservationScaling scaling) {
        return new BcqConfig(hidden, vaeHidden, actorLr, criticLr, vaeLr, batchSize, gamma, tau, lambda, actionSamples,
                actionFlexibility, beta, rlStartStep, scaling, tanhDecoder);
    }
}
