package rrl.experiment;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import rrl.algo.Algorithm;
import rrl.algo.ObservationScaling;
import rrl.attack.AttackConfig;
import rrl.data.TrainingData;
import rrl.env.Environments;
import rrl.io.JsonFields;
import rrl.io.StrictJson;
import rrl.results.Resources;
import rrl.results.RunFolder;

/**
 * Paper 2's Tables 1-3 on one environment as one plan, from nothing but the shipped behaviour policies to the
 * robustness study: what {@code rrl sweep run|slurm PLAN} runs when the plan says {@code "study": "robustness"}.
 * Its phases, each a sweep through an {@link Executor}:
 * <ol>
 *   <li>{@code expert-attack} (only when adversarially-perturbed data is asked for): paper 2's DE against the
 *       shipped SAC expert with bound {@code perturbationEps} and the study's seed, whose delta perturbs that data
 *       ({@code expert-attack/});</li>
 *   <li>{@code data}: per training-data kind and seed, {@code datasetSize} transitions ({@link RobustnessTablesRuns}:
 *       {@code data-<kind>-s<seed>/data.hdf5}; the expert data of seed K is {@code rrl datasets collect --policy
 *       shipped:expert --seed K}'s, the data of the fine-tuning setup of seed K);</li>
 *   <li>{@code policies}: each offline method on each of its data kinds and each online method, per seed, as
 *       {@code rrl train} trains it ({@code <method>-<kind>-s<seed>/policy.ckpt}, {@code <method>-s<seed>/}); an
 *       online line may instead name a policy (the SAC expert, {@code shipped:expert}), which is not trained;</li>
 *   <li>{@code attacks} and {@code evaluations}: the {@link RobustnessStudy} over every policy, in
 *       {@code robustness/} (a robustness study folder: {@code rrl report --study DIR} reads it, with Table 1 and,
 *       with several data kinds, Tables 2-3 and claims 3-4).</li>
 * </ol>
 * A method on expert data is labelled by its name ("TD3+BC"), on other data by its name and the data ("TD3+BC
 * medium"), as the robustness study's claims 3-4 read them. Every run is resumable and handed back when finished;
 * the numbers do not depend on the executor or on {@code --parallel}.
 */
public final class RobustnessTablesStudy {
    /** The value of the plan's "study" field that marks it. */
    public static final String STUDY = "robustness";

    /** The folder of the robustness study inside the plan's folder. */
    public static final String ROBUSTNESS = "robustness";

    /** Paper 2's offline methods (arXiv 2412.18781, Tables 1-3), in its tables' order. */
    public static final List<Algorithm> OFFLINE_METHODS = List.of(Algorithm.TD3_BC, Algorithm.BCQ, Algorithm.IQL);

    /** Paper 2's online methods (arXiv 2412.18781, Table 1), in its table's order. */
    public static final List<Algorithm> ONLINE_METHODS = List.of(Algorithm.TD3, Algorithm.SAC, Algorithm.PPO);

    private RobustnessTablesStudy() {}

    /** The algorithm {@code method} names, one of paper 2's {@code side} methods {@code allowed}; else one line naming them. */
    private static Algorithm paper2Method(String method, String side, List<Algorithm> allowed, String what) {
        Algorithm a;
        try {
            a = Algorithm.parse(method);
        } catch (IllegalArgumentException e) {
            a = null;
        }
        if (a == null || !allowed.contains(a)) { // List.of refuses contains(null)
            List<String> names = allowed.stream().map(Algorithm::label).toList();
            throw new IllegalArgumentException(what + ": \"" + side + "\" method " + method + " is not one of paper 2's "
                    + side + " methods: " + String.join(", ", names.subList(0, names.size() - 1)) + " or "
                    + names.get(names.size() - 1));
        }
        return a;
    }

    /**
     * An offline method trained on each of {@code data} (expert, medium, medium-expert, randomly-perturbed,
     * adversarially-perturbed) for {@code steps} gradient updates.
     *
     * @param observationScaling {@code rrl train}'s {@code --observation-scaling} (none, states, states-and-next), or
     *     null for the algorithm's own
     */
    public record Offline(String method, long steps, String observationScaling, List<String> data) {
        Algorithm algorithm(String what) {
            return paper2Method(method, "offline", OFFLINE_METHODS, what);
        }

