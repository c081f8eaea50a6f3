package rrl.experiment.spark;

import java.io.IOException;
import java.io.Serializable;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.launcher.JavaModuleOptions;
import rrl.experiment.Executor;
import rrl.experiment.ExecutorSettings;
import rrl.experiment.RunKinds;
import rrl.experiment.RunResult;
import rrl.experiment.RunSpec;
import rrl.experiment.RunsProgress;
import rrl.nn.NetThreads;

/**
 * Runs a sweep on Apache Spark: one Spark job of one task per run, each task shipping the run's {@link RunSpec} as
 * JSON to an executor JVM that runs (or resumes) it with {@link RunKinds#execute} in the run's folder. The folders
 * must be on storage that the driver and every worker see at the same path (the spec's root is absolute), and the
 * executors need this module's class path: by default {@code spark.executor.extraClassPath} is the folder of this
 * jar ({@code lib/spark/target/classpath/*}, the same path on every machine), and {@code environment/spark-standalone.sh} starts
 * standalone masters and workers from it.
 *
 * <p>Rows come back in the order of the runs. A run that fails inside its task is a failed row at once (no retry:
 * the same seeded run would fail again). A task whose executor JVM dies (killed, out of memory, a lost worker) is
 * retried by Spark up to {@value #TASK_MAX_FAILURES} times in all, and resumes from its folder's last checkpoint; a
 * run whose retries are all used up is a failed row, and the other runs go on. Speculation is off: two copies of a
 * run must never share a folder (its lock would fail one of them anyway).
 *
 * <p>Spark settings: {@code spark.task.cpus} = the thread budget of a run, so a worker with C cores runs
 * {@code C / threads} runs at once; with no master, {@code local[parallel x threads, 4]} (this JVM, {@code parallel}
 * runs at once, retries too). Any other {@code spark.*} setting can be given as a JVM system property (e.g.
 * {@code RRL_JAVA_OPTS="-Xmx4g -Dspark.executor.memory=8g" bin/rrl ...}); executors default to a 4 GiB heap, as
 * bin/rrl gives its own JVM. The Spark context is started at the first {@link #execute} (or an active one is
 * reused as it is) and stopped by {@link #close} if this executor started it.
 */
public final class SparkExecutor implements Executor, AutoCloseable {
    /** Attempts of one task (the first and its retries) before its run is a failed row. */
    public static final int TASK_MAX_FAILURES = 4;

    private static final Pattern LOCAL = Pattern.compile("local(\\[(\\d+|\\*)(,(\\d+))?])?");
    private static final long POLL_MILLIS = 100;
    private static final String MARK = "spark.rrl.executor";

    private final ExecutorSettings settings;
    private final String master;
    private final Map<String, String> conf;
    private final KindsFactory kinds;
    private JavaSparkContext context;
    private boolean ownsContext;

    /**
     * The run kinds a task runs its run with, made in the executor JVM (a run kind is code, not data): a serialisable
     * supplier, e.g. {@code () -> RunKinds.standard().with(myKind)}.
     */
    @FunctionalInterface
    public interface KindsFactory extends java.util.function.Supplier<RunKinds>, Serializable {}

    /** An executor of {@link RunKinds#standard()}'s runs with {@code settings}; see {@link #SparkExecutor(ExecutorSettings, Map, KindsFactory)}. */
    public SparkExecutor(ExecutorSettings settings) {
        this(settings, Map.of(), null);
    }

    /**
     * @param settings the master ({@code local[N]}, {@code spark://host:7077}; null
     *     for this JVM with {@code parallel x threadsPerRun} cores), the thread budget of a run, and whether to print
     *     a line per finished run
     * @param conf further Spark settings, over the defaults and the {@code spark.*} system properties
     * @param kinds the run kinds, made once per task; null for {@link RunKinds#standard()}, made once per executor JVM
     * @throws IllegalArgumentException a malformed master, or a standalone master that does not answer: one line
     *     naming it and the fix
     */
    public SparkExecutor(ExecutorSettings settings, Map<String, String> conf, KindsFactory kinds) {
        this.settings = settings;
        this.master = master(settings);
        this.conf = Map.copyOf(conf);
        this.kinds = kinds;
        requireReachable(master);
    }

