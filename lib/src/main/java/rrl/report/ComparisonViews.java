package rrl.report;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;
import rrl.train.OfflineComparison;
import rrl.train.OfflineTraining;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Figures, tables and words of an {@link OfflineComparison}: learning curves with bands over training seeds, the
 * final scores, and what the run shows. A run's final score is the mean D4RL score of its last
 * {@value #FINAL_EVALUATIONS} evaluations (one evaluation's episodes share one policy, so the last few smooth the
 * noise of a single evaluation; the same rule as the fine-tuning studies' final); seeds are the unit of every
 * spread.
 */
public final class ComparisonViews {
    /** Evaluations averaged into a run's final score. */
    public static final int FINAL_EVALUATIONS = 3;

    private ComparisonViews() {}

    /**
     * D4RL score against gradient updates on one dataset, one line per learner (mean over seeds) with its band, the
     * 95% percentile-bootstrap interval of that mean over seeds (none with one seed), and {@code references} (the
     * behaviour policy's score, say) as flat lines.
     */
    public static XYChart curves(OfflineComparison.Result r, String dataset, String title, Map<String, Double> references) {
        if (!r.datasets().contains(dataset)) {
            throw new IllegalArgumentException("no dataset '" + dataset + "' in the comparison; it has " + r.datasets());
        }
        XYChart c = Charts.lineChart(title, "gradient updates", "D4RL normalised score (0 = random, 100 = expert)");
        int colour = 0;
        double last = 0;
        for (String learner : r.learners()) {
            double[][] s = overSeeds(r.runs(dataset, learner));
            if (s[0].length == 0) {
                continue;
            }
            Color col = Charts.PALETTE.get(colour++ % Charts.PALETTE.size());
            String name = learner + " (mean of " + rrl.io.Messages.count(r.runs(dataset, learner).size(), "seed") + ")";
            if (r.runs(dataset, learner).size() > 1) {
                Charts.band(c, name, s, col);
            }
            Charts.colour(c.addSeries(name, s[0], s[1]), col);
            last = Math.max(last, s[0][s[0].length - 1]);
        }
        for (Map.Entry<String, Double> ref : references.entrySet()) {
            Color col = Charts.PALETTE.get(colour++ % Charts.PALETTE.size());
            Charts.colour(c.addSeries(ref.getKey(), new double[] {0, last}, new double[] {ref.getValue(), ref.getValue()}),
                    col);
        }
        return c;
    }

    /** {updates, mean, std, CI low, CI high} of the D4RL score over the runs' evaluations at the steps all reached. */
    static double[][] overSeeds(List<OfflineComparison.Run> runs) {
        return Charts.curveOverSeeds(runs.stream().map(r -> r.result().curve()).toList(),
                OfflineTraining.EvalPoint::step, OfflineTraining.EvalPoint::normalizedScore);
    }

    /** A run's final score: the mean D4RL score of its last {@value #FINAL_EVALUATIONS} evaluations. */
    public static double finalScore(OfflineTraining.Result r) {
        List<OfflineTraining.EvalPoint> c = r.curve();
        if (c.isEmpty()) {
            throw new IllegalArgumentException("a run without evaluations has no final score");
        }
        int from = Math.max(0, c.size() - FINAL_EVALUATIONS);
        return c.subList(from, c.size()).stream().mapToDouble(OfflineTraining.EvalPoint::normalizedScore).average()
                .orElseThrow();
    }

    /**
     * One row per dataset and learner: seeds, the final score's mean and std over seeds with the 95% bootstrap
     * interval of the mean, the best evaluation's mean over seeds, and the reference score of the dataset's
     * behaviour policy ({@code behaviour} by dataset name; NaN when not given).
     */
    public static Table finalScores(OfflineComparison.Result r, String title, Map<String, Double> behaviour) {
        StringColumn data = StringColumn.create("dataset");
        StringColumn learner = StringColumn.create("learner");
        IntColumn seeds = IntColumn.create("seeds");
        DoubleColumn mean = DoubleColumn.create("final score, mean");
        DoubleColumn std = DoubleColumn.create("std over seeds");
        DoubleColumn lo = DoubleColumn.create("95% CI low");
        DoubleColumn hi = DoubleColumn.create("95% CI high");
        DoubleColumn best = DoubleColumn.create("best evaluation, mean");
        DoubleColumn ref = DoubleColumn.create("behaviour policy");
        for (String d : r.datasets()) {
            for (String l : r.learners()) {
                List<OfflineComparison.Run> runs = r.runs(d, l);
                double[] f = runs.stream().mapToDouble(x -> finalScore(x.result())).toArray();
                double[] b = runs.stream().mapToDouble(x -> x.result().curve().stream()
                        .mapToDouble(OfflineTraining.EvalPoint::normalizedScore).max().orElse(Double.NaN)).toArray();
                double[][] st = Charts.overSeeds(f, 0);
                data.append(d);
                learner.append(l);
                seeds.append(runs.size());
                mean.append(st[0][0]);
                std.append(Tables.stdOverSeeds(f));
                lo.append(st[2][0]);
                hi.append(st[3][0]);
                best.append(FineTuningClaims.mean(b));
                ref.append(behaviour.getOrDefault(d, Double.NaN));
            }
        }
        Table t = Table.create(title).addColumns(data, learner, seeds, mean, std, lo, hi, best, ref);
        Tables.spread(std, Tables.SCORE);
        return Tables.decimals(t, Tables.SCORE, "final score, mean", "95% CI low", "95% CI high",
                "best evaluation, mean", "behaviour policy");
    }

    /**
     * What the comparison shows, in words computed from its numbers: per dataset the learners ranked by final
     * score (mean over seeds, with the share of the behaviour policy's score), and, with at least the verdict rule's
     * 5 seeds ({@link rrl.stats.VerdictRule#DEFAULT}), whether the first two are separated by their intervals; the
     * budget and the number of seeds say how far that carries.
     */
    public static String summary(OfflineComparison.Result r, Map<String, Double> behaviour) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "%s, %,d gradient updates per run, %s per learner and dataset. ", r.config().env(),
                r.config().updates(), rrl.io.Messages.count(r.config().seeds(), "training seed")));
        for (String d : r.datasets()) {
            List<double[]> rows = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (String l : r.learners()) {
                double[] f = r.runs(d, l).stream().mapToDouble(x -> finalScore(x.result())).toArray();
                double[][] st = Charts.overSeeds(f, 0);
                rows.add(new double[] {st[0][0], st[2][0], st[3][0]}); // mean, CI low, CI high
                names.add(l);
            }
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                order.add(i);
            }
            order.sort((x, y) -> Double.compare(rows.get(y)[0], rows.get(x)[0]));
            Double ref = behaviour.get(d);
            b.append("On ").append(d).append(" data: ");
            List<String> parts = new ArrayList<>();
            for (int i : order) {
                parts.add(String.format(Locale.ROOT, "%s %.1f", names.get(i), rows.get(i)[0])
                        + (ref == null || ref == 0 ? "" : String.format(Locale.ROOT, " (%.0f%% of the behaviour policy)",
                        100 * rows.get(i)[0] / ref)));
            }
            b.append(String.join(", ", parts)).append(". ");
            // intervals over fewer seeds than a verdict needs are too narrow to separate anything (VerdictRule)
            if (order.size() > 1 && r.config().seeds() >= rrl.stats.VerdictRule.DEFAULT.minSeeds()) {
                double[] first = rows.get(order.get(0));
                double[] second = rows.get(order.get(1));
                boolean apart = first[1] > second[2];
                b.append(apart ? String.format(Locale.ROOT, "%s's interval lies above %s's. ", names.get(order.get(0)),
                        names.get(order.get(1)))
                        : String.format(Locale.ROOT, "The intervals of %s and %s overlap: this run does not separate "
                        + "them. ", names.get(order.get(0)), names.get(order.get(1))));
            }
        }
        int min = rrl.stats.VerdictRule.DEFAULT.minSeeds();
        if (r.config().seeds() < min) {
            b.append(String.format(Locale.ROOT, "With fewer than %d seeds per learner the intervals are too narrow to "
                    + "trust (the percentile bootstrap over so few seeds), so this ranking describes this run and "
                    + "separates no learners.", min));
        }
        return b.toString().trim();
    }
}
