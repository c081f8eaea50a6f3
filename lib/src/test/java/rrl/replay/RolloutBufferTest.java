package rrl.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** GAE against a hand computation: two interleaved environments, an episode end in one of them. */
class RolloutBufferTest {
    @Test
    void advantagesFollowTheRecursionPerEnvironmentAndStopAtEpisodeEnds() {
        RolloutBuffer r = new RolloutBuffer(6, 1, 1);
        float[] o = {0};
        // env 0: rewards 1, 2, 3 (no end); env 1: rewards 10, 20, 30, episode ends after its first step
        float[] rewards = {1, 10, 2, 20, 3, 30};
        float[] values = {0.5f, 5, 0.25f, 4, 0.125f, 3};
        boolean[] ends = {false, true, false, false, false, false};
        for (int k = 0; k < 6; k++) {
            r.add(o, 0, o, 0, 0f, values[k], rewards[k], ends[k]);
        }
        double g = 0.9;
        double l = 0.5;
        r.computeAdvantages(new float[] {2, 7}, 2, g, l);
        // env 0
        double d2 = 3 + g * 2 - 0.125;
        double d1 = 2 + g * 0.125 - 0.25;
        double d0 = 1 + g * 0.25 - 0.5;
        double a2 = d2;
        double a1 = d1 + g * l * a2;
        double a0 = d0 + g * l * a1;
        assertEquals(a0, r.advantages[0], 1e-5);
        assertEquals(a1, r.advantages[2], 1e-5);
        assertEquals(a2, r.advantages[4], 1e-5);
        // env 1: its first step ended an episode, so neither the value nor the trace crosses it
        double e2 = 30 + g * 7 - 3;
        double e1 = 20 + g * 3 - 4 + g * l * e2;
        double e0 = 10 - 5;
        assertEquals(e0, r.advantages[1], 1e-5);
        assertEquals(e1, r.advantages[3], 1e-5);
        assertEquals(e2, r.advantages[5], 1e-5);
        assertEquals(a0 + 0.5, r.returns[0], 1e-5);
    }

    @Test
    void advantagesNeedAFullRollout() {
        RolloutBuffer r = new RolloutBuffer(4, 1, 1);
        assertThrows(IllegalStateException.class, () -> r.computeAdvantages(new float[] {0}, 1, 0.99, 0.95));
    }
}