    /**
     * The Spark master these settings give: null is {@code local[parallel x threadsPerRun, 4]}; a local master
     * without a failure count gets {@value #TASK_MAX_FAILURES}, so tasks are retried in this JVM too.
     */
    public static String master(ExecutorSettings s) {
        String m = s.master();
        if (m == null) {
            return "local[" + Math.multiplyExact(s.parallel(), s.threadsPerRun()) + "," + TASK_MAX_FAILURES + "]";
        }
        m = m.strip();
        Matcher local = LOCAL.matcher(m);
        if (local.matches()) {
            String cores = local.group(2) == null ? "1" : local.group(2);
            String failures = local.group(4) == null ? "" + TASK_MAX_FAILURES : local.group(4);
            return "local[" + cores + "," + failures + "]";
        }
        if (m.startsWith("local")) {
            throw new IllegalArgumentException("--master '" + m + "' is not a local master; use local, local[N], local[*] or local[N,F] "
                    + "(N cores, F attempts per task)");
        }
        if (m.equals("yarn") || m.startsWith("k8s://")) {
            // their cluster managers are separate Spark modules (spark-yarn, spark-kubernetes), not in lib/spark
            throw new IllegalArgumentException("--master " + m + " needs Spark's " + (m.equals("yarn") ? "spark-yarn" : "spark-kubernetes")
                    + " module, which the Spark executor does not include; run a standalone cluster (spark://HOST:7077, "
                    + "environment/spark-standalone.sh) or add the module to lib/spark/pom.xml");
        }
        if (!(m.startsWith("spark://") || m.startsWith("local-cluster["))) {
            throw new IllegalArgumentException("--master '" + m + "' is not a Spark master URL; use spark://HOST:PORT "
                    + "(a standalone cluster) or local[N]");
        }
        return m;
    }

    public String master() {
        return master;
    }

