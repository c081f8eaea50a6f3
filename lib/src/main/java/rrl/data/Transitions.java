package rrl.data;

/**
 * Flat (s, a, r, s', done) transitions as {@code d4rl.qlearning_dataset} returns them, row-major float
 * arrays ready for float[] networks: row i of obs is {@code obs[i*obsDim .. (i+1)*obsDim)}.
 *
 * <p>The arrays are handed over, not copied, because a training loop samples them millions of times;
 * treat them as read-only. {@code dones} is 1 for a real termination, 0 otherwise (time-outs were dropped).
 */
public record Transitions(float[] obs, float[] actions, float[] rewards, float[] nextObs, float[] dones,
                          int count, int obsDim, int actDim) {
    /** Checks that every array has {@code count} rows of the stated width. */
    public Transitions {
        if (count < 0 || obsDim < 1 || actDim < 1) {
            throw new IllegalArgumentException("count must be >= 0 and dims >= 1, got count=" + count
                    + " obsDim=" + obsDim + " actDim=" + actDim);
        }
        requireLength("obs", obs, (long) count * obsDim);
        requireLength("nextObs", nextObs, (long) count * obsDim);
        requireLength("actions", actions, (long) count * actDim);
        requireLength("rewards", rewards, count);
        requireLength("dones", dones, count);
    }

    /** {@code Transitions(20000 x (obs 11, action 3), 12 terminal)}. */
    @Override
    public String toString() {
        int terminal = 0;
        for (int i = 0; i < count; i++) {
            terminal += dones[i] != 0 ? 1 : 0;
        }
        return "Transitions(" + count + " x (obs " + obsDim + ", action " + actDim + "), " + terminal + " terminal)";
    }

    private static void requireLength(String name, float[] a, long expected) {
        if (a == null || a.length != expected) {
            throw new IllegalArgumentException(name + " must have " + expected + " values, got "
                    + (a == null ? "null" : a.length));
        }
    }
}
