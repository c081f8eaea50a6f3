package rrl.algo;

import java.util.List;
import rrl.nn.LrSchedule;

/**
 * RIQL hyper-parameters (Yang et al. 2024, arXiv 2310.12955; notebooks/references.md#riql): IQL's
 * ({@link IqlConfig}) with the authors' robust changes, defaults from YangRui2015/RIQL {@code RIQL.py}
 * ({@code TrainConfig} and the code of {@code ImplicitQLearning} there): N = 5 critics, V regressed with the
 * expectile loss towards the alpha = 0.25 quantile of the N target critics, the critics with a Huber loss of
 * sigma = 1 (threshold 1 / sigma^2, {@code huber_loss}) towards targets clamped to [-100, 1000], states and next
 * states normalised, a deterministic actor; per-environment (sigma, quantile, N) in {@link RiqlTuning}.
 *
 * @param hidden hidden widths of actor, critics and V: 256-256
 * @param actorLr 3e-4 (all three optimisers: {@code lr=3e-4})
 * @param criticLr 3e-4
 * @param valueLr 3e-4
 * @param actorSchedule cosine to 0 over {@code max_timesteps} = 3M ({@code CosineAnnealingLR(actor_optimizer,
 *     max_steps)}); {@link #withTotalSteps} sets it to a run's updates
 * @param batchSize 256
 * @param gamma 0.99 ({@code discount})
 * @param tau 0.005 (target-critic rate)
 * @param expectile 0.7 ({@code iql_tau})
 * @param beta 3.0
 * @param maxWeight 100 ({@code EXP_ADV_MAX})
 * @param critics N, 5 ({@code num_critics})
 * @param quantile alpha, 0.25
 * @param sigma RIQL's Huber sigma, 1.0; the loss's threshold is delta = 1 / sigma^2
 * @param targetMin lower clamp of the critics' targets, -100 ({@code torch.clamp(targets, -100, 1000)})
 * @param targetMax upper clamp, 1000
 * @param logStdMin -5 ({@code LOG_STD_MIN}), for a GAUSSIAN actor only
 * @param logStdMax 2 ({@code LOG_STD_MAX})
 * @param actor DETERMINISTIC: {@code train} builds a {@code DeterministicPolicy} whatever {@code iql_deterministic}
 *     says (the README's "iql_deterministic=True")
 * @param observationScaling STATES_AND_NEXT ({@code normalize=True} over observations and next observations)
 * @param rewardScaling NONE ({@code RIQL.py} does not call {@code modify_reward})
 */
