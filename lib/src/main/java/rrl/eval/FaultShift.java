package rrl.eval;

import java.util.ArrayList;
import java.util.List;
import rrl.attack.ActuatorFault;
import rrl.attack.FaultyVectorEnv;
import rrl.attack.PerturbationCondition;
import rrl.attack.PerturbedVectorEnv;
import rrl.env.BatchEnv;
import rrl.env.Task;
import rrl.env.VectorEnv;
import rrl.policy.BatchPolicy;
import rrl.rollout.Evaluation;
import rrl.rollout.Rollouts;

/**
 * Fault-family shift (paper 1's open question, arXiv 2510.13358; issue 21): a policy trained or fine-tuned under
 * paper 1's multiplicative faults ({@code a + delta ⊙ a}, delta per episode within eps), evaluated under faults it
 * never saw: a larger eps, a delta redrawn every step, a dead, stuck or sign-flipped actuator, a delayed command.
 * Every case runs the same episodes from the same seed (common random numbers), so differences between cases are
 * the faults', not the reset noise's.
 */
public final class FaultShift {
    private FaultShift() {}

    /**
     * One evaluation case: its family ("nominal", "dead", ...), its label ("dead actuator 2") and either a
     * {@link PerturbationCondition} (paper 2's family, per episode) or an {@link ActuatorFault}; exactly one is set.
     */
    public record Case(String family, String label, PerturbationCondition condition, ActuatorFault fault) {
        public Case {
            if ((condition == null) == (fault == null)) {
                throw new IllegalArgumentException("a fault case is either a perturbation condition or an actuator "
                        + "fault, got " + condition + " and " + fault);
            }
        }

        static Case of(String family, PerturbationCondition c) {
            return new Case(family, c.toString(), c, null);
        }

        static Case of(ActuatorFault f) {
            return new Case(f.kind().id(), f.toString(), null, f);
        }

        /** {@code env} (taken over) under this case's fault. */
        BatchEnv wrap(BatchEnv env) {
            return condition != null ? new PerturbedVectorEnv(env, condition) : new FaultyVectorEnv(env, fault);
        }
    }

    /**
     * One case's result: mean and std of the return over its episodes, and the mean as a share of the nominal one (NaN
     * when the nominal return is not positive: a share of it would read backwards).
     */
    public record Row(String env, String family, String fault, int episodes, double meanReturn, double stdReturn,
                      double shareOfNominal) {}

    /** The family of the fault-free case, whose return the shares divide by. */
    public static final String NOMINAL = "nominal";

    /**
     * Paper 2's random condition (a delta per episode within eps): every fine-tuning run is evaluated under it
     * throughout, and the random-condition run trains under it, so the study's claims do not count it as a shift.
     */
    public static final String TRAINING_FAMILY = "random ε";

    /** The delays of {@link #standard}, in environment steps (Hopper: 8 ms each, Gymnasium's frame skip 4 x 2 ms). */
    public static final List<Integer> DELAYS = List.of(1, 3);

    /**
     * The standard cases for {@code task} with training bound {@code eps}: nominal; random delta per episode at eps
     * (family "random ε", the one fine-tuning saw) and at 2 x eps ("random 2ε"); delta redrawn every step at eps;
     * each actuator dead, stuck and sign-flipped; commands delayed by each of {@link #DELAYS} steps. The nominal case
     * comes first.
     */
    public static List<Case> standard(Task task, double eps) {
        List<Case> out = new ArrayList<>();
        out.add(Case.of(NOMINAL, PerturbationCondition.normal()));
        out.add(Case.of(TRAINING_FAMILY, PerturbationCondition.random(eps)));
        out.add(Case.of("random 2ε", PerturbationCondition.random(2 * eps)));
        out.add(Case.of(ActuatorFault.perStepRandom(eps)));
        for (int j = 0; j < task.actionDim(); j++) {
            out.add(Case.of(ActuatorFault.dead(j)));
        }
        for (int j = 0; j < task.actionDim(); j++) {
            out.add(Case.of(ActuatorFault.stuck(j)));
        }
        for (int j = 0; j < task.actionDim(); j++) {
            out.add(Case.of(ActuatorFault.signFlip(j)));
        }
        for (int d : DELAYS) {
            out.add(Case.of(ActuatorFault.delay(d)));
        }
        return out;
    }

    /**
     * Evaluates {@code policy} under every case: {@code episodes} episodes each on up to {@code maxEnvs} simulators
     * stepped by {@code threads} threads (same numbers on any count), all from {@code seed}. The share of nominal
     * divides by the first case named "nominal" (NaN without one, or when its return is not positive).
     *
     * @throws IllegalArgumentException if {@code episodes < 1} or a case does not fit the task (an actuator it lacks)
     */
    public static List<Row> evaluate(BatchPolicy policy, Task task, List<Case> cases, int episodes, int maxEnvs,
                                     long seed, int threads) {
        if (episodes < 1) {
            throw new IllegalArgumentException("episodes per fault must be >= 1, got " + episodes);
        }
        int n = Math.max(1, Math.min(episodes, maxEnvs));
        List<Evaluation.Result> results = new ArrayList<>();
        for (Case c : cases) {
            try (BatchEnv env = c.wrap(new VectorEnv(task, n, threads, true))) {
                results.add(Evaluation.summarize(task.name(), Rollouts.run(env, policy, episodes, seed, false)));
            }
        }
        double nominal = Double.NaN;
        for (int i = 0; i < cases.size(); i++) {
            if (cases.get(i).family().equals(NOMINAL)) {
                nominal = results.get(i).meanReturn();
                break;
            }
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            Evaluation.Result r = results.get(i);
            // a share of a return that is not positive reads backwards (a worse fault gives a larger share): undefined
            rows.add(new Row(task.name(), cases.get(i).family(), cases.get(i).label(), r.count(), r.meanReturn(),
                    r.stdReturn(), nominal > 0 ? r.meanReturn() / nominal : Double.NaN));
        }
        return rows;
    }
}
