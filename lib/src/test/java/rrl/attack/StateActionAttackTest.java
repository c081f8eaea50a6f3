package rrl.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rrl.env.Environments;
import rrl.env.Task;
import rrl.policy.ActorPolicy;
import rrl.policy.ShippedPolicies;

/** The joint DE attack over actuators and observations, against the shipped Hopper expert on real MuJoCo. */
class StateActionAttackTest {
    private static final Task HOPPER = Environments.task("Hopper");
    private static ActorPolicy expert;
    private static double[] scale;

    @TempDir
    Path tmp;

    @BeforeAll
    static void load() {
        expert = ShippedPolicies.load("Hopper", "expert");
        float[] std = expert.normalizer().std();
        scale = new double[std.length];
        for (int j = 0; j < std.length; j++) {
            scale[j] = std[j];
        }
    }

    private static AttackConfig small() {
        return AttackConfig.paper("Hopper", 3).withPopulation(8).withGenerations(2).withEpisodes(1);
    }

    @Test
    void theAttackStaysInItsBoundsLowersTheReturnAndIsTheSameOnAnyThreadCount() {
        StateActionAttack.Result one = StateActionAttack.run(expert, small(), 0.3, 0.5, scale, null, 1);
        for (double d : one.actionDelta()) {
            assertTrue(Math.abs(d) <= 0.3 + 1e-12, "delta within eps: " + d);
        }
        for (int j = 0; j < scale.length; j++) {
            assertTrue(Math.abs(one.observationOffset()[j]) <= 0.5 * scale[j] + 1e-9, "offset " + j);
        }
        assertTrue(java.util.Arrays.stream(one.observationOffset()).anyMatch(v -> v != 0), "the observations are searched");
        double nominal = rrl.eval.RobustnessEvaluation.run(expert, HOPPER, PerturbationCondition.normal(), 8, 8, 3, false,
                1).meanReturn();
        assertTrue(one.bestFitness() < 0.8 * nominal, "the joint attack hurts: " + one.bestFitness() + " vs " + nominal);
        StateActionAttack.Result two = StateActionAttack.run(expert, small(), 0.3, 0.5, scale, null, 2);
        assertArrayEquals(one.actionDelta(), two.actionDelta(), 0.0);
        assertArrayEquals(one.observationOffset(), two.observationOffset(), 0.0);
        assertEquals(one.bestFitness(), two.bestFitness(), 0.0);
    }

    @Test
    void aZeroBoundLeavesItsPartOutAndACheckpointResumesToTheSameResult() {
        StateActionAttack.Result obsOnly = StateActionAttack.run(expert, small(), 0, 0.5, scale, tmp.resolve("a.ckpt"), 1);
        assertArrayEquals(new double[HOPPER.actionDim()], obsOnly.actionDelta(), 0.0);
        // a rerun on the finished checkpoint reads the same result back
        StateActionAttack.Result again = StateActionAttack.run(expert, small(), 0, 0.5, scale, tmp.resolve("a.ckpt"), 1);
        assertArrayEquals(obsOnly.observationOffset(), again.observationOffset(), 0.0);
        assertEquals(obsOnly.bestFitness(), again.bestFitness(), 0.0);
        StateActionAttack.Result actOnly = StateActionAttack.run(expert, small(), 0.3, 0, scale, null, 1);
        assertArrayEquals(new double[HOPPER.observationDim()], actOnly.observationOffset(), 0.0);
    }

    @Test
    void noBoundAtAllIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StateActionAttack.run(expert, small(), 0, 0, scale, null, 1));
        assertEquals("a state-action attack needs an action or an observation bound above 0", e.getMessage());
    }
}
