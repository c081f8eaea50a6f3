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
    @Command(name = "train", description = {"TD3+BC, SAC, IQL, RIQL, BCQ and PPO (one minibatch step) updates/s and actor latency, rrl against PyTorch and JAX in the "
                    + "same run.",
            "Matrix: learner x batch x hidden width x threads (default: every learner, batch and width 64,256,1024, "
                    + "threads 1,2; BCQ up to batch x width 65536); each implementation warms up until two rounds agree, then rounds run interleaved "
                    + "(rrl, PyTorch, JAX, ...); median [min-max] and median ratios. The references run in the venv "
                    + "$${RRL_BENCH_VENV:-$${XDG_CACHE_HOME:-~/.cache}/rrl/bench-venv}, created on first use by "
                    + "environment/bench-venv.sh (about 6 GB).",
            "--report FILE.json [--markdown] renders a result saved with --json (the README's table); with "
                    + "--against SECOND.json it sets the cells both measured side by side (run to run)."})
    static final class Train implements Runnable {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--learners", split = ",", paramLabel = "LEARNER", description = "td3bc, sac, iql, riql, bcq, ppo (default: all)")
        List<String> learners;

        @Option(names = "--batches", split = ",", paramLabel = "N", description = "batch sizes (default: 64,256,1024)")
        int[] batches;

        @Option(names = "--widths", split = ",", paramLabel = "N", description = "hidden widths, both layers (default: 64,256,1024)")
        int[] widths;

        @Option(names = "--threads", split = ",", paramLabel = "N", description = "thread counts (default: 1,2; at most the cores)")
        int[] threads;

        @Range(min = 0, minExclusive = true, max = 3600)
        @Option(names = "--seconds", description = "seconds per round, warm-up and measured (default: 1; --quick: 0.2)")
        Double seconds;

        @Range(min = 1, max = 100)
        @Option(names = "--repeats", description = "measured rounds per implementation and cell (default: 5; --quick: 2)")
        Integer repeats;

        @Option(names = "--quick", description = "a smoke run well under a minute: batch 64, width 64, 1 thread, "
                + "rounds of 0.2 s, 2 repeats; references only if their venv exists (other options given override)")
        boolean quick;

        @Option(names = "--no-reference", description = "measure rrl alone (no PyTorch, no JAX, no venv)")
        boolean noReference;

        @Option(names = "--json", description = "print the result as JSON (save it for --report)")
        boolean json;

        @Option(names = "--report", paramLabel = "FILE.json", description = "render a result saved with --json instead of measuring")
        java.nio.file.Path report;

        @Option(names = "--markdown", description = "with --report: GitHub markdown (what the README holds)")
        boolean markdown;

        @Option(names = "--against", paramLabel = "SECOND.json", description = "with --report: a second saved result; "
                + "prints the cells both measured side by side and whether their [min-max] ranges overlap")
        java.nio.file.Path against;

        @Option(names = "--memory", description = "only measure peak RSS of TD3+BC on a 1M-transition dataset (2,000 updates)")
        boolean memory;

        @Override
        public void run() {
            if (report != null || markdown || against != null) {
                renderReport();
                return;
            }
            if (memory) {
                if (measuring() || json) {
                    throw bad("--memory measures memory alone; drop the other options, or drop --memory");
                }
                double[] m = rrl.bench.TrainBenchmark.peakMemoryMb(1_000_000, 2000);
                System.out.printf("TD3+BC on 1,000,000 HalfCheetah-sized transitions, 2,000 updates: peak RSS %.0f MB "
                        + "(heap in use at the end %.0f MB, max heap %.0f MB)%n", m[0], m[1], Runtime.getRuntime().maxMemory() / 1e6);
                return;
            }
            rrl.bench.TrainBenchmark.Config c = config();
            rrl.bench.TrainBenchmark.Report r = rrl.bench.TrainBenchmark.run(c, rrl.notebook.Workspace.projectRoot(),
                    System.err::println);
            System.out.print(json ? rrl.bench.TrainReport.json(r) + "\n" : rrl.bench.TrainReport.text(r));
        }

        private void renderReport() {
            if (report == null) {
                throw bad((against != null ? "--against" : "--markdown") + " renders a saved result: add --report FILE.json");
            }
            if (measuring() || json || memory) {
                throw bad("--report renders a saved result and takes only --markdown; drop the measuring options, or "
                        + "drop --report to measure");
            }
            rrl.bench.TrainBenchmark.Report r = rrl.bench.TrainReport.load(report);
            if (against != null) {
                rrl.bench.TrainBenchmark.Report second = rrl.bench.TrainReport.load(against);
                System.out.print(markdown ? rrl.bench.TrainReport.againstMarkdown(r, second)
                        : rrl.bench.TrainReport.againstText(r, second));
                return;
            }
            System.out.print(markdown ? rrl.bench.TrainReport.markdown(r) : rrl.bench.TrainReport.text(r));
        }

        private boolean measuring() {
            return learners != null || batches != null || widths != null || threads != null || seconds != null
                    || repeats != null || quick || noReference;
        }

        /** The matrix from the options over the defaults (or --quick's), every value checked before any work. */
        rrl.bench.TrainBenchmark.Config config() {
            rrl.bench.TrainBenchmark.Config base = quick ? rrl.bench.TrainBenchmark.Config.quick()
                    : rrl.bench.TrainBenchmark.Config.defaults();
            List<String> l = learners == null ? base.learners() : learners.stream().map(x -> x.strip().toLowerCase(java.util.Locale.ROOT)).distinct().toList();
            for (String x : l) {
                if (!rrl.bench.TrainBenchmark.LEARNERS.contains(x)) {
                    throw bad("--learners: unknown learner '" + x + "'; use " + String.join(", ", rrl.bench.TrainBenchmark.LEARNERS));
                }
            }
            int cores = Runtime.getRuntime().availableProcessors();
            int[] b = checked("--batches", batches == null ? base.batches() : batches, 1, 16_384, "rows per update");
            int[] w = checked("--widths", widths == null ? base.widths() : widths, 1, 8_192, "units per hidden layer");
            int[] t = checked("--threads", threads == null ? base.threads() : threads, 1, cores,
                    "this machine has " + rrl.io.Messages.count(cores, "core"));
            return base.withMatrix(l, b, w, t)
                    .withRounds(seconds == null ? base.seconds() : seconds, repeats == null ? base.repeats() : repeats)
                    .withReferences(base.references() && !noReference);
        }

        private int[] checked(String option, int[] values, int min, int max, String why) {
            for (int v : values) {
                if (v < min || v > max) {
                    throw bad(option + " must be in [" + min + ", " + max + "] (" + why + "), got " + v);
                }
            }
            return java.util.Arrays.stream(values).distinct().toArray();
        }

        private picocli.CommandLine.ParameterException bad(String message) {
            return new picocli.CommandLine.ParameterException(spec.commandLine(), message);
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
            "Per width, a dense layer's forward, input-gradient and weight-gradient products at the batch; also rrl's "
                    + "unblocked kernel (before cache blocking), all measured interleaved in the same run."})
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