        List<TrainingData> kinds(String what) {
            if (data == null || data.isEmpty()) {
                throw new IllegalArgumentException(what + ": offline method " + method + " needs \"data\", e.g. [\"expert\", "
                        + "\"medium\", \"medium-expert\", \"randomly-perturbed\", \"adversarially-perturbed\"]");
            }
            List<TrainingData> out = new ArrayList<>();
            for (String d : data) {
                TrainingData k = TrainingData.of(d).orElseThrow(() -> new IllegalArgumentException(what + ": unknown "
                        + "training data '" + d + "' for " + method + "; use expert, medium, medium-expert, "
                        + "randomly-perturbed or adversarially-perturbed"));
                if (out.contains(k)) {
                    throw new IllegalArgumentException(what + ": " + method + " lists \"" + d + "\" twice");
                }
                out.add(k);
            }
            return out;
        }

        ObservationScaling scaling() {
            return observationScaling == null ? null : ObservationScaling.parse(observationScaling);
        }
    }

    /**
     * An online method trained for {@code steps} environment steps per seed, or, with {@code policy}, that one
     * policy (e.g. the SAC expert, {@code shipped:expert}; a path is the working directory's) evaluated as it is.
     */
    public record Online(String method, long steps, String policy) {
        Algorithm algorithm(String what) {
            return paper2Method(method, "online", ONLINE_METHODS, what);
        }
    }

