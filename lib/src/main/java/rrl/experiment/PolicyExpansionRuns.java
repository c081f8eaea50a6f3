package rrl.experiment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import rrl.algo.IqlConfig;
import rrl.algo.LearnerConfig;
import rrl.algo.PexConfig;
import rrl.algo.PolicyExpansionConfig;
import rrl.algo.RiqlConfig;
import rrl.checkpoint.Checkpoint;
import rrl.corrupt.CorruptedDataset;
import rrl.corrupt.CorruptionConfig;
import rrl.corrupt.CorruptionField;
import rrl.corrupt.CriticAdversary;
import rrl.corrupt.DatasetCorruption;
import rrl.data.D4rlDataset;
import rrl.env.Environments;
import rrl.results.Resources;
import rrl.results.RunFolder;
import rrl.train.DatasetGeneration;
import rrl.train.OfflineTraining;
import rrl.train.PolicyExpansionTraining;

/**
 * The run kinds of a policy-expansion study (paper 3): the corrupted offline data (one run, {@code data/}), the
 * offline learner per training seed ({@code iql-s<seed>/}, {@code riql-s<seed>/}) and PEX or RPEX per run and seed.
 * Each training goes into a {@code training/} folder inside its run's folder, a run folder of
 * {@link OfflineTraining} or {@link PolicyExpansionTraining} with its own id, so {@code rrl train pex --offline
 * <study>/iql-s0/training} works on it too. Every run carries the data's spec and finds the data under its sweep's
 * root, so each can be shipped alone once the phase before it has finished.
 */
public final class PolicyExpansionRuns {
    /** Kind names. */
    public static final String DATA = "policy-expansion-data";
    public static final String OFFLINE = "policy-expansion-offline";
    public static final String ONLINE = "policy-expansion-online";

    /** The data run's folder under the study root, and its corrupted file. */
    public static final String DATA_FOLDER = "data";
    public static final String CORRUPTED_FILE = "corrupted.hdf5";
    /** The training folder inside an offline or online run's folder. */
    public static final String TRAINING = "training";

    /**
     * The study's offline data: {@code dataset} (a D4RL file, pinned by {@code datasetSha256}) or, when null,
     * {@code datasetSize} transitions of the shipped medium policy collected with {@code dataSeed}; then corrupted by
     * {@code corruption} (adversarial modes attack the critics of the run folder {@code critic}).
     */
    public record Data(String env, String dataset, String datasetSha256, int datasetSize, long dataSeed,
                       CorruptionConfig corruption, String critic) {}

    /** One offline learner on the corrupted data: exactly one of {@code iql} and {@code riql} is set. */
    public record Offline(Data data, IqlConfig iql, RiqlConfig riql, long steps, int evalEvery, int evalEpisodes,
                          long seed) {
        /** The learner's config. */
        public LearnerConfig learner() {
            return iql != null ? iql : riql;
        }

        /** The offline training's config (the data is pinned when the run reads it). */
        public OfflineTraining.Config training() {
            return new OfflineTraining.Config(data.env(), learner(), steps, evalEvery, evalEpisodes,
                    Math.min(1000, evalEvery), seed);
        }
    }

    /**
     * One PEX or RPEX run (exactly one of {@code pex} and {@code rpex} is set) from the offline run in the study
     * folder {@code offlineRun} (its {@code training/} checkpoint), on the corrupted data, with RPEX's online
     * corruption of {@code onlineCorruption}.
     */
    public record Online(Data data, String offlineRun, PexConfig pex, rrl.algo.RpexConfig rpex, long steps,
                         int evalEvery, int evalEpisodes, int checkpointEvery, List<CorruptionField> onlineCorruption,
                         boolean zeroCleanRewards, long seed) {
        public PolicyExpansionConfig learner() {
            return pex != null ? pex : rpex;
        }
    }

    PolicyExpansionRuns() {}

    /** The corrupted file of the study rooted at {@code root}. */
    public static Path corruptedFile(Path root) {
        return root.resolve(DATA_FOLDER).resolve(CORRUPTED_FILE);
    }

    private static D4rlDataset corrupted(Path root) {
        Path f = corruptedFile(root);
        if (!Files.isRegularFile(f)) {
            throw new IllegalArgumentException("the study's corrupted data " + f + " is missing; run the study's data "
                    + "phase first (rrl finetune --config PLAN runs it)");
        }
        return D4rlDataset.read(f);
    }

