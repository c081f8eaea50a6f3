package rrl.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rrl.policy.ActorPolicy;
import rrl.policy.ShippedPolicies;
import rrl.env.Environments;
import rrl.rollout.Evaluation;

/** The attack against the shipped Hopper expert (SAC, return ~3290) at a small budget. */
class DifferentialEvolutionAttackTest {
    @TempDir
    Path tmp;

    static ActorPolicy expert;

    @BeforeAll
    static void load() {
        expert = ShippedPolicies.load("Hopper", "expert");
    }

    private static AttackConfig small(int generations) {
        return AttackConfig.paper("Hopper", 11).withPopulation(8).withEpisodes(2).withGenerations(generations);
    }

    @Test
    void findsAPerturbationThatCutsTheReturnAndIsDeterministic() {
        DifferentialEvolutionAttack.Result a = DifferentialEvolutionAttack.run(expert, small(3), null, false);
        DifferentialEvolutionAttack.Result b = DifferentialEvolutionAttack.run(expert, small(3), null, false);
        assertArrayEquals(a.delta(), b.delta(), 0.0);
        assertArrayEquals(a.bestHistory(), b.bestHistory(), 0.0);
        assertEquals(4, a.bestHistory().length);
        for (double v : a.delta()) {
            assertTrue(Math.abs(v) <= 0.3);
        }
        double nominal = Evaluation.run(expert, Environments.task("Hopper"), 4, 4, 0).meanReturn();
        assertTrue(a.bestFitness() < 0.7 * nominal, "attack " + a.bestFitness() + " vs nominal " + nominal);
        assertTrue(a.envSteps() > 0 && a.envSteps() <= 4L * 16 * 1000);
        // The final population's fitness is the mean return of its delta: best is the minimum of it.
        double min = Double.POSITIVE_INFINITY;
        for (double f : a.fitness()) {
            min = Math.min(min, f);
        }
        assertEquals(min, a.bestFitness());
    }

    /** Three generations in two sittings (1, then extended to 3) equal three in one. */
    @Test
    void aResumedAttackEndsWhereAnUninterruptedOneDoes() {
        Path ckpt = tmp.resolve("attack.ckpt");
        DifferentialEvolutionAttack.run(expert, small(1), ckpt, false);
        DifferentialEvolutionAttack.Result resumed = DifferentialEvolutionAttack.run(expert, small(3), ckpt, false);
        DifferentialEvolutionAttack.Result whole = DifferentialEvolutionAttack.run(expert, small(3), null, false);
        assertEquals(1, resumed.resumedFromGeneration());
        assertArrayEquals(whole.population(), resumed.population(), 0.0);
        assertArrayEquals(whole.fitness(), resumed.fitness(), 0.0);
    }

    @Test
    void aPolicyForAnotherEnvironmentIsAClearError() {
        ActorPolicy cheetah = ShippedPolicies.load("HalfCheetah", "medium");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DifferentialEvolutionAttack.run(cheetah, small(1), null, false));
        assertTrue(e.getMessage().contains("trained on HalfCheetah"), e.getMessage());
    }

    @Test
    void everyIndividualSeesTheSameInitialStatesWithinAGeneration() {
        long[] s = DifferentialEvolutionAttack.episodeSeeds(3, 7, 4, 3);
        for (int i = 0; i < 4; i++) {
            for (int m = 0; m < 3; m++) {
                assertEquals(s[m], s[i * 3 + m]);
            }
        }
        assertTrue(s[0] != s[1] && s[0] != DifferentialEvolutionAttack.episodeSeeds(3, 8, 4, 3)[0]);
    }
}
