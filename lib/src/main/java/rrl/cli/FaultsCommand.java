package rrl.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import rrl.attack.PerturbationEpsilon;
import rrl.env.Environments;
import rrl.env.Task;
import rrl.eval.FaultShift;
import rrl.policy.ActorPolicy;
import rrl.report.FaultShiftViews;
import rrl.results.RunFolder;
import tech.tablesaw.api.Table;

/** {@code rrl faults}: a policy under actuator faults outside paper 1's training family ({@link FaultShift}). */
@Command(name = "faults", description = {"A policy under actuator faults it never saw (fault-family shift).",
        "The cases of FaultShift.standard: nominal; a random delta per episode at the environment's eps (paper 1's "
                + "training family) and at 2 x eps; a delta redrawn every step; each actuator dead, stuck at its first "
                + "command, sign-flipped; commands delayed 1 and 3 steps. Every case runs the same episodes (same seed). "
                + "Prints each case and each family's mean and worst share of the nominal return."})
final class FaultsCommand implements Runnable {
    @Option(names = "--policy", required = true, description = "policy checkpoint (policy.ckpt), DL4J model (.zip) or shipped:NAME")
    String policy;

    @Option(names = "--env", required = true, description = "Hopper, HalfCheetah, Walker2d or Ant")
    String env;

    @Range(min = 0, minExclusive = true, max = 1)

    @Option(names = "--eps", description = "the training family's bound (default: paper 2's, 0.3; Ant 0.5)")
    Double eps;

    @Range(min = 1, max = 1_000_000)

    @Option(names = "--episodes", defaultValue = "20", description = "episodes per case (default: 20)")
    int episodes;

    @Range(min = 1, max = 4096)

    @Option(names = "--envs", defaultValue = "64", description = "parallel environments")
    int envs;

    @Range(min = 1, max = 1024)

    @Option(names = "--threads", description = "threads stepping the simulators (default: all cores); the numbers "
            + "do not depend on it")
    Integer threads;

    @Range(min = Range.MIN_SEED)

    @Option(names = "--seed", defaultValue = "0", description = "evaluation seed: reset noise and random deltas, the "
            + "same initial states in every case")
    long seed;

    @Option(names = "--out", description = "folder for faults.csv and config.json (default: none)")
    Path out;

    @Override
    public void run() {
        Task task = Environments.task(env);
        rrl.guard.Preflight.outputFolder("--out", out);
        rrl.guard.Preflight.memory(rrl.env.VectorEnv.memory(task, Math.max(1, Math.min(episodes, envs))));
        double e = eps != null ? eps : PerturbationEpsilon.defaultFor(task.name());
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("policy", policy);
        cfg.put("env", task.name());
        cfg.put("eps", e);
        cfg.put("episodes", episodes);
        cfg.put("seed", seed);
        OutFolders.requireSameEvaluation(out, cfg);
        rrl.experiment.PolicyRef ref = rrl.experiment.PolicyRef.parse(policy);
        ActorPolicy p = ref.load(task);
        List<FaultShift.Case> cases = FaultShift.standard(task, e);
        System.err.println("evaluating " + cases.size() + " fault cases x " + rrl.io.Messages.count(episodes, "episode")
                + " ...");
        int t = threads != null ? threads : rrl.parallel.WorkerPool.defaultThreads();
        List<FaultShift.Row> rows = FaultShift.evaluate(p, task, cases, episodes, envs, seed, t);
        Table table = FaultShiftViews.table(task.name() + " under actuator faults: " + policy, rows);
        System.out.println(table.print(table.rowCount()));
        Table families = FaultShiftViews.byFamily("per fault family: share of the nominal return", Map.of(policy, rows));
        System.out.println(families.print(families.rowCount()));
        if (out != null) {
            RunFolder f = RunFolder.at(out, rrl.notebook.Workspace.host());
            f.writeTable(table, "faults.csv");
            f.writeConfig(cfg);
            System.out.println("written: " + f.file("faults.csv"));
        }
    }
}
