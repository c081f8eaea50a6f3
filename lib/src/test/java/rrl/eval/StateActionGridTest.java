package rrl.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import rrl.attack.AttackConfig;
import rrl.attack.PerturbationCondition;
import rrl.env.Environments;
import rrl.env.Task;
import rrl.policy.ActorPolicy;
import rrl.policy.ShippedPolicies;

/** The state-action grid of the shipped Hopper expert on real MuJoCo. */
class StateActionGridTest {
    private static final Task HOPPER = Environments.task("Hopper");

    private static double[] scale(ActorPolicy p) {
        float[] std = p.normalizer().std();
        double[] s = new double[std.length];
        for (int j = 0; j < std.length; j++) {
            s[j] = std[j];
        }
        return s;
    }

    @Test
    void theGridHasARandomRowPerCellAndAnAdversarialOneWhereABoundIsSetWithTheNominalReturnAtTheOrigin() {
        ActorPolicy expert = ShippedPolicies.load("Hopper", "expert");
        AttackConfig attack = AttackConfig.paper("Hopper", 1).withPopulation(6).withGenerations(1).withEpisodes(1);
        List<StateActionGrid.Row> rows = StateActionGrid.evaluate(expert, HOPPER, scale(expert), List.of(0.0, 0.3),
                List.of(0.0, 0.5), 3, 3, attack, 9, null, 1);
        assertEquals(List.of("random, action 0, observation 0", "random, action 0, observation 0.5",
                "adversarial, action 0, observation 0.5", "random, action 0.3, observation 0",
                "adversarial, action 0.3, observation 0", "random, action 0.3, observation 0.5",
                "adversarial, action 0.3, observation 0.5"), rows.stream().map(StateActionGrid.Row::label).toList());
        double nominal = RobustnessEvaluation.run(expert, HOPPER, PerturbationCondition.normal(), 3, 3, 9, false, 1)
                .meanReturn();
        assertEquals(nominal, rows.get(0).meanReturn(), 1e-9, "the origin is the nominal evaluation, same episodes");
        assertTrue(rows.get(6).meanReturn() < nominal, "the joint attack hurts: " + rows.get(6) + " vs " + nominal);
        assertTrue(rows.stream().allMatch(r -> r.episodes() == 3));
        List<StateActionGrid.Row> twoThreads = StateActionGrid.evaluate(expert, HOPPER, scale(expert), List.of(0.0, 0.3),
                List.of(0.0, 0.5), 3, 3, attack, 9, null, 2);
        assertEquals(withoutTimes(rows), withoutTimes(twoThreads), "the same numbers on another thread count");
    }

    /** The rows without the attacks' search times, which are the machine's. */
    private static List<StateActionGrid.Row> withoutTimes(List<StateActionGrid.Row> rows) {
        return rows.stream().map(r -> new StateActionGrid.Row(r.env(), r.condition(), r.actionEps(), r.observationEps(),
                r.episodes(), r.meanReturn(), r.stdReturn(), 0)).toList();
    }

    @Test
    void badBoundsAreRefusedNamingThem() {
        ActorPolicy expert = ShippedPolicies.load("Hopper", "expert");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StateActionGrid.evaluate(expert,
                HOPPER, scale(expert), List.of(0.0, -0.1), List.of(0.0), 1, 1, null, 0, null, 1));
        assertEquals("action bounds must be finite numbers >= 0, got [0.0, -0.1]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> StateActionGrid.evaluate(expert, HOPPER, scale(expert),
                List.of(0.1), List.of(0.2, 0.2), 1, 1, null, 0, null, 1));
        assertEquals("observation bounds must not repeat, got [0.2, 0.2]", e.getMessage());
    }
}
