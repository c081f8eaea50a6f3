package rrl.finetune;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import rrl.policy.ActorPolicy;
import rrl.attack.AttackConfig;
import rrl.attack.AttackRecord;
import rrl.attack.DifferentialEvolutionAttack;
import rrl.checkpoint.Checkpoint;
import rrl.data.D4rlDataset;
import rrl.data.DatasetCollector;
import rrl.policy.ShippedPolicies;
import rrl.data.Transitions;
import rrl.env.Environments;
import rrl.env.Task;
import rrl.rollout.Evaluation;
import rrl.replay.OfflineReplay;
import rrl.results.RunFolder;
import rrl.train.DatasetGeneration;

/**
 * Prepares what every fine-tuning run of a study shares (paper 1, notebooks/references.md#paper-1): the offline
 * learner pi_off /
 * Q_off, the offline dataset, pi_off's nominal return, and the DE attack against pi_off, computed before
 * fine-tuning. Results are cached in the study folder (the dataset file, the attack's run folder), so a rerun
 * reuses them.
 */
public final class FineTuningSetup {
    /**
     * @param pretrained a policy reference (resolved by rrl.experiment.PolicyRef): "shipped:NAME" (a shipped TD3+BC
     *     policy with its learner state) or a TD3+BC run folder
     *     holding policy.ckpt and training.ckpt
     * @param pretrainedSha256 SHA-256 (64 hex digits) of pi_off's policy file as it was when the study was planned:
     *     part of the run id of the setup and of every run, so a policy changed under the same name is another run;
     *     null only for studies recorded before inputs were pinned (unpinned)
     * @param dataset the offline D4RL-format file, or null to collect {@code datasetSize} transitions from the
     *     shipped SAC expert (the data the shipped TD3+BC policy was trained on, regenerated)
     * @param datasetSha256 {@link D4rlDataset#sha256()} of {@code dataset}'s arrays (64 hex digits), pinned as the
     *     policy is; null when the data is regenerated (or for studies recorded before inputs were pinned)
     * @param attack the DE attack against pi_off (paper 2's settings by default)
     * @param nominalEpisodes episodes for pi_off's nominal return (normalises the adaptive curriculum's signal
     *     [our reading], notebooks/our-reading.md#normalised-return)
     * @param seed the seed of the data collection, pi_off's nominal-return episodes and (when training) pi_off's
     *     training; one setup per training seed when {@code pretrainSteps > 0}
     * @param pretrainSteps 0 when pi_off is {@code pretrained}; else pi_off is trained here, TD3+BC with seed
     *     {@code seed} for this many updates on the setup's data ({@code pretrained} is then {@link #TRAIN_TD3BC}),
     *     so that every training seed of a study has its own pi_off
     * @param data the D4RL kind of the regenerated data ({@link #dataKind}): null or "expert" (the shipped SAC expert's,
     *     as before the field existed), "random", "medium" or "medium-expert" (made as {@link DatasetGeneration} makes
     *     them from the shipped policies); with a {@code dataset} file only expert or null
     * @throws IllegalArgumentException for an unknown environment or a hash that is not 64 hex digits
     */
    public record Spec(String env, String pretrained, String pretrainedSha256, String dataset, String datasetSha256,
                       int datasetSize, AttackConfig attack, int nominalEpisodes, long seed, long pretrainSteps, String data) {
        public Spec {
            env = Environments.task(env).name();
            data = dataKind(data, dataset);
            if ((pretrainSteps > 0) != TRAIN_TD3BC.equals(pretrained) || pretrainSteps < 0) {
                throw new IllegalArgumentException("pi_off is trained by the setup exactly when pretrained is \"" + TRAIN_TD3BC
                        + "\" and pretrainSteps >= 1; got pretrained " + pretrained + " with pretrainSteps " + pretrainSteps);
            }
            if (pretrainSteps > 0 && pretrainedSha256 != null) {
                throw new IllegalArgumentException("a pi_off trained by the setup has no file to pin; its identity is the setup");
            }
            for (String h : new String[] {pretrainedSha256, datasetSha256}) {
                if (h != null && !h.matches("[0-9a-f]{64}")) {
                    throw new IllegalArgumentException("a pinned input's sha256 is 64 lower-case hex digits, got " + h);
                }
            }
        }

        /** A shared setup whose pi_off is given (the form before per-seed training). */
        public Spec(String env, String pretrained, String pretrainedSha256, String dataset, String datasetSha256,
                    int datasetSize, AttackConfig attack, int nominalEpisodes, long seed) {
            this(env, pretrained, pretrainedSha256, dataset, datasetSha256, datasetSize, attack, nominalEpisodes, seed, 0, null);
        }

        /** A setup on the shipped expert's data (the form before the data's kind could be chosen). */
        public Spec(String env, String pretrained, String pretrainedSha256, String dataset, String datasetSha256,
                    int datasetSize, AttackConfig attack, int nominalEpisodes, long seed, long pretrainSteps) {
            this(env, pretrained, pretrainedSha256, dataset, datasetSha256, datasetSize, attack, nominalEpisodes, seed,
                    pretrainSteps, null);
        }

        /** Whether this setup trains its own pi_off (one setup per training seed). */
        public boolean trainsPiOff() {
            return pretrainSteps > 0;
        }

        /** The field added after setups were recorded, with the value those had: a given pi_off. */
        public static final java.util.Map<String, Object> ADDED = java.util.Map.of("pretrainSteps", 0, "data", EXPERT);

        /** The dotted paths of the pins (for runs recorded before them: see rrl.experiment.RunKind#pins). */
        public static final java.util.Set<String> PINS = java.util.Set.of("pretrainedSha256", "datasetSha256");

        /** "shipped:td3bc-expert (sha256 3f2a9c0d1e7b)", or "TD3+BC trained here (seed 3, 20,000 updates)". */
        public String describePretrained() {
            if (trainsPiOff()) {
                return String.format(java.util.Locale.ROOT, "TD3+BC trained here (seed %d, %,d updates)", seed, pretrainSteps);
            }
            return pretrained + (pretrainedSha256 == null ? "" : " (sha256 " + pretrainedSha256.substring(0, 12) + ")");
        }
    }

