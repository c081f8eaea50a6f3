package rrl.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.bytedeco.javacpp.DoublePointer;
import rrl.env.Environments;
import rrl.env.Task;
import rrl.env.VectorEnv;
import rrl.mujoco.MjcfModel;
import rrl.mujoco.MuJoCoException;
import rrl.mujoco.capi.MuJoCo;
import rrl.mujoco.capi.mjData;

/**
 * Environment throughput, measured against a plain C {@code mj_step} loop on the same MJCF in the same run.
 * Both sides run 1000-step episodes (termination off, see {@link NonTerminatingTask}) driven by the same
 * pre-drawn uniform random actions, so they simulate the same distribution of states.
 */
public final class EnvBenchmark {
    /** Benchmark settings. */
    public record Config(List<String> envs, int numEnvs, int threads, double secondsPerMeasurement, int repeats,
                         long seed) {
        /** 16 environments per vector env, every core, 2 s per measurement, median of 3. */
        public static Config defaults() {
            return new Config(Environments.NAMES, 16, Runtime.getRuntime().availableProcessors(), 2.0, 3, 0);
        }
    }

    /** One environment's throughputs in environment steps per second (medians over repeats). */
    public record Result(String env, int frameSkip, double cStepsPerSec, double javaSingleStepsPerSec,
                         double javaAllCoresStepsPerSec, int threads, int numEnvs) {
        /** Java single thread over C single thread (target >= 0.95). */
        public double singleVsC() {
            return javaSingleStepsPerSec / cStepsPerSec;
        }

        /** Java on all cores over Java on one thread (target >= 1.8 on 2 cores). */
        public double allCoresVsSingle() {
            return javaAllCoresStepsPerSec / javaSingleStepsPerSec;
        }
    }

    private static final int ACTION_ROWS = 8192;
    private static final int EPISODE = 1000;

    private EnvBenchmark() {}

    /** Runs every environment of the config; {@code progress} receives a line per measurement. */
    public static List<Result> run(Config config, java.util.function.Consumer<String> progress) {
        for (String name : config.envs()) { // refuse a batch that cannot fit before minutes of measuring
            VectorEnv.requireMemory(Environments.task(name), config.numEnvs());
        }
        List<Result> results = new ArrayList<>();
        for (String name : config.envs()) {
            results.add(runOne(Environments.task(name), config, progress));
        }
        return results;
    }

    static Result runOne(Task task, Config config, java.util.function.Consumer<String> progress) {
        double[] actions = drawActions(task.actionDim(), config.seed());
        double c = median(config.repeats(), () -> referenceC(task, actions, config.secondsPerMeasurement()));
        progress.accept(String.format("%-12s C mj_step loop       %10.0f steps/s", task.name(), c));
        double single = median(config.repeats(),
                () -> javaVector(task, actions, config.numEnvs(), 1, config.secondsPerMeasurement()));
        progress.accept(String.format("%-12s Java, 1 thread       %10.0f steps/s", task.name(), single));
        double all = median(config.repeats(),
                () -> javaVector(task, actions, config.numEnvs(), config.threads(), config.secondsPerMeasurement()));
        progress.accept(String.format("%-12s Java, %d threads      %10.0f steps/s", task.name(), config.threads(), all));
        return new Result(task.name(), task.frameSkip(), c, single, all, config.threads(), config.numEnvs());
    }

    static double[] drawActions(int nu, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] a = new double[ACTION_ROWS * nu];
        for (int i = 0; i < a.length; i++) {
            a[i] = rng.nextDouble(-1.0, 1.0);
        }
        return a;
    }

    /**
     * Env steps per second of {@code threads} C reference loops running at once, one per thread, each on its
     * own mjData: raw MuJoCo throughput on all cores.
     */
    static double referenceCConcurrent(Task task, double[] actions, double seconds, int threads) {
        double[] rates = new double[threads];
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int id = t;
            workers[t] = new Thread(() -> rates[id] = referenceC(task, actions, seconds));
            workers[t].start();
        }
        double sum = 0;
        for (int t = 0; t < threads; t++) {
            try {
                workers[t].join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.util.concurrent.CancellationException("benchmark interrupted");
            }
            sum += rates[t];
        }
        return sum;
    }

    /** Env steps per second of the C reference loop (time measured in C). */
    static double referenceC(Task task, double[] actions, double seconds) {
        try (MjcfModel model = MjcfModel.loadResource(task.mjcfResource());
             DoublePointer acts = new DoublePointer(actions);
             DoublePointer qpos0 = new DoublePointer(model.qpos0());
             DoublePointer qvel0 = new DoublePointer(new double[model.nv()])) {
            long use = model.enter();
            mjData d = MuJoCo.rrl_make_data(model.raw());
            if (d == null || d.isNull()) {
                model.exit(use);
                throw MuJoCoException.lastFailure("allocation of the C reference's mjData for " + task.name(), -1,
                        "The benchmark cannot run.");
            }
            try {
                // Calibrate the step count so the timed run lasts about `seconds`.
                long steps = 2000;
                double t = referenceLoop(task, model, d, acts, steps, qpos0, qvel0);
                steps = Math.max(steps, (long) (steps * seconds / Math.max(t, 1e-6)));
                t = referenceLoop(task, model, d, acts, steps, qpos0, qvel0);
                return steps / t;
            } finally {
                MuJoCo.mj_deleteData(d);
                model.exit(use);
            }
        }
    }

    private static double referenceLoop(Task task, MjcfModel model, mjData d, DoublePointer acts, long steps,
                                        DoublePointer qpos0, DoublePointer qvel0) {
        double t = MuJoCo.rrl_reference_loop(model.raw(), d, acts, ACTION_ROWS, steps, task.frameSkip(), EPISODE,
                qpos0, qvel0);
        if (t < 0) {
            throw MuJoCoException.lastFailure("C reference loop of " + task.name(), -1,
                    "The benchmark's numbers would be of a reset simulation, so none are reported.");
        }
        return t;
    }

    /** Env steps per second of a VectorEnv (actions copied per step, observations and rewards computed). */
    private static double javaVector(Task task, double[] actions, int n, int threads, double seconds) {
        Task bench = new NonTerminatingTask(task);
        int nu = task.actionDim();
        try (VectorEnv env = new VectorEnv(bench, n, threads, true)) {
            env.reset(1);
            double[] batch = new double[n * nu];
            long[] cursor = {0};
            Runnable oneStep = () -> {
                for (int i = 0; i < n; i++) {
                    int row = (int) ((cursor[0] + i) % ACTION_ROWS);
                    System.arraycopy(actions, row * nu, batch, i * nu, nu);
                }
                cursor[0] += n;
                env.step(batch);
            };
            // Warm up the JIT, then calibrate.
            long warm = System.nanoTime();
            int calls = 0;
            while (System.nanoTime() - warm < 300_000_000L) {
                oneStep.run();
                calls++;
            }
            double perCall = (System.nanoTime() - warm) / 1e9 / calls;
            int timed = (int) Math.max(10, seconds / perCall);
            long t0 = System.nanoTime();
            for (int k = 0; k < timed; k++) {
                oneStep.run();
            }
            double elapsed = (System.nanoTime() - t0) / 1e9;
            return (double) timed * n / elapsed;
        }
    }

    /** Median of {@code repeats} measurements (shared by the benchmarks). */
    static double median(int repeats, java.util.function.DoubleSupplier measure) {
        double[] v = new double[Math.max(1, repeats)];
        for (int r = 0; r < v.length; r++) {
            v[r] = measure.getAsDouble();
        }
        Arrays.sort(v);
        return v[v.length / 2];
    }

}
