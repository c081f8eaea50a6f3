package rrl.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import rrl.algo.Metrics;
import rrl.checkpoint.Checkpoint;
import rrl.policy.ActorPolicy;
import rrl.progress.ProgressBar;
import rrl.mujoco.NativeMuJoCo;
import rrl.nn.NetThreads;
import rrl.results.Provenance;
import rrl.results.RunFolder;
import rrl.results.RunId;

/**
 * The one training loop of rrl. It advances a {@link Stepper} (offline updates or online interaction), and
 * owns everything around it: progress bar and interrupt, evaluation every {@code evalEvery} steps, the
 * {@code metrics.csv} log (update metrics averaged over every {@code logEvery} steps, plus the evaluation
 * columns), the policy saved at each evaluation, the training checkpoint and the resume from it, and the
 * "same run?" check by {@link RunId}. Algorithms come in as learners inside the stepper; fine-tuning's
 * curriculum and perturbation state come in as {@link Hooks}. A learner never owns a loop; this loop never
 * knows the algorithm.
 *
 * <p>Checkpoints are written at the first step where {@link Stepper#atBoundary()} holds after every
 * {@code checkpointEvery} steps, and at the end; a run killed at any point and run again on its folder ends
 * with the same numbers and the same {@code metrics.csv} as an uninterrupted one.
 */
public final class TrainingLoop {
    /**
     * How long and how often.
     *
     * @param steps loop steps in total (offline: updates; online: environment steps)
     * @param evalEvery steps between evaluations (TD3+BC, D4RL practice: 5000)
     * @param logEvery steps between update-metric rows of {@code metrics.csv} (evaluations add rows too)
     * @param checkpointEvery steps between training checkpoints (written at the next boundary)
     */
    public record Schedule(long steps, int evalEvery, int logEvery, int checkpointEvery) {
        public Schedule {
            if (steps < 1 || evalEvery < 1 || logEvery < 1 || checkpointEvery < 1) {
                throw new IllegalArgumentException("steps, evalEvery, logEvery and checkpointEvery must be >= 1, got "
                        + steps + ", " + evalEvery + ", " + logEvery + ", " + checkpointEvery);
            }
        }
    }

    /** Evaluates the current policy: values for {@link #columns()}, same names every time. */
    public interface Evaluator {
        List<String> columns();

        double[] evaluate(ActorPolicy policy, long step);

        /** Progress-bar text for an evaluation's values. */
        default String status(double[] values) {
            return "";
        }
    }

    /** What a configuration of the loop adds around it (fine-tuning: curriculum and perturbation state). */
    public interface Hooks {
        Hooks NONE = new Hooks() { };

        /** After the evaluation at {@code step} ({@code values} in the evaluator's column order). */
        default void afterEvaluation(long step, ActorPolicy policy, double[] values) {}

        /** Saves the hook's own state into the training checkpoint. */
        default void save(Checkpoint ck) {}

        /** Restores it (after the stepper is restored). */
        default void restore(Checkpoint ck) {}
    }

    /**
     * One configured run.
     *
     * @param label progress-bar label ("Hopper TD3+BC")
     * @param checkpointKind the training checkpoint's kind ("td3bc-training", "online-training", "fine-tuning")
     * @param id the run's identity; a folder holding another id is refused
     * @param budgetFields config fields (dotted paths) that extend the run rather than define it (e.g. "steps"): left
     *     out of the "config differs in ..." list of a refusal, since changing them is not another run
     * @param describe what the refusal message says of a recorded config (its JSON): "a TD3 run of Hopper seed 1";
     *     checkpoints written before run ids existed count as the same run when their descriptions match
     * @param config the run's config record: in {@code config.json} (with {@code record} and {@code id}) and the
     *     training checkpoint
     * @param policy the current evaluation policy (a copy)
     * @param policyFile the file (relative to the run folder) the policy of an evaluation at a step is saved to, with
     *     {@code policyMeta} in its meta
     */
    public record Run(String label, String checkpointKind, RunId id, java.util.Set<String> budgetFields,
                      Function<com.google.gson.JsonObject, String> describe,
                      Object config, Map<String, ?> record, Schedule schedule, Stepper stepper, Supplier<ActorPolicy> policy,
                      Evaluator evaluator, LongFunction<String> policyFile, Map<String, ?> policyMeta, Hooks hooks) {}

    /** A run's outcome: the metrics log (all rows) and the last policy. */
    public record Outcome(MetricsLog log, ActorPolicy policy) {
        @Override
        public String toString() {
            return "TrainingLoop.Outcome(" + policy + "; " + log + ")";
        }
    }

    private TrainingLoop() {}

