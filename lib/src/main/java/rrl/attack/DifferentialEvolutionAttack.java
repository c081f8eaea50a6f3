package rrl.attack;

import java.nio.file.Path;
import java.util.List;
import rrl.policy.ActorPolicy;
import rrl.env.Environments;
import rrl.env.Task;
import rrl.env.VectorEnv;
import rrl.parallel.WorkerPool;
import rrl.progress.ProgressBar;
import rrl.random.Rng;
import rrl.policy.BatchPolicy;
import rrl.rollout.Episode;
import rrl.rollout.Rollouts;

/**
 * Paper 2's adversarial attack (Algorithm 1): differential evolution over the per-episode actuator
 * perturbation {@code delta in [-eps, eps]^Na}, minimising the attacked policy's mean episodic return.
 *
 * <p>Each generation is one batch: a vector env with NP x M slots, slot (i, m) running episode m of
 * individual i under its fixed {@code delta}, one batched policy call per step, the slots spread over all
 * cores. Within a generation the M episodes of every individual start from the same M initial states
 * (common random numbers [our reading], notebooks/our-reading.md#de-common-initial-states), so selection
 * compares perturbations rather than reset noise; each generation draws new initial states.
 */
public final class DifferentialEvolutionAttack {
    /**
     * The attack's outcome: {@code delta} (the best individual of the final population [our reading],
     * notebooks/our-reading.md#de-output) and its fitness
     * (mean return), the final population (NP x Na) with its fitness, the best and mean fitness per
     * generation, and the work done in this process (env steps, seconds; a resumed run counts only its part).
     */
    public record Result(AttackConfig config, double[] delta, double bestFitness, double[] population,
                         double[] fitness, double[] bestHistory, double[] meanHistory, long envSteps, double seconds,
                         int resumedFromGeneration) {
        public int actionDim() {
            return delta.length;
        }

        /** Env steps per second of this process's part of the attack, policy inference included. */
        public double stepsPerSecond() {
            return envSteps / seconds;
        }

        /**
         * {@code DE attack on Hopper (NP 45, 30 generations, M 3, eps 0.3, seed 0): delta [-0.3, 0.12, 0.3], mean
         * return under delta 496.2 (919891 env steps in 32.7 s)}.
         */
        @Override
        public String toString() {
            return "DE attack on " + config.env() + " (NP " + config.populationSize() + ", "
                    + rrl.io.Messages.count(config.generations(), "generation") + ", M " + config.episodesPerIndividual()
                    + ", eps " + rrl.io.Texts.number(config.eps())
                    + ", seed " + config.seed() + "): delta " + rrl.io.Texts.numbers(delta) + ", mean return under delta "
                    + rrl.io.Texts.fixed(bestFitness, 1) + " (" + envSteps + " env steps in "
                    + rrl.io.Texts.fixed(seconds, 1) + " s" + (resumedFromGeneration > 0 ? ", resumed at generation "
                    + resumedFromGeneration : "") + ")";
        }
    }

    private DifferentialEvolutionAttack() {}

    /**
     * Attacks {@code policy} on all cores with a progress bar, no checkpoint:
     * {@code DifferentialEvolutionAttack.run(policy, AttackConfig.paper("Hopper").withGenerations(4))}.
     */
    public static Result run(BatchPolicy policy, AttackConfig config) {
        return run(policy, config, null, true);
    }

    /**
     * Attacks {@code policy}; with a {@code checkpoint} file the DE state is saved there after each generation
     * and an existing one is resumed. Uses all cores.
     */
    public static Result run(BatchPolicy policy, AttackConfig config, Path checkpoint, boolean showProgress) {
        return run(policy, config, checkpoint, showProgress, WorkerPool.defaultThreads());
    }

