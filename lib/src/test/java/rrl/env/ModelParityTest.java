package rrl.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Our MJCF files, written from the physical parameters, compile to the same model as Gymnasium's -v4
 * assets: lib/src/test/python/compare_models.py compares ~130 compiled fields (masses, inertias, geometry,
 * friction, solver settings, gears, ranges) and seeded mj_step rollouts, and exits non-zero on a mismatch.
 */
class ModelParityTest {
    @Test
    void compiledModelsMatchGymnasium() throws Exception {
        Path root = GymnasiumParityTest.projectDir();
        ProcessBuilder pb = new ProcessBuilder(root.resolve(".venv/bin/python").toString(),
                root.resolve("lib/src/test/python/compare_models.py").toString());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "compare_models.py timed out");
        System.out.println(out.lines().filter(l -> l.startsWith("max over") || l.startsWith("RESULT"))
                .reduce("", (a, b) -> a + b + "\n"));
        assertEquals(0, p.exitValue(), "models differ from Gymnasium's:\n" + out);
        assertTrue(out.contains("RESULT") && !out.contains("MISMATCH"), out);
    }
}
