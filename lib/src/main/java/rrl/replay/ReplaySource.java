package rrl.replay;

import java.util.random.RandomGenerator;

/** Something minibatch rows can be drawn from, uniformly with replacement. */
public interface ReplaySource {
    /** Transitions currently held. */
    int size();

    /** Fills rows [from, from + count) of {@code batch} with uniformly drawn transitions. */
    void sample(RandomGenerator rng, TransitionBatch batch, int from, int count);
}
