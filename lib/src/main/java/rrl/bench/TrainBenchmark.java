package rrl.bench;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.DoubleUnaryOperator;
import rrl.algo.Sac;
import rrl.algo.SacConfig;
import rrl.algo.Td3;
import rrl.algo.Td3Config;
import rrl.data.Transitions;
import rrl.nn.Gemm;
import rrl.nn.Mlp;
import rrl.nn.NetThreads;
import rrl.replay.OfflineReplay;
import rrl.replay.TransitionBatch;

/**
 * Learning-core throughput against PyTorch and JAX measured in the same run: TD3+BC, SAC, IQL, RIQL, BCQ and PPO
 * updates per second over a matrix of learner x batch x hidden width x threads, and actor inference latency.
 *
 * <p><b>What is measured.</b> One update is what {@link Td3#update} (with {@link Td3Config#td3bc()}),
 * {@link Sac#update} (with {@link SacConfig#defaults()}), {@code Iql}, {@code Riql} or {@code Bcq} with their
 * defaults do ({@link BenchLearners}; BCQ only up to batch x width 65,536), with both hidden layers of the cell's width and the
 * cell's batch, including drawing the batch from a 100,000-row in-memory random dataset (HalfCheetah's dimensions,
 * obs 17 / act 6); for PPO one minibatch step ({@code Ppo.minibatchStep}, what its update phase repeats) on the
 * cell's batch of rows drawn from a fixed 2,048-row rollout made from that dataset. The references do the same update: {@code environment/bench/torch_reference.py} (PyTorch,
 * eager, as sfujim/TD3_BC runs) and {@code environment/bench/jax_reference.py} (the whole update in one
 * {@code jax.jit}); their docstrings give the details. Latency is one forward pass of the TD3 actor (no
 * gradients) at batch 1 and 256, width 256, reported in microseconds per call.
 *
 * <p><b>Method.</b> Per thread count the references are started once ({@link ReferenceProcess}) and kept alive.
 * Per cell each implementation first warms up in rounds as long as the measurement rounds until two successive
 * rounds agree within {@value #WARMUP_AGREEMENT_PERCENT}% (at most {@link Config#maxWarmupRounds} rounds: a JIT
 * compiler, C2 or XLA, settles within a few; the count is reported); then {@link Config#repeats} rounds run
 * interleaved (rrl, PyTorch, JAX, rrl, ...), so a change in the machine's load hits all alike. Each
 * implementation's rate is the median of its rounds with their min and max; a ratio (rrl / PyTorch, rrl / JAX) is
 * the median of the per-round ratios of adjacent rounds. (On a 2-vCPU VM a preempted vCPU can stall a 2-thread
 * round, PyTorch's OpenMP barrier most: the range shows it, the median does not follow it.) rrl's threads:
 * {@link NetThreads#set}; PyTorch's: {@code torch.set_num_threads} and the OpenMP / MKL variables; JAX's: the
 * process's CPU affinity (JAX 0.10 ignores the XLA flags once used for this).
 *
 * <p>Every report carries what the numbers depend on ({@link Machine}): CPU model, cores, the Java vector width,
 * JVM, the references' versions and BLAS, load average before and after, BLAS / OpenMP / XLA variables that were
 * set, and the date. {@link TrainReport} renders a report, also one saved as JSON.
 */
public final class TrainBenchmark {
    /** The learners a cell can measure, as named on the command line and in results. */
    public static final List<String> LEARNERS = BenchLearners.names();
    /** Rows of the random dataset batches are drawn from (the old reference script's size). */
    public static final int DATASET_ROWS = 100_000;
    static final int WARMUP_AGREEMENT_PERCENT = 3;
    /** Updates whose multiply-adds are averaged: a multiple of TD3's policy delay (2), so every cycle counts whole. */
    public static final int COUNTED_UPDATES = 4;
    /** Other processes' use, in cores, from which a cell counts as measured on a shared machine. */
    static final double BUSY_CORES = 0.2;
    /** Attempts at a cell's measured rounds while the machine is shared. */
    static final int BUSY_ATTEMPTS = 3;
    /** The pause before measuring a shared cell again: long enough for a build or a test run's burst to pass. */
    private static final long BUSY_PAUSE_MILLIS = 15_000;

