package rrl.attack;

import rrl.env.Environments;
import rrl.env.Task;

/**
 * Settings of the differential-evolution attack on one environment.
 *
 * @param env Hopper, HalfCheetah, Walker2d or Ant
 * @param eps perturbation bound (paper 2: 0.3 Hopper/HalfCheetah, 0.5 Ant; {@link PerturbationEpsilon})
 * @param populationSize NP (paper 2: 15 x Na, i.e. 45 / 90 / 120 for Hopper / HalfCheetah / Ant; Walker2d 90
 *     [our reading], notebooks/our-reading.md#de-population)
 * @param generations DE generations after the initial population (paper 2: 30)
 * @param episodesPerIndividual M, episodes averaged per fitness value (paper 2 says "over 100 trials for each
 *     generation"; ceil(100 / NP), at least 2 [our reading], notebooks/our-reading.md#de-episodes)
 * @param fMin lower end (exclusive) of F (paper 2, eq. 4: 0.5)
 * @param fMax upper end of F (paper 2: 1)
 * @param crossoverRate CR (paper 2, eq. 5: 0.7)
 * @param seed seeds the DE draws and the episodes' reset noise
 */
public record AttackConfig(String env, double eps, int populationSize, int generations, int episodesPerIndividual,
                           double fMin, double fMax, double crossoverRate, long seed) {
    public AttackConfig {
        Task task = Environments.task(env);
        env = task.name();
        ActionPerturbation.requireEpsilon(eps);
        if (episodesPerIndividual < 1) {
            throw new IllegalArgumentException("episodes per individual (M) must be >= 1, got " + episodesPerIndividual);
        }
        // NP, F, CR and generations are checked by DifferentialEvolution.Config.
        de(populationSize, generations, fMin, fMax, crossoverRate, eps, seed);
    }

    /**
     * Paper 2's settings for {@code env}, seed 0: change any with the withers,
     * {@code AttackConfig.paper("Hopper").withGenerations(4).withSeed(1)}.
     */
    public static AttackConfig paper(String env) {
        return paper(env, 0);
    }

    /** Paper 2's settings for {@code env} with the given seed. */
    public static AttackConfig paper(String env, long seed) {
        Task task = Environments.task(env);
        PerturbationSettings settings = PerturbationSettings.of(task.name());
        int np = settings.dePopulation();
        return new AttackConfig(task.name(), settings.eps(), np, 30, defaultEpisodes(np),
                0.5, 1.0, 0.7, seed);
    }

    /**
     * M = ceil(100 / NP), at least 2 ([our reading] of paper 2 section 3.2's "over 100 trials for each generation";
     * notebooks/our-reading.md#de-episodes).
     */
    public static int defaultEpisodes(int populationSize) {
        return Math.max(2, (100 + populationSize - 1) / populationSize);
    }

    public AttackConfig withEps(double e) {
        return new AttackConfig(env, e, populationSize, generations, episodesPerIndividual, fMin, fMax, crossoverRate, seed);
    }

    public AttackConfig withPopulation(int np) {
        return new AttackConfig(env, eps, np, generations, episodesPerIndividual, fMin, fMax, crossoverRate, seed);
    }

    public AttackConfig withGenerations(int g) {
        return new AttackConfig(env, eps, populationSize, g, episodesPerIndividual, fMin, fMax, crossoverRate, seed);
    }

    public AttackConfig withEpisodes(int m) {
        return new AttackConfig(env, eps, populationSize, generations, m, fMin, fMax, crossoverRate, seed);
    }

    /** F drawn from U(fMin, fMax] per mutant (paper 2, eq. 4: (0.5, 1]). */
    public AttackConfig withF(double min, double max) {
        return new AttackConfig(env, eps, populationSize, generations, episodesPerIndividual, min, max, crossoverRate, seed);
    }

    /** CR (paper 2, eq. 5: 0.7). */
    public AttackConfig withCrossoverRate(double cr) {
        return new AttackConfig(env, eps, populationSize, generations, episodesPerIndividual, fMin, fMax, cr, seed);
    }

    public AttackConfig withSeed(long s) {
        return new AttackConfig(env, eps, populationSize, generations, episodesPerIndividual, fMin, fMax, crossoverRate, s);
    }

    /** The optimiser's settings. */
    public DifferentialEvolution.Config de() {
        return de(populationSize, generations, fMin, fMax, crossoverRate, eps, seed);
    }

    private static DifferentialEvolution.Config de(int np, int g, double fMin, double fMax, double cr, double eps, long seed) {
        return new DifferentialEvolution.Config(np, g, fMin, fMax, cr, eps, seed);
    }
}
