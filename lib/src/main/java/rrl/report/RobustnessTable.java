package rrl.report;

import rrl.eval.RobustnessEvaluation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

/** Tablesaw tables of robustness results: one row per (env, data, method, condition), and paper 2's Table 1 layout. */
public final class RobustnessTable {
    /** Paper 2's condition order. */
    public static final List<String> CONDITIONS = List.of("normal", "random", "adversarial");

    private RobustnessTable() {}

    /** Long format: one row per evaluated condition. */
    public static Table of(String title, List<RobustnessEvaluation.Row> rows) {
        Table t = RobustnessEvaluation.table(title, rows);
        // Display only; CSV output keeps full precision.
        Tables.decimals(t, Tables.RETURN, "mean_return", "std_return", "mean_length");
        return Tables.decimals(t, Tables.SCORE, "d4rl_score");
    }

    /**
     * Paper 2's Table 1 layout: one row per (env, training data, method), one column per condition holding
     * "mean ± std" of the return. Reads any table with the long format's columns (ours or the paper's); a table
     * with policy_index and policy columns ({@link rrl.experiment.RobustnessStudy#policyTable}) gets one row per
     * trained policy.
     */
    public static Table wide(String title, Table longTable) {
        return wide(title, longTable, "adversarial");
    }

    /**
     * As {@link #wide(String, Table)} with the adversarial column named {@code adversarialHeader}, e.g. "adversarial
     * (own worst case)" when each policy's δ was found by DE against that policy itself.
     */
    public static Table wide(String title, Table longTable, String adversarialHeader) {
        boolean perPolicy = longTable.columnNames().contains("policy_index") && longTable.columnNames().contains("policy");
        Map<String, Map<String, String>> cells = new LinkedHashMap<>();
        Map<String, String[]> keys = new LinkedHashMap<>();
        for (int r = 0; r < longTable.rowCount(); r++) {
            String env = longTable.stringColumn("env").get(r);
            String data = longTable.stringColumn("training_data").get(r);
            String method = longTable.stringColumn("method").get(r);
            String index = perPolicy ? longTable.column("policy_index").getString(r) : "";
            String policy = perPolicy ? longTable.stringColumn("policy").get(r) : "";
            String key = String.join("\u0000", env, data, method, index, policy);
            keys.putIfAbsent(key, new String[] {env, data, method, index, policy});
            double mean = ((Number) longTable.column("mean_return").get(r)).doubleValue();
            double std = longTable.numberColumn("std_return").getDouble(r); // NaN where missing
            // a missing std (an average row of withAverages) shows the mean alone, as paper 2's Table 1 does
            cells.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(longTable.stringColumn("condition").get(r),
                    Double.isNaN(std) ? String.format(Locale.ROOT, "%.0f", mean)
                            : String.format(Locale.ROOT, "%.0f ± %.0f", mean, std));
        }
        Table t = Table.create(title);
        StringColumn env = StringColumn.create("env");
        StringColumn data = StringColumn.create("training_data");
        StringColumn method = StringColumn.create("method");
        StringColumn index = StringColumn.create("policy_index");
        StringColumn policy = StringColumn.create("policy");
        List<StringColumn> conds = new ArrayList<>();
        for (String c : CONDITIONS) {
            conds.add(StringColumn.create(c.equals("adversarial") ? adversarialHeader : c));
        }
        for (Map.Entry<String, String[]> e : keys.entrySet()) {
            env.append(e.getValue()[0]);
            data.append(e.getValue()[1]);
            method.append(e.getValue()[2]);
            index.append(e.getValue()[3]);
            policy.append(e.getValue()[4]);
            for (int c = 0; c < CONDITIONS.size(); c++) {
                conds.get(c).append(cells.get(e.getKey()).getOrDefault(CONDITIONS.get(c), "–"));
            }
        }
        t.addColumns(env, data, method);
        if (perPolicy) {
            t.addColumns(index, policy);
        }
        conds.forEach(t::addColumns);
        return t;
    }

    /** The method label of the rows {@link #withAverages} adds, as paper 2's Table 1 names them. */
    public static final String AVERAGE = "average";

