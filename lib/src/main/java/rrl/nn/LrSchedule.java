package rrl.nn;

/**
 * How an optimiser's learning rate changes with the number of steps it has taken. {@link Adam} asks it for
 * the rate of each step from its own step counter, so an optimiser restored from a checkpoint continues the
 * schedule exactly where it stopped. A record of a kind and a length, so configs that hold one serialise to
 * plain JSON ({@code {"kind":"COSINE","steps":1000000}}).
 *
 * @param kind the shape of the schedule
 * @param steps COSINE: the length T of the decay in optimiser steps (>= 1); CONSTANT: 0
 */
public record LrSchedule(Kind kind, long steps) {
    /** The shapes a schedule can have. */
    public enum Kind {
        /** The base rate on every step (TD3, TD3+BC, SAC; IQL's critics). */
        CONSTANT,
        /** Cosine decay from the base rate to 0 over T steps (IQL's actor). */
        COSINE
    }

    private static final LrSchedule CONSTANT = new LrSchedule(Kind.CONSTANT, 0);

    public LrSchedule {
        if (kind == null) {
            throw new IllegalArgumentException("a learning-rate schedule needs a kind: CONSTANT or COSINE");
        }
        if (kind == Kind.CONSTANT && steps != 0) {
            throw new IllegalArgumentException("a constant learning rate has no length; got steps = " + steps);
        }
        if (kind == Kind.COSINE && steps < 1) {
            throw new IllegalArgumentException("a cosine schedule decays over T >= 1 steps; got " + steps);
        }
    }

    /** The base rate throughout. */
    public static LrSchedule constant() {
        return CONSTANT;
    }

    /**
     * Cosine annealing to 0 over {@code totalSteps} optimiser steps: PyTorch's
     * {@code torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=totalSteps, eta_min=0)}, whose closed
     * form is lr_t = lr * (1 + cos(pi * t / T)) / 2, stepped once after every optimiser step; IQL decays its
     * actor's rate this way over all updates (Kostrikov et al. 2022, {@code optax.cosine_decay_schedule} in the
     * authors' code; CORL's iql.py uses CosineAnnealingLR with T_max = max_timesteps).
     *
     * @param totalSteps T, the optimiser steps over which the rate falls to 0 (usually the run's updates)
     */
    public static LrSchedule cosine(long totalSteps) {
        return new LrSchedule(Kind.COSINE, totalSteps);
    }

    /**
     * The rate of the optimiser step taken after {@code t} completed steps (t = 0 for the first step, as
     * PyTorch's scheduler gives the base rate before its first {@code scheduler.step()}).
     *
     * <p>COSINE: lr * (1 + cos(pi * t / T)) / 2 for t <= T, and 0 after T. PyTorch's closed form would rise
     * again after T (it is periodic in t); optax's cosine decay holds the final value, which is what a run
     * that outlives its planned length should get: no further updates rather than a restart.
     *
     * @param lr the base rate (the optimiser's configured rate)
     * @param t steps completed before this one, >= 0
     */
    public double rate(double lr, long t) {
        if (t < 0) {
            throw new IllegalArgumentException("step count must be >= 0, got " + t);
        }
        return switch (kind) {
            case CONSTANT -> lr;
            case COSINE -> t >= steps ? 0.0 : lr * (1 + Math.cos(Math.PI * t / steps)) / 2;
        };
    }
}