    RunKind<Data> data() {
        return new RunKind<>() {
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
                // the clean copy, the corrupted one (two rows per transition) and the collecting simulators
                rrl.env.Task task = Environments.task(c.env());
                rrl.guard.MemoryBudget.Request one = rrl.data.DatasetCollector.memory(task, c.datasetSize(), 10);
                return List.of(new rrl.guard.MemoryBudget.Request("clean and corrupted copies of " + c.datasetSize() + " "
                        + task.name() + " transitions", one.heapBytes() * 3, 0, one.detail(), "lower \"datasetSize\"",
                        3L * c.datasetSize()), rrl.env.VectorEnv.memory(task, 10));
            }

            @Override
            public List<Long> seeds(Data c) {
                return List.of(c.dataSeed(), c.corruption().seed());
            }

            @Override
            public Path run(Data c, RunFolder folder, Resources resources, boolean progress) {
                D4rlDataset clean;
                if (c.dataset() != null) {
                    // sizes and the record's environment checked (Walker2d and HalfCheetah data share their sizes)
                    clean = rrl.data.DatasetRecord.readFor(Path.of(c.dataset()), Environments.task(c.env()), "\"dataset\"");
                    if (c.datasetSha256() != null && !clean.sha256().equals(c.datasetSha256())) {
                        throw new IllegalArgumentException("dataset " + c.dataset() + " changed since the plan pinned it "
                                + "(sha256 " + c.datasetSha256().substring(0, 12) + "); restore it or start another study");
                    }
                } else {
                    Map<DatasetGeneration.Kind, Path> files = DatasetGeneration.generate(new DatasetGeneration.Config(
                            c.env(), null, folder.dir(), List.of(DatasetGeneration.Kind.MEDIUM), c.datasetSize(), 10,
                            c.dataSeed()), progress);
                    clean = D4rlDataset.read(files.get(DatasetGeneration.Kind.MEDIUM));
                }
                CriticAdversary adversary = c.corruption().needsCritic() ? CriticAdversary.fromRun(Path.of(c.critic()))
                        : null;
                CorruptedDataset corrupted = DatasetCorruption.apply(clean, c.corruption(), adversary);
                Path out = folder.file(CORRUPTED_FILE);
                corrupted.write(out);
                return out;
            }
        };
    }

    RunKind<Offline> offline() {
        return new RunKind<>() {
            @Override
            public String name() {
                return OFFLINE;
            }

            @Override
            public Class<Offline> configType() {
                return Offline.class;
            }

            @Override
            public Set<String> budgetFields() {
                return Set.of("steps");
            }

            @Override
            public List<Long> seeds(Offline c) {
                return List.of(c.seed());
            }

            @Override
            public Path run(Offline c, RunFolder folder, Resources resources, boolean progress) {
                Path dir = folder.file(TRAINING);
                OfflineTraining.run(corrupted(resources.root()), c.training(), dir, progress);
                return dir.resolve("metrics.csv");
            }
        };
    }

    RunKind<Online> online() {
        return new RunKind<>() {
            @Override
            public String name() {
                return ONLINE;
            }

            @Override
            public Class<Online> configType() {
                return Online.class;
            }

            @Override
            public Set<String> budgetFields() {
                return Set.of("steps");
            }

            @Override
            public List<rrl.guard.MemoryBudget.Request> memory(Online c) {
                rrl.env.Task task = Environments.task(c.data().env());
                return List.of(rrl.replay.RingReplay.memory(rrl.replay.RingReplay.DEFAULT_CAPACITY,
                        task.observationDim(), task.actionDim()));
            }

            @Override
            public List<Long> seeds(Online c) {
                return List.of(c.seed());
            }

            @Override
            public Path run(Online c, RunFolder folder, Resources resources, boolean progress) {
                Path ckptFile = PolicyExpansionTraining.offlineCheckpoint(resources.root().resolve(c.offlineRun())
                        .resolve(TRAINING));
                Checkpoint ckpt = Checkpoint.read(ckptFile);
                D4rlDataset data = corrupted(resources.root());
                PolicyExpansionTraining.Config cfg = PolicyExpansionTraining.Config.of(c.data().env(), c.learner(),
                        ckptFile, ckpt, data, c.steps(), c.evalEvery(), c.seed())
                        .withSchedule(c.evalEvery(), c.evalEpisodes(), c.checkpointEvery())
                        .withOnlineCorruption(c.onlineCorruption(), c.zeroCleanRewards());
                Path dir = folder.file(TRAINING);
                PolicyExpansionTraining.run(cfg, ckpt, data, dir, progress);
                return dir.resolve("metrics.csv");
            }
        };
    }
}