    /**
     * Runs (or resumes) {@code r} in {@code dir} (null: nothing written, nothing resumed); {@code stopAt} ends the
     * run without saving after that many steps (a simulated kill, for tests).
     */
    public static Outcome run(Run r, Path dir, boolean progress, long stopAt) {
        RunFolder folder = dir == null ? null : RunFolder.at(dir);
        try (RunFolder.Lock lock = folder == null ? null : folder.lockUnlessHeldHere().orElse(null)) {
            return runLocked(r, folder, lock, progress, stopAt);
        }
    }

    /**
     * The folder holds {@code lock} when this loop took it; null when a caller up the stack (a run protocol) holds it
     * and owns the folder's provenance.
     */
    private static Outcome runLocked(Run r, RunFolder folder, RunFolder.Lock lock, boolean progress, long stopAt) {
        Path dir = folder == null ? null : folder.dir();
        Path state = folder == null ? null : folder.file("training.ckpt");
        if (folder != null) {
            // the one same-run rule: the run id the folder records (legacy folders without one: below)
            try {
                folder.requireRun(r.id(), GSON.toJsonTree(r.config()), r.budgetFields());
            } catch (IllegalArgumentException e) {
                com.google.gson.JsonElement saved = folder.provenance().get().config();
                String held = r.describe().apply(saved.isJsonObject() ? saved.getAsJsonObject() : new com.google.gson.JsonObject());
                String asked = r.describe().apply(currentConfig(r));
                // when the summaries agree, the difference is in the settings the message lists: say so first
                throw new IllegalArgumentException("this folder holds " + held + (held.equals(asked) ? " with other settings"
                        : ", not " + asked) + ": " + e.getMessage(), e);
            }
        }
        MetricsLog log = new MetricsLog(r.evaluator().columns());
        Stepper s = r.stepper();
        if (state != null && Files.exists(state)) {
            Checkpoint ck = Checkpoint.read(state);
            requireSameRun(ck, r, state);
            s.restore(ck);
            log.restore(ck);
            r.hooks().restore(ck);
            if (s.stepIsUpdate() && s.steps() > r.schedule().steps()) {
                // gradient updates count exactly, so a run past the budget was asked for fewer updates than it did;
                // handing back the longer run under the shorter budget would mislabel it
                throw new IllegalArgumentException("this run is at update " + s.steps() + ", past the " + r.schedule().steps()
                        + " asked for; give at least " + s.steps() + " (more extends it), or another run folder");
            }
            if (progress && s.steps() < r.schedule().steps()) { // a finished run is handed back, not resumed
                System.out.println("resuming " + dir + " at step " + s.steps());
            }
        }
        if (folder != null) {
            recordConfigInForce(r, folder, lock != null);
        }
        s.begin();
        boolean checkpointDue = false;
        long total = r.schedule().steps();
        try (ProgressBar bar = progress ? new ProgressBar(r.label(), total, s.stepIsUpdate() ? "updates"
                : "environment steps") : null) {
            if (bar != null) {
                bar.step(s.steps());
            }
            while (s.steps() < total) {
                if (s.steps() >= stopAt) {
                    return new Outcome(log, r.policy().get());
                }
                if (Thread.interrupted()) {
                    throw new CancellationException(r.label() + " interrupted at step " + s.steps() + "; run again on "
                            + dir + " to resume from its last checkpoint");
                }
                log.add(s.step());
                long step = s.steps();
                boolean evaluate = step % r.schedule().evalEvery() == 0 || step == total;
                if (evaluate) {
                    ActorPolicy policy = r.policy().get();
                    double[] values = r.evaluator().evaluate(policy, step);
                    log.row(step, values);
                    if (folder != null) {
                        policy.save(folder.file(r.policyFile().apply(step)), withStep(r.policyMeta(), step));
                        log.write(folder.file("metrics.csv"));
                    }
                    r.hooks().afterEvaluation(step, policy, values);
                    if (bar != null) {
                        bar.status(r.evaluator().status(values));
                    }
                } else if (step % r.schedule().logEvery() == 0) {
                    log.row(step, null);
                    if (folder != null) {
                        log.write(folder.file("metrics.csv"));
                    }
                }
                if (step % r.schedule().checkpointEvery() == 0) {
                    checkpointDue = true;
                }
                if (state != null && ((checkpointDue && s.atBoundary()) || step == total)) {
                    Checkpoint ck = Checkpoint.create(r.checkpointKind()).putMeta("run_id", r.id().toString())
                            .putMeta("config", r.config()).putMeta("provenance", provenance(r));
                    s.save(ck);
                    log.save(ck);
                    r.hooks().save(ck);
                    ck.write(state);
                    checkpointDue = false;
                }
                if (bar != null) {
                    bar.step(1);
                }
            }
        }
        return new Outcome(log, r.policy().get());
    }

