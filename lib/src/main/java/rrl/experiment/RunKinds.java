package rrl.experiment;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import rrl.io.StrictJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import rrl.mujoco.NativeMuJoCo;
import rrl.results.Provenance;
import rrl.results.Resources;
import rrl.results.RunFolder;
import rrl.results.RunId;

/**
 * The registry from a run kind's name to the code that runs it, and the one protocol every run goes through
 * ({@link #execute}): lock the folder, apply the same-run rule, hand back a finished result without
 * recomputing it, else write provenance, run or resume, and mark the run finished with {@code result.json}.
 * A distributed worker needs nothing but a {@link RunSpec} (JSON) and {@code RunKinds.standard()}.
 */
public final class RunKinds {
    /** Marks a finished run; written last, so its presence means every other file of the run is complete. */
    public static final String RESULT = "result.json";

    /** Marks a run whose last attempt threw (removed when it finishes): its error line, when, and where. */
    public static final String FAILED = "failed.json";

    /** What {@code failed.json} holds. */
    public record Failed(RunId runId, String error, String when, String host) {}

    /**
     * What {@code result.json} holds: the run, the config it finished with (a longer budget of the same run is
     * run again), its result file relative to the folder, when, and its provenance; then the wall-clock seconds of the
     * attempt that finished it (from taking the folder's lock to this record) and whether that attempt resumed a run an
     * earlier attempt had started (provenance already recorded its config), whose time is then not all in
     * {@code seconds}. Both are null in folders written before rrl recorded them.
     */
    public record Finished(RunId runId, String status, String result, String finished, JsonElement config,
                           Provenance provenance, Double seconds, Boolean resumed) {}

    private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().disableHtmlEscaping().create();

    private final Map<String, RunKind<?>> kinds = new LinkedHashMap<>();
    private volatile Provenance.Host host;

    private RunKinds() {}

    /** No kinds: add them with {@link #with}. */
    public static RunKinds empty() {
        return new RunKinds();
    }

    /**
     * The library's kinds: fine-tuning (its setup, the runs, the offline-only baseline, the re-attack of a
     * fine-tuned policy), the DE attack, the robustness evaluation and the policy-expansion study's data, offline and
     * online runs, and the training data and policies of paper 2's tables. Each call gets fresh kinds (the fine-tuning ones cache the prepared setup).
     */
    public static RunKinds standard() {
        RunKinds k = new RunKinds();
        FineTuningRuns ft = new FineTuningRuns();
        PolicyExpansionRuns pe = new PolicyExpansionRuns();
        return k.with(ft.setup()).with(ft.fineTuning()).with(ft.offlineOnly()).with(ft.reAttack()).with(ft.faultShift()).with(ft.stateAction()).with(RobustnessRuns.ATTACK)
                .with(RobustnessRuns.EVALUATION).with(pe.data()).with(pe.offline()).with(pe.online())
                .with(RobustnessTablesRuns.DATA_KIND).with(RobustnessTablesRuns.POLICY_KIND);
    }

    /** Adds (or replaces) a kind. */
    public RunKinds with(RunKind<?> kind) {
        kinds.put(kind.name(), kind);
        return this;
    }

    /** The names of the kinds, in the order they were added. */
    public java.util.Set<String> names() {
        return java.util.Collections.unmodifiableSet(kinds.keySet());
    }

    /** The kind called {@code name}; an unknown name is an error listing the known ones. */
    @SuppressWarnings("unchecked")
    public <C> RunKind<C> get(String name) {
        RunKind<?> k = kinds.get(name);
        if (k == null) {
            throw new IllegalArgumentException("unknown run kind '" + name + "'; known kinds: " + String.join(", ", kinds.keySet()));
        }
        return (RunKind<C>) k;
    }

    /** The machine, build and MuJoCo version recorded in provenance (computed once). */
    public Provenance.Host host() {
        Provenance.Host h = host;
        if (h == null) {
            String mujoco;
            try {
                mujoco = NativeMuJoCo.version();
            } catch (RuntimeException | LinkageError e) {
                mujoco = "unknown";
            }
            host = h = Provenance.Host.current(mujoco);
        }
        return h;
    }

    /**
     * Runs (or resumes) one run with a budget of {@code threads} threads and answers its row. A failure of the
     * run is a failed row with a one-line message; an interruption ({@link CancellationException}) propagates.
     */
    public RunResult execute(RunSpec spec, int threads, boolean progress) {
        long t0 = System.nanoTime();
        try {
            return run(spec, threads, progress);
        } catch (CancellationException e) {
            throw e;
        } catch (RuntimeException e) {
            return RunResult.failed(spec, oneLine(e), seconds(t0));
        }
    }