    /**
     * The plan; fields absent from the JSON (or null) take these defaults: paper 2's where it states one (arXiv
     * 2412.18781 §4.1), else the reference's named here.
     *
     * @param study "robustness", which marks the plan
     * @param env Hopper, HalfCheetah, Walker2d or Ant
     * @param seeds training seeds: each trains its own data and policies, the unit of claims 1-4 (5: claims need at
     *     least 5 per side)
     * @param datasetSize transitions per data set (1,000,000: D4RL's size, which paper 2 trains on; medium-expert has
     *     twice as many)
     * @param perturbationEps the bound of the perturbed data's delta (0.3: paper 2 §4.4, Ant included)
     * @param offline offline methods and their data, each entry's "steps" required in the JSON when the entry is given
     *     (default: TD3+BC, BCQ, IQL on all five kinds; paper 2's 3M updates for BCQ and IQL and 2M for TD3+BC, its
     *     medium budget, where its expert runs go up to 5M)
     * @param online online methods (default: TD3 and PPO 1,000,000 steps, their papers' MuJoCo budgets, paper 2
     *     stating none; SAC: the shipped expert, as paper 2 evaluates the behaviour policy)
     * @param episodes evaluation episodes per condition and trained policy, split over replicates (paper 2: 1000)
     * @param replicates attack and evaluation seeds per trained policy (3, ours: paper 2 reports one attack per policy)
     * @param generations DE generations after the initial population (paper 2: 30)
     * @param populationSize DE population, 0 for paper 2's 15 x actuators
     * @param attackEpisodes DE episodes per individual and generation, 0 for {@link AttackConfig#defaultEpisodes}'
     *     ceil(100 / population)
     * @param seed the attacks' and evaluations' base seed (0)
     * @param out the study folder; a relative path resolves against the caller's results root
     */
    public record Plan(String study, String env, List<Long> seeds, int datasetSize, double perturbationEps,
                       List<Offline> offline, List<Online> online, int episodes, int replicates, int generations,
                       int populationSize, int attackEpisodes, long seed, String out) {
        private static final Gson GSON = new Gson();

        /** Paper 2's Tables 1-3 on {@code env} at the references' budgets. */
        public static Plan defaults(String env) {
            String e = Environments.task(env).name();
            List<String> all = java.util.Arrays.stream(TrainingData.values()).map(TrainingData::label).toList();
            return new Plan(STUDY, e, List.of(0L, 1L, 2L, 3L, 4L), 1_000_000, 0.3,
                    List.of(new Offline("TD3+BC", 2_000_000, null, all), new Offline("BCQ", 3_000_000, null, all),
                            new Offline("IQL", 3_000_000, null, all)),
                    List.of(new Online("TD3", 1_000_000, null), new Online("SAC", 0, "shipped:expert"),
                            new Online("PPO", 1_000_000, null)),
                    1000, 3, 30, 0, 0, 0, "runs/robustness-" + e.toLowerCase(Locale.ROOT));
        }

        /** Whether {@code json} is such a plan: an object whose "study" is "robustness". */
        public static boolean isPlan(String json) {
            return StudyKind.of(json) == StudyKind.ROBUSTNESS_TABLES;
        }

        /** The plan in {@code json}; one line naming the field and the fix for anything wrong. */
        public static Plan parse(String json, String what) {
            Plan p = PlanJson.read(json, what, Plan.class, Plan::defaults, "\"study\": \"robustness\" and \"env\" "
                    + "(Hopper, HalfCheetah, Walker2d or Ant)", GSON);
            return p.checked(what);
        }

        /** The plan recorded in a study folder's plan.json. */
        static Plan read(Path file) {
            try {
                return parse(Files.readString(file), "robustness plan " + file);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read " + file + ": " + rrl.io.IoErrors.describe(e));
            }
        }

        /** This plan if every field is in range; else one line naming the field and the fix. */
        Plan checked(String what) {
            if (!STUDY.equals(study)) {
                throw new IllegalArgumentException(what + ": \"study\" must be \"robustness\" (paper 2's tables), got " + study);
            }
            if (seeds == null || seeds.isEmpty() || seeds.stream().anyMatch(s -> s == null || s < 0)
                    || new HashSet<>(seeds).size() != seeds.size()) {
                throw new IllegalArgumentException(what + ": \"seeds\" must be distinct integers >= 0, at least one, got " + seeds);
            }
            if (datasetSize < 1) {
                throw new IllegalArgumentException(what + ": \"datasetSize\" must be >= 1 transition, got " + datasetSize);
            }
            if (!(perturbationEps > 0 && perturbationEps <= 1)) {
                throw new IllegalArgumentException(what + ": \"perturbationEps\" must be in (0, 1], got " + perturbationEps
                        + " (paper 2: 0.3)");
            }
            if (replicates < 1 || episodes < replicates) {
                throw new IllegalArgumentException(what + ": need \"replicates\" >= 1 and \"episodes\" >= \"replicates\", got "
                        + replicates + " and " + episodes);
            }
            if (generations < 0 || populationSize < 0 || (populationSize > 0 && populationSize < 4)) {
                throw new IllegalArgumentException(what + ": \"generations\" must be >= 0 and \"populationSize\" 0 (paper 2's "
                        + "15 x actuators) or >= 4 (DE's rand/1 draws 3 others), got " + generations + " and " + populationSize);
            }
            if (attackEpisodes < 0) {
                throw new IllegalArgumentException(what + ": \"attackEpisodes\" must be >= 1, or 0 for ceil(100 / population), "
                        + "got " + attackEpisodes);
            }
            if (seed < 0) {
                throw new IllegalArgumentException(what + ": \"seed\" must be >= 0, got " + seed);
            }
            if (out == null || out.isBlank()) {
                throw new IllegalArgumentException(what + ": \"out\" must name the study folder");
            }
            Set<Algorithm> methods = EnumSet.noneOf(Algorithm.class);
            for (Offline o : offline == null ? List.<Offline>of() : offline) {
                if (o == null || o.method() == null) {
                    throw new IllegalArgumentException(what + ": every \"offline\" entry needs a \"method\" (TD3+BC, BCQ, IQL)");
                }
                Algorithm a = o.algorithm(what);
                if (!methods.add(a)) {
                    throw new IllegalArgumentException(what + ": \"offline\" lists " + a + " twice; give all its data in one entry");
                }
                if (o.steps() < 1) {
                    throw new IllegalArgumentException(what + ": offline " + a + " needs \"steps\", its gradient updates, "
                            + ">= 1" + (o.steps() == 0 ? " (none given)" : ", got " + o.steps()));
                }
                o.kinds(what);
                try {
                    rrl.train.OfflineTraining.learner(a, o.steps(), o.scaling());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(what + ": " + rrl.io.Messages.oneLine(e), e);
                }
            }
            for (Online o : online == null ? List.<Online>of() : online) {
                if (o == null || o.method() == null) {
                    throw new IllegalArgumentException(what + ": every \"online\" entry needs a \"method\" (TD3, SAC, PPO)");
                }
                Algorithm a = o.algorithm(what);
                if (!methods.add(a)) {
                    throw new IllegalArgumentException(what + ": \"online\" lists " + a + " twice");
                }
                if ((o.policy() == null) == (o.steps() < 1)) {
                    throw new IllegalArgumentException(what + ": online " + a + " needs either \"steps\" >= 1 (trained per "
                            + "seed) or a \"policy\" (evaluated as it is, e.g. shipped:expert), " + (o.policy() == null
                            ? "got neither" : "not both"));
                }
                if (a == Algorithm.PPO && o.policy() == null && o.steps() < rrl.algo.PpoConfig.defaults().rolloutSize()) {
                    throw new IllegalArgumentException(what + ": PPO trains after each rollout of "
                            + rrl.algo.PpoConfig.defaults().rolloutSize() + " steps; give \"steps\" >= that");
                }
            }
            if (methods.isEmpty()) {
                throw new IllegalArgumentException(what + ": give at least one \"offline\" or \"online\" method");
            }
            return this;
        }

        /** The study folder: {@code out}, resolved against {@code resources}' root if relative. */
        public Path outDir(Resources resources) {
            Path p = Path.of(out);
            return p.isAbsolute() ? p : resources.root().resolve(p);
        }

        public Plan withOut(String v) {
            return new Plan(study, env, seeds, datasetSize, perturbationEps, offline, online, episodes, replicates,
                    generations, populationSize, attackEpisodes, seed, v);
        }

        public Plan withSeeds(List<Long> v) {
            return new Plan(study, env, v, datasetSize, perturbationEps, offline, online, episodes, replicates,
                    generations, populationSize, attackEpisodes, seed, out).checked("plan");
        }

        /** The data kinds some offline method trains on, in {@link TrainingData}'s order. */
        public List<TrainingData> dataKinds() {
            Set<TrainingData> used = EnumSet.noneOf(TrainingData.class);
            for (Offline o : offline == null ? List.<Offline>of() : offline) {
                used.addAll(o.kinds("plan"));
            }
            return List.copyOf(used);
        }

        /** The DE attack's settings: paper 2's for the environment, with the plan's generations, population and episodes. */
        public AttackConfig attack() {
            AttackConfig a = AttackConfig.paper(env, seed).withGenerations(generations);
            if (populationSize > 0) {
                a = a.withPopulation(populationSize).withEpisodes(AttackConfig.defaultEpisodes(populationSize));
            }
            return attackEpisodes > 0 ? a.withEpisodes(attackEpisodes) : a;
        }

        /** "15 offline (method, data) pairs and 3 online methods x 5 seeds". */
        public String size() {
            int offlineRuns = 0;
            for (Offline o : offline == null ? List.<Offline>of() : offline) {
                offlineRuns += o.kinds("plan").size();
            }
            return offlineRuns + " offline (method, data) " + (offlineRuns == 1 ? "pair" : "pairs") + " and "
                    + rrl.io.Messages.count(online == null ? 0 : online.size(), "online method") + " x "
                    + rrl.io.Messages.count(seeds.size(), "seed");
        }
    }