    private static final com.google.gson.Gson GSON = new com.google.gson.GsonBuilder()
            .serializeSpecialFloatingPointValues().create();

    /**
     * Makes {@code config.json} (and, when this loop owns the folder, {@code provenance.json}) hold the config in force:
     * written at the start of a run, and rewritten (atomically) when a resume changes a budget field such as the
     * steps, so every record in the folder says what the run is now. Left alone when nothing changed.
     */
    private static void recordConfigInForce(Run r, RunFolder folder, boolean ownsProvenance) {
        com.google.gson.JsonElement inForce = GSON.toJsonTree(r.config());
        com.google.gson.JsonElement recorded = null;
        Path cfgFile = folder.file("config.json");
        if (Files.isRegularFile(cfgFile)) {
            try {
                recorded = rrl.io.StrictJson.parse(Files.readString(cfgFile)).getAsJsonObject().get("config");
            } catch (java.io.IOException | RuntimeException e) {
                recorded = null; // unreadable: written anew below
            }
        }
        if (recorded == null || !RunId.canonical(recorded).equals(RunId.canonical(inForce))) {
            Map<String, Object> cfg = new java.util.LinkedHashMap<>(r.record());
            cfg.put("config", r.config());
            cfg.put("run_id", r.id().toString());
            folder.writeConfig(cfg);
        }
        java.util.Optional<Provenance> p = folder.provenance();
        if (p.isEmpty() || (ownsProvenance && !RunId.canonical(p.get().config()).equals(RunId.canonical(inForce)))) {
            folder.writeProvenance(provenance(r));
        }
    }

    /** Where and how this run is computed: build, machine, vector width, threads, MuJoCo, seeds, id, config. */
    static Provenance provenance(Run r) {
        return Provenance.of(Provenance.Host.current(NativeMuJoCo.version()), r.id(), r.label(), NetThreads.get(),
                seeds(GSON.toJsonTree(r.config())), GSON.toJson(r.config()));
    }

    /** Every "seed" field of a config, at any depth. */
    private static List<Long> seeds(com.google.gson.JsonElement e) {
        List<Long> out = new java.util.ArrayList<>();
        if (e.isJsonObject()) {
            for (var x : e.getAsJsonObject().entrySet()) {
                if (x.getKey().equals("seed") && x.getValue().isJsonPrimitive()) {
                    out.add(x.getValue().getAsLong());
                } else {
                    out.addAll(seeds(x.getValue()));
                }
            }
        }
        return out;
    }

    private static Map<String, Object> withStep(Map<String, ?> meta, long step) {
        // sorted: the caller's Map.of iterates in an order that changes between JVMs, and the file must not
        Map<String, Object> m = new java.util.TreeMap<>(meta);
        m.put("step", step);
        return m;
    }

    /**
     * The one "same run?" rule: the checkpoint's recorded run id must equal this run's. Checkpoints written before
     * run ids were recorded are compared by the id of their recorded config.
     */
    private static void requireSameRun(Checkpoint ck, Run r, Path file) {
        if (!ck.kind().equals(r.checkpointKind())) {
            throw new IllegalArgumentException(file + " is a '" + ck.kind() + "' checkpoint, not '" + r.checkpointKind()
                    + "'; use another run folder");
        }
        String saved = ck.meta().has("run_id") ? ck.meta().get("run_id").getAsString() : null;
        com.google.gson.JsonObject savedConfig = ck.meta().has("config") && ck.meta().get("config").isJsonObject()
                ? ck.meta().getAsJsonObject("config") : new com.google.gson.JsonObject();
        if (saved == null) {
            saved = legacyId(r, savedConfig);
        }
        if (!saved.equals(r.id().toString())) {
            throw new IllegalArgumentException(file.getParent() + " belongs to " + r.describe().apply(savedConfig) + " (run "
                    + saved + "), not " + r.describe().apply(currentConfig(r)) + " (run " + r.id()
                    + "); use another run folder or delete it to start over");
        }
    }

    private static com.google.gson.JsonObject currentConfig(Run r) {
        return GSON.toJsonTree(r.config()).getAsJsonObject();
    }

    /** A legacy checkpoint is the same run when its config describes the same run (its description matches). */
    private static String legacyId(Run r, com.google.gson.JsonObject savedConfig) {
        // compared without the inputs part (" on FILE (sha256 ...)"), which configs of that time did not record
        return withoutInputs(r.describe().apply(savedConfig)).equals(withoutInputs(r.describe().apply(currentConfig(r))))
                ? r.id().toString() : r.id().kind() + ":legacy";
    }

    private static String withoutInputs(String description) {
        int on = description.indexOf(" on ");
        return on < 0 ? description : description.substring(0, on);
    }
}
