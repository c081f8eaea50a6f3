package rrl.train;

import rrl.algo.Learner;
import rrl.algo.Metrics;
import rrl.checkpoint.Checkpoint;
import rrl.random.Rng;
import rrl.replay.OfflineReplay;
import rrl.replay.TransitionBatch;

/**
 * Offline training's step: one uniformly sampled minibatch of a fixed dataset, one update. Any point is a
 * checkpoint boundary (there is no environment). Minibatch draws come from {@code seed + 2}.
 */
public final class OfflineUpdates implements Stepper {
    private final Learner learner;
    private final OfflineReplay replay;
    private final TransitionBatch batch;
    private Rng sampler;
    private long step;

    public OfflineUpdates(Learner learner, OfflineReplay replay, int obsDim, int actDim, long seed) {
        this.learner = learner;
        this.replay = replay;
        this.batch = new TransitionBatch(learner.batchSize(), obsDim, actDim);
        this.sampler = new Rng(seed + 2);
    }

    @Override
    public Metrics step() {
        replay.sample(sampler, batch, 0, batch.size);
        Metrics m = learner.update(batch);
        step++;
        return m;
    }

    @Override
    public long steps() {
        return step;
    }

    @Override
    public boolean atBoundary() {
        return true;
    }

    /** One step is one gradient update. */
    @Override
    public boolean stepIsUpdate() {
        return true;
    }

    @Override
    public void save(Checkpoint ck) {
        learner.save(ck);
        ck.putLongs("trainer", step, sampler.state());
    }

    @Override
    public void restore(Checkpoint ck) {
        learner.restore(ck);
        long[] t = ck.longs("trainer");
        step = t[0];
        sampler = Rng.restore(t[1]);
    }
}
