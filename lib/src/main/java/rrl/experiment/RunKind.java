package rrl.experiment;

import java.nio.file.Path;
import com.google.gson.JsonElement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import rrl.results.RunId;
import rrl.results.Resources;
import rrl.results.RunFolder;

/**
 * The code behind one kind of run (fine-tuning, an attack, a robustness evaluation, ...): it takes the run's
 * config record, the run's folder and the resources it may use, and runs or resumes the run. Registered by name
 * in {@link RunKinds}, so an executor can ship a run anywhere as its kind and config JSON.
 *
 * <p>{@link #run} is called with the folder locked, after the same-run check passed and provenance was written,
 * and only if the folder holds no finished result of this run. It must be deterministic given the config (the
 * result must not depend on the thread budget or on other runs going on in the process).
 *
 * @param <C> the config record (Gson-serialisable; its JSON is the run's identity)
 */
public interface RunKind<C> {
    /** The kind's name, part of every run id ("fine-tuning", "attack", ...). */
    String name();

    Class<C> configType();

    /** Config fields (dotted paths for nested ones) that extend a run rather than define it; none by default. */
    default Set<String> budgetFields() {
        return Set.of();
    }

    /**
     * Config fields (dotted paths) added after runs of this kind were recorded, with the value those runs had in
     * effect: left out of the run id while the config holds that value ({@link rrl.results.RunId}), so those runs
     * keep their ids. None by default.
     */
    default Map<String, ?> addedFields() {
        return Map.of();
    }

    /**
     * Input pins (dotted paths, e.g. a policy's or dataset's SHA-256) added after runs of this kind were recorded: a
     * folder whose recorded config has none of them, and is this config without them, resumes as it was, unpinned.
     * None by default.
     */
    default Set<String> pins() {
        return Set.of();
    }

    /** The id of a run of this kind with {@code config} (as JSON). */
    default RunId id(JsonElement config) {
        return RunId.ofJson(name(), config, budgetFields(), addedFields());
    }

    /**
     * The memory a run of {@code config} holds at once (its large allocations: simulators, replay, datasets), checked
     * together before its folder is made ({@link rrl.guard.Preflight#memory}); none by default.
     */
    default List<rrl.guard.MemoryBudget.Request> memory(C config) {
        return List.of();
    }

    /** Every seed the config holds, for provenance. */
    default List<Long> seeds(C config) {
        return List.of();
    }

    /**
     * Runs (or resumes) the run in {@code folder}; returns its main result file, inside the folder.
     *
     * @param resources the run's thread budget, and the sweep's root (where shared inputs of a study live)
     */
    Path run(C config, RunFolder folder, Resources resources, boolean progress);
}
