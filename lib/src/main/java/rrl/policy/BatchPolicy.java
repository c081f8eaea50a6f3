package rrl.policy;

/** A policy acting on a batch of observations at once (one network call per vector-env step). */
@FunctionalInterface
public interface BatchPolicy {
    /** Writes actions (n x actionDim) for observations (n x observationDim). */
    void act(double[] observations, int n, double[] actions);
}
