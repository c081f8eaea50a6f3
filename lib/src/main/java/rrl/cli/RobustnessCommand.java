package rrl.cli;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import rrl.attack.AttackConfig;
import rrl.env.Environments;
import rrl.env.Task;
import rrl.experiment.LocalExecutor;
import rrl.experiment.RobustnessStudy;
import rrl.experiment.RunKinds;
import rrl.notebook.Workspace;
import rrl.report.RobustnessClaims;
import rrl.report.RobustnessTable;
import rrl.results.RunFolder;

/**
 * {@code rrl robustness}: paper 2's robustness study (DE attack per trained policy and replicate, then the three
 * conditions) over methods with one or several independently trained policies, and the claims 1-2 verdicts.
 */
@Command(name = "robustness", description = {"Paper 2's robustness study: for every trained policy and replicate a DE attack "
        + "against that policy, then normal / random / adversarial (own worst case) evaluation; Table 1 and the claims 1-2 "
        + "verdicts over independently trained policies.",
        "Policies: METHOD|DATA|POLICY[,POLICY...];... (DATA 'online' for online RL; several policies of a method are its "
        + "independently trained seeds). Re-running on OUT resumes; `rrl report --study OUT` prints the verdicts again."})
final class RobustnessCommand implements Runnable, Resumable {
    @Option(names = "--env", required = true, description = "Hopper, HalfCheetah, Walker2d or Ant")
    String env;

    @Option(names = "--policies", required = true, description = "METHOD|DATA|POLICY[,POLICY...];... e.g. "
            + "\"TD3+BC|expert|shipped:td3bc-expert,shipped:td3bc-expert-s1;SAC|online|shipped:expert\"")
    String policies;

    @Range(min = 1, max = 10_000_000)
    @Option(names = "--episodes", defaultValue = "1000", description = "evaluation episodes per condition and trained "
            + "policy, split over its replicates (paper 2: 1000)")
    int episodes;

    @Range(min = 0, max = 10_000)
    @Option(names = "--generations", defaultValue = "30", description = "DE generations after the initial population "
            + "(paper 2: 30)")
    int generations;

    @Range(min = 4, max = 10_000)
    @Option(names = "--np", description = "DE population (default: paper 2's 15 x actuators)")
    Integer np;

    @Range(min = 1, max = 1000)
    @Option(names = "--replicates", defaultValue = "3", description = "attack + evaluation seeds per trained policy")
    int replicates;

    @Range(min = Range.MIN_SEED)
    @Option(names = "--seed", defaultValue = "0", description = "base seed: replicate k attacks with seed + k and "
            + "evaluates with seed + 1000 + k")
    long seed;

    @Range(min = 1, max = Range.MAX_PARALLEL)
    @Option(names = "--parallel", defaultValue = "1", description = "runs at a time (same numbers for any value)")
    int parallel;

    @Option(names = "--out", description = "the study folder (required unless --cost)")
    Path out;

    @Option(names = "--cost", description = "print what the study would cost on this machine (core-hours per run kind, "
            + "from unit costs measured here, about 10 s) and stop, running nothing")
    boolean cost;

    @Override
    public void run() {
        Task task = Environments.task(env);
        if (episodes < replicates) {
            throw new IllegalArgumentException("--episodes " + episodes + " is split over --replicates " + replicates
                    + ": give at least as many episodes as replicates");
        }
        RobustnessStudy.Config c = RobustnessStudy.Config.paper(task.name(), RobustnessStudy.Subject.parseList(policies))
                .withReplicates(replicates).withEvalEpisodes(episodes).withSeed(seed);
        AttackConfig a = AttackConfig.paper(task.name(), seed).withGenerations(generations);
        if (np != null) {
            a = a.withPopulation(np).withEpisodes(AttackConfig.defaultEpisodes(np));
        }
        c = c.withAttack(a);
        for (RobustnessStudy.Subject s : c.subjects()) {
            for (String p : s.policies()) {
                rrl.experiment.PolicyRef.parse(p).load(task); // a bad policy fails here, before any folder is made
            }
        }
        if (cost) {
            // core-hours are wall time x threads: a run's share of one core, whatever --parallel runs beside it
            tech.tablesaw.api.Table t = rrl.report.SweepViews.estimate(c,
                    rrl.experiment.FineTuningCostEstimate.UnitCosts.measure(task.name(), 1, 0));
            System.out.println(t.print(t.rowCount()));
            return;
        }
        if (out == null) {
            throw new IllegalArgumentException("--out is missing: give the study folder (or --cost for the cost alone)");
        }
        Path dir = out.toAbsolutePath().normalize();
        rrl.guard.Preflight.outputFolder("--out", dir);
        LocalExecutor executor = LocalExecutor.sharing(RunKinds.standard(), parallel,
                Runtime.getRuntime().availableProcessors(), true);
        // the network kernels' pool is one per process: runs side by side keep their updates on their own thread
        rrl.nn.NetThreads.set(parallel > 1 ? 1 : executor.threadsPerRun());
        RobustnessStudy.Result r = RobustnessStudy.run(c, RunFolder.at(dir), executor, true);
        System.out.println(RobustnessTable.of("robustness", r.pooled()).print());
        tech.tablesaw.api.Table verdicts = RobustnessClaims.check(r);
        System.out.println(verdicts.print(verdicts.rowCount()));
        System.out.println("written: " + dir + " (robustness.csv, robustness-policies.csv, robustness-replicates.csv, "
                + "config.json, attacks/, evaluations/)");
    }
}
