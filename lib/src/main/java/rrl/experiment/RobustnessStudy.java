package rrl.experiment;

import rrl.eval.RobustnessEvaluation;
import rrl.report.RobustnessTable;
import rrl.rollout.Evaluation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import rrl.policy.ActorPolicy;
import rrl.attack.AttackConfig;
import rrl.attack.AttackRecord;
import rrl.attack.DifferentialEvolutionAttack;
import rrl.attack.PerturbationCondition;
import rrl.attack.PerturbationEpsilon;
import rrl.policy.ShippedPolicies;
import rrl.env.Environments;
import rrl.env.Task;
import rrl.results.RunFolder;
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
    }

    /** Pooled Table 1 rows, per-replicate rows (seed = replicate), and the attacks per method. */
    public record Result(Config config, List<RobustnessEvaluation.Row> pooled, List<RobustnessEvaluation.Row> replicates,
                         Map<String, List<DifferentialEvolutionAttack.Result>> attacks) {}

    private RobustnessStudy() {}

    /**
     * Runs the study; attacks checkpoint into {@code out/attacks/<method>-s<k>/} (a rerun resumes them) and the
     * tables go to {@code out/robustness.csv} and {@code out/robustness-replicates.csv}.
     */
    public static Result run(Config c, RunFolder out, boolean showProgress) {
        Task task = Environments.task(c.env());
        List<RobustnessEvaluation.Row> pooled = new ArrayList<>();
        List<RobustnessEvaluation.Row> perReplicate = new ArrayList<>();
        Map<String, List<DifferentialEvolutionAttack.Result>> attacks = new LinkedHashMap<>();
        for (Subject s : c.subjects()) {
            ActorPolicy policy = rrl.experiment.PolicyRef.parse(s.policy()).load(task);
            List<DifferentialEvolutionAttack.Result> found = new ArrayList<>();
            for (int k = 0; k < c.replicates(); k++) {
                AttackConfig ac = c.attack().withEps(c.eps()).withSeed(c.seed() + k);
                RunFolder folder = RunFolder.at(out.dir().resolve("attacks").resolve(slug(s.method()) + "-s" + k));
                if (showProgress) {
                    System.out.println(s.method() + ": attack " + (k + 1) + " of " + c.replicates());
                }
                DifferentialEvolutionAttack.Result r = DifferentialEvolutionAttack.run(policy, ac,
                        folder.file("attack.ckpt"), showProgress);
                AttackRecord.write(folder, r, Map.of("policy", s.policy(), "method", s.method()));
                found.add(r);
            }
            attacks.put(s.method(), found);
            for (String condition : RobustnessTable.CONDITIONS) {
                List<Episode> all = new ArrayList<>();
                for (int k = 0; k < c.replicates(); k++) {
                    PerturbationCondition pc = switch (condition) {
                        case "normal" -> PerturbationCondition.normal();
                        case "random" -> PerturbationCondition.random(c.eps());
                        default -> PerturbationCondition.adversarial(found.get(k).delta());
                    };
                    int episodes = c.evalEpisodes() / c.replicates() + (k < c.evalEpisodes() % c.replicates() ? 1 : 0);
                    Evaluation.Result r = RobustnessEvaluation.run(policy, task, pc, episodes, c.evalEnvs(),
                            c.seed() + 1000 + k, false);
                    perReplicate.add(row(s, condition, r, k));
                    all.addAll(r.episodes());
                }
                pooled.add(row(s, condition, Evaluation.summarize(task.name(), all), c.seed()));
                if (showProgress) {
                    System.out.printf(Locale.ROOT, "%s %s: %.0f +- %.0f%n", s.method(), condition,
                            pooled.get(pooled.size() - 1).meanReturn(), pooled.get(pooled.size() - 1).stdReturn());
                }
            }
        }
        out.writeTable(RobustnessTable.of("robustness", pooled), "robustness.csv");
        out.writeTable(RobustnessTable.of("robustness per replicate", perReplicate), "robustness-replicates.csv");
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("study", c);
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
