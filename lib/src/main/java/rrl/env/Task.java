package rrl.env;

import java.util.random.RandomGenerator;

/**
 * One locomotion task: everything that Gymnasium's {@code <Name>-v4} class adds on top of the MJCF model
 * (observation, reward, termination, reset noise). Physics is stepped natively; these methods read the
 * resulting state row.
 */
public interface Task {
    /** Short name, e.g. "Hopper". */
    String name();

    /** {@code Hopper (Gymnasium Hopper-v4): observation 11, action 3, frame skip 4}: what a task prints as. */
    static String describe(Task t) {
        return t.name() + " (Gymnasium " + t.gymnasiumId() + "): observation " + t.observationDim() + ", action "
                + t.actionDim() + ", frame skip " + t.frameSkip();
    }

    /** The Gymnasium id this task reproduces, e.g. "Hopper-v4". */
    String gymnasiumId();

    /** Class-path resource of the MJCF model. */
    String mjcfResource();

    /** Physics steps per environment step (Gymnasium's frame_skip). */
    int frameSkip();

    /** Name of the body whose xpos gives the forward progress, or null for qpos[0]. */
    String trackedBody();

    /** Whether the observation or reward reads cfrc_ext (needs mj_rnePostConstraint). */
    boolean usesContactForces();

    int observationDim();

    int actionDim();

    /** Writes the observation of {@code s} into {@code out[off .. off + observationDim())}. */
    void observation(StateRow s, double[] out, int off);

    /** Fills {@code terms} for a step taken with {@code action[aoff .. aoff + actionDim())}. */
    void reward(StateRow s, double[] action, int aoff, double dt, RewardTerms terms);

    /** Gymnasium's {@code terminated}: the state left the healthy set. */
    boolean terminated(StateRow s);

    /** Gymnasium's reset_model noise: writes qpos0 + noise into qpos and qvel0 + noise into qvel. */
    void resetState(RandomGenerator rng, double[] qpos0, double[] qpos, double[] qvel);

    /** Episode length cap (TimeLimit); 1000 for all four tasks. */
    default int maxEpisodeSteps() {
        return 1000;
    }

    /** Sum of squares of the action, the shape of every task's control cost. */
    static double squaredNorm(double[] a, int off, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += a[off + i] * a[off + i];
        }
        return s;
    }

    /** Uniform noise in [-scale, scale) added to every entry of base, written into out. */
    static void uniformNoise(RandomGenerator rng, double[] base, double scale, double[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = (base == null ? 0 : base[i]) + rng.nextDouble(-scale, scale);
        }
    }
}
