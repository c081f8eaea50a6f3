package rrl.bench;

import rrl.policy.ActorPolicy;
import rrl.attack.AttackConfig;
import rrl.attack.DifferentialEvolutionAttack;
import rrl.policy.ShippedPolicies;
import rrl.env.Environments;
import rrl.env.Task;
import rrl.parallel.WorkerPool;

/**
 * The paper-scale DE attack as a benchmark: its wall time, and its env steps/s (policy inference, perturbation
 * and episode bookkeeping included) as a fraction of raw MuJoCo on all cores (one plain C {@code mj_step}
 * loop per core, running at once) measured in the same run.
 */
public final class AttackBenchmark {
    /**
     * Settings.
     *
     * @param policy checkpoint path or shipped:NAME
     * @param attack the attack (paper 2's settings by default: NP 15 x Na, 30 generations, M ceil(100 / NP))
     * @param threads cores used by both sides
     * @param rawSeconds seconds per raw-MuJoCo measurement (median of 3)
     */
    public record Config(String policy, AttackConfig attack, int threads, double rawSeconds) {
        public static Config paper(String env, String policy) {
            return new Config(policy, AttackConfig.paper(env, 0), WorkerPool.defaultThreads(), 2.0);
        }
    }

    /** The measurements; {@code ratio} is attack steps/s over raw all-core MuJoCo steps/s. */
    public record Result(Config config, double attackSeconds, long envSteps, double attackStepsPerSec,
                         double rawStepsPerSec, double rawSingleStepsPerSec, double ratio, double bestFitness,
                         double[] delta) {}

    private AttackBenchmark() {}

    public static Result run(Config config, java.util.function.Consumer<String> progress) {
        Task task = Environments.task(config.attack().env());
        ActorPolicy policy = rrl.experiment.PolicyRef.parse(config.policy()).load(task);
        double[] actions = EnvBenchmark.drawActions(task.actionDim(), 0);
        double single = EnvBenchmark.median(3, () -> EnvBenchmark.referenceC(task, actions, config.rawSeconds()));
        progress.accept(String.format("raw MuJoCo (C mj_step loop), 1 thread: %.0f steps/s", single));
        double raw = EnvBenchmark.median(3,
                () -> EnvBenchmark.referenceCConcurrent(task, actions, config.rawSeconds(), config.threads()));
        progress.accept(String.format("raw MuJoCo, %d threads at once: %.0f steps/s", config.threads(), raw));
        DifferentialEvolutionAttack.Result r = DifferentialEvolutionAttack.run(policy, config.attack(), null, true,
                config.threads());
        progress.accept(String.format("DE attack: %d env steps in %.1f s = %.0f steps/s", r.envSteps(), r.seconds(),
                r.stepsPerSecond()));
        return new Result(config, r.seconds(), r.envSteps(), r.stepsPerSecond(), raw, single, r.stepsPerSecond() / raw,
                r.bestFitness(), r.delta());
    }
}
