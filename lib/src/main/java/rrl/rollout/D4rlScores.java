package rrl.rollout;

import java.util.Map;
import rrl.env.Environments;

/**
 * D4RL's normalised score, {@code 100 * (R - REF_MIN) / (REF_MAX - REF_MIN)}, with D4RL's reference returns
 * (Farama-Foundation/D4RL d4rl/infos.py, the same for every dataset version; notebooks/references.md#d4rl).
 */
public final class D4rlScores {
    /** Reference returns: {min (random policy), max (expert)}. */
    private static final Map<String, double[]> REF = Map.of(
            "Hopper", new double[] {-20.272305, 3234.3},
            "HalfCheetah", new double[] {-280.178953, 12135.0},
            "Walker2d", new double[] {1.629008, 4592.3},
            "Ant", new double[] {-325.6, 3879.7});

    private D4rlScores() {}

    /** D4RL's REF_MIN_SCORE for the environment. */
    public static double refMin(String env) {
        return ref(env)[0];
    }

    /** D4RL's REF_MAX_SCORE for the environment. */
    public static double refMax(String env) {
        return ref(env)[1];
    }

    /** Normalised score in percent (0 = D4RL's random reference, 100 = its expert reference). */
    public static double normalized(String env, double episodeReturn) {
        double[] r = ref(env);
        return 100.0 * (episodeReturn - r[0]) / (r[1] - r[0]);
    }

    private static double[] ref(String env) {
        return REF.get(Environments.task(env).name());
    }
}
