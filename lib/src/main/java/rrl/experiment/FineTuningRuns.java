package rrl.experiment;

import com.google.gson.Gson;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import rrl.attack.ConditionKind;
import rrl.attack.PerturbationCondition;
import rrl.env.Environments;
import rrl.env.Task;
import rrl.finetune.AdversarialFineTuning;
import rrl.finetune.CurriculumKind;
import rrl.finetune.FineTuningConfig;
import rrl.finetune.FineTuningInputs;
import rrl.finetune.FineTuningSetup;
import rrl.policy.ActorPolicy;
import rrl.policy.ShippedPolicies;
import rrl.results.Resources;
import rrl.results.RunFolder;

/**
 * The run kinds of a fine-tuning study. The setup (pi_off, the offline data, the DE attack against pi_off) is a
 * run of its own: shared, in the study's root, or one per training seed in {@code setup-s<seed>/} when it trains
 * its own TD3+BC pi_off ({@link #PI_OFF_RUN}). Fine-tuning runs, the offline-only baseline and the re-attacks of
 * fine-tuned policies carry the setup's spec in their config and find its cached files under their sweep's root,
 * so each of them can be shipped alone. The prepared setup is kept in memory per root, so runs in one process
 * share it.
 */
public final class FineTuningRuns {
    /** Kind names. */
    public static final String SETUP = "fine-tuning-setup";
    public static final String FINE_TUNING = "fine-tuning";
    public static final String OFFLINE_ONLY = "fine-tuning-offline-only";
    public static final String RE_ATTACK = "fine-tuning-re-attack";
    public static final String FAULT_SHIFT = "fine-tuning-fault-shift";
    public static final String STATE_ACTION = "fine-tuning-state-action";

    /** Folder, under a setup's folder, of the TD3+BC run that trains pi_off when the setup trains it. */
    public static final String PI_OFF_RUN = "pi-off-td3bc";

    /** One fine-tuning run: the setup it starts from and its own settings (condition, curriculum, seed, ...). */
    public record Run(FineTuningSetup.Spec setup, FineTuningConfig run) {}

    /** pi_off itself under the three conditions at step 0, with one seed's evaluation seeds. */
    public record OfflineOnly(FineTuningSetup.Spec setup, double eps, int evalEpisodes, long seed) {}

    /**
     * A fresh DE attack against the final policy of the fine-tuning run {@code run} (in {@code target}, a folder
     * next to this one), with the budget and seed of the attack on pi_off, then {@code episodes} episodes of that
     * policy under the delta found: its own worst case (issue 14: scoring a fine-tuned policy only under the delta
     * it trained on overstates its robustness).
     */
    public record ReAttack(FineTuningSetup.Spec setup, FineTuningConfig run, String target, int episodes) {}

    /**
     * One policy of a study under {@link rrl.eval.FaultShift#standard}'s faults at the plan's {@code eps}: pi_off of
     * {@code setup} when {@code target} is null, else the final policy of the fine-tuning run in {@code target} (a
     * folder next to this one). {@code episodes} per case; every policy of one training seed runs from the same
     * evaluation seed ({@link #faultSeed}), so their returns pair case by case (common random numbers).
     */
    public record FaultShiftRun(FineTuningSetup.Spec setup, String target, double eps, int episodes, long seed) {}

    /**
     * One policy of a study over the state-action grid {@code actionEps x observationEps} ({@link
     * rrl.eval.StateActionGrid}): pi_off of {@code setup} when {@code target} is null, else the final policy of the
     * fine-tuning run in {@code target}. The observation scale is pi_off's normaliser std (the per-dimension std of its
     * training data), the same for every policy of the seed; the attacks have the setup's DE settings with
     * {@code attackPopulation}, {@code attackGenerations} and {@code attackEpisodes} (M); {@code episodes} per cell, all
     * from the seed's evaluation seed ({@link #faultSeed}), so the policies of one seed pair cell by cell.
     */
    public record StateActionRun(FineTuningSetup.Spec setup, String target, List<Double> actionEps,
                                 List<Double> observationEps, int episodes, int attackPopulation, int attackGenerations,
                                 int attackEpisodes, long seed) {}

    /** The evaluation seed of training seed {@code seed}'s fault-shift runs: apart from the runs' own evaluations. */
    static long faultSeed(long seed) {
        return 7_919L * 1_000_003L + seed;
    }

