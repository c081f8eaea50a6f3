package rrl.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import rrl.random.Rng;

class ActionPerturbationTest {
    @Test
    void executedActionIsCommandPlusDeltaTimesCommand() {
        double[] a = {0.5, -1.0, 0.2, 1.0, 0.0, -0.4};
        double[] delta = {0.3, -0.3, 0.1, -0.2, 0.25, 0.0};
        double[] out = new double[6];
        ActionPerturbation.apply(a, delta, 2, 3, out);
        assertArrayEquals(new double[] {0.65, -0.7, 0.22, 0.8, 0.0, -0.4}, out, 1e-15);
        // In place too.
        ActionPerturbation.apply(a, delta, 2, 3, a);
        assertArrayEquals(out, a, 0.0);
    }

    @Test
    void defaultsFollowPaperTwo() {
        assertEquals(0.3, PerturbationEpsilon.defaultFor("Hopper"));
        assertEquals(0.3, PerturbationEpsilon.defaultFor("halfcheetah"));
        assertEquals(0.5, PerturbationEpsilon.defaultFor("Ant"));
        assertEquals(0.3, PerturbationEpsilon.defaultFor("Walker2d"));
        AttackConfig c = AttackConfig.paper("Hopper", 0);
        assertEquals(45, c.populationSize());
        assertEquals(3, c.episodesPerIndividual());
        assertEquals(30, c.generations());
        assertEquals(0.7, c.crossoverRate());
        assertEquals(90, AttackConfig.paper("HalfCheetah", 0).populationSize());
        assertEquals(2, AttackConfig.paper("HalfCheetah", 0).episodesPerIndividual());
        assertEquals(120, AttackConfig.paper("Ant", 0).populationSize());
    }

    @Test
    void conditionsDrawWhatTheyShould() {
        double[] out = new double[4];
        PerturbationCondition.normal().draw(0, new Rng(1), out, 0, 4);
        assertArrayEquals(new double[4], out);
        PerturbationCondition.adversarial(new double[] {0.1, -0.2, 0.3, 0}).draw(0, new Rng(1), out, 0, 4);
        assertArrayEquals(new double[] {0.1, -0.2, 0.3, 0}, out);
        Rng rng = new Rng(7);
        double min = 1;
        double max = -1;
        for (int k = 0; k < 1000; k++) {
            PerturbationCondition.random(0.3).draw(0, rng, out, 0, 4);
            for (double v : out) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        assertTrue(min >= -0.3 && min < -0.29 && max <= 0.3 && max > 0.29, min + " " + max);
    }

    @Test
    void badInputsAreClearErrors() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PerturbationCondition.random(0))
                .getMessage().contains("eps must be a finite number > 0"));
        assertThrows(IllegalArgumentException.class, () -> PerturbationCondition.random(-0.3));
        assertThrows(IllegalArgumentException.class, () -> AttackConfig.paper("Hopper", 0).withEps(0));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AttackConfig.paper("Hopper", 0).withPopulation(3))
                .getMessage().contains("at least 4"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ActionPerturbation.requireValid(new double[] {0.1, 0.2}, 3, 0.3, "Hopper"))
                .getMessage().contains("needs 3 values"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ActionPerturbation.requireValid(new double[] {0.1, 0.2, 0.5}, 3, 0.3, "Hopper"))
                .getMessage().contains("outside [-0.3, 0.3]"));
        assertThrows(IllegalArgumentException.class,
                () -> ActionPerturbation.requireValid(new double[] {0.1, Double.NaN, 0}, 3, 0.3, "Hopper"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AttackConfig.paper("Hoper", 0))
                .getMessage().contains("Hoper"));
    }
}
