package rrl.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EnvTest {
    @Test
    void sameSeedSameResetDifferentSeedDifferentReset() {
        try (Env a = Environments.make("Hopper"); Env b = Environments.make("Hopper")) {
            assertArrayEquals(a.reset(7).observation(), b.reset(7).observation(), 0.0);
            assertFalse(Arrays.equals(a.reset(7).observation(), b.reset(8).observation()));
        }
    }

    @Test
    void resetNoiseHasGymnasiumsScale() {
        try (Env env = Environments.make("Hopper")) {
            env.reset(1);
            double[] q = env.qpos();
            assertEquals(1.25, q[1], 5e-3 + 1e-12);
            for (double v : env.qvel()) {
                assertTrue(Math.abs(v) <= 5e-3);
            }
        }
    }

    @Test
    void wrongActionLengthIsAClearError() {
        try (Env env = Environments.make("Hopper")) {
            env.reset(0);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> env.step(new double[] {0, 0}));
            assertTrue(e.getMessage().contains("action of length 3, got 2"), e.getMessage());
        }
    }

    @Test
    void nanAndInfiniteActionsAreRejectedBeforeReachingMuJoCo() {
        try (Env env = Environments.make("Walker2d")) {
            env.reset(0);
            double[] before = env.qpos();
            IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                    () -> env.step(new double[] {0, 0, Double.NaN, 0, 0, 0}));
            assertTrue(nan.getMessage().contains("action 2") && nan.getMessage().contains("NaN"), nan.getMessage());
            IllegalArgumentException inf = assertThrows(IllegalArgumentException.class,
                    () -> env.step(new double[] {Double.POSITIVE_INFINITY, 0, 0, 0, 0, 0}));
            assertTrue(inf.getMessage().contains("Infinity"), inf.getMessage());
            assertArrayEquals(before, env.qpos(), 0.0, "a rejected action must not advance the simulation");
        }
    }

    @Test
    void stepBeforeResetIsAClearError() {
        try (Env env = Environments.make("Ant")) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> env.step(new double[8]));
            assertTrue(e.getMessage().contains("reset"), e.getMessage());
        }
    }

    @Test
    void rewardIsForwardPlusSurvivalMinusControlCostOfTheUnclippedAction() {
        try (Env env = Environments.make("Hopper")) {
            env.reset(0);
            double[] action = {2.0, -2.0, 0.5}; // outside ctrlrange: MuJoCo clamps, the cost does not
            Env.Step s = env.step(action);
            double ctrl = 1e-3 * (4 + 4 + 0.25);
            assertEquals(-ctrl, s.info().get("reward_ctrl"), 1e-15);
            assertEquals(s.info().get("reward_forward") + 1.0 - ctrl, s.reward(), 1e-12);
            assertEquals(s.info().get("x_velocity") * 1.0, s.info().get("reward_forward"), 0.0);
        }
    }

    @Test
    void halfCheetahNeverTerminatesAndTruncatesAtStep1000() {
        try (Env env = Environments.make("HalfCheetah")) {
            env.reset(3);
            double[] a = new double[6];
            Arrays.fill(a, 1.0);
            for (int t = 1; t <= 1000; t++) {
                Env.Step s = env.step(a);
                assertFalse(s.terminated());
                assertEquals(t == 1000, s.truncated(), "step " + t);
            }
        }
    }

    /** Gymnasium's set_state moves the simulator only; the TimeLimit counter carries on until reset(). */
    @Test
    void setStateKeepsTheStepCounterOnlyResetZeroesIt() {
        try (Env env = Environments.make("HalfCheetah")) {
            env.reset(2);
            double[] q = env.qpos();
            double[] v = env.qvel();
            double[] a = new double[6];
            int k = 7;
            for (int t = 0; t < k; t++) {
                env.step(a);
            }
            assertEquals(k, env.episodeSteps());
            double[] obs = env.setState(q, v);
            assertEquals(k, env.episodeSteps(), "setState must not restart the time limit");
            assertArrayEquals(q, env.qpos(), 0.0);
            assertArrayEquals(env.reset(2).observation(), obs, 0.0, "setState returns the new state's observation");
            assertEquals(0, env.episodeSteps());
            for (int t = 0; t < k; t++) {
                env.step(a);
            }
            env.setState(q, v);
            for (int t = k + 1; t <= 1000; t++) {
                assertEquals(t == 1000, env.step(a).truncated(), "step " + t);
            }
        }
    }

    @Test
    void hopperTerminatesWhenItFalls() {
        try (Env env = Environments.make("Hopper")) {
            env.reset(0);
            boolean terminated = false;
            int t = 0;
            while (!terminated && t < 1000) {
                terminated = env.step(new double[] {1, 1, 1}).terminated();
                t++;
            }
            assertTrue(terminated, "full torque on every joint should topple the hopper");
            double z = env.qpos()[1];
            double angle = env.qpos()[2];
            assertTrue(z <= 0.7 || Math.abs(angle) >= 0.2, "terminated while healthy: z=" + z + " angle=" + angle);
        }
    }

    @Test
    void antObservationLayouts() {
        try (Env v4 = new Env(new Ant()); Env d4rl = new Env(new Ant(Ant.Observation.D4RL));
             Env forces = new Env(new Ant(Ant.Observation.CONTACT_FORCES))) {
            double[] a = v4.reset(5).observation();
            double[] b = d4rl.reset(5).observation();
            assertEquals(27, a.length);
            assertEquals(111, b.length);
            assertArrayEquals(a, Arrays.copyOf(b, 27), 0.0);
            forces.reset(5);
            double[] act = new double[8];
            Env.Step s = null;
            for (int t = 0; t < 20; t++) {
                s = forces.step(act);
            }
            double contact = 0;
            for (int i = 27; i < 111; i++) {
                assertTrue(Math.abs(s.observation()[i]) <= 1.0);
                contact += Math.abs(s.observation()[i]);
            }
            assertTrue(contact > 0, "the legs touch the floor, so some contact force must be non-zero");
            assertTrue(s.info().get("reward_contact") < 0);
        }
    }
}
