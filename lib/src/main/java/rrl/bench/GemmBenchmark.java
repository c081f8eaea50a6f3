package rrl.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import rrl.nn.Gemm;
import rrl.nn.NetThreads;

/**
 * The matrix kernel alone, against OpenBLAS {@code cblas_sgemm} measured in the same run, both on one
 * thread. Per hidden width, the three products of a dense layer at the given batch: forward
 * (batch x width x width), input gradient (same shape, B = W^T) and weight gradient (width x width x batch,
 * A transposed, accumulating). Widths are padded to the vector length as {@code Mlp} pads them; both sides
 * multiply the same padded shapes.
 *
 * <p>Method: each implementation warms up in short rounds until two successive rounds agree within 3%;
 * then {@code repeats} rounds of about {@code seconds} each run interleaved (rrl, rrl unblocked, OpenBLAS,
 * rrl, ...), so drift in the machine hits all alike; median, min and max are reported.
 *
 * <p>OpenBLAS picks its kernels by CPU model unless {@code OPENBLAS_CORETYPE} names them; the report
 * records that variable. On this machine (AMD EPYC, Zen 5) it picks its AVX-512 "Cooperlake" kernels, while
 * {@code OPENBLAS_CORETYPE=Haswell} (set in some shells here) forces AVX2 at about half the speed.
 */
public final class GemmBenchmark {
    /** Settings: hidden widths, batch, seconds per round, rounds per point. */
    public record Config(int[] widths, int batch, double seconds, int repeats, long seed) {
        public static Config defaults() {
            return new Config(new int[] {64, 256, 1024}, 256, 2.0, 3, 0);
        }
    }

    /** GFLOP/s (2 flops per multiply-add): median and range over rounds. */
    public record Rate(double median, double min, double max) {}

    /** One product at one width: C (rows x cols) (+)= A (rows x depth) B (depth x cols). */
    public record Result(int width, String product, int rows, int cols, int depth, Rate rrl, Rate rrlUnblocked,
                         Rate openblas) {
        /** rrl over OpenBLAS, medians. */
        public double ratio() {
            return rrl.median / openblas.median;
        }

        /** rrl over its unblocked kernel (the kernel before cache blocking), medians. */
        public double gain() {
            return rrl.median / rrlUnblocked.median;
        }
    }

    /** The machine and reference the numbers were taken on. */
    public record Report(String cpu, int vectorBits, int cores, String openblasVersion, String openblasCoretype,
                         double loadAverageBefore,
                         double loadAverageAfter, Config config, List<Result> results) {}

    private static final double WARMUP_SECONDS = 0.25;
    private static final int WARMUP_MAX_ROUNDS = 40;

    private GemmBenchmark() {}

    /** Runs every width on one thread (rrl's pool and OpenBLAS both); {@code progress} gets a line per point. */
    public static Report run(Config config, Consumer<String> progress) {
        double loadBefore = rrl.results.BuildInfo.loadAverage();
        int savedThreads = NetThreads.get();
        NetThreads.set(1);
        openblas_nolapack.blas_set_num_threads(1);
        List<Result> results = new ArrayList<>();
        try {
            for (int w : config.widths()) {
                results.addAll(runWidth(w, config, progress));
            }
        } finally {
            NetThreads.set(savedThreads);
        }
        return new Report(rrl.results.BuildInfo.cpuModel(), Gemm.LANES * 32, Runtime.getRuntime().availableProcessors(),
                openblas_nolapack.OPENBLAS_VERSION.trim(), System.getenv("OPENBLAS_CORETYPE"), loadBefore, rrl.results.BuildInfo.loadAverage(), config, results);
    }

    /** A product as three interchangeable calls on the same operands. */
    private record Product(String name, int rows, int cols, int depth, Runnable rrl, Runnable unblocked,
                           Runnable openblas) {}

