package rrl.env;

/**
 * A batch env that changes the actions executed in a wrapped one and passes everything else through (as Gymnasium's
 * {@code ActionWrapper}): subclasses implement {@link #step(double[], boolean[])} and, where they keep per-episode
 * state, {@link #reset} and {@link #resetEach}. Closing the wrapper closes the wrapped env.
 */
public abstract class ActionWrapper implements BatchEnv {
    /** The wrapped env. */
    protected final BatchEnv env;

    protected ActionWrapper(BatchEnv env) {
        this.env = env;
    }

    /** The wrapped env. */
    public BatchEnv inner() {
        return env;
    }

    @Override
    public Task task() {
        return env.task();
    }

    @Override
    public int numEnvs() {
        return env.numEnvs();
    }

    @Override
    public int observationDim() {
        return env.observationDim();
    }

    @Override
    public int actionDim() {
        return env.actionDim();
    }

    @Override
    public double[] observations() {
        return env.observations();
    }

    @Override
    public double[] rewards() {
        return env.rewards();
    }

    @Override
    public boolean[] terminated() {
        return env.terminated();
    }

    @Override
    public boolean[] truncated() {
        return env.truncated();
    }

    @Override
    public double finishedReturn(int i) {
        return env.finishedReturn(i);
    }

    @Override
    public int finishedLength(int i) {
        return env.finishedLength(i);
    }

    @Override
    public void close() {
        env.close();
    }
}
