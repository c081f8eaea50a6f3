package rrl.stats;

import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Function;
import java.util.stream.IntStream;
import rrl.random.Rng;

/**
 * Stratified bootstrap (Agarwal et al. 2021, section 4; rliable {@code StratifiedBootstrap} and
 * {@code StratifiedIndependentBootstrap}): a resample of a score matrix {@code scores[run][task]} draws, for every
 * cell (run n, task m), a run uniformly with replacement from the same task m, so each task keeps its number of runs.
 * With {@link BootstrapConfig#taskBootstrap()} each task column is first replaced by a uniformly drawn task. Several
 * score matrices (two-sample estimators) are resampled independently of each other, each stratified by task.
 *
 * <p>Intervals are percentile intervals: the {@code (1-confidence)/2} and {@code (1+confidence)/2} quantiles of the
 * resampled statistic, with linear interpolation between order statistics (numpy's default, which arch uses for
 * rliable). Resample r uses a generator seeded from ({@code seed}, r) only, so any thread count gives the same
 * numbers; {@code threads} is a resource and runs in a pool of its own that is shut down on return.
 */
public final class StratifiedBootstrap {
    private StratifiedBootstrap() {}

    /** Point estimate and interval of {@code aggregate} on {@code scores} (runs x tasks), one thread. */
    public static Estimate interval(String label, double[][] scores, Aggregate aggregate, BootstrapConfig config) {
        return interval(label, scores, aggregate, config, 1);
    }

    /** As {@link #interval(String, double[][], Aggregate, BootstrapConfig)} on {@code threads} threads (same numbers). */
    public static Estimate interval(String label, double[][] scores, Aggregate aggregate, BootstrapConfig config,
                                    int threads) {
        ScoreMatrices.check(scores, label);
        double point = aggregate.function().applyAsDouble(scores);
        double[][] reps = replicates(new double[][][] {scores}, s -> new double[] {aggregate.function().applyAsDouble(s[0])},
                config, threads);
        double[][] ci = percentileInterval(reps, config.confidence());
        return new Estimate(label, aggregate.name(), point, ci[0][0], ci[1][0], scores.length, scores[0].length,
                config.confidence(), config.reps());
    }

    /**
     * The resampled statistic: {@code reps x k} values of {@code statistic}, which gets one resample of each matrix in
     * {@code samples} (in order, each runs x tasks; independent resamples; task bootstrap only for one matrix) and
     * returns k numbers. Row r is the same for any {@code threads}.
     */
    public static double[][] replicates(double[][][] samples, Function<double[][][], double[]> statistic,
                                        BootstrapConfig config, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        for (int i = 0; i < samples.length; i++) {
            ScoreMatrices.check(samples[i], "sample " + i);
        }
        boolean tasks = config.taskBootstrap() && samples.length == 1;
        double[][] out = new double[config.reps()][];
        IntStream body = IntStream.range(0, config.reps());
        Runnable run = () -> (threads == 1 ? body : body.parallel())
                .forEach(r -> out[r] = statistic.apply(resample(samples, tasks, config.seed(), r)));
        if (threads == 1) {
            run.run();
        } else {
            ForkJoinPool pool = new ForkJoinPool(threads);
            try {
                pool.submit(run).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("bootstrap interrupted", e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
            } finally {
                pool.shutdownNow();
            }
        }
        return out;
    }

    /** Resample {@code r} of {@code samples} under {@code seed}: depends on (seed, r) only. */
    static double[][][] resample(double[][][] samples, boolean taskBootstrap, long seed, int r) {
        Rng rng = new Rng(seed ^ (0x9e3779b97f4a7c15L * (r + 1L)));
        double[][][] out = new double[samples.length][][];
        for (int i = 0; i < samples.length; i++) {
            double[][] s = samples[i];
            int runs = s.length;
            int tasks = s[0].length;
            int[] task = new int[tasks];
            for (int m = 0; m < tasks; m++) {
                task[m] = taskBootstrap ? rng.nextInt(tasks) : m;
            }
            double[][] x = new double[runs][tasks];
            for (int n = 0; n < runs; n++) {
                for (int m = 0; m < tasks; m++) {
                    x[n][m] = s[rng.nextInt(runs)][task[m]];
                }
            }
            out[i] = x;
        }
        return out;
    }

    /**
     * Percentile interval of each column of {@code replicates} ({@code reps x k}): {@code {low[k], high[k]}} at
     * two-sided coverage {@code confidence}, numpy's linear interpolation.
     */
    public static double[][] percentileInterval(double[][] replicates, double confidence) {
        int k = replicates[0].length;
        double alpha = (1 - confidence) / 2;
        double[] low = new double[k];
        double[] high = new double[k];
        double[] col = new double[replicates.length];
        for (int j = 0; j < k; j++) {
            for (int r = 0; r < replicates.length; r++) {
                col[r] = replicates[r][j];
            }
            Arrays.sort(col);
            low[j] = quantileSorted(col, alpha);
            high[j] = quantileSorted(col, 1 - alpha);
        }
        return new double[][] {low, high};
    }

    /** The q-quantile of sorted values with linear interpolation (numpy {@code percentile}'s default). */
    public static double quantileSorted(double[] sorted, double q) {
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        if (lo >= sorted.length - 1) {
            return sorted[sorted.length - 1];
        }
        double v = sorted[lo];
        return v + (h - lo) * (sorted[lo + 1] - v);
    }
}
