package rrl.algo;

import java.util.List;

/**
 * Proximal policy optimisation hyper-parameters. Defaults: the MuJoCo settings of Schulman et al. 2017
 * (arXiv:1707.06347, Table 3: horizon 2048, Adam 3e-4, 10 epochs, minibatch 64, gamma 0.99, GAE lambda 0.95,
 * clip 0.2; two hidden layers of 64 tanh units, one actor, a state-independent log std), and where the paper is
 * silent the public code that reproduces it, CleanRL's {@code ppo_continuous_action.py} and OpenAI baselines'
 * {@code ppo2} MuJoCo defaults (notebooks/references.md#ppo): the rate annealed linearly to 0 over the run, Adam
 * eps 1e-5, advantages normalised per minibatch, clipped value loss with coefficient 0.5, no entropy bonus,
 * gradients clipped to a global norm of 0.5, running observation normalisation clipped at 10 and reward scaling by
 * the running std of the discounted return clipped at 10, orthogonal initialisation. Paper 2 names PPO as an
 * online baseline without its settings (notebooks/our-reading.md#ppo-settings).
 *
 * @param hidden hidden widths of the policy-mean and value networks (tanh)
 * @param learningRate Adam's base rate
 * @param annealLearningRate decay the rate linearly to 0 over {@code totalSteps}, constant per rollout iteration
 * @param totalSteps environment steps of the run, for the annealing (0: not yet fitted to a run; training sets it)
 * @param numEnvs environments collecting each rollout (the paper: 1 actor for MuJoCo)
 * @param rolloutSteps steps per environment per rollout (the horizon T)
 * @param epochs passes over each rollout
 * @param minibatchSize rows per gradient step (>= 2: advantages are normalised by the minibatch's std)
 * @param gaeLambda GAE's lambda
 * @param clip the ratio's clip range epsilon (also the value clip)
 * @param clipValueLoss clip the value update to old value +- clip, as baselines and CleanRL do
 * @param valueCoef weight of the value loss
 * @param entropyCoef weight of the entropy bonus (0 for MuJoCo)
 * @param maxGradNorm global L2 norm the gradients of all parameters are clipped to
 * @param adamEps Adam's epsilon
 * @param normalizeObservations running mean/std scaling of observations (clipped to +- observationClip)
 * @param normalizeRewards scaling of rewards by the running std of the discounted return (clipped to +- rewardClip)
 * @param initialLogStd the log std every action dimension starts with
 */
