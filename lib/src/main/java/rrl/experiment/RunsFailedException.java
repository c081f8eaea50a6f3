package rrl.experiment;

/**
 * Some runs of a sweep failed after every run was tried; the finished ones are kept and a rerun resumes the others.
 * Not bad input, so the CLI exits 1 (as a failed cluster task does), not 2.
 */
public final class RunsFailedException extends IllegalStateException {
    public RunsFailedException(String message) {
        super(message);
    }
}