    /** A fine-tuned policy's own worst case: the mean and std of its return under the delta found against it. */
    public record WorstCase(long step, double mean, double std, int episodes) {}

    static final List<String> WORST_CASE_COLUMNS = List.of("step", "own_worst_mean", "own_worst_std", "episodes");

    /** Reads a re-attack's {@code worst-case.csv}. */
    public static WorstCase readWorstCase(Path file) {
        double[] r = rrl.io.NumericCsv.read(file, WORST_CASE_COLUMNS.size(), "re-attack result").rows()[0];
        return new WorstCase((long) r[0], r[1], r[2], (int) r[3]);
    }

    private static final Gson GSON = new Gson();

    /** Updates between evaluations of pi_off's TD3+BC training in a setup (TD3+BC's authors: 5,000). */
    static final int PI_OFF_EVAL_EVERY = 5000;

    /** Fields added after setups were recorded, inside the configs of runs that carry the setup. */
    private static final Map<String, Object> SETUP_ADDED = Map.of("setup.pretrainSteps", 0, "setup.data", FineTuningSetup.EXPERT);

    /** The setup's pins inside the configs of runs that carry it. */
    private static final java.util.Set<String> SETUP_PINS = FineTuningSetup.Spec.PINS.stream().map(p -> "setup." + p)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    private final Map<String, FineTuningInputs> prepared = new HashMap<>();

    FineTuningRuns() {}

    /**
     * What the shared setup holds at once: the offline data (collected, or read and normalised: about a replay of its
     * size) and the DE attack's NP x M simulators.
     */
    static List<rrl.guard.MemoryBudget.Request> setupMemory(FineTuningSetup.Spec c) {
        rrl.env.Task task = Environments.task(c.env());
        List<rrl.guard.MemoryBudget.Request> parts = new java.util.ArrayList<>();
        if (c.dataset() == null && FineTuningSetup.EXPERT.equals(c.data())) {
            parts.add(rrl.data.DatasetCollector.memory(task, c.datasetSize(), 10));
        } else if (c.dataset() == null) { // the generation's peak: medium-expert holds four datasets of datasetSize
            parts.add(rrl.train.DatasetGeneration.memory(new rrl.train.DatasetGeneration.Config(c.env(), null,
                    Path.of("."), List.of(rrl.train.DatasetGeneration.Kind.parse(c.data())), c.datasetSize(), 10, c.seed())).get(0));
        }
        parts.add(rrl.env.VectorEnv.memory(task, c.attack().populationSize() * c.attack().episodesPerIndividual()));
        return parts;
    }

    /** The setup of {@code spec} cached under {@code root}, prepared (or read back) once per process. */
    synchronized FineTuningInputs inputs(FineTuningSetup.Spec spec, Path root, boolean progress, int threads) {
        String key = root.toAbsolutePath().normalize() + "\n" + GSON.toJson(spec);
        FineTuningInputs in = prepared.get(key);
        if (in == null) {
            rrl.env.Task task = Environments.task(spec.env());
            RunFolder folder = RunFolder.at(setupFolder(spec, root));
            if (spec.trainsPiOff()) {
                // one read of the data serves both pi_off's training and the fine-tuning runs' offline replay
                rrl.data.D4rlDataset data = FineTuningSetup.offlineData(spec, folder, progress);
                in = FineTuningSetup.prepare(spec, piOff(spec, data, folder, progress), trainedLearner(folder), data, folder,
                        progress, threads);
                prepared.put(key, in);
                return in;
            }
            PolicyRef pre = PolicyRef.parse(spec.pretrained());
            if (spec.pretrainedSha256() != null && !spec.pretrainedSha256().equals(pre.sha256(task))) {
                throw new IllegalArgumentException("policy " + spec.pretrained() + " changed since this study was planned "
                        + "(sha256 " + spec.pretrainedSha256().substring(0, 12) + " -> " + pre.sha256(task).substring(0, 12)
                        + "); plan the study again (rrl finetune re-reads it) or restore the policy");
            }
            in = FineTuningSetup.prepare(spec, pre.load(task), pre.learnerState(task), folder, progress, threads);
            prepared.put(key, in);
        }
        return in;
    }

    /** Where a setup keeps its files: the study root when shared, {@code setup-s<seed>/} when it trains pi_off. */
    static Path setupFolder(FineTuningSetup.Spec spec, Path root) {
        return spec.trainsPiOff() ? root.resolve("setup-s" + spec.seed()) : root;
    }

