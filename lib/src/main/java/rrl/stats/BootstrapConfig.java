package rrl.stats;

/**
 * How a stratified bootstrap confidence interval is drawn: percentile intervals (rliable's default method) from
 * {@code reps} resamples at two-sided coverage {@code confidence}.
 *
 * @param reps bootstrap resamples, at least 100; default 50,000 ({@link #DEFAULT_REPS}: rliable's
 *             {@code get_interval_estimates}, as its README recommends); performance profiles use 2,000
 *             ({@link #PROFILE_REPS}: rliable's {@code create_performance_profile})
 * @param confidence two-sided coverage in (0, 1); default 0.95 (rliable's {@code confidence_interval_size})
 * @param taskBootstrap also resample tasks (with replacement) in each resample, as rliable's
 *                      {@code task_bootstrap}; default false (runs only: the uncertainty of repeating the runs on
 *                      the same tasks). Two-sample estimators ignore it, as rliable does.
 * @param seed seed of the resamples; resample r draws from a generator seeded by (seed, r) alone, so the numbers do
 *             not depend on the thread count
 */
public record BootstrapConfig(int reps, double confidence, boolean taskBootstrap, long seed) {
    /** rliable {@code get_interval_estimates(reps=50000)}. */
    public static final int DEFAULT_REPS = 50_000;
    /** rliable {@code create_performance_profile(reps=2000)}. */
    public static final int PROFILE_REPS = 2_000;
    /** rliable {@code confidence_interval_size=0.95}. */
    public static final double DEFAULT_CONFIDENCE = 0.95;

    public BootstrapConfig {
        if (reps < 100) {
            throw new IllegalArgumentException("bootstrap reps must be at least 100, got " + reps);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1), got " + confidence);
        }
    }

    /** 50,000 resamples, 95%, runs only, seed 0. */
    public static BootstrapConfig defaults() {
        return new BootstrapConfig(DEFAULT_REPS, DEFAULT_CONFIDENCE, false, 0);
    }

    /** 2,000 resamples, 95%, runs only, seed 0: rliable's defaults for performance profiles. */
    public static BootstrapConfig profileDefaults() {
        return new BootstrapConfig(PROFILE_REPS, DEFAULT_CONFIDENCE, false, 0);
    }

    public BootstrapConfig withReps(int reps) {
        return new BootstrapConfig(reps, confidence, taskBootstrap, seed);
    }

    public BootstrapConfig withConfidence(double confidence) {
        return new BootstrapConfig(reps, confidence, taskBootstrap, seed);
    }

    public BootstrapConfig withTaskBootstrap(boolean taskBootstrap) {
        return new BootstrapConfig(reps, confidence, taskBootstrap, seed);
    }

    public BootstrapConfig withSeed(long seed) {
        return new BootstrapConfig(reps, confidence, taskBootstrap, seed);
    }
}
