package rrl.policy;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Reference policies used for tours and baselines. */
public final class Policies {
    private Policies() {}

    /** Uniform random actions in [-1, 1] from a seeded generator (D4RL's "random" behaviour). */
    public static BatchPolicy uniformRandom(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        return (obs, n, actions) -> {
            for (int i = 0; i < actions.length; i++) {
                actions[i] = rng.nextDouble(-1.0, 1.0);
            }
        };
    }

    /** Zero torque on every actuator: how the body moves under gravity and contacts alone. */
    public static BatchPolicy zero() {
        return (obs, n, actions) -> Arrays.fill(actions, 0.0);
    }
}
