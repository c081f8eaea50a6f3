package rrl.algo;

import rrl.checkpoint.Checkpoint;
import rrl.nn.ObservationNormalizer;
import rrl.policy.ActorPolicy;
import rrl.replay.TransitionBatch;

/**
 * The contract every learning algorithm implements, and all a training loop knows of it: one update on a
 * minibatch, returning its named metrics; the policy it has learned; its whole state for an exact resume.
 * A learner owns no loop, no environment and no files. Observations in batches are already normalised by
 * the loop (the normaliser travels with the {@link #policy} it hands out).
 */
public interface Learner {
    Algorithm algorithm();

    /** Minibatch size the learner expects in {@link #update}. */
    int batchSize();

    /**
     * One gradient update on {@code batch} (rows: normalised obs, action in [-1, 1], reward, next obs, done).
     *
     * @return the update's metrics (losses, mean Q, temperature, ...), same names on every call
     * @throws IllegalArgumentException if the batch has another size or other dimensions than the learner
     */
    Metrics update(TransitionBatch batch);

    /** Updates taken so far. */
    long updates();

    /**
     * The evaluation policy (a copy: it does not change with later updates): deterministic, or seeded where the
     * algorithm's greedy action samples (BCQ's candidates).
     */
    ActorPolicy policy(String env, ObservationNormalizer normalizer);

    /** Saves everything needed to resume exactly (networks, optimisers, counters, generators). */
    void save(Checkpoint c);

    /** Restores what {@link #save} wrote. */
    void restore(Checkpoint c);
}
