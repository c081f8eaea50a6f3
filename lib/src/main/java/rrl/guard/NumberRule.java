package rrl.guard;

/**
 * What a number entering rrl from outside (a file, a user's array, a policy's output) must satisfy before it
 * reaches MuJoCo, a dataset or a learner: finite, and at most {@link #maxAbs()} in magnitude. One rule object
 * per kind of number, checked where the numbers enter, so a bad value is refused with where it came from
 * instead of turning into a silently restarted simulation or an infinite reward.
 */
public record NumberRule(double maxAbs, String reason) {
    /**
     * MuJoCo's {@code mjMAXVAL} (mjmodel.h, 1e10): its bad-value test {@code mju_isBad} flags NaN and any
     * magnitude above it, and {@code mj_checkPos}, {@code mj_checkVel}, {@code mj_checkAcc} then reset the
     * simulation to the default pose (with a warning) and carry on.
     */
    public static final double MUJOCO_MAX_VALUE = 1e10;

    /** Any finite number. */
    public static final NumberRule FINITE = new NumberRule(Double.POSITIVE_INFINITY, null);

    /** A simulator state value (qpos, qvel). */
    public static final NumberRule MUJOCO_STATE = new NumberRule(MUJOCO_MAX_VALUE,
            "MuJoCo's mjMAXVAL: beyond it MuJoCo resets the simulation to the default pose and carries on, "
                    + "so the state would be silently replaced");

    /**
     * An action. Values outside the action space Box(-1, 1) are accepted as Gymnasium's MuJoCo environments
     * accept them (they do not clip): MuJoCo clamps each control to its actuator's ctrlrange, the control
     * cost uses the unclipped value. Beyond mjMAXVAL the cost is meaningless (and 1e308 squared is infinite).
     */
    public static final NumberRule ACTION = new NumberRule(MUJOCO_MAX_VALUE,
            "MuJoCo's mjMAXVAL; values outside [-1, 1] are allowed as in Gymnasium: MuJoCo clamps the control "
                    + "to the actuator's ctrlrange and the control cost uses the unclipped value");

    /** Whether {@code v} satisfies the rule. */
    public boolean accepts(double v) {
        return Double.isFinite(v) && Math.abs(v) <= maxAbs;
    }

    /** Index of the first value of {@code a[off, off + len)} the rule refuses, or -1. */
    public int firstRefused(double[] a, int off, int len) {
        for (int i = off; i < off + len; i++) {
            if (!accepts(a[i])) {
                return i;
            }
        }
        return -1;
    }

    /** Index of the first value of {@code a} the rule refuses, or -1. */
    public int firstRefused(float[] a) {
        for (int i = 0; i < a.length; i++) {
            if (!accepts(a[i])) {
                return i;
            }
        }
        return -1;
    }

    /** "must be finite" or "must be finite with |x| <= 1e10 (reason)". */
    public String requirement() {
        if (Double.isInfinite(maxAbs)) {
            return "must be finite";
        }
        String bound = maxAbs == MUJOCO_MAX_VALUE ? "1e10" : Double.toString(maxAbs);
        return "must be finite with |x| <= " + bound + (reason == null ? "" : " (" + reason + ")");
    }

    /** One line: "{@code where} is {@code v}; {@code what} must be ..." */
    public String refusal(String where, double v, String what) {
        return where + " is " + v + "; " + what + " " + requirement() + ".";
    }
}
