package rrl.stats;

/**
 * A performance profile with its pointwise bootstrap band: at each threshold {@code taus[i]} (scores' unit) the
 * fraction {@code fraction[i]} in [0, 1] of scores above it, and the band {@code [low[i], high[i]]}.
 *
 * @param label the algorithm
 * @param kind "score distribution" (fraction of all runs x tasks scores above tau) or "average score distribution"
 *             (fraction of per-task mean scores above tau)
 * @param taus thresholds, in the scores' unit
 * @param fraction the profile, one value per threshold
 * @param low lower ends of the percentile band
 * @param high upper ends of the percentile band
 * @param runs runs per task
 * @param tasks tasks
 * @param confidence coverage of the band at each threshold
 * @param reps bootstrap resamples
 */
public record PerformanceProfile(String label, String kind, double[] taus, double[] fraction, double[] low,
                                 double[] high, int runs, int tasks, double confidence, int reps) {
    public PerformanceProfile {
        taus = taus.clone();
        fraction = fraction.clone();
        low = low.clone();
        high = high.clone();
    }

    @Override
    public double[] taus() {
        return taus.clone();
    }

    @Override
    public double[] fraction() {
        return fraction.clone();
    }

    @Override
    public double[] low() {
        return low.clone();
    }

    @Override
    public double[] high() {
        return high.clone();
    }
}