    /**
     * pi_off trained (or resumed, or read back when finished) in the setup's folder: TD3+BC with its paper's
     * settings and the setup's seed on the setup's data (Fujimoto and Gu 2021; evaluation every 5,000 updates).
     */
    private static ActorPolicy piOff(FineTuningSetup.Spec spec, rrl.data.D4rlDataset data, RunFolder folder,
                                     boolean progress) {
        rrl.train.OfflineTraining.Config c = rrl.train.OfflineTraining.Config.td3bc(spec.env(), spec.pretrainSteps())
                .withSeed(spec.seed()).withEvalEvery((int) Math.min(PI_OFF_EVAL_EVERY, spec.pretrainSteps()));
        return rrl.train.OfflineTraining.run(data, c, folder.file(PI_OFF_RUN), progress).policy();
    }

    private static rrl.checkpoint.Checkpoint trainedLearner(RunFolder folder) {
        return rrl.checkpoint.Checkpoint.read(folder.file(PI_OFF_RUN).resolve("training.ckpt"));
    }

    /** pi_off of {@code spec}: the given policy, or the one its setup trained under {@code root}. */
    static ActorPolicy loadPiOff(FineTuningSetup.Spec spec, Path root) {
        Task task = Environments.task(spec.env());
        if (spec.trainsPiOff()) {
            return ActorPolicy.load(setupFolder(spec, root).resolve(PI_OFF_RUN).resolve("policy.ckpt"), task);
        }
        return PolicyRef.parse(spec.pretrained()).load(task);
    }

    /**
     * The final policy of the finished fine-tuning run in {@code root}/{@code target}, for a run that evaluates it
     * ({@code what}); refused with the fix when that run has not finished or its checkpoint is gone.
     */
    private static ActorPolicy finalPolicy(String target, Path root, Task task, String what) {
        Path dir = root.resolve(target);
        if (!java.nio.file.Files.exists(dir.resolve(RunKinds.RESULT))) {
            throw new IllegalStateException("the fine-tuning run " + target + " has not finished; run the study again to "
                    + "finish it before its " + what);
        }
        if (!java.nio.file.Files.exists(dir.resolve("policy.ckpt"))) {
            // a committed copy of a study keeps its numbers, not its checkpoints
            throw new IllegalStateException("the fine-tuning run " + target + " finished but its policy.ckpt is gone (a "
                    + "recorded copy keeps no checkpoints); run the " + what + " where the study ran, or delete the run "
                    + "folder to train it again");
        }
        return ActorPolicy.load(dir.resolve("policy.ckpt"), task);
    }

    RunKind<FineTuningSetup.Spec> setup() {
        return new RunKind<>() {
            @Override
            public String name() {
                return SETUP;
            }

            @Override
            public Class<FineTuningSetup.Spec> configType() {
                return FineTuningSetup.Spec.class;
            }

            @Override
            public java.util.Set<String> pins() {
                return FineTuningSetup.Spec.PINS;
            }

            @Override
            public Map<String, ?> addedFields() {
                return FineTuningSetup.Spec.ADDED;
            }

            @Override
            public List<rrl.guard.MemoryBudget.Request> memory(FineTuningSetup.Spec c) {
                return setupMemory(c);
            }

            @Override
            public List<Long> seeds(FineTuningSetup.Spec c) {
                return List.of(c.seed(), c.attack().seed());
            }

            @Override
            public Path run(FineTuningSetup.Spec c, RunFolder folder, Resources resources, boolean progress) {
                inputs(c, resources.root(), progress, resources.threads());
                return folder.file("attack-pi-off").resolve("delta.csv");
            }
        };
    }

