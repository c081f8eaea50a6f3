package rrl.bench;

import java.util.Arrays;
import java.util.SplittableRandom;
import rrl.algo.Sac;
import rrl.algo.SacConfig;
import rrl.algo.Td3;
import rrl.algo.Td3Config;
import rrl.data.Transitions;
import rrl.replay.OfflineReplay;
import rrl.replay.TransitionBatch;

/**
 * Learning-core throughput: TD3+BC and SAC updates per second (batch sampling included, from a 100k
 * in-memory dataset as the reference script does) and actor inference latency at batch 1 and 256.
 */
public final class TrainBenchmark {
    /** Settings; defaults are HalfCheetah's dimensions, 256-256 networks, batch 256. */
    public record Config(int obsDim, int actDim, double secondsPerMeasurement, int repeats, long seed) {
        public static Config defaults() {
            return new Config(17, 6, 5.0, 3, 0);
        }
    }

    /** Medians over repeats. */
    public record Result(double td3bcUpdatesPerSec, double sacUpdatesPerSec, double actorB1Micros,
                         double actorB256Micros) {}

    private TrainBenchmark() {}

    public static Result run(Config c) {
        Transitions data = randomData(100_000, c.obsDim(), c.actDim(), c.seed());
        OfflineReplay replay = new OfflineReplay(data);
        SplittableRandom rng = new SplittableRandom(c.seed());
        Td3 td3 = new Td3(c.obsDim(), c.actDim(), Td3Config.td3bc(), c.seed());
        Sac sac = new Sac(c.obsDim(), c.actDim(), SacConfig.defaults(), c.seed());
        TransitionBatch batch = new TransitionBatch(256, c.obsDim(), c.actDim());
        double td3bc = EnvBenchmark.median(c.repeats(), () -> rate(c.secondsPerMeasurement(), () -> {
            replay.sample(rng, batch, 0, batch.size);
            td3.update(batch);
        }));
        double sacRate = EnvBenchmark.median(c.repeats(), () -> rate(c.secondsPerMeasurement(), () -> {
            replay.sample(rng, batch, 0, batch.size);
            sac.update(batch);
        }));
        float[] one = Arrays.copyOf(data.obs(), c.obsDim());
        float[] many = Arrays.copyOf(data.obs(), 256 * c.obsDim());
        double b1 = EnvBenchmark.median(c.repeats(), () -> 1e6 / rate(Math.min(1.0, c.secondsPerMeasurement()),
                () -> td3.actor().forward(one, 1)));
        double b256 = EnvBenchmark.median(c.repeats(), () -> 1e6 / rate(Math.min(1.0, c.secondsPerMeasurement()),
                () -> td3.actor().forward(many, 256)));
        return new Result(td3bc, sacRate, b1, b256);
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

    /** Calls per second of {@code body} over about {@code seconds}, after a warm-up. */
    static double rate(double seconds, Runnable body) {
        long warmEnd = System.nanoTime() + 500_000_000L;
        while (System.nanoTime() < warmEnd) {
            body.run();
        }
        long t0 = System.nanoTime();
        long end = t0 + (long) (seconds * 1e9);
        long calls = 0;
        while (System.nanoTime() < end) {
            body.run();
            calls++;
        }
        return calls / ((System.nanoTime() - t0) / 1e9);
    }

}
