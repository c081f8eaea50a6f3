package rrl.algo;

import rrl.data.Transitions;
import rrl.io.Labelled;
import rrl.nn.ObservationNormalizer;

/**
 * How an offline run scales observations before its learner sees them: a part of the algorithm's data
 * preparation that its config records (so it is in config.json and the run id), applied by the training loop
 * to the whole dataset and carried by the policy it hands out. The std of every kind gets + 1e-3
 * ({@link ObservationNormalizer#TD3_BC_EPS}), as in sfujim/TD3_BC, CORL and YangRui2015/RIQL.
 */
public enum ObservationScaling implements Labelled {
    /** Raw observations (ikostrikov/implicit_q_learning, d3rlpy's default). */
    NONE,
    /** Mean and std of the dataset's observations (sfujim/TD3_BC; CORL {@code iql.py} with {@code normalize=True}). */
    STATES,
    /**
     * Mean and std over the observations and the next observations together (YangRui2015/RIQL {@code RIQL.py}:
     * {@code compute_mean_std(np.concatenate([observations, next_observations]), eps=1e-3)}).
     */
    STATES_AND_NEXT;

    /** As the CLI spells it: none, states, states-and-next (config files keep the constant's name). */
    @Override
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** The kind labelled {@code s} (case and separators ignored); otherwise an error naming the three. */
    public static ObservationScaling parse(String s) {
        return Labelled.parse(ObservationScaling.class, s, "observation scaling");
    }

    /** The normaliser of this kind for the (raw) transitions {@code raw}. */
    public ObservationNormalizer fit(Transitions raw) {
        int d = raw.obsDim();
        return switch (this) {
            case NONE -> ObservationNormalizer.identity(d);
            case STATES -> ObservationNormalizer.fromData(raw.obs(), raw.count(), d, ObservationNormalizer.TD3_BC_EPS);
            case STATES_AND_NEXT -> {
                float[] both = new float[2 * raw.count() * d];
                System.arraycopy(raw.obs(), 0, both, 0, raw.count() * d);
                System.arraycopy(raw.nextObs(), 0, both, raw.count() * d, raw.count() * d);
                yield ObservationNormalizer.fromData(both, 2 * raw.count(), d, ObservationNormalizer.TD3_BC_EPS);
            }
        };
    }
}
