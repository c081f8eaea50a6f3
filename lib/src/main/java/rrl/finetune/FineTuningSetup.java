package rrl.finetune;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
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
     * @param dataset the offline D4RL-format file, or null to collect {@code datasetSize} transitions from the
     *     shipped SAC expert (the data the shipped TD3+BC policy was trained on, regenerated)
     * @param attack the DE attack against pi_off (paper 2's settings by default)
     * @param nominalEpisodes episodes for pi_off's nominal return (normalises the adaptive curriculum's signal
     *     [our reading], notebooks/our-reading.md#normalised-return)
     */
    public record Spec(String env, String pretrained, String dataset, int datasetSize, AttackConfig attack,
                       int nominalEpisodes, long seed) {
        public Spec {
            env = Environments.task(env).name();
        }

        public static Spec shipped(String env, int datasetSize, AttackConfig attack) {
            return new Spec(env, "shipped:td3bc-expert", null, datasetSize, attack, 20, 0);
        }
    }

    private FineTuningSetup() {}

    /**
     * Prepares the shared inputs of {@code s} from pi_off and its offline learner state, both resolved by the
     * caller from {@code s.pretrained()} (the experiment layer's policy reference), the DE attack on
     * {@code threads} threads (same numbers on any count).
     */
    public static FineTuningInputs prepare(Spec s, ActorPolicy piOff, Checkpoint learner, RunFolder shared,
                                           boolean progress, int threads) {
        Task task = Environments.task(s.env());
        if (!"td3bc-training".equals(learner.kind())) {
            throw new IllegalArgumentException("the pretrained learner state is a '" + learner.kind()
                    + "' checkpoint; fine-tuning starts from a TD3+BC one");
        }
        D4rlDataset data;
        if (s.dataset() != null) {
            data = D4rlDataset.read(Path.of(s.dataset()));
        } else {
            Path file = shared.file("offline-expert-" + s.datasetSize() + "-s" + s.seed() + ".hdf5");
            if (Files.exists(file)) {
                data = D4rlDataset.read(file);
            } else {
                data = DatasetCollector.collect(task, ShippedPolicies.load(task.name(), "expert").sampling(s.seed()),
                        s.datasetSize(), 10, s.seed(), progress ? "offline data" : null);
                D4rlDataset collected = data;
                rrl.io.AtomicFiles.write(file, collected::write); // a killed run leaves no half-written file behind
            }
        }
        if (data.obsDim() != task.observationDim() || data.actDim() != task.actionDim()) {
            throw new IllegalArgumentException("offline dataset has observation " + data.obsDim() + ", action "
                    + data.actDim() + " but " + task.name() + " has " + task.observationDim() + ", " + task.actionDim());
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
        return new FineTuningInputs(learner, piOff.normalizer(), offline, nominal, sorted, na);
    }
}
