package rrl.report;

import rrl.experiment.FineTuningStudy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;
import rrl.finetune.AdversarialFineTuning.EvalPoint;
import rrl.attack.PerturbationSettings;
import rrl.finetune.CurriculumSettings;
import rrl.policy.ShippedPolicies;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Figures of a fine-tuning study: learning curves per condition, q trajectories, the condition-matching heat map. */
public final class FineTuningViews {
    private FineTuningViews() {}

    /**
     * Paper 1's per-environment settings as one table, a row per environment (Hopper, HalfCheetah, Ant, Walker2d):
     * eps and the DE population ({@link rrl.attack.PerturbationSettings}), the adaptive curriculum's eta
     * ({@link rrl.finetune.CurriculumSettings}), each beside its source, and whether the SAC expert whose data
     * pi_off is trained on ships with the library (a study's setup phase needs it).
     */
    public static Table environmentSettings() {
        Table t = Table.create("Paper 1's settings per environment")
                .addColumns(StringColumn.create("environment"),
                        DoubleColumn.create("eps"), StringColumn.create("eps source"),
                        IntColumn.create("DE population"),
                        StringColumn.create("population source"),
                        DoubleColumn.create("eta"), StringColumn.create("eta source"),
                        StringColumn.create("expert for pi_off's data"));
        for (PerturbationSettings p : PerturbationSettings.all()) {
            CurriculumSettings c = CurriculumSettings.of(p.env());
            boolean expert = ShippedPolicies.names(p.env()).contains("expert");
            t.stringColumn(0).append(p.env());
            t.doubleColumn(1).append(p.eps());
            t.stringColumn(2).append(p.epsSource());
            t.intColumn(3).append(p.dePopulation());
            t.stringColumn(4).append(p.dePopulationSource());
            t.doubleColumn(5).append(c.eta());
            t.stringColumn(6).append(c.etaSource());
            t.stringColumn(7).append(expert ? "shipped:expert" : "none shipped yet (a SAC run to expert level)");
        }
        return t;
    }

    /**
     * Return under {@code condition} ("normal", "random", "adversarial") against fine-tuning steps, one line per run
     * (mean over seeds) with a shaded band, the 95% percentile-bootstrap interval of that mean over seeds (2,000
     * resamples, seeded; no band with one seed), and pi_off's level as a flat line.
     */
    public static XYChart curves(FineTuningStudy.Results r, String condition, String title) {
        XYChart c = Charts.lineChart(title, "fine-tuning steps", condition + " return (reward units)");
        ToDoubleFunction<EvalPoint> f = FineTuningClaims.metric(condition);
        long maxStep = 0;
        double[] off = r.offlineOnly().values().stream().mapToDouble(f).toArray();
        Map<String, double[][]> drawn = new LinkedHashMap<>();
        int colour = 0;
        for (Map.Entry<String, Map<Long, List<EvalPoint>>> e : r.runs().entrySet()) {
            double[][] s = seriesOverSeeds(e.getValue(), f);
            if (s[0].length > 0) {
                if (off.length > 0 && !fromScratch(r, e.getKey())) {
                    // A fine-tuned run starts at step 0 as pi_off: show the drop from there.
                    s = prepend(s, off);
                }
                java.awt.Color col = Charts.PALETTE.get(colour++ % Charts.PALETTE.size());
                if (e.getValue().size() > 1) {
                    Charts.band(c, e.getKey(), s, col);
                }
                Charts.colour(c.addSeries(coincidenceLabel(e.getKey(), s, drawn), s[0], s[1]), col);
                drawn.put(e.getKey(), s);
                maxStep = Math.max(maxStep, (long) s[0][s[0].length - 1]);
            }
        }
        if (off.length > 0) {
            double level = FineTuningClaims.mean(off);
            java.awt.Color col = Charts.PALETTE.get(colour % Charts.PALETTE.size());
            Charts.colour(c.addSeries("pi_off (offline only)", new double[] {0, maxStep}, new double[] {level, level}), col);
        }
        return c;
    }

