package rrl.attack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import rrl.checkpoint.Checkpoint;
import rrl.random.Rng;

/**
 * DE/best/1/bin minimising a fitness over the box {@code [-bound, bound]^dim} (paper 2, Algorithm 1; Storn
 * and Price's scheme). A generation's trials are all handed to the fitness function at once, so it can
 * evaluate them as one batch: trials are built from the population at the start of the generation and a target
 * keeps the fitness it entered with [our reading] (notebooks/our-reading.md#de-generation). With a checkpoint
 * file the state after every generation is written there
 * (atomically) and a rerun continues from it to the same result as an uninterrupted run.
 */
public final class DifferentialEvolution {
    /** Evaluates a whole population at once; lower is better. */
    @FunctionalInterface
    public interface Fitness {
        /** Fitness of each row of {@code candidates} (count x dim, row-major) in generation {@code generation}. */
        double[] evaluate(double[] candidates, int count, int generation);
    }

    /** Called after each generation (0 is the initial population). */
    @FunctionalInterface
    public interface Listener {
        void generationDone(int generation, double bestFitness, double meanFitness);
    }

    /**
     * DE settings.
     *
     * @param populationSize NP; the attack's default is 15 x Na (paper 2: 45, 90, 120 for Hopper, HalfCheetah, Ant)
     * @param generations generations after the initial one (paper 2: 30)
     * @param fMin lower end (exclusive) of the per-mutant scale F (paper 2, eq. 4: F in (0.5, 1])
     * @param fMax upper end (inclusive) of F (paper 2: 1)
     * @param crossoverRate CR of binomial crossover (paper 2, eq. 5: 0.7)
     * @param bound the box half-width: trials are clipped to [-bound, bound] (paper 2: eps)
     * @param seed seeds initialisation, F, r1, r2, crossover draws
     */
    public record Config(int populationSize, int generations, double fMin, double fMax, double crossoverRate,
                         double bound, long seed) {
        public Config {
            if (populationSize < 4) {
                throw new IllegalArgumentException("DE needs a population of at least 4 (the target and three other "
                        + "individuals), got NP = " + populationSize);
            }
            if (generations < 0) {
                throw new IllegalArgumentException("generations must be >= 0, got " + generations);
            }
            if (!(fMin >= 0 && fMax >= fMin && fMax <= 2)) {
                throw new IllegalArgumentException("F range must satisfy 0 <= fMin <= fMax <= 2, got (" + fMin + ", " + fMax + "]");
            }
            if (!(crossoverRate >= 0 && crossoverRate <= 1)) {
                throw new IllegalArgumentException("crossover rate CR must be in [0, 1], got " + crossoverRate);
            }
            ActionPerturbation.requireEpsilon(bound);
        }
    }

    /**
     * The outcome: the best individual of the final population ([our reading], notebooks/our-reading.md#de-output)
     * and its fitness, the final population
     * (count x dim) with its fitness, and per generation the best and mean fitness of the population.
     */
    public record Result(double[] best, double bestFitness, double[] population, double[] fitness,
                         double[] bestHistory, double[] meanHistory, int resumedFromGeneration) {
        @Override
        public String toString() {
            return "DE result: best " + rrl.io.Texts.numbers(best) + " with fitness " + rrl.io.Texts.number(bestFitness)
                    + ", population of " + fitness.length + " after " + (bestHistory.length - 1) + " generations";
        }
    }

    private final Config config;
    private final int dim;

    public DifferentialEvolution(Config config, int dim) {
        if (dim < 1) {
            throw new IllegalArgumentException("DE needs at least one dimension, got " + dim);
        }
        this.config = config;
        this.dim = dim;
    }