    /**
     * {@code longTable} with paper 2's "Average" rows: after each (env, training data) group of two or more methods,
     * one row per condition whose mean_return is the mean of the methods' mean returns (paper 2, Table 1: "the
     * average row represents average results of three offline RL methods under each experiment setting"; the online
     * group gets one too). Its std_return and the other numbers are missing (the paper gives none), so
     * {@link #wide} shows the mean alone, and {@link #retention} the share the average keeps. Groups keep their
     * order; a group of one method gets no average.
     */
    public static Table withAverages(Table longTable) {
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        for (int r = 0; r < longTable.rowCount(); r++) {
            String key = longTable.stringColumn("env").get(r) + "\u0000" + longTable.stringColumn("training_data").get(r);
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
        }
        Table out = longTable.emptyCopy();
        for (List<Integer> rows : groups.values()) {
            java.util.Set<String> methods = new java.util.LinkedHashSet<>();
            Map<String, double[]> sums = new LinkedHashMap<>(); // condition -> {sum, count}
            for (int r : rows) {
                out.append(longTable.row(r));
                methods.add(longTable.stringColumn("method").get(r));
                double m = ((Number) longTable.column("mean_return").get(r)).doubleValue();
                double[] acc = sums.computeIfAbsent(longTable.stringColumn("condition").get(r), c -> new double[2]);
                acc[0] += m;
                acc[1]++;
            }
            if (methods.size() < 2) {
                continue;
            }
            int first = rows.get(0);
            for (Map.Entry<String, double[]> e : sums.entrySet()) {
                tech.tablesaw.api.Row row = out.appendRow();
                row.setString("env", longTable.stringColumn("env").get(first));
                row.setString("training_data", longTable.stringColumn("training_data").get(first));
                row.setString("method", AVERAGE);
                row.setString("condition", e.getKey());
                setNumber(row, "mean_return", e.getValue()[0] / e.getValue()[1]);
            }
        }
        return out;
    }

    private static void setNumber(tech.tablesaw.api.Row row, String column, double v) {
        switch (row.getColumnType(column).name()) {
            case "DOUBLE" -> row.setDouble(column, v);
            case "FLOAT" -> row.setFloat(column, (float) v);
            case "INTEGER" -> row.setInt(column, (int) Math.round(v)); // the paper's CSV reads whole returns as ints
            case "LONG" -> row.setLong(column, Math.round(v));
            default -> throw new IllegalArgumentException("column " + column + " is not numeric");
        }
    }

    /**
     * Share of the normal return kept under random and adversarial perturbation, per (env, data, method):
     * comparable between our runs and the paper's even where the absolute returns differ.
     */
    public static Table retention(String title, Table longTable) {
        return retention(title, longTable, "adversarial");
    }

    /** As {@link #retention(String, Table)} with the adversarial column named after {@code adversarialHeader}. */
    public static Table retention(String title, Table longTable, String adversarialHeader) {
        Map<String, double[]> means = new LinkedHashMap<>();
        Map<String, String[]> keys = new LinkedHashMap<>();
        for (int r = 0; r < longTable.rowCount(); r++) {
            String[] k = {longTable.stringColumn("env").get(r), longTable.stringColumn("training_data").get(r),
                    longTable.stringColumn("method").get(r)};
            String key = String.join("\u0000", k);
            keys.putIfAbsent(key, k);
            int c = CONDITIONS.indexOf(longTable.stringColumn("condition").get(r));
            if (c >= 0) {
                means.computeIfAbsent(key, x -> new double[] {Double.NaN, Double.NaN, Double.NaN})[c] =
                        ((Number) longTable.column("mean_return").get(r)).doubleValue();
            }
        }
        Table t = Table.create(title);
        StringColumn env = StringColumn.create("env");
        StringColumn data = StringColumn.create("training_data");
        StringColumn method = StringColumn.create("method");
        DoubleColumn random = DoubleColumn.create("random / normal");
        DoubleColumn adversarial = DoubleColumn.create(adversarialHeader + " / normal");
        for (Map.Entry<String, String[]> e : keys.entrySet()) {
            double[] m = means.getOrDefault(e.getKey(), new double[] {Double.NaN, Double.NaN, Double.NaN});
            env.append(e.getValue()[0]);
            data.append(e.getValue()[1]);
            method.append(e.getValue()[2]);
            random.append(m[1] / m[0]);
            adversarial.append(m[2] / m[0]);
        }
        t.addColumns(env, data, method, random, adversarial);
        Tables.decimals(random, Tables.RATIO);
        Tables.decimals(adversarial, Tables.RATIO);
        return t;
    }

