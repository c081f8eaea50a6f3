package rrl.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Hand-checked values, determinism, and bad input for rrl.stats (rliable agreement: RliableOracleTest). */
class StatsTest {
    // 4 runs x 2 tasks; task means 2.5 and 25
    static final double[][] S = {{1, 10}, {2, 20}, {3, 30}, {4, 40}};

    @Test
    void aggregatesByHand() {
        assertEquals(13.75, Aggregate.MEAN.of(S), 1e-12);
        assertEquals(13.75, Aggregate.MEDIAN.of(S), 1e-12); // two task means: their average
        assertEquals(2.5, Aggregate.MEDIAN.of(new double[][] {{1, 2, 9}, {3, 3, 9}}), 1e-12);
        // 8 scores sorted 1 2 3 4 10 20 30 40: drop 2 at each end -> mean(3, 4, 10, 20)
        assertEquals(9.25, Aggregate.IQM.of(S), 1e-12);
        // 5 scores: floor(1.25) = 1 dropped at each end
        assertEquals(3, Aggregate.IQM.of(new double[][] {{1}, {2}, {3}, {4}, {100}}), 1e-12);
        // min(score, 25) mean = (1+2+3+4+10+20+25+25)/8 = 11.25
        assertEquals(25 - 11.25, Aggregate.optimalityGap(25).of(S), 1e-12);
        assertEquals(0, Aggregate.optimalityGap(0).of(S), 1e-12);
    }

    @Test
    void probabilityOfImprovementCountsTiesAsHalf() {
        double[][] x = {{1}, {3}};
        double[][] y = {{1}, {2}};
        // pairs: (1,1) tie, (1,2) lose, (3,1) win, (3,2) win -> 2.5 / 4
        assertEquals(0.625, ProbabilityOfImprovement.of(x, y), 1e-12);
        assertEquals(0.375, ProbabilityOfImprovement.of(y, x), 1e-12);
        assertEquals(0.5, ProbabilityOfImprovement.of(S, S), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> ProbabilityOfImprovement.of(x, S));
    }

    @Test
    void profilesCountScoresStrictlyAboveTau() {
        assertArrayEquals(new double[] {1, 0.5, 0.25, 0}, PerformanceProfiles.scoreDistribution(S, new double[] {0, 4, 20, 40}));
        assertArrayEquals(new double[] {1, 0.5, 0}, PerformanceProfiles.averageScoreDistribution(S, new double[] {2, 2.5, 25}));
        assertArrayEquals(new double[] {0, 0.5, 1}, PerformanceProfiles.linspace(0, 1, 3));
    }

    @Test
    void sameNumbersOnAnyThreadCountAndSeedMatters() {
        BootstrapConfig cfg = BootstrapConfig.defaults().withReps(2000).withSeed(11);
        Estimate one = StratifiedBootstrap.interval("A", S, Aggregate.IQM, cfg, 1);
        Estimate four = StratifiedBootstrap.interval("A", S, Aggregate.IQM, cfg, 4);
        assertEquals(one, four);
        Estimate tasks1 = StratifiedBootstrap.interval("A", S, Aggregate.MEAN, cfg.withTaskBootstrap(true), 1);
        Estimate tasks3 = StratifiedBootstrap.interval("A", S, Aggregate.MEAN, cfg.withTaskBootstrap(true), 3);
        assertEquals(tasks1, tasks3);
        Estimate other = StratifiedBootstrap.interval("A", S, Aggregate.IQM, cfg.withSeed(12), 1);
        assertFalse(one.low() == other.low() && one.high() == other.high(), "another seed, other resamples");
        PerformanceProfile p1 = PerformanceProfiles.profile("A", S, new double[] {2, 15}, false, cfg, 1);
        PerformanceProfile p2 = PerformanceProfiles.profile("A", S, new double[] {2, 15}, false, cfg, 2);
        assertArrayEquals(p1.low(), p2.low());
        assertArrayEquals(p1.high(), p2.high());
        Estimate poi1 = ProbabilityOfImprovement.interval("A", S, "B", S, cfg, 1);
        Estimate poi2 = ProbabilityOfImprovement.interval("A", S, "B", S, cfg, 3);
        assertEquals(poi1, poi2);
    }

