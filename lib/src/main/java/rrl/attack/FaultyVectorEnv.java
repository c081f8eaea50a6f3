package rrl.attack;

import rrl.env.BatchEnv;
import rrl.env.Task;
import rrl.random.Rng;

/**
 * A batch env whose actuators have an {@link ActuatorFault}: each step executes the faulty action {@code a'} in the
 * simulator in place of the commanded {@code a}, and the reward is the task's reward of {@code a'}, as
 * {@link PerturbedVectorEnv} does for paper 2's multiplicative perturbation. Per-slot fault state (the held command of
 * a stuck actuator, the queue of a delay, the step in the episode) starts over with each episode, including the ones
 * the wrapped env starts by auto-reset. Per-step random draws come from each slot's own generator, split from the
 * reset seed, so the numbers do not depend on how many slots or threads run.
 */
public final class FaultyVectorEnv extends rrl.env.ActionWrapper {
    /** Keeps the fault's draws independent of the reset noise drawn from the same seed. */
    private static final long FAULT_STREAM = 0x3C6EF372FE94F82BL;

    private final ActuatorFault fault;
    private final int n;
    private final int actDim;
    private final Rng[] rngs;
    private final int[] stepInEpisode;
    private final double[] held;
    private final double[] queue;
    private final double[] executed;

    /**
     * Wraps {@code env} (closed with this wrapper).
     *
     * @throws IllegalArgumentException if the fault names an actuator the task does not have
     */
    public FaultyVectorEnv(BatchEnv env, ActuatorFault fault) {
        super(env);
        if (fault.actuator() >= env.actionDim()) {
            env.close(); // it was handed over: a refused wrapper must not leak its simulators
            throw new IllegalArgumentException(fault + ": " + env.task().name() + " has actuators 0.."
                    + (env.actionDim() - 1));
        }
        this.fault = fault;
        this.n = env.numEnvs();
        this.actDim = env.actionDim();
        this.rngs = new Rng[n];
        this.stepInEpisode = new int[n];
        this.held = new double[n];
        this.queue = new double[fault.kind() == FaultKind.DELAY ? n * fault.delay() * actDim : 0];
        this.executed = new double[n * actDim];
    }

    public ActuatorFault fault() {
        return fault;
    }





    @Override
    public double[] reset(long seed) {
        Rng root = new Rng(seed ^ FAULT_STREAM);
        for (int i = 0; i < n; i++) {
            rngs[i] = root.split();
        }
        java.util.Arrays.fill(stepInEpisode, 0);
        return env.reset(seed);
    }

    @Override
    public double[] resetEach(long[] seeds) {
        for (int i = 0; i < n; i++) {
            rngs[i] = new Rng(seeds[i] ^ FAULT_STREAM).split();
        }
        java.util.Arrays.fill(stepInEpisode, 0);
        return env.resetEach(seeds);
    }

    /** Executes the faulty action of each active slot's command in {@code actions} (n x actionDim). */
    @Override
    public void step(double[] actions, boolean[] active) {
        if (actions.length != n * actDim) {
            throw new IllegalArgumentException(env.task().name() + " vector env of " + n + " takes " + (n * actDim)
                    + " action values (" + n + " x " + actDim + "), got " + actions.length + ".");
        }
        for (int i = 0; i < n; i++) {
            if (active != null && !active[i]) {
                continue;
            }
            apply(i, actions);
            stepInEpisode[i]++;
        }
        env.step(executed, active);
        boolean[] term = env.terminated();
        boolean[] trunc = env.truncated();
        for (int i = 0; i < n; i++) {
            if (term[i] || trunc[i]) {
                stepInEpisode[i] = 0; // the wrapped env has auto-reset this slot: its next episode starts healthy
            }
        }
    }

    private void apply(int i, double[] actions) {
        int o = i * actDim;
        System.arraycopy(actions, o, executed, o, actDim);
        int t = stepInEpisode[i];
        int j = fault.actuator();
        switch (fault.kind()) {
            case DEAD -> executed[o + j] = 0;
            case SIGN_FLIP -> executed[o + j] = -actions[o + j];
            case STUCK -> {
                if (t == 0) {
                    held[i] = actions[o + j];
                }
                executed[o + j] = held[i];
            }
            case PER_STEP_RANDOM -> {
                double eps = fault.eps();
                for (int k = 0; k < actDim; k++) {
                    executed[o + k] = actions[o + k] * (1 + (-eps + 2 * eps * rngs[i].nextDouble()));
                }
            }
            case DELAY -> {
                int d = fault.delay();
                int slot = (i * d + t % d) * actDim; // holds the command of step t - d, written d steps ago
                for (int k = 0; k < actDim; k++) {
                    executed[o + k] = t < d ? 0 : queue[slot + k];
                }
                System.arraycopy(actions, o, queue, slot, actDim);
            }
        }
    }

    /** The actions executed in the last step (the faulty ones). */
    public double[] executedActions() {
        return executed;
    }








    /** {@code FaultyVectorEnv(VectorEnv(...) with dead actuator 2)}. */
    @Override
    public String toString() {
        return "FaultyVectorEnv(" + env + " with " + fault + ")";
    }
}
