package rrl.env;

/**
 * A batch env that wraps another and passes every call through (as Gymnasium's {@code Wrapper}): subclasses override
 * what they change, {@link ActionWrapper} the actions executed, {@code rrl.attack.ObservationPerturbedVectorEnv} the
 * observations the policy sees. Closing the wrapper closes the wrapped env.
 */
public abstract class Wrapper implements BatchEnv {
    /** The wrapped env. */
    protected final BatchEnv env;

    protected Wrapper(BatchEnv env) {
        this.env = env;
    }

    /** The wrapped env. */
    public BatchEnv inner() {
        return env;
    }

    @Override
    public double[] reset(long seed) {
        return env.reset(seed);
    }

    @Override
    public double[] resetEach(long[] seeds) {
        return env.resetEach(seeds);
    }

    @Override
    public void step(double[] actions, boolean[] active) {
        env.step(actions, active);
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
