package rrl.experiment;

import java.nio.file.Files;
import java.nio.file.Path;
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
    PENDING;

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
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
