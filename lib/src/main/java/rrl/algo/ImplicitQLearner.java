package rrl.algo;

import rrl.checkpoint.Checkpoint;
import rrl.nn.ObservationNormalizer;
import rrl.policy.ActorPolicy;
import rrl.replay.TransitionBatch;

/**
 * What {@link Iql} and {@link Riql} share: the learner contract over one {@link ImplicitQLearning} update. The two
 * differ only in their settings (their config records) and their names.
 */
abstract class ImplicitQLearner implements Learner {
    private final int batchSize;
    private final String label;
    private final ImplicitQLearning core;

    ImplicitQLearner(int obsDim, int actDim, ImplicitQLearning.Settings settings, int batchSize, String label, long seed) {
        this.batchSize = batchSize;
        this.label = label;
        this.core = new ImplicitQLearning(obsDim, actDim, settings, label.toLowerCase(java.util.Locale.ROOT), seed);
    }

    @Override
    public int batchSize() {
        return batchSize;
    }

    /**
     * One update: V, then the critics, then the actor.
     *
     * @return {@code critic_loss}, {@code value_loss}, {@code actor_loss}, {@code mean_v}, {@code mean_advantage},
     *     {@code mean_weight}
     */
    @Override
    public Metrics update(TransitionBatch batch) {
        return core.update(batch, label);
    }

    @Override
    public long updates() {
        return core.updates();
    }

    /** The actor (its mean network, and the log std of a Gaussian one). */
    public AdvantageWeightedActor actor() {
        return core.actor();
    }

    /** The critics (IQL: two with a min target and MSE; RIQL: N with a quantile target and a Huber loss). */
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

    /** The evaluation policy: the actor's tanh(linear(s)) (a Gaussian's mean) on observations scaled by {@code normalizer}. */
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
