package rrl.replay;

import java.util.random.RandomGenerator;

/**
 * Draws each minibatch partly from an offline dataset and partly from the online buffer: a fixed
 * {@code round(offlineFraction * batch)} rows offline, the rest online (paper 1's r_off, default 0.1).
 * While the online buffer is still empty the whole batch comes from the offline data.
 */
public final class MixedSampler {
    private final ReplaySource offline;
    private final ReplaySource online;
    private final double offlineFraction;

    public MixedSampler(ReplaySource offline, ReplaySource online, double offlineFraction) {
        if (!(offlineFraction >= 0 && offlineFraction <= 1)) {
            throw new IllegalArgumentException("offline fraction must be in [0, 1], got " + offlineFraction);
        }
        if (offlineFraction > 0 && offline == null) {
            throw new IllegalArgumentException("offline fraction " + offlineFraction + " needs an offline dataset");
        }
        this.offline = offline;
        this.online = online;
        this.offlineFraction = offlineFraction;
    }

    /** Fills the whole batch. */
    public void sample(RandomGenerator rng, TransitionBatch batch) {
        int fromOffline = (int) Math.round(offlineFraction * batch.size);
        if (online == null || online.size() == 0) {
            if (offline == null) {
                throw new IllegalStateException("nothing to sample: the online buffer is empty and there is no offline data");
            }
            fromOffline = batch.size;
        }
        if (fromOffline > 0) {
            offline.sample(rng, batch, 0, fromOffline);
        }
        if (fromOffline < batch.size) {
            online.sample(rng, batch, fromOffline, batch.size - fromOffline);
        }
    }
}
