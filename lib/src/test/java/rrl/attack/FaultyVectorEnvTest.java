package rrl.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import rrl.env.Environments;
import rrl.env.Task;
import rrl.env.VectorEnv;

/** Each fault kind executes what its definition says, on real Hopper simulators, and starts over with each episode. */
class FaultyVectorEnvTest {
    private static final Task HOPPER = Environments.task("Hopper");

    /** Steps 2 Hopper slots with random commands under {@code fault}; answers the commands and the executed actions. */
    private static List<double[][]> drive(ActuatorFault fault, int steps, long seed) {
        List<double[][]> out = new ArrayList<>();
        try (FaultyVectorEnv env = new FaultyVectorEnv(new VectorEnv(HOPPER, 2, 1, false), fault)) {
            env.reset(seed);
            SplittableRandom rng = new SplittableRandom(7);
            for (int t = 0; t < steps; t++) {
                double[] a = new double[6];
                for (int k = 0; k < a.length; k++) {
                    a[k] = rng.nextDouble(-1, 1);
                }
                env.step(a);
                out.add(new double[][] {a, env.executedActions().clone()});
            }
        }
        return out;
    }

    @Test
    void deadStuckAndSignFlipChangeOnlyTheirActuator() {
        for (double[][] s : drive(ActuatorFault.dead(1), 5, 0)) {
            assertArrayEquals(new double[] {s[0][0], 0, s[0][2], s[0][3], 0, s[0][5]}, s[1], 0.0);
        }
        for (double[][] s : drive(ActuatorFault.signFlip(2), 5, 0)) {
            assertArrayEquals(new double[] {s[0][0], s[0][1], -s[0][2], s[0][3], s[0][4], -s[0][5]}, s[1], 0.0);
        }
        List<double[][]> stuck = drive(ActuatorFault.stuck(0), 5, 0);
        for (double[][] s : stuck) {
            assertEquals(stuck.get(0)[0][0], s[1][0], 0.0, "actuator 0 holds its first command");
            assertEquals(stuck.get(0)[0][3], s[1][3], 0.0, "in each slot");
            assertEquals(s[0][1], s[1][1], 0.0);
        }
    }

    @Test
    void delayExecutesTheCommandOfKStepsBeforeAndNothingBeforeItArrives() {
        List<double[][]> d = drive(ActuatorFault.delay(3), 10, 0);
        for (int t = 0; t < d.size(); t++) {
            assertArrayEquals(t < 3 ? new double[6] : d.get(t - 3)[0], d.get(t)[1], 0.0, "step " + t);
        }
    }

    @Test
    void perStepRandomRedrawsEveryStepWithinEpsAndRepeatsForASeed() {
        List<double[][]> a = drive(ActuatorFault.perStepRandom(0.3), 20, 4);
        java.util.Set<Double> deltas = new java.util.HashSet<>();
        for (double[][] s : a) {
            for (int k = 0; k < 6; k++) {
                double delta = s[1][k] / s[0][k] - 1;
                assertTrue(Math.abs(delta) <= 0.3 + 1e-12, "delta " + delta);
                deltas.add(Math.round(delta * 1e9) / 1e9);
            }
        }
        assertTrue(deltas.size() > 100, "a new delta per step and actuator: " + deltas.size());
        List<double[][]> again = drive(ActuatorFault.perStepRandom(0.3), 20, 4);
        for (int t = 0; t < a.size(); t++) {
            assertArrayEquals(a.get(t)[1], again.get(t)[1], 0.0);
        }
    }

    /** An auto-reset episode starts healthy again: a stuck actuator takes the new episode's first command. */
    @Test
    void aNewEpisodeStartsTheFaultOver() {
        try (FaultyVectorEnv env = new FaultyVectorEnv(new VectorEnv(HOPPER, 1, 1, true), ActuatorFault.stuck(0))) {
            env.reset(0);
            double[] first = null;
            boolean restarted = false;
            for (int t = 0; t < 2000 && !restarted; t++) {
                double[] a = {t == 0 ? 0.9 : 1.0, 1.0, -1.0}; // falls over quickly
                env.step(a);
                if (t == 0) {
                    first = env.executedActions().clone();
                }
                assertEquals(0.9, env.executedActions()[0], 0.0, "held within the episode");
                restarted = env.terminated()[0] || env.truncated()[0];
            }
            assertTrue(restarted, "the episode ended");
            env.step(new double[] {-0.5, 0, 0});
            assertEquals(-0.5, env.executedActions()[0], 0.0, "the next episode holds its own first command");
            assertEquals(0.9, first[0], 0.0);
        }
    }

    @Test
    void badFaultsAreRefusedByName() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new FaultyVectorEnv(new VectorEnv(HOPPER, 1, 1,
                true), ActuatorFault.dead(3))).getMessage().contains("Hopper has actuators 0..2"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ActuatorFault.delay(0)).getMessage()
                .contains("delay must be >= 1 step"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ActuatorFault.perStepRandom(-1)).getMessage()
                .contains("eps must be a finite number > 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FaultKind.of("broken")).getMessage()
                .contains("choose from dead, stuck, sign-flip, per-step-random, delay"));
        assertEquals(FaultKind.SIGN_FLIP, FaultKind.of("sign-flip"));
    }
}