    /**
     * The share of the normal return kept, ours beside paper 2's, for every (env, training data, method) row of
     * {@code oursLong} (a long table, with or without {@link #withAverages} rows), in its order; paper 2's shares come
     * from {@link #paper2Reference()} with its averages, and are missing (NaN, shown empty) where paper 2 has no such
     * row (Walker2d, or a method it did not run on that data). Columns: env, training_data, method, then for random and
     * for the adversarial condition (named after {@code adversarialHeader}) "ours" and "paper 2". Shares, not returns,
     * are compared: our datasets and training budgets are our own, so absolute returns differ by design.
     */
    public static Table retentionBesidePaper(String title, Table oursLong, String adversarialHeader) {
        Table ours = retention("ours", oursLong, adversarialHeader);
        Table paper = retention("paper 2", withAverages(paper2Reference()), adversarialHeader);
        Map<String, double[]> theirs = new LinkedHashMap<>();
        for (int r = 0; r < paper.rowCount(); r++) {
            theirs.put(key(paper, r), new double[] {paper.doubleColumn(3).getDouble(r), paper.doubleColumn(4).getDouble(r)});
        }
        Table t = Table.create(title);
        StringColumn env = StringColumn.create("env");
        StringColumn data = StringColumn.create("training_data");
        StringColumn method = StringColumn.create("method");
        DoubleColumn randomOurs = DoubleColumn.create("random / normal: ours");
        DoubleColumn randomPaper = DoubleColumn.create("random / normal: paper 2");
        DoubleColumn advOurs = DoubleColumn.create(adversarialHeader + " / normal: ours");
        DoubleColumn advPaper = DoubleColumn.create(adversarialHeader + " / normal: paper 2");
        for (int r = 0; r < ours.rowCount(); r++) {
            double[] p = theirs.getOrDefault(key(ours, r), new double[] {Double.NaN, Double.NaN});
            env.append(ours.stringColumn("env").get(r));
            data.append(ours.stringColumn("training_data").get(r));
            method.append(ours.stringColumn("method").get(r));
            randomOurs.append(ours.doubleColumn(3).getDouble(r));
            randomPaper.append(p[0]);
            advOurs.append(ours.doubleColumn(4).getDouble(r));
            advPaper.append(p[1]);
        }
        t.addColumns(env, data, method, randomOurs, randomPaper, advOurs, advPaper);
        for (DoubleColumn c : List.of(randomOurs, randomPaper, advOurs, advPaper)) {
            Tables.decimals(c, Tables.RATIO);
        }
        return t;
    }

    private static String key(Table retention, int r) {
        String data = retention.stringColumn("training_data").get(r);
        return String.join("\u0000", retention.stringColumn("env").get(r), data,
                baseMethod(retention.stringColumn("method").get(r), data));
    }

    /**
     * The method a row's label names: "IQL" for "IQL medium" on medium data (a claims 3-4 study labels its subjects
     * with their data, {@link DatasetClaims#subject}), the label itself otherwise.
     */
    public static String baseMethod(String method, String trainingData) {
        String suffix = " " + trainingData;
        return method.endsWith(suffix) ? method.substring(0, method.length() - suffix.length()) : method;
    }

    /**
     * Paper 2's Tables 1-3 (mean and std of return over 1,000 episodes; arXiv 2412.18781), shipped as
     * reference data: columns table, env, training_data, method, condition, mean_return, std_return.
     */
    public static Table paper2Reference() {
        String resource = "rrl/reference/paper2_tables.csv";
        try (InputStream in = RobustnessTable.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("reference data " + resource + " missing from the class path");
            }
            Table t = Table.read().usingOptions(CsvReadOptions.builder(in).tableName("paper 2, Tables 1-3"));
            return t;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
