package rrl.report;

import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.markers.SeriesMarkers;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import rrl.rollout.D4rlScores;
import rrl.rollout.Evaluation;
import rrl.train.MetricsLog;
import rrl.train.OfflineTraining;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Charts of a training run's {@code metrics.csv}: update metrics (losses, mean Q, temperature) against steps. */
public final class TrainingViews {
    private TrainingViews() {}

    /**
     * One series per named column of {@code log} against the step, skipping rows where the column is NaN (e.g.
     * evaluation-only rows before the first update).
     *
     * @param xLabel what the step counts ("gradient updates", "environment steps")
     * @throws IllegalArgumentException if a column is not in the log (the message lists the columns it has)
     */
    public static XYChart metrics(String title, MetricsLog log, List<String> columns, String xLabel, String yLabel) {
        XYChart chart = Charts.lineChart(title, xLabel, yLabel);
        List<String> header = log.header();
        for (String name : columns) {
            int k = header.indexOf(name);
            if (k < 0) {
                throw new IllegalArgumentException("no metric '" + name + "' in this run's log; it has " + header);
            }
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (double[] r : log.rows()) {
                if (!Double.isNaN(r[k])) {
                    xs.add(r[0]);
                    ys.add(r[k]);
                }
            }
            if (!xs.isEmpty()) {
                chart.addSeries(name.replace('_', ' '), xs, ys).setMarker(SeriesMarkers.NONE);
            }
        }
        return chart;
    }
    /**
     * An offline learning curve: the D4RL-normalised score of each evaluation (error bars: std over its episodes,
     * in score units) against gradient updates, with {@code references} (e.g. the behaviour policy) as flat lines.
     */
    public static XYChart learningCurve(String title, String env, String label, OfflineTraining.Result r,
                                        Map<String, Double> references) {
        XYChart c = Charts.lineChart(title, "gradient updates", "D4RL normalised score (0 = random, 100 = expert)");
        double scale = 100 / (D4rlScores.refMax(env) - D4rlScores.refMin(env));
        double[] x = r.curve().stream().mapToDouble(OfflineTraining.EvalPoint::step).toArray();
        double[] y = r.curve().stream().mapToDouble(OfflineTraining.EvalPoint::normalizedScore).toArray();
        double[] err = r.curve().stream().mapToDouble(e -> scale * e.stdReturn()).toArray();
        c.addSeries(label, x, y, err);
        double last = x.length == 0 ? 0 : x[x.length - 1];
        for (Map.Entry<String, Double> ref : references.entrySet()) {
            c.addSeries(ref.getKey(), new double[] {0, last}, new double[] {ref.getValue(), ref.getValue()});
        }
        return c;
    }

    /**
     * Offline-to-online learning curves (PEX, RPEX, ...): the mean evaluation return of each run against environment
     * steps (error bars: std over the evaluation's episodes), each run's offline policy as a flat dashed line at the
     * return it started from ({@code offlineReturns}, same keys; absent keys draw none).
     */
    public static XYChart onlineCurves(String title, Map<String, List<rrl.train.OnlineTraining.EvalPoint>> curves,
                                       Map<String, Double> offlineReturns) {
        XYChart c = Charts.lineChart(title, "environment steps", "return (sum of rewards per episode)");
        double last = curves.values().stream().flatMap(List::stream).mapToDouble(rrl.train.OnlineTraining.EvalPoint::step)
                .max().orElse(0);
        for (Map.Entry<String, List<rrl.train.OnlineTraining.EvalPoint>> e : curves.entrySet()) {
            double[] x = e.getValue().stream().mapToDouble(rrl.train.OnlineTraining.EvalPoint::step).toArray();
            double[] y = e.getValue().stream().mapToDouble(rrl.train.OnlineTraining.EvalPoint::meanReturn).toArray();
            double[] err = e.getValue().stream().mapToDouble(rrl.train.OnlineTraining.EvalPoint::stdReturn).toArray();
            if (x.length > 0) {
                c.addSeries(e.getKey(), x, y, err);
            }
            Double off = offlineReturns.get(e.getKey());
            if (off != null) {
                c.addSeries(e.getKey() + ": offline policy", new double[] {0, last}, new double[] {off, off})
                        .setMarker(SeriesMarkers.NONE).setLineStyle(org.knowm.xchart.style.lines.SeriesLines.DASH_DASH);
            }
        }
        return c;
    }

