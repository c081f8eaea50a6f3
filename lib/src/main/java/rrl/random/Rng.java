package rrl.random;

import java.util.random.RandomGenerator;

/**
 * A seeded SplitMix64 generator whose whole state is one long, so training runs can checkpoint it and
 * resume to exactly the same numbers (java.util.SplittableRandom hides its state). Gaussian draws come
 * from RandomGenerator's stateless default algorithm, so they are reproducible too.
 */
public final class Rng implements RandomGenerator {
    private static final long GOLDEN = 0x9e3779b97f4a7c15L;
    private long state;

    public Rng(long seed) {
        this.state = mix(seed);
    }

    private Rng(long state, boolean raw) {
        this.state = state;
    }

    /** A generator restored from {@link #state()}. */
    public static Rng restore(long state) {
        return new Rng(state, true);
    }

    /** The full state, for checkpoints. */
    public long state() {
        return state;
    }

    /** An independent generator derived from this one (advances this one by one draw). */
    public Rng split() {
        return new Rng(nextLong());
    }

    @Override
    public long nextLong() {
        state += GOLDEN;
        return mix(state);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
