package rrl.env;

/**
 * A batch env that changes the actions executed in a wrapped one and passes everything else through (as Gymnasium's
 * {@code ActionWrapper}): subclasses implement {@link #step(double[], boolean[])} and, where they keep per-episode
 * state, {@link #reset} and {@link #resetEach}. Closing the wrapper closes the wrapped env.
 */
public abstract class ActionWrapper extends Wrapper {
    protected ActionWrapper(BatchEnv env) {
        super(env);
    }

    /** Executes the changed actions of {@code actions} (n x actionDim) in the wrapped env. */
    @Override
    public abstract void step(double[] actions, boolean[] active);
}
