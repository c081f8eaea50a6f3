package rrl.algo;

import java.util.List;
import rrl.nn.LrSchedule;

/**
 * IQL hyper-parameters (Kostrikov et al. 2022, arXiv 2110.06169; notebooks/references.md#iql). Defaults are the
 * authors' locomotion settings, ikostrikov/implicit_q_learning ({@code configs/mujoco_config.py}, {@code learner.py},
 * {@code policy.py}, {@code train_offline.py}), which CORL {@code algorithms/offline/iql.py} and d3rlpy
 * {@code IQLConfig} share except where noted: 256-256 ReLU MLPs for actor, two critics and V; Adam 3e-4 for each;
 * the actor's rate decayed by a cosine over 1M steps; batch 256, gamma 0.99, target rate 0.005; expectile 0.7,
 * inverse temperature 3, weights clipped at 100; the readings where the sources differ are in
 * notebooks/our-reading.md#iql-settings.
 *
 * @param hidden hidden-layer widths of actor, critics and V (unmodifiable; JSON {@code [256, 256]})
 * @param actorLr the actor's (and its log std's) base rate, 3e-4
 * @param criticLr the critics' rate, 3e-4 (d3rlpy: one optimiser for critics and V, same rate)
 * @param valueLr V's rate, 3e-4
 * @param actorSchedule the actor's rate over its steps: cosine to 0 over 1M steps (official
 *     {@code optax.cosine_decay_schedule(-actor_lr, int(1e6))}; CORL {@code CosineAnnealingLR(max_timesteps)});
 *     {@link #withTotalSteps} sets the length to a run's updates, as CORL does
 * @param batchSize 256
 * @param gamma discount, 0.99
 * @param tau target-critic Polyak rate, 0.005
 * @param expectile tau of the expectile loss, 0.7 (official {@code expectile}, CORL {@code iql_tau}, d3rlpy
 *     {@code expectile})
 * @param beta inverse temperature of the advantage weights, 3.0 (official {@code temperature}, CORL {@code beta},
 *     d3rlpy {@code weight_temp})
 * @param maxWeight the advantage weights' clip, 100 (official {@code jnp.minimum(exp_a, 100.0)}, CORL
 *     {@code EXP_ADV_MAX}, d3rlpy {@code max_weight})
 * @param logStdMin lower clamp of the Gaussian actor's log std: -5 (official {@code log_std_min=-5.0}, d3rlpy;
 *     CORL -20) [our reading]
 * @param logStdMax upper clamp: 2 (official {@code LOG_STD_MAX}, CORL, d3rlpy)
 * @param actor GAUSSIAN (official, d3rlpy, CORL's default); DETERMINISTIC is CORL's {@code iql_deterministic}
 * @param observationScaling NONE (official, d3rlpy); CORL normalises (STATES)
 * @param rewardScaling RETURN_RANGE (official; d3rlpy's reproduction; CORL only in its hopper medium configs)
 */
public record IqlConfig(List<Integer> hidden, double actorLr, double criticLr, double valueLr, LrSchedule actorSchedule,
                        int batchSize, double gamma, double tau, double expectile, double beta, double maxWeight,
                        double logStdMin, double logStdMax, AdvantageWeightedActor.Kind actor,
                        ObservationScaling observationScaling, RewardScaling rewardScaling) implements LearnerConfig {
    /** The official code's cosine length: {@code int(1e6)}. */
    public static final long COSINE_STEPS = 1_000_000;

    public IqlConfig {
        hidden = HiddenLayers.copy(hidden);
        ImplicitQLearning.check(actorLr, criticLr, valueLr, actorSchedule, batchSize, gamma, tau, expectile, beta,
                maxWeight, logStdMin, logStdMax, actor, observationScaling, rewardScaling);
    }

    /** The authors' defaults (see the record's comment). */
    public static IqlConfig defaults() {
        return new IqlConfig(List.of(256, 256), 3e-4, 3e-4, 3e-4, LrSchedule.cosine(COSINE_STEPS), 256, 0.99, 0.005,
                0.7, 3.0, 100, -5, 2, AdvantageWeightedActor.Kind.GAUSSIAN, ObservationScaling.NONE,
                RewardScaling.RETURN_RANGE);
    }

    @Override
    public Algorithm algorithm() {
        return Algorithm.IQL;
    }

    @Override
    public Iql create(int obsDim, int actDim, long seed) {
        return new Iql(obsDim, actDim, this, seed);
    }

    /** The hidden widths as a fresh array. */
    public int[] hiddenSizes() {
        return HiddenLayers.toArray(hidden);
    }

    ImplicitQLearning.Settings settings() {
        return new ImplicitQLearning.Settings(hiddenSizes(), actorLr, criticLr, valueLr, actorSchedule, batchSize, gamma,
                tau, expectile, beta, maxWeight, CriticEnsemble.Config.twin(), Double.NEGATIVE_INFINITY,
                Double.POSITIVE_INFINITY, actor, logStdMin, logStdMax);
    }

    /** The actor's cosine decaying over {@code steps} updates (a run's length, as CORL's {@code max_timesteps}). */
    public IqlConfig withTotalSteps(long steps) {
        return withActorSchedule(LrSchedule.cosine(steps));
    }

    public IqlConfig withActorSchedule(LrSchedule schedule) {
        return new IqlConfig(hidden, actorLr, criticLr, valueLr, schedule, batchSize, gamma, tau, expectile, beta,
                maxWeight, logStdMin, logStdMax, actor, observationScaling, rewardScaling);
    }

    public IqlConfig withHidden(int... sizes) {
        return new IqlConfig(HiddenLayers.of(sizes), actorLr, criticLr, valueLr, actorSchedule, batchSize, gamma, tau,
                expectile, beta, maxWeight, logStdMin, logStdMax, actor, observationScaling, rewardScaling);
    }

    public IqlConfig withBatchSize(int size) {
        return new IqlConfig(hidden, actorLr, criticLr, valueLr, actorSchedule, size, gamma, tau, expectile, beta,
                maxWeight, logStdMin, logStdMax, actor, observationScaling, rewardScaling);
    }

    public IqlConfig withActor(AdvantageWeightedActor.Kind kind) {
        return new IqlConfig(hidden, actorLr, criticLr, valueLr, actorSchedule, batchSize, gamma, tau, expectile, beta,
                maxWeight, logStdMin, logStdMax, kind, observationScaling, rewardScaling);
    }

    public IqlConfig withObservationScaling(ObservationScaling scaling) {
        return new IqlConfig(hidden, actorLr, criticLr, valueLr, actorSchedule, batchSize, gamma, tau, expectile, beta,
                maxWeight, logStdMin, logStdMax, actor, scaling, rewardScaling);
    }

    public IqlConfig withRewardScaling(RewardScaling scaling) {
        return new IqlConfig(hidden, actorLr, criticLr, valueLr, actorSchedule, batchSize, gamma, tau, expectile, beta,
                maxWeight, logStdMin, logStdMax, actor, observationScaling, scaling);
    }

    public IqlConfig withExpectile(double e) {
        return new IqlConfig(hidden, actorLr, criticLr, valueLr, actorSchedule, batchSize, gamma, tau, e, beta,
                maxWeight, logStdMin, logStdMax, actor, observationScaling, rewardScaling);
    }

    public IqlConfig withBeta(double b) {
        return new IqlConfig(hidden, actorLr, criticLr, valueLr, actorSchedule, batchSize, gamma, tau, expectile, b,
                maxWeight, logStdMin, logStdMax, actor, observationScaling, rewardScaling);
    }
}