    /** The phases' names for {@code plan}: expert-attack (when adversarially-perturbed data is asked for) and the rest. */
    public static List<String> phaseNames(Plan plan) {
        List<String> out = new ArrayList<>();
        if (plan.dataKinds().contains(TrainingData.ADVERSARIALLY_PERTURBED)) {
            out.add("expert-attack");
        }
        if (!plan.dataKinds().isEmpty()) {
            out.add("data");
        }
        if (trainsPolicies(plan)) {
            out.add("policies");
        }
        out.add("attacks");
        out.add("evaluations");
        return out;
    }

    private static boolean trainsPolicies(Plan plan) {
        return !plan.dataKinds().isEmpty() || plan.online().stream().anyMatch(o -> o.policy() == null);
    }

    /**
     * The robustness study the plan ends in: one subject per method and data, with its training seeds, its policies
     * those the plan trains ({@code ../<run>/policy.ckpt}, relative to the study's {@code robustness/} folder, so no
     * run id depends on where the study lives or is run from) or the one an online line names, with paper 2's bound
     * and attack for the environment.
     */
    public static RobustnessStudy.Config robustness(Plan plan) {
        List<RobustnessStudy.Subject> subjects = new ArrayList<>();
        for (Offline o : plan.offline()) {
            Algorithm a = o.algorithm("plan");
            for (TrainingData d : o.kinds("plan")) {
                List<String> policies = new ArrayList<>();
                for (long s : plan.seeds()) {
                    policies.add(trainedPolicy(RobustnessTablesRuns.policyRun(a, d, s)));
                }
                subjects.add(new RobustnessStudy.Subject(d == TrainingData.EXPERT ? a.label() : a.label() + " " + d.label(),
                        d.label(), policies, plan.seeds()));
            }
        }
        for (Online o : plan.online()) {
            Algorithm a = o.algorithm("plan");
            if (o.policy() != null) {
                subjects.add(new RobustnessStudy.Subject(a.label(), "online", List.of(o.policy())));
                continue;
            }
            List<String> policies = new ArrayList<>();
            for (long s : plan.seeds()) {
                policies.add(trainedPolicy(RobustnessTablesRuns.policyRun(a, null, s)));
            }
            subjects.add(new RobustnessStudy.Subject(a.label(), "online", policies, plan.seeds()));
        }
        return RobustnessStudy.Config.paper(plan.env(), subjects)
                .withReplicates(plan.replicates()).withEvalEpisodes(plan.episodes()).withSeed(plan.seed())
                .withAttack(plan.attack());
    }

