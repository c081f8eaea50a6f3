package rrl.env;

/**
 * A batch of environments stepped together: what rollouts, evaluation and attacks need. {@link VectorEnv}
 * is the plain one; wrappers (e.g. {@code rrl.attack.PerturbedVectorEnv}) change what is executed.
 * Buffers returned by the accessors are owned by the env and overwritten by the next step.
 */
public interface BatchEnv extends AutoCloseable {
    Task task();

    int numEnvs();

    int observationDim();

    int actionDim();

    /** Resets every environment; environment i draws its reset noise from the i-th split of {@code seed}. */
    double[] reset(long seed);

    /** Resets every environment, environment i from its own {@code seeds[i]} (common random numbers). */
    double[] resetEach(long[] seeds);

    /**
     * Steps the environments whose {@code active} flag is set ({@code null}: all) with {@code actions}
     * (n x actionDim, row-major); inactive ones keep their state and report reward 0, not done, and their
     * action rows are ignored.
     */
    void step(double[] actions, boolean[] active);

    default void step(double[] actions) {
        step(actions, null);
    }

    double[] observations();

    double[] rewards();

    boolean[] terminated();

    boolean[] truncated();

    /** Return of the episode that ended in environment i at this step (valid where done). */
    double finishedReturn(int i);

    /** Length of the episode that ended in environment i at this step (valid where done). */
    int finishedLength(int i);

    @Override
    void close();
}