    RunKind<Run> fineTuning() {
        return new RunKind<>() {
            @Override
            public String name() {
                return FINE_TUNING;
            }

            @Override
            public Class<Run> configType() {
                return Run.class;
            }

            @Override
            public java.util.Set<String> pins() {
                return SETUP_PINS;
            }

            @Override
            public Map<String, ?> addedFields() {
                Map<String, Object> m = new HashMap<>(SETUP_ADDED);
                FineTuningConfig.ADDED.forEach((k, v) -> m.put("run." + k, v));
                return m;
            }

            @Override
            public List<rrl.guard.MemoryBudget.Request> memory(Run c) {
                rrl.env.Task task = Environments.task(c.run().env());
                return List.of(rrl.replay.RingReplay.memory(c.run().replayCapacity(), task.observationDim(),
                        task.actionDim()));
            }

            @Override
            public List<Long> seeds(Run c) {
                return List.of(c.run().seed());
            }

            /** Fine-tuning's own loop takes no thread budget yet: its evaluations use every core (same numbers). */
            @Override
            public Path run(Run c, RunFolder folder, Resources resources, boolean progress) {
                FineTuningInputs in = inputs(c.setup(), resources.root(), progress, resources.threads());
                // the run protocol has just recorded this run's id (setup + config) in the folder's provenance
                rrl.results.RunId id = folder.provenance().map(rrl.results.Provenance::runId).orElse(c.run().id());
                AdversarialFineTuning.run(c.run(), in, folder.dir(), progress, id);
                return folder.file("metrics.csv");
            }
        };
    }

    RunKind<OfflineOnly> offlineOnly() {
        return new RunKind<>() {
            @Override
            public String name() {
                return OFFLINE_ONLY;
            }

            @Override
            public Class<OfflineOnly> configType() {
                return OfflineOnly.class;
            }

            @Override
            public java.util.Set<String> pins() {
                return SETUP_PINS;
            }

            @Override
            public Map<String, ?> addedFields() {
                return SETUP_ADDED;
            }

            @Override
            public List<Long> seeds(OfflineOnly c) {
                return List.of(c.seed());
            }

            @Override
            public Path run(OfflineOnly c, RunFolder folder, Resources resources, boolean progress) {
                FineTuningInputs in = inputs(c.setup(), resources.root(), progress, resources.threads());
                Task task = Environments.task(c.setup().env());
                ActorPolicy piOff = loadPiOff(c.setup(), resources.root());
                FineTuningConfig cfg = FineTuningConfig.paper(task.name(), ConditionKind.NORMAL, CurriculumKind.FIXED, 1,
                        c.seed()).withEps(c.eps()).withSchedule(1, c.evalEpisodes(), 1);
                AdversarialFineTuning.EvalPoint e = AdversarialFineTuning.evaluate(piOff, task, cfg, in, 0, 0,
                        new PerturbationCondition.Intermittent(PerturbationCondition.normal(), 0));
                AdversarialFineTuning.writeMetrics(folder.file("metrics.csv"), List.of(e));
                return folder.file("metrics.csv");
            }
        };
    }

    RunKind<ReAttack> reAttack() {
        return new RunKind<>() {
            @Override
            public String name() {
                return RE_ATTACK;
            }

            @Override
            public Class<ReAttack> configType() {
                return ReAttack.class;
            }

            @Override
            public java.util.Set<String> pins() {
                return SETUP_PINS;
            }

            @Override
            public Map<String, ?> addedFields() {
                // re-attacks came after the replay capacity and pretrainSteps: their recorded ids hold those
                return Map.of("run.curriculum.signal", rrl.finetune.CurriculumSignal.NOMINAL, "setup.data",
                        FineTuningSetup.EXPERT);
            }

            @Override
            public List<rrl.guard.MemoryBudget.Request> memory(ReAttack c) {
                return List.of(rrl.env.VectorEnv.memory(Environments.task(c.run().env()),
                        c.setup().attack().populationSize() * c.setup().attack().episodesPerIndividual()));
            }

            @Override
            public List<Long> seeds(ReAttack c) {
                return List.of(c.run().seed(), c.setup().attack().seed());
            }

            @Override
            public Path run(ReAttack c, RunFolder folder, Resources resources, boolean progress) {
                Task task = Environments.task(c.run().env());
                ActorPolicy policy = finalPolicy(c.target(), resources.root(), task, "re-attack");
                rrl.attack.DifferentialEvolutionAttack.Result a = rrl.attack.DifferentialEvolutionAttack.run(policy,
                        c.setup().attack(), folder.file("attack.ckpt"), progress, resources.threads());
                rrl.attack.AttackRecord.write(folder, a, Map.of("policy", c.target() + "/policy.ckpt",
                        "role", "the fine-tuned policy, re-attacked after fine-tuning"));
                // the seed of the run's last evaluation: the same initial states as its final numbers
                long seed = c.run().seed() + 1_000_003L * c.run().steps();
                rrl.rollout.Evaluation.Result r = rrl.eval.RobustnessEvaluation.run(policy, task,
                        PerturbationCondition.adversarial(a.delta()), c.episodes(), c.episodes(), seed, false,
                        resources.threads());
                Path f = folder.file("worst-case.csv");
                rrl.io.NumericCsv.write(f, WORST_CASE_COLUMNS, List.<double[]>of(new double[] {c.run().steps(),
                        r.meanReturn(), r.stdReturn(), c.episodes()}));
                return f;
            }
        };
    }

