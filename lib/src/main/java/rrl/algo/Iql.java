package rrl.algo;

import rrl.checkpoint.Checkpoint;
import rrl.nn.ObservationNormalizer;
import rrl.policy.ActorPolicy;
import rrl.replay.TransitionBatch;

/**
 * Implicit Q-learning (Kostrikov et al. 2022, arXiv 2110.06169; notebooks/references.md#iql): an offline
 * learner that never queries the critics on actions outside the dataset. V(s) is an upper expectile of
 * min(Q1, Q2)_target(s, a) over the dataset's actions ({@link Expectile}), the critics regress towards
 * r + gamma (1 - done) V(s'), and the actor is extracted by advantage-weighted regression
 * ({@link AdvantageWeightedActor}). The update is {@link ImplicitQLearning}'s, shared with {@link Riql}.
 * Observations in batches are expected scaled as the config's {@link IqlConfig#observationScaling} says.
 */
public final class Iql implements Learner {
    private final IqlConfig config;
    private final ImplicitQLearning core;

    public Iql(int obsDim, int actDim, IqlConfig config, long seed) {
        this.config = config;
        this.core = new ImplicitQLearning(obsDim, actDim, config.settings(), "iql", seed);
    }

    public IqlConfig config() {
        return config;
    }

    @Override
    public Algorithm algorithm() {
        return Algorithm.IQL;
    }

    @Override
    public int batchSize() {
        return config.batchSize();
    }

    /**
     * One IQL update.
     *
     * @return {@code critic_loss}, {@code value_loss}, {@code actor_loss}, {@code mean_v}, {@code mean_advantage},
     *     {@code mean_weight}
     */
    @Override
    public Metrics update(TransitionBatch batch) {
        return core.update(batch, "IQL");
    }

    @Override
    public long updates() {
        return core.updates();
    }

    /** The actor (its mean network and log std). */
    public AdvantageWeightedActor actor() {
        return core.actor();
    }

    /** The twin critics (min target, MSE). */
    public CriticEnsemble critic() {
        return core.critics();
    }

    /** V(s). */
    public rrl.nn.Mlp value() {
        return core.value();
    }

    ImplicitQLearning core() {
        return core;
    }

    /** The evaluation policy: the Gaussian's mean tanh(linear(s)) on observations scaled by {@code normalizer}. */
    @Override
    public ActorPolicy policy(String env, ObservationNormalizer normalizer) {
        return core.policy(env, normalizer);
    }

    @Override
    public void save(Checkpoint c) {
        core.save(c);
    }

    @Override
    public void restore(Checkpoint c) {
        core.restore(c);
    }
}
