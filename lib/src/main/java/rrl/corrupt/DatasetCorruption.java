package rrl.corrupt;

import java.util.EnumMap;
import java.util.Map;
import rrl.data.D4rlDataset;
import rrl.data.Transitions;
import rrl.random.Rng;

/**
 * RIQL's corruption of an offline dataset (YangRui2015/RIQL {@code attack.py}, used by felix-thu/RPEX as well), on
 * the dataset's q-learning transitions (s, a, r, s') as {@code d4rl.qlearning_dataset} gives them, which is what
 * {@code attack.py} corrupts: s and s' are corrupted independently.
 *
 * <p><b>Which transitions.</b> For each field, in the order obs, act, rew, dyn, one uniform draw per transition from
 * the corruption's generator; the field of transition k is corrupted when its draw is below the rate
 * ({@code sample_indexs}: {@code random(N) < rate}, drawn again for every field since {@code attack_dataset} sets
 * {@code resample_indexs=True}). So each field's share is Binomial(N, rate), not exactly rate * N.
 *
 * <p><b>Random mode.</b> std is the per-dimension (population) std of the field over all transitions, taken before
 * the field is changed. obs, act, dyn: x + U(-range, range) * std, drawn per dimension, row by row. rew: replaced by
 * U(-range, range) * 30. Actions are not clipped to the action space, as {@code attack.py} leaves them.
 *
 * <p><b>Adversarial mode.</b> rew: r * (-range). obs, act, dyn: the corrupted rows are split into {@code chunks}
 * chunks ({@code split_gradient_attack}: N / chunks rows each, the remainder in the last); in each a perturbation p
 * (in units of std) starts at U(-range * std, range * std) ({@code sample_para}, which scales by std once more: we
 * keep it) and takes {@code steps} Adam steps minimising the chunk's mean Q over the critic ensemble, clamped to
 * [-range, range] after every step; the stored value is x + p * std. The Q attacked is Q(s + p std, a) for obs,
 * Q(s, a + p std) for act and Q(s' + p std, pi(s' + p std)) for dyn. {@code optimize_para} creates a new
 * {@code torch.optim.Adam} at every step, so every step is Adam's first: p -= lr * g / (|g| + 1e-8) with lr =
 * 0.01 * range, which is what is computed here. Fields are corrupted in order on one working copy, so the action
 * attack sees the observations the observation attack left (as {@code attack_dataset} mutates one dict).
 *
 * <p>The corrupted transitions are written two rows each ({@link D4rlDataset#ofTransitions}) so that s and s' stay
 * independent in a D4RL file; the dyn attack uses the actor's deterministic action; draws come from rrl's seeded
 * generator [our reading: notebooks/our-reading.md#data-corruption].
 *
 * <p>Deterministic: the same data, config and critic give the same bits (on any thread count).
 */
public final class DatasetCorruption {
    /** RIQL's random reward: U(-range, range) times this ({@code corrupt_rew}). */
    public static final double REWARD_SCALE = 30;
    /** torch.optim.Adam's eps, the only Adam setting a first step depends on. */
    static final double ADAM_EPS = 1e-8;

    private DatasetCorruption() {}

    /**
     * The corrupted copy of {@code data} (written as two rows per transition, {@link D4rlDataset#ofTransitions}) and
     * which transitions each field changed.
     *
     * @param adversary the critic to attack; needed by adversarial obs, act or dyn, else may be null
     */
    public static CorruptedDataset apply(D4rlDataset data, CorruptionConfig c, QFunction adversary) {
        if (c.needsCritic() && adversary == null) {
            throw new IllegalArgumentException("adversarial " + c.fieldLabels() + " corruption attacks a critic: give one "
                    + "(a TD3+BC, SAC or EDAC run trained on this environment), or corrupt only rew");
        }
        if (c.needsCritic() && (adversary.observationDim() != data.obsDim() || adversary.actionDim() != data.actDim())) {
            throw new IllegalArgumentException("the critic was trained on " + adversary.env() + " (observation "
                    + adversary.observationDim() + ", action " + adversary.actionDim() + ") but the dataset has observation "
                    + data.obsDim() + ", action " + data.actDim() + "; give a critic trained on the dataset's environment");
        }
        Transitions t = data.qlearningView(); // fresh arrays: corrupted in place
        int n = t.count();
        Rng draws = new Rng(c.seed());
        Rng start = draws.split(); // the attack's starting points (attack.py: a torch generator with the same seed)
        Map<CorruptionField, boolean[]> masks = new EnumMap<>(CorruptionField.class);
        for (CorruptionField f : c.fields()) {
            boolean[] mask = new boolean[n];
            int corrupted = 0;
            for (int k = 0; k < n; k++) {
                mask[k] = draws.nextDouble() < c.rate();
                corrupted += mask[k] ? 1 : 0;
            }
            masks.put(f, mask);
            int[] rows = new int[corrupted];
            for (int k = 0, r = 0; k < n; k++) {
                if (mask[k]) {
                    rows[r++] = k;
                }
            }
            if (f == CorruptionField.REWARD) {
                float[] rew = t.rewards();
                for (int k : rows) {
                    rew[k] = (float) (c.mode() == CorruptionMode.RANDOM
                            ? uniform(draws, c.range()) * REWARD_SCALE : rew[k] * -c.range());
                }
                continue;
            }
            float[] x = f == CorruptionField.ACTION ? t.actions() : f == CorruptionField.OBSERVATION ? t.obs() : t.nextObs();
            int dim = f == CorruptionField.ACTION ? t.actDim() : t.obsDim();
            double[] std = std(x, n, dim);
            if (c.mode() == CorruptionMode.RANDOM) {
                for (int k : rows) {
                    for (int j = 0; j < dim; j++) {
                        x[k * dim + j] = (float) (x[k * dim + j] + uniform(draws, c.range()) * std[j]);
                    }
                }
            } else {
                GradientAttack.run(f, t, rows, std, c, adversary, start);
            }
        }
        Transitions corrupted = new Transitions(t.obs(), t.actions(), t.rewards(), t.nextObs(), t.dones(), n, t.obsDim(),
                t.actDim());
        String origin = c.needsCritic() && adversary instanceof CriticAdversary a ? a.origin()
                : c.needsCritic() ? adversary.env() + " critic" : null;
        return new CorruptedDataset(D4rlDataset.ofTransitions(corrupted), masks, c, data.sha256(), origin);
    }

    /** numpy's {@code uniform(-range, range)}: low + (high - low) * u. */
    static double uniform(Rng rng, double range) {
        return -range + 2 * range * rng.nextDouble();
    }

    /** Per-column population std (numpy's default ddof 0), two passes. */
    static double[] std(float[] x, int n, int dim) {
        double[] mean = new double[dim];
        double[] var = new double[dim];
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < dim; j++) {
                mean[j] += x[k * dim + j];
            }
        }
        for (int j = 0; j < dim; j++) {
            mean[j] /= Math.max(1, n);
        }
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < dim; j++) {
                double d = x[k * dim + j] - mean[j];
                var[j] += d * d;
            }
        }
        for (int j = 0; j < dim; j++) {
            var[j] = Math.sqrt(var[j] / Math.max(1, n));
        }
        return var;
    }
}
