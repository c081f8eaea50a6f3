package rrl.stats;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * An aggregate performance estimator: one number from a score matrix {@code scores[run][task]}, in the scores' unit
 * (or a fraction for {@link #optimalityGap}'s unit, which is the scores'). The four of Agarwal et al. 2021, section 4,
 * as rliable's {@code metrics.py} defines them.
 *
 * @param name the estimator's name as tables show it ("IQM", "median", ...)
 * @param function the estimator; it may assume a checked matrix (see {@link ScoreMatrices#check})
 */
public record Aggregate(String name, ToDoubleFunction<double[][]> function) {
    /** Mean over tasks of the per-task mean over runs (rliable {@code aggregate_mean}). */
    public static final Aggregate MEAN = new Aggregate("mean", Aggregate::mean);
    /** Median over tasks of the per-task mean over runs (rliable {@code aggregate_median}). */
    public static final Aggregate MEDIAN = new Aggregate("median", Aggregate::median);
    /**
     * Interquartile mean: mean of all runs x tasks scores after dropping the lowest and highest {@code floor(N/4)}
     * of the N scores (scipy {@code trim_mean(.., 0.25)}, rliable {@code aggregate_iqm}).
     */
    public static final Aggregate IQM = new Aggregate("IQM", Aggregate::iqm);

    public Aggregate {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(function, "function");
    }

    /**
     * Optimality gap at threshold {@code gamma} (same unit as the scores; 1 for normalised scores, rliable's
     * default): {@code gamma - mean(min(score, gamma))} over all runs and tasks (rliable
     * {@code aggregate_optimality_gap}). Lower is better.
     */
    public static Aggregate optimalityGap(double gamma) {
        if (!Double.isFinite(gamma)) {
            throw new IllegalArgumentException("optimality gap threshold must be finite, got " + gamma);
        }
        return new Aggregate("optimality gap", s -> optimalityGap(s, gamma));
    }

    /** The four estimators with the optimality gap at {@code gamma}: median, IQM, mean, optimality gap. */
    public static java.util.List<Aggregate> standard(double gamma) {
        return java.util.List.of(MEDIAN, IQM, MEAN, optimalityGap(gamma));
    }

    /** This estimator on {@code scores} (runs x tasks); IllegalArgumentException if the matrix is not valid. */
    public double of(double[][] scores) {
        ScoreMatrices.check(scores, name);
        return function.applyAsDouble(scores);
    }

    static double mean(double[][] scores) {
        double[] m = ScoreMatrices.taskMeans(scores);
        double sum = 0;
        for (double v : m) {
            sum += v;
        }
        return sum / m.length;
    }

    static double median(double[][] scores) {
        return medianOf(ScoreMatrices.taskMeans(scores));
    }

    static double medianOf(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    static double iqm(double[][] scores) {
        double[] all = ScoreMatrices.flatten(scores);
        Arrays.sort(all);
        int cut = (int) (0.25 * all.length);
        double sum = 0;
        for (int i = cut; i < all.length - cut; i++) {
            sum += all[i];
        }
        return sum / (all.length - 2 * cut);
    }

    static double optimalityGap(double[][] scores, double gamma) {
        double sum = 0;
        int n = 0;
        for (double[] run : scores) {
            for (double v : run) {
                sum += Math.min(v, gamma);
                n++;
            }
        }
        return gamma - sum / n;
    }
}
