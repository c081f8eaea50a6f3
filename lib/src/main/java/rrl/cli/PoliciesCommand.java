package rrl.cli;

import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import rrl.policy.ShippedPolicies;
import rrl.results.RunFolder;

/**
 * {@code rrl policies ship}: add a trained policy to the ones shipped with the library; {@code rrl policies
 * export-dl4j}: write a policy as a DL4J model zip.
 */
@Command(name = "policies", description = "Policies shipped with the library.", subcommands = {PoliciesCommand.ListShipped.class, PoliciesCommand.Ship.class, PoliciesCommand.ExportDl4j.class,
        PoliciesCommand.KurtosisOf.class})
final class PoliciesCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "list", description = {"List the shipped policies (usable as --policy shipped:NAME) per environment.",
            "Each with the algorithm that trained it and whether offline, read from its training config: expert and medium "
                    + "are SAC behaviour policies (the D4RL-style data makers); td3 is online TD3; td3bc-*, bcq-* and iql-* were trained "
                    + "offline on the shipped expert's data (td3bc-expert with learner state for fine-tuning)."})
    static final class ListShipped implements java.util.concurrent.Callable<Integer> {
        @picocli.CommandLine.Option(names = "--env", description = "one environment (default: all four)")
        String env;

        @picocli.CommandLine.Option(names = "--markdown", description = "instead: the SAC behaviour policies (medium, "
                + "expert) of every environment as a GitHub markdown table, read from their record.json (the README's)")
        boolean markdown;

        @Override
        public Integer call() {
            if (markdown) {
                if (env != null) {
                    throw new IllegalArgumentException("--markdown tables the behaviour policies of all four "
                            + "environments; leave out --env");
                }
                System.out.print(rrl.report.BehaviourPolicyTable.markdown());
                return 0;
            }
            java.util.List<String> envs = env == null ? rrl.env.Environments.NAMES
                    : java.util.List.of(rrl.env.Environments.task(env).name());
            for (String e : envs) {
                java.util.List<String> names = rrl.policy.ShippedPolicies.names(e);
                System.out.println(e + ": " + (names.isEmpty() ? "(none)" : names.stream().map(n -> "shipped:" + n + " ("
                        + rrl.policy.ShippedPolicies.trainedBy(e, n) + ")").collect(java.util.stream.Collectors.joining(", "))));
            }
            return 0;
        }
    }

    @Command(name = "ship", description = {"Ship a trained policy with the library (then usable as --policy shipped:NAME).",
            "Copies it into lib/src/main/resources/rrl/policies/<env>/ as NAME.ckpt with its training curve, config and a record of the command that trained it (then usable as shipped:NAME)."})
    static final class Ship implements Runnable {
        @Option(names = "--env", required = true, description = "Hopper, HalfCheetah, Walker2d or Ant")
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
            Path dir = out != null ? out : rrl.notebook.Workspace.projectRoot().resolve("lib/src/main/resources/rrl/policies")
                    .resolve(rrl.env.Environments.task(env).name().toLowerCase());
            rrl.guard.Preflight.outputFolder("--out", dir);
            ShippedPolicies.ship(env, policy, run, name, dir, command, Map.of("note", note));
            System.out.println("shipped " + dir.resolve(name + ".ckpt") + " (rebuild, then use --policy shipped:" + name + ")");
        }
    }

    @Command(name = "export-dl4j", description = {"Write a policy as a DL4J MultiLayerNetwork zip, checked against the policy.",
            "Raw observations in, deterministic action out, normaliser folded in; reports the largest deviation from "
                    + "the policy over a real rollout. The zip is accepted back wherever --policy is (rrl attack, rrl evaluate)."})
    static final class ExportDl4j implements Runnable {
        @Option(names = "--env", required = true, description = "Hopper, HalfCheetah, Walker2d or Ant")
        String env;

        @Option(names = "--policy", required = true, description = "policy.ckpt or shipped:NAME")
        String policy;

        @Option(names = "--out", required = true, description = "the .zip to write")
        Path out;

        @Range(min = 1, max = 1_000_000)

        @Option(names = "--check-steps", defaultValue = "1000", description = "rollout steps for the deviation check")
        int checkSteps;

        @Override
        public void run() {
            rrl.env.Task task = rrl.env.Environments.task(env);
            if (!out.toString().endsWith(".zip")) {
                throw new IllegalArgumentException("--out must end in .zip (DL4J models are zip files), got " + out);
            }
            rrl.guard.Preflight.outputFile("--out", out, ".zip");
            rrl.policy.ActorPolicy p = rrl.experiment.PolicyRef.parse(policy).load(task);
            rrl.nd4j.Dl4jPolicyExport.write(p, out, policy);
            // compare against the network as read back from the file, not the one in memory
            double dev = rrl.nd4j.Dl4jPolicyExport.maxDeviation(p, rrl.nd4j.Dl4jPolicyExport.readNetwork(out),
                    checkSteps, 0L);
            System.out.printf(java.util.Locale.ROOT, "wrote %s (%s policy, layers %s); largest |action difference| "
                    + "between the file and the policy over %d rollout steps: %.2e%n", out, task.name(),
                    java.util.Arrays.toString(p.network().sizes()), checkSteps, dev);
        }
    }

    @Command(name = "kurtosis", description = {"Paper 3's heavy-tail diagnostic (its Fig. 1b): the excess kurtosis of each "
            + "policy's actions over the states of a dataset, per action dimension (0 = Gaussian tails).",
        "E.g. rrl policies kurtosis --env Hopper --dataset clean.hdf5 --policy runs/iql-clean/policy.ckpt --policy "
            + "runs/iql-corrupt/policy.ckpt prints one row per policy."})
    static final class KurtosisOf implements Runnable {
        @Option(names = "--env", required = true, description = "Hopper, HalfCheetah, Walker2d or Ant")
        String env;

        @Option(names = "--dataset", required = true, description = "D4RL or Minari HDF5 whose observations are the states "
                + "(give every policy the same, e.g. the clean data, to compare them)")
        Path dataset;

        @Option(names = "--policy", required = true, description = "policy.ckpt or shipped:NAME; repeat for several")
        java.util.List<String> policies;

        @Override
        public void run() {
            rrl.env.Task task = rrl.env.Environments.task(env);
            java.util.List<rrl.policy.ActorPolicy> loaded = new java.util.ArrayList<>();
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (String ref : policies) {
                if (!seen.add(ref.strip())) {
                    throw new IllegalArgumentException("--policy " + ref + " is given twice; give each policy once");
                }
            }
            for (String ref : policies) {
                loaded.add(rrl.experiment.PolicyRef.parse(ref).load(task));
            }
            rrl.data.D4rlDataset data = rrl.data.DatasetRecord.readFor(dataset, task, "--dataset");
            java.util.List<rrl.eval.ActionKurtosis> results = new java.util.ArrayList<>();
            for (int i = 0; i < loaded.size(); i++) {
                results.add(rrl.eval.ActionKurtosis.of(policies.get(i), loaded.get(i), task.observationDim(),
                        task.actionDim(), data.observations(), data.size()));
            }
            System.out.println(rrl.report.KurtosisViews.table(task.name() + ": excess kurtosis of the policy's actions over "
                    + data.size() + " states of " + dataset.getFileName(), results).print());
        }
    }
}
