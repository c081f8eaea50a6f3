package rrl.policy;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rrl.checkpoint.Checkpoint;

class ActorPolicyTest {
    /** A policy file with a NaN weight (a diverged run, a damaged file) is refused naming the file and tensor. */
    @Test
    void nonFiniteWeightsAreRefusedAtLoad(@TempDir Path dir) {
        Path file = dir.resolve("policy.ckpt");
        ShippedPolicies.load("Hopper", "td3bc-expert").save(file, Map.of());
        Checkpoint c = Checkpoint.read(file);
        float[] w = c.tensor("actor");
        w[7] = Float.NaN;
        c.putTensor("actor", w).write(file);
        var e = assertThrows(IllegalArgumentException.class, () -> ActorPolicy.load(file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("'actor' value 7 is NaN"), e.getMessage());
    }
}
