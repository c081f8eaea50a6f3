package rrl.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import rrl.algo.Algorithm;
import rrl.algo.ObservationScaling;
import rrl.attack.ActionPerturbedDataset;
import rrl.attack.AttackRecord;
import rrl.data.D4rlDataset;
import rrl.data.DatasetCollector;
import rrl.data.TrainingData;
import rrl.env.Environments;
import rrl.env.Task;
import rrl.policy.ActorPolicy;
import rrl.results.Resources;
import rrl.results.RunFolder;
import rrl.train.DatasetGeneration;
import rrl.train.OfflineTraining;
import rrl.train.OnlineTraining;
import rrl.train.PpoTraining;

/**
 * The run kinds that make the policies of paper 2's Tables 1-3 ({@link RobustnessTablesStudy}): one training set
 * per kind and seed ({@code data-<kind>-s<seed>/data.hdf5}), and one policy per method, training data and seed
 * ({@code <method>-<kind>-s<seed>/policy.ckpt}, online methods {@code <method>-s<seed>/policy.ckpt}), each training
 * in a {@code training/} folder that is a run folder of {@code rrl train} (so it resumes, and its curve and
 * config are where {@code rrl train} puts them). Every run finds its inputs under its sweep's root, so each can be
 * shipped alone once the phase before it has finished.
 */
public final class RobustnessTablesRuns {
    /** Kind names. */
    public static final String DATA = "training-data";
    public static final String POLICY = "policy-training";

    /** The file of a data run, and the policy file and training folder of a policy run. */
    public static final String DATA_FILE = "data.hdf5";
    public static final String POLICY_FILE = "policy.ckpt";
    public static final String TRAINING = "training";

    /** The expert's attack whose delta perturbs the adversarially-perturbed data: the study's folder for it. */
    public static final String EXPERT_ATTACK = "expert-attack";

    /** Collection simulators: {@code rrl datasets collect}'s and {@code datasets generate}'s 10. */
    static final int COLLECTION_ENVS = 10;

    /**
     * One training set: {@code size} transitions of {@code kind} collected with {@code seed} ({@link #run} says how
     * each kind is made); the perturbed kinds perturb the expert data of the same seed with bound {@code eps}, the
     * adversarial one by the delta of the attack run in {@code attack} (relative to the sweep's root).
     */
    public record Data(String env, TrainingData kind, int size, long seed, double eps, String attack) {
        public Data {
            env = Environments.task(env).name();
            if (kind == null) {
                throw new IllegalArgumentException("a training set needs its kind: expert, medium, medium-expert, "
                        + "randomly-perturbed or adversarially-perturbed");
            }
            if (kind == TrainingData.ADVERSARIALLY_PERTURBED && attack == null) {
                throw new IllegalArgumentException("adversarially-perturbed data needs the attack run whose delta it applies");
            }
        }
    }

    /**
     * One policy: {@code method} trained with {@code seed} for {@code steps} (offline: gradient updates on the data
     * run {@code data-<data>-s<seed>}; online: environment steps, {@code data} null), as {@code rrl train <method>}
     * trains it with its default schedule ({@link #offline}, {@link #online}).
     *
     * @param observationScaling offline only: {@code --observation-scaling}, null for the algorithm's own
     */
    public record Policy(String env, Algorithm method, TrainingData data, long steps, ObservationScaling observationScaling,
                         long seed) {
        public Policy {
            env = Environments.task(env).name();
            boolean offline = method != null && RobustnessTablesStudy.OFFLINE_METHODS.contains(method); // List.of refuses contains(null)
            boolean online = method != null && RobustnessTablesStudy.ONLINE_METHODS.contains(method);
            if (!offline && !online) {
                throw new IllegalArgumentException(method + " is not one of paper 2's methods (offline TD3+BC, BCQ, IQL; "
                        + "online TD3, SAC, PPO)");
            }
            if (offline != (data != null)) {
                throw new IllegalArgumentException(method + (offline ? " trains offline and needs its training data"
                        : " trains online and takes no training data"));
            }
            if (online && observationScaling != null) {
                throw new IllegalArgumentException("observation scaling is for the offline methods; " + method
                        + " trains on raw observations");
            }
            if (steps < 1) {
                throw new IllegalArgumentException(method + " needs steps >= 1, got " + steps);
            }
        }

        /** Whether the method trains offline. */
        public boolean offline() {
            return data != null;
        }
    }

