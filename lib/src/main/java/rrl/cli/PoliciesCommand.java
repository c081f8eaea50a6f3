package rrl.cli;

import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import rrl.data.ShippedPolicies;
import rrl.results.RunFolder;

/** {@code rrl policies ship}: add a trained policy to the ones shipped with the library. */
@Command(name = "policies", description = "Policies shipped with the library.", subcommands = PoliciesCommand.Ship.class)
final class PoliciesCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "ship", description = {"Copy a trained policy into lib/src/main/resources/rrl/policies/<env>/ as NAME.ckpt",
            "with its training curve, config and a record of the command that trained it (then usable as shipped:NAME)."})
    static final class Ship implements Runnable {
        @Option(names = "--env", required = true)
        String env;

        @Option(names = "--policy", required = true, description = "the policy checkpoint to ship")
        Path policy;

        @Option(names = "--run", description = "its run folder (metrics.csv, config.json)")
        Path run;

        @Option(names = "--name", required = true, description = "shipped name, e.g. td3bc-expert")
        String name;

        @Option(names = "--command", required = true, description = "the command that trained it (recorded)")
        String command;

        @Option(names = "--note", defaultValue = "", description = "a note for the record (e.g. its evaluation)")
        String note;

        @Option(names = "--out", description = "default: lib/src/main/resources/rrl/policies/<env>")
        Path out;

        @Override
        public void run() {
            Path dir = out != null ? out : RunFolder.projectRoot().resolve("lib/src/main/resources/rrl/policies")
                    .resolve(rrl.env.Environments.task(env).name().toLowerCase());
            ShippedPolicies.ship(env, policy, run, name, dir, command, Map.of("note", note));
            System.out.println("shipped " + dir.resolve(name + ".ckpt") + " (rebuild, then use --policy shipped:" + name + ")");
        }
    }
}
