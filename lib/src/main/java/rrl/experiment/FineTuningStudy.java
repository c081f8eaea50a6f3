package rrl.experiment;

import rrl.finetune.FineTuningSetup;
import rrl.finetune.FineTuningInputs;
import rrl.finetune.FineTuningConfig;
import rrl.finetune.CurriculumConfig;
import rrl.finetune.CurriculumKind;
import rrl.attack.ConditionKind;
import rrl.finetune.AdversarialFineTuning;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import rrl.policy.ActorPolicy;
import rrl.attack.AttackConfig;
import rrl.attack.PerturbationCondition;
import rrl.attack.PerturbationEpsilon;
import rrl.policy.ShippedPolicies;
import rrl.env.Environments;
import rrl.env.Task;
import rrl.algo.Td3Config;
import rrl.results.RunFolder;

/**
 * A set of fine-tuning runs over seeds that share one setup (pi_off, offline data, the DE attack), described
 * by a JSON plan: what {@code rrl finetune --config FILE} runs and what notebooks read back. Each run goes to
 * {@code out/<name>-s<seed>/} and resumes if interrupted; {@code out/offline-only-s<seed>/metrics.csv} holds
 * pi_off's own evaluation under the three conditions with that seed's evaluation seeds (the offline-only
 * baseline). Processes may run disjoint seeds of one plan at once once the shared setup exists.
 */