    /**
     * A series drawn exactly over an earlier one would hide it; its label says so ("adversarial-adaptive (same as
     * adversarial-fixed)"). Runs coincide when they made the same draws: e.g. an adaptive q that has not yet moved
     * past any episode's perturbation draw injects in exactly the episodes the fixed q does (same seed).
     */
    static String coincidenceLabel(String name, double[][] s, Map<String, double[][]> drawn) {
        for (Map.Entry<String, double[][]> d : drawn.entrySet()) {
            if (java.util.Arrays.equals(d.getValue()[0], s[0]) && java.util.Arrays.equals(d.getValue()[1], s[1])) {
                return name + " (same as " + d.getKey() + ")";
            }
        }
        return name;
    }

    private static boolean fromScratch(FineTuningStudy.Results r, String run) {
        return r.plan().runs().stream().anyMatch(s -> s.name().equals(run) && s.fromScratch());
    }

    private static double[][] prepend(double[][] s, double[] off) {
        double[][] first = Charts.overSeeds(off, 0);
        double[][] out = new double[s.length][s[0].length + 1];
        out[0][0] = 0;
        for (int k = 1; k < s.length; k++) {
            out[k][0] = first[k - 1][0];
        }
        for (int k = 0; k < s.length; k++) {
            System.arraycopy(s[k], 0, out[k], 1, s[k].length);
        }
        return out;
    }

    /**
     * One run of several environments' studies side by side: its return under {@code condition} ("normal", "random",
     * "adversarial") against fine-tuning steps, one line per environment, each seed's returns divided by its own
     * pi_off's nominal return (so 1.0 is where pi_off starts, whatever the environment's scale), mean over seeds with
     * the 95% percentile-bootstrap band of {@link #curves}; a fine-tuned run starts at step 0 from its pi_off's level
     * under the condition.
     *
     * @throws IllegalArgumentException if no study has the run (naming the runs there are)
     */
    public static XYChart curvesAcrossEnvironments(List<FineTuningStudy.Results> studies, String run, String condition,
                                                   String title) {
        XYChart c = Charts.lineChart(title, "fine-tuning steps", condition + " return / pi_off's nominal return");
        ToDoubleFunction<EvalPoint> f = FineTuningClaims.metric(condition);
        int colour = 0;
        for (FineTuningStudy.Results r : studies) {
            Map<Long, List<EvalPoint>> bySeed = r.runs().get(run);
            if (bySeed == null || bySeed.isEmpty()) {
                continue;
            }
            List<List<double[]>> normalised = new ArrayList<>();
            for (Map.Entry<Long, List<EvalPoint>> e : bySeed.entrySet()) {
                EvalPoint off = r.offlineOnly().get(e.getKey());
                if (off == null || !(off.normalMean() > 0)) {
                    continue; // no positive pi_off level for this seed to divide by
                }
                List<double[]> points = new ArrayList<>();
                if (!fromScratch(r, run)) {
                    points.add(new double[] {0, f.applyAsDouble(off) / off.normalMean()});
                }
                e.getValue().forEach(p -> points.add(new double[] {p.step(), f.applyAsDouble(p) / off.normalMean()}));
                normalised.add(points);
            }
            if (normalised.isEmpty()) {
                continue;
            }
            double[][] s = Charts.curveOverSeeds(normalised, p -> p[0], p -> p[1]);
            java.awt.Color col = Charts.PALETTE.get(colour++ % Charts.PALETTE.size());
            String name = String.format(java.util.Locale.ROOT, "%s (%d seeds)", r.plan().env(), normalised.size());
            if (normalised.size() > 1) {
                Charts.band(c, name, s, col);
            }
            Charts.colour(c.addSeries(name, s[0], s[1]), col);
        }
        if (c.getSeriesMap().isEmpty()) {
            throw new IllegalArgumentException("no study has a run '" + run + "' with an offline-only baseline; runs: "
                    + studies.stream().flatMap(r -> r.runs().keySet().stream()).distinct().toList());
        }
        return c;
    }