    @Test
    void stratifiedResamplesKeepEachTasksRuns() {
        double[][][] r = StratifiedBootstrap.resample(new double[][][] {S}, false, 5, 0);
        for (double[] run : r[0]) {
            assertTrue(Arrays.asList(1.0, 2.0, 3.0, 4.0).contains(run[0]), "task 0 keeps task 0's scores");
            assertTrue(Arrays.asList(10.0, 20.0, 30.0, 40.0).contains(run[1]), "task 1 keeps task 1's scores");
        }
    }

    @Test
    void intervalsBracketThePointAndWidenWithConfidence() {
        BootstrapConfig cfg = BootstrapConfig.defaults().withReps(4000).withSeed(3);
        double[][] s = new double[12][3];
        rrl.random.Rng rng = new rrl.random.Rng(9);
        for (double[] run : s) {
            for (int m = 0; m < 3; m++) {
                run[m] = m + rng.nextGaussian();
            }
        }
        Estimate e95 = StratifiedBootstrap.interval("A", s, Aggregate.MEAN, cfg);
        Estimate e50 = StratifiedBootstrap.interval("A", s, Aggregate.MEAN, cfg.withConfidence(0.5));
        assertTrue(e95.contains(e95.point()));
        assertTrue(e95.low() < e50.low() && e50.high() < e95.high());
        assertEquals(12, e95.runs());
        assertEquals(3, e95.tasks());
    }

    @Test
    void quantilesInterpolateAsNumpy() {
        double[] v = {1, 2, 3, 4};
        assertEquals(1.075, StratifiedBootstrap.quantileSorted(v, 0.025), 1e-12); // numpy.percentile(v, 2.5)
        assertEquals(3.925, StratifiedBootstrap.quantileSorted(v, 0.975), 1e-12);
        assertEquals(4, StratifiedBootstrap.quantileSorted(v, 1), 0);
    }

    @Test
    void tTestsByHand() {
        double[] x = {1, 2, 3, 4};
        double[] y = {0, 2, 1, 3};
        // differences 1 0 2 1: mean 1, sd sqrt(2/3), se sqrt(2/3)/2, t = 2.449..., df 3
        TTestResult p = TTests.paired(x, y, 0.95);
        assertEquals(1, p.meanDifference(), 1e-12);
        assertEquals(1 / (Math.sqrt(2.0 / 3) / 2), p.statistic(), 1e-12);
        assertEquals(3, p.degreesOfFreedom(), 0);
        assertEquals(1 - 3.182446305284263 * Math.sqrt(2.0 / 3) / 2, p.low(), 1e-9); // t_{0.975, 3}
        TTestResult w = TTests.welch(x, y, 0.95);
        assertEquals(1, w.meanDifference(), 1e-12);
        assertTrue(w.low() < 1 && w.high() > 1 && w.pValue() > 0 && w.pValue() < 1);
        assertThrows(IllegalArgumentException.class, () -> TTests.paired(x, new double[] {1, 2}, 0.95));
        assertThrows(IllegalArgumentException.class, () -> TTests.paired(x, x, 0.95));
        assertThrows(IllegalArgumentException.class, () -> TTests.welch(new double[] {1}, y, 0.95));
    }

    @Test
    void badInputNamesTheProblem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Aggregate.IQM.of(new double[][] {{1, 2}, {3}}));
        assertTrue(e.getMessage().contains("run 1 has 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Aggregate.MEAN.of(new double[][] {{1, Double.NaN}}));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Aggregate.MEAN.of(new double[0][]));
        assertThrows(IllegalArgumentException.class, () -> BootstrapConfig.defaults().withReps(10));
        assertThrows(IllegalArgumentException.class, () -> BootstrapConfig.defaults().withConfidence(1));
        assertThrows(IllegalArgumentException.class, () -> Aggregate.optimalityGap(Double.NaN));
        assertEquals(50_000, BootstrapConfig.defaults().reps());
        assertEquals(0.95, BootstrapConfig.defaults().confidence());
        assertEquals(2_000, BootstrapConfig.profileDefaults().reps());
    }
}