    private static List<Result> runWidth(int width, Config config, Consumer<String> progress) {
        int w = (width + Gemm.LANES - 1) / Gemm.LANES * Gemm.LANES;
        int n = config.batch();
        SplittableRandom rng = new SplittableRandom(config.seed() + width);
        float[] x = random(rng, n * w);          // layer input, batch x w
        float[] weights = random(rng, w * w);    // W, in x out
        float[] wt = new float[w * w];           // W^T, out x in
        for (int i = 0; i < w; i++) {
            for (int o = 0; o < w; o++) {
                wt[o * w + i] = weights[i * w + o];
            }
        }
        float[] dOut = random(rng, n * w);
        float[] y = new float[n * w];
        float[] grad = new float[w * w];
        FloatPointer px = new FloatPointer(x);
        FloatPointer pw = new FloatPointer(weights);
        FloatPointer pwt = new FloatPointer(wt);
        FloatPointer pd = new FloatPointer(dOut);
        FloatPointer py = new FloatPointer(y);
        FloatPointer pg = new FloatPointer(grad);
        int rowMajor = openblas_nolapack.CblasRowMajor;
        int no = openblas_nolapack.CblasNoTrans;
        int tr = openblas_nolapack.CblasTrans;
        List<Product> products = List.of(
                new Product("forward", n, w, w,
                        () -> Gemm.multiply(n, w, w, x, 0, w, 1, weights, 0, w, y, 0, w, false),
                        () -> Gemm.multiplyUnblocked(n, w, w, x, 0, w, 1, weights, 0, w, y, 0, w, false),
                        () -> openblas_nolapack.cblas_sgemm(rowMajor, no, no, n, w, w, 1f, px, w, pw, w, 0f, py, w)),
                new Product("input-grad", n, w, w,
                        () -> Gemm.multiply(n, w, w, dOut, 0, w, 1, wt, 0, w, y, 0, w, false),
                        () -> Gemm.multiplyUnblocked(n, w, w, dOut, 0, w, 1, wt, 0, w, y, 0, w, false),
                        () -> openblas_nolapack.cblas_sgemm(rowMajor, no, no, n, w, w, 1f, pd, w, pwt, w, 0f, py, w)),
                new Product("weight-grad", w, w, n,
                        () -> Gemm.multiply(w, w, n, x, 0, 1, w, dOut, 0, w, grad, 0, w, true),
                        () -> Gemm.multiplyUnblocked(w, w, n, x, 0, 1, w, dOut, 0, w, grad, 0, w, true),
                        () -> openblas_nolapack.cblas_sgemm(rowMajor, tr, no, w, w, n, 1f, px, w, pd, w, 1f, pg, w)));
        checkSameProduct(n, w, x, weights, px, pw);
        List<Result> out = new ArrayList<>();
        try {
            for (Product p : products) {
                double flops = 2.0 * p.rows() * p.cols() * p.depth();
                Runnable[] impls = {p.rrl(), p.unblocked(), p.openblas()};
                for (Runnable r : impls) {
                    warmUp(r, flops);
                }
                double[][] rounds = new double[impls.length][config.repeats()];
                for (int round = 0; round < config.repeats(); round++) {
                    for (int i = 0; i < impls.length; i++) {
                        rounds[i][round] = gflops(impls[i], flops, config.seconds());
                    }
                }
                Result res = new Result(width, p.name(), p.rows(), p.cols(), p.depth(), rate(rounds[0]),
                        rate(rounds[1]), rate(rounds[2]));
                progress.accept(String.format("width %4d %-11s rrl %6.1f  unblocked %6.1f  OpenBLAS %6.1f GFLOP/s",
                        width, p.name(), res.rrl().median(), res.rrlUnblocked().median(), res.openblas().median()));
                out.add(res);
            }
        } finally {
            for (FloatPointer p : new FloatPointer[] {px, pw, pwt, pd, py, pg}) {
                p.close();
            }
        }
        return out;
    }

    /** Guards the OpenBLAS call's arguments: its forward product must match ours up to summation order. */
    private static void checkSameProduct(int n, int w, float[] x, float[] weights, FloatPointer px, FloatPointer pw) {
        float[] ours = new float[n * w];
        Gemm.multiply(n, w, w, x, 0, w, 1, weights, 0, w, ours, 0, w, false);
        try (FloatPointer pc = new FloatPointer((long) n * w)) {
            openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasNoTrans,
                    openblas_nolapack.CblasNoTrans, n, w, w, 1f, px, w, pw, w, 0f, pc, w);
            float[] theirs = new float[n * w];
            pc.get(theirs);
            double worst = 0;
            for (int i = 0; i < ours.length; i++) {
                worst = Math.max(worst, Math.abs(ours[i] - theirs[i]) / (1 + Math.abs(ours[i])));
            }
            if (worst > 1e-3) {
                throw new IllegalStateException("OpenBLAS and rrl disagree on the forward product (relative " + worst + ")");
            }
        }
    }

    /** Rounds until two agree within 3%, as {@code rrl bench train} warms up ({@link TrainBenchmark#warmUp}). */
    private static void warmUp(Runnable body, double flops) {
        TrainBenchmark.warmUp(s -> gflops(body, flops, s), WARMUP_SECONDS, WARMUP_MAX_ROUNDS);
    }

    private static double gflops(Runnable body, double flops, double seconds) {
        return TrainBenchmark.rate(seconds, body) * flops / 1e9;
    }

    private static Rate rate(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return new Rate(TrainBenchmark.median(s), s[0], s[s.length - 1]);
    }

    private static float[] random(SplittableRandom rng, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rng.nextGaussian();
        }
        return a;
    }

}