public record PpoConfig(List<Integer> hidden, double learningRate, boolean annealLearningRate, long totalSteps,
                        int numEnvs, int rolloutSteps, int epochs, int minibatchSize, double gamma, double gaeLambda,
                        double clip, boolean clipValueLoss, double valueCoef, double entropyCoef, double maxGradNorm,
                        double adamEps, boolean normalizeObservations, double observationClip,
                        boolean normalizeRewards, double rewardClip, double initialLogStd) {
    public PpoConfig {
        hidden = HiddenLayers.copy(hidden);
        if (numEnvs < 1 || rolloutSteps < 1 || epochs < 1 || minibatchSize < 2) {
            throw new IllegalArgumentException("PPO needs >= 1 environment, rollout step and epoch and a minibatch of >= 2 "
                    + "rows (its advantages are normalised by the minibatch's std); got " + numEnvs + ", " + rolloutSteps
                    + ", " + epochs + ", " + minibatchSize);
        }
        if (minibatchSize > (long) numEnvs * rolloutSteps) {
            throw new IllegalArgumentException("the minibatch (" + minibatchSize + " rows) is larger than a rollout ("
                    + numEnvs + " x " + rolloutSteps + " rows); use a minibatch of at most " + (long) numEnvs * rolloutSteps);
        }
        if (!(learningRate > 0) || !(clip > 0) || !(maxGradNorm > 0) || !(adamEps > 0) || !(observationClip > 0)
                || !(rewardClip > 0) || totalSteps < 0 || !(gamma >= 0 && gamma <= 1)
                || !(gaeLambda >= 0 && gaeLambda <= 1)) {
            throw new IllegalArgumentException("PPO needs positive rate, clip, gradient norm, Adam eps and clips, total "
                    + "steps >= 0, and gamma and lambda in [0, 1]");
        }
    }

    /** Schulman et al. 2017's MuJoCo settings, completed from CleanRL / baselines (see the class comment). */
    public static PpoConfig defaults() {
        return new PpoConfig(List.of(64, 64), 3e-4, true, 0, 1, 2048, 10, 64, 0.99, 0.95, 0.2, true, 0.5, 0.0, 0.5,
                1e-5, true, 10.0, true, 10.0, 0.0);
    }

    public Algorithm algorithm() {
        return Algorithm.PPO;
    }

    /** Rows of one rollout: numEnvs x rolloutSteps. */
    public int rolloutSize() {
        return numEnvs * rolloutSteps;
    }

    /** Rollout iterations of a run of {@link #totalSteps} (the last may be partial and is not trained on). */
    public long iterations() {
        return totalSteps / rolloutSize();
    }

    /**
     * The rate of rollout iteration {@code i} (0-based): lr (1 - i / iterations) when annealing (CleanRL and
     * baselines: frac = 1 - (update - 1) / num_updates), else lr.
     *
     * @throws IllegalStateException when annealing and the config was not fitted to a run ({@link #withTotalSteps})
     */
    public double rateAt(long iteration) {
        if (!annealLearningRate) {
            return learningRate;
        }
        if (iterations() < 1) {
            throw new IllegalStateException("the annealed rate needs the run's length: PpoConfig.withTotalSteps(steps) "
                    + "with at least one rollout of " + rolloutSize() + " steps");
        }
        return learningRate * Math.max(0.0, 1.0 - (double) iteration / iterations());
    }

    /** The hidden widths as a fresh array. */
    public int[] hiddenSizes() {
        return HiddenLayers.toArray(hidden);
    }

    /** This config fitted to a run of {@code steps} environment steps (the rate anneals over it). */
    public PpoConfig withTotalSteps(long steps) {
        return new PpoConfig(hidden, learningRate, annealLearningRate, steps, numEnvs, rolloutSteps, epochs,
                minibatchSize, gamma, gaeLambda, clip, clipValueLoss, valueCoef, entropyCoef, maxGradNorm, adamEps,
                normalizeObservations, observationClip, normalizeRewards, rewardClip, initialLogStd);
    }

    public PpoConfig withHidden(int... sizes) {
        return new PpoConfig(HiddenLayers.of(sizes), learningRate, annealLearningRate, totalSteps, numEnvs,
                rolloutSteps, epochs, minibatchSize, gamma, gaeLambda, clip, clipValueLoss, valueCoef, entropyCoef,
                maxGradNorm, adamEps, normalizeObservations, observationClip, normalizeRewards, rewardClip,
                initialLogStd);
    }

    public PpoConfig withMinibatchSize(int rows) {
        return new PpoConfig(hidden, learningRate, annealLearningRate, totalSteps, numEnvs, rolloutSteps, epochs, rows,
                gamma, gaeLambda, clip, clipValueLoss, valueCoef, entropyCoef, maxGradNorm, adamEps,
                normalizeObservations, observationClip, normalizeRewards, rewardClip, initialLogStd);
    }

    /** {@code numEnvs} environments of {@code rolloutSteps} steps each per rollout. */
    public PpoConfig withRollout(int envs, int steps) {
        return new PpoConfig(hidden, learningRate, annealLearningRate, totalSteps, envs, steps, epochs, minibatchSize,
                gamma, gaeLambda, clip, clipValueLoss, valueCoef, entropyCoef, maxGradNorm, adamEps,
                normalizeObservations, observationClip, normalizeRewards, rewardClip, initialLogStd);
    }

    public PpoConfig withEpochs(int n) {
        return new PpoConfig(hidden, learningRate, annealLearningRate, totalSteps, numEnvs, rolloutSteps, n,
                minibatchSize, gamma, gaeLambda, clip, clipValueLoss, valueCoef, entropyCoef, maxGradNorm, adamEps,
                normalizeObservations, observationClip, normalizeRewards, rewardClip, initialLogStd);
    }

    public PpoConfig withEntropyCoef(double c) {
        return new PpoConfig(hidden, learningRate, annealLearningRate, totalSteps, numEnvs, rolloutSteps, epochs,
                minibatchSize, gamma, gaeLambda, clip, clipValueLoss, valueCoef, c, maxGradNorm, adamEps,
                normalizeObservations, observationClip, normalizeRewards, rewardClip, initialLogStd);
    }

    /** Gradients clipped to a global norm of {@code norm} ({@code Double.POSITIVE_INFINITY}: not clipped). */
    public PpoConfig withMaxGradNorm(double norm) {
        return new PpoConfig(hidden, learningRate, annealLearningRate, totalSteps, numEnvs, rolloutSteps, epochs,
                minibatchSize, gamma, gaeLambda, clip, clipValueLoss, valueCoef, entropyCoef, norm, adamEps,
                normalizeObservations, observationClip, normalizeRewards, rewardClip, initialLogStd);
    }
}