    /**
     * The perturbation probability q in force at each evaluation, per run (mean over seeds); runs with the same q
     * (every fixed-q run) are labelled as drawn over the first ({@link #coincidenceLabel}).
     */
    public static XYChart qTrajectories(FineTuningStudy.Results r, String title) {
        XYChart c = Charts.lineChart(title, "fine-tuning steps", "q (probability an episode is perturbed)");
        // two decimals, not the 15 digits XChart prints for a narrow range; the range stays q's own (notebook 09 reads
        // oscillations within a few hundredths)
        c.getStyler().setYAxisDecimalPattern("0.0#");
        Map<String, double[][]> drawn = new LinkedHashMap<>();
        for (Map.Entry<String, Map<Long, List<EvalPoint>>> e : r.runs().entrySet()) {
            double[][] s = seriesOverSeeds(e.getValue(), EvalPoint::q);
            if (s[0].length > 0) {
                addSeries(c, coincidenceLabel(e.getKey(), s, drawn), s, e.getValue().size());
                drawn.put(e.getKey(), s);
            }
        }
        return c;
    }

    /**
     * Before and after fine-tuning: the return of pi_off (offline only) and of run {@code run}'s last evaluation
     * under each condition, as grouped bars (mean over seeds; error bars: std over seeds when there are several).
     */
    public static CategoryChart beforeAfter(FineTuningStudy.Results r, String run, String title) {
        CategoryChart c = Charts.barChart(title, "evaluation condition", "episodic return (reward units)");
        List<EvalPoint> off = new ArrayList<>(r.offlineOnly().values());
        Map<Long, List<EvalPoint>> bySeed = r.runs().get(run);
        if (bySeed == null) {
            throw new IllegalArgumentException("the study has no run '" + run + "'; it has " + r.runs().keySet());
        }
        List<EvalPoint> last = FineTuningClaims.finals(bySeed);
        addBars(c, "before: pi_off (offline TD3+BC)", off);
        addBars(c, "after: fine-tuned (" + run + ")", last);
        return c;
    }

    private static void addBars(CategoryChart c, String name, List<EvalPoint> points) {
        List<Double> mean = new ArrayList<>();
        List<Double> std = new ArrayList<>();
        for (String cond : FineTuningClaims.CONDITIONS) {
            double[] v = points.stream().mapToDouble(FineTuningClaims.metric(cond)).toArray();
            mean.add(FineTuningClaims.mean(v));
            std.add(v.length > 1 ? FineTuningClaims.std(v) : 0.0);
        }
        if (points.size() > 1) {
            c.addSeries(name, FineTuningClaims.CONDITIONS, mean, std);
        } else {
            c.addSeries(name, FineTuningClaims.CONDITIONS, mean);
        }
    }

    /** The condition-matching table as a heat map (rows: fine-tuned under; columns: evaluated under). */
    public static HeatMapChart matchingHeatmap(FineTuningStudy.Results r, String title) {
        Table m = FineTuningClaims.conditionMatching(r);
        List<String> columns = FineTuningClaims.matchingColumns(r);
        double[][] z = new double[3][columns.size()];
        for (int row = 0; row < 3; row++) {
            for (int col = 0; col < columns.size(); col++) {
                z[row][col] = m.doubleColumn(columns.get(col)).get(row);
            }
        }
        // short tick labels (the long ones overlap under four columns); the axis title says what the two adversarial are
        List<String> ticks = columns.stream().map(c -> c.equals(FineTuningClaims.PI_OFF_DELTA) ? "pi_off's δ"
                : c.equals(FineTuningClaims.OWN_WORST) ? "own worst case" : c).toList();
        String axis = columns.size() > 3 ? "evaluated under (adversarial: pi_off's δ, and each policy's own worst case)"
                : "evaluated under (adversarial: pi_off's δ)";
        return Charts.heatmap(title, axis, ticks, "fine-tuned under", FineTuningClaims.CONDITIONS, z,
                "final return, mean over seeds");
    }

    /** A series of means, with std error bars only when there is more than one seed to spread over. */
    private static void addSeries(XYChart c, String name, double[][] s, int seeds) {
        if (seeds > 1) {
            c.addSeries(name, s[0], s[1], s[2]);
        } else {
            c.addSeries(name, s[0], s[1]);
        }
    }

    /**
     * {steps, mean, std, CI low, CI high} over the seeds' evaluations at the steps all seeds reached; the interval is
     * the 95% percentile bootstrap of the mean over seeds (equal to the mean with one seed).
     */
    static double[][] seriesOverSeeds(Map<Long, List<EvalPoint>> bySeed, ToDoubleFunction<EvalPoint> f) {
        return Charts.curveOverSeeds(new ArrayList<>(bySeed.values()), EvalPoint::step, f);
    }

}
