package rrl.attack;

import rrl.env.BatchEnv;
import rrl.env.Task;
import rrl.random.Rng;

/**
 * A batch env whose observations are perturbed before the policy sees them (paper 1's open question 2, arXiv
 * 2510.13358; issue 21): the simulator, the reward and the termination are untouched, only what {@link #reset},
 * {@link #resetEach} and {@link #observations()} return changes. Two kinds, each bounded per dimension in units of a
 * {@code scale} (the per-dimension standard deviation of the policy's training data, as RIQL's and RORL's observation
 * perturbations are; [our reading], notebooks/our-reading.md#observation-scale):
 * <ul>
 *   <li><b>noise</b>: {@code o' = o + eps * scale ⊙ u}, {@code u ~ U(-1, 1)^No} drawn every step from each slot's own
 *       generator (split from the reset seed), so the numbers do not depend on how many slots or threads run;</li>
 *   <li><b>offset</b>: {@code o' = o + offset}, a fixed offset per slot (absolute units) that stays for every episode
 *       of the slot, as paper 2's per-episode actuator delta does; what {@link StateActionAttack} searches over.</li>
 * </ul>
 * Composes with the action perturbation by wrapping a {@link PerturbedVectorEnv}. Closing it closes the wrapped env
 * ({@link rrl.env.Wrapper}).
 */
public final class ObservationPerturbedVectorEnv extends rrl.env.Wrapper {
    /** Keeps the noise draws independent of the reset noise and the action perturbation drawn from the same seed. */
    private static final long NOISE_STREAM = 0xBB67AE8584CAA73BL;

    private final int n;
    private final int obsDim;
    private final double[] noiseBound; // eps * scale per dimension; null for offsets
    private final double[] offsets; // n x obsDim; null for noise
    private final Rng[] rngs;
    private final double[] perturbed;

    private ObservationPerturbedVectorEnv(BatchEnv env, double[] noiseBound, double[] offsets) {
        super(env);
        this.n = env.numEnvs();
        this.obsDim = env.observationDim();
        this.noiseBound = noiseBound;
        this.offsets = offsets;
        this.rngs = new Rng[n];
        this.perturbed = new double[n * obsDim];
    }

    /**
     * {@code env} (taken over) with per-step uniform noise of half-width {@code eps * scale[j]} on observation dimension
     * j.
     *
     * @throws IllegalArgumentException if {@code scale} does not have one finite value {@code >= 0} per observation
     *     dimension or {@code eps} is negative or not finite (the env is closed then)
     */
    public static ObservationPerturbedVectorEnv noise(BatchEnv env, double[] scale, double eps) {
        double[] bound = new double[env.observationDim()];
        try {
            requireScale(env.task(), scale);
            requireBound(eps);
            for (int j = 0; j < bound.length; j++) {
                bound[j] = eps * scale[j];
            }
        } catch (IllegalArgumentException e) {
            env.close(); // it was handed over: a refused wrapper must not leak its simulators
            throw e;
        }
        return new ObservationPerturbedVectorEnv(env, bound, null);
    }

    /**
     * {@code env} (taken over) with a fixed observation offset: either one row of {@code observationDim} values for every
     * slot, or {@code numEnvs x observationDim} values, one row per slot (absolute units).
     *
     * @throws IllegalArgumentException for another length or a non-finite value (the env is closed then)
     */
    public static ObservationPerturbedVectorEnv offset(BatchEnv env, double[] offset) {
        int n = env.numEnvs();
        int d = env.observationDim();
        double[] rows = new double[n * d];
        if (offset.length == d) {
            for (int i = 0; i < n; i++) {
                System.arraycopy(offset, 0, rows, i * d, d);
            }
        } else if (offset.length == n * d) {
            System.arraycopy(offset, 0, rows, 0, rows.length);
        } else {
            env.close();
            throw new IllegalArgumentException("an observation offset for " + env.task().name() + " needs " + d
                    + " values (one per observation dimension) or " + n + " x " + d + " (one row per slot), got "
                    + offset.length);
        }
        for (double v : rows) {
            if (!Double.isFinite(v)) {
                env.close();
                throw new IllegalArgumentException("an observation offset must be finite, got " + v);
            }
        }
        return new ObservationPerturbedVectorEnv(env, null, rows);
    }

    /** Changes the per-slot offsets (n x observationDim); they apply from the next reset on. Offset envs only. */
    public void setOffsets(double[] perSlot) {
        if (offsets == null || perSlot.length != offsets.length) {
            throw new IllegalArgumentException(offsets == null ? "a noise env has no offsets"
                    : "per-slot offsets need " + n + " x " + obsDim + " values, got " + perSlot.length);
        }
        System.arraycopy(perSlot, 0, offsets, 0, offsets.length);
    }

    static void requireScale(Task task, double[] scale) {
        if (scale == null || scale.length != task.observationDim()) {
            throw new IllegalArgumentException("an observation scale for " + task.name() + " needs "
                    + task.observationDim() + " values (one per observation dimension), got "
                    + (scale == null ? "none" : scale.length));
        }
        for (double s : scale) {
            if (!(s >= 0) || !Double.isFinite(s)) {
                throw new IllegalArgumentException("an observation scale must be finite and >= 0, got " + s);
            }
        }
    }

    static void requireBound(double eps) {
        if (!(eps >= 0) || !Double.isFinite(eps)) {
            throw new IllegalArgumentException("observation perturbation bound must be a finite number >= 0 (in units "
                    + "of the observation scale), got " + eps);
        }
    }

    @Override
    public double[] reset(long seed) {
        Rng root = new Rng(seed ^ NOISE_STREAM);
        for (int i = 0; i < n; i++) {
            rngs[i] = root.split();
        }
        env.reset(seed);
        perturbAll(null);
        return perturbed;
    }

    @Override
    public double[] resetEach(long[] seeds) {
        for (int i = 0; i < n; i++) {
            rngs[i] = new Rng(seeds[i] ^ NOISE_STREAM).split();
        }
        env.resetEach(seeds);
        perturbAll(null);
        return perturbed;
    }

    @Override
    public void step(double[] actions, boolean[] active) {
        env.step(actions, active);
        perturbAll(active);
    }

    /** Perturbs the wrapped env's observations of every slot (active ones only after a step: the others keep theirs). */
    private void perturbAll(boolean[] active) {
        double[] o = env.observations();
        for (int i = 0; i < n; i++) {
            if (active != null && !active[i]) {
                continue;
            }
            int base = i * obsDim;
            for (int j = 0; j < obsDim; j++) {
                double d = noiseBound != null ? noiseBound[j] * (2 * rngs[i].nextDouble() - 1) : offsets[base + j];
                perturbed[base + j] = o[base + j] + d;
            }
        }
    }

    /** The perturbed observations (n x observationDim), what the policy sees. */
    @Override
    public double[] observations() {
        return perturbed;
    }

    /** {@code ObservationPerturbedVectorEnv(PerturbedVectorEnv(...) with observation noise)}. */
    @Override
    public String toString() {
        return "ObservationPerturbedVectorEnv(" + env + " with observation " + (noiseBound != null ? "noise" : "offsets")
                + ")";
    }
}
