package rrl.corrupt;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import rrl.random.Rng;

/**
 * RPEX's corruption of online transitions ({@code corrupt_trans} in felix-thu/RPEX {@code attack.py}, called from
 * {@code attack_online.py}): before a transition is stored, each configured field is corrupted with probability 0.5
 * at scale 1.0 (both fixed in the code, whatever the command line says), by its own coin:
 * reward replaced by U(-1, 1) * 30; next observation s' + U(-1, 1) * std; observation s + U(-1, 1) * std; action
 * a + U(-1, 1) * the dataset's action std. The corrupted transition is stored; the agent continues from the clean
 * next state (the caller's own copy), and evaluation is not touched.
 *
 * <p>It is a transition hook: {@code TransitionHook hook = corruption::beforeStore;} (rrl.train's interface; this
 * package sits below train). The hook sees normalised observations, where RPEX's std is 1 (its normalised branch);
 * give the observation std in the units the hook sees otherwise.
 *
 * <p>{@code corrupt_trans} multiplies the reward by the corruption indicator, so as written an uncorrupted reward is
 * stored as 0 [our reading: a slip, off by default; {@link #zeroingCleanRewards} reproduces it;
 * notebooks/our-reading.md#online-corruption].
 *
 * <p>The draws of step t come from a generator seeded by (seed, t) alone, so a resumed run corrupts exactly as an
 * uninterrupted one without checkpointing any state. Per field, in the code's order (rew, dyn, obs, act): the coin,
 * then the noise, drawn whether or not the coin corrupts (as {@code corrupt_trans} does).
 */
public final class OnlineCorruption {
    /** {@code corrupt_trans}'s fixed probability. */
    public static final double PROBABILITY = 0.5;
    /** {@code corrupt_trans}'s fixed scale. */
    public static final double SCALE = 1.0;
    /** The random reward's factor. */
    public static final double REWARD_SCALE = 30;

    private final Set<CorruptionField> fields;
    private final float[] obsStd;
    private final float[] actStd;
    private final boolean zeroCleanRewards;
    private final long seed;
    private final long[] corrupted = new long[CorruptionField.values().length];
    private long seen;

    /**
     * @param obsStd the observation std in the units the hook sees (all 1 for normalised observations)
     * @param actStd the offline dataset's per-dimension action std
     * @param zeroCleanRewards store 0 as the reward of a transition whose reward was not corrupted (the code's literal
     *     behaviour; see the class comment)
     */
    public OnlineCorruption(Set<CorruptionField> fields, float[] obsStd, float[] actStd, boolean zeroCleanRewards,
                            long seed) {
        if (fields == null || fields.isEmpty()) {
            throw new IllegalArgumentException("online corruption needs at least one field: obs, act, rew or dyn");
        }
        this.fields = Collections.unmodifiableSet(EnumSet.copyOf(fields));
        this.obsStd = obsStd.clone();
        this.actStd = actStd.clone();
        this.zeroCleanRewards = zeroCleanRewards;
        this.seed = seed;
    }

    /** For normalised observations (std 1, RPEX's normalised branch), uncorrupted rewards kept. */
    public static OnlineCorruption normalised(Set<CorruptionField> fields, int obsDim, float[] actStd, long seed) {
        float[] ones = new float[obsDim];
        java.util.Arrays.fill(ones, 1f);
        return new OnlineCorruption(fields, ones, actStd, false, seed);
    }

    /**
     * The corruption of a fine-tuning run from the offline data {@code raw} (untransformed): observation std 1 when
     * the offline run normalises observations (the hook then sees normalised ones: RPEX's {@code normalize_states}
     * branch), else the data's per-dimension observation std; action std the data's per-dimension action std (both
     * population std, as {@link DatasetCorruption} takes them).
     */
    public static OnlineCorruption forOfflineData(Set<CorruptionField> fields, rrl.data.Transitions raw,
                                                  boolean normalised, boolean zeroCleanRewards, long seed) {
        float[] obsStd = new float[raw.obsDim()];
        if (normalised) {
            java.util.Arrays.fill(obsStd, 1f);
        } else {
            toFloat(DatasetCorruption.std(raw.obs(), raw.count(), raw.obsDim()), obsStd);
        }
        float[] actStd = new float[raw.actDim()];
        toFloat(DatasetCorruption.std(raw.actions(), raw.count(), raw.actDim()), actStd);
        return new OnlineCorruption(fields, obsStd, actStd, zeroCleanRewards, seed);
    }

    private static void toFloat(double[] from, float[] to) {
        for (int j = 0; j < to.length; j++) {
            to[j] = (float) from[j];
        }
    }

    /** The same corruption, storing 0 for uncorrupted rewards as {@code corrupt_trans} does when rew is corrupted. */
    public OnlineCorruption zeroingCleanRewards() {
        return new OnlineCorruption(fields, obsStd, actStd, true, seed);
    }

    public Set<CorruptionField> fields() {
        return fields;
    }

    /** The observation std, in the units the hook sees. */
    public float[] obsStd() {
        return obsStd.clone();
    }

    /** The action std. */
    public float[] actStd() {
        return actStd.clone();
    }

    /** Whether an uncorrupted reward is stored as 0 (see {@link #zeroingCleanRewards}). */
    public boolean zeroesCleanRewards() {
        return zeroCleanRewards;
    }

    /** Transitions seen. */
    public long seen() {
        return seen;
    }

    /** Transitions whose {@code f} was corrupted (since this object was made: counts are not checkpointed). */
    public long corrupted(CorruptionField f) {
        return corrupted[f.ordinal()];
    }

    /** TransitionHook's method: corrupts the transition in place. */
    public void beforeStore(long step, double[] obs, double[] action, double[] reward, double[] nextObs,
                            boolean terminated) {
        Rng rng = new Rng(seed ^ (0x9e3779b97f4a7c15L * (step + 1)));
        seen++;
        if (fields.contains(CorruptionField.REWARD)) {
            boolean hit = rng.nextDouble() < PROBABILITY;
            double noise = uniform(rng) * REWARD_SCALE;
            if (hit) {
                reward[0] = noise;
                corrupted[CorruptionField.REWARD.ordinal()]++;
            } else if (zeroCleanRewards) {
                reward[0] = 0;
            }
        }
        corrupt(CorruptionField.DYNAMICS, nextObs, obsStd, rng);
        corrupt(CorruptionField.OBSERVATION, obs, obsStd, rng);
        corrupt(CorruptionField.ACTION, action, actStd, rng);
    }

    private void corrupt(CorruptionField f, double[] x, float[] std, Rng rng) {
        if (!fields.contains(f)) {
            return;
        }
        if (x.length != std.length) {
            throw new IllegalArgumentException(f.label() + " has " + x.length + " values but its std " + std.length);
        }
        boolean hit = rng.nextDouble() < PROBABILITY;
        for (int j = 0; j < x.length; j++) {
            double noise = SCALE * uniform(rng) * std[j];
            if (hit) {
                x[j] += noise;
            }
        }
        if (hit) {
            corrupted[f.ordinal()]++;
        }
    }

    private static double uniform(Rng rng) {
        return -1 + 2 * rng.nextDouble();
    }
}
