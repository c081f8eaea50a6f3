package rrl.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Numbers entering a simulator are checked where they enter: states must be finite and within MuJoCo's
 * mjMAXVAL (1e10), beyond which MuJoCo silently restarts from the default pose; actions likewise (1e308 gave a
 * -Infinity reward); actions outside [-1, 1] keep Gymnasium's behaviour.
 */
class NumericBoundariesTest {
    @Test
    void setStateRefusesNaNAndHugeValuesNamingThemAndKeepsTheState() {
        try (Env env = Environments.make("Hopper")) {
            env.reset(0);
            double[] q = env.qpos();
            double[] v = env.qvel();
            double[] badQ = q.clone();
            badQ[0] = Double.NaN;
            IllegalArgumentException nan = assertThrows(IllegalArgumentException.class, () -> env.setState(badQ, v));
            assertTrue(nan.getMessage().startsWith("qpos[0] of Hopper environment 0 is NaN; a simulator state must be "
                    + "finite with |x| <= 1e10 (MuJoCo's mjMAXVAL"), nan.getMessage());
            double[] badV = v.clone();
            badV[3] = 1e300;
            IllegalArgumentException huge = assertThrows(IllegalArgumentException.class, () -> env.setState(q, badV));
            assertTrue(huge.getMessage().startsWith("qvel[3] of Hopper environment 0 is 1.0E300"), huge.getMessage());
            assertArrayEquals(q, env.qpos(), 0.0, "a refused state must leave the simulator as it was");
            // the bound itself is accepted, the next double above it is not
            double[] edge = v.clone();
            edge[5] = 1e10;
            env.setState(q, edge);
            edge[5] = Math.nextUp(1e10);
            assertThrows(IllegalArgumentException.class, () -> env.setState(q, edge));
        }
        try (VectorEnv venv = Environments.makeVector("Walker2d", 3, 1)) {
            venv.reset(0);
            double[] q = new double[9];
            double[] v = new double[9];
            venv.state(2, q, v);
            q[4] = Double.NEGATIVE_INFINITY;
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> venv.setState(2, q, v));
            assertTrue(e.getMessage().startsWith("qpos[4] of Walker2d environment 2 is -Infinity"), e.getMessage());
        }
    }

    @Test
    void actionOf1e308IsRefusedInsteadOfAMinusInfinityReward() {
        try (Env env = Environments.make("Hopper")) {
            env.reset(0);
            double[] before = env.qpos();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> env.step(new double[] {1e308, 0, 0}));
            assertTrue(e.getMessage().startsWith("action 0 of Hopper environment 0 is 1.0E308; Hopper's actions must "
                    + "be finite with |x| <= 1e10"), e.getMessage());
            assertArrayEquals(before, env.qpos(), 0.0);
            double r = env.step(new double[] {1e10, 0, 0}).reward(); // at the bound: a finite, very negative reward
            assertTrue(Double.isFinite(r) && r < -1e16, "reward " + r);
        }
        try (VectorEnv venv = Environments.makeVector("Ant", 2, 1)) {
            venv.reset(0);
            double[] a = new double[16];
            a[8 + 5] = -1e11;
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> venv.step(a));
            assertTrue(e.getMessage().startsWith("action 5 of Ant environment 1 is -1.0E11"), e.getMessage());
        }
    }

    /**
     * Gymnasium's MuJoCo environments do not clip actions: MuJoCo clamps each control to the actuator's
     * ctrlrange ([-1, 1] here) and the control cost is computed from the action as given. rrl keeps that.
     */
    @Test
    void outOfRangeActionsMoveTheBodyLikeTheRangeLimitButCostTheirFullSize() {
        try (Env clamped = Environments.make("HalfCheetah"); Env limit = Environments.make("HalfCheetah")) {
            clamped.reset(3);
            limit.reset(3);
            double[] big = {5, -3, 1.5, -1, 0.5, 2};
            double[] atLimit = {1, -1, 1, -1, 0.5, 1};
            Env.Step a = clamped.step(big);
            Env.Step b = limit.step(atLimit);
            assertArrayEquals(b.observation(), a.observation(), 0.0, "MuJoCo clamps ctrl to ctrlrange");
            double costBig = 0.1 * (25 + 9 + 2.25 + 1 + 0.25 + 4);
            double costLimit = 0.1 * (1 + 1 + 1 + 1 + 0.25 + 1);
            assertEquals(-costBig, a.info().get("reward_ctrl"), 1e-12);
            assertEquals(b.reward() - a.reward(), costBig - costLimit, 1e-9);
        }
    }
}