    /** The policy of the plan's run {@code run}, relative to the study's robustness folder. */
    private static String trainedPolicy(String run) {
        return "../" + run + "/" + RobustnessTablesRuns.POLICY_FILE;
    }

    /** The policy runs in {@code dir}, in the plan's order: offline lines by data and seed, then online ones. */
    private static List<RunSpec> policyRuns(Plan plan, Path dir) {
        List<RunSpec> policies = new ArrayList<>();
        for (Offline o : plan.offline()) {
            Algorithm a = o.algorithm("plan");
            for (TrainingData d : o.kinds("plan")) {
                for (long s : plan.seeds()) {
                    policies.add(RunSpec.of(dir, RobustnessTablesRuns.policyRun(a, d, s), RobustnessTablesRuns.POLICY_KIND,
                            new RobustnessTablesRuns.Policy(plan.env(), a, d, o.steps(), o.scaling(), s)));
                }
            }
        }
        for (Online o : plan.online()) {
            if (o.policy() != null) {
                continue;
            }
            Algorithm a = o.algorithm("plan");
            for (long s : plan.seeds()) {
                policies.add(RunSpec.of(dir, RobustnessTablesRuns.policyRun(a, null, s), RobustnessTablesRuns.POLICY_KIND,
                        new RobustnessTablesRuns.Policy(plan.env(), a, null, o.steps(), null, s)));
            }
        }
        return policies;
    }

