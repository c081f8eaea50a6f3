package rrl.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import rrl.env.Environments;
import rrl.env.Task;
import rrl.env.VectorEnv;

class PerturbedVectorEnvTest {
    private static final Task HOPPER = Environments.task("Hopper");

    /** The wrapper executes a + delta * a: stepping a plain env with that product gives identical results. */
    @Test
    void adversarialConditionMatchesManuallyPerturbedActions() {
        double[] delta = {0.3, -0.3, 0.15};
        try (PerturbedVectorEnv p = new PerturbedVectorEnv(new VectorEnv(HOPPER, 4, 2, true),
                PerturbationCondition.adversarial(delta));
             VectorEnv plain = new VectorEnv(HOPPER, 4, 2, true)) {
            double[] o1 = p.reset(3).clone();
            double[] o2 = plain.reset(3).clone();
            assertArrayEquals(o2, o1, 0.0);
            SplittableRandom rng = new SplittableRandom(1);
            for (int t = 0; t < 200; t++) {
                double[] a = new double[12];
                double[] manual = new double[12];
                for (int k = 0; k < 12; k++) {
                    a[k] = rng.nextDouble(-1, 1);
                    manual[k] = a[k] + delta[k % 3] * a[k];
                }
                p.step(a);
                plain.step(manual);
                assertArrayEquals(plain.observations(), p.observations(), 0.0);
                assertArrayEquals(plain.rewards(), p.rewards(), 0.0);
                assertArrayEquals(a, p.commandedActions());
                assertArrayEquals(manual, p.executedActions(), 1e-15);
                assertArrayEquals(delta, p.stepDelta(2));
            }
        }
    }

    @Test
    void normalConditionChangesNothing() {
        try (PerturbedVectorEnv p = new PerturbedVectorEnv(new VectorEnv(HOPPER, 3, 1, true),
                PerturbationCondition.normal());
             VectorEnv plain = new VectorEnv(HOPPER, 3, 1, true)) {
            p.reset(9);
            plain.reset(9);
            double[] a = new double[9];
            for (int t = 0; t < 50; t++) {
                java.util.Arrays.fill(a, Math.sin(t));
                p.step(a);
                plain.step(a);
                assertArrayEquals(plain.observations(), p.observations(), 0.0);
            }
        }
    }

    /** Random deltas: fixed within an episode, redrawn when it ends, within [-eps, eps], seeded. */
    @Test
    void randomDeltaIsHeldPerEpisodeAndRedrawnOnReset() {
        try (PerturbedVectorEnv p = new PerturbedVectorEnv(new VectorEnv(HOPPER, 2, 1, true),
                PerturbationCondition.random(0.3))) {
            p.reset(5);
            double[] first = p.episodeDelta(0);
            for (double v : first) {
                assertTrue(Math.abs(v) <= 0.3);
            }
            assertNotEquals(first[0], p.episodeDelta(1)[0]);
            double[] strong = {1, 1, 1, 1, 1, 1};
            int episodesEnded = 0;
            double[] current = first;
            for (int t = 0; t < 400 && episodesEnded < 2; t++) {
                p.step(strong);
                assertArrayEquals(current, p.stepDelta(0));
                if (p.terminated()[0] || p.truncated()[0]) {
                    episodesEnded++;
                    double[] next = p.episodeDelta(0);
                    assertNotEquals(current[0], next[0]);
                    current = next;
                }
            }
            assertEquals(2, episodesEnded, "full-torque Hopper should fall twice within 400 steps");
            p.reset(5);
            assertArrayEquals(first, p.episodeDelta(0), "same seed, same deltas");
        }
    }

    @Test
    void wrongLengthDeltaIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PerturbedVectorEnv(new VectorEnv(HOPPER, 2, 1, true),
                        PerturbationCondition.adversarial(new double[] {0.1, 0.2})));
        assertTrue(e.getMessage().contains("needs 3 values"), e.getMessage());
    }
}
