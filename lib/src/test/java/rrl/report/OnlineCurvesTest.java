package rrl.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import rrl.train.OnlineTraining.EvalPoint;

/** Offline-to-online curves: a series per run and a dashed line for the policy it started from; the summary's numbers. */
class OnlineCurvesTest {
    @Test
    void seriesPerRunWithItsOfflineLineAndASummaryOfLastAndBest() {
        Map<String, List<EvalPoint>> curves = new LinkedHashMap<>();
        curves.put("PEX", List.of(new EvalPoint(1000, 600, 10, 0, Double.NaN, ""), new EvalPoint(2000, 500, 5, 0, Double.NaN, "")));
        curves.put("RPEX", List.of(new EvalPoint(1000, 900, 1, 0, Double.NaN, "")));
        Map<String, Double> offline = Map.of("RPEX", 1000.0);
        XYChart c = TrainingViews.onlineCurves("T", curves, offline);
        assertEquals(List.of("PEX", "RPEX", "RPEX: offline policy"), List.copyOf(c.getSeriesMap().keySet()));
        assertEquals("environment steps", c.getXAxisTitle());
        assertEquals("PEX: after 2000 steps 500 (best 600 at step 1000); RPEX: offline policy 1000, after 1000 steps 900 "
                + "(best 900 at step 1000).", TrainingViews.onlineSummary(curves, offline));
    }
}
