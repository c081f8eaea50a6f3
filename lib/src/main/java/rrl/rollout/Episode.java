package rrl.rollout;

/**
 * One finished episode: which environment slot ran it, its return, length, whether it ended by
 * termination (rather than the 1000-step limit), and its per-step rewards.
 */
public record Episode(int env, int index, double episodeReturn, int length, boolean terminated, double[] rewards) {
    /** {@code Episode(slot 0 #1: return 3283.4, 1000 steps, truncated)}. */
    @Override
    public String toString() {
        return "Episode(slot " + env + " #" + index + ": return " + rrl.io.Texts.fixed(episodeReturn, 1) + ", " + length
                + (length == 1 ? " step, " : " steps, ") + (terminated ? "terminated" : "truncated") + ")";
    }
}
