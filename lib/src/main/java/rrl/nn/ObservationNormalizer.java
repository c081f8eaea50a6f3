package rrl.nn;

import java.util.Arrays;

/**
 * Per-dimension (x - mean) / std applied to observations before every network, as TD3+BC does with the
 * dataset's statistics (std computed with ddof 0, plus 1e-3; sfujim/TD3_BC utils.py), optionally clipped to
 * [-clip, clip] afterwards (PPO's running normalisation clips at 10: Gymnasium's NormalizeObservation followed by
 * a clip, as CleanRL's ppo_continuous_action composes them). Saved in checkpoints so a policy always sees inputs
 * scaled as in training.
 */
public final class ObservationNormalizer {
    /** TD3+BC's epsilon added to the standard deviation. */
    public static final double TD3_BC_EPS = 1e-3;

    private final float[] mean;
    private final float[] std;
    private final double clip;

    /** (x - mean) / std without a clip. */
    public ObservationNormalizer(float[] mean, float[] std) {
        this(mean, std, Double.POSITIVE_INFINITY);
    }

    /**
     * (x - mean) / std clipped to [-clip, clip].
     *
     * @param clip the bound of the scaled values, > 0 ({@code Double.POSITIVE_INFINITY}: no clip)
     */
    public ObservationNormalizer(float[] mean, float[] std, double clip) {
        if (!(clip > 0)) {
            throw new IllegalArgumentException("the clip of normalised observations must be > 0, got " + clip);
        }
        this.clip = clip;
        if (mean.length != std.length) {
            throw new IllegalArgumentException("mean and std differ in length: " + mean.length + " vs " + std.length);
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("std must be positive, got " + Arrays.toString(std));
            }
        }
        this.mean = mean.clone();
        this.std = std.clone();
    }

    /** No scaling (online algorithms trained from scratch). */
    public static ObservationNormalizer identity(int dim) {
        float[] one = new float[dim];
        Arrays.fill(one, 1f);
        return new ObservationNormalizer(new float[dim], one);
    }

    /** Mean and std (+eps) of {@code count} rows of {@code obs}, computed in double. */
    public static ObservationNormalizer fromData(float[] obs, int count, int dim, double eps) {
        double[] m = new double[dim];
        double[] sq = new double[dim];
        for (int r = 0; r < count; r++) {
            for (int i = 0; i < dim; i++) {
                m[i] += obs[r * dim + i];
            }
        }
        for (int i = 0; i < dim; i++) {
            m[i] /= count;
        }
        for (int r = 0; r < count; r++) {
            for (int i = 0; i < dim; i++) {
                double d = obs[r * dim + i] - m[i];
                sq[i] += d * d;
            }
        }
        float[] mean = new float[dim];
        float[] std = new float[dim];
        for (int i = 0; i < dim; i++) {
            mean[i] = (float) m[i];
            std[i] = (float) (Math.sqrt(sq[i] / count) + eps);
        }
        return new ObservationNormalizer(mean, std);
    }

    public int dim() {
        return mean.length;
    }

    public float[] mean() {
        return mean.clone();
    }

    public float[] std() {
        return std.clone();
    }

    /** The bound of the scaled values ({@code Double.POSITIVE_INFINITY} when they are not clipped). */
    public double clip() {
        return clip;
    }

    /** Whether the scaled values are clipped (then the scaling is not affine and cannot be folded into a layer). */
    public boolean clips() {
        return clip != Double.POSITIVE_INFINITY;
    }

    /** Normalises {@code rows} rows of {@code in} (double, as environments produce) into {@code out}. */
    public void apply(double[] in, float[] out, int rows) {
        int d = mean.length;
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < d; i++) {
                double z = (in[r * d + i] - mean[i]) / std[i];
                out[r * d + i] = (float) (z > clip ? clip : z < -clip ? -clip : z);
            }
        }
    }

    /** Normalises {@code rows} rows of a float array in place. */
    public void applyInPlace(float[] x, int rows) {
        int d = mean.length;
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < d; i++) {
                float z = (x[r * d + i] - mean[i]) / std[i];
                x[r * d + i] = (float) (z > clip ? clip : z < -clip ? -clip : z);
            }
        }
    }
}