    /** Runs (or resumes from {@code checkpoint} if it exists; null for none) and returns the result. */
    public Result run(Fitness fitness, Path checkpoint, Listener listener) {
        int np = config.populationSize();
        double b = config.bound();
        double[] pop;
        double[] fit;
        Rng rng;
        List<Double> bestHist = new ArrayList<>();
        List<Double> meanHist = new ArrayList<>();
        int generation;
        int resumedFrom = -1;
        if (checkpoint != null && Files.exists(checkpoint)) {
            Checkpoint c = Checkpoint.read(checkpoint);
            requireSameRun(c, checkpoint);
            generation = c.getMeta("generation", Integer.class);
            pop = c.doubles("population");
            fit = c.doubles("fitness");
            rng = Rng.restore(c.longs("rng")[0]);
            for (double v : c.doubles("best_history")) {
                bestHist.add(v);
            }
            for (double v : c.doubles("mean_history")) {
                meanHist.add(v);
            }
            resumedFrom = generation;
        } else {
            rng = new Rng(config.seed());
            pop = new double[np * dim];
            for (int k = 0; k < pop.length; k++) {
                pop[k] = -b + 2 * b * rng.nextDouble();
            }
            fit = checkedFitness(fitness, pop, np, 0);
            generation = 0;
            record(fit, bestHist, meanHist, listener, 0);
            save(checkpoint, generation, pop, fit, rng, bestHist, meanHist);
        }
        double[] trials = new double[np * dim];
        while (generation < config.generations()) {
            if (Thread.interrupted()) {
                throw new CancellationException("DE interrupted after generation " + generation
                        + (checkpoint != null ? "; rerun to resume from " + checkpoint : ""));
            }
            generation++;
            int best = argMin(fit);
            for (int i = 0; i < np; i++) {
                int r1;
                int r2;
                do {
                    r1 = rng.nextInt(np);
                } while (r1 == i);
                do {
                    r2 = rng.nextInt(np);
                } while (r2 == i || r2 == r1);
                // F in (fMin, fMax]: 1 - U[0, 1) is in (0, 1].
                double f = config.fMin() + (config.fMax() - config.fMin()) * (1.0 - rng.nextDouble());
                int jr = rng.nextInt(dim);
                for (int j = 0; j < dim; j++) {
                    double u;
                    if (j == jr || rng.nextDouble() < config.crossoverRate()) {
                        u = pop[best * dim + j] + f * (pop[r1 * dim + j] - pop[r2 * dim + j]);
                    } else {
                        u = pop[i * dim + j];
                    }
                    trials[i * dim + j] = Math.max(-b, Math.min(b, u));
                }
            }
            double[] tf = checkedFitness(fitness, trials, np, generation);
            for (int i = 0; i < np; i++) {
                if (tf[i] <= fit[i]) {
                    System.arraycopy(trials, i * dim, pop, i * dim, dim);
                    fit[i] = tf[i];
                }
            }
            record(fit, bestHist, meanHist, listener, generation);
            save(checkpoint, generation, pop, fit, rng, bestHist, meanHist);
        }
        int best = argMin(fit);
        double[] bestRow = new double[dim];
        System.arraycopy(pop, best * dim, bestRow, 0, dim);
        return new Result(bestRow, fit[best], pop, fit, toArray(bestHist), toArray(meanHist), resumedFrom);
    }

    private double[] checkedFitness(Fitness fitness, double[] candidates, int count, int generation) {
        double[] f = fitness.evaluate(candidates, count, generation);
        if (f.length != count) {
            throw new IllegalStateException("fitness returned " + f.length + " values for " + count + " candidates");
        }
        for (double v : f) {
            if (Double.isNaN(v)) {
                throw new IllegalStateException("fitness is NaN in generation " + generation);
            }
        }
        return f;
    }

    private static void record(double[] fit, List<Double> bestHist, List<Double> meanHist, Listener listener, int g) {
        double min = Double.POSITIVE_INFINITY;
        double sum = 0;
        for (double v : fit) {
            min = Math.min(min, v);
            sum += v;
        }
        bestHist.add(min);
        meanHist.add(sum / fit.length);
        if (listener != null) {
            listener.generationDone(g, min, sum / fit.length);
        }
    }

    /** Index of the smallest value (the first one on ties). */
    static int argMin(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] < v[best]) {
                best = i;
            }
        }
        return best;
    }

    private void save(Path checkpoint, int generation, double[] pop, double[] fit, Rng rng, List<Double> bestHist,
                      List<Double> meanHist) {
        if (checkpoint == null) {
            return;
        }
        // Exact doubles: a resumed run must continue from exactly the same population.
        Checkpoint.create("differential-evolution")
                .putMeta("generation", generation)
                .putMeta("dim", dim)
                .putMeta("config", identity())
                .putDoubles("population", pop)
                .putDoubles("fitness", fit)
                .putLongs("rng", rng.state())
                .putDoubles("best_history", toArray(bestHist))
                .putDoubles("mean_history", toArray(meanHist))
                .write(checkpoint);
    }

    private void requireSameRun(Checkpoint c, Path file) {
        if (!"differential-evolution".equals(c.kind())) {
            throw new IllegalArgumentException(file + " is a '" + c.kind() + "' checkpoint, not a DE attack's");
        }
        String saved = c.getMeta("config", String.class);
        int savedDim = c.getMeta("dim", Integer.class);
        if (!identity().equals(saved) || savedDim != dim) {
            throw new IllegalArgumentException(file + " belongs to a different DE run (" + saved + ", dim " + savedDim
                    + "); use another run folder or delete the checkpoint to start over");
        }
    }

    /** Everything but the generation count, so a finished run can be extended by more generations. */
    private String identity() {
        return new Config(config.populationSize(), 0, config.fMin(), config.fMax(), config.crossoverRate(),
                config.bound(), config.seed()).toString();
    }

    private static double[] toArray(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
