package rrl.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Batch-merged statistics equal those of all rows at once, with Gymnasium's pseudo-count prior. */
class RunningMeanStdTest {
    @Test
    void mergedBatchesGiveTheStatisticsOfAllRowsWithThePrior() {
        SplittableRandom rng = new SplittableRandom(1);
        RunningMeanStd s = new RunningMeanStd(2);
        double[] all = new double[2 * 30];
        for (int i = 0; i < all.length; i++) {
            all[i] = rng.nextGaussian() * (i % 2 == 0 ? 3 : 0.5) + (i % 2 == 0 ? 5 : -1);
        }
        for (int from = 0; from < 30; ) {
            int rows = Math.min(30 - from, 1 + from % 4);
            double[] batch = java.util.Arrays.copyOfRange(all, from * 2, (from + rows) * 2);
            s.update(batch, rows);
            from += rows;
        }
        double c0 = RunningMeanStd.INITIAL_COUNT;
        for (int d = 0; d < 2; d++) {
            double sum = 0;
            for (int r = 0; r < 30; r++) {
                sum += all[r * 2 + d];
            }
            double mean = sum / (30 + c0); // the prior's mean 0 weighs c0
            double m2 = c0 * (1 + mean * mean); // prior: variance 1 around 0
            for (int r = 0; r < 30; r++) {
                m2 += (all[r * 2 + d] - mean) * (all[r * 2 + d] - mean);
            }
            assertEquals(mean, s.mean()[d], 1e-9);
            assertEquals(m2 / (30 + c0), s.var()[d], 1e-9);
        }
        assertEquals(30 + c0, s.count(), 1e-12);
    }
}
