package rrl.algo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import rrl.data.Transitions;
import rrl.nn.ObservationNormalizer;

/** The offline data preparation IQL and RIQL configs record: observation and reward scaling. */
class DataScalingTest {
    /**
     * Six transitions in three trajectories: a terminal ends the first (return 3), a break between a next
     * observation and the following observation ends the second (return 10), the last row ends the third (1).
     */
    private static Transitions threeTrajectories() {
        float[] obs = {0, 1, 2, 10, 11, 20};
        float[] next = {1, 2, 99, 11, 12, 21};
        float[] rew = {1, 1, 1, 4, 6, 1};
        float[] done = {0, 0, 1, 0, 0, 0};
        return new Transitions(obs, new float[6], rew, next, done, 6, 1, 1);
    }

    @Test
    void returnRangeScalesBy1000OverTheSpanOfTrajectoryReturns() {
        Transitions t = threeTrajectories();
        double f = RewardScaling.RETURN_RANGE.factor(t);
        assertEquals(1000.0 / (10 - 1), f, 1e-12);
        Transitions s = RewardScaling.scaled(t, f);
        assertEquals((float) (4 * f), s.rewards()[3]);
        assertSame(t.obs(), s.obs());
        assertEquals(1.0, RewardScaling.NONE.factor(t));
        assertSame(t, RewardScaling.scaled(t, 1.0));
    }

    @Test
    void equalReturnsAreRefusedWithTheFix() {
        float[] obs = {0, 1};
        Transitions t = new Transitions(obs, new float[2], new float[] {1, 1}, new float[] {5, 6}, new float[2], 2, 1, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RewardScaling.RETURN_RANGE.factor(t));
        assertTrue(e.getMessage().endsWith("use RewardScaling.NONE"), e.getMessage());
    }

    @Test
    void observationScalings() {
        Transitions t = threeTrajectories();
        ObservationNormalizer none = ObservationScaling.NONE.fit(t);
        assertArrayEquals(new float[] {0f}, none.mean());
        assertArrayEquals(new float[] {1f}, none.std());
        ObservationNormalizer states = ObservationScaling.STATES.fit(t);
        ObservationNormalizer td3bc = ObservationNormalizer.fromData(t.obs(), 6, 1, ObservationNormalizer.TD3_BC_EPS);
        assertArrayEquals(td3bc.mean(), states.mean());
        assertArrayEquals(td3bc.std(), states.std());
        ObservationNormalizer both = ObservationScaling.STATES_AND_NEXT.fit(t);
        double m = 0;
        for (int i = 0; i < 6; i++) {
            m += t.obs()[i] + t.nextObs()[i];
        }
        assertEquals(m / 12, both.mean()[0], 1e-5);
        // the default of every other learner config is TD3+BC's
        assertEquals(ObservationScaling.STATES, Td3Config.td3bc().observationScaling());
        assertEquals(RewardScaling.NONE, Td3Config.td3bc().rewardScaling());
    }
}
