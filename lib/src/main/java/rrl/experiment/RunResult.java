package rrl.experiment;

import java.nio.file.Path;
import rrl.results.RunId;

/**
 * One row of an executor's answer: which run, whether it finished, the one-line error if not, and its result
 * file.
 *
 * @param reused the folder already held this run's finished result, so nothing was computed
 */
public record RunResult(RunId id, String name, Status status, String error, Path result, boolean reused, double seconds) {
    public enum Status { OK, FAILED }

    public boolean ok() {
        return status == Status.OK;
    }

    static RunResult ok(RunSpec s, Path result, boolean reused, double seconds) {
        return new RunResult(s.id(), s.name(), Status.OK, null, result, reused, seconds);
    }

    static RunResult failed(RunSpec s, String error, double seconds) {
        return new RunResult(s.id(), s.name(), Status.FAILED, error, null, false, seconds);
    }
}
