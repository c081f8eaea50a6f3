package rrl.algo;

import rrl.checkpoint.Checkpoint;
import rrl.nn.ObservationNormalizer;
import rrl.policy.ActorPolicy;
import rrl.replay.TransitionBatch;

/**
 * Robust IQL (Yang et al. 2024, arXiv 2310.12955; notebooks/references.md#riql): IQL made robust to corrupted
 * data by three changes the authors' code makes (YangRui2015/RIQL {@code RIQL.py}): V regresses (expectile loss)
 * towards the alpha-quantile of N target critics instead of the minimum of two, the critics regress with a Huber
 * loss towards targets clamped to [-100, 1000], and the dataset's states are normalised. The actor is
 * deterministic (advantage-weighted MSE) by default. The update is {@link ImplicitQLearning}'s, shared with
 * {@link Iql}; the settings are {@link RiqlConfig}'s.
 */
public final class Riql implements Learner {
    private final RiqlConfig config;
    private final ImplicitQLearning core;

    public Riql(int obsDim, int actDim, RiqlConfig config, long seed) {
        this.config = config;
        this.core = new ImplicitQLearning(obsDim, actDim, config.settings(), "riql", seed);
    }

    public RiqlConfig config() {
        return config;
    }

    @Override
    public Algorithm algorithm() {
        return Algorithm.RIQL;
    }

    @Override
    public int batchSize() {
        return config.batchSize();
    }

    /**
     * One RIQL update.
     *
     * @return {@code critic_loss}, {@code value_loss}, {@code actor_loss}, {@code mean_v}, {@code mean_advantage},
     *     {@code mean_weight}
     */
    @Override
    public Metrics update(TransitionBatch batch) {
        return core.update(batch, "RIQL");
    }

    @Override
    public long updates() {
        return core.updates();
    }

    /** The actor (its mean network and log std). */
    public AdvantageWeightedActor actor() {
        return core.actor();
    }

    /** The N critics (quantile target, Huber loss). */
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

    /** The evaluation policy: the actor's tanh(linear(s)) on observations scaled by {@code normalizer}. */
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
