package rrl.experiment;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
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
