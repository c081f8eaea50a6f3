package rrl.stats;

/**
 * Performance profiles (Agarwal et al. 2021, section 4; rliable {@code create_performance_profile}): the score
 * distribution, the fraction of runs x tasks scores strictly above each threshold tau, or the average score
 * distribution, the fraction of per-task mean scores above tau; with stratified bootstrap bands.
 */
public final class PerformanceProfiles {
    private PerformanceProfiles() {}

    /** Fraction of all scores of {@code scores} (runs x tasks) strictly above each tau (rliable {@code score_distributions}). */
    public static double[] scoreDistribution(double[][] scores, double[] taus) {
        ScoreMatrices.check(scores, "scores");
        checkTaus(taus);
        return runFractions(scores, taus);
    }

    /** Fraction of per-task mean scores strictly above each tau (rliable {@code average_score_distributions}). */
    public static double[] averageScoreDistribution(double[][] scores, double[] taus) {
        ScoreMatrices.check(scores, "scores");
        checkTaus(taus);
        return meanFractions(scores, taus);
    }

    /**
     * The profile with its band; {@code average} picks the average score distribution (rliable's
     * {@code use_score_distribution=False}). rliable's defaults: {@link BootstrapConfig#profileDefaults()}.
     */
    public static PerformanceProfile profile(String label, double[][] scores, double[] taus, boolean average,
                                             BootstrapConfig config, int threads) {
        ScoreMatrices.check(scores, label);
        checkTaus(taus);
        double[] taus0 = taus.clone();
        java.util.function.Function<double[][], double[]> f =
                average ? s -> meanFractions(s, taus0) : s -> runFractions(s, taus0);
        double[] point = f.apply(scores);
        double[][] reps = StratifiedBootstrap.replicates(new double[][][] {scores}, s -> f.apply(s[0]), config, threads);
        double[][] ci = StratifiedBootstrap.percentileInterval(reps, config.confidence());
        return new PerformanceProfile(label, average ? "average score distribution" : "score distribution", taus0,
                point, ci[0], ci[1], scores.length, scores[0].length, config.confidence(), config.reps());
    }

    /** {@code count} thresholds evenly spaced from {@code from} to {@code to} inclusive (numpy {@code linspace}). */
    public static double[] linspace(double from, double to, int count) {
        if (count < 2 || !Double.isFinite(from) || !Double.isFinite(to)) {
            throw new IllegalArgumentException("linspace needs finite ends and at least 2 points, got " + from + ", "
                    + to + ", " + count);
        }
        double[] t = new double[count];
        double step = (to - from) / (count - 1);
        for (int i = 0; i < count; i++) {
            t[i] = from + i * step;
        }
        t[count - 1] = to;
        return t;
    }

    private static void checkTaus(double[] taus) {
        if (taus == null || taus.length == 0) {
            throw new IllegalArgumentException("a performance profile needs at least one threshold");
        }
        for (double t : taus) {
            if (Double.isNaN(t)) {
                throw new IllegalArgumentException("threshold is NaN");
            }
        }
    }

    private static double[] runFractions(double[][] scores, double[] taus) {
        return fractions(ScoreMatrices.flatten(scores), taus);
    }

    private static double[] meanFractions(double[][] scores, double[] taus) {
        return fractions(ScoreMatrices.taskMeans(scores), taus);
    }

    private static double[] fractions(double[] values, double[] taus) {
        double[] f = new double[taus.length];
        for (int i = 0; i < taus.length; i++) {
            int above = 0;
            for (double v : values) {
                if (v > taus[i]) {
                    above++;
                }
            }
            f[i] = (double) above / values.length;
        }
        return f;
    }
}