    /**
     * What to measure.
     *
     * @param learners any of {@link #LEARNERS}
     * @param batches batch sizes (rows per update)
     * @param widths hidden widths (both hidden layers of actor and critics)
     * @param threads thread counts, each a column of the report (rrl, PyTorch and JAX alike)
     * @param seconds length of one round, warm-up or measurement, per implementation (s)
     * @param repeats measured rounds per implementation and cell (median, min, max)
     * @param maxWarmupRounds the cap on warm-up rounds when two successive rounds keep disagreeing
     * @param references whether to run PyTorch and JAX next to rrl
     * @param createVenv whether a missing reference venv may be created (about 6 GB); if not, the references
     *     are skipped when it is missing
     * @param latencyBatches batch sizes of the actor latency (empty: no latency)
     * @param latencyWidth the actor's hidden width for the latency
     * @param obsDim observation size (HalfCheetah: 17)
     * @param actDim action size (HalfCheetah: 6)
     * @param seed seeds the dataset, the networks and the batch draws
     * @param busyAttempts attempts at a cell's measured rounds while other processes use the machine
     *     ({@value #BUSY_ATTEMPTS} for a measurement; 1 for the smoke run, which is not worth waiting for)
     */
    public record Config(List<String> learners, int[] batches, int[] widths, int[] threads, double seconds, int repeats,
                         int maxWarmupRounds, boolean references, boolean createVenv, int[] latencyBatches,
                         int latencyWidth, int obsDim, int actDim, long seed, int busyAttempts) {
        public Config {
            learners = List.copyOf(learners);
            for (String l : learners) {
                if (!LEARNERS.contains(l)) {
                    throw new IllegalArgumentException("unknown learner '" + l + "'; the learners are " + LEARNERS);
                }
            }
            if (learners.isEmpty() || batches.length == 0 || widths.length == 0 || threads.length == 0) {
                throw new IllegalArgumentException("the matrix is empty: give at least one learner, batch, width and "
                        + "thread count");
            }
            positive("batch size", batches);
            positive("width", widths);
            positive("thread count", threads);
            positive("latency batch size", latencyBatches);
            if (!(seconds > 0 && seconds <= 3600) || repeats < 1 || maxWarmupRounds < 2 || latencyWidth < 1
                    || obsDim < 1 || actDim < 1 || busyAttempts < 1) {
                throw new IllegalArgumentException("need seconds in (0, 3600], repeats >= 1, warm-up cap >= 2, "
                        + "busy attempts >= 1 and positive sizes");
            }
            int[] ws = widths;
            for (String l : learners) {
                long limit = BenchLearners.maxBatchTimesWidth(l);
                if (Arrays.stream(batches).noneMatch(b -> Arrays.stream(ws).anyMatch(w -> (long) b * w <= limit))) {
                    throw new IllegalArgumentException(l + " is measured up to batch x width " + limit + " (100 "
                            + "sampled actions per next state); give a smaller --batches or --widths");
                }
            }
            batches = batches.clone();
            widths = widths.clone();
            threads = threads.clone();
            latencyBatches = latencyBatches.clone();
        }

        private static void positive(String what, int[] values) {
            for (int v : values) {
                if (v < 1) {
                    throw new IllegalArgumentException("a " + what + " must be >= 1, got " + v);
                }
            }
        }

        /**
         * The full matrix: both learners x batch {64, 256, 1024} x width {64, 256, 1024} (256 is the papers'
         * width and TD3+BC's batch; 64 and 1024 bracket it) x threads {1, 2} (the 2-core machine this was
         * written on; fewer on a 1-core machine), rounds of 1 s, 5 repeats, at most 10 warm-up rounds,
         * references on (the venv is created if missing), latency at batch 1 (acting) and 256 at width 256.
         */
        public static Config defaults() {
            int cores = Runtime.getRuntime().availableProcessors();
            return new Config(LEARNERS, new int[] {64, 256, 1024}, new int[] {64, 256, 1024},
                    cores > 1 ? new int[] {1, 2} : new int[] {1}, 1.0, 5, 10, true, true, new int[] {1, 256}, 256,
                    17, 6, 0, BUSY_ATTEMPTS);
        }

        /**
         * A smoke run (well under a minute, for CI): both learners at batch 64, width 64, 1 thread, rounds of
         * 0.2 s, 2 repeats, at most 10 warm-up rounds; the references only if their venv already exists.
         */
        public static Config quick() {
            return new Config(LEARNERS, new int[] {64}, new int[] {64}, new int[] {1}, 0.2, 2, 10, true, false,
                    new int[] {1, 256}, 256, 17, 6, 0, 1);
        }

        public Config withMatrix(List<String> learners, int[] batches, int[] widths, int[] threads) {
            return new Config(learners, batches, widths, threads, seconds, repeats, maxWarmupRounds, references,
                    createVenv, latencyBatches, latencyWidth, obsDim, actDim, seed, busyAttempts);
        }

        public Config withRounds(double seconds, int repeats) {
            return new Config(learners, batches, widths, threads, seconds, repeats, maxWarmupRounds, references,
                    createVenv, latencyBatches, latencyWidth, obsDim, actDim, seed, busyAttempts);
        }

        public Config withReferences(boolean references) {
            return new Config(learners, batches, widths, threads, seconds, repeats, maxWarmupRounds, references,
                    createVenv, latencyBatches, latencyWidth, obsDim, actDim, seed, busyAttempts);
        }

        public Config withLatencyBatches(int... batches) {
            return new Config(learners, this.batches, widths, threads, seconds, repeats, maxWarmupRounds, references,
                    createVenv, batches, latencyWidth, obsDim, actDim, seed, busyAttempts);
        }
    }

