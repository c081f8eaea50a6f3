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
@Command(name = "evaluate", description = {"Robustness evaluation (paper 2, Algorithm 2): mean and std of the return and the",
        "D4RL score under normal, random and adversarial actuator perturbations, in paper 2's Table 1 layout."})
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

    @Option(names = "--eps", description = "random-perturbation bound (default: paper 2's, 0.3; Ant 0.5)")
    Double eps;

    @Option(names = "--episodes", defaultValue = "1000", description = "episodes per condition (paper 2: 1000)")
    int episodes;

    @Option(names = "--envs", defaultValue = "64", description = "parallel environments")
    int envs;

    @Option(names = "--seed", defaultValue = "0")
    long seed;

    @Option(names = "--method", defaultValue = "policy", description = "method label for the table, e.g. TD3+BC")
    String method;

    @Option(names = "--data", defaultValue = "-", description = "training-data label for the table, e.g. expert")
    String data;

    @Option(names = "--out", description = "folder for robustness.csv and config.json (default: none)")
    Path out;

    @Override
    public void run() {
        Task task = Environments.task(env);
        if (episodes < 1) {
            throw new IllegalArgumentException("--episodes must be >= 1, got " + episodes);
        }
        double e = eps != null ? eps : PerturbationEpsilon.defaultFor(task.name());
        ActionPerturbation.requireEpsilon(e);
        List<PerturbationCondition> conds = new ArrayList<>();
        for (String name : conditions) {
            conds.add(switch (name.strip()) {
                case "normal" -> PerturbationCondition.normal();
                case "random" -> PerturbationCondition.random(e);
                case "adversarial" -> {
                    if (delta == null) {
                        throw new IllegalArgumentException("the adversarial condition needs --delta FILE (the delta.csv of "
                                + "`rrl attack`)");
                    }
                    double[] d = AttackRecord.readDelta(delta, task.actionDim());
                    try {
                        ActionPerturbation.requireValid(d, task.actionDim(), e, task.name());
                    } catch (IllegalArgumentException x) {
                        throw new IllegalArgumentException("--delta " + delta + ": " + x.getMessage(), x);
                    }
                    yield PerturbationCondition.adversarial(d);
                }
                default -> throw new IllegalArgumentException("unknown condition '" + name
                        + "'; use normal, random or adversarial");
            });
        }
        ActorPolicy p = rrl.experiment.PolicyRef.parse(policy).load(task);
        List<RobustnessEvaluation.Row> rows = new ArrayList<>();
        for (PerturbationCondition c : conds) {
            System.err.println("evaluating " + c.name() + " (" + episodes + " episodes) ...");
            rows.add(RobustnessEvaluation.row(data, method, p, task, c, episodes, envs, seed));
        }
        Table t = RobustnessTable.of("robustness", rows);
        System.out.println(RobustnessTable.wide(task.name() + ": mean ± std of return over " + episodes + " episodes", t).print());
        System.out.println(t.print());
        if (out != null) {
            RunFolder f = RunFolder.at(out, rrl.notebook.Workspace.host());
            f.writeTable(t, "robustness.csv");
            Map<String, Object> cfg = new LinkedHashMap<>();
            cfg.put("policy", policy);
            cfg.put("env", task.name());
            cfg.put("eps", e);
            cfg.put("delta_file", delta == null ? null : delta.toString());
            cfg.put("episodes", episodes);
            cfg.put("seed", seed);
            f.writeConfig(cfg);
            System.out.println("written: " + f.file("robustness.csv"));
        }
    }
}
