package rrl.report;

import java.util.List;
import org.knowm.xchart.CategoryChart;
import rrl.eval.ActionKurtosis;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Paper 3's heavy-tail diagnostic (Fig. 1b) as a table and a chart: {@link ActionKurtosis} of several policies. */
public final class KurtosisViews {
    private KurtosisViews() {}

    /** One row per policy: its label, the states used, the mean excess kurtosis and one column per action dimension. */
    public static Table table(String title, List<ActionKurtosis> results) {
        int ad = results.stream().mapToInt(r -> r.perDimension().length).max().orElse(0);
        Table t = Table.create(title, StringColumn.create("policy"), IntColumn.create("states"),
                DoubleColumn.create("mean excess kurtosis"));
        for (int j = 0; j < ad; j++) {
            t.addColumns(DoubleColumn.create("a" + j));
        }
        for (ActionKurtosis r : results) {
            t.stringColumn("policy").append(r.label());
            t.intColumn("states").append(r.states());
            t.doubleColumn("mean excess kurtosis").append(r.mean());
            double[] per = r.perDimension();
            for (int j = 0; j < ad; j++) {
                t.doubleColumn("a" + j).append(j < per.length ? per[j] : Double.NaN);
            }
        }
        return Tables.decimals(t, 2, t.columnNames().stream().filter(c -> !c.equals("policy") && !c.equals("states"))
                .toArray(String[]::new));
    }

    /** Bars of excess kurtosis per action dimension, one series per policy (0 = Gaussian tails). */
    public static CategoryChart chart(String title, List<ActionKurtosis> results) {
        CategoryChart c = Charts.barChart(title, "action dimension", "excess kurtosis of the action (1; Gaussian = 0)");
        for (ActionKurtosis r : results) {
            double[] per = r.perDimension();
            List<String> dims = new java.util.ArrayList<>();
            List<Double> values = new java.util.ArrayList<>();
            for (int j = 0; j < per.length; j++) {
                dims.add("a" + j);
                values.add(per[j]);
            }
            c.addSeries(r.label(), dims, values);
        }
        return c;
    }
}