    private RobustnessTablesRuns() {}

    /** The folder of the data run of {@code kind} and {@code seed}, relative to the study root. */
    public static String dataRun(TrainingData kind, long seed) {
        return "data-" + kind.label() + "-s" + seed;
    }

    /** The folder of a policy run, relative to the study root: {@code td3bc-expert-s0}, {@code ppo-s0}. */
    public static String policyRun(Algorithm method, TrainingData data, long seed) {
        return RobustnessStudy.slug(method.label()) + (data == null ? "" : "-" + data.label()) + "-s" + seed;
    }

    /** The learner settings of an offline policy run (those of {@code rrl train}, {@link OfflineTraining#learner}). */
    static OfflineTraining.Config offline(Policy p) {
        int evalEvery = 5000; // rrl train's default for every offline learner: the TD3+BC and IQL papers evaluate so
        return new OfflineTraining.Config(p.env(), OfflineTraining.learner(p.method(), p.steps(), p.observationScaling()),
                p.steps(), evalEvery, 10, Math.min(1000, evalEvery), p.seed());
    }

    /** The config of a TD3 or SAC policy run: {@code rrl train td3|sac}'s defaults. */
    static OnlineTraining.Config online(Policy p) {
        OnlineTraining.Config base = p.method() == Algorithm.TD3
                ? OnlineTraining.Config.td3(p.env(), p.steps(), rrl.algo.Td3Config.td3())
                : OnlineTraining.Config.sac(p.env(), p.steps(), rrl.algo.SacConfig.defaults());
        // rrl train's defaults: 1000 steps before updates, evaluation every 5000, checkpoints every 20000
        return base.withSchedule(1000, 5000, 10, 20_000, p.seed()).withReplayCapacity(rrl.replay.RingReplay.DEFAULT_CAPACITY);
    }

    /** The config of a PPO policy run: {@code rrl train ppo}'s defaults (the PPO paper's one actor). */
    static PpoTraining.Config ppo(Policy p) {
        return PpoTraining.Config.of(p.env(), p.steps(), rrl.algo.PpoConfig.defaults(), p.seed()).withSchedule(5000, 10, 20_000);
    }

    static final RunKind<Data> DATA_KIND = new RunKind<>() {
        @Override
        public String name() {
            return DATA;
        }

        @Override
        public Class<Data> configType() {
            return Data.class;
        }

        @Override
        public List<rrl.guard.MemoryBudget.Request> memory(Data c) {
            Task task = Environments.task(c.env());
            int held = c.kind() == TrainingData.MEDIUM_EXPERT ? 4 : 2; // the parts and their concatenation; source and copy
            rrl.guard.MemoryBudget.Request one = DatasetCollector.memory(task, c.size(), COLLECTION_ENVS);
            return List.of(new rrl.guard.MemoryBudget.Request(held + " datasets of " + c.size() + " " + task.name()
                    + " transitions", one.heapBytes() * held, 0, one.detail(), "lower \"datasetSize\"",
                    (long) held * c.size()), rrl.env.VectorEnv.memory(task, COLLECTION_ENVS));
        }

        @Override
        public List<Long> seeds(Data c) {
            return List.of(c.seed());
        }

        /**
         * expert: {@code rrl datasets collect --policy shipped:expert --transitions size --seed seed} (the data of the
         * fine-tuning setup of that seed); medium, medium-expert: {@code rrl datasets generate --from-shipped --kinds
         * <kind> --size size --seed seed}; randomly-perturbed: that expert data with {@code rrl datasets perturb --kind
         * random --eps eps --seed seed}; adversarially-perturbed: with {@code --kind adversarial --delta} the attack's.
         */
        @Override
        public Path run(Data c, RunFolder folder, Resources resources, boolean progress) {
            Task task = Environments.task(c.env());
            Path out = folder.file(DATA_FILE);
            switch (c.kind()) {
                case MEDIUM, MEDIUM_EXPERT -> {
                    DatasetGeneration.Kind k = c.kind() == TrainingData.MEDIUM ? DatasetGeneration.Kind.MEDIUM
                            : DatasetGeneration.Kind.MEDIUM_EXPERT;
                    Path made = DatasetGeneration.generate(new DatasetGeneration.Config(task.name(), null, folder.dir(),
                            List.of(k), c.size(), COLLECTION_ENVS, c.seed()), progress).get(k);
                    move(made.resolveSibling(made.getFileName().toString().replace(".hdf5", ".json")),
                            rrl.data.DatasetRecord.file(out));
                    move(made, out);
                }
                case EXPERT -> {
                    rrl.data.DatasetRecord.writeSampled(out, expert(task, c), task.name(), "shipped:expert",
                            PolicyRef.parse("shipped:expert").sha256(task), c.seed());
                }
                // the source is the expert run's data, collected again here (same content, its sha256 in the record)
                case RANDOMLY_PERTURBED -> ActionPerturbedDataset.random(expert(task, c), c.eps(), c.seed(), true)
                        .write(out, Map.of("env", task.name(), "source", expertSource(c)));
                case ADVERSARIALLY_PERTURBED -> {
                    Path attack = resources.root().resolve(c.attack());
                    if (!Files.isRegularFile(attack.resolve(RunKinds.RESULT))) {
                        throw new IllegalArgumentException("the expert's attack " + attack + " has not finished; run the "
                                + "study's expert-attack phase first");
                    }
                    double[] delta = AttackRecord.read(RunFolder.at(attack)).delta();
                    ActionPerturbedDataset.adversarial(expert(task, c), c.eps(), delta, true)
                            .write(out, Map.of("env", task.name(), "source", expertSource(c), "deltaFile",
                                    c.attack() + "/delta.csv"));
                }
                default -> throw new IllegalStateException(c.kind().toString());
            }
            return out;
        }
    };

