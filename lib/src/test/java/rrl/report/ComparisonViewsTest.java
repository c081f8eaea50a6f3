package rrl.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import rrl.algo.IqlConfig;
import rrl.algo.Td3Config;
import rrl.train.MetricsLog;
import rrl.train.OfflineComparison;
import rrl.train.OfflineTraining;
import tech.tablesaw.api.Table;

/**
 * The comparison's views on hand-made curves: final score = mean of the last 3 evaluations; one table row per dataset
 * and learner; a band only with several seeds; the summary ranks by final score and says when intervals overlap.
 */
class ComparisonViewsTest {
    private static OfflineTraining.Result curve(double... scores) {
        List<OfflineTraining.EvalPoint> c = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            c.add(new OfflineTraining.EvalPoint(100L * (i + 1), 10 * scores[i], 1, scores[i]));
        }
        return new OfflineTraining.Result(c, null, (MetricsLog) null);
    }

    private static OfflineComparison.Result result() {
        return result(2);
    }

    /** TD3+BC well above IQL, over {@code seeds} seeds each. */
    private static OfflineComparison.Result result(int seeds) {
        OfflineComparison.Config c = new OfflineComparison.Config("Hopper", List.of(Td3Config.td3bc(),
                IqlConfig.defaults()), seeds, 0, 400, 100, 5);
        List<OfflineComparison.Run> runs = new ArrayList<>();
        for (int k = 0; k < seeds; k++) {
            runs.add(new OfflineComparison.Run("expert", "TD3+BC", k, curve(10 + 2 * k, 80 + 2 * k, 90 + 2 * k, 100 + 2 * k)));
        }
        for (int k = 0; k < seeds; k++) {
            runs.add(new OfflineComparison.Run("expert", "IQL", k, curve(5 + k, 20 + 2 * k, 30 + 2 * k, 40 + 2 * k)));
        }
        return new OfflineComparison.Result(c, List.of("expert"), runs);
    }

    @Test
    void finalScoresTableAndSummary() {
        assertEquals(90, ComparisonViews.finalScore(curve(10, 80, 90, 100)), 1e-12, "mean of the last three");
        assertEquals(50, ComparisonViews.finalScore(curve(40, 60)), 1e-12, "all of a shorter curve");
        Table t = ComparisonViews.finalScores(result(), "final", Map.of("expert", 100.0));
        assertEquals(2, t.rowCount());
        assertEquals(91, t.doubleColumn("final score, mean").get(0), 1e-9);
        assertEquals(101, t.doubleColumn("best evaluation, mean").get(0), 1e-9);
        assertEquals(100, t.doubleColumn("behaviour policy").get(1), 1e-9);
        String s = ComparisonViews.summary(result(), Map.of("expert", 100.0));
        assertTrue(s.indexOf("TD3+BC 91.0 (91% of the behaviour policy)") < s.indexOf("IQL 31.0"), s);
        // two seeds: ranked, but no separation claimed however far apart
        assertTrue(!s.contains("interval lies above") && !s.contains("overlap") && s.contains("fewer than 5 seeds"), s);
        String five = ComparisonViews.summary(result(5), Map.of("expert", 100.0));
        assertTrue(five.contains("TD3+BC's interval lies above IQL's") && !five.contains("fewer than 5 seeds"), five);
    }

    @Test
    void curvesHaveOneLinePerLearnerABandAndTheReference() {
        XYChart c = ComparisonViews.curves(result(), "expert", "Hopper expert", Map.of("behaviour policy", 100.0));
        assertTrue(c.getSeriesMap().containsKey("TD3+BC (mean of 2 seeds)"), c.getSeriesMap().keySet().toString());
        assertTrue(c.getSeriesMap().containsKey("TD3+BC (mean of 2 seeds) (95% CI)"));
        assertTrue(c.getSeriesMap().containsKey("IQL (mean of 2 seeds)") && c.getSeriesMap().containsKey("behaviour policy"));
        assertEquals("gradient updates", c.getXAxisTitle());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ComparisonViews.curves(result(), "medium", "x",
                Map.of())).getMessage().contains("no dataset 'medium'"));
    }
}
