package rrl.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rrl.env.Environments;
import rrl.env.Task;
import rrl.policy.ActorPolicy;

class PolicyRefTest {
    private final Task hopper = Environments.task("Hopper");

    @Test
    void everyFormResolvesToTheSamePolicy(@TempDir Path dir) throws Exception {
        PolicyRef shipped = PolicyRef.parse("shipped:td3bc-expert");
        assertEquals(PolicyRef.Kind.SHIPPED, shipped.kind());
        assertEquals("shipped:td3bc-expert", shipped.toString());
        ActorPolicy p = shipped.load(hopper);
        Path file = dir.resolve("policy.ckpt");
        p.save(file, Map.of());
        assertEquals(PolicyRef.Kind.CHECKPOINT, PolicyRef.parse(file.toString()).kind());
        assertEquals(PolicyRef.Kind.RUN_FOLDER, PolicyRef.parse(dir.toString()).kind());
        double[] obs = new double[11];
        double[] a = new double[3];
        double[] b = new double[3];
        double[] c = new double[3];
        p.act(obs, 1, a);
        PolicyRef.parse(file.toString()).load(hopper).act(obs, 1, b);
        PolicyRef.parse(dir.toString()).load(hopper).act(obs, 1, c);
        assertEquals(a[0], b[0]);
        assertEquals(a[0], c[0]);
        // the shipped TD3+BC policy carries the learner state fine-tuning starts from
        assertEquals("td3bc-training", shipped.learnerState(hopper).kind());
    }

    @Test
    void badReferencesAreOneLineErrors(@TempDir Path dir) throws Exception {
        var missing = assertThrows(IllegalArgumentException.class, () -> PolicyRef.parse(dir.resolve("nope.ckpt").toString()));
        assertTrue(missing.getMessage().contains("shipped:NAME"), missing.getMessage());
        var noName = assertThrows(IllegalArgumentException.class, () -> PolicyRef.parse("shipped:").load(hopper));
        assertTrue(noName.getMessage().startsWith("empty policy reference"), noName.getMessage());
        var noCkpt = assertThrows(IllegalArgumentException.class, () -> PolicyRef.parse(dir.toString()).load(hopper));
        assertTrue(noCkpt.getMessage().contains("has no policy.ckpt"), noCkpt.getMessage());
        Path file = Files.writeString(dir.resolve("x.ckpt"), "junk");
        var noLearner = assertThrows(IllegalArgumentException.class, () -> PolicyRef.parse(file.toString()).learnerState(hopper));
        assertTrue(noLearner.getMessage().contains("holds no learner state"), noLearner.getMessage());
    }
}
