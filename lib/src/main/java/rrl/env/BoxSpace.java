package rrl.env;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/** A box [low, high] of real vectors, Gymnasium's {@code spaces.Box}. */
public record BoxSpace(double[] low, double[] high) {
    public BoxSpace {
        if (low.length != high.length) {
            throw new IllegalArgumentException("low and high differ in length: " + low.length + " vs " + high.length);
        }
        low = low.clone();
        high = high.clone();
    }

    /** A box with the same bounds in every dimension. */
    public static BoxSpace uniform(int dim, double low, double high) {
        double[] lo = new double[dim];
        double[] hi = new double[dim];
        Arrays.fill(lo, low);
        Arrays.fill(hi, high);
        return new BoxSpace(lo, hi);
    }

    public int dim() {
        return low.length;
    }

    /** A uniform sample (infinite bounds are not sampled: they give 0 with a standard normal added). */
    public double[] sample(RandomGenerator rng) {
        double[] x = new double[dim()];
        for (int i = 0; i < x.length; i++) {
            x[i] = Double.isFinite(low[i]) && Double.isFinite(high[i])
                    ? rng.nextDouble(low[i], Math.nextUp(high[i]))
                    : rng.nextGaussian();
        }
        return x;
    }

    public boolean contains(double[] x) {
        if (x.length != dim()) {
            return false;
        }
        for (int i = 0; i < x.length; i++) {
            if (!(x[i] >= low[i] && x[i] <= high[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "Box(" + Arrays.toString(low) + ", " + Arrays.toString(high) + ")";
    }
}