    /** Each trained policy (as {@link #robustness} names it) and the id of the run that trains it. */
    private static Map<String, String> trainedBy(List<RunSpec> policyRuns) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (RunSpec r : policyRuns) {
            out.put(trainedPolicy(r.name()), r.id().toString());
        }
        return out;
    }

    /**
     * Refuses, in one line, a plan needing a shipped policy its environment does not have (an environment has no SAC
     * expert until one is trained and shipped), naming what needs it and the fix, before the data phase or a run would
     * fail on it.
     */
    static void requireShippedPolicies(Plan plan) {
        requireShippedPolicies(plan, rrl.policy.ShippedPolicies.names(plan.env()));
    }

    /** As {@link #requireShippedPolicies(Plan)}, against {@code shipped}, the names shipped for the plan's environment. */
    static void requireShippedPolicies(Plan plan, List<String> shipped) {
        Map<String, List<String>> needs = new java.util.LinkedHashMap<>();
        for (TrainingData k : plan.dataKinds()) {
            if (k != TrainingData.MEDIUM) {
                needs.computeIfAbsent("expert", n -> new ArrayList<>()).add(k.label() + " data");
            }
            if (k == TrainingData.MEDIUM || k == TrainingData.MEDIUM_EXPERT) {
                needs.computeIfAbsent("medium", n -> new ArrayList<>()).add(k.label() + " data");
            }
        }
        for (Online o : plan.online()) {
            if (o.policy() != null && o.policy().startsWith("shipped:")) {
                needs.computeIfAbsent(o.policy().substring("shipped:".length()), n -> new ArrayList<>())
                        .add(o.method() + "'s policy");
            }
        }
        for (Online o : plan.online()) {
            String name = o.policy() != null && o.policy().startsWith("shipped:") ? o.policy().substring("shipped:".length()) : null;
            if (name == null || !shipped.contains(name)) {
                continue;
            }
            // a table row is named by its method: a TD3 line evaluating the SAC expert would mislabel Table 1
            String by = rrl.policy.ShippedPolicies.trainedBy(plan.env(), name);
            Algorithm trained;
            try {
                trained = Algorithm.parse(by.split(",")[0].trim());
            } catch (IllegalArgumentException e) {
                continue; // shipped without its training config: nothing to compare with
            }
            if (trained != o.algorithm("plan")) {
                throw new IllegalArgumentException("the robustness plan's online " + o.method() + " line names "
                        + o.policy() + ", which " + trained.label() + " trained (" + by + "); give it the method "
                        + trained.label() + ", or a policy " + o.method() + " trained");
            }
        }
        for (Map.Entry<String, List<String>> e : needs.entrySet()) {
            if (!shipped.contains(e.getKey())) {
                throw new IllegalArgumentException("the robustness plan for " + plan.env() + " needs shipped:" + e.getKey()
                        + " (" + String.join(", ", e.getValue()) + "), which is not shipped for " + plan.env() + " (shipped: "
                        + (shipped.isEmpty() ? "none" : String.join(", ", shipped)) + "); train a SAC run (bin/rrl train "
                        + "sac --env " + plan.env() + " --run DIR) and ship it (bin/rrl datasets export-policies), or "
                        + "leave those lines out of the plan");
            }
        }
    }

    /** The study as its phases ({@link #phaseNames}), one sweep each; a phase may run once the one before it finished. */
    public static List<Sweep> phases(Plan plan, Path dir) {
        requireShippedPolicies(plan);
        List<Sweep> out = new ArrayList<>();
        String env = plan.env();
        List<TrainingData> kinds = plan.dataKinds();
        if (kinds.contains(TrainingData.ADVERSARIALLY_PERTURBED)) {
            // paper 2 §4.4: the delta DE finds against the expert that collected the data, within the data's bound
            AttackConfig a = plan.attack().withEps(plan.perturbationEps()).withSeed(plan.seed());
            out.add(Sweep.of(dir, List.of(RunSpec.of(dir, RobustnessTablesRuns.EXPERT_ATTACK, RobustnessRuns.ATTACK,
                    RobustnessRuns.Attack.of("shipped:expert", a)))));
        }
        if (!kinds.isEmpty()) {
            List<RunSpec> data = new ArrayList<>();
            for (TrainingData k : kinds) {
                boolean perturbed = k == TrainingData.RANDOMLY_PERTURBED || k == TrainingData.ADVERSARIALLY_PERTURBED;
                for (long s : plan.seeds()) {
                    data.add(RunSpec.of(dir, RobustnessTablesRuns.dataRun(k, s), RobustnessTablesRuns.DATA_KIND,
                            new RobustnessTablesRuns.Data(env, k, plan.datasetSize(), s, perturbed ? plan.perturbationEps() : 0,
                                    k == TrainingData.ADVERSARIALLY_PERTURBED ? RobustnessTablesRuns.EXPERT_ATTACK : null)));
                }
            }
            out.add(Sweep.of(dir, data));
        }
        List<RunSpec> policies = policyRuns(plan, dir);
        if (trainsPolicies(plan)) { // as phaseNames decides, so names and sweeps stay paired
            out.add(Sweep.of(dir, policies));
        }
        // a policy an online line names is pinned by its content here, so a missing one is refused before any work
        RobustnessStudy.Config c = robustness(plan);
        Path root = dir.resolve(ROBUSTNESS);
        Map<String, String> trained = trainedBy(policies);
        out.add(Sweep.of(root, RobustnessStudy.attackRuns(c, root, trained)));
        out.add(Sweep.of(root, RobustnessStudy.evaluationRuns(c, root, trained)));
        return out;
    }

    /**
     * Runs (or resumes) the study {@code plan} into {@code dir} through {@code executor}, phase by phase (failing after
     * a phase's runs were all tried if any failed; finished ones are kept), then writes the robustness study's tables
     * in {@code dir/robustness/}; {@code started} is called once the plan is checked against {@code dir}, before any
     * write.
     */
    public static RobustnessStudy.Result run(Plan plan, Path dir, Executor executor, Runnable started) {
        requireSameStudy(plan, dir);
        List<Sweep> phases = phases(plan, dir);
        List<String> names = phaseNames(plan);
        started.run();
        FineTuningStudy.makeStudyFolder(dir);
        try (RunFolder.Lock sweepLock = RunFolder.at(dir).lock(RunFolder.SWEEP_LOCK)) {
            if (!Files.exists(dir.resolve("plan.json"))) {
                RunFolder.at(dir).writeJson("plan.json", plan);
            }
            List<List<RunResult>> rows = new ArrayList<>();
            for (int i = 0; i < phases.size(); i++) {
                rows.add(Sweep.requireAllOk(phases.get(i).execute(executor), names.get(i) + " runs"));
            }
            int n = phases.size();
            RobustnessStudy.Result r = RobustnessStudy.summarize(robustness(plan), RunFolder.at(dir.resolve(ROBUSTNESS)),
                    phases.get(n - 2).runs(), rows.get(n - 2), phases.get(n - 1).runs(), rows.get(n - 1));
            RunFolder.at(dir).writeJson("plan.json", plan); // the plan in force, once every run has finished
            return r;
        }
    }

    /** Writes {@code dir/plan.json} if absent (refusing first a plan that makes {@code dir} another study). */
    public static void recordPlan(Plan plan, Path dir) {
        requireSameStudy(plan, dir);
        if (!Files.exists(dir.resolve("plan.json"))) {
            RunFolder.at(dir).writeJson("plan.json", plan);
        }
    }

    /**
     * Plan fields a study folder may change between runs: the methods and their data (a run keeps its id, so a study
     * run for Table 1 first, expert data only, grows into Tables 2-3 with its finished runs handed back), the seeds and
     * where it goes.
     */
    static final Set<String> EXTENSIBLE = Set.of("offline", "online", "seeds", "out");

    /** Refuses, before any write, a plan that differs from the one in {@code dir} in a field that makes it another study. */
    static void requireSameStudy(Plan plan, Path dir) {
        Path file = dir.resolve("plan.json");
        if (!Files.exists(file)) {
            return;
        }
        StudyKind.ROBUSTNESS_TABLES.requireFolder(dir);
        Gson g = new GsonBuilder().serializeNulls().create();
        FineTuningStudy.requireSamePlan(dir, g.toJsonTree(Plan.read(file)).getAsJsonObject(),
                g.toJsonTree(plan).getAsJsonObject(), EXTENSIBLE);
    }

    /** Whether {@code dir} holds such a study (its plan.json is a robustness plan). */
    public static boolean isStudy(Path dir) {
        return StudyKind.held(dir) == StudyKind.ROBUSTNESS_TABLES;
    }

    /** The finished study's robustness results ({@code dir/robustness/}), read without running anything. */
    public static RobustnessStudy.Result load(Path dir) {
        return RobustnessStudy.load(dir.resolve(ROBUSTNESS));
    }

    /**
     * The finished robustness results recorded in {@code dir}, whichever way they were made: paper 2's tables as one
     * plan (its {@code robustness/} folder) or {@code rrl robustness} (the folder itself); empty while neither has
     * written its {@code robustness-replicates.csv} (the study's last file) or when {@code dir} does not exist.
     */
    public static java.util.Optional<RobustnessStudy.Result> finished(Path dir) {
        Path results = isStudy(dir) ? dir.resolve(ROBUSTNESS) : dir;
        return Files.isRegularFile(results.resolve("robustness-replicates.csv"))
                ? java.util.Optional.of(RobustnessStudy.load(results)) : java.util.Optional.empty();
    }
}
