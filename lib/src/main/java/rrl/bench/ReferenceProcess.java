package rrl.bench;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import rrl.io.StrictJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A Python reference of {@code rrl bench train} kept alive for a whole thread count: PyTorch
 * ({@code environment/bench/torch_reference.py}) or JAX ({@code environment/bench/jax_reference.py}), run by the
 * reference venv ({@link #venv()}). It answers one JSON command per line (the protocol is in
 * {@code environment/bench/serve.py}), so the harness can interleave its rounds with rrl's instead of running
 * each implementation in one block, and pays the Python start-up, imports and JIT compilation once.
 *
 * <p>Its stderr (library warnings) goes to a temporary file; when the reference fails, the error names the
 * last line written there.
 */
public final class ReferenceProcess implements AutoCloseable {
    /** The references, as named in results: implementation name and script under the project. */
    public enum Kind {
        TORCH("torch", "environment/bench/torch_reference.py"),
        JAX("jax", "environment/bench/jax_reference.py");

        public final String label;
        public final String script;

        Kind(String label, String script) {
            this.label = label;
            this.script = script;
        }
    }

    /** What the reference says about itself once started: version, what multiplies its matrices, threads. */
    public record Hello(String implementation, String version, String blas, int threads) {}

    /** One measurement: calls finished in {@code seconds} (updates or forward passes), their rate (1/s). */
    /**
     * A measured round: calls, seconds, their rate, and the logical parameter counts (weights and biases) of the
     * networks it built, by network ("actor", "critic", ...: every {@code NAME_params} field of the reply), and
     * "critics", the number of Q networks.
     */
    public record Reply(long calls, double seconds, double perSecond, java.util.Map<String, Long> params) {}

    /** Generous: the first import of torch from a cold disk takes tens of seconds. */
    private static final long HELLO_TIMEOUT_SECONDS = 600;
    /** Beyond a round's length: compiling a wide network's update (JAX) happens inside the first command. */
    private static final long COMMAND_SLACK_SECONDS = 600;
    private static final String EOF = "\u0000eof";

    private final Kind kind;
    private final int threads;
    private final Process process;
    private final Writer in;
    private final Path log;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private Hello hello;

    private ReferenceProcess(Kind kind, int threads, Process process, Path log) {
        this.kind = kind;
        this.threads = threads;
        this.process = process;
        this.log = log;
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process is gone; EOF below tells the waiting side
            }
            lines.add(EOF);
        }, "rrl-bench-" + kind.label + "-" + threads);
        reader.setDaemon(true);
        reader.start();
    }

    /** The process id (its CPU time is the benchmark's own, not another process's: {@link OtherLoad}). */
    long pid() {
        return process.pid();
    }

    /**
     * The reference venv: {@code $RRL_BENCH_VENV}, else {@code ${XDG_CACHE_HOME:-$HOME/.cache}/rrl/bench-venv}
     * (outside the checkout: about 6 GB, shared by every checkout of the project; the same rule as
     * {@code environment/bench-venv.sh}).
     */
    public static Path venv() {
        return venv(System.getenv());
    }

    static Path venv(Map<String, String> env) {
        String own = env.get("RRL_BENCH_VENV");
        if (own != null && !own.isBlank()) {
            return Path.of(own).toAbsolutePath().normalize();
        }
        String cache = env.get("XDG_CACHE_HOME");
        Path base = cache != null && !cache.isBlank() ? Path.of(cache)
                : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".cache");
        return base.resolve("rrl/bench-venv").toAbsolutePath().normalize();
    }

    /** Whether the reference venv has a Python (it may still lack packages; the references then fail to start). */
    public static boolean venvExists() {
        return Files.isExecutable(venv().resolve("bin/python"));
    }

    /**
     * Whether the venv was set up from this project's {@code environment/requirements-bench.txt}: the script copies
     * the requirements it checked into the venv, so new pins (or an install that failed half-way) show as stale.
     */
    static boolean venvMatches(Path project) {
        try {
            return Files.mismatch(venv().resolve("rrl-requirements-bench.txt"),
                    project.resolve("environment/requirements-bench.txt")) == -1;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Creates or updates the reference venv with {@code environment/bench-venv.sh} unless it was set up from this
     * project's requirements ({@link #venvMatches}): a download of about 6 GB the first time, a check of about 5 s
     * for a venv made otherwise; the script's lines go to {@code progress}.
     *
     * @throws IllegalStateException if the script fails (one line: what failed and how to retry or skip)
     */
    public static void ensureVenv(Path project, Consumer<String> progress) {
        if (venvMatches(project)) {
            return;
        }
        Path script = project.resolve("environment/bench-venv.sh");
        progress.accept((venvExists() ? "checking the reference venv " + venv() + " against the project's pins"
                : "the reference venv " + venv() + " is missing; creating it (torch, JAX: about 6 GB)") + " with "
                + project.relativize(script));
        try {
            ProcessBuilder pb = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true);
            pb.environment().put("RRL_BENCH_VENV", venv().toString());
            Process p = pb.start();
            String last = "";
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    progress.accept(line);
                    if (!line.isBlank()) {
                        last = line.strip();
                    }
                }
            }
            if (p.waitFor() != 0) {
                throw new IllegalStateException("could not create the reference venv " + venv() + " (" + last
                        + "); fix that and rerun, or pass --no-reference to measure rrl alone");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + script + " (" + rrl.io.Messages.oneLine(e)
                    + "); pass --no-reference to measure rrl alone", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the reference venv", e);
        }
    }

    /**
     * Starts a reference on {@code threads} threads for networks of the given dimensions; returns at once (the
     * imports run while other references start); {@link #hello()} waits for it to be ready.
     */
    public static ReferenceProcess start(Path project, Kind kind, int threads, int obsDim, int actDim, long seed) {
        Path python = venv().resolve("bin/python");
        Path script = project.resolve(kind.script);
        if (!Files.isExecutable(python)) {
            throw new IllegalStateException("the " + kind.label + " reference needs " + python + "; create it with "
                    + "`bash environment/bench-venv.sh`, or pass --no-reference");
        }
        List<String> cmd = new ArrayList<>(List.of(python.toString(), script.toString(), "--threads",
                Integer.toString(threads), "--obs-dim", Integer.toString(obsDim), "--act-dim", Integer.toString(actDim),
                "--seed", Long.toString(seed)));
        try {
            Path log = Files.createTempFile("rrl-bench-" + kind.label + "-", ".log");
            log.toFile().deleteOnExit();
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().put("PYTHONUNBUFFERED", "1");
            return new ReferenceProcess(kind, threads, pb.start(), log);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + script + ": " + rrl.io.Messages.oneLine(e), e);
        }
    }

    public Kind kind() {
        return kind;
    }

    public int threads() {
        return threads;
    }

    /** Waits for the reference's first line (versions, BLAS, threads) and returns it. */
    public Hello hello() {
        if (hello == null) {
            JsonObject j = reply(HELLO_TIMEOUT_SECONDS, "starting");
            hello = new Hello(text(j, "implementation"), text(j, "version"), text(j, "blas"),
                    j.has("threads") ? j.get("threads").getAsInt() : threads);
        }
        return hello;
    }

    /** Updates of {@code learner} ("td3bc" or "sac") at this batch and hidden width for about {@code seconds}. */
    public Reply update(String learner, int batch, int width, double seconds) {
        JsonObject c = new JsonObject();
        c.addProperty("learner", learner);
        c.addProperty("batch", batch);
        c.addProperty("width", width);
        c.addProperty("seconds", seconds);
        return command(c, seconds);
    }

    /** Forward passes of the TD3 actor (no gradients) at this batch and hidden width for about {@code seconds}. */
    public Reply actor(int batch, int width, double seconds) {
        JsonObject c = new JsonObject();
        c.addProperty("actor", "td3");
        c.addProperty("batch", batch);
        c.addProperty("width", width);
        c.addProperty("seconds", seconds);
        return command(c, seconds);
    }

    private Reply command(JsonObject c, double seconds) {
        hello();
        try {
            in.write(c + "\n");
            in.flush();
        } catch (IOException e) {
            throw failed("stopped taking commands", null);
        }
        JsonObject j = reply((long) Math.ceil(seconds) + COMMAND_SLACK_SECONDS, "measuring " + c);
        if (j.has("error")) {
            throw new IllegalStateException("the " + kind.label + " reference could not run " + c + ": "
                    + j.get("error").getAsString());
        }
        java.util.Map<String, Long> params = new java.util.TreeMap<>();
        for (String k : j.keySet()) {
            if (k.endsWith("_params")) {
                params.put(k.substring(0, k.length() - "_params".length()), j.get(k).getAsLong());
            } else if (k.equals("critics")) { // how many Q networks (the ensemble's size)
                params.put(k, j.get(k).getAsLong());
            }
        }
        return new Reply(j.get("calls").getAsLong(), j.get("seconds").getAsDouble(), j.get("per_second").getAsDouble(),
                params);
    }

    private JsonObject reply(long timeoutSeconds, String doing) {
        try {
            while (true) {
                String line = lines.poll(timeoutSeconds, TimeUnit.SECONDS);
                if (line == null) {
                    throw failed("did not answer within " + timeoutSeconds + " s while " + doing, null);
                }
                if (line.equals(EOF)) {
                    lines.add(EOF); // later calls see it too
                    throw failed("ended while " + doing, exitCode());
                }
                if (line.startsWith("{")) {
                    try {
                        return StrictJson.parse(line).getAsJsonObject();
                    } catch (JsonParseException | IllegalStateException e) {
                        throw failed("answered something that is not JSON: " + rrl.io.Messages.clip(line), null);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the " + kind.label + " reference", e);
        }
    }

    private Integer exitCode() {
        try {
            return process.waitFor(5, TimeUnit.SECONDS) ? process.exitValue() : null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private IllegalStateException failed(String what, Integer exit) {
        return new IllegalStateException("the " + kind.label + " reference (" + kind.script + " in " + venv() + ") "
                + what + (exit != null ? " (exit " + exit + ")" : "") + lastLogLine()
                + "; check the venv with `bash environment/bench-venv.sh`, or pass --no-reference");
    }

    private String lastLogLine() {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (int i = all.size() - 1; i >= 0; i--) {
                if (!all.get(i).isBlank()) {
                    return ": " + rrl.io.Messages.clip(all.get(i).strip());
                }
            }
        } catch (IOException | RuntimeException e) {
            return "";
        }
        return "";
    }

    private static String text(JsonObject j, String key) {
        return j.has(key) && !j.get(key).isJsonNull() ? j.get(key).getAsString() : "unknown";
    }

    /** Asks the reference to quit, then ends it if it has not within a few seconds. Idempotent. */
    @Override
    public void close() {
        try {
            in.write("{\"cmd\": \"quit\"}\n");
            in.close();
        } catch (IOException e) {
            // already gone
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            // a temp file; deleteOnExit has it too
        }
    }
}
