package rrl.attack;

import rrl.env.BatchEnv;
import rrl.env.Task;
import rrl.random.Rng;

/**
 * A batch env whose actuators are perturbed: each step executes {@code a' = a + delta ⊙ a} (paper 2, eq. 1) in
 * the simulator, not only in the reward [our reading] (notebooks/our-reading.md#executed-action),
 * with {@code delta} drawn per episode by a {@link PerturbationCondition} and held fixed for the episode.
 * The reward is the wrapped task's reward of the executed action {@code a'} (paper 2, eq. 6); the action a
 * learner should store is still the policy's command {@code a} ({@link #commandedActions()}; [our reading],
 * notebooks/our-reading.md#stored-action), and the
 * {@code delta} of each step is reported by {@link #stepDelta(int)} (the step's info).
 */
public final class PerturbedVectorEnv extends rrl.env.ActionWrapper {
    /** Keeps the perturbation draws independent of the reset noise drawn from the same seed. */
    private static final long DELTA_STREAM = 0x6A09E667F3BCC908L;

    private final int n;
    private final int actDim;
    private final Rng[] rngs;
    private final double[] episodeDeltas;
    private final double[] stepDeltas;
    private final double[] executed;
    private double[] commanded;
    private PerturbationCondition condition;

    /** Wraps {@code env} (closed with this wrapper) under {@code condition}. */
    public PerturbedVectorEnv(BatchEnv env, PerturbationCondition condition) {
        super(env);
        this.n = env.numEnvs();
        this.actDim = env.actionDim();
        this.rngs = new Rng[n];
        this.episodeDeltas = new double[n * actDim];
        this.stepDeltas = new double[n * actDim];
        this.executed = new double[n * actDim];
        setCondition(condition);
    }

    /** Changes the condition; it applies from the next reset on. */
    public void setCondition(PerturbationCondition condition) {
        if (condition instanceof PerturbationCondition.PerSlot p && p.deltas().length != n * actDim) {
            throw new IllegalArgumentException("per-slot deltas need " + n + " x " + actDim + " values, got "
                    + p.deltas().length);
        }
        if (condition instanceof PerturbationCondition.Adversarial a && a.delta().length != actDim) {
            throw new IllegalArgumentException("a perturbation for " + env.task().name() + " needs " + actDim
                    + " values (one per actuator), got " + a.delta().length);
        }
        this.condition = condition;
    }

    public PerturbationCondition condition() {
        return condition;
    }





    @Override
    public double[] reset(long seed) {
        Rng root = new Rng(seed ^ DELTA_STREAM);
        for (int i = 0; i < n; i++) {
            rngs[i] = root.split();
        }
        double[] obs = env.reset(seed);
        drawAll();
        return obs;
    }

    @Override
    public double[] resetEach(long[] seeds) {
        double[] obs = env.resetEach(seeds);
        for (int i = 0; i < n; i++) {
            rngs[i] = new Rng(seeds[i] ^ DELTA_STREAM).split();
        }
        drawAll();
        return obs;
    }

    private void drawAll() {
        for (int i = 0; i < n; i++) {
            condition.draw(i, rngs[i], episodeDeltas, i * actDim, actDim);
        }
    }

    /** Executes {@code a + delta ⊙ a} for the commanded {@code actions}; draws new deltas for episodes that end. */
    @Override
    public void step(double[] actions, boolean[] active) {
        if (actions.length != n * actDim) {
            throw new IllegalArgumentException(env.task().name() + " vector env of " + n + " takes " + (n * actDim)
                    + " action values (" + n + " x " + actDim + "), got " + actions.length + ".");
        }
        ActionPerturbation.apply(actions, episodeDeltas, n, actDim, executed);
        env.step(executed, active);
        commanded = actions;
        System.arraycopy(episodeDeltas, 0, stepDeltas, 0, episodeDeltas.length);
        boolean[] term = env.terminated();
        boolean[] trunc = env.truncated();
        for (int i = 0; i < n; i++) {
            if (term[i] || trunc[i]) {
                // The wrapped env has auto-reset this slot: its next episode gets a fresh delta.
                condition.draw(i, rngs[i], episodeDeltas, i * actDim, actDim);
            }
        }
    }

    /** The {@code delta} applied to slot i in the last step (n.b. a new episode may already have a new one). */
    public double[] stepDelta(int i) {
        double[] d = new double[actDim];
        System.arraycopy(stepDeltas, i * actDim, d, 0, actDim);
        return d;
    }

    /** The {@code delta} of slot i's current episode. */
    public double[] episodeDelta(int i) {
        double[] d = new double[actDim];
        System.arraycopy(episodeDeltas, i * actDim, d, 0, actDim);
        return d;
    }

    /** State of slot i's perturbation generator (for exact resume at an episode boundary). */
    public long rngState(int i) {
        return rngs[i].state();
    }

    /** Restores slot i's perturbation generator and the delta of its current episode. */
    public void restore(int i, long rngState, double[] episodeDelta) {
        if (episodeDelta.length != actDim) {
            throw new IllegalArgumentException("delta of slot " + i + " needs " + actDim + " values, got " + episodeDelta.length);
        }
        rngs[i] = Rng.restore(rngState);
        System.arraycopy(episodeDelta, 0, episodeDeltas, i * actDim, actDim);
    }


    /** The actions the policy commanded in the last step (what a learner stores). */
    public double[] commandedActions() {
        return commanded;
    }

    /** The actions executed in the last step, {@code a + delta ⊙ a}. */
    public double[] executedActions() {
        return executed;
    }








    /** {@code PerturbedVectorEnv(VectorEnv(16 x Hopper, auto-reset) under adversarial delta [-0.3, 0.1, 0.3])}. */
    @Override
    public String toString() {
        return "PerturbedVectorEnv(" + env + " under " + condition + ")";
    }
}
