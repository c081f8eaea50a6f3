package rrl.algo;

/** A learner that also acts in the environment while it learns (TD3, SAC): exploration and its warm-up. */
public interface OnlineLearner extends Learner {
    /** Exploration actions for {@code n} (normalised) observations, written row-major into {@code actions}. */
    void explore(float[] obs, int n, float[] actions);

    /** Environment steps of uniform random actions before the learner acts (TD3: 25,000; SAC: 10,000). */
    int startSteps();
}
