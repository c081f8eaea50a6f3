package rrl.algo;

import rrl.checkpoint.Checkpoint;
import rrl.policy.PolicySet;

/**
 * RPEX's online settings (He et al. 2025, arXiv 2509.24748; notebooks/references.md#rpex): the defaults of
 * felix-thu/RPEX {@code attack_online.py} (its argparse) and {@code pex/algorithms/rpex.py} ({@code class RPEX(RIQL)});
 * the critics (N, quantile, Huber sigma), V, the targets' clamp and the network sizes come with the offline RIQL
 * checkpoint (the code's {@code get_config} sets the online run's sigma, quantile and N from the same per-environment
 * table as the offline run's).
 *
 * @param actorLr 3e-4 ({@code --learning_rate}; no schedule online: {@code use_lr_scheduler=False})
 * @param criticLr 3e-4
 * @param valueLr 3e-4
 * @param batchSize 256 ({@code --batch_size})
 * @param offlineFraction 0.5 ({@code double_buffer=True}: 128 from the dataset, 128 from the buffer)
 * @param gamma 0.99 ({@code --discount})
 * @param tau 0.005 ({@code --target_update_rate})
 * @param expectile 0.7 ({@code --tau})
 * @param beta 3.0 ({@code --beta})
 * @param maxWeight 100 ({@code EXP_ADV_MAX})
 * @param inverseTemperature alpha, 3 ({@code --inv_temperature}; PEX's is 10)
 * @param kappa the IPW term's weight, 0.1 ({@code --kappa})
 * @param evalEpsilon 0.1 ({@code epsilon_greedy_sample(dist, eps=0.1)} at evaluation)
 * @param updatesPerStep 4 ({@code --updates_per_step}; PEX 1)
 * @param learningStarts 5,000 ({@code --initial_collection_steps})
 * @param logStdMin -5 ({@code LOG_STD_MIN} of {@code pex/networks/policy.py})
 * @param logStdMax 2 ({@code LOG_STD_MAX})
 */
public record RpexConfig(double actorLr, double criticLr, double valueLr, int batchSize, double offlineFraction,
                         double gamma, double tau, double expectile, double beta, double maxWeight,
                         double inverseTemperature, double kappa, double evalEpsilon, int updatesPerStep,
                         int learningStarts, double logStdMin, double logStdMax) implements PolicyExpansionConfig {
    public RpexConfig {
        PolicyExpansion.check(actorLr, criticLr, valueLr, batchSize, offlineFraction, gamma, tau, expectile, beta,
                maxWeight, updatesPerStep, learningStarts, logStdMin, logStdMax);
        new PolicySet.Selection(PolicySet.Kind.RPEX, inverseTemperature, 0, kappa, evalEpsilon);
    }

    /** The authors' defaults (see the record's comment). */
    public static RpexConfig defaults() {
        return new RpexConfig(3e-4, 3e-4, 3e-4, 256, 0.5, 0.99, 0.005, 0.7, 3.0, 100, 3, 0.1, 0.1, 4, 5000, -5, 2);
    }

    @Override
    public Algorithm algorithm() {
        return Algorithm.RPEX;
    }

    @Override
    public Algorithm offlineAlgorithm() {
        return Algorithm.RIQL;
    }

    @Override
    public PolicySet.Selection selection(double offlineQuantile) {
        return new PolicySet.Selection(PolicySet.Kind.RPEX, inverseTemperature, offlineQuantile, kappa, evalEpsilon);
    }

    @Override
    public Rpex create(Checkpoint offline, int obsDim, int actDim, long seed) {
        return new Rpex(offline, obsDim, actDim, this, seed);
    }

    ImplicitQLearning.Settings settings(ImplicitQLearning.Settings offline) {
        return PolicyExpansion.onlineSettings(offline, actorLr, criticLr, valueLr, batchSize, gamma, tau, expectile, beta,
                maxWeight, logStdMin, logStdMax);
    }

    public RpexConfig withBatchSize(int size) {
        return new RpexConfig(actorLr, criticLr, valueLr, size, offlineFraction, gamma, tau, expectile, beta, maxWeight,
                inverseTemperature, kappa, evalEpsilon, updatesPerStep, learningStarts, logStdMin, logStdMax);
    }

    public RpexConfig withLearningStarts(int steps) {
        return new RpexConfig(actorLr, criticLr, valueLr, batchSize, offlineFraction, gamma, tau, expectile, beta,
                maxWeight, inverseTemperature, kappa, evalEpsilon, updatesPerStep, steps, logStdMin, logStdMax);
    }

    public RpexConfig withUpdatesPerStep(int n) {
        return new RpexConfig(actorLr, criticLr, valueLr, batchSize, offlineFraction, gamma, tau, expectile, beta,
                maxWeight, inverseTemperature, kappa, evalEpsilon, n, learningStarts, logStdMin, logStdMax);
    }

    public RpexConfig withKappa(double k) {
        return new RpexConfig(actorLr, criticLr, valueLr, batchSize, offlineFraction, gamma, tau, expectile, beta,
                maxWeight, inverseTemperature, k, evalEpsilon, updatesPerStep, learningStarts, logStdMin, logStdMax);
    }
}
