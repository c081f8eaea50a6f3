package rrl.algo;

import java.util.List;
import rrl.policy.TanhGaussian;

/**
 * Soft actor-critic hyper-parameters. Defaults: Haarnoja et al. 2018 ("SAC: algorithms and applications"),
 * as in rlkit, the SAC that trained D4RL's behaviour policies (notebooks/references.md#sac): 256-256 ReLU
 * MLPs, Adam 3e-4 for actor, critics and temperature, batch 256, gamma 0.99, tau 0.005, target entropy
 * -|A|, log-std clamped to [-20, 2], one gradient step per environment step.
 *
 * @param hidden hidden-layer widths of actor and critics (unmodifiable; JSON {@code [256, 256]})
 * @param startSteps environment steps with uniform random actions before the policy acts
 */
public record SacConfig(List<Integer> hidden, double actorLr, double criticLr, double alphaLr, int batchSize,
                        double gamma, double tau, double initialAlpha, double logStdMin, double logStdMax,
                        int startSteps) implements OnlineLearnerConfig {
    public SacConfig {
        hidden = HiddenLayers.copy(hidden);
        if (batchSize < 1 || !(initialAlpha > 0) || !(logStdMin < logStdMax)) {
            throw new IllegalArgumentException("need batch >= 1, initial alpha > 0 and logStdMin < logStdMax");
        }
    }

    @Override
    public Algorithm algorithm() {
        return Algorithm.SAC;
    }

    @Override
    public Sac create(int obsDim, int actDim, long seed) {
        return new Sac(obsDim, actDim, this, seed);
    }

    /** The hidden widths as a fresh array (for {@code Mlp.layerSizes}). */
    public int[] hiddenSizes() {
        return HiddenLayers.toArray(hidden);
    }

    public static SacConfig defaults() {
        return new SacConfig(List.of(256, 256), 3e-4, 3e-4, 3e-4, 256, 0.99, 0.005, 1.0, TanhGaussian.LOG_STD_MIN,
                TanhGaussian.LOG_STD_MAX, 10_000);
    }

    public SacConfig withHidden(int... sizes) {
        return new SacConfig(HiddenLayers.of(sizes), actorLr, criticLr, alphaLr, batchSize, gamma, tau, initialAlpha,
                logStdMin, logStdMax, startSteps);
    }

    public SacConfig withBatchSize(int size) {
        return new SacConfig(hidden, actorLr, criticLr, alphaLr, size, gamma, tau, initialAlpha, logStdMin, logStdMax,
                startSteps);
    }

    public SacConfig withStartSteps(int steps) {
        return new SacConfig(hidden, actorLr, criticLr, alphaLr, batchSize, gamma, tau, initialAlpha, logStdMin,
                logStdMax, steps);
    }
}
