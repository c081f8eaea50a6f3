package rrl.stats;

/**
 * Average probability of improvement P(X > Y) (Agarwal et al. 2021, section 4; rliable
 * {@code metrics.probability_of_improvement}): for each task m, the probability that a run of X scores above a run of
 * Y, ties counting one half (the Mann-Whitney U statistic of X over Y divided by {@code runsX * runsY}); then the mean
 * over tasks. A probability in [0, 1]; 0.5 means neither is better.
 */
public final class ProbabilityOfImprovement {
    private ProbabilityOfImprovement() {}

    /**
     * P(X > Y) for {@code x} (runsX x tasks) and {@code y} (runsY x tasks); IllegalArgumentException if a matrix is
     * not valid or the task counts differ.
     */
    public static double of(double[][] x, double[][] y) {
        check(x, y);
        return compute(x, y);
    }

    /**
     * P(X > Y) with its interval from independent stratified resamples of X and Y (rliable
     * {@code StratifiedIndependentBootstrap}; {@link BootstrapConfig#taskBootstrap()} is ignored, as there).
     */
    public static Estimate interval(String labelX, double[][] x, String labelY, double[][] y, BootstrapConfig config,
                                    int threads) {
        check(x, y);
        double point = compute(x, y);
        double[][] reps = StratifiedBootstrap.replicates(new double[][][] {x, y},
                s -> new double[] {compute(s[0], s[1])}, config, threads);
        double[][] ci = StratifiedBootstrap.percentileInterval(reps, config.confidence());
        return new Estimate(labelX + " vs " + labelY, "P(" + labelX + " > " + labelY + ")", point, ci[0][0], ci[1][0],
                x.length + y.length, x[0].length, config.confidence(), config.reps());
    }

    static void check(double[][] x, double[][] y) {
        ScoreMatrices.check(x, "X");
        ScoreMatrices.check(y, "Y");
        if (x[0].length != y[0].length) {
            throw new IllegalArgumentException("X has " + x[0].length + " tasks, Y has " + y[0].length
                    + " (probability of improvement compares task by task)");
        }
    }

    static double compute(double[][] x, double[][] y) {
        int tasks = x[0].length;
        double sum = 0;
        for (int m = 0; m < tasks; m++) {
            double u = 0;
            for (double[] xr : x) {
                for (double[] yr : y) {
                    u += xr[m] > yr[m] ? 1 : xr[m] == yr[m] ? 0.5 : 0;
                }
            }
            sum += u / ((double) x.length * y.length);
        }
        return sum / tasks;
    }
}
