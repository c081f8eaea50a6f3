package rrl.cli;

import com.google.gson.GsonBuilder;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import rrl.bench.EnvBenchmark;
import rrl.mujoco.NativeMuJoCo;

/** {@code rrl bench}: benchmarks; each prints ratios against a reference measured in the same run. */
@Command(name = "bench", description = "Benchmarks (ratios against a reference measured in the same run).",
        subcommands = {BenchCommand.Envs.class})
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

        @Option(names = "--num-envs", defaultValue = "16", description = "environments per vector env")
        int numEnvs;

        @Option(names = "--threads", description = "threads for the all-cores run (default: all cores)")
        Integer threads;

        @Option(names = "--seconds", defaultValue = "2.0", description = "seconds per measurement")
        double seconds;

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
}
