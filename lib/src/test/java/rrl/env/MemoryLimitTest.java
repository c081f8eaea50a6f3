package rrl.env;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import rrl.guard.MemoryLimitException;

/**
 * {@code bin/rrl bench envs --num-envs 100000} grew to 23 GB and was killed by the OOM killer without a word:
 * the request is now estimated (MuJoCo's mjData per environment, measured) and refused before allocating.
 */
class MemoryLimitTest {
    @Test
    void vectorEnvOf100000HopperEnvironmentsIsRefusedQuicklyWithTheEstimate() {
        MemoryLimitException e = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThrows(
                MemoryLimitException.class, () -> Environments.makeVector("Hopper", 100_000)));
        String m = e.getMessage();
        assertTrue(m.startsWith("a batch of 100000 Hopper simulators needs about "), m);
        assertTrue(m.contains(" GB of ") && m.contains("MB of MuJoCo mjData per environment") && m.contains("available")
                && m.contains("use fewer environments (about "), m);
        assertTrue(e.requestedBytes() > 100_000L * 3_000_000L && e.requestedBytes() > e.limitBytes(), m);
        assertTrue(e instanceof IllegalArgumentException, "bad user input: the CLI exits 2");
        // the same estimate, without a model per environment, for callers that check first (bench envs)
        assertThrows(MemoryLimitException.class, () -> VectorEnv.requireMemory(new Ant(), 100_000));
        VectorEnv.requireMemory(new Hopper(), 16);
    }
}