    /**
     * One implementation's rounds in a cell: median, min and max of the measured rounds (updates/s for updates,
     * microseconds per call for latency), the rounds in the order run, and the warm-up rounds it took
     * ({@code settled} false when the cap was reached before two successive rounds agreed).
     */
    public record Stats(double median, double min, double max, double[] rounds, int warmupRounds, boolean settled) {
        static Stats of(double[] rounds, int warmupRounds, boolean settled) {
            double[] s = rounds.clone();
            Arrays.sort(s);
            return new Stats(TrainBenchmark.median(s), s[0], s[s.length - 1], rounds.clone(), warmupRounds, settled);
        }
    }

    /** rrl over a reference: median, min and max of the per-round ratios (round r of rrl over round r of the other). */
    public record Ratio(double median, double min, double max) {
        static Ratio of(Stats rrl, Stats other) {
            if (other == null) {
                return null;
            }
            double[] r = new double[rrl.rounds().length];
            for (int i = 0; i < r.length; i++) {
                r[i] = rrl.rounds()[i] / other.rounds()[i];
            }
            Arrays.sort(r);
            return new Ratio(TrainBenchmark.median(r), r[0], r[r.length - 1]);
        }
    }

    /**
     * Updates per second of one learner at one batch, width and thread count; null for a reference not run.
     *
     * @param multiplyAddsPerUpdate the multiply-adds rrl's kernel ran per update, the mean over
     *     {@link TrainBenchmark#COUNTED_UPDATES} updates ({@link Gemm#countMultiplyAdds}: padded widths included); 0 in
     *     results saved before it was counted
     */
    public record Cell(String learner, int batch, int width, int threads, Stats rrl, Stats torch, Stats jax,
                       Ratio rrlOverTorch, Ratio rrlOverJax, Busy busy, long multiplyAddsPerUpdate) {
        /**
         * rrl's effective GFLOP/s: the kernel's counted work per update (2 flops per multiply-add) times rrl's median
         * updates/s, so time outside the products lowers it too; NaN when not counted.
         */
        public double rrlGflops() {
            return multiplyAddsPerUpdate > 0 ? 2.0 * multiplyAddsPerUpdate * rrl.median() / 1e9 : Double.NaN;
        }
    }