    /** As {@link #execute}, but a failure of the run propagates as it was thrown (for a single run from the CLI). */
    public <C> RunResult run(RunSpec spec, int threads, boolean progress) {
        long t0 = System.nanoTime();
        RunKind<C> kind = get(spec.kind());
        C config;
        try {
            config = GSON.fromJson(spec.config(), kind.configType());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("run " + spec + ": config is not a " + kind.name() + " config ("
                    + oneLine(e) + ")");
        }
        if (config == null) {
            throw new IllegalArgumentException("run " + spec + " has an empty config");
        }
        JsonElement tree = GSON.toJsonTree(config);
        RunId id = kind.id(tree);
        if (!id.equals(spec.id())) {
            throw new IllegalArgumentException("run " + spec + ": its config hashes to " + id + ", not to the id it was "
                    + "shipped with; was it edited by hand or made by another rrl version?");
        }
        // before the folder is made: it can be, and what the run will hold at once fits
        rrl.guard.Preflight.outputFolder("run folder", spec.folder());
        rrl.guard.Preflight.memory(kind.memory(config).toArray(rrl.guard.MemoryBudget.Request[]::new));
        RunFolder folder = RunFolder.at(spec.folder(), host());
        try (RunFolder.Lock lock = folder.lock()) {
            JsonElement configJson = StrictJson.parse(spec.config());
            JsonElement unpinned = recordedBeforePins(kind, folder, configJson);
            if (unpinned != null) {
                // a folder recorded before this kind pinned its inputs: it resumes as it was, unpinned
                configJson = unpinned;
                config = GSON.fromJson(unpinned, kind.configType());
                id = kind.id(unpinned);
            }
            folder.requireRun(id, configJson, kind.budgetFields(), kind.addedFields());
            Path done = finished(folder, id, configJson, kind.addedFields());
            if (done != null) {
                return RunResult.ok(spec, done, true, seconds(t0));
            }
            long attempt = System.nanoTime();
            Provenance p = folder.provenance().orElse(null);
            boolean resumed = p != null && RunId.sameConfig(p.config(), configJson, kind.addedFields());
            if (!resumed) {
                // A new run, or the same run with another budget: provenance records the config in force.
                String name = spec.name().equals(".") ? spec.folder().getFileName().toString() : spec.name();
                p = Provenance.of(host(), id, name, threads, spec.seeds(), GSON.toJson(configJson));
                folder.writeProvenance(p);
            }
            Path result;
            try {
                result = kind.run(config, folder, new Resources(threads, spec.root()), progress);
            } catch (CancellationException e) {
                throw e; // stopped, not failed
            } catch (RuntimeException e) {
                // recorded in the run's own folder, so status reads it whichever engine or machine ran the attempt
                folder.writeJson(FAILED, new Failed(id, oneLine(e), Instant.now().toString(), hostname()));
                throw e;
            }
            Path rel = folder.dir().toAbsolutePath().relativize(result.toAbsolutePath());
            folder.writeJson(RESULT, new Finished(id, "finished", rel.toString(), Instant.now().toString(), configJson, p,
                    seconds(attempt), resumed));
            try {
                Files.deleteIfExists(folder.file(FAILED));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot remove " + folder.file(FAILED) + " after the run finished", e);
            }
            return RunResult.ok(spec, result, false, seconds(t0));
        }
    }

    /**
     * {@code config} without the kind's {@link RunKind#pins()} when {@code folder} records that run as it was before
     * the pins existed (its recorded config has none of them, and its run id is that of the config without them);
     * else null.
     */
    static <C> JsonElement recordedBeforePins(RunKind<C> kind, RunFolder folder, JsonElement config) {
        if (kind.pins().isEmpty() || !config.isJsonObject()) {
            return null;
        }
        Provenance p = folder.provenance().orElse(null);
        if (p == null || p.runId().equals(kind.id(config)) || !p.config().isJsonObject()) {
            return null;
        }
        JsonObject without = config.getAsJsonObject().deepCopy();
        for (String pin : kind.pins()) {
            if (RunId.get(p.config().getAsJsonObject(), pin) != null) {
                return null;
            }
            RunId.removePath(without, pin);
        }
        return p.runId().equals(kind.id(without)) ? without : null;
    }

    /**
     * The result file of run {@code id} if {@code folder} holds it finished with {@code config} (fields added since,
     * at their old values, do not count: {@link RunId#sameConfig}), else null.
     */
    static Path finished(RunFolder folder, RunId id, JsonElement config, java.util.Map<String, ?> addedFields) {
        Path f = folder.file(RESULT);
        if (!Files.exists(f)) {
            return null;
        }
        Finished r;
        try {
            r = GSON.fromJson(Files.readString(f), Finished.class);
        } catch (Exception e) {
            return null; // unreadable: run again (the run resumes from its own checkpoints)
        }
        if (r == null || !id.equals(r.runId()) || !"finished".equals(r.status()) || r.result() == null
                || r.config() == null || !RunId.sameConfig(r.config(), config, addedFields)) {
            return null;
        }
        Path result = folder.dir().resolve(r.result());
        return Files.exists(result) ? result : null;
    }

    /** This machine's name, for the failure record (the attempt may have run on any node of a cluster). */
    private static String hostname() {
        String h = System.getenv("HOSTNAME");
        if (h != null && !h.isBlank()) {
            return h;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    /** The first line of an exception's message (or its class name). */
    static String oneLine(Throwable e) {
        return rrl.io.Messages.oneLine(e);
    }
}