    /** Where a perturbed copy's source data lives in the study: the expert data run of its seed. */
    private static String expertSource(Data c) {
        return dataRun(TrainingData.EXPERT, c.seed()) + "/" + DATA_FILE;
    }

    /** The expert data of {@code c}'s seed, as {@code rrl datasets collect} collects it. */
    private static D4rlDataset expert(Task task, Data c) {
        ActorPolicy expert = PolicyRef.parse("shipped:expert").load(task);
        return DatasetCollector.sampled(task, expert, c.size(), c.seed(), task.name() + " shipped:expert");
    }

    private static void move(Path from, Path to) {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + from + " to " + to + ": " + rrl.io.IoErrors.describe(e), e);
        }
    }

    static final RunKind<Policy> POLICY_KIND = new RunKind<>() {
        @Override
        public String name() {
            return POLICY;
        }

        @Override
        public Class<Policy> configType() {
            return Policy.class;
        }

        @Override
        public List<rrl.guard.MemoryBudget.Request> memory(Policy c) {
            Task task = Environments.task(c.env());
            if (c.offline() || c.method() == Algorithm.PPO) {
                return List.of(); // the data was checked when its run made it; PPO keeps one rollout
            }
            return List.of(rrl.replay.RingReplay.memory(rrl.replay.RingReplay.DEFAULT_CAPACITY, task.observationDim(),
                    task.actionDim()));
        }

        @Override
        public List<Long> seeds(Policy c) {
            return List.of(c.seed());
        }

        /** Trains (or resumes) in {@code training/}, then copies the final policy to {@code policy.ckpt}. */
        @Override
        public Path run(Policy c, RunFolder folder, Resources resources, boolean progress) {
            Path dir = folder.file(TRAINING);
            Path finalPolicy;
            if (c.offline()) {
                Path file = resources.root().resolve(dataRun(c.data(), c.seed())).resolve(DATA_FILE);
                if (!Files.isRegularFile(file)) {
                    throw new IllegalArgumentException("the training data " + file + " is missing; run the study's data "
                            + "phase first");
                }
                OfflineTraining.run(D4rlDataset.read(file), offline(c), dir, progress);
                finalPolicy = dir.resolve("policy.ckpt");
            } else {
                List<OnlineTraining.EvalPoint> evals = c.method() == Algorithm.PPO ? PpoTraining.run(ppo(c), dir, progress)
                        : OnlineTraining.run(online(c), dir, progress);
                finalPolicy = dir.resolve(evals.get(evals.size() - 1).policyFile());
            }
            Path out = folder.file(POLICY_FILE);
            rrl.io.AtomicFiles.copy(finalPolicy, out);
            return out;
        }
    };

    /** Both kinds. */
    static List<RunKind<?>> kinds() {
        return List.of(DATA_KIND, POLICY_KIND);
    }
}
