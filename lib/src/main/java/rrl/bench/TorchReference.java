package rrl.bench;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Runs benchmarks/torch_reference.py in .venv-bench and reads its JSON (the PyTorch side of {@code rrl bench train}). */
public final class TorchReference {
    /** What the reference measured. */
    public record Result(String torchVersion, int threads, double td3bcUpdatesPerSec, double sacUpdatesPerSec,
                         double actorB1Micros, double actorB256Micros) {}

    private TorchReference() {}

    public static Result run(Path project, TrainBenchmark.Config c, int threads) {
        Path python = project.resolve(".venv-bench/bin/python");
        Path script = project.resolve("benchmarks/torch_reference.py");
        if (!Files.isExecutable(python)) {
            throw new IllegalStateException("the PyTorch reference needs " + python + "; create it with "
                    + "`bash benchmarks/setup_bench.sh` (downloads ~1.8 GB), or pass --no-torch");
        }
        List<String> cmd = List.of(python.toString(), script.toString(), "--threads", Integer.toString(threads),
                "--obs-dim", Integer.toString(c.obsDim()), "--act-dim", Integer.toString(c.actDim()),
                "--seconds", Double.toString(c.secondsPerMeasurement()), "--repeats", Integer.toString(c.repeats()),
                "--json");
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException("the PyTorch reference failed (exit " + p.exitValue() + "): " + out);
            }
            JsonObject j = JsonParser.parseString(out.substring(out.indexOf('{'))).getAsJsonObject();
            return new Result(j.get("torch_version").getAsString(), j.get("threads").getAsInt(),
                    j.get("td3bc_updates_per_s").getAsDouble(), j.get("sac_updates_per_s").getAsDouble(),
                    j.get("actor_b1_us").getAsDouble(), j.get("actor_b256_us").getAsDouble());
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + script + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running the PyTorch reference", e);
        }
    }
}
