package rrl.attack;

import java.nio.file.Path;
import rrl.env.Environments;
import rrl.env.Task;
import rrl.env.VectorEnv;
import rrl.policy.BatchPolicy;

/**
 * Paper 2's differential-evolution attack extended to observations (paper 1's open question 2, arXiv 2510.13358;
 * issue 21): one DE search over the actuator perturbation {@code delta in [-actionEps, actionEps]^Na} (executed as
 * {@code a + delta ⊙ a}, {@link PerturbedVectorEnv}) and an observation offset {@code in [-observationEps,
 * observationEps] * scale} per dimension ({@link ObservationPerturbedVectorEnv#offset}), both fixed for the episode,
 * minimising the attacked policy's mean return. A bound of 0 leaves its part out of the search.
 *
 * <p>The search runs on the unit box {@code [-1, 1]^(Na + No)} and each part is scaled to its bound: DE/best/1/bin's
 * mutation, crossover and clipping act per coordinate, so this is the same search as on the scaled box. Episodes,
 * common initial states within a generation and the DE settings (NP, generations, M, F, CR, seed) are the action
 * attack's ({@link DifferentialEvolutionAttack}); {@code config.eps()} is not used (the two bounds replace it).
 */
public final class StateActionAttack {
    private StateActionAttack() {}

    /**
     * The outcome: the actuator delta (Na values, zeros when {@code actionEps} is 0) and the observation offset (No
     * values in observation units, zeros when {@code observationEps} is 0) of the best individual of the final
     * population, its fitness (mean return), the best fitness per generation, and the work done in this process.
     */
    public record Result(double actionEps, double observationEps, double[] actionDelta, double[] observationOffset,
                         double bestFitness, double[] bestHistory, long envSteps, double seconds) {
        /**
         * {@code state-action attack on Hopper (action eps 0.3, observation eps 0.15 x scale): mean return 412.0 (90000
         * env steps in 5.1 s)}.
         */
        @Override
        public String toString() {
            return "state-action attack (action eps " + rrl.io.Texts.number(actionEps) + ", observation eps "
                    + rrl.io.Texts.number(observationEps) + " x scale): mean return " + rrl.io.Texts.fixed(bestFitness, 1)
                    + " (" + envSteps + " env steps in " + rrl.io.Texts.fixed(seconds, 1) + " s)";
        }
    }

    /**
     * Attacks {@code policy} on {@code config.env()}; with a {@code checkpoint} file the DE state is saved there after
     * each generation and an existing one is resumed (to the same result).
     *
     * @param scale the observation scale, one value {@code >= 0} per observation dimension (see
     *     {@link ObservationPerturbedVectorEnv})
     * @throws IllegalArgumentException if both bounds are 0, a bound is negative, or the scale does not fit the task
     */
    public static Result run(BatchPolicy policy, AttackConfig config, double actionEps, double observationEps,
                             double[] scale, Path checkpoint, int threads) {
        Task task = Environments.task(config.env());
        DifferentialEvolutionAttack.requireCompatible(policy, task);
        ObservationPerturbedVectorEnv.requireBound(actionEps);
        ObservationPerturbedVectorEnv.requireBound(observationEps);
        ObservationPerturbedVectorEnv.requireScale(task, scale);
        if (actionEps == 0 && observationEps == 0) {
            throw new IllegalArgumentException("a state-action attack needs an action or an observation bound above 0");
        }
        int na = actionEps > 0 ? task.actionDim() : 0;
        int no = observationEps > 0 ? task.observationDim() : 0;
        int dim = na + no;
        int np = config.populationSize();
        int m = config.episodesPerIndividual();
        int slots = np * m;
        long[] steps = new long[1];
        long t0 = System.nanoTime();
        DifferentialEvolution.Config unit = new DifferentialEvolution.Config(np, config.generations(), config.fMin(),
                config.fMax(), config.crossoverRate(), 1.0, config.seed());
        try (ObservationPerturbedVectorEnv env = ObservationPerturbedVectorEnv.offset(
                new PerturbedVectorEnv(new VectorEnv(task, slots, threads, true), PerturbationCondition.normal()),
                new double[task.observationDim()])) {
            PerturbedVectorEnv actions = (PerturbedVectorEnv) env.inner();
            double[] slotDeltas = new double[slots * task.actionDim()];
            double[] slotOffsets = new double[slots * task.observationDim()];
            DifferentialEvolution.Fitness fitness = (candidates, count, generation) -> {
                for (int s = 0; s < slots; s++) {
                    split(candidates, (s / m) * dim, na, no, actionEps, observationEps, scale, slotDeltas,
                            s * task.actionDim(), slotOffsets, s * task.observationDim());
                }
                actions.setCondition(new PerturbationCondition.PerSlot(slotDeltas));
                env.setOffsets(slotOffsets);
                return DifferentialEvolutionAttack.meanReturns(env, policy, config.seed(), generation, np, m, count, steps);
            };
            DifferentialEvolution.Result r = new DifferentialEvolution(unit, dim).run(fitness, checkpoint, null);
            double[] delta = new double[task.actionDim()];
            double[] offset = new double[task.observationDim()];
            split(r.best(), 0, na, no, actionEps, observationEps, scale, delta, 0, offset, 0);
            return new Result(actionEps, observationEps, delta, offset, r.bestFitness(), r.bestHistory(), steps[0],
                    (System.nanoTime() - t0) / 1e9);
        }
    }

    /** Scales one unit-box individual at {@code from} into an actuator delta and an observation offset. */
    private static void split(double[] x, int from, int na, int no, double actionEps, double observationEps,
                              double[] scale, double[] delta, int deltaAt, double[] offset, int offsetAt) {
        for (int k = 0; k < na; k++) {
            delta[deltaAt + k] = actionEps * x[from + k];
        }
        for (int j = 0; j < no; j++) {
            offset[offsetAt + j] = observationEps * scale[j] * x[from + na + j];
        }
    }
}