public record RiqlConfig(List<Integer> hidden, double actorLr, double criticLr, double valueLr, LrSchedule actorSchedule,
                         int batchSize, double gamma, double tau, double expectile, double beta, double maxWeight,
                         int critics, double quantile, double sigma, double targetMin, double targetMax,
                         double logStdMin, double logStdMax, AdvantageWeightedActor.Kind actor,
                         ObservationScaling observationScaling, RewardScaling rewardScaling) implements LearnerConfig {
    /** {@code max_timesteps} of {@code RIQL.py}: 3M, the cosine's default length. */
    public static final long COSINE_STEPS = 3_000_000;

    public RiqlConfig {
        hidden = HiddenLayers.copy(hidden);
        ImplicitQLearning.check(actorLr, criticLr, valueLr, actorSchedule, batchSize, gamma, tau, expectile, beta,
                maxWeight, logStdMin, logStdMax, actor, observationScaling, rewardScaling);
        if (critics < 1) {
            throw new IllegalArgumentException("RIQL needs at least one critic (RIQL: 5), got " + critics);
        }
        if (!(quantile >= 0 && quantile <= 1)) {
            throw new IllegalArgumentException("the quantile level must be in [0, 1] (RIQL: 0.25), got " + quantile);
        }
        if (!(sigma > 0 && sigma < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("the Huber sigma must be finite and > 0 (RIQL: 1.0), got " + sigma);
        }
        if (!(targetMin < targetMax)) {
            throw new IllegalArgumentException("the target clamp needs targetMin < targetMax (RIQL: -100 and 1000), got "
                    + targetMin + " and " + targetMax);
        }
    }

    /** The authors' defaults (see the record's comment). */
    public static RiqlConfig defaults() {
        return new RiqlConfig(List.of(256, 256), 3e-4, 3e-4, 3e-4, LrSchedule.cosine(COSINE_STEPS), 256, 0.99, 0.005,
                0.7, 3.0, 100, 5, 0.25, 1.0, -100, 1000, -5, 2, AdvantageWeightedActor.Kind.DETERMINISTIC,
                ObservationScaling.STATES_AND_NEXT, RewardScaling.NONE);
    }

    /** The defaults with the authors' (sigma, quantile, N) for {@code env} under {@code corruption}. */
    public static RiqlConfig tuned(String env, RiqlTuning.Corruption corruption) {
        return defaults().withTuning(RiqlTuning.of(env, corruption));
    }

    @Override
    public Algorithm algorithm() {
        return Algorithm.RIQL;
    }

    @Override
    public Riql create(int obsDim, int actDim, long seed) {
        return new Riql(obsDim, actDim, this, seed);
    }

    public int[] hiddenSizes() {
        return HiddenLayers.toArray(hidden);
    }

    /** The Huber threshold of the critics' loss: 1 / sigma^2 ({@code huber_loss}'s {@code beta}). */
    public double huberDelta() {
        return 1.0 / (sigma * sigma);
    }

    ImplicitQLearning.Settings settings() {
        CriticEnsemble.Config ensemble = new CriticEnsemble.Config(critics, CriticEnsemble.Target.quantile(quantile),
                CriticEnsemble.Loss.huber(huberDelta()));
        return new ImplicitQLearning.Settings(hiddenSizes(), actorLr, criticLr, valueLr, actorSchedule, batchSize, gamma,
                tau, expectile, beta, maxWeight, ensemble, targetMin, targetMax, actor, logStdMin, logStdMax);
    }

    public RiqlConfig withTuning(RiqlTuning t) {
        return new RiqlConfig(hidden, actorLr, criticLr, valueLr, actorSchedule, batchSize, gamma, tau, expectile, beta,
                maxWeight, t.critics(), t.quantile(), t.sigma(), targetMin, targetMax, logStdMin, logStdMax, actor,
                observationScaling, rewardScaling);
    }

    /** The (sigma, quantile, N) of this config. */
    public RiqlTuning tuning() {
        return new RiqlTuning(sigma, quantile, critics);
    }

    public RiqlConfig withTotalSteps(long steps) {
        return withActorSchedule(LrSchedule.cosine(steps));
    }

    public RiqlConfig withActorSchedule(LrSchedule schedule) {
        return new RiqlConfig(hidden, actorLr, criticLr, valueLr, schedule, batchSize, gamma, tau, expectile, beta,
                maxWeight, critics, quantile, sigma, targetMin, targetMax, logStdMin, logStdMax, actor,
                observationScaling, rewardScaling);
    }

    public RiqlConfig withHidden(int... sizes) {
        return new RiqlConfig(HiddenLayers.of(sizes), actorLr, criticLr, valueLr, actorSchedule, batchSize, gamma, tau,
                expectile, beta, maxWeight, critics, quantile, sigma, targetMin, targetMax, logStdMin, logStdMax, actor,
                observationScaling, rewardScaling);
    }

    public RiqlConfig withBatchSize(int size) {
        return new RiqlConfig(hidden, actorLr, criticLr, valueLr, actorSchedule, size, gamma, tau, expectile, beta,
                maxWeight, critics, quantile, sigma, targetMin, targetMax, logStdMin, logStdMax, actor,
                observationScaling, rewardScaling);
    }

    public RiqlConfig withActor(AdvantageWeightedActor.Kind kind) {
        return new RiqlConfig(hidden, actorLr, criticLr, valueLr, actorSchedule, batchSize, gamma, tau, expectile, beta,
                maxWeight, critics, quantile, sigma, targetMin, targetMax, logStdMin, logStdMax, kind,
                observationScaling, rewardScaling);
    }

    public RiqlConfig withObservationScaling(ObservationScaling scaling) {
        return new RiqlConfig(hidden, actorLr, criticLr, valueLr, actorSchedule, batchSize, gamma, tau, expectile, beta,
                maxWeight, critics, quantile, sigma, targetMin, targetMax, logStdMin, logStdMax, actor, scaling,
                rewardScaling);
    }

    public RiqlConfig withRewardScaling(RewardScaling scaling) {
        return new RiqlConfig(hidden, actorLr, criticLr, valueLr, actorSchedule, batchSize, gamma, tau, expectile, beta,
                maxWeight, critics, quantile, sigma, targetMin, targetMax, logStdMin, logStdMax, actor,
                observationScaling, scaling);
    }
}