    /**
     * What offline-to-online runs show, one sentence per run: the offline policy's return, the last evaluation's and
     * the best, e.g. "RPEX: offline policy 1059, after 3000 steps 1110 (best 1200 at step 2000)".
     */
    public static String onlineSummary(Map<String, List<rrl.train.OnlineTraining.EvalPoint>> curves,
                                       Map<String, Double> offlineReturns) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, List<rrl.train.OnlineTraining.EvalPoint>> e : curves.entrySet()) {
            List<rrl.train.OnlineTraining.EvalPoint> pts = e.getValue();
            if (pts.isEmpty()) {
                parts.add(e.getKey() + ": no evaluation yet");
                continue;
            }
            rrl.train.OnlineTraining.EvalPoint lastPoint = pts.get(pts.size() - 1);
            rrl.train.OnlineTraining.EvalPoint best = pts.stream()
                    .max(java.util.Comparator.comparingDouble(rrl.train.OnlineTraining.EvalPoint::meanReturn)).orElseThrow();
            Double off = offlineReturns.get(e.getKey());
            parts.add(String.format(Locale.ROOT, "%s: %safter %d steps %.0f (best %.0f at step %d)", e.getKey(),
                    off == null ? "" : String.format(Locale.ROOT, "offline policy %.0f, ", off), lastPoint.step(),
                    lastPoint.meanReturn(), best.meanReturn(), best.step()));
        }
        return String.join("; ", parts) + ".";
    }

    /** One row per evaluated policy: episodes, return mean and std, D4RL score, mean episode length. */
    public static Table finalEvaluation(String title, Map<String, Evaluation.Result> policies) {
        Table t = Table.create(title);
        StringColumn name = StringColumn.create("policy");
        DoubleColumn mean = DoubleColumn.create("return mean");
        DoubleColumn std = DoubleColumn.create("return std");
        DoubleColumn score = DoubleColumn.create("D4RL score");
        DoubleColumn length = DoubleColumn.create("mean length");
        for (Map.Entry<String, Evaluation.Result> e : policies.entrySet()) {
            name.append(e.getKey());
            mean.append(e.getValue().meanReturn());
            std.append(e.getValue().stdReturn());
            score.append(e.getValue().normalizedScore());
            length.append(e.getValue().meanLength());
        }
        t.addColumns(name, mean, std, score, length);
        Tables.decimals(t, Tables.RETURN, "return mean", "return std", "mean length");
        return Tables.decimals(t, Tables.SCORE, "D4RL score");
    }

    /**
     * What an offline run shows, in words computed from its numbers: the learner's final and best score on its
     * curve, and each reference policy's final score, with which of the learner and the first reference is ahead.
     * {@code finals} maps labels to final evaluations; its first entry is the learner.
     */
    public static String offlineSummary(OfflineTraining.Result r, Map<String, Evaluation.Result> finals) {
        if (r.curve().isEmpty() || finals.isEmpty()) {
            throw new IllegalArgumentException("need a learning curve and at least one final evaluation");
        }
        OfflineTraining.EvalPoint last = r.curve().get(r.curve().size() - 1);
        OfflineTraining.EvalPoint best = r.curve().get(0);
        for (OfflineTraining.EvalPoint e : r.curve()) {
            if (e.normalizedScore() > best.normalizedScore()) {
                best = e;
            }
        }
        OfflineTraining.EvalPoint first = r.curve().get(0);
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "On its learning curve the score went from %.1f at %,d updates to %.1f at %,d (best %.1f at %,d). ",
                first.normalizedScore(), first.step(), last.normalizedScore(), last.step(), best.normalizedScore(), best.step()));
        List<String> parts = new ArrayList<>();
        Map<String, Double> scores = new LinkedHashMap<>();
        for (Map.Entry<String, Evaluation.Result> e : finals.entrySet()) {
            scores.put(e.getKey(), e.getValue().normalizedScore());
            parts.add(String.format(Locale.ROOT, "%s: %.1f", e.getKey(), e.getValue().normalizedScore()));
        }
        b.append("Final D4RL scores (").append(finals.values().iterator().next().count()).append(" episodes each): ")
                .append(String.join("; ", parts)).append(". ");
        List<String> labels = new ArrayList<>(scores.keySet());
        if (labels.size() > 1) {
            String top = labels.stream().max((a, c) -> Double.compare(scores.get(a), scores.get(c))).orElseThrow();
            b.append("Ahead in this run: ").append(top).append(".");
        }
        return b.toString();
    }
}