    /** Microseconds per forward pass of the TD3 actor (lower is better); null for a reference not run. */
    public record Latency(int batch, int width, int threads, Stats rrl, Stats torch, Stats jax, Ratio rrlOverTorch,
                          Ratio rrlOverJax, Busy busy) {}

    /**
     * What else ran while a cell's measured rounds ran ({@link OtherLoad}).
     *
     * @param otherCores cores other processes used on average during the kept attempt (0 on a quiet machine, about
     *     1 when another process keeps a core busy; NaN where {@code /proc} is not readable)
     * @param attempts how many times the measured rounds ran: a cell measured while others used at least
     *     {@value #BUSY_CORES} cores is measured again after a pause, up to {@value #BUSY_ATTEMPTS} times, and the
     *     quietest attempt is kept
     */
    public record Busy(double otherCores, int attempts) {
        /** Whether the kept attempt still shared the machine (its numbers understate what the machine can do). */
        public boolean shared() {
            return otherCores >= BUSY_CORES;
        }
    }

    /** A reference as it described itself: implementation, version, what multiplies its matrices. */
    public record Reference(String implementation, String version, String blas) {}

    /**
     * What the numbers depend on.
     *
     * @param cpu the model name from /proc/cpuinfo
     * @param vectorBits the Java Vector API's preferred float vector width (what rrl's kernel uses)
     * @param jvm JVM name and version
     * @param rrl rrl's version and commit
     * @param loadAverageBefore the 1-minute load average before the first round (another busy process halves a
     *     1-thread number)
     * @param environment BLAS, OpenMP and XLA variables that were set (OPENBLAS_*, MKL_*, OMP_*, KMP_*, XLA_FLAGS,
     *     JAX_*)
     * @param date when the run started (ISO 8601)
     * @param peakGflops one core's FP32 peak as this JVM reaches it ({@link FmaPeak}), the better of a measurement
     *     at the start and one at the end; 0 in results saved before it was measured
     */
    public record Machine(String cpu, int cores, int vectorBits, String jvm, String rrl, List<Reference> references,
                          double loadAverageBefore, double loadAverageAfter, Map<String, String> environment,
                          String date, double peakGflops) {}

    /** A whole run; {@code benchmark} names the format ("rrl bench train"). */
    public record Report(String benchmark, Machine machine, Config config, List<Cell> cells, List<Latency> latency) {}

    static final String BENCHMARK = "rrl bench train";

    private TrainBenchmark() {}

