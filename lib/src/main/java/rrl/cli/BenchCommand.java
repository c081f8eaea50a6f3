package rrl.cli;

import com.google.gson.GsonBuilder;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import rrl.bench.EnvBenchmark;
import rrl.mujoco.NativeMuJoCo;

/** {@code rrl bench}: benchmarks; each prints ratios against a reference measured in the same run. */
@Command(name = "bench", description = "Benchmarks (ratios against a reference measured in the same run).",
        subcommands = {BenchCommand.Envs.class, BenchCommand.Train.class, BenchCommand.Attack.class,
                BenchCommand.Render.class, BenchCommand.GemmBench.class})
final class BenchCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /** {@code rrl bench envs}. */
    @Command(name = "envs", description = "Env steps/s: Java 1 thread and all cores vs a plain C mj_step loop.")
    static final class Envs implements Runnable {
        @Option(names = "--env", split = ",", description = "environments (default: all four)")
        List<String> envs;

        @Range(min = 1, max = 4096)

        @Option(names = "--num-envs", defaultValue = "16", description = "environments per vector env")
        int numEnvs;

        @Range(min = 1, max = 1024)

        @Option(names = "--threads", description = "threads for the all-cores run (default: all cores)")
        Integer threads;

        @Range(min = 0, minExclusive = true, max = 3600)

        @Option(names = "--seconds", defaultValue = "2.0", description = "seconds per measurement")
        double seconds;

        @Range(min = 1, max = 100)

        @Option(names = "--repeats", defaultValue = "3", description = "measurements per point (median)")
        int repeats;

        @Option(names = "--json", description = "print the results as JSON")
        boolean json;

        @Override
        public void run() {
            EnvBenchmark.Config d = EnvBenchmark.Config.defaults();
            EnvBenchmark.Config config = new EnvBenchmark.Config(envs == null ? d.envs() : envs, numEnvs,
                    threads == null ? d.threads() : threads, seconds, repeats, d.seed());
            List<EnvBenchmark.Result> results = EnvBenchmark.run(config, line -> {
                if (!json) {
                    System.err.println(line);
                }
            });
            if (json) {
                System.out.println(new GsonBuilder().setPrettyPrinting().create().toJson(new Report(
                        NativeMuJoCo.version(), Runtime.getRuntime().availableProcessors(), config, results)));
                return;
            }
            System.out.printf("MuJoCo %s, %d cores, %d envs per vector env, median of %d x %.1f s%n",
                    NativeMuJoCo.version(), Runtime.getRuntime().availableProcessors(), config.numEnvs(),
                    config.repeats(), config.secondsPerMeasurement());
            System.out.printf("| %-11s | %12s | %12s | %14s | %11s | %14s |%n", "env", "C steps/s",
                    "Java 1 thr", "Java " + config.threads() + " thr", "Java1/C", "all/1 thread");
            System.out.println("|-------------|--------------|--------------|----------------|-------------|----------------|");
            for (EnvBenchmark.Result r : results) {
                System.out.printf("| %-11s | %12.0f | %12.0f | %14.0f | %10.3fx | %13.2fx |%n", r.env(),
                        r.cStepsPerSec(), r.javaSingleStepsPerSec(), r.javaAllCoresStepsPerSec(), r.singleVsC(),
                        r.allCoresVsSingle());
            }
            System.out.println("targets: Java1/C >= 0.95x, all/1 thread >= 1.8x");
        }

        record Report(String mujoco, int cores, EnvBenchmark.Config config, List<EnvBenchmark.Result> results) {}
    }

    /** {@code rrl bench train}. */
    @Command(name = "train", description = {"TD3+BC and SAC updates/s and actor latency against PyTorch.",
            "HalfCheetah sizes, 256-256, batch 256, on 1 thread and all cores, against benchmarks/torch_reference.py run in the same invocation",
            "(needs .venv-bench: bash benchmarks/setup_bench.sh)."})
    static final class Train implements Runnable {
        @Range(min = 0, minExclusive = true, max = 3600)
        @Option(names = "--seconds", defaultValue = "5.0", description = "seconds per measurement")
        double seconds;

        @Range(min = 1, max = 100)

        @Option(names = "--repeats", defaultValue = "3", description = "measurements per point (median)")
        int repeats;

        @Option(names = "--no-torch", description = "skip the PyTorch reference")
        boolean noTorch;

        @Option(names = "--memory", description = "only measure peak RSS of TD3+BC on a 1M-transition dataset (2,000 updates)")
        boolean memory;

        @Option(names = "--json", description = "print the results as JSON")
        boolean json;

        @Override
        public void run() {
            if (memory) {
                double[] m = rrl.bench.TrainBenchmark.peakMemoryMb(1_000_000, 2000);
                System.out.printf("TD3+BC on 1,000,000 HalfCheetah-sized transitions, 2,000 updates: peak RSS %.0f MB "
                        + "(heap in use at the end %.0f MB, max heap %.0f MB)%n", m[0], m[1], Runtime.getRuntime().maxMemory() / 1e6);
                return;
            }
            rrl.bench.TrainBenchmark.Config c = new rrl.bench.TrainBenchmark.Config(17, 6, seconds, repeats, 0);
            int cores = Runtime.getRuntime().availableProcessors();
            java.util.Map<String, Object> report = new java.util.LinkedHashMap<>();
            report.put("config", c);
            for (int t : cores > 1 ? new int[] {1, cores} : new int[] {1}) {
                rrl.nn.NetThreads.set(t);
                if (!json) {
                    System.err.println("measuring Java on " + t + " thread(s) ...");
                }
                report.put("java_" + t + "_threads", rrl.bench.TrainBenchmark.run(c));
            }
            rrl.bench.TorchReference.Result torch = null;
            if (!noTorch) {
                if (!json) {
                    System.err.println("measuring the PyTorch reference (1 thread) ...");
                }
                torch = rrl.bench.TorchReference.run(rrl.notebook.Workspace.projectRoot(), c, 1);
                report.put("torch_1_thread", torch);
            }
            if (json) {
                System.out.println(new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create().toJson(report));
                return;
            }
            System.out.printf("HalfCheetah sizes (obs 17, act 6), 256-256 MLPs, batch 256, median of %d x %.1f s%n", repeats, seconds);
            System.out.printf("| %-22s | %12s | %12s | %12s | %12s |%n", "implementation", "TD3+BC upd/s", "SAC upd/s", "actor b1 us", "actor b256 us");
            System.out.println("|------------------------|--------------|--------------|--------------|---------------|");
            for (java.util.Map.Entry<String, Object> e : report.entrySet()) {
                if (e.getValue() instanceof rrl.bench.TrainBenchmark.Result r) {
                    System.out.printf("| %-22s | %12.1f | %12.1f | %12.1f | %13.1f |%n", "rrl " + e.getKey().replace("java_", "").replace("_", " "),
                            r.td3bcUpdatesPerSec(), r.sacUpdatesPerSec(), r.actorB1Micros(), r.actorB256Micros());
                }
            }
            if (torch != null) {
                System.out.printf("| %-22s | %12.1f | %12.1f | %12.1f | %13.1f |%n", "PyTorch " + torch.torchVersion() + " 1 thread",
                        torch.td3bcUpdatesPerSec(), torch.sacUpdatesPerSec(), torch.actorB1Micros(), torch.actorB256Micros());
                rrl.bench.TrainBenchmark.Result one = (rrl.bench.TrainBenchmark.Result) report.get("java_1_threads");
                System.out.printf("ratios (rrl 1 thread / PyTorch 1 thread): TD3+BC %.2fx, SAC %.2fx; batch-1 latency %.2fx (lower is better)%n",
                        one.td3bcUpdatesPerSec() / torch.td3bcUpdatesPerSec(), one.sacUpdatesPerSec() / torch.sacUpdatesPerSec(),
                        one.actorB1Micros() / torch.actorB1Micros());
                System.out.println("bars: TD3+BC >= 1.0x, batch-1 latency <= 1.0x");
            }
        }
    }

    /** {@code rrl bench attack}. */
    @Command(name = "attack", description = {"The paper-scale DE attack against a trained policy: wall time and steps/s.",
            "NP 15 x Na, 30 generations, M ceil(100 / NP); wall time, and env steps/s with the policy in the loop over raw MuJoCo on all cores."})
    static final class Attack implements Runnable {
        @Option(names = "--env", defaultValue = "Hopper", description = "Hopper, HalfCheetah, Walker2d or Ant")
        String env;

        @Option(names = "--policy", defaultValue = "shipped:td3bc-expert", description = "checkpoint or shipped:NAME")
        String policy;

        @Range(min = 0, max = 10_000)

        @Option(names = "--generations", description = "generations (default 30)")
        Integer generations;

        @Range(min = 1, max = 1024)

        @Option(names = "--threads", description = "threads (default: all cores)")
        Integer threads;

        @Option(names = "--json", description = "print the results as JSON")
        boolean json;

        @Override
        public void run() {
            rrl.bench.AttackBenchmark.Config c = rrl.bench.AttackBenchmark.Config.paper(env, policy);
            if (generations != null) {
                c = new rrl.bench.AttackBenchmark.Config(c.policy(), c.attack().withGenerations(generations), c.threads(), c.rawSeconds());
            }
            if (threads != null) {
                c = new rrl.bench.AttackBenchmark.Config(c.policy(), c.attack(), threads, c.rawSeconds());
            }
            rrl.bench.AttackBenchmark.Result r = rrl.bench.AttackBenchmark.run(c, line -> {
                if (!json) {
                    System.err.println(line);
                }
            });
            if (json) {
                System.out.println(new GsonBuilder().setPrettyPrinting().create().toJson(r));
                return;
            }
            System.out.printf("%s DE attack on %s: NP %d, %s, M %d, %s, MuJoCo %s%n", c.attack().env(),
                    c.policy(), c.attack().populationSize(), rrl.io.Messages.count(c.attack().generations(), "generation"),
                    c.attack().episodesPerIndividual(), rrl.io.Messages.count(c.threads(), "thread"), NativeMuJoCo.version());
            System.out.printf("| wall time | env steps | attack steps/s | raw MuJoCo steps/s (%d thr) | attack / raw |%n", c.threads());
            System.out.println("|-----------|-----------|----------------|---------------------------|--------------|");
            System.out.printf("| %7.1f s | %9d | %14.0f | %25.0f | %11.2fx |%n", r.attackSeconds(), r.envSteps(),
                    r.attackStepsPerSec(), r.rawStepsPerSec(), r.ratio());
            System.out.printf("found delta %s, mean return under it %.1f%n", java.util.Arrays.toString(r.delta()), r.bestFitness());
            System.out.println("bars: attack / raw >= 0.7x; Hopper full-scale DE <= 600 s on 2 cores");
        }
    }

    /** {@code rrl bench render}. */
    @Command(name = "render", description = {"Off-screen rendering frames/s and GIF encoding against Gymnasium's env.render().",
            "MuJoCo's renderer at both qualities; Gymnasium's renderer (same size and poses) is measured in the same run."})
    static final class Render implements Runnable {
        @Option(names = "--env", defaultValue = "Hopper", description = "environment (default: ${DEFAULT-VALUE})")
        String env;

        @Option(names = "--size", defaultValue = "480", description = "frame size, N or WxH pixels (default: ${DEFAULT-VALUE}, "
                + "Gymnasium's)")
        String size;

        @Range(min = 0, minExclusive = true, max = 3600)

        @Option(names = "--seconds", defaultValue = "3.0", description = "seconds per measurement (default: ${DEFAULT-VALUE})")
        double seconds;

        @Range(min = 1, max = 100)

        @Option(names = "--repeats", defaultValue = "3", description = "measurements per point, median (default: ${DEFAULT-VALUE})")
        int repeats;

        @Option(names = "--no-gymnasium", description = "skip Gymnasium's renderer (the reference; needs the project's .venv)")
        boolean noGymnasium;

        @Option(names = "--json", description = "print the results as JSON")
        boolean json;

        @Override
        public void run() {
            int[] wh = RenderCommand.parseSize(size);
            rrl.env.Task task = rrl.env.Environments.task(env);
            rrl.bench.RenderBenchmark.Config c = new rrl.bench.RenderBenchmark.Config(task.name(), wh[0], wh[1], seconds,
                    repeats, !noGymnasium);
            rrl.bench.RenderBenchmark.Result r = rrl.bench.RenderBenchmark.run(c, rrl.notebook.Workspace.projectRoot(), line -> {
                if (!json) {
                    System.err.println(line);
                }
            });
            if (json) {
                System.out.println(new GsonBuilder().setPrettyPrinting().create().toJson(r));
                return;
            }
            System.out.printf("%s, %dx%d px, %d cores, MuJoCo %s, median of %d x %.1f s; %s%n", c.env(), c.width(), c.height(),
                    Runtime.getRuntime().availableProcessors(), NativeMuJoCo.version(), c.repeats(), c.seconds(), r.backend());
            System.out.println("| rrl, gymnasium quality | rrl, fast quality | Gymnasium env.render() | rrl / Gymnasium | GIF encoding |");
            System.out.println("|------------------------|-------------------|------------------------|-----------------|--------------|");
            System.out.printf("| %13.1f frames/s | %8.1f frames/s | %22s | %15s | %12s |%n", r.gymnasiumQualityFps(),
                    r.fastQualityFps(), r.gymnasiumFps() > 0 ? String.format("%.1f frames/s", r.gymnasiumFps()) : "not run",
                    r.gymnasiumFps() > 0 ? String.format("%.2fx", r.ratio()) : "-", String.format("%.1f frames/s", r.gifFps()));
            if (r.gymnasiumFps() > 0) {
                System.out.println("reference: " + r.gymnasiumVersions() + ", MUJOCO_GL=egl; bar: rrl / Gymnasium >= 0.9x");
            }
        }
    }

    /** {@code rrl bench gemm}. */
    @Command(name = "gemm", description = {"The matrix kernel's GFLOP/s against OpenBLAS cblas_sgemm, both on 1 thread.",
            "Per width, a dense layer's forward, input-gradient and weight-gradient products at the batch; also rrl's",
            "unblocked kernel (before cache blocking), all measured interleaved in the same run."})
    static final class GemmBench implements Runnable {
        @Option(names = "--sizes", split = ",", description = "hidden widths (default: 64,256,1024)")
        int[] sizes;

        @Range(min = 1, max = 65536)

        @Option(names = "--batch", defaultValue = "256", description = "batch size (default: ${DEFAULT-VALUE})")
        int batch;

        @Range(min = 0, minExclusive = true, max = 3600)

        @Option(names = "--seconds", defaultValue = "2.0", description = "seconds per round (default: ${DEFAULT-VALUE})")
        double seconds;

        @Range(min = 1, max = 100)

        @Option(names = "--repeats", defaultValue = "3", description = "interleaved rounds per point, median (default: ${DEFAULT-VALUE})")
        int repeats;

        @Option(names = "--json", description = "print the results as JSON")
        boolean json;

        @Override
        public void run() {
            rrl.bench.GemmBenchmark.Config d = rrl.bench.GemmBenchmark.Config.defaults();
            int[] widths = sizes == null ? d.widths() : sizes;
            for (int w : widths) {
                if (w < 1 || w > 8192) {
                    throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                            "--sizes: widths must be 1..8192, got " + w);
                }
            }
            rrl.bench.GemmBenchmark.Config c = new rrl.bench.GemmBenchmark.Config(widths, batch, seconds, repeats, d.seed());
            rrl.bench.GemmBenchmark.Report r = rrl.bench.GemmBenchmark.run(c, line -> {
                if (!json) {
                    System.err.println(line);
                }
            });
            if (json) {
                System.out.println(new GsonBuilder().setPrettyPrinting().create().toJson(r));
                return;
            }
            System.out.printf("%s, %d-bit vectors, %d cores; 1 thread each; %s; batch %d; median [min-max] of %d "
                    + "interleaved x %.1f s; load average %.2f before, %.2f after%n", r.cpu(), r.vectorBits(), r.cores(),
                    r.openblasVersion(), batch, repeats, seconds, r.loadAverageBefore(), r.loadAverageAfter());
            System.out.printf("| %5s | %-11s | %-16s | %-20s | %-20s | %-20s | %12s | %12s |%n", "width", "product",
                    "M x N x K", "rrl GFLOP/s", "rrl unblocked", "OpenBLAS", "rrl/OpenBLAS", "rrl/unblocked");
            System.out.println("|-------|-------------|------------------|----------------------|----------------------|"
                    + "----------------------|--------------|---------------|");
            for (rrl.bench.GemmBenchmark.Result x : r.results()) {
                System.out.printf("| %5d | %-11s | %-16s | %-20s | %-20s | %-20s | %11.2fx | %12.2fx |%n", x.width(),
                        x.product(), x.rows() + "x" + x.cols() + "x" + x.depth(), fmt(x.rrl()), fmt(x.rrlUnblocked()),
                        fmt(x.openblas()), x.ratio(), x.gain());
            }
            System.out.println(r.openblasCoretype() == null
                    ? "OpenBLAS kernels: its own pick for this CPU (OPENBLAS_VERBOSE=2 names them)"
                    : "OpenBLAS kernels: OPENBLAS_CORETYPE=" + r.openblasCoretype() + " (forced; unset it for OpenBLAS's own pick)");
        }

        private static String fmt(rrl.bench.GemmBenchmark.Rate r) {
            return String.format("%.1f [%.1f-%.1f]", r.median(), r.min(), r.max());
        }
    }
}
