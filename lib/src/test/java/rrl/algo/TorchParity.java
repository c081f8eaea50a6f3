package rrl.algo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** What the PyTorch parity tests share: running a reference script and the largest difference from its weights. */
final class TorchParity {
    private TorchParity() {}

    /**
     * The largest absolute difference between PyTorch's parameters {@code want} and ours {@code got} (same order), after
     * asserting the counts match and the difference is below {@code tolerance} (the message names the index).
     */
    static double maxError(String what, JsonArray want, float[] got, double tolerance) {
        assertEquals(want.size(), got.length, what + ": parameter count");
        double worst = 0;
        int at = -1;
        for (int i = 0; i < got.length; i++) {
            double d = Math.abs(want.get(i).getAsDouble() - got[i]);
            if (d > worst) {
                worst = d;
                at = i;
            }
        }
        assertTrue(worst < tolerance, what + ": max |difference| " + worst + " at " + at);
        return worst;
    }

    /**
     * Runs {@code lib/src/test/python/<script>} with the venv's {@code python} on {@code input}, writing {@code output};
     * asserts it finished within 300 s with exit code 0 (the message holds its output).
     */
    static void runReference(Path python, String script, Path input, Path output) throws IOException, InterruptedException {
        Path file = Path.of(System.getProperty("rrl.project.dir", "..")).toAbsolutePath().normalize()
                .resolve("lib/src/test/python").resolve(script);
        Process p = new ProcessBuilder(python.toString(), file.toString(), input.toString(), output.toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "the PyTorch reference timed out");
        assertEquals(0, p.exitValue(), "the PyTorch reference failed:\n" + log);
    }
}
