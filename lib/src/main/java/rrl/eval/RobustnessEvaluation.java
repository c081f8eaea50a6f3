package rrl.eval;

import rrl.rollout.Evaluation;
import rrl.attack.PerturbationCondition;
import rrl.attack.PerturbedVectorEnv;
import rrl.env.Task;
import rrl.env.VectorEnv;
import rrl.parallel.WorkerPool;
import rrl.policy.BatchPolicy;
import rrl.rollout.Rollouts;
import java.util.List;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Testing-time robustness (paper 2, Algorithm 2): {@code M_eval} episodes of the deterministic policy
 * ([our reading], notebooks/our-reading.md#deterministic-evaluation; a sampling policy can be passed instead) under
 * one perturbation condition, each to termination or 1000 steps; mean and std of the episodic return and the
 * D4RL-normalised score. The same seed gives every condition the same initial states.
 */
public final class RobustnessEvaluation {
    /** One cell of paper 2's Table 1, with the episodes behind it. */
    public record Row(String env, String trainingData, String method, String condition, int episodes,
                      double meanReturn, double stdReturn, double normalizedScore, double meanLength, long seed) {
        /** {@code Hopper TD3+BC (expert) under adversarial: return 501.2 ± 4.1 over 60 episodes, D4RL 15.4, seed 0}. */
        @Override
        public String toString() {
            return env + " " + method + " (" + trainingData + ") under " + condition + ": return "
                    + rrl.io.Texts.fixed(meanReturn, 1) + (episodes > 1 ? " ± " + rrl.io.Texts.fixed(stdReturn, 1) : "")
                    + " over " + episodes + (episodes == 1 ? " episode" : " episodes") + ", D4RL "
                    + rrl.io.Texts.fixed(normalizedScore, 1) + ", seed " + seed;
        }
    }

    /**
     * An evaluation described by named settings, for notebooks:
     * <pre>{@code
     * Evaluation.Result r = RobustnessEvaluation.of("Hopper").withEpisodes(100).adversarial(attack.delta()).run(policy);
     * List<Row> rows = RobustnessEvaluation.of("Hopper").withEpisodes(100).allConditions("expert", "TD3+BC", policy, delta);
     * }</pre>
     *
     * @param condition normal (the default), random or adversarial ({@link PerturbationCondition})
     * @param episodes M_eval (paper 2, Algorithm 2: 1000)
     * @param maxEnvs simulators stepped together (ours: 64; the numbers do not depend on it)
     * @param seed reset noise and random deltas; the same seed gives every condition the same initial states
     * @param progress whether a progress bar shows
     */
    public record Spec(String env, PerturbationCondition condition, int episodes, int maxEnvs, long seed,
                       boolean progress) {
        public Spec {
            env = rrl.env.Environments.task(env).name();
            if (episodes < 1 || maxEnvs < 1) {
                throw new IllegalArgumentException("episodes and maxEnvs must be >= 1, got " + episodes + " and " + maxEnvs);
            }
        }

        public Spec withCondition(PerturbationCondition c) {
            return new Spec(env, c, episodes, maxEnvs, seed, progress);
        }

        /** No perturbation (delta = 0). */
        public Spec normal() {
            return withCondition(PerturbationCondition.normal());
        }

        /** A new delta ~ U([-eps, eps]^Na) each episode, eps paper 2's for the environment (0.3; Ant 0.5). */
        public Spec random() {
            return random(rrl.attack.PerturbationEpsilon.defaultFor(env));
        }

        public Spec random(double eps) {
            return withCondition(PerturbationCondition.random(eps));
        }

        /** The given delta (e.g. a DE attack's) in every episode. */
        public Spec adversarial(double[] delta) {
            return withCondition(PerturbationCondition.adversarial(delta));
        }

        public Spec withEpisodes(int n) {
            return new Spec(env, condition, n, maxEnvs, seed, progress);
        }

        public Spec withMaxEnvs(int n) {
            return new Spec(env, condition, episodes, n, seed, progress);
        }

        public Spec withSeed(long s) {
            return new Spec(env, condition, episodes, maxEnvs, s, progress);
        }

        public Spec withProgress(boolean p) {
            return new Spec(env, condition, episodes, maxEnvs, seed, p);
        }

        /** Evaluates {@code policy} under this condition on all cores. */
        public Evaluation.Result run(BatchPolicy policy) {
            return RobustnessEvaluation.run(policy, rrl.env.Environments.task(env), condition, episodes, maxEnvs, seed,
                    progress);
        }

        /**
         * Paper 2's three conditions for one policy, as rows of its Table 1 (same seed, same initial states): normal,
         * random (paper 2's eps) and adversarial under {@code delta}.
         */
        public List<Row> allConditions(String trainingData, String method, BatchPolicy policy, double[] delta) {
            List<Row> rows = new java.util.ArrayList<>();
            for (Spec s : List.of(normal(), random(), adversarial(delta))) {
                Evaluation.Result r = s.run(policy);
                rows.add(new Row(env, trainingData, method, s.condition().name(), r.count(), r.meanReturn(),
                        r.stdReturn(), r.normalizedScore(), r.meanLength(), seed));
            }
            return rows;
        }
    }

    /** Paper 2's evaluation on {@code env}: normal condition, 1000 episodes, seed 0, on up to 64 simulators. */
    public static Spec of(String env) {
        return new Spec(env, PerturbationCondition.normal(), 1000, 64, 0, true);
    }

    private RobustnessEvaluation() {}

    /**
     * Evaluates {@code policy} on {@code task} under {@code condition}: {@code episodes} episodes on up to
     * {@code maxEnvs} parallel environments, reset noise and random deltas from {@code seed}.
     */
    public static Evaluation.Result run(BatchPolicy policy, Task task, PerturbationCondition condition, int episodes,
                                        int maxEnvs, long seed, boolean showProgress) {
        return run(policy, task, condition, episodes, maxEnvs, seed, showProgress, WorkerPool.defaultThreads());
    }

    /** As {@link #run(BatchPolicy, Task, PerturbationCondition, int, int, long, boolean)} on {@code threads} threads (same numbers on any count). */
    public static Evaluation.Result run(BatchPolicy policy, Task task, PerturbationCondition condition, int episodes,
                                        int maxEnvs, long seed, boolean showProgress, int threads) {
        int n = Math.max(1, Math.min(episodes, maxEnvs));
        try (PerturbedVectorEnv env = new PerturbedVectorEnv(new VectorEnv(task, n, threads, true),
                condition)) {
            return Evaluation.summarize(task.name(), Rollouts.run(env, policy, episodes, seed, showProgress));
        }
    }

    /** Rows as a table, one column per field (the long layout of robustness.csv). */
    public static Table table(String title, List<Row> rows) {
        Table t = Table.create(title);
        t.addColumns(
                StringColumn.create("env", rows.stream().map(Row::env).toList()),
                StringColumn.create("training_data", rows.stream().map(Row::trainingData).toList()),
                StringColumn.create("method", rows.stream().map(Row::method).toList()),
                StringColumn.create("condition", rows.stream().map(Row::condition).toList()),
                IntColumn.create("episodes", rows.stream().mapToInt(Row::episodes).toArray()),
                DoubleColumn.create("mean_return", rows.stream().mapToDouble(Row::meanReturn).toArray()),
                DoubleColumn.create("std_return", rows.stream().mapToDouble(Row::stdReturn).toArray()),
                DoubleColumn.create("d4rl_score", rows.stream().mapToDouble(Row::normalizedScore).toArray()),
                DoubleColumn.create("mean_length", rows.stream().mapToDouble(Row::meanLength).toArray()),
                LongColumn.create("seed", rows.stream().mapToLong(Row::seed).toArray()));
        return t;
    }

    /** As {@link #run}, labelled as a row of Table 1. */
    public static Row row(String trainingData, String method, BatchPolicy policy, Task task,
                          PerturbationCondition condition, int episodes, int maxEnvs, long seed) {
        Evaluation.Result r = run(policy, task, condition, episodes, maxEnvs, seed, false);
        return new Row(task.name(), trainingData, method, condition.name(), r.count(), r.meanReturn(), r.stdReturn(),
                r.normalizedScore(), r.meanLength(), seed);
    }
}
