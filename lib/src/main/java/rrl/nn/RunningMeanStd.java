package rrl.nn;

import java.util.Arrays;
import rrl.checkpoint.Checkpoint;

/**
 * Running per-dimension mean and variance of a stream of rows, merged batch by batch with the parallel variance
 * formula (Chan et al.), in double: Gymnasium's {@code RunningMeanStd} (from OpenAI baselines), which PPO's
 * observation and reward normalisation use. It starts at mean 0, variance 1 and a pseudo-count of 1e-4, as
 * Gymnasium's does, so the first scaled values are finite.
 */
public final class RunningMeanStd {
    /** Gymnasium's initial pseudo-count (its {@code epsilon}). */
    public static final double INITIAL_COUNT = 1e-4;

    private final double[] mean;
    private final double[] var;
    private double count = INITIAL_COUNT;

    /** Statistics of rows of {@code dim} values. */
    public RunningMeanStd(int dim) {
        if (dim < 1) {
            throw new IllegalArgumentException("a running mean needs at least 1 dimension, got " + dim);
        }
        this.mean = new double[dim];
        this.var = new double[dim];
        Arrays.fill(var, 1.0);
    }

    public int dim() {
        return mean.length;
    }

    /** Merges {@code rows} rows of {@code x} (row-major, {@link #dim()} values each). */
    public void update(double[] x, int rows) {
        int d = mean.length;
        if (rows < 1 || x.length < rows * d) {
            throw new IllegalArgumentException("need >= 1 row of " + d + " values, got " + rows + " rows in " + x.length);
        }
        for (int i = 0; i < d; i++) {
            double m = 0;
            for (int r = 0; r < rows; r++) {
                m += x[r * d + i];
            }
            m /= rows;
            double v = 0;
            for (int r = 0; r < rows; r++) {
                double e = x[r * d + i] - m;
                v += e * e;
            }
            v /= rows;
            double delta = m - mean[i];
            double total = count + rows;
            mean[i] += delta * rows / total;
            var[i] = (var[i] * count + v * rows + delta * delta * count * rows / total) / total;
        }
        count += rows;
    }

    /** The current mean (a copy). */
    public double[] mean() {
        return mean.clone();
    }

    /** The current (population) variance (a copy). */
    public double[] var() {
        return var.clone();
    }

    public double count() {
        return count;
    }

    /**
     * The scaling these statistics give now, frozen: (x - mean) / sqrt(var + eps), clipped to [-clip, clip]
     * (Gymnasium's NormalizeObservation: eps 1e-8).
     */
    public ObservationNormalizer normalizer(double eps, double clip) {
        int d = mean.length;
        float[] m = new float[d];
        float[] s = new float[d];
        for (int i = 0; i < d; i++) {
            m[i] = (float) mean[i];
            s[i] = (float) Math.sqrt(var[i] + eps);
        }
        return new ObservationNormalizer(m, s, clip);
    }

    /** Saves mean, variance and count under {@code prefix}. */
    public void save(Checkpoint c, String prefix) {
        c.putDoubles(prefix + ".mean", mean).putDoubles(prefix + ".var", var)
                .putDoubles(prefix + ".count", new double[] {count});
    }

    /** Restores what {@link #save} wrote. */
    public void restore(Checkpoint c, String prefix) {
        double[] m = c.doubles(prefix + ".mean");
        if (m.length != mean.length) {
            throw new IllegalArgumentException("running statistics " + prefix + " hold " + m.length
                    + " dimensions, expected " + mean.length);
        }
        System.arraycopy(m, 0, mean, 0, mean.length);
        System.arraycopy(c.doubles(prefix + ".var"), 0, var, 0, var.length);
        count = c.doubles(prefix + ".count")[0];
    }
}