public final class FineTuningStudy {
    /** One line of the plan: a fine-tuning condition and curriculum, or the from-scratch baseline. */
    public record RunSpec(String name, ConditionKind condition, CurriculumKind curriculum, boolean fromScratch) {
        public RunSpec {
            if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
                throw new IllegalArgumentException("every run needs a \"name\" of letters, digits, '-', '_' or '.', got " + name);
            }
            if (condition == null) {
                throw new IllegalArgumentException("run '" + name + "' needs a \"condition\": normal, random or adversarial");
            }
            curriculum = curriculum == null ? CurriculumKind.FIXED : curriculum;
        }
    }

    /**
     * The plan. Defaults (when a field is absent from the JSON) are paper 1's where it has one.
     *
     * @param attackGenerations DE generations against pi_off (paper 2: 30)
     * @param attackPopulation DE population (0: paper 2's 15 x actuators)
     * @param attackEpisodes episodes per DE fitness value (0: ceil(100 / NP), at least 2)
     * @param datasetSize transitions of offline data regenerated from the shipped expert when {@code dataset} is null
     */
    public record Plan(String env, String pretrained, String dataset, int datasetSize, int attackGenerations,
                       int attackPopulation, int attackEpisodes, long steps, int evalEvery, int evalEpisodes, int checkpointEvery, Double offlineFraction, int topK,
                       List<RunSpec> runs, List<Long> seeds, String out) {
        /** Reads a plan; absent fields take the defaults of {@link #defaults}. */
        public static Plan read(Path file) {
            String json;
            try {
                json = Files.readString(file);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read fine-tuning plan " + file + ": " + e.getMessage());
            }
            Plan p;
            try {
                p = new Gson().fromJson(json, Plan.class);
            } catch (RuntimeException e) {
                Throwable cause = e;
                while (cause.getCause() != null && !(cause instanceof IllegalArgumentException)) {
                    cause = cause.getCause();
                }
                throw new IllegalArgumentException("fine-tuning plan " + file + ": " + (cause instanceof IllegalArgumentException
                        ? cause.getMessage() : "not valid JSON for a plan (" + e.getMessage() + ")"));
            }
            if (p == null || p.env() == null) {
                throw new IllegalArgumentException("fine-tuning plan " + file + " needs at least \"env\"");
            }
            rrl.env.Environments.task(p.env()); // an unknown name fails here, naming the four tasks
            if (p.runs() != null) {
                // Gson fills records without running their constructors' checks: re-create them to validate.
                List<RunSpec> checked = new ArrayList<>();
                for (RunSpec r : p.runs()) {
                    checked.add(new RunSpec(r.name(), r.condition(), r.curriculum(), r.fromScratch()));
                }
                p = new Plan(p.env(), p.pretrained(), p.dataset(), p.datasetSize(), p.attackGenerations(), p.attackPopulation(),
                        p.attackEpisodes(), p.steps(), p.evalEvery(), p.evalEpisodes(), p.checkpointEvery(), p.offlineFraction(),
                        p.topK(), checked, p.seeds(), p.out());
            }
            return p.withDefaults();
        }

        /** Paper 1's runs on {@code env}: the three conditions (fixed q), linear and adaptive curricula, scratch. */
        public static Plan defaults(String env, long steps, List<Long> seeds, String out) {
            return new Plan(env, null, null, 0, 0, 0, 0, steps, 0, 0, 0, null, 0, null, seeds, out).withDefaults();
        }

        Plan withDefaults() {
            List<RunSpec> r = runs != null ? runs : List.of(
                    new RunSpec("normal", ConditionKind.NORMAL, CurriculumKind.FIXED, false),
                    new RunSpec("random-fixed", ConditionKind.RANDOM, CurriculumKind.FIXED, false),
                    new RunSpec("adversarial-fixed", ConditionKind.ADVERSARIAL, CurriculumKind.FIXED, false),
                    new RunSpec("adversarial-linear", ConditionKind.ADVERSARIAL, CurriculumKind.LINEAR, false),
                    new RunSpec("adversarial-adaptive", ConditionKind.ADVERSARIAL, CurriculumKind.ADAPTIVE, false),
                    new RunSpec("scratch-adversarial-fixed", ConditionKind.ADVERSARIAL, CurriculumKind.FIXED, true));
            return new Plan(Environments.task(env).name(), pretrained != null ? pretrained : "shipped:td3bc-expert", dataset,
                    datasetSize > 0 ? datasetSize : 100_000, attackGenerations > 0 ? attackGenerations : 30,
                    Math.max(0, attackPopulation), Math.max(0, attackEpisodes),
                    steps > 0 ? steps : 1_000_000, evalEvery > 0 ? evalEvery : 5000, evalEpisodes > 0 ? evalEpisodes : 10,
                    checkpointEvery > 0 ? checkpointEvery : 5000, offlineFraction != null ? offlineFraction : 0.1,
                    topK > 0 ? topK : 1, r, seeds != null && !seeds.isEmpty() ? seeds : List.of(0L),
                    out != null ? out : "runs/finetune-" + Environments.task(env).name().toLowerCase());
        }

        public Plan withSeeds(List<Long> s) {
            return new Plan(env, pretrained, dataset, datasetSize, attackGenerations, attackPopulation, attackEpisodes, steps,
                    evalEvery, evalEpisodes, checkpointEvery, offlineFraction, topK, runs, s, out);
        }

        public Plan withOut(String o) {
            return new Plan(env, pretrained, dataset, datasetSize, attackGenerations, attackPopulation, attackEpisodes, steps,
                    evalEvery, evalEpisodes, checkpointEvery, offlineFraction, topK, runs, seeds, o);
        }

        /** The DE attack against pi_off. */
        public AttackConfig attack() {
            AttackConfig a = AttackConfig.paper(env, 0).withGenerations(attackGenerations);
            if (attackPopulation > 0) {
                a = a.withPopulation(attackPopulation).withEpisodes(AttackConfig.defaultEpisodes(attackPopulation));
            }
            return attackEpisodes > 0 ? a.withEpisodes(attackEpisodes) : a;
        }

        /** The run's fine-tuning config. */
        public FineTuningConfig config(RunSpec r, long seed) {
            FineTuningConfig c = new FineTuningConfig(env, r.condition(), CurriculumConfig.of(r.curriculum()), steps,
                    offlineFraction, PerturbationEpsilon.defaultFor(env), topK, evalEvery, evalEpisodes, checkpointEvery,
                    false, seed, Td3Config.td3().withStartSteps(0));
            return r.fromScratch() ? c.scratch() : c;
        }

        Path outDir() {
            Path p = Path.of(out);
            return p.isAbsolute() ? p : RunFolder.projectRoot().resolve(p);
        }
    }

    /** Every run's metrics by run name and seed, plus the offline-only baseline's by seed. */
    public record Results(Plan plan, Map<String, Map<Long, List<AdversarialFineTuning.EvalPoint>>> runs,
                          Map<Long, AdversarialFineTuning.EvalPoint> offlineOnly) {}

    private FineTuningStudy() {}

    /** Prepares the shared setup, evaluates pi_off, then runs (or resumes) every run x seed; returns everything. */
    public static Results run(Plan plan, boolean progress) {
        RunFolder root = RunFolder.at(plan.outDir());
        writePlan(root, plan);
        Task task = Environments.task(plan.env());
        AttackConfig attack = plan.attack();
        FineTuningInputs in = FineTuningSetup.prepare(new FineTuningSetup.Spec(plan.env(), plan.pretrained(), plan.dataset(),
                plan.datasetSize(), attack, 20, 0), root, progress);
        Map<Long, AdversarialFineTuning.EvalPoint> offline = evaluateOfflineOnly(plan, in, task, root);
        Map<String, Map<Long, List<AdversarialFineTuning.EvalPoint>>> runs = new LinkedHashMap<>();
        for (RunSpec r : plan.runs()) {
            for (long seed : plan.seeds()) {
                if (progress) {
                    System.out.println(r.name() + ", seed " + seed);
                }
                List<AdversarialFineTuning.EvalPoint> m = AdversarialFineTuning.run(plan.config(r, seed), in,
                        root.dir().resolve(r.name() + "-s" + seed), progress);
                runs.computeIfAbsent(r.name(), k -> new LinkedHashMap<>()).put(seed, m);
            }
        }
        return new Results(plan, runs, offline);
    }

    /** pi_off under the three conditions with each seed's evaluation seeds at step 0. */
    private static Map<Long, AdversarialFineTuning.EvalPoint> evaluateOfflineOnly(Plan plan, FineTuningInputs in, Task task,
                                                                              RunFolder root) {
        ActorPolicy piOff = plan.pretrained().startsWith("shipped:")
                ? ShippedPolicies.load(task.name(), plan.pretrained().substring("shipped:".length()))
                : ActorPolicy.load(Path.of(plan.pretrained()).resolve("policy.ckpt"), task);
        Map<Long, AdversarialFineTuning.EvalPoint> out = new LinkedHashMap<>();
        for (long seed : plan.seeds()) {
            FineTuningConfig c = plan.config(plan.runs().get(0), seed);
            AdversarialFineTuning.EvalPoint e = AdversarialFineTuning.evaluate(piOff, task, c, in, 0, 0,
                    new PerturbationCondition.Intermittent(PerturbationCondition.normal(), 0));
            out.put(seed, e);
            RunFolder f = RunFolder.at(root.dir().resolve("offline-only-s" + seed));
            AdversarialFineTuning.writeMetrics(f.file("metrics.csv"), List.of(e));
        }
        return out;
    }

    /**
     * Reads a study's results back from its folder: every {@code <name>-s<seed>} run folder with metrics (so
     * seeds run by separate processes are all found) and the offline-only baseline per seed.
     */
    public static Results load(Path dir) {
        if (!Files.exists(dir.resolve("plan.json"))) {
            throw new IllegalArgumentException(dir + " is not a fine-tuning study folder (no plan.json); run "
                    + "`rrl finetune --config PLAN` first");
        }
        Plan plan = Plan.read(dir.resolve("plan.json")).withOut(dir.toString());
        java.util.TreeSet<Long> seeds = new java.util.TreeSet<>();
        try (java.util.stream.Stream<Path> entries = Files.list(dir)) {
            entries.map(p -> p.getFileName().toString()).forEach(name -> {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile(".*-s(\\d+)$").matcher(name);
                if (m.matches()) {
                    seeds.add(Long.parseLong(m.group(1)));
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        plan = plan.withSeeds(List.copyOf(seeds));
        Map<String, Map<Long, List<AdversarialFineTuning.EvalPoint>>> runs = new LinkedHashMap<>();
        for (RunSpec r : plan.runs()) {
            for (long seed : seeds) {
                Path m = dir.resolve(r.name() + "-s" + seed).resolve("metrics.csv");
                if (Files.exists(m)) {
                    runs.computeIfAbsent(r.name(), k -> new LinkedHashMap<>()).put(seed, AdversarialFineTuning.readMetrics(m));
                }
            }
        }
        Map<Long, AdversarialFineTuning.EvalPoint> offline = new LinkedHashMap<>();
        for (long seed : seeds) {
            Path om = dir.resolve("offline-only-s" + seed).resolve("metrics.csv");
            if (Files.exists(om)) {
                offline.put(seed, AdversarialFineTuning.readMetrics(om).get(0));
            }
        }
        return new Results(plan, runs, offline);
    }

    private static void writePlan(RunFolder root, Plan plan) {
        try {
            Files.writeString(root.file("plan.json"), new GsonBuilder().setPrettyPrinting().create().toJson(plan));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
