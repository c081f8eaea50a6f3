package rrl.eval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import rrl.attack.AttackConfig;
import rrl.attack.ObservationPerturbedVectorEnv;
import rrl.attack.PerturbationCondition;
import rrl.attack.PerturbedVectorEnv;
import rrl.attack.StateActionAttack;
import rrl.env.BatchEnv;
import rrl.env.Task;
import rrl.env.VectorEnv;
import rrl.policy.BatchPolicy;
import rrl.rollout.Evaluation;
import rrl.rollout.Rollouts;

/**
 * State and action perturbations together (paper 1's open question 2, arXiv 2510.13358; issue 21): a policy's return
 * over a 2-D grid of an actuator bound (paper 2's {@code a + delta ⊙ a}, delta within eps) and an observation bound (in
 * units of a per-dimension observation scale, {@link ObservationPerturbedVectorEnv}), under two conditions per cell:
 * <ul>
 *   <li><b>random</b>: delta drawn per episode ({@link PerturbationCondition#random}) and observation noise drawn every
 *       step ({@link ObservationPerturbedVectorEnv#noise}); the cell (0, 0) is the nominal return;</li>
 *   <li><b>adversarial</b>: the delta and observation offset of a {@link StateActionAttack} against this policy, fixed
 *       for every episode (cells with a bound above 0 only).</li>
 * </ul>
 * Every cell runs the same evaluation episodes from the same seed (common random numbers), so differences between
 * cells are the perturbations', not the reset noise's.
 */
public final class StateActionGrid {
    private StateActionGrid() {}

    /** The random condition's name. */
    public static final String RANDOM = "random";

    /** The adversarial condition's name. */
    public static final String ADVERSARIAL = "adversarial";

    /**
     * One cell's result: the condition ({@link #RANDOM} or {@link #ADVERSARIAL}), the two bounds, the evaluation
     * episodes' mean and std return, and the attack's search time in seconds (0 for random cells).
     */
    public record Row(String env, String condition, double actionEps, double observationEps, int episodes,
                      double meanReturn, double stdReturn, double attackSeconds) {
        /** {@code adversarial, action 0.3, observation 0.15}: the cell as tables and verdicts name it. */
        public String label() {
            return label(condition, actionEps, observationEps);
        }

        /** {@link #label()} of a cell. */
        public static String label(String condition, double actionEps, double observationEps) {
            return String.format(Locale.ROOT, "%s, action %s, observation %s", condition,
                    rrl.io.Texts.number(actionEps), rrl.io.Texts.number(observationEps));
        }
    }

    /**
     * The standard bounds for an action bound {@code eps}: {0, eps / 2, eps} for the actuators and the same values, in
     * units of the observation scale, for the observations ([our reading], notebooks/our-reading.md#observation-scale).
     */
    public static List<Double> standardBounds(double eps) {
        return List.of(0.0, eps / 2, eps);
    }

    /**
     * Evaluates {@code policy} over the grid {@code actionEps x observationEps}: {@code episodes} episodes per cell on
     * up to {@code maxEnvs} simulators stepped by {@code threads} threads (the same numbers on any thread count), all from
     * {@code seed}; with an {@code attack} (its NP, generations, M, F, CR; its seed is mixed with the cell's index)
     * also the adversarial condition of every cell with a bound above 0, each attack checkpointed in
     * {@code checkpoints} (null: none) as {@code attack-<a>-<o>.ckpt}. Rows: per cell (action bound outer, observation
     * inner) the random row, then the adversarial one.
     *
     * @param scale the observation scale, one value {@code >= 0} per observation dimension
     * @throws IllegalArgumentException for {@code episodes < 1}, a negative or repeated bound, or a scale that does not
     *     fit the task
     */
    public static List<Row> evaluate(BatchPolicy policy, Task task, double[] scale, List<Double> actionEps,
                                     List<Double> observationEps, int episodes, int maxEnvs, AttackConfig attack,
                                     long seed, Path checkpoints, int threads) {
        requireBounds("action", actionEps);
        requireBounds("observation", observationEps);
        if (episodes < 1) {
            throw new IllegalArgumentException("episodes per cell must be >= 1, got " + episodes);
        }
        int n = Math.max(1, Math.min(episodes, maxEnvs));
        List<Row> rows = new ArrayList<>();
        int cell = 0;
        for (double a : actionEps) {
            for (double o : observationEps) {
                PerturbationCondition action = a > 0 ? PerturbationCondition.random(a) : PerturbationCondition.normal();
                try (BatchEnv env = ObservationPerturbedVectorEnv.noise(new PerturbedVectorEnv(
                        new VectorEnv(task, n, threads, true), action), scale, o)) {
                    Evaluation.Result r = Evaluation.summarize(task.name(), Rollouts.run(env, policy, episodes, seed, false));
                    rows.add(new Row(task.name(), RANDOM, a, o, r.count(), r.meanReturn(), r.stdReturn(), 0));
                }
                if (attack != null && (a > 0 || o > 0)) {
                    String name = String.format(Locale.ROOT, "attack-%s-%s.ckpt", rrl.io.Texts.number(a),
                            rrl.io.Texts.number(o));
                    StateActionAttack.Result found = StateActionAttack.run(policy,
                            attack.withSeed(attack.seed() * 31 + cell), a, o, scale,
                            checkpoints == null ? null : checkpoints.resolve(name), threads);
                    PerturbationCondition fixed = a > 0 ? PerturbationCondition.adversarial(found.actionDelta())
                            : PerturbationCondition.normal();
                    try (BatchEnv env = ObservationPerturbedVectorEnv.offset(new PerturbedVectorEnv(
                            new VectorEnv(task, n, threads, true), fixed), found.observationOffset())) {
                        Evaluation.Result r = Evaluation.summarize(task.name(), Rollouts.run(env, policy, episodes, seed,
                                false));
                        rows.add(new Row(task.name(), ADVERSARIAL, a, o, r.count(), r.meanReturn(), r.stdReturn(),
                                found.seconds()));
                    }
                }
                cell++;
            }
        }
        return rows;
    }

    /** Refuses an empty, negative, non-finite or repeated list of bounds, naming {@code what} ("action"). */
    public static void requireBounds(String what, List<Double> bounds) {
        if (bounds == null || bounds.isEmpty()) {
            throw new IllegalArgumentException("the grid needs at least one " + what + " bound, e.g. [0, 0.15, 0.3]");
        }
        for (Double b : bounds) {
            if (b == null || !(b >= 0) || !Double.isFinite(b)) {
                throw new IllegalArgumentException(what + " bounds must be finite numbers >= 0, got " + bounds);
            }
        }
        if (bounds.stream().distinct().count() != bounds.size()) {
            throw new IllegalArgumentException(what + " bounds must not repeat, got " + bounds);
        }
    }
}
