package rrl.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class D4rlScoresTest {
    @Test
    void referenceReturnsMapToZeroAndHundred() {
        for (String env : new String[] {"Hopper", "HalfCheetah", "Walker2d", "Ant"}) {
            assertEquals(0.0, D4rlScores.normalized(env, D4rlScores.refMin(env)), 1e-12, env);
            assertEquals(100.0, D4rlScores.normalized(env, D4rlScores.refMax(env)), 1e-12, env);
        }
        // hopper-medium-v2 TD3+BC ~ 59.3 normalised (IQL paper Table 1) corresponds to ~1910 return
        assertEquals(59.3, D4rlScores.normalized("hopper-v4", 1909.7), 0.01);
    }
}
