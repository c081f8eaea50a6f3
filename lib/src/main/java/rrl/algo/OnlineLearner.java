package rrl.algo;

import rrl.checkpoint.Checkpoint;
import rrl.nn.ObservationNormalizer;
import rrl.replay.TransitionBatch;

/** What an online training loop needs from a learner (SAC, TD3): exploration, updates, its policy, its state. */
public interface OnlineLearner {
    /** "SAC" or "TD3". */
    String algorithm();

    /** Exploration actions for {@code n} (normalised) observations. */
    void explore(float[] obs, int n, float[] actions);

    /** One gradient update. */
    void learn(TransitionBatch batch);

    int batchSize();

    /** Steps of uniform random actions before the learner acts. */
    int startSteps();

    /** The deterministic evaluation policy. */
    ActorPolicy policy(String env, ObservationNormalizer normalizer);

    /** Saves everything needed to resume exactly. */
    void save(Checkpoint c);

    void restore(Checkpoint c);
}