    /**
     * Runs the matrix. With references on, the venv is created or brought to the project's pins first
     * ({@link ReferenceProcess#ensureVenv}) if {@code config.createVenv()}; else an existing venv is used as it is
     * and a missing one skips the references (said on {@code progress}).
     *
     * @param project the checkout (for the reference scripts)
     * @param progress one line per cell, and a line when references start or are skipped
     */
    public static Report run(Config config, Path project, Consumer<String> progress) {
        String date = OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString();
        double loadBefore = rrl.results.BuildInfo.loadAverage();
        boolean refs = config.references();
        if (refs && config.createVenv()) {
            ReferenceProcess.ensureVenv(project, progress);
        } else if (refs && !ReferenceProcess.venvExists()) {
            progress.accept("references skipped: no venv at " + ReferenceProcess.venv()
                    + " (bash environment/bench-venv.sh creates it, about 6 GB)");
            refs = false;
        }
        // before the references start (and again at the end, the better kept: a round that shares its core with a
        // finishing process reads low, and a low peak would put cells above 100% of it): 3 rounds of 0.3 s each time
        double peakBefore = FmaPeak.gflops(0.3, 3);
        progress.accept(String.format(Locale.ROOT, "one core's FP32 peak (FMA loop, %d-bit vectors): %.0f GFLOP/s",
                vectorBits(), peakBefore));
        Transitions data = randomData(DATASET_ROWS, config.obsDim(), config.actDim(), config.seed());
        OfflineReplay replay = new OfflineReplay(data);
        Map<String, Reference> references = new LinkedHashMap<>();
        List<Cell> cells = new ArrayList<>();
        List<Latency> latency = new ArrayList<>();
        int savedThreads = NetThreads.get();
        try {
            for (int t : config.threads()) {
                NetThreads.set(t);
                List<ReferenceProcess> procs = new ArrayList<>();
                try {
                    if (refs) {
                        for (ReferenceProcess.Kind k : ReferenceProcess.Kind.values()) {
                            procs.add(ReferenceProcess.start(project, k, t, config.obsDim(), config.actDim(),
                                    config.seed()));
                        }
                        StringBuilder line = new StringBuilder("references on " + rrl.io.Messages.count(t, "thread") + ":");
                        for (ReferenceProcess p : procs) {
                            ReferenceProcess.Hello h = p.hello();
                            if (h.threads() != t) {
                                // e.g. a CPU affinity narrower than the cores Java sees: the columns would lie
                                throw new IllegalStateException("the " + p.kind().label + " reference runs on "
                                        + rrl.io.Messages.count(h.threads(), "thread") + ", not the " + t + " asked "
                                        + "for; pass --threads with at most " + h.threads());
                            }
                            references.putIfAbsent(h.implementation(), new Reference(h.implementation(), h.version(),
                                    h.blas()));
                            line.append(' ').append(h.implementation()).append(' ').append(h.version()).append(" (")
                                    .append(h.blas()).append(", ").append(rrl.io.Messages.count(h.threads(), "thread"))
                                    .append(')');
                        }
                        progress.accept(line.toString());
                    }
                    ReferenceProcess torch = find(procs, ReferenceProcess.Kind.TORCH);
                    ReferenceProcess jax = find(procs, ReferenceProcess.Kind.JAX);
                    for (String learner : config.learners()) {
                        for (int b : config.batches()) {
                            for (int w : config.widths()) {
                                if ((long) b * w > BenchLearners.maxBatchTimesWidth(learner)) {
                                    progress.accept(learner + " batch " + b + " width " + w + ": not measured (batch x "
                                            + "width above " + BenchLearners.maxBatchTimesWidth(learner) + " for "
                                            + learner + ": 100 sampled actions per next state)");
                                    continue;
                                }
                                Cell c = updateCell(config, replay, learner, b, w, t, torch, jax);
                                cells.add(c);
                                progress.accept(progressLine(learner + " batch " + b + " width " + w, t, c.rrl(),
                                        c.torch(), c.jax(), "upd/s", c.busy())
                                        + String.format(Locale.ROOT, "; rrl %.1f effective GFLOP/s", c.rrlGflops()));
                            }
                        }
                    }
                    for (int b : config.latencyBatches()) {
                        Latency l = latencyCell(config, data, b, config.latencyWidth(), t, torch, jax);
                        latency.add(l);
                        progress.accept(progressLine("actor latency batch " + b + " width " + l.width(), t, l.rrl(),
                                l.torch(), l.jax(), "µs", l.busy()));
                    }
                } finally {
                    for (ReferenceProcess p : procs) {
                        p.close();
                    }
                }
            }
        } finally {
            NetThreads.set(savedThreads);
        }
        double peak = Math.max(peakBefore, FmaPeak.gflops(0.3, 3));
        Machine m = new Machine(rrl.results.BuildInfo.cpuModel(), Runtime.getRuntime().availableProcessors(), vectorBits(),
                System.getProperty("java.vm.name") + " " + Runtime.version(),
                rrl.results.BuildInfo.version() + " (commit " + rrl.results.BuildInfo.commit() + ")",
                List.copyOf(references.values()), loadBefore, rrl.results.BuildInfo.loadAverage(), environment(System.getenv()),
                date, peak);
        return new Report(BENCHMARK, m, config, cells, latency);
    }

