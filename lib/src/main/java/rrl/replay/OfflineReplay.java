package rrl.replay;

import java.util.random.RandomGenerator;
import rrl.data.Transitions;

/** A fixed offline dataset (D4RL's q-learning view) sampled uniformly with replacement. */
public final class OfflineReplay implements ReplaySource {
    private final Transitions data;

    public OfflineReplay(Transitions data) {
        if (data.count() < 1) {
            throw new IllegalArgumentException("the offline dataset holds no transitions");
        }
        this.data = data;
    }

    public Transitions data() {
        return data;
    }

    @Override
    public int size() {
        return data.count();
    }

    @Override
    public void sample(RandomGenerator rng, TransitionBatch batch, int from, int count) {
        check(batch, data.obsDim(), data.actDim());
        for (int k = 0; k < count; k++) {
            batch.put(from + k, data.obs(), data.actions(), data.rewards(), data.nextObs(), data.dones(),
                    rng.nextInt(data.count()));
        }
    }

    static void check(TransitionBatch batch, int obsDim, int actDim) {
        if (batch.obsDim != obsDim || batch.actDim != actDim) {
            throw new IllegalArgumentException("batch is for obs " + batch.obsDim + " / act " + batch.actDim
                    + " but the replay holds obs " + obsDim + " / act " + actDim);
        }
    }
}
