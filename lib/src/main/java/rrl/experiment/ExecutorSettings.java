package rrl.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * How to run a sweep: which engine, where, and how wide.
 *
 * @param executor the engine: {@code local} (this process, {@link LocalExecutor}) or a provider's name
 *                 ({@link ExecutorProvider}, e.g. {@code spark})
 * @param master the engine's address, for engines that have one (Spark: {@code local[N]}, {@code spark://host:7077}
 *               (standalone)); null for the engine's default (Spark: {@code local[parallel x threadsPerRun]})
 * @param parallel runs at a time (local slots; Spark's {@code local[N]} when no master is given), >= 1
 * @param threadsPerRun each run's thread budget (Spark: {@code spark.task.cpus}), >= 1
 * @param progress print a line per finished run (and, one run at a time locally, its progress bar)
 */
public record ExecutorSettings(String executor, String master, int parallel, int threadsPerRun, boolean progress) {
    public static final String LOCAL = "local";

    public ExecutorSettings {
        if (executor == null || executor.isBlank()) {
            throw new IllegalArgumentException("--executor needs a name: " + LOCAL + " or one of " + providerNames());
        }
        executor = executor.strip().toLowerCase(java.util.Locale.ROOT); // "Spark" is spark
        if (parallel < 1) {
            throw new IllegalArgumentException("--parallel must be >= 1, got " + parallel);
        }
        if (threadsPerRun < 1) {
            throw new IllegalArgumentException("--threads (per run) must be >= 1, got " + threadsPerRun);
        }
        if (master != null && executor.equals(LOCAL)) {
            throw new IllegalArgumentException("--master is for a distributed executor (e.g. --executor spark), not "
                    + LOCAL + "; drop --master or pick the executor it belongs to");
        }
    }

    /** The executor these settings name; an engine not on the class path is one line saying how to get it. */
    public Executor create() {
        if (executor.equals(LOCAL)) {
            return new LocalExecutor(RunKinds.standard(), parallel, threadsPerRun, progress);
        }
        for (ExecutorProvider p : ServiceLoader.load(ExecutorProvider.class)) {
            if (p.name().equals(executor)) {
                return p.create(this);
            }
        }
        if (executor.equals("spark")) {
            throw new IllegalArgumentException("the Spark executor is not on the class path: build it once with "
                    + "`bash environment/setup.sh --with-spark` (bin/rrl then puts it on the class path for --executor spark)");
        }
        List<String> known = new ArrayList<>(List.of(LOCAL));
        known.addAll(providerNames());
        if (!known.contains("spark")) {
            known.add("spark (built once by environment/setup.sh --with-spark)");
        }
        known.add("slurm");
        throw new IllegalArgumentException("unknown --executor '" + executor + "'; known: " + String.join(", ", known));
    }

    /** The engines found on the class path besides {@code local}. */
    public static List<String> providerNames() {
        List<String> names = new ArrayList<>();
        for (ExecutorProvider p : ServiceLoader.load(ExecutorProvider.class)) {
            names.add(p.name());
        }
        return names;
    }
}
