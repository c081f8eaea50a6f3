package rrl.algo;

import rrl.checkpoint.Checkpoint;
import rrl.policy.PolicySet;

/**
 * PEX's online settings (Zhang, Xu and Yu 2023, arXiv 2302.00935; notebooks/references.md#pex): the defaults of
 * Haichao-Zhang/PEX {@code main_online.py} (its argparse) and {@code pex/algorithms/pex.py}; the network sizes, the
 * critics and V come with the offline IQL checkpoint ({@code main_offline.py}'s networks are the same 256-256).
 *
 * @param actorLr the online actor's Adam rate, 3e-4 ({@code --learning_rate}; one optimiser constructor for all three,
 *     no schedule online: {@code use_lr_scheduler=False})
 * @param criticLr the critics' rate, 3e-4
 * @param valueLr V's rate, 3e-4
 * @param batchSize 256 ({@code --batch_size})
 * @param offlineFraction 0.5: {@code double_buffer=True}, half the batch ({@code int(batch_size / 2)}) from the online
 *     buffer and the rest from the dataset ({@code get_batch_from_dataset_and_buffer})
 * @param gamma 0.99 ({@code --discount})
 * @param tau the targets' Polyak rate, 0.005 ({@code --target_update_rate})
 * @param expectile IQL's expectile, 0.7 ({@code --tau})
 * @param beta the advantage weights' inverse temperature, 10 ({@code --beta}, "IQL inverse temperature")
 * @param maxWeight the weights' clip, 100 ({@code EXP_ADV_MAX})
 * @param inverseTemperature the selection's alpha, 10 ({@code --inv_temperature})
 * @param evalEpsilon the evaluation's epsilon, 0.1 ({@code select_action(evaluate=True)}:
 *     {@code epsilon_greedy_sample(dist, eps=0.1)} for a2 and for w)
 * @param updatesPerStep 1 ({@code --updates_per_step})
 * @param learningStarts 5,000 ({@code --initial_collection_steps}: updates once the buffer holds more; the actions
 *     come from the policy set from the first step)
 * @param logStdMin the online Gaussian's log-std clamp, -5 ({@code LOG_STD_MIN} of {@code pex/networks/policy.py})
 * @param logStdMax 2 ({@code LOG_STD_MAX})
 */
public record PexConfig(double actorLr, double criticLr, double valueLr, int batchSize, double offlineFraction,
                        double gamma, double tau, double expectile, double beta, double maxWeight,
                        double inverseTemperature, double evalEpsilon, int updatesPerStep, int learningStarts,
                        double logStdMin, double logStdMax) implements PolicyExpansionConfig {
    public PexConfig {
        PolicyExpansion.check(actorLr, criticLr, valueLr, batchSize, offlineFraction, gamma, tau, expectile, beta,
                maxWeight, updatesPerStep, learningStarts, logStdMin, logStdMax);
        new PolicySet.Selection(PolicySet.Kind.PEX, inverseTemperature, 0, 0, evalEpsilon);
    }

    /** The authors' defaults (see the record's comment). */
    public static PexConfig defaults() {
        return new PexConfig(3e-4, 3e-4, 3e-4, 256, 0.5, 0.99, 0.005, 0.7, 10.0, 100, 10, 0.1, 1, 5000, -5, 2);
    }

    @Override
    public Algorithm algorithm() {
        return Algorithm.PEX;
    }

    @Override
    public Algorithm offlineAlgorithm() {
        return Algorithm.IQL;
    }

    @Override
    public PolicySet.Selection selection(double offlineQuantile) {
        return new PolicySet.Selection(PolicySet.Kind.PEX, inverseTemperature, 0, 0, evalEpsilon);
    }

    @Override
    public Pex create(Checkpoint offline, int obsDim, int actDim, long seed) {
        return new Pex(offline, obsDim, actDim, this, seed);
    }

    ImplicitQLearning.Settings settings(ImplicitQLearning.Settings offline) {
        return PolicyExpansion.onlineSettings(offline, actorLr, criticLr, valueLr, batchSize, gamma, tau, expectile, beta,
                maxWeight, logStdMin, logStdMax);
    }

    public PexConfig withBatchSize(int size) {
        return new PexConfig(actorLr, criticLr, valueLr, size, offlineFraction, gamma, tau, expectile, beta, maxWeight,
                inverseTemperature, evalEpsilon, updatesPerStep, learningStarts, logStdMin, logStdMax);
    }

    public PexConfig withLearningStarts(int steps) {
        return new PexConfig(actorLr, criticLr, valueLr, batchSize, offlineFraction, gamma, tau, expectile, beta,
                maxWeight, inverseTemperature, evalEpsilon, updatesPerStep, steps, logStdMin, logStdMax);
    }

    public PexConfig withUpdatesPerStep(int n) {
        return new PexConfig(actorLr, criticLr, valueLr, batchSize, offlineFraction, gamma, tau, expectile, beta,
                maxWeight, inverseTemperature, evalEpsilon, n, learningStarts, logStdMin, logStdMax);
    }

    public PexConfig withInverseTemperature(double alpha) {
        return new PexConfig(actorLr, criticLr, valueLr, batchSize, offlineFraction, gamma, tau, expectile, beta,
                maxWeight, alpha, evalEpsilon, updatesPerStep, learningStarts, logStdMin, logStdMax);
    }
}