    /** The D4RL kind of the data a setup regenerates unless told otherwise: the shipped SAC expert's. */
    public static final String EXPERT = "expert";

    /**
     * The D4RL label of the data kind {@code data} (null: {@link #EXPERT}) for a setup given {@code dataset} (a file, or
     * null when the data is regenerated from the shipped policies).
     *
     * @throws IllegalArgumentException for an unknown kind, for medium-replay (a SAC run's replay buffer: no shipped
     *     policy makes it) and for another kind than expert beside a dataset file (the file is the data)
     */
    public static String dataKind(String data, String dataset) {
        if (data == null) {
            return EXPERT;
        }
        DatasetGeneration.Kind k = DatasetGeneration.Kind.parse(data);
        if (k == DatasetGeneration.Kind.MEDIUM_REPLAY) {
            throw new IllegalArgumentException("medium-replay is a SAC run's replay buffer, which no shipped policy makes: "
                    + "write it with bin/rrl datasets generate --run DIR --kinds medium-replay and give the file as \"dataset\"");
        }
        if (dataset != null && k != DatasetGeneration.Kind.EXPERT) {
            throw new IllegalArgumentException("\"" + k.label() + "\" names regenerated data, but the plan gives the file "
                    + dataset + "; leave \"data\" out (the file is the data) or leave \"dataset\" out to regenerate");
        }
        return k.label();
    }

    /** {@code pretrained} value of a setup that trains its own TD3+BC pi_off with its seed. */
    public static final String TRAIN_TD3BC = "train:td3bc";

    private FineTuningSetup() {}

    /**
     * The setup's offline data: {@code s.dataset()} checked against its pin, else {@code s.datasetSize()}
     * transitions collected from the shipped SAC expert with seed {@code s.seed()}, cached in {@code shared}.
     */
    public static D4rlDataset offlineData(Spec s, RunFolder shared, boolean progress) {
        Task task = Environments.task(s.env());
        D4rlDataset data;
        if (s.dataset() != null) {
            data = D4rlDataset.read(Path.of(s.dataset()));
            if (s.datasetSha256() != null && !s.datasetSha256().equals(data.sha256())) {
                throw new IllegalArgumentException("dataset " + s.dataset() + " changed since this study was planned (sha256 "
                        + s.datasetSha256().substring(0, 12) + " -> " + data.sha256().substring(0, 12) + "); plan the "
                        + "study again (rrl finetune re-reads it) or restore the file");
            }
        } else if (!EXPERT.equals(s.data())) {
            data = regenerated(s, task, shared, progress);
        } else {
            Path file = shared.file("offline-expert-" + s.datasetSize() + "-s" + s.seed() + ".hdf5");
            if (Files.exists(file)) {
                data = D4rlDataset.read(file);
            } else {
                data = DatasetCollector.sampled(task, ShippedPolicies.load(task.name(), "expert"), s.datasetSize(),
                        s.seed(), progress ? "offline data" : null); // as `rrl datasets collect --policy shipped:expert`
                D4rlDataset collected = data;
                rrl.io.AtomicFiles.write(file, collected::write); // a killed run leaves no half-written file behind
            }
        }
        if (data.obsDim() != task.observationDim() || data.actDim() != task.actionDim()) {
            throw new IllegalArgumentException("offline dataset has observation " + data.obsDim() + ", action "
                    + data.actDim() + " but " + task.name() + " has " + task.observationDim() + ", " + task.actionDim());
        }
        return data;
    }

