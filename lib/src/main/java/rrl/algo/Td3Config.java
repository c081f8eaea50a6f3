package rrl.algo;

import java.util.List;

/**
 * TD3 and TD3+BC hyper-parameters. Defaults: Fujimoto et al. 2018 (TD3) and 2021 (TD3+BC), as in
 * sfujim/TD3_BC (TD3_BC.py, main.py; notebooks/references.md#td3-bc): 256-256 ReLU MLPs, Adam 3e-4,
 * batch 256, gamma 0.99,
 * tau 0.005, target policy noise 0.2 clipped at 0.5, actor and targets updated every 2nd step.
 *
 * @param bcAlpha TD3+BC's alpha (2.5); 0 gives plain TD3 (used online and for fine-tuning)
 * @param explorationNoise std of the Gaussian noise added to actions when acting online (TD3: 0.1)
 * @param hidden hidden-layer widths of actor and critics (unmodifiable; JSON {@code [256, 256]})
 * @param startSteps online steps taken with uniform random actions before the policy acts (TD3: 25,000)
 */
public record Td3Config(List<Integer> hidden, double actorLr, double criticLr, int batchSize, double gamma, double tau,
                        double policyNoise, double noiseClip, int policyDelay, double bcAlpha,
                        double explorationNoise, int startSteps) implements OnlineLearnerConfig {
    public Td3Config {
        hidden = HiddenLayers.copy(hidden);
        if (batchSize < 1 || policyDelay < 1) {
            throw new IllegalArgumentException("batch size and policy delay must be >= 1");
        }
        if (!(gamma >= 0 && gamma <= 1) || !(tau > 0 && tau <= 1)) {
            throw new IllegalArgumentException("gamma must be in [0, 1] and tau in (0, 1]");
        }
    }

    /** TD3+BC when {@code bcAlpha > 0}, else TD3. */
    @Override
    public Algorithm algorithm() {
        return bcAlpha > 0 ? Algorithm.TD3_BC : Algorithm.TD3;
    }

    @Override
    public Td3 create(int obsDim, int actDim, long seed) {
        return new Td3(obsDim, actDim, this, seed);
    }

    /** The hidden widths as a fresh array (for {@code Mlp.layerSizes}). */
    public int[] hiddenSizes() {
        return HiddenLayers.toArray(hidden);
    }

    /** TD3 (online) defaults. */
    public static Td3Config td3() {
        return new Td3Config(List.of(256, 256), 3e-4, 3e-4, 256, 0.99, 0.005, 0.2, 0.5, 2, 0.0, 0.1, 25_000);
    }

    /**
     * TD3+BC (offline) defaults: TD3 with alpha = 2.5, the settings of the authors' code
     * [our reading] (notebooks/our-reading.md#td3bc-settings).
     */
    public static Td3Config td3bc() {
        return td3().withBcAlpha(2.5);
    }

    public Td3Config withBcAlpha(double alpha) {
        return new Td3Config(hidden, actorLr, criticLr, batchSize, gamma, tau, policyNoise, noiseClip, policyDelay,
                alpha, explorationNoise, startSteps);
    }

    public Td3Config withHidden(int... sizes) {
        return new Td3Config(HiddenLayers.of(sizes), actorLr, criticLr, batchSize, gamma, tau, policyNoise, noiseClip,
                policyDelay, bcAlpha, explorationNoise, startSteps);
    }

    public Td3Config withStartSteps(int steps) {
        return new Td3Config(hidden, actorLr, criticLr, batchSize, gamma, tau, policyNoise, noiseClip, policyDelay,
                bcAlpha, explorationNoise, steps);
    }

    public Td3Config withBatchSize(int size) {
        return new Td3Config(hidden, actorLr, criticLr, size, gamma, tau, policyNoise, noiseClip, policyDelay,
                bcAlpha, explorationNoise, startSteps);
    }
}
