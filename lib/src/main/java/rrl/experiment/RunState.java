package rrl.experiment;

import java.nio.file.Files;
import java.nio.file.Path;
import com.google.gson.JsonElement;
import rrl.results.RunFolder;

/**
 * Where a run stands, read from its folder alone (so it is the same whichever engine or machine runs it).
 */
public enum RunState {
    /** {@code result.json} is there: finished, and a rerun hands it back. */
    DONE,
    /** A live process holds the folder's lock. */
    RUNNING,
    /** Its last attempt threw; {@code failed.json} says why. A rerun resumes it. */
    FAILED,
    /** Started and left without finishing or failing (killed, preempted, stopped); a rerun resumes it. */
    STOPPED,
    /** Not started. */
    PENDING,
    /** The folder holds another run (another config: another plan's, or an edited one); running this one is refused. */
    OTHER_RUN;

    /**
     * The state of {@code spec}'s run: as {@link #of(Path)} for its folder, but {@link #OTHER_RUN} when the folder
     * records a run of another id, and {@link #STOPPED} (it will resume) when it finished with a smaller budget.
     */
    public static RunState of(RunSpec spec) {
        Path folder = spec.folder();
        String other = otherRun(spec);
        if (other != null) {
            return OTHER_RUN;
        }
        RunState s = of(folder);
        if (s == DONE) {
            com.google.gson.JsonElement config = rrl.io.StrictJson.parse(spec.config());
            RunFolder f = RunFolder.at(folder);
            JsonElement unpinned = recordedBeforePins(spec, f, config);
            rrl.results.RunId id = unpinned != null ? RunKinds.standard().get(spec.kind()).id(unpinned) : spec.id();
            return RunKinds.finished(f, id, unpinned != null ? unpinned : config,
                    RunKinds.standard().get(spec.kind()).addedFields()) != null ? DONE : STOPPED;
        }
        return s;
    }

    /** Why {@code spec}'s folder is not its run ({@code "holds run X, not Y"}), or null when it is (or is empty). */
    public static String otherRun(RunSpec spec) {
        if (!Files.isDirectory(spec.folder())) {
            return null; // not started; RunFolder.at would create the folder, and asking where a run stands writes nothing
        }
        RunFolder f = RunFolder.at(spec.folder());
        rrl.results.Provenance p;
        try {
            p = f.provenance().orElse(null);
        } catch (RuntimeException e) {
            return "unreadable provenance.json (" + e.getMessage() + ")";
        }
        if (p == null || p.runId().equals(spec.id())) {
            return null;
        }
        JsonElement unpinned = recordedBeforePins(spec, f, rrl.io.StrictJson.parse(spec.config()));
        if (unpinned != null) {
            return null; // recorded before its kind pinned its inputs: the same run, resumed unpinned
        }
        return "holds run " + p.runId() + ", not " + spec.id();
    }

    private static JsonElement recordedBeforePins(RunSpec spec, RunFolder f, JsonElement config) {
        try {
            return RunKinds.recordedBeforePins(RunKinds.standard().get(spec.kind()), f, config);
        } catch (IllegalArgumentException e) {
            return null; // a kind this registry does not know: no pins to consider
        }
    }

    /** The state of the run in {@code folder}. */
    public static RunState of(Path folder) {
        if (Files.exists(folder.resolve(RunKinds.RESULT))) {
            return DONE;
        }
        if (!Files.exists(folder.resolve(RunFolder.LOCK))) {
            return PENDING; // a run takes its folder's lock first, so without one it has not started
        }
        try (RunFolder.Lock l = RunFolder.at(folder).lock()) {
            return Files.exists(folder.resolve(RunKinds.FAILED)) ? FAILED : STOPPED;
        } catch (IllegalStateException e) {
            return RUNNING;
        }
    }

    /** The one-line error of a {@link #FAILED} run's last attempt, or null. */
    public static String error(Path folder) {
        Path f = folder.resolve(RunKinds.FAILED);
        if (!Files.exists(f)) {
            return null;
        }
        try {
            RunKinds.Failed r = new com.google.gson.Gson().fromJson(Files.readString(f), RunKinds.Failed.class);
            return r == null ? null : r.error();
        } catch (java.io.IOException | RuntimeException e) {
            return "unreadable " + RunKinds.FAILED;
        }
    }

    /** The state's name as tables and the CLI show it ("done", "running", ...). */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }
}
