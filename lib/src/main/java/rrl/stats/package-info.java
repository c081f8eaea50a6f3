/**
 * Statistics for verdicts over training runs, after Agarwal et al. 2021, "Deep Reinforcement Learning at the Edge of
 * the Statistical Precipice" (NeurIPS), whose {@code rliable} package is the reference implementation (an oracle test
 * compares every number): aggregate estimators ({@link rrl.stats.Aggregate}: mean, median, interquartile mean,
 * optimality gap), stratified bootstrap confidence intervals ({@link rrl.stats.StratifiedBootstrap}), performance
 * profiles ({@link rrl.stats.PerformanceProfiles}), probability of improvement
 * ({@link rrl.stats.ProbabilityOfImprovement}), paired / Welch t-tests ({@link rrl.stats.TTests}, on Apache
 * Commons Statistics), and verdicts on a study's claims over training seeds ({@link rrl.stats.Verdicts}: percentile
 * bootstrap p-values, Holm's adjustment across the claims, TOST for equivalence, under a
 * {@link rrl.stats.VerdictRule} fixed in code).
 *
 * <p>Inputs are score matrices {@code scores[run][task]} (runs x tasks) per algorithm, as rliable takes them: every
 * row one independent run, every column one task, all rows of equal length, every value finite. Every stochastic
 * part takes a seed ({@link rrl.stats.BootstrapConfig#seed()}) and gives the same numbers on any thread count.
 * A low layer: it uses only Java, its libraries and {@code rrl.random}.
 */
package rrl.stats;