    /**
     * {@code s.datasetSize()} transitions of kind {@code s.data()} (medium-expert: twice that, medium then expert) made
     * by {@link DatasetGeneration} from the shipped policies with seed {@code s.seed()}, cached in {@code shared} with
     * the generation's record beside it.
     */
    private static D4rlDataset regenerated(Spec s, Task task, RunFolder shared, boolean progress) {
        DatasetGeneration.Kind kind = DatasetGeneration.Kind.parse(s.data());
        Path file = shared.file(task.name().toLowerCase(java.util.Locale.ROOT) + "-" + kind.label() + "-rrl.hdf5");
        if (!Files.exists(file)) { // written atomically: present means complete
            DatasetGeneration.generate(new DatasetGeneration.Config(task.name(), null, shared.dir(), List.of(kind),
                    s.datasetSize(), 10, s.seed()), progress);
        }
        return D4rlDataset.read(file);
    }

    /**
     * Prepares the shared inputs of {@code s} from pi_off and its offline learner state, both resolved by the
     * caller from {@code s.pretrained()} (the experiment layer's policy reference), the DE attack on
     * {@code threads} threads (same numbers on any count).
     */
    public static FineTuningInputs prepare(Spec s, ActorPolicy piOff, Checkpoint learner, RunFolder shared,
                                           boolean progress, int threads) {
        return prepare(s, piOff, learner, offlineData(s, shared, progress), shared, progress, threads);
    }

    /**
     * As {@link #prepare(Spec, ActorPolicy, Checkpoint, RunFolder, boolean, int)} with the setup's offline data
     * already read ({@link #offlineData}), e.g. by the caller that trained pi_off on it.
     */
    public static FineTuningInputs prepare(Spec s, ActorPolicy piOff, Checkpoint learner, D4rlDataset data,
                                           RunFolder shared, boolean progress, int threads) {
        Task task = Environments.task(s.env());
        if (!"td3bc-training".equals(learner.kind())) {
            throw new IllegalArgumentException("the pretrained learner state is a '" + learner.kind()
                    + "' checkpoint; fine-tuning starts from a TD3+BC one");
        }
        // The offline rows are normalised with pi_off's normaliser, as its critics saw them.
        Transitions raw = data.qlearningView();
        float[] obs = raw.obs().clone();
        float[] next = raw.nextObs().clone();
        piOff.normalizer().applyInPlace(obs, raw.count());
        piOff.normalizer().applyInPlace(next, raw.count());
        OfflineReplay offline = new OfflineReplay(new Transitions(obs, raw.actions(), raw.rewards(), next, raw.dones(),
                raw.count(), raw.obsDim(), raw.actDim()));
        double nominal = Evaluation.run(piOff, task, s.nominalEpisodes(), s.nominalEpisodes(), s.seed() + 77).meanReturn();
        RunFolder attackFolder = RunFolder.at(shared.dir().resolve("attack-pi-off"));
        DifferentialEvolutionAttack.Result attack = DifferentialEvolutionAttack.run(piOff, s.attack(),
                attackFolder.file("attack.ckpt"), progress, threads);
        AttackRecord.write(attackFolder, attack, Map.of("policy", s.pretrained(), "role", "pi_off, before fine-tuning"));
        int na = task.actionDim();
        double[] sorted = byFitness(attack);
        return new FineTuningInputs(learner, piOff.normalizer(), offline, nominal, sorted, na);
    }

    /**
     * The final population of {@code attack}, best first (lowest mean return), NP x Na row-major: what a delta pool
     * takes its K best from.
     */
    public static double[] byFitness(DifferentialEvolutionAttack.Result attack) {
        int na = attack.actionDim();
        double[] fit = attack.fitness();
        Integer[] order = IntStream.range(0, fit.length).boxed().sorted(Comparator.comparingDouble(i -> fit[i]))
                .toArray(Integer[]::new);
        double[] sorted = new double[fit.length * na];
        for (int r = 0; r < order.length; r++) {
            System.arraycopy(attack.population(), order[r] * na, sorted, r * na, na);
        }
        if (!Arrays.equals(Arrays.copyOf(sorted, na), attack.delta())) {
            throw new IllegalStateException("attack population order does not start at delta_best");
        }
        return sorted;
    }
}
