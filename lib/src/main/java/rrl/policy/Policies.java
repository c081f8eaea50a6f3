package rrl.policy;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Reference policies used for tours and baselines. */
public final class Policies {
    private Policies() {}

    /** Uniform random actions in [-1, 1] from a seeded generator (D4RL's "random" behaviour). */
    public static BatchPolicy uniformRandom(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        return named("uniform random policy (seed " + seed + ")", (obs, n, actions) -> {
            for (int i = 0; i < actions.length; i++) {
                actions[i] = rng.nextDouble(-1.0, 1.0);
            }
        });
    }

    /** Zero torque on every actuator: how the body moves under gravity and contacts alone. */
    public static BatchPolicy zero() {
        return named("zero policy", (obs, n, actions) -> Arrays.fill(actions, 0.0));
    }

    /** {@code policy} printing as {@code name} (a lambda would print as {@code Policies$$Lambda$17/0x...}). */
    public static BatchPolicy named(String name, BatchPolicy policy) {
        return new BatchPolicy() {
            @Override
            public void act(double[] observations, int n, double[] actions) {
                policy.act(observations, n, actions);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
