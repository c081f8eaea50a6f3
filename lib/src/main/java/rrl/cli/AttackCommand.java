package rrl.cli;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import rrl.attack.AttackConfig;
import rrl.attack.AttackRecord;
import rrl.attack.DifferentialEvolutionAttack;
import rrl.env.Environments;
import rrl.env.Task;
import rrl.experiment.RobustnessRuns;
import rrl.experiment.RunKinds;
import rrl.experiment.RunResult;
import rrl.experiment.RunSpec;
import rrl.notebook.Workspace;
import rrl.parallel.WorkerPool;
import rrl.results.RunFolder;

/** {@code rrl attack}: paper 2's differential-evolution attack on a policy. */
@Command(name = "attack", description = {"Differential-evolution attack on a policy (paper 2, Algorithm 1).",
        "Finds the per-episode actuator perturbation delta in [-eps, eps]^Na that minimises the policy's mean return. Checkpoints every "
            + "generation; running again on the same --run folder resumes."})
final class AttackCommand implements Runnable, Resumable.OneRun {
    @Option(names = "--policy", required = true, description = "policy checkpoint (policy.ckpt), DL4J model (.zip) or shipped:NAME, e.g. shipped:expert")
    String policy;

    @Option(names = "--env", required = true, description = "Hopper, HalfCheetah, Walker2d or Ant")
    String env;

    @Range(min = 0, minExclusive = true, max = 1)

    @Option(names = "--eps", description = "perturbation bound (default: paper 2's, 0.3; Ant 0.5)")
    Double eps;

    @Range(min = 4, max = 10_000)

    @Option(names = "--np", description = "population size (default: 15 x actuators)")
    Integer np;

    @Range(min = 0, max = 10_000)

    @Option(names = "--generations", defaultValue = "30", description = "generations after the initial population")
    int generations;

    @Range(min = 1, max = 100_000)

    @Option(names = "--m", description = "episodes per fitness value (default: ceil(100 / NP), at least 2)")
    Integer m;

    @Range(min = Range.MIN_SEED)

    @Option(names = "--seed", defaultValue = "0", description = "seeds the DE draws and the episodes' reset noise")
    long seed;

    @Option(names = "--run", description = "run folder (default: runs/attack-<env>-s<seed>)")
    Path run;

    @Override
    public void run() {
        Task task = Environments.task(env);
        AttackConfig c = AttackConfig.paper(task.name(), seed).withGenerations(generations);
        if (eps != null) {
            c = c.withEps(eps);
        }
        if (np != null) {
            c = c.withPopulation(np).withEpisodes(AttackConfig.defaultEpisodes(np));
        }
        if (m != null) {
            c = c.withEpisodes(m);
        }
        rrl.experiment.PolicyRef.parse(policy).load(task); // a bad --policy fails here, before the run folder is touched
        // the run protocol checks the folder and the NP x M simulators before it makes the folder (RunKind.memory)
        Path dir = (run != null ? run : Workspace.projectRoot().resolve("runs").resolve("attack-" + task.name().toLowerCase()
                + "-s" + seed)).toAbsolutePath().normalize();
        RunSpec spec = RunSpec.of(dir.getParent(), dir.getFileName().toString(), RobustnessRuns.ATTACK,
                RobustnessRuns.Attack.of(policy, c));
        // before the first line of output: the folder can be made and the NP x M simulators fit (the run protocol
        // checks the same again before it makes the folder)
        rrl.guard.Preflight.outputFolder("--run", dir);
        rrl.guard.Preflight.memory(RobustnessRuns.ATTACK.memory(RobustnessRuns.Attack.of(policy, c))
                .toArray(rrl.guard.MemoryBudget.Request[]::new));
        System.err.printf("attacking %s on %s: NP %d, %s, M %d, eps %.2f, seed %d -> %s (run %s)%n", policy,
                task.name(), c.populationSize(), rrl.io.Messages.count(c.generations(), "generation"),
                c.episodesPerIndividual(), c.eps(), seed, dir, spec.id());
        RunResult row = RunKinds.standard().run(spec, WorkerPool.defaultThreads(), true);
        DifferentialEvolutionAttack.Result r = AttackRecord.read(RunFolder.at(dir));
        StringBuilder d = new StringBuilder();
        for (double v : r.delta()) {
            d.append(String.format(" %+.3f", v));
        }
        System.out.printf("delta =%s; mean return under it %.1f (generation 0 best %.1f)%n", d, r.bestFitness(),
                r.bestHistory()[0]);
        if (row.reused()) {
            System.out.println("the run had finished in " + dir + "; nothing recomputed");
        } else {
            System.out.printf("%d env steps in %.1f s (%.0f steps/s, policy included)%n", r.envSteps(), r.seconds(),
                    r.stepsPerSecond());
        }
        System.out.println("written: " + dir.resolve("delta.csv") + ", population.csv, history.csv, config.json, provenance.json");
    }
}
