package rrl.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import rrl.policy.ActorPolicy;
import rrl.attack.ActionPerturbation;
import rrl.attack.AttackRecord;
import rrl.attack.PerturbationCondition;
import rrl.attack.PerturbationEpsilon;
import rrl.policy.ShippedPolicies;
import rrl.env.Environments;
import rrl.env.Task;
import rrl.eval.RobustnessEvaluation;
import rrl.report.RobustnessTable;
import rrl.results.RunFolder;
import tech.tablesaw.api.Table;

/** {@code rrl evaluate}: testing-time robustness (paper 2, Algorithm 2). */
@Command(name = "evaluate", description = {"Robustness evaluation of a policy (paper 2, Algorithm 2).",
        "Mean and std of the return and the D4RL score under normal, random and adversarial actuator perturbations, "
            + "in paper 2's Table 1 layout. Without --delta the adversarial condition is left out (run `rrl attack` first "
            + "and pass --delta DIR/delta.csv to add it)."})
final class EvaluateCommand implements Runnable {
    @Option(names = "--policy", required = true, description = "policy checkpoint (policy.ckpt), DL4J model (.zip) or shipped:NAME")
    String policy;

    @Option(names = "--env", required = true, description = "Hopper, HalfCheetah, Walker2d or Ant")
    String env;

    @Option(names = "--conditions", split = ",", defaultValue = "normal,random,adversarial",
            description = "any of normal, random, adversarial")
    List<String> conditions;

    @Option(names = "--delta", description = "adversarial perturbation: a delta.csv written by `rrl attack`")
    Path delta;

    @Range(min = 0, minExclusive = true, max = 1)

    @Option(names = "--eps", description = "random-perturbation bound (default: paper 2's, 0.3; Ant 0.5)")
    Double eps;

    @Range(min = 1, max = 1_000_000)

    @Option(names = "--episodes", defaultValue = "1000", description = "episodes per condition (paper 2: 1000)")
    int episodes;

    @Range(min = 1, max = 4096)

    @Option(names = "--envs", defaultValue = "64", description = "parallel environments")
    int envs;

    @Range(min = Range.MIN_SEED)

    @Option(names = "--seed", defaultValue = "0", description = "evaluation seed: the episodes' reset noise and the "
            + "random perturbations (the same initial states under every condition)")
    long seed;

    @Option(names = "--method", description = "method label for the table, e.g. TD3+BC (default: the algorithm that "
            + "trained --policy, from its training config, else its name)")
    String method;

    @Option(names = "--data", defaultValue = "-", description = "training-data label for the table, e.g. expert")
    String data;

    @Option(names = "--out", description = "folder for robustness.csv and config.json (default: none)")
    Path out;

    @Override
    public void run() {
        Task task = Environments.task(env);
        // before any episode: the results can be written and the simulators fit
        rrl.guard.Preflight.outputFolder("--out", out);
        rrl.guard.Preflight.memory(rrl.env.VectorEnv.memory(task, Math.max(1, Math.min(episodes, envs))));
        double e = eps != null ? eps : PerturbationEpsilon.defaultFor(task.name());
        ActionPerturbation.requireEpsilon(e);
        List<PerturbationCondition> conds = new ArrayList<>();
        boolean adversarialLeftOut = false;
        for (String name : conditions) {
            switch (name.strip()) {
                case "normal" -> conds.add(PerturbationCondition.normal());
                case "random" -> conds.add(PerturbationCondition.random(e));
                case "adversarial" -> {
                    if (delta == null) {
                        adversarialLeftOut = true; // evaluate what can be evaluated; say below how to add it
                    } else {
                        double[] d = AttackRecord.readDelta(delta, task.actionDim());
                        try {
                            ActionPerturbation.requireValid(d, task.actionDim(), e, task.name());
                        } catch (IllegalArgumentException x) {
                            throw new IllegalArgumentException("--delta " + delta + ": " + x.getMessage(), x);
                        }
                        conds.add(PerturbationCondition.adversarial(d));
                    }
                }
                default -> throw new IllegalArgumentException("unknown condition '" + name
                        + "'; use normal, random or adversarial");
            }
        }
        String addAdversarial = "run `rrl attack --policy " + policy + " --env " + task.name() + " --run DIR` and pass "
                + "--delta DIR/delta.csv";
        if (conds.isEmpty()) {
            throw new IllegalArgumentException("the adversarial condition needs its perturbation: " + addAdversarial);
        }
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("policy", policy);
        cfg.put("env", task.name());
        cfg.put("eps", e);
        cfg.put("delta_file", delta == null ? null : delta.toString());
        cfg.put("episodes", episodes);
        cfg.put("seed", seed);
        OutFolders.requireSameEvaluation(out, cfg);
        // the policy is checked first, so a broken --policy is one line and no advice to attack it
        rrl.experiment.PolicyRef ref = rrl.experiment.PolicyRef.parse(policy);
        ActorPolicy p = ref.load(task);
        String label = method != null ? method : ref.method(task);
        if (adversarialLeftOut) {
            System.err.println("adversarial condition left out (no --delta); to add it, " + addAdversarial);
        }
        List<RobustnessEvaluation.Row> rows = new ArrayList<>();
        for (PerturbationCondition c : conds) {
            System.err.println("evaluating " + c.name() + " (" + rrl.io.Messages.count(episodes, "episode") + ") ...");
            rows.add(RobustnessEvaluation.row(data, label, p, task, c, episodes, envs, seed));
        }
        Table t = RobustnessTable.of("robustness", rows);
        System.out.println(RobustnessTable.wide(task.name() + ": mean ± std of return over " + rrl.io.Messages.count(episodes, "episode"), t).print());
        System.out.println(t.print());
        if (out != null) {
            RunFolder f = RunFolder.at(out, rrl.notebook.Workspace.host());
            f.writeTable(t, "robustness.csv");
            f.writeConfig(cfg);
            System.out.println("written: " + f.file("robustness.csv"));
        }
    }
}
