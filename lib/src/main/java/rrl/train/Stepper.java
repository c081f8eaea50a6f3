package rrl.train;

import rrl.algo.Metrics;
import rrl.checkpoint.Checkpoint;

/**
 * What one step of the {@link TrainingLoop} does: one update on an offline minibatch ({@link OfflineUpdates}),
 * or one environment step with its updates ({@link OnlineInteraction}). The loop owns counting, evaluation,
 * logging and checkpoints; a stepper owns the data and the state that a checkpoint must hold to resume exactly.
 */
public interface Stepper {
    /** Takes the current state as the start; called once before the first {@link #step}, fresh or resumed. */
    default void begin() {}

    /** One step; returns the metrics of the update(s) it made ({@link Metrics#none()} if none). */
    Metrics step();

    /** Steps taken so far. */
    long steps();

    /**
     * Whether a step is one gradient update rather than one environment step: then a checkpoint lands exactly on the
     * step count, so a run past a budget was asked for fewer steps than it took (the loop refuses to hand it back),
     * and the progress bar counts "updates".
     */
    default boolean stepIsUpdate() {
        return false;
    }

    /** Whether {@link #save} now captures everything (online: an episode just ended, the env is a fresh reset). */
    boolean atBoundary();

    /** Saves the learner, data and generators. */
    void save(Checkpoint ck);

    /** Restores what {@link #save} wrote. */
    void restore(Checkpoint ck);
}