    public static Result run(BatchPolicy policy, AttackConfig config, Path checkpoint, boolean showProgress, int threads) {
        Task task = Environments.task(config.env());
        requireCompatible(policy, task);
        int na = task.actionDim();
        int np = config.populationSize();
        int m = config.episodesPerIndividual();
        int slots = np * m;
        long[] steps = new long[1];
        long t0 = System.nanoTime();
        try (PerturbedVectorEnv env = new PerturbedVectorEnv(new VectorEnv(task, slots, threads, true),
                PerturbationCondition.normal());
             ProgressBar bar = showProgress ? new ProgressBar(task.name() + " DE attack (NP " + np + " x M " + m
                     + " episodes per population; the initial one, then "
                     + rrl.io.Messages.count(config.generations(), "generation") + ")",
                     config.generations() + 1L, "populations") : null) {
            double[] slotDeltas = new double[slots * na];
            DifferentialEvolution.Fitness fitness = (candidates, count, generation) -> {
                for (int s = 0; s < slots; s++) {
                    System.arraycopy(candidates, (s / m) * na, slotDeltas, s * na, na);
                }
                env.setCondition(new PerturbationCondition.PerSlot(slotDeltas));
                return meanReturns(env, policy, config.seed(), generation, np, m, count, steps);
            };
            int[] first = {-1};
            DifferentialEvolution.Result r = new DifferentialEvolution(config.de(), na).run(fitness, checkpoint,
                    (g, best, mean) -> {
                        if (bar != null) {
                            bar.status(String.format("gen %d: best %.0f, mean %.0f", g, best, mean));
                            // A resumed run starts the bar at its generation.
                            bar.step(first[0] < 0 ? g + 1 : 1);
                            first[0] = g;
                        }
                    });
            if (bar != null && bar.done() < config.generations() + 1L) {
                // Read back finished from its checkpoint: the bar says so rather than stay at 0/N.
                bar.status("finished earlier, read from the checkpoint");
                bar.step(config.generations() + 1L - bar.done());
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            return new Result(config, r.best(), r.bestFitness(), r.population(), r.fitness(), r.bestHistory(),
                    r.meanHistory(), steps[0], seconds, r.resumedFromGeneration());
        }
    }

    /**
     * One generation's fitness: an episode per slot of {@code env} (individual i in slots i*M .. i*M+M-1, every
     * individual from the generation's M initial states) and each individual's mean return over its M episodes;
     * the episodes' steps are added to {@code steps[0]}.
     */
    static double[] meanReturns(rrl.env.BatchEnv env, BatchPolicy policy, long seed, int generation, int np, int m,
                                int count, long[] steps) {
        List<Episode> episodes = Rollouts.onePerSlot(env, policy, episodeSeeds(seed, generation, np, m), null);
        double[] f = new double[count];
        for (Episode e : episodes) {
            f[e.env() / m] += e.episodeReturn() / m;
            steps[0] += e.length();
        }
        return f;
    }

    /** Slot (i, m) gets the m-th seed of the generation: equal initial states across individuals. */
    static long[] episodeSeeds(long seed, int generation, int np, int m) {
        Rng g = new Rng(seed * 0x9E3779B97F4A7C15L + generation);
        long[] perEpisode = new long[m];
        for (int k = 0; k < m; k++) {
            perEpisode[k] = g.nextLong();
        }
        long[] seeds = new long[np * m];
        for (int s = 0; s < seeds.length; s++) {
            seeds[s] = perEpisode[s % m];
        }
        return seeds;
    }

    /** A policy trained for another environment gets a clear error instead of a shape failure mid-attack. */
    static void requireCompatible(BatchPolicy policy, Task task) {
        if (policy instanceof ActorPolicy p && (p.observationDim() != task.observationDim()
                || p.actionDim() != task.actionDim())) {
            throw new IllegalArgumentException("the policy maps " + p.observationDim() + " observations to "
                    + p.actionDim() + " actions but " + task.name() + " has " + task.observationDim() + " and "
                    + task.actionDim() + "; was it trained on " + p.env() + "?");
        }
    }
}
