package rrl.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import rrl.algo.SacConfig;
import rrl.nn.NetThreads;
import rrl.train.DatasetGeneration;
import rrl.train.OnlineTraining;

/** {@code rrl datasets}: D4RL-format datasets made with our own environments. */
@Command(name = "datasets", description = "Make D4RL-format datasets.", subcommands = {DatasetsCommand.Generate.class, DatasetsCommand.ExportPolicies.class})
final class DatasetsCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /** {@code rrl datasets generate}. */
    @Command(name = "generate", description = {"Write D4RL-format datasets from SAC behaviour policies (trained or resumed first).",
            "Files: <out>/<env>-<kind>-rrl.hdf5 with a JSON record each. With --train-steps 0 an existing run is used as it is."})
    static final class Generate implements Runnable {
        @Option(names = "--env", required = true)
        String env;

        @Option(names = "--kinds", split = ",", defaultValue = "random,medium,medium-replay,expert,medium-expert")
        List<String> kinds;

        @Range(min = 1, max = 10_000_000)

        @Option(names = "--size", defaultValue = "1000000", description = "transitions per dataset (D4RL: 1M)")
        int size;

        @Option(names = "--run", description = "SAC run folder (default: runs/<env>-sac-s<seed>)")
        Path run;

        @Option(names = "--from-shipped", description = "use the medium/expert policies shipped with rrl (no training; no medium-replay)")
        boolean fromShipped;

        @Range(min = 0, max = 1_000_000_000)

        @Option(names = "--train-steps", defaultValue = "1000000", description = "SAC steps to reach before generating")
        long trainSteps;

        @Option(names = "--out", defaultValue = "datasets", description = "output folder")
        Path out;

        @Range

        @Option(names = "--seed", defaultValue = "0")
        long seed;

        @Range(min = 1, max = 1024)

        @Option(names = "--threads", description = "threads for network updates (default: all cores)")
        Integer threads;

        @Override
        public void run() {
            if (threads != null) {
                NetThreads.set(threads);
            }
            String name = rrl.env.Environments.task(env).name();
            Path runDir = fromShipped ? null : run != null ? run : Path.of("runs", name.toLowerCase() + "-sac-s" + seed);
            List<DatasetGeneration.Kind> ks = kinds.stream().map(DatasetGeneration.Kind::parse).toList();
            DatasetGeneration.Config config = new DatasetGeneration.Config(name, runDir, out, ks, size, 10, seed); // checked before training
            if (!fromShipped && trainSteps > 0) {
                OnlineTraining.run(OnlineTraining.Config.sac(name, trainSteps, SacConfig.defaults())
                        .withSchedule(1000, 5000, 10, 20_000, seed), runDir, true);
            }
            Map<DatasetGeneration.Kind, Path> files = DatasetGeneration.generate(config, true);
            files.forEach((k, f) -> System.out.println(k.label() + ": " + f));
        }
    }

    /** {@code rrl datasets export-policies}. */
    @Command(name = "export-policies", description = "Copy a SAC run's medium and expert policies with their record (e.g. into lib/src/main/resources/rrl/policies/<env>).")
    static final class ExportPolicies implements Runnable {
        @Option(names = "--env", required = true)
        String env;

        @Option(names = "--run", required = true)
        Path run;

        @Option(names = "--out", required = true)
        Path out;

        @Option(names = "--command", defaultValue = "", description = "the command that trained the run (for the record)")
        String command;

        @Override
        public void run() {
            DatasetGeneration.exportPolicies(env, run, out, command);
            System.out.println("exported the run's behaviour policies to " + out + " (see record.json for which and why)");
        }
    }
}