    /** A standalone master must answer on its port before a sweep is started on it (Spark itself would wait 60 s). */
    private static void requireReachable(String master) {
        if (!master.startsWith("spark://")) {
            return;
        }
        for (String hostPort : master.substring("spark://".length()).split(",")) {
            java.net.URI uri;
            try {
                uri = new java.net.URI("spark://" + hostPort);
            } catch (URISyntaxException e) {
                uri = null;
            }
            if (uri == null || uri.getHost() == null || uri.getPort() < 0 || !(uri.getPath() == null || uri.getPath().isEmpty())) {
                throw new IllegalArgumentException("--master '" + master + "' is not a standalone master URL; use "
                        + "spark://HOST:PORT (e.g. spark://node1:7077), several masters as spark://HOST1:PORT1,HOST2:PORT2");
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5000);
                return; // one live master of a list is enough
            } catch (IOException e) {
                if (!master.contains(",")) {
                    throw new IllegalArgumentException("no Spark master answers at " + hostPort + " (" + e.getMessage()
                            + "); start one there (environment/spark-standalone.sh master) or fix --master");
                }
            }
        }
        throw new IllegalArgumentException("none of the Spark masters of " + master + " answers; start one or fix --master");
    }

    @Override
    public List<RunResult> execute(List<RunSpec> runs) {
        Set<Path> folders = new HashSet<>();
        for (RunSpec r : runs) {
            if (!folders.add(r.folder())) {
                throw new IllegalArgumentException("two runs of one sweep share the folder " + r.folder()
                        + "; give them different names");
            }
        }
        if (runs.isEmpty()) {
            return List.of();
        }
        JavaSparkContext sc = context();
        int threads = settings.threadsPerRun();
        // One job per run: a job that Spark gives up on fails only its own run. Jobs submitted together run side by
        // side as the cluster's free cores allow, in submission order.
        sc.setLocalProperty("spark.job.interruptOnCancel", "true");
        List<JavaFutureAction<List<Row>>> jobs = new ArrayList<>();
        RunResult[] rows = new RunResult[runs.size()];
        int done = 0;
        RunsProgress shown = new RunsProgress("Spark sweep (" + sc.master() + ")", rows.length, settings.progress());
        try {
            for (RunSpec r : runs) {
                sc.setJobDescription(r.name());
                jobs.add(sc.parallelize(List.of(r.toJson()), 1).map(new RunTask(threads, kinds)).collectAsync());
            }
            while (done < rows.length) {
                boolean any = false;
                for (int i = 0; i < rows.length; i++) {
                    if (rows[i] == null && jobs.get(i).isDone()) {
                        rows[i] = row(runs.get(i), jobs.get(i));
                        done++;
                        any = true;
                        shown.finished(rows[i]);
                    }
                }
                if (!any) {
                    Thread.sleep(POLL_MILLIS);
                }
            }
            return List.of(rows);
        } catch (InterruptedException e) {
            throw new CancellationException("sweep interrupted; finished runs are kept, re-run to resume the others");
        } finally {
            shown.close();
            for (JavaFutureAction<List<Row>> j : jobs) {
                if (!j.isDone()) {
                    j.cancel(true);
                }
            }
        }
    }

    private static RunResult row(RunSpec spec, JavaFutureAction<List<Row>> job) throws InterruptedException {
        try {
            return job.get().get(0).toResult(spec);
        } catch (ExecutionException e) {
            // Spark gave up on the task (every attempt's JVM died, or the run threw an Error): a failed row
            Throwable c = e.getCause() != null ? e.getCause() : e;
            return new RunResult(spec.id(), spec.name(), RunResult.Status.FAILED, "Spark: " + rrl.io.Messages.oneLine(c), null, false, 0);
        } catch (CancellationException e) {
            return new RunResult(spec.id(), spec.name(), RunResult.Status.FAILED, "Spark job cancelled", null, false, 0);
        }
    }

    /** The context: the one this executor started, else an active one, else a new one. */
    private synchronized JavaSparkContext context() {
        if (context != null && !context.sc().isStopped()) {
            return context;
        }
        SparkConf c = sparkConf();
        try {
            // getOrCreate hands back an active context as it is; ours if it carries our mark
            String mark = java.util.UUID.randomUUID().toString();
            c.set(MARK, mark);
            SparkContext sc = SparkContext.getOrCreate(c);
            context = JavaSparkContext.fromSparkContext(sc);
            ownsContext = mark.equals(sc.getConf().get(MARK, null));
        } catch (Exception | ExceptionInInitializerError e) { // SparkException is checked, though Java is not told
            throw new IllegalArgumentException("cannot start Spark with master " + master + ": " + rrl.io.Messages.oneLine(e)
                    + "; check --master and the spark.* settings", e);
        }
        return context;
    }

    /** The Spark settings of this executor's context (before it is started). */
    public SparkConf sparkConf() {
        if (master.startsWith("local[")) {
            // Spark warns when the host name is the loopback; in this JVM alone that is what it binds to (log4j2.properties)
            System.setProperty("rrl.spark.utils.level", "error");
            org.apache.logging.log4j.core.config.Configurator.setLevel("org.apache.spark.util.Utils",
                    org.apache.logging.log4j.Level.ERROR);
        }
        SparkConf c = new SparkConf(); // reads spark.* system properties
        Map<String, String> d = new LinkedHashMap<>();
        d.put("spark.app.name", "rrl sweep");
        d.put("spark.ui.enabled", "false");
        d.put("spark.executor.memory", "4g");
        if (master.startsWith("local[")) {
            // this JVM only: the loopback works whatever the host name resolves to
            d.put("spark.driver.host", "127.0.0.1");
            d.put("spark.driver.bindAddress", "127.0.0.1");
        }
        String cp = moduleClassPath();
        if (cp != null) {
            d.put("spark.executor.extraClassPath", cp);
        }
        d.forEach(c::setIfMissing);
        c.setMaster(master);
        c.set("spark.task.cpus", "" + settings.threadsPerRun());
        c.set("spark.task.maxFailures", "" + TASK_MAX_FAILURES);
        c.set("spark.speculation", "false");
        String opts = JavaModuleOptions.defaultModuleOptions();
        c.set("spark.executor.extraJavaOptions", (opts + " " + c.get("spark.executor.extraJavaOptions", "")).strip());
        conf.forEach(c::set);
        return c;
    }

    /**
     * {@code <dir>/*} of the folder holding this class's jar (bin/rrl: lib/spark/target/classpath), so that workers
     * sharing the project's path find every jar; null when this class is not in a jar (a test's classes folder).
     */
    static String moduleClassPath() {
        try {
            java.security.CodeSource src = SparkExecutor.class.getProtectionDomain().getCodeSource();
            if (src == null) {
                return null;
            }
            Path jar = Path.of(src.getLocation().toURI());
            return Files.isRegularFile(jar) && jar.getParent() != null ? jar.getParent().resolve("*").toString() : null;
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    /** Stops the Spark context if this executor started it; an executor can be used again after (it starts a new one). */
    @Override
    public synchronized void close() {
        if (context != null && ownsContext) {
            context.stop();
        }
        context = null;
    }

    /** A run's row as it travels back from its task (a {@link RunResult} holds a {@link Path}, not serialisable). */
    record Row(boolean ok, String error, String result, boolean reused, double seconds) implements Serializable {
        static Row of(RunResult r) {
            return new Row(r.ok(), r.error(), r.result() == null ? null : r.result().toString(), r.reused(), r.seconds());
        }

        RunResult toResult(RunSpec spec) {
            return new RunResult(spec.id(), spec.name(), ok ? RunResult.Status.OK : RunResult.Status.FAILED, error,
                    result == null ? null : Path.of(result), reused, seconds);
        }
    }

    /** The task: runs (or resumes) one run in an executor JVM. */
    static final class RunTask implements Function<String, Row> {
        private static final long serialVersionUID = 1L;
        private final int threads;
        private final KindsFactory kinds;

        RunTask(int threads, KindsFactory kinds) {
            this.threads = threads;
            this.kinds = kinds;
        }

        @Override
        public Row call(String json) {
            NetThreads.set(threads);
            RunKinds k = kinds == null ? Standard.KINDS : kinds.get();
            return Row.of(k.execute(RunSpec.fromJson(json), threads, false));
        }
    }

    /** One set of the standard kinds per JVM, as in a local sweep (the fine-tuning kinds cache a prepared setup). */
    private static final class Standard {
        static final RunKinds KINDS = RunKinds.standard();
    }
}
