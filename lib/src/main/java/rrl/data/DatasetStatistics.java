package rrl.data;

import java.util.List;

/**
 * Summary of a D4RL dataset. {@code obsStd} is the plain population std (numpy {@code std(0)}); the
 * consumer adds 1e-3 before dividing ({@link rrl.nn.ObservationNormalizer#TD3_BC_EPS}), as TD3+BC and
 * IQL do, so constant observation dimensions (e.g. Ant's zero contact forces) do not divide by zero. Episodes end at terminals or
 * timeouts; a trailing unfinished episode (D4RL files are cut at a fixed size) counts as one more.
 */
public record DatasetStatistics(double[] obsMean, double[] obsStd, int episodes, List<Double> episodeReturns,
                                double minReturn, double meanReturn, double maxReturn) {
    /** Copies the arrays so the record stays immutable. */
    public DatasetStatistics {
        obsMean = obsMean.clone();
        obsStd = obsStd.clone();
        episodeReturns = List.copyOf(episodeReturns);
    }

    @Override
    public double[] obsMean() {
        return obsMean.clone();
    }

    @Override
    public double[] obsStd() {
        return obsStd.clone();
    }

    /** {@code DatasetStatistics(21 episodes, return min 3021.4 / mean 3270.2 / max 3312.8, 11 observation dims)}. */
    @Override
    public String toString() {
        return "DatasetStatistics(" + episodes + (episodes == 1 ? " episode" : " episodes") + ", return min "
                + rrl.io.Texts.fixed(minReturn, 1) + " / mean " + rrl.io.Texts.fixed(meanReturn, 1) + " / max "
                + rrl.io.Texts.fixed(maxReturn, 1) + ", " + obsMean.length + " observation dims)";
    }
}
