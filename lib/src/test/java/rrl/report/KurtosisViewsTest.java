package rrl.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.CategoryChart;
import rrl.eval.ActionKurtosis;
import tech.tablesaw.api.Table;

/** The heavy-tail diagnostic's table (a row per policy, a column per action dimension) and its labelled chart. */
class KurtosisViewsTest {
    @Test
    void tableAndChartNameEveryPolicyAndDimension() {
        List<ActionKurtosis> r = List.of(new ActionKurtosis("IQL clean", new double[] {0.1234, -1.0, 2.0}, 0.3745, 100),
                new ActionKurtosis("IQL corrupted", new double[] {5.0, 6.0}, 5.5, 100));
        Table t = KurtosisViews.table("T", r);
        assertEquals(List.of("policy", "states", "mean excess kurtosis", "a0", "a1", "a2"), t.columnNames());
        assertEquals("IQL corrupted", t.stringColumn("policy").get(1));
        assertEquals(true, t.doubleColumn("a2").isMissing(1)); // the second policy has two action dimensions
        CategoryChart c = KurtosisViews.chart("Excess kurtosis of the actions", r);
        assertEquals("action dimension", c.getXAxisTitle());
        assertEquals("excess kurtosis of the action (1; Gaussian = 0)", c.getYAxisTitle());
        assertEquals(List.of("IQL clean", "IQL corrupted"), List.copyOf(c.getSeriesMap().keySet()));
        assertEquals("Mean excess kurtosis of the evaluation action over 100 states: IQL clean 0.37; IQL corrupted 5.50 "
                + "(+5.13 against IQL clean). 0 is a Gaussian's tails; paper 3 (Fig. 1b) finds policies trained on corrupted "
                + "data heavier-tailed.", KurtosisViews.summary(r));
    }
}
