package rrl.experiment;

import rrl.eval.RobustnessEvaluation;
import rrl.rollout.Evaluation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import rrl.attack.AttackConfig;
import rrl.attack.AttackRecord;
import rrl.attack.DifferentialEvolutionAttack;
import rrl.attack.PerturbationEpsilon;
import rrl.env.Environments;
import rrl.env.Task;
import rrl.results.Resources;
import rrl.results.RunFolder;
import rrl.attack.ConditionKind;
import rrl.parallel.WorkerPool;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import rrl.rollout.Episode;

/**
 * Paper 2's first experiment on one environment: for each policy, DE attacks with several seeds, then
 * evaluation under normal, random and adversarial perturbations (Algorithms 1 and 2), pooled into Table 1's
 * cells and kept per replicate for error bars. Replicate k uses attack seed {@code seed + k}, evaluates the
 * delta that attack found, and evaluates all three conditions from evaluation seed {@code seed + 1000 + k}
 * (the same initial states for every condition and policy).
 */
public final class RobustnessStudy {
    /** A policy under test; {@code trainingData} is "online" for online RL, else the dataset (e.g. "expert"). */
    public record Subject(String method, String trainingData, String policy) {
        public boolean offline() {
            return !"online".equals(trainingData);
        }

        /** Parses "METHOD|DATA|POLICY;..." (e.g. "TD3+BC|expert|shipped:td3bc-expert;SAC|online|shipped:expert"). */
        public static List<Subject> parseList(String spec) {
            List<Subject> out = new ArrayList<>();
            for (String item : spec.split(";")) {
                if (item.isBlank()) {
                    continue;
                }
                String[] f = item.split("\\|");
                if (f.length != 3) {
                    throw new IllegalArgumentException("policy entry '" + item + "' must be METHOD|DATA|POLICY, e.g. "
                            + "TD3+BC|expert|shipped:td3bc-expert (DATA is 'online' for online RL)");
                }
                out.add(new Subject(f[0].strip(), f[1].strip(), f[2].strip()));
            }
            if (out.isEmpty()) {
                throw new IllegalArgumentException("no policies given");
            }
            return out;
        }
    }

    /**
     * Settings.
     *
     * @param eps perturbation bound (paper 2: 0.3 Hopper/HalfCheetah, 0.5 Ant)
     * @param evalEpisodes episodes per condition and policy, split over replicates (paper 2: 1000)
     * @param evalEnvs parallel environments for evaluation
     * @param attack the attack's settings (paper 2: NP 15 x Na, 30 generations); its seed is the study's
     * @param replicates attack/evaluation seeds per policy (ours: paper 2 reports a single attack)
     * @param seed base seed
     */
    public record Config(String env, List<Subject> subjects, double eps, int evalEpisodes, int evalEnvs,
                         AttackConfig attack, int replicates, long seed) {
        public Config {
            env = Environments.task(env).name();
            subjects = List.copyOf(subjects);
            if (replicates < 1 || evalEpisodes < replicates) {
                throw new IllegalArgumentException("need replicates >= 1 and evalEpisodes >= replicates, got " + replicates
                        + " and " + evalEpisodes);
            }
        }

        /** Paper 2's budget: 1000 evaluation episodes, the paper's DE; 3 replicates. */
        public static Config paper(String env, List<Subject> subjects) {
            return new Config(env, subjects, PerturbationEpsilon.defaultFor(env), 1000, 64, AttackConfig.paper(env, 0), 3, 0);
        }

        /** Paper 2's budget (see {@link #paper(String, List)}) for {@code subjects}, to change by name with the withers. */
        public static Config paper(String env, Subject... subjects) {
            return paper(env, List.of(subjects));
        }

        public Config withEps(double v) {
            return new Config(env, subjects, v, evalEpisodes, evalEnvs, attack, replicates, seed);
        }

        public Config withEvalEpisodes(int v) {
            return new Config(env, subjects, eps, v, evalEnvs, attack, replicates, seed);
        }

        public Config withEvalEnvs(int v) {
            return new Config(env, subjects, eps, evalEpisodes, v, attack, replicates, seed);
        }

        public Config withAttack(AttackConfig v) {
            return new Config(env, subjects, eps, evalEpisodes, evalEnvs, v, replicates, seed);
        }

        public Config withReplicates(int v) {
            return new Config(env, subjects, eps, evalEpisodes, evalEnvs, attack, v, seed);
        }

        public Config withSeed(long v) {
            return new Config(env, subjects, eps, evalEpisodes, evalEnvs, attack, replicates, v);
        }
    }

    /** Pooled Table 1 rows, per-replicate rows (seed = replicate), and the attacks per method. */
    public record Result(Config config, List<RobustnessEvaluation.Row> pooled, List<RobustnessEvaluation.Row> replicates,
                         Map<String, List<DifferentialEvolutionAttack.Result>> attacks) {
        /** {@code RobustnessStudy.Result(Hopper: TD3+BC, SAC x 2 replicates; TD3+BC normal 3283 / random 2083 / ...)}. */
        @Override
        public String toString() {
            StringBuilder s = new StringBuilder("RobustnessStudy.Result(" + config.env() + ", " + config.subjects().size()
                    + " policies x " + config.replicates() + " replicates, " + config.evalEpisodes()
                    + " episodes per condition; mean return normal / random / adversarial:");
            for (Subject sub : config.subjects()) {
                s.append(' ').append(sub.method()).append(' ');
                String sep = "";
                for (String c : List.of("normal", "random", "adversarial")) {
                    s.append(sep).append(pooled.stream().filter(r -> r.method().equals(sub.method()) && r.condition().equals(c))
                            .findFirst().map(r -> rrl.io.Texts.fixed(r.meanReturn(), 0)).orElse("-"));
                    sep = " / ";
                }
                s.append(';');
            }
            s.setLength(s.length() - 1);
            return s.append(")").toString();
        }
    }

