package rrl.experiment;

import rrl.eval.RobustnessEvaluation;
import rrl.rollout.Evaluation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
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
 * Paper 2's first experiment on one environment: for each method, each of its independently trained policies
 * (training seeds) is attacked by DE with several seeds ("replicates"), then evaluated under normal, random and
 * adversarial perturbations (Algorithms 1 and 2). The adversarial delta is the policy's own worst case: the one DE
 * found against that policy itself. Episodes are pooled into Table 1's cells per method, and kept per trained
 * policy (the unit of the claims' verdicts) and per replicate. Replicate k uses attack seed {@code seed + k},
 * evaluates the delta that attack found, and evaluates all three conditions from evaluation seed
 * {@code seed + 1000 + k} (the same initial states for every condition and policy). Replicates vary the attack and
 * the evaluation, not the training: only a method's several policies show the spread between training seeds.
 */
public final class RobustnessStudy {
    /**
     * A method under test and its policies, each an independently trained policy (a training seed) of that method:
     * the unit over which claims 1 and 2 are tested ({@code rrl.report.RobustnessClaims}). {@code trainingData} is
     * "online" for online RL, else the dataset (e.g. "expert").
     *
     * @param method the method's label, e.g. "TD3+BC"; distinct methods need distinct folder names (the label's
     *               lower-case letters and digits, "td3bc")
     * @param trainingData "online", or the offline dataset
     * @param policies at least one policy reference (a policy.ckpt, a DL4J .zip or shipped:NAME), no repeats: policy
     *                 t of the list is the method's t-th training seed
     * @param seeds the training seed of each policy, when known (a plan that trains them,
     *              {@link RobustnessTablesStudy}): then run folders and labels name the seed, not the position, so a
     *              study keeps its folders when seeds are added or dropped; null otherwise
     */
    public record Subject(String method, String trainingData, List<String> policies, List<Long> seeds) {
        public Subject {
            if (method == null || method.isBlank() || trainingData == null || trainingData.isBlank()) {
                throw new IllegalArgumentException("a subject needs a method and a training-data label, got '" + method
                        + "' and '" + trainingData + "'; e.g. TD3+BC|expert|shipped:td3bc-expert");
            }
            if (policies == null || policies.isEmpty() || policies.stream().anyMatch(p -> p == null || p.isBlank())) {
                throw new IllegalArgumentException(method + " needs at least one policy and no empty ones, got " + policies
                        + "; e.g. TD3+BC|expert|shipped:td3bc-expert,shipped:td3bc-expert-s1");
            }
            policies = List.copyOf(policies);
            if (new HashSet<>(policies).size() != policies.size()) {
                throw new IllegalArgumentException(method + " lists a policy twice (" + policies + "); each policy of a "
                        + "method must be an independently trained one, so list each once");
            }
            if (seeds != null && (seeds.size() != policies.size() || new HashSet<>(seeds).size() != seeds.size())) {
                throw new IllegalArgumentException(method + " needs one distinct training seed per policy, got " + seeds
                        + " for " + policies.size() + " policies");
            }
            seeds = seeds == null ? null : List.copyOf(seeds);
        }

        /** A method's policies, their training seeds unknown (their order: t = 0, 1, ...). */
        public Subject(String method, String trainingData, List<String> policies) {
            this(method, trainingData, policies, null);
        }

        /** A method with one policy (one training seed), as before methods could have several. */
        public Subject(String method, String trainingData, String policy) {
            this(method, trainingData, policy == null ? null : java.util.Arrays.asList(policy));
        }

        public boolean offline() {
            return !"online".equals(trainingData);
        }

        /** Independently trained policies of the method (its training seeds). */
        public int trainingSeeds() {
            return policies.size();
        }

        /**
         * The label of policy {@code t}: the method alone when it has one policy (so one-policy studies read as
         * before), else "METHOD t&lt;t&gt;", e.g. "TD3+BC t1".
         */
        public String policyLabel(int t) {
            Objects.checkIndex(t, policies.size());
            return seeds != null ? method + " t" + seeds.get(t) : policies.size() == 1 ? method : method + " t" + t;
        }

        /**
         * The folder of policy {@code t}'s replicate {@code k} under {@code attacks/} and {@code evaluations/}:
         * {@code <slug>-s<k>} for a one-policy method (the folders of studies run before methods could have
         * several policies, so they resume), else {@code <slug>-t<t>-s<k>}; with {@link #seeds}, always
         * {@code <slug>-t<seed>-s<k>}.
         */
        public String runName(int t, int k) {
            Objects.checkIndex(t, policies.size());
            if (seeds != null) {
                return slug(method) + "-t" + seeds.get(t) + "-s" + k;
            }
            return slug(method) + (policies.size() == 1 ? "" : "-t" + t) + "-s" + k;
        }

        /**
         * Parses "METHOD|DATA|POLICY[,POLICY...];..." where a comma separates a method's independently trained
         * policies, e.g. "TD3+BC|expert|shipped:td3bc-expert,shipped:td3bc-expert-s1;SAC|online|shipped:expert".
         */
        public static List<Subject> parseList(String spec) {
            List<Subject> out = new ArrayList<>();
            for (String item : spec.split(";")) {
                if (item.isBlank()) {
                    continue;
                }
                String[] f = item.split("\\|");
                if (f.length != 3) {
                    throw new IllegalArgumentException("policy entry '" + item + "' must be METHOD|DATA|POLICY[,POLICY...], "
                            + "e.g. TD3+BC|expert|shipped:td3bc-expert,shipped:td3bc-expert-s1 (DATA is 'online' for online RL)");
                }
                List<String> policies = java.util.Arrays.stream(f[2].split(",", -1)).map(String::strip).toList();
                out.add(new Subject(f[0].strip(), f[1].strip(), policies));
            }
            if (out.isEmpty()) {
                throw new IllegalArgumentException("no policies given; e.g. TD3+BC|expert|shipped:td3bc-expert;SAC|online|shipped:expert");
            }
            java.util.Map<String, String> owner = new java.util.HashMap<>();
            java.util.Set<String> methods = new java.util.HashSet<>();
            for (Subject s : out) {
                if (!methods.add(s.method())) {
                    throw new IllegalArgumentException("method '" + s.method() + "' is listed twice; give all its trained "
                            + "policies in one entry, comma-separated");
                }
                for (String p : s.policies()) {
                    String was = owner.putIfAbsent(p, s.method());
                    if (was != null && !was.equals(s.method())) {
                        throw new IllegalArgumentException("policy " + p + " is listed for both " + was + " and " + s.method()
                                + "; each trained policy belongs to one method");
                    }
                }
            }
            return out;
        }
    }

    /**
     * Settings.
     *
     * @param eps perturbation bound (paper 2: 0.3 Hopper/HalfCheetah, 0.5 Ant)
     * @param evalEpisodes episodes per condition and trained policy, split over replicates (paper 2: 1000)
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

        /** Evaluation episodes of replicate {@code k} for each trained policy and condition. */
        public int episodes(int k) {
            return evalEpisodes / replicates + (k < evalEpisodes % replicates ? 1 : 0);
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

    /**
     * A Table 1 cell of one trained policy: computed from that policy's episodes alone.
     *
     * @param policyIndex t: the policy's place in its method's {@link Subject#policies()} (0 for a one-policy
     *                    method), i.e. which independently trained policy (training seed) of the method
     * @param policy the policy reference, e.g. "shipped:td3bc-expert-s1"
     * @param row the cell; {@code row.seed()} is the replicate index k in {@link Result#replicates()} and the
     *            study's base seed in {@link Result#perPolicy()} (as in the pooled rows)
     */
    public record PolicyRow(int policyIndex, String policy, RobustnessEvaluation.Row row) {
        public String method() {
            return row.method();
        }

        public String condition() {
            return row.condition();
        }
    }

    /**
     * A study's numbers.
     *
     * @param config the settings
     * @param pooled Table 1's cells: one row per method and condition over all episodes of all its policies and
     *               replicates (seed = the study's base seed)
     * @param perPolicy one row per method, trained policy and condition over all its replicates' episodes: the
     *                  unit of the claims' verdicts
     * @param replicates one row per method, trained policy, condition and replicate (row seed = replicate index k)
     * @param attacks the attack per replicate, keyed by {@link Subject#policyLabel(int)} (the method alone for a
     *                one-policy method), in study order
     */
    public record Result(Config config, List<RobustnessEvaluation.Row> pooled, List<PolicyRow> perPolicy,
                         List<PolicyRow> replicates, Map<String, List<DifferentialEvolutionAttack.Result>> attacks) {
        public Result {
            pooled = List.copyOf(pooled);
            perPolicy = List.copyOf(perPolicy);
            replicates = List.copyOf(replicates);
            attacks = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(attacks));
        }

        /** The subject of {@code method}. */
        public Subject subject(String method) {
            return config.subjects().stream().filter(s -> s.method().equals(method)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("the study has no method '" + method + "'; it has "
                            + config.subjects().stream().map(Subject::method).toList()));
        }

        /**
         * Mean return of each trained policy of {@code method} under {@code condition} (normal, random or
         * adversarial), over all its replicates' episodes, in policy order: one value per training seed.
         */
        public double[] policyMeans(String method, String condition) {
            Subject s = subject(method);
            double[] out = new double[s.trainingSeeds()];
            for (int t = 0; t < out.length; t++) {
                int policy = t;
                out[t] = perPolicy.stream().filter(p -> p.method().equals(method) && p.policyIndex() == policy
                                && p.condition().equals(condition)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("no " + condition + " row for policy " + policy
                                + " of " + method + "; load the study again or rerun it"))
                        .row().meanReturn();
            }
            return out;
        }

        /** {@code RobustnessStudy.Result(Hopper, 3 methods (4 trained policies) x 2 replicates, ...; TD3+BC (2 policies) 3283 / 2083 / 501; ...)}. */
        @Override
        public String toString() {
            int policies = config.subjects().stream().mapToInt(Subject::trainingSeeds).sum();
            StringBuilder s = new StringBuilder("RobustnessStudy.Result(" + config.env() + ", " + config.subjects().size()
                    + " methods (" + policies + " trained policies) x " + rrl.io.Messages.count(config.replicates(), "replicate")
                    + ", " + rrl.io.Messages.count(config.evalEpisodes(), "episode") + " per condition and policy; mean return normal / random / "
                    + "adversarial (own worst case):");
            for (Subject sub : config.subjects()) {
                s.append(' ').append(sub.method());
                if (sub.trainingSeeds() > 1) {
                    s.append(" (").append(sub.trainingSeeds()).append(" policies)");
                }
                s.append(' ');
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

    /**
     * The study's work per run kind, in the order {@link #run} runs them, for {@link FineTuningCostEstimate}'s unit
     * costs: the DE attacks (one per trained policy and replicate; NP x M episodes in each of its generations + 1) and
     * the evaluations (per trained policy and replicate, its share of the episodes under each of the three
     * conditions). Every episode is counted at the task's full length, so an upper bound where episodes end early.
     * The unit costs time a TD3 actor: a policy that costs more per action (BCQ's, which decodes and scores sampled
     * actions) costs more than this says.
     */
    public static List<FineTuningCostEstimate.Work> work(Config c) {
        int episode = Environments.task(c.env()).maxEpisodeSteps();
        AttackConfig a = c.attack();
        long perAttack = (long) (a.generations() + 1) * a.populationSize() * a.episodesPerIndividual() * episode;
        int policies = c.subjects().stream().mapToInt(Subject::trainingSeeds).sum();
        int runs = runNames(c).size();
        long evaluated = 0; // every policy's episodes, summed over its replicates: evalEpisodes per condition
        for (int k = 0; k < c.replicates(); k++) {
            evaluated += (long) policies * c.episodes(k);
        }
        return List.of(new FineTuningCostEstimate.Work(RobustnessRuns.ATTACK.name(), runs, 0, 0, runs * perAttack),
                new FineTuningCostEstimate.Work(RobustnessRuns.EVALUATION.name(), runs, 0, 0,
                        evaluated * RobustnessRuns.CONDITIONS.size() * episode));
    }

    /**
     * The name of every run of the study, per trained policy and replicate in the order {@link #run} makes them
     * ({@link Subject#runName}): the folder under {@code attacks/} and under {@code evaluations/}.
     */
    public static List<String> runNames(Config c) {
        List<String> out = new ArrayList<>();
        for (Subject s : c.subjects()) {
            for (int t = 0; t < s.trainingSeeds(); t++) {
                for (int k = 0; k < c.replicates(); k++) {
                    out.add(s.runName(t, k));
                }
            }
        }
        return out;
    }

    /** Runs the study on one slot with {@code resources}' threads (its root is not used: {@code out} says where). */
    public static Result run(Config c, RunFolder out, Resources resources, boolean showProgress) {
        return run(c, out, new LocalExecutor(RunKinds.standard(), 1, resources.threads(), showProgress), showProgress);
    }

    /**
     * Runs the study as two sweeps through {@code executor}: the attacks ({@code out/attacks/<name>/}, each a run
     * with its id and provenance, checkpointed every generation), then one evaluation run per trained policy and
     * replicate ({@code out/evaluations/<name>/episodes.csv}) with the delta its attack found, where
     * {@code <name>} is {@link Subject#runName}: {@code <method>-s<k>} for a one-policy method,
     * {@code <method>-t<t>-s<k>} for policy t of several. A rerun hands finished runs back and resumes the others.
     * The tables go to {@code out/robustness.csv} (per method), {@code out/robustness-policies.csv} (per trained
     * policy) and {@code out/robustness-replicates.csv} (per policy and replicate); {@link #load} reads them back.
     */
    public static Result run(Config c, RunFolder out, Executor executor, boolean showProgress) {
        Path root = out.dir();
        List<RunSpec> attackRuns = attackRuns(c, root, Map.of());
        List<RunResult> attackRows = Sweep.requireAllOk(executor.execute(attackRuns), "attacks");
        Task task = Environments.task(c.env());
        List<RunSpec> evalRuns = new ArrayList<>();
        int i = 0;
        for (Subject s : c.subjects()) {
            for (int t = 0; t < s.trainingSeeds(); t++) {
                for (int k = 0; k < c.replicates(); k++) {
                    double[] delta = AttackRecord.read(RunFolder.at(attackRows.get(i++).result().getParent())).delta();
                    evalRuns.add(RunSpec.of(root, "evaluations/" + s.runName(t, k), RobustnessRuns.EVALUATION,
                            new RobustnessRuns.Evaluation(task.name(), s.policies().get(t), c.eps(), delta,
                                    c.episodes(k), c.evalEnvs(), c.seed() + 1000 + k)));
                }
            }
        }
        List<RunResult> evalRows = Sweep.requireAllOk(executor.execute(evalRuns), "evaluations");
        return summarize(c, out, attackRuns, attackRows, evalRuns, evalRows);
    }

    /**
     * The study's attack runs, per trained policy and replicate ({@code attacks/<name>/} under {@code root}, see
     * {@link Subject#runName}). A policy in {@code trainedBy} is one a plan trains before its attacks
     * ({@link RobustnessTablesStudy}): its reference is a path relative to {@code root} and the run is pinned by the id
     * of the run that trains it (a retrained policy is another attack); every other policy must exist now and is pinned
     * by its content.
     *
     * @throws IllegalArgumentException when two methods give the same folder name
     */
    public static List<RunSpec> attackRuns(Config c, Path root, Map<String, String> trainedBy) {
        Set<String> slugs = new HashSet<>();
        for (Subject s : c.subjects()) {
            if (!slugs.add(slug(s.method()))) {
                throw new IllegalArgumentException("two methods give the same folder name '" + slug(s.method())
                        + "'; give them distinct method labels (a method's training seeds go in one entry, comma-separated)");
            }
        }
        List<RunSpec> attackRuns = new ArrayList<>();
        for (Subject s : c.subjects()) {
            for (int t = 0; t < s.trainingSeeds(); t++) {
                for (int k = 0; k < c.replicates(); k++) {
                    AttackConfig a = c.attack().withEps(c.eps()).withSeed(c.seed() + k);
                    String policy = s.policies().get(t);
                    String by = trainedBy.get(policy);
                    attackRuns.add(RunSpec.of(root, "attacks/" + s.runName(t, k), RobustnessRuns.ATTACK, by == null
                            ? RobustnessRuns.Attack.of(policy, a) : new RobustnessRuns.Attack(policy, null, a, by)));
                }
            }
        }
        return attackRuns;
    }

    /**
     * The study's evaluation runs ({@code evaluations/<name>/} under {@code root}), each reading the delta of its attack
     * run in {@code attacks/<name>/} when it runs, so they can be listed before the attacks finish; {@code trainedBy} as
     * for {@link #attackRuns}.
     */
    public static List<RunSpec> evaluationRuns(Config c, Path root, Map<String, String> trainedBy) {
        String env = Environments.task(c.env()).name();
        List<RunSpec> out = new ArrayList<>();
        for (Subject s : c.subjects()) {
            for (int t = 0; t < s.trainingSeeds(); t++) {
                for (int k = 0; k < c.replicates(); k++) {
                    out.add(RunSpec.of(root, "evaluations/" + s.runName(t, k), RobustnessRuns.EVALUATION,
                            new RobustnessRuns.Evaluation(env, s.policies().get(t), c.eps(), null, c.episodes(k),
                                    c.evalEnvs(), c.seed() + 1000 + k, "attacks/" + s.runName(t, k),
                                    trainedBy.get(s.policies().get(t)))));
                }
            }
        }
        return out;
    }

    /**
     * The study's tables from its finished attack and evaluation runs (rows in {@link #attackRuns} order), written to
     * {@code out} as {@link #run(Config, RunFolder, Executor, boolean)} describes.
     */
    static Result summarize(Config c, RunFolder out, List<RunSpec> attackRuns, List<RunResult> attackRows,
                            List<RunSpec> evalRuns, List<RunResult> evalRows) {
        Task task = Environments.task(c.env());
        Map<String, List<DifferentialEvolutionAttack.Result>> attacks = new LinkedHashMap<>();
        int i = 0;
        for (Subject s : c.subjects()) {
            for (int t = 0; t < s.trainingSeeds(); t++) {
                List<DifferentialEvolutionAttack.Result> found = new ArrayList<>();
                for (int k = 0; k < c.replicates(); k++) {
                    found.add(AttackRecord.read(RunFolder.at(attackRows.get(i++).result().getParent())));
                }
                attacks.put(s.policyLabel(t), found);
            }
        }
        List<RobustnessEvaluation.Row> pooled = new ArrayList<>();
        List<PolicyRow> perPolicy = new ArrayList<>();
        List<PolicyRow> perReplicate = new ArrayList<>();
        i = 0;
        for (Subject s : c.subjects()) {
            Map<ConditionKind, List<Episode>> methodEpisodes = new java.util.EnumMap<>(ConditionKind.class);
            for (int t = 0; t < s.trainingSeeds(); t++) {
                List<Map<ConditionKind, List<Episode>>> reps = new ArrayList<>();
                for (int k = 0; k < c.replicates(); k++) {
                    reps.add(RobustnessRuns.readEpisodes(evalRows.get(i++).result()));
                }
                String policy = s.policies().get(t);
                for (ConditionKind condition : RobustnessRuns.CONDITIONS) {
                    List<Episode> all = new ArrayList<>();
                    for (int k = 0; k < c.replicates(); k++) {
                        List<Episode> eps = reps.get(k).get(condition);
                        perReplicate.add(new PolicyRow(t, policy, row(s, condition.label(), Evaluation.summarize(task.name(), eps), k)));
                        all.addAll(eps);
                    }
                    perPolicy.add(new PolicyRow(t, policy, row(s, condition.label(), Evaluation.summarize(task.name(), all), c.seed())));
                    methodEpisodes.computeIfAbsent(condition, x -> new ArrayList<>()).addAll(all);
                }
            }
            for (ConditionKind condition : RobustnessRuns.CONDITIONS) {
                pooled.add(row(s, condition.label(), Evaluation.summarize(task.name(), methodEpisodes.get(condition)), c.seed()));
            }
        }
        Result result = new Result(c, pooled, perPolicy, perReplicate, attacks);
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("study", c);
        cfg.put("attack_runs", attackRuns.stream().map(r -> r.name() + " " + r.id()).toList());
        cfg.put("evaluation_runs", evalRuns.stream().map(r -> r.name() + " " + r.id()).toList());
        RobustnessStudyFiles.write(out, result, cfg);
        return result;
    }

    /**
     * Reads a finished study back from its folder without running anything: the settings from {@code config.json}
     * ("study"), the rows from {@code robustness.csv}, {@code robustness-policies.csv} and
     * {@code robustness-replicates.csv}, and each attack from its folder ({@code attacks/<name>/}, see
     * {@link AttackRecord#read}). Folders written before methods could have several policies load too.
     *
     * @throws IllegalArgumentException in one line naming the folder when it is not a finished robustness study
     */
    public static Result load(Path dir) {
        return RobustnessStudyFiles.load(dir);
    }

    /**
     * Per-policy rows as a table, the layout of {@code robustness-policies.csv} and {@code robustness-replicates.csv}:
     * robustness.csv's columns with policy_index (t, which trained policy of the method) and policy after the method.
     */
    public static tech.tablesaw.api.Table policyTable(String title, List<PolicyRow> rows) {
        return RobustnessStudyFiles.table(title, rows);
    }

    private static RobustnessEvaluation.Row row(Subject s, String condition, Evaluation.Result r, long seed) {
        return new RobustnessEvaluation.Row(r.env(), s.trainingData(), s.method(), condition, r.count(), r.meanReturn(),
                r.stdReturn(), r.normalizedScore(), r.meanLength(), seed);
    }

    /** The folder-name form of a method label: lower case, letters and digits only ("TD3+BC" -> "td3bc"). */
    static String slug(String method) {
        return method.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "");
    }
}
