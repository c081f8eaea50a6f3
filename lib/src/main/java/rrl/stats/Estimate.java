package rrl.stats;

/**
 * A point estimate with its bootstrap confidence interval.
 *
 * @param label what was estimated: the algorithm, or "X vs Y" for a two-sample estimator
 * @param estimator the estimator's name ({@link Aggregate#name()}, "P(X > Y)")
 * @param point the estimator on the data, in the scores' unit (a probability for P(X > Y))
 * @param low lower end of the percentile interval
 * @param high upper end of the percentile interval
 * @param runs independent runs behind the estimate (for a two-sample estimator, both samples' runs together)
 * @param tasks tasks (columns of the score matrices)
 * @param confidence two-sided coverage of [low, high]
 * @param reps bootstrap resamples
 */
public record Estimate(String label, String estimator, double point, double low, double high, int runs, int tasks,
                       double confidence, int reps) {
    /** Whether the interval holds {@code value}. */
    public boolean contains(double value) {
        return low <= value && value <= high;
    }
}
