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
 * The run kinds of a fine-tuning study. The shared setup (pi_off, the offline data, the DE attack against
 * pi_off) is a run of its own whose folder is the study's root; fine-tuning runs and the offline-only baseline
 * carry the setup's spec in their config and find its cached files under their sweep's root, so each of them can
 * be shipped alone. The prepared setup is kept in memory per root, so runs in one process share it.
 */
public final class FineTuningRuns {
    /** Kind names. */
    public static final String SETUP = "fine-tuning-setup";
    public static final String FINE_TUNING = "fine-tuning";
    public static final String OFFLINE_ONLY = "fine-tuning-offline-only";

    /** One fine-tuning run: the setup it starts from and its own settings (condition, curriculum, seed, ...). */
    public record Run(FineTuningSetup.Spec setup, FineTuningConfig run) {}

    /** pi_off itself under the three conditions at step 0, with one seed's evaluation seeds. */
    public record OfflineOnly(FineTuningSetup.Spec setup, double eps, int evalEpisodes, long seed) {}

    private static final Gson GSON = new Gson();

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
        if (c.dataset() == null) {
            parts.add(rrl.data.DatasetCollector.memory(task, c.datasetSize(), 10));
        }
        parts.add(rrl.env.VectorEnv.memory(task, c.attack().populationSize() * c.attack().episodesPerIndividual()));
        return parts;
    }

    /** The setup of {@code spec} cached under {@code root}, prepared (or read back) once per process. */
    synchronized FineTuningInputs inputs(FineTuningSetup.Spec spec, Path root, boolean progress, int threads) {
        String key = root.toAbsolutePath().normalize() + "\n" + GSON.toJson(spec);
        FineTuningInputs in = prepared.get(key);
        if (in == null) {
            PolicyRef pre = PolicyRef.parse(spec.pretrained());
            rrl.env.Task task = Environments.task(spec.env());
            if (spec.pretrainedSha256() != null && !spec.pretrainedSha256().equals(pre.sha256(task))) {
                throw new IllegalArgumentException("policy " + spec.pretrained() + " changed since this study was planned "
                        + "(sha256 " + spec.pretrainedSha256().substring(0, 12) + " -> " + pre.sha256(task).substring(0, 12)
                        + "); plan the study again (rrl finetune re-reads it) or restore the policy");
            }
            in = FineTuningSetup.prepare(spec, pre.load(task), pre.learnerState(task), RunFolder.at(root), progress, threads);
            prepared.put(key, in);
        }
        return in;
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
            public List<rrl.guard.MemoryBudget.Request> memory(FineTuningSetup.Spec c) {
                return setupMemory(c);
            }

            @Override
            public List<Long> seeds(FineTuningSetup.Spec c) {
                return List.of(c.seed(), c.attack().seed());
            }

            @Override
            public Path run(FineTuningSetup.Spec c, RunFolder folder, Resources resources, boolean progress) {
                inputs(c, folder.dir(), progress, resources.threads());
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
                return Map.of("run.replayCapacity", rrl.replay.RingReplay.DEFAULT_CAPACITY);
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
            public List<Long> seeds(OfflineOnly c) {
                return List.of(c.seed());
            }

            @Override
            public Path run(OfflineOnly c, RunFolder folder, Resources resources, boolean progress) {
                FineTuningInputs in = inputs(c.setup(), resources.root(), progress, resources.threads());
                Task task = Environments.task(c.setup().env());
                ActorPolicy piOff = PolicyRef.parse(c.setup().pretrained()).load(task);
                FineTuningConfig cfg = FineTuningConfig.paper(task.name(), ConditionKind.NORMAL, CurriculumKind.FIXED, 1,
                        c.seed()).withEps(c.eps()).withSchedule(1, c.evalEpisodes(), 1);
                AdversarialFineTuning.EvalPoint e = AdversarialFineTuning.evaluate(piOff, task, cfg, in, 0, 0,
                        new PerturbationCondition.Intermittent(PerturbationCondition.normal(), 0));
                AdversarialFineTuning.writeMetrics(folder.file("metrics.csv"), List.of(e));
                return folder.file("metrics.csv");
            }
        };
    }
}
