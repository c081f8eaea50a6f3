package rrl.algo;

import java.util.List;
import rrl.io.Labelled;

/**
 * RIQL's per-environment settings for each kind of data corruption, as the authors tuned them
 * (YangRui2015/RIQL {@code RIQL_config.py get_config}; the same table is RPEX's {@code RIQL_TRAIN_CONFIG.py};
 * notebooks/references.md#riql): the Huber parameter sigma (threshold 1 / sigma^2), the quantile level over the
 * target critics and their number. Rows exist for HalfCheetah, Walker2d and Hopper, the environments the
 * authors corrupted.
 *
 * @param sigma RIQL's Huber {@code sigma}
 * @param quantile the alpha of the quantile over the target critics
 * @param critics N
 */
public record RiqlTuning(double sigma, double quantile, int critics) {
    /** {@code RIQL.py}'s {@code TrainConfig} defaults, used without a corruption kind: sigma 1, quantile 0.25, N 5. */
    public static RiqlTuning defaults() {
        return new RiqlTuning(1.0, 0.25, 5);
    }

    /** The environments of the table, in the order of {@link Corruption}'s rows. */
    public static final List<String> ENVIRONMENTS = List.of("HalfCheetah", "Walker2d", "Hopper");

    /**
     * A corruption kind: mode (random noise, or a gradient attack against a pretrained critic) and the corrupted
     * field, with the row of {@code get_config} for HalfCheetah, Walker2d and Hopper.
     */
    public enum Corruption implements Labelled {
        RANDOM_OBSERVATIONS("random-observations", row(0.1, 0.1, 5), row(0.1, 0.25, 5), row(0.1, 0.25, 3)),
        RANDOM_ACTIONS("random-actions", row(0.5, 0.25, 3), row(0.5, 0.1, 5), row(0.1, 0.25, 5)),
        RANDOM_REWARDS("random-rewards", row(3.0, 0.25, 5), row(3.0, 0.1, 5), row(1.0, 0.25, 3)),
        RANDOM_DYNAMICS("random-dynamics", row(3.0, 0.25, 5), row(1.0, 0.25, 3), row(1.0, 0.5, 5)),
        ADVERSARIAL_OBSERVATIONS("adversarial-observations", row(0.1, 0.1, 5), row(1.0, 0.25, 5), row(1.0, 0.25, 5)),
        ADVERSARIAL_ACTIONS("adversarial-actions", row(1.0, 0.1, 5), row(1.0, 0.1, 5), row(1.0, 0.25, 5)),
        ADVERSARIAL_REWARDS("adversarial-rewards", row(1.0, 0.1, 5), row(3.0, 0.1, 5), row(0.1, 0.25, 5)),
        ADVERSARIAL_DYNAMICS("adversarial-dynamics", row(1.0, 0.1, 5), row(1.0, 0.25, 5), row(1.0, 0.5, 5));

        private final String label;
        private final List<RiqlTuning> byEnvironment;

        Corruption(String label, RiqlTuning halfCheetah, RiqlTuning walker2d, RiqlTuning hopper) {
            this.label = label;
            this.byEnvironment = List.of(halfCheetah, walker2d, hopper);
        }

        @Override
        public String label() {
            return label;
        }

        /** "random-observations", "adversarial-rewards", ... (or the enum name), case-insensitively. */
        public static Corruption parse(String s) {
            return Labelled.parse(Corruption.class, s, "corruption kind");
        }
    }

    private static RiqlTuning row(double sigma, double quantile, int critics) {
        return new RiqlTuning(sigma, quantile, critics);
    }

    /**
     * The authors' settings for {@code env} (a task name: "Hopper", "HalfCheetah", "Walker2d", case-insensitive)
     * under {@code corruption}; other environments are an error naming the three.
     */
    public static RiqlTuning of(String env, Corruption corruption) {
        for (int i = 0; i < ENVIRONMENTS.size(); i++) {
            if (ENVIRONMENTS.get(i).equalsIgnoreCase(env)) {
                return corruption.byEnvironment.get(i);
            }
        }
        throw new IllegalArgumentException("RIQL's tuned settings exist for " + ENVIRONMENTS + ", not " + env
                + "; without a tuned row give sigma, quantile and N yourself (rrl train riql: leave out --corruption and "
                + "pass --sigma, --quantile and --critics)");
    }
}
