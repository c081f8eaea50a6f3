package rrl.algo;

import java.util.List;

/**
 * EDAC hyper-parameters (An et al. 2021, "Uncertainty-Based Offline Reinforcement Learning with Diversified
 * Q-Ensemble", arXiv 2110.01548; notebooks/references.md#edac). Defaults: the code RIQL trained its adversary's
 * critic with, YangRui2015/RIQL {@code EDAC.py} ({@code TrainConfig} and the {@code EDAC} trainer), which follows
 * CORL {@code algorithms/offline/edac.py} ({@code TrainConfig}) value for value; the paper tunes N and eta per task
 * instead [our reading] (notebooks/our-reading.md#edac-settings). Actions are rrl's [-1, 1] ({@code max_action}
 * 1.0); the code's budget, 3,000 epochs of 1,000 updates, is the training run's {@code --steps}, not a setting here.
 *
 * @param hidden hidden widths of actor and critics: 256-256-256 ({@code hidden_dim} 256; three hidden layers in
 *     {@code Actor.trunk} and {@code VectorizedCritic})
 * @param actorLr 3e-4 ({@code actor_learning_rate})
 * @param criticLr 3e-4 ({@code critic_learning_rate})
 * @param alphaLr 3e-4 ({@code alpha_learning_rate}; the trainer's own default of 1e-4 is overridden by it)
 * @param batchSize 256 ({@code batch_size})
 * @param gamma 0.99 ({@code discount}; CORL {@code gamma})
 * @param tau 0.005 ({@code soft_target_update_rate}; CORL {@code tau})
 * @param critics N, 10 ({@code num_critics}); at least 2 (the penalty divides by N - 1)
 * @param eta weight of the diversity penalty, 1.0 ({@code eta})
 * @param initialAlpha 1 ({@code log_alpha} starts at 0; the target entropy is -|A|, {@code -float(action_dim)})
 * @param logStdMin -5 ({@code torch.clip(log_sigma, -5, 2)}, "clipping params from EDAC paper, not as in SAC paper")
 * @param logStdMax 2
 * @param observationScaling NONE (RIQL's {@code normalize: bool = False}; CORL has no state normalisation)
 */
public record EdacConfig(List<Integer> hidden, double actorLr, double criticLr, double alphaLr, int batchSize,
                         double gamma, double tau, int critics, double eta, double initialAlpha, double logStdMin,
                         double logStdMax, ObservationScaling observationScaling) implements LearnerConfig {
    public EdacConfig {
        hidden = HiddenLayers.copy(hidden);
        if (batchSize < 1) {
            throw new IllegalArgumentException("EDAC's batch size must be >= 1 (EDAC: 256), got " + batchSize);
        }
        if (critics < 2) {
            throw new IllegalArgumentException("EDAC needs at least 2 critics (its penalty divides by N - 1; EDAC: 10), got "
                    + critics);
        }
        if (!(eta >= 0 && eta < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("EDAC's eta must be finite and >= 0 (EDAC: 1.0), got " + eta);
        }
        if (!(actorLr > 0) || !(criticLr > 0) || !(alphaLr > 0)) {
            throw new IllegalArgumentException("EDAC's learning rates must be > 0 (EDAC: 3e-4)");
        }
        if (!(gamma >= 0 && gamma <= 1) || !(tau > 0 && tau <= 1)) {
            throw new IllegalArgumentException("gamma must be in [0, 1] and tau in (0, 1] (EDAC: 0.99 and 0.005)");
        }
        if (!(initialAlpha > 0) || !(logStdMin < logStdMax)) {
            throw new IllegalArgumentException("need initial alpha > 0 and logStdMin < logStdMax (EDAC: 1, -5, 2)");
        }
        if (observationScaling == null) {
            throw new IllegalArgumentException("EDAC needs an observation scaling: none, states or states-and-next");
        }
    }

    /** The defaults of the record's comment. */
    public static EdacConfig defaults() {
        return new EdacConfig(List.of(256, 256, 256), 3e-4, 3e-4, 3e-4, 256, 0.99, 0.005, 10, 1.0, 1.0, -5, 2,
                ObservationScaling.NONE);
    }

    @Override
    public Algorithm algorithm() {
        return Algorithm.EDAC;
    }

    @Override
    public Edac create(int obsDim, int actDim, long seed) {
        return new Edac(obsDim, actDim, this, seed);
    }

    /** The hidden widths as a fresh array (for {@code Mlp.layerSizes}). */
    public int[] hiddenSizes() {
        return HiddenLayers.toArray(hidden);
    }

    public EdacConfig withHidden(int... sizes) {
        return new EdacConfig(HiddenLayers.of(sizes), actorLr, criticLr, alphaLr, batchSize, gamma, tau, critics, eta,
                initialAlpha, logStdMin, logStdMax, observationScaling);
    }

    public EdacConfig withBatchSize(int size) {
        return new EdacConfig(hidden, actorLr, criticLr, alphaLr, size, gamma, tau, critics, eta, initialAlpha,
                logStdMin, logStdMax, observationScaling);
    }

    public EdacConfig withCritics(int n) {
        return new EdacConfig(hidden, actorLr, criticLr, alphaLr, batchSize, gamma, tau, n, eta, initialAlpha,
                logStdMin, logStdMax, observationScaling);
    }

    public EdacConfig withEta(double weight) {
        return new EdacConfig(hidden, actorLr, criticLr, alphaLr, batchSize, gamma, tau, critics, weight, initialAlpha,
                logStdMin, logStdMax, observationScaling);
    }

    public EdacConfig withObservationScaling(ObservationScaling scaling) {
        return new EdacConfig(hidden, actorLr, criticLr, alphaLr, batchSize, gamma, tau, critics, eta, initialAlpha,
                logStdMin, logStdMax, scaling);
    }
}
