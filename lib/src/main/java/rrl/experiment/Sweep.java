package rrl.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

/**
 * A plan expanded into runs: a grid of lines (a name, a run kind, a config per seed) times seeds, each becoming
 * a {@link RunSpec} with its run id and its folder {@code root/<name>-s<seed>}. The same plan always expands to
 * the same ids; changing anything but a budget field of a config gives a new id. Execute it with any
 * {@link Executor}; a rerun resumes (finished runs are handed back, unfinished ones continue).
 */
public final class Sweep {
    /** One line of a plan: run {@code kind} with {@code config.apply(seed)} for every seed, in {@code <name>-s<seed>}. */
    public record Line<C>(String name, RunKind<C> kind, LongFunction<C> config) {
        public Line {
            if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
                throw new IllegalArgumentException("a sweep line needs a name of letters, digits, '-', '_' or '.', got " + name);
            }
        }
    }

    private final Path root;
    private final List<RunSpec> runs;

    private Sweep(Path root, List<RunSpec> runs) {
        this.root = root;
        this.runs = List.copyOf(runs);
    }

    /**
     * Refuses a negative seed in a plan's {@code "seeds"}: studies read their runs' seeds back from the folders'
     * names ({@code <name>-s<digits>}), so a negative seed's runs would be trained and then never found.
     */
    public static void requireSeedsAtLeastZero(List<Long> seeds) {
        List<Long> negative = seeds.stream().filter(s -> s != null && s < 0).toList();
        if (!negative.isEmpty()) {
            throw new IllegalArgumentException("\"seeds\" must be integers >= 0 (run folders are <name>-s<seed>), got "
                    + negative.get(0) + " in " + seeds);
        }
    }

    /** Every line x every seed, line by line. */
    public static Sweep grid(Path root, List<? extends Line<?>> lines, List<Long> seeds) {
        if (seeds == null || seeds.isEmpty()) {
            throw new IllegalArgumentException("a sweep needs at least one seed");
        }
        requireSeedsAtLeastZero(seeds);
        List<RunSpec> out = new ArrayList<>();
        for (Line<?> l : lines) {
            for (long s : seeds) {
                out.add(spec(root, l, s));
            }
        }
        return new Sweep(root, out);
    }

    /** Explicit runs. */
    public static Sweep of(Path root, List<RunSpec> runs) {
        return new Sweep(root, runs);
    }

    private static <C> RunSpec spec(Path root, Line<C> l, long seed) {
        return RunSpec.of(root, l.name() + "-s" + seed, l.kind(), l.config().apply(seed));
    }

    public Path root() {
        return root;
    }

    public List<RunSpec> runs() {
        return runs;
    }

    /** Runs (or resumes) every run; one row per run, in order. */
    public List<RunResult> execute(Executor executor) {
        return executor.execute(runs);
    }

    /**
     * Fails with one line naming every failed run if any row failed (after all of them ran); the finished runs
     * are kept, so fixing the cause and rerunning resumes.
     *
     * @throws RunsFailedException naming every failed run and its error
     */
    public static List<RunResult> requireAllOk(List<RunResult> rows, String what) {
        List<String> failed = new ArrayList<>();
        for (RunResult r : rows) {
            if (!r.ok()) {
                failed.add(r.name() + ": " + r.error());
            }
        }
        if (!failed.isEmpty()) {
            throw new RunsFailedException(failed.size() + " of " + rows.size() + " " + what + " failed (" + String.join("; ", failed)
                    + "); the others finished and are kept, fix the cause and run again to resume");
        }
        return rows;
    }
}