    private static ReferenceProcess find(List<ReferenceProcess> procs, ReferenceProcess.Kind kind) {
        return procs.stream().filter(p -> p.kind() == kind).findFirst().orElse(null);
    }

    /** The Java Vector API's preferred float width in bits (rrl's kernel pads every layer to it). */
    public static int vectorBits() {
        return jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize();
    }

    /** The variables that change how BLAS libraries, OpenMP and XLA run (those set in {@code env}), sorted. */
    static Map<String, String> environment(Map<String, String> env) {
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, String> e : env.entrySet()) {
            String k = e.getKey();
            if (k.startsWith("OPENBLAS_") || k.startsWith("MKL_") || k.startsWith("OMP_") || k.startsWith("KMP_")
                    || k.equals("XLA_FLAGS") || k.startsWith("JAX_")) {
                out.put(k, e.getValue());
            }
        }
        return out;
    }

    /** A measurement round: runs for about {@code seconds} and returns its rate (calls per second). */
    interface Subject {
        double round(double seconds);
    }

    private static Cell updateCell(Config c, OfflineReplay replay, String learner, int batch, int width, int threads,
                                   ReferenceProcess torch, ReferenceProcess jax) {
        BenchLearners.Subject subject = BenchLearners.create(learner, c.obsDim(), c.actDim(), batch, width, c.seed(),
                replay, new SplittableRandom(c.seed() + 1));
        Runnable update = subject.update();
        Map<String, Long> params = subject.params();
        Subject rrl = s -> rate(s, update);
        Subject t = torch == null ? null : reference(torch, s -> torch.update(learner, batch, width, s), params);
        Subject j = jax == null ? null : reference(jax, s -> jax.update(learner, batch, width, s), params);
        Measured m = measure(c, rrl, t, j, DoubleUnaryOperator.identity(), pids(torch, jax));
        Stats[] st = m.stats();
        // the mean over 4 updates: TD3's actor steps every 2nd update (policy delay 2)
        long macs = Gemm.countMultiplyAdds(() -> {
            for (int i = 0; i < COUNTED_UPDATES; i++) {
                update.run();
            }
        }) / COUNTED_UPDATES;
        return new Cell(learner, batch, width, threads, st[0], st[1], st[2], Ratio.of(st[0], st[1]),
                Ratio.of(st[0], st[2]), m.busy(), macs);
    }

    private static Latency latencyCell(Config c, Transitions data, int batch, int width, int threads,
                                       ReferenceProcess torch, ReferenceProcess jax) {
        Td3 td3 = new Td3(c.obsDim(), c.actDim(), Td3Config.td3bc().withHidden(width, width), c.seed());
        Mlp actor = td3.actor();
        float[] obs = Arrays.copyOf(data.obs(), batch * c.obsDim());
        Subject rrl = s -> rate(s, () -> actor.forward(obs, batch));
        Map<String, Long> params = Map.of("actor", (long) actor.parameterCount());
        Subject t = torch == null ? null : reference(torch, s -> torch.actor(batch, width, s), params);
        Subject j = jax == null ? null : reference(jax, s -> jax.actor(batch, width, s), params);
        // rounds are rates; latency is their inverse in microseconds (lower is better)
        Measured m = measure(c, rrl, t, j, r -> 1e6 / r, pids(torch, jax));
        Stats[] st = m.stats();
        return new Latency(batch, width, threads, st[0], st[1], st[2], Ratio.of(st[0], st[1]), Ratio.of(st[0], st[2]),
                m.busy());
    }

    /**
     * A reference's round, refusing a reply about networks of other sizes than rrl's (a different update): every
     * network rrl names must be in the reply with the same count.
     */
    private static Subject reference(ReferenceProcess p, java.util.function.DoubleFunction<ReferenceProcess.Reply> call,
                                     Map<String, Long> params) {
        return s -> {
            ReferenceProcess.Reply r = call.apply(s);
            for (Map.Entry<String, Long> e : params.entrySet()) {
                if (!e.getValue().equals(r.params().get(e.getKey()))) {
                    throw new IllegalStateException("the " + p.kind().label + " reference built networks of "
                            + r.params() + " parameters, rrl " + new TreeMap<>(params)
                            + ": the two would not measure the same update; fix " + p.kind().script);
                }
            }
            return r.perSecond();
        };
    }

    private static List<Long> pids(ReferenceProcess... refs) {
        List<Long> out = new ArrayList<>();
        for (ReferenceProcess p : refs) {
            if (p != null) {
                out.add(p.pid());
            }
        }
        return out;
    }

    /** A cell's stats {rrl, torch, jax} (null for a subject not run) and what else ran meanwhile. */
    private record Measured(Stats[] stats, Busy busy) {}

    /**
     * Warms each subject up, then runs {@code repeats} interleaved rounds; {rrl, torch, jax} with null for a
     * subject not given. {@code unit} maps a round's rate to the reported unit. When other processes used at least
     * {@value #BUSY_CORES} cores meanwhile the rounds run again after a pause (up to {@value #BUSY_ATTEMPTS} attempts)
     * and the quietest attempt is kept; {@code pids} are the references' processes, whose CPU time is ours.
     */
    private static Measured measure(Config c, Subject rrl, Subject torch, Subject jax, DoubleUnaryOperator unit,
                                    List<Long> pids) {
        Subject[] subjects = {rrl, torch, jax};
        int[] warm = new int[3];
        boolean[] settled = new boolean[3];
        for (int i = 0; i < 3; i++) {
            if (subjects[i] != null) {
                warm[i] = warmUp(subjects[i], c.seconds(), c.maxWarmupRounds());
                settled[i] = warm[i] > 0;
                warm[i] = Math.abs(warm[i]);
            }
        }
        double[][] kept = null;
        double keptOthers = Double.POSITIVE_INFINITY;
        int attempts = 0;
        while (attempts < c.busyAttempts()) {
            if (attempts > 0) {
                pause(BUSY_PAUSE_MILLIS);
            }
            attempts++;
            OtherLoad others = OtherLoad.start(pids);
            double[][] rounds = new double[3][c.repeats()];
            for (int r = 0; r < c.repeats(); r++) {
                for (int i = 0; i < 3; i++) {
                    if (subjects[i] != null) {
                        rounds[i][r] = unit.applyAsDouble(subjects[i].round(c.seconds()));
                    }
                }
            }
            double o = others.cores();
            if (kept == null || o < keptOthers) {
                kept = rounds;
                keptOthers = o;
            }
            if (!(o >= BUSY_CORES)) { // quiet, or not measurable (NaN): nothing to wait for
                break;
            }
        }
        Stats[] out = new Stats[3];
        for (int i = 0; i < 3; i++) {
            out[i] = subjects[i] == null ? null : Stats.of(kept[i], warm[i], settled[i]);
        }
        return new Measured(out, new Busy(keptOthers, attempts));
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the machine to become quiet", e);
        }
    }

    /**
     * Rounds until two successive ones agree within {@value #WARMUP_AGREEMENT_PERCENT}%: the number of rounds run,
     * negated if {@code maxRounds} ran out first.
     */
    static int warmUp(Subject s, double seconds, int maxRounds) {
        double prev = s.round(seconds);
        for (int n = 2; n <= maxRounds; n++) {
            double next = s.round(seconds);
            if (Math.abs(next - prev) <= WARMUP_AGREEMENT_PERCENT / 100.0 * Math.max(next, prev)) {
                return n;
            }
            prev = next;
        }
        return -maxRounds;
    }

    private static String progressLine(String what, int threads, Stats ours, Stats torch, Stats jax, String unit,
                                       Busy busy) {
        StringBuilder b = new StringBuilder(String.format("%-34s %s:", what, rrl.io.Messages.count(threads, "thread")));
        String[] names = {"rrl", "torch", "jax"};
        Stats[] all = {ours, torch, jax};
        for (int i = 0; i < 3; i++) {
            if (all[i] != null) {
                b.append(String.format(" %s %s (warm-up %d%s)", names[i], TrainReport.withRange(all[i]),
                        all[i].warmupRounds(), all[i].settled() ? "" : ", not settled"));
            }
        }
        b.append(' ').append(unit);
        if (busy.shared()) {
            b.append(String.format(Locale.ROOT, " (shared: other processes used %.2f cores, best of %d attempts)",
                    busy.otherCores(), busy.attempts()));
        }
        return b.toString();
    }

    /** Calls per second of {@code body} over about {@code seconds}: at least one call, timed to its end. */
    static double rate(double seconds, Runnable body) {
        long t0 = System.nanoTime();
        long end = t0 + (long) (seconds * 1e9);
        long calls = 0;
        long now;
        do {
            body.run();
            calls++;
            now = System.nanoTime();
        } while (now < end);
        return calls / ((now - t0) / 1e9);
    }

    /** The median of sorted values (the mean of the middle two for an even count). */
    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /**
     * Peak resident memory (MB, Linux VmHWM of this JVM) of TD3+BC training on a {@code transitions}-row
     * HalfCheetah-sized D4RL dataset for {@code updates} updates, and the heap that run used.
     */
    public static double[] peakMemoryMb(int transitions, long updates) {
        Transitions t = randomData(transitions, 17, 6, 0);
        boolean[] terminals = new boolean[transitions];
        boolean[] timeouts = new boolean[transitions];
        for (int i = 999; i < transitions; i += 1000) {
            timeouts[i] = true;
        }
        rrl.data.D4rlDataset data = rrl.data.D4rlDataset.of(transitions, 17, 6, t.obs(), t.actions(), t.rewards(),
                terminals, timeouts, t.nextObs(), null, 0, null, 0);
        t = null;
        rrl.train.OfflineTraining.run(data, rrl.train.OfflineTraining.Config.td3bc("HalfCheetah", updates,
                (int) Math.max(1, updates), 1, 0, Td3Config.td3bc()), null, false);
        Runtime rt = Runtime.getRuntime();
        double heapMb = (rt.totalMemory() - rt.freeMemory()) / 1e6;
        return new double[] {vmHwmMb(), heapMb};
    }

    /** Linux's peak resident set size of this process in MB (NaN elsewhere). */
    static double vmHwmMb() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Double.parseDouble(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    static Transitions randomData(int n, int obsDim, int actDim, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] o = new float[n * obsDim];
        float[] o2 = new float[n * obsDim];
        float[] a = new float[n * actDim];
        float[] r = new float[n];
        float[] d = new float[n];
        for (int i = 0; i < o.length; i++) {
            o[i] = (float) rng.nextGaussian();
            o2[i] = (float) rng.nextGaussian();
        }
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) rng.nextDouble(-1, 1);
        }
        for (int i = 0; i < n; i++) {
            r[i] = (float) rng.nextGaussian();
        }
        return new Transitions(o, a, r, o2, d, n, obsDim, actDim);
    }
}
