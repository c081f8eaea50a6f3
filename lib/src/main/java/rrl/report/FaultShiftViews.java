package rrl.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.CategoryChart;
import rrl.eval.FaultShift;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Fault-family shift ({@link FaultShift}) as tables and a chart. */
public final class FaultShiftViews {
    private FaultShiftViews() {}

    /** One row per case: family, fault, episodes, mean and std of the return, mean as a share of nominal. */
    public static Table table(String title, List<FaultShift.Row> rows) {
        Table t = Table.create(title,
                StringColumn.create("family", rows.stream().map(FaultShift.Row::family).toList()),
                StringColumn.create("fault", rows.stream().map(FaultShift.Row::fault).toList()),
                IntColumn.create("episodes", rows.stream().mapToInt(FaultShift.Row::episodes).toArray()),
                DoubleColumn.create("mean return", rows.stream().mapToDouble(FaultShift.Row::meanReturn).toArray()),
                DoubleColumn.create("std return", rows.stream().mapToDouble(FaultShift.Row::stdReturn).toArray()),
                DoubleColumn.create("share of nominal", rows.stream().mapToDouble(FaultShift.Row::shareOfNominal).toArray()));
        return Tables.decimals(Tables.decimals(t, 1, "mean return", "std return"), 2, "share of nominal");
    }

    /**
     * Several policies side by side, a row per fault family (in the cases' order): per policy the mean share of its
     * own nominal return over the family's cases (over actuators for dead / stuck / sign-flip, over delays) and the
     * worst case's share.
     *
     * @param policies each policy's rows under the same cases, by label (the column headings)
     */
    public static Table byFamily(String title, Map<String, List<FaultShift.Row>> policies) {
        List<String> families = families(policies);
        Table t = Table.create(title, StringColumn.create("family", families));
        List<String> shares = new ArrayList<>();
        policies.forEach((label, rows) -> {
            DoubleColumn mean = DoubleColumn.create(label + " mean share");
            DoubleColumn worst = DoubleColumn.create(label + " worst share");
            for (String f : families) {
                double[] v = rows.stream().filter(r -> r.family().equals(f)).mapToDouble(FaultShift.Row::shareOfNominal)
                        .toArray();
                mean.append(v.length == 0 ? Double.NaN : java.util.Arrays.stream(v).average().orElse(Double.NaN));
                worst.append(v.length == 0 ? Double.NaN : java.util.Arrays.stream(v).min().orElse(Double.NaN));
            }
            t.addColumns(mean, worst);
            shares.add(mean.name());
            shares.add(worst.name());
        });
        return Tables.decimals(t, 2, shares.toArray(String[]::new));
    }

    /** Grouped bars: per fault family, each policy's mean share of its own nominal return (1.0 = unharmed). */
    public static CategoryChart chart(String title, Map<String, List<FaultShift.Row>> policies) {
        CategoryChart c = Charts.barChart(title, "fault family", "return / the policy's nominal return");
        c.getStyler().setXAxisLabelRotation(30); // eight family names side by side overlap when level
        List<String> families = families(policies);
        policies.forEach((label, rows) -> c.addSeries(label, families, families.stream().map(f -> (Number) rows.stream()
                .filter(r -> r.family().equals(f)).mapToDouble(FaultShift.Row::shareOfNominal).average()
                .orElse(Double.NaN)).toList()));
        return c;
    }

    /**
     * In words, from the numbers: per policy, the mean share of its nominal return over the fault families beyond
     * nominal, and the family that cost it most; then which policy kept the most on average. Used as a notebook's
     * closing lines, so the text cannot drift from the table.
     */
    public static String summary(Map<String, List<FaultShift.Row>> policies) {
        List<String> parts = new ArrayList<>();
        String best = null;
        double bestShare = Double.NEGATIVE_INFINITY;
        for (Map.Entry<String, List<FaultShift.Row>> e : policies.entrySet()) {
            Map<String, double[]> byFamily = new LinkedHashMap<>();
            for (String f : families(Map.of(e.getKey(), e.getValue()))) {
                if (!f.equals(FaultShift.NOMINAL)) {
                    byFamily.put(f, e.getValue().stream().filter(r -> r.family().equals(f))
                            .mapToDouble(FaultShift.Row::shareOfNominal).toArray());
                }
            }
            double mean = byFamily.values().stream().mapToDouble(v -> java.util.Arrays.stream(v).average().orElse(Double.NaN))
                    .average().orElse(Double.NaN);
            Map.Entry<String, double[]> worst = byFamily.entrySet().stream().min(java.util.Comparator.comparingDouble(
                    x -> java.util.Arrays.stream(x.getValue()).average().orElse(Double.NaN))).orElse(null);
            double nominal = e.getValue().stream().filter(r -> r.family().equals(FaultShift.NOMINAL))
                    .mapToDouble(FaultShift.Row::meanReturn).findFirst().orElse(Double.NaN);
            String least = worst == null ? "" : String.format(java.util.Locale.ROOT, " (least under %s: %.0f%%)",
                    worst.getKey(), 100 * java.util.Arrays.stream(worst.getValue()).average().orElse(Double.NaN));
            if (!(nominal > 0)) {
                parts.add(String.format(java.util.Locale.ROOT, "%s (nominal return %.0f, not positive: no share is "
                        + "defined)", e.getKey(), nominal));
                continue;
            }
            parts.add(parts.isEmpty() ? String.format(java.util.Locale.ROOT, "%s (nominal return %.0f) kept %.0f%% of it "
                    + "on average over the %d fault families%s", e.getKey(), nominal, 100 * mean, byFamily.size(), least)
                    : String.format(java.util.Locale.ROOT, "%s (nominal %.0f) %.0f%%%s", e.getKey(), nominal, 100 * mean,
                            least));
            if (mean > bestShare) {
                bestShare = mean;
                best = e.getKey();
            }
        }
        return String.join("; ", parts) + (policies.size() > 1 && best != null ? ". " + best + " kept the largest share "
                + "of its own nominal return here (shares of different nominal returns: a policy that returns little "
                + "normally has little to lose); one seed and a few episodes per case, so a pointer for a study, not a "
                + "verdict." : ".");
    }

    private static List<String> families(Map<String, List<FaultShift.Row>> policies) {
        Map<String, Boolean> seen = new LinkedHashMap<>();
        policies.values().forEach(rows -> rows.forEach(r -> seen.put(r.family(), true)));
        return new ArrayList<>(seen.keySet());
    }
}