    /**
     * A kind that evaluates one policy of a study's setup (pi_off or a run's final policy): the setup's pins and added
     * fields, one seed, and the memory of {@code envs} simulators.
     */
    private abstract static class PolicyEvaluation<C> implements RunKind<C> {
        private final String name;
        private final Class<C> type;
        private final java.util.function.Function<C, FineTuningSetup.Spec> setup;
        private final java.util.function.ToIntFunction<C> envs;
        private final java.util.function.ToLongFunction<C> seed;

        PolicyEvaluation(String name, Class<C> type, java.util.function.Function<C, FineTuningSetup.Spec> setup,
                         java.util.function.ToIntFunction<C> envs, java.util.function.ToLongFunction<C> seed) {
            this.name = name;
            this.type = type;
            this.setup = setup;
            this.envs = envs;
            this.seed = seed;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Class<C> configType() {
            return type;
        }

        @Override
        public java.util.Set<String> pins() {
            return SETUP_PINS;
        }

        @Override
        public Map<String, ?> addedFields() {
            return SETUP_ADDED;
        }

        @Override
        public List<rrl.guard.MemoryBudget.Request> memory(C c) {
            return List.of(rrl.env.VectorEnv.memory(Environments.task(setup.apply(c).env()), envs.applyAsInt(c)));
        }

        @Override
        public List<Long> seeds(C c) {
            return List.of(seed.applyAsLong(c));
        }

        /** pi_off of the setup when {@code target} is null, else the final policy of the run in {@code target}. */
        static ActorPolicy policy(FineTuningSetup.Spec setup, String target, Path root, String what) {
            return target == null ? loadPiOff(setup, root)
                    : finalPolicy(target, root, Environments.task(setup.env()), what);
        }
    }

    RunKind<FaultShiftRun> faultShift() {
        return new PolicyEvaluation<>(FAULT_SHIFT, FaultShiftRun.class, FaultShiftRun::setup, FaultShiftRun::episodes,
                FaultShiftRun::seed) {
            @Override
            public Path run(FaultShiftRun c, RunFolder folder, Resources resources, boolean progress) {
                Task task = Environments.task(c.setup().env());
                ActorPolicy policy = policy(c.setup(), c.target(), resources.root(), "fault-shift evaluation");
                List<rrl.eval.FaultShift.Row> rows = rrl.eval.FaultShift.evaluate(policy, task,
                        rrl.eval.FaultShift.standard(task, c.eps()), c.episodes(), c.episodes(), faultSeed(c.seed()),
                        resources.threads());
                return FaultShiftFiles.write(folder, rows);
            }
        };
    }

    RunKind<StateActionRun> stateAction() {
        return new PolicyEvaluation<>(STATE_ACTION, StateActionRun.class, StateActionRun::setup,
                c -> Math.max(c.episodes(), c.attackPopulation() * c.attackEpisodes()), StateActionRun::seed) {
            @Override
            public Path run(StateActionRun c, RunFolder folder, Resources resources, boolean progress) {
                Task task = Environments.task(c.setup().env());
                ActorPolicy piOff = loadPiOff(c.setup(), resources.root());
                ActorPolicy policy = c.target() == null ? piOff
                        : policy(c.setup(), c.target(), resources.root(), "state-action evaluation");
                float[] std = piOff.normalizer().std(); // the scale of every policy of the seed: pi_off's data std
                double[] scale = new double[std.length];
                for (int j = 0; j < std.length; j++) {
                    scale[j] = std[j];
                }
                rrl.attack.AttackConfig attack = c.setup().attack().withPopulation(c.attackPopulation())
                        .withGenerations(c.attackGenerations()).withEpisodes(c.attackEpisodes());
                List<rrl.eval.StateActionGrid.Row> rows = rrl.eval.StateActionGrid.evaluate(policy, task, scale,
                        c.actionEps(), c.observationEps(), c.episodes(), c.episodes(), attack, faultSeed(c.seed()),
                        folder.dir(), resources.threads());
                return StateActionFiles.write(folder, rows);
            }
        };
    }
}