    private RobustnessStudy() {}

    /**
     * Runs the study on one slot with every core; see {@link #run(Config, RunFolder, Executor, boolean)}.
     */
    public static Result run(Config c, RunFolder out, boolean showProgress) {
        return run(c, out, new LocalExecutor(RunKinds.standard(), 1, WorkerPool.defaultThreads(), showProgress), showProgress);
    }

    /** Runs the study on one slot with {@code resources}' threads (its root is not used: {@code out} says where). */
    public static Result run(Config c, RunFolder out, Resources resources, boolean showProgress) {
        return run(c, out, new LocalExecutor(RunKinds.standard(), 1, resources.threads(), showProgress), showProgress);
    }

    /**
     * Runs the study as two sweeps through {@code executor}: the attacks ({@code out/attacks/<method>-s<k>/}, each
     * a run with its id and provenance, checkpointed every generation), then one evaluation run per policy and
     * replicate ({@code out/evaluations/<method>-s<k>/episodes.csv}) with the delta its attack found. A rerun
     * hands finished runs back and resumes the others. The tables go to {@code out/robustness.csv} and
     * {@code out/robustness-replicates.csv}.
     */
    public static Result run(Config c, RunFolder out, Executor executor, boolean showProgress) {
        Task task = Environments.task(c.env());
        Path root = out.dir();
        Set<String> slugs = new HashSet<>();
        for (Subject s : c.subjects()) {
            if (!slugs.add(slug(s.method()))) {
                throw new IllegalArgumentException("two policies have methods that give the same folder name '" + slug(s.method())
                        + "'; give them distinct method labels");
            }
        }
        List<RunSpec> attackRuns = new ArrayList<>();
        for (Subject s : c.subjects()) {
            for (int k = 0; k < c.replicates(); k++) {
                attackRuns.add(RunSpec.of(root, "attacks/" + slug(s.method()) + "-s" + k, RobustnessRuns.ATTACK,
                        RobustnessRuns.Attack.of(s.policy(), c.attack().withEps(c.eps()).withSeed(c.seed() + k))));
            }
        }
        List<RunResult> attackRows = Sweep.requireAllOk(executor.execute(attackRuns), "attacks");
        Map<String, List<DifferentialEvolutionAttack.Result>> attacks = new LinkedHashMap<>();
        List<RunSpec> evalRuns = new ArrayList<>();
        int i = 0;
        for (Subject s : c.subjects()) {
            List<DifferentialEvolutionAttack.Result> found = new ArrayList<>();
            for (int k = 0; k < c.replicates(); k++) {
                DifferentialEvolutionAttack.Result r = AttackRecord.read(RunFolder.at(attackRows.get(i++).result().getParent()));
                found.add(r);
                int episodes = c.evalEpisodes() / c.replicates() + (k < c.evalEpisodes() % c.replicates() ? 1 : 0);
                evalRuns.add(RunSpec.of(root, "evaluations/" + slug(s.method()) + "-s" + k, RobustnessRuns.EVALUATION,
                        new RobustnessRuns.Evaluation(task.name(), s.policy(), c.eps(), r.delta(), episodes, c.evalEnvs(),
                                c.seed() + 1000 + k)));
            }
            attacks.put(s.method(), found);
        }
        List<RunResult> evalRows = Sweep.requireAllOk(executor.execute(evalRuns), "evaluations");
        List<RobustnessEvaluation.Row> pooled = new ArrayList<>();
        List<RobustnessEvaluation.Row> perReplicate = new ArrayList<>();
        i = 0;
        for (Subject s : c.subjects()) {
            List<Map<ConditionKind, List<Episode>>> reps = new ArrayList<>();
            for (int k = 0; k < c.replicates(); k++) {
                reps.add(RobustnessRuns.readEpisodes(evalRows.get(i++).result()));
            }
            for (ConditionKind condition : RobustnessRuns.CONDITIONS) {
                List<Episode> all = new ArrayList<>();
                for (int k = 0; k < c.replicates(); k++) {
                    List<Episode> eps = reps.get(k).get(condition);
                    perReplicate.add(row(s, condition.label(), Evaluation.summarize(task.name(), eps), k));
                    all.addAll(eps);
                }
                pooled.add(row(s, condition.label(), Evaluation.summarize(task.name(), all), c.seed()));
            }
        }
        out.writeTable(RobustnessEvaluation.table("robustness", pooled), "robustness.csv");
        out.writeTable(RobustnessEvaluation.table("robustness per replicate", perReplicate), "robustness-replicates.csv");
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("study", c);
        cfg.put("attack_runs", attackRuns.stream().map(r -> r.name() + " " + r.id()).toList());
        cfg.put("evaluation_runs", evalRuns.stream().map(r -> r.name() + " " + r.id()).toList());
        out.writeConfig(cfg);
        return new Result(c, pooled, perReplicate, attacks);
    }

    private static RobustnessEvaluation.Row row(Subject s, String condition, Evaluation.Result r, long seed) {
        return new RobustnessEvaluation.Row(r.env(), s.trainingData(), s.method(), condition, r.count(), r.meanReturn(),
                r.stdReturn(), r.normalizedScore(), r.meanLength(), seed);
    }

    private static String slug(String method) {
        return method.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "");
    }
}
