package rrl.experiment;

import java.util.List;

/**
 * Runs a list of runs and answers one row per run, in the order given. A failing run is a failed row; the
 * others still run. Runs are independent and seeded, so the rows and every file they write do not depend on
 * how the executor schedules them. Implementations: {@link LocalExecutor} (a pool of slots in this process);
 * a distributed one ships each {@link RunSpec} as JSON to a worker that calls {@link RunKinds#execute}.
 */
public interface Executor {
    List<RunResult> execute(List<RunSpec> runs);
}
