package rrl.rollout;

/**
 * One finished episode: which environment slot ran it, its return, length, whether it ended by
 * termination (rather than the 1000-step limit), and its per-step rewards.
 */
public record Episode(int env, int index, double episodeReturn, int length, boolean terminated, double[] rewards) {}
