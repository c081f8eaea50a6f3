package rrl.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import rrl.attack.DifferentialEvolutionAttack;
import rrl.eval.RobustnessEvaluation;
import rrl.experiment.RobustnessStudy;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Figures and tables of a {@link RobustnessStudy} (paper 2, arXiv 2412.18781): the DE attack's fitness per
 * generation (Algorithm 1), Table 1 per method and per trained policy, the return per condition (Table 1 as bars)
 * and the perturbation each attack found. The study's adversarial δ is each policy's own worst case (found by DE
 * against that policy itself), so its column and bars are named {@link RobustnessClaims#OWN_WORST}; the CSVs keep
 * the condition value "adversarial". Notebooks and the CLI draw these rather than building charts cell by cell.
 */
public final class RobustnessViews {
    private RobustnessViews() {}

    /**
     * The DE attack's best fitness (mean return over M episodes under the generation's best delta; lower is a
     * stronger attack) per generation, one series per policy and replicate, plus the population mean of replicate 0.
     */
    public static XYChart fitness(RobustnessStudy.Result r, String title) {
        XYChart c = Charts.lineChart(title, "DE generation (0 = initial population)",
                "mean return under δ (lower = stronger)");
        for (Map.Entry<String, List<DifferentialEvolutionAttack.Result>> e : r.attacks().entrySet()) {
            List<DifferentialEvolutionAttack.Result> reps = e.getValue();
            for (int k = 0; k < reps.size(); k++) {
                double[] best = reps.get(k).bestHistory();
                double[] gens = new double[best.length];
                for (int g = 0; g < gens.length; g++) {
                    gens[g] = g;
                }
                c.addSeries(e.getKey() + " best, seed " + k, gens, best);
                if (k == 0) {
                    c.addSeries(e.getKey() + " population mean, seed 0", gens, reps.get(k).meanHistory());
                }
            }
        }
        return c;
    }

    /**
     * A study's settings, one row each: environment, each method's trained policies, eps, the DE's population,
     * generations, episodes per fitness value, F range and CR, evaluation episodes, replicates, base seed and the
     * rule of the claims' verdicts. The same table for a study run here and one read back with
     * {@link RobustnessStudy#load}.
     */
    public static Table settings(RobustnessStudy.Config c) {
        StringColumn setting = StringColumn.create("setting");
        StringColumn value = StringColumn.create("value");
        setting.append("environment");
        value.append(c.env());
        for (RobustnessStudy.Subject s : c.subjects()) {
            setting.append(RobustnessClaims.label(s) + ": " + (s.trainingSeeds() == 1 ? "1 trained policy"
                    : s.trainingSeeds() + " independently trained policies"));
            value.append(String.join(", ", s.policies()));
        }
        var a = c.attack();
        String[][] rows = {
            {"eps (perturbation bound)", num(c.eps())},
            {"DE population (NP)", "" + a.populationSize()},
            {"DE generations", "" + a.generations()},
            {"episodes per fitness value (M)", "" + a.episodesPerIndividual()},
            {"F range", "(" + num(a.fMin()) + ", " + num(a.fMax()) + "]"},
            {"CR", num(a.crossoverRate())},
            {"evaluation episodes per condition and trained policy", "" + c.evalEpisodes()},
            {"replicates (attack + evaluation seeds per policy)", "" + c.replicates()},
            {"base seed", "" + c.seed()},
            {"verdict rule", rrl.stats.VerdictRule.DEFAULT.describe()}};
        for (String[] r : rows) {
            setting.append(r[0]);
            value.append(r[1]);
        }
        return Table.create("Study settings", setting, value);
    }

    private static String num(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /** The condition labels of the study's tables and charts: normal, random, adversarial (own worst case). */
    public static final List<String> CONDITION_LABELS = List.of("normal", "random", RobustnessClaims.OWN_WORST);

    /**
     * Paper 2's Table 1 from the study: one row per method, "mean ± std" of the return over all episodes of all its
     * trained policies and replicates per condition, the adversarial column named "adversarial (own worst case)";
     * after each group of two or more methods (offline, online) its "average" row, the mean of the methods' means
     * ({@link RobustnessTable#withAverages}), as paper 2 reports.
     */
    public static Table table1(RobustnessStudy.Result r) {
        RobustnessStudy.Config c = r.config();
        return RobustnessTable.wide(c.env() + ": mean ± std of return per method (" + rrl.io.Messages.count(c.evalEpisodes(), "episode")
                + " per condition and trained policy, " + rrl.io.Messages.count(c.replicates(), "replicate") + "; adversarial = each policy's own worst case, found by DE against it)",
                RobustnessTable.withAverages(RobustnessTable.of("robustness", r.pooled())), RobustnessClaims.OWN_WORST);
    }

    /**
     * Table 1 per trained policy (policy_index t, the policy): "mean ± std" of the return over all its replicates'
     * episodes, the values the claims' verdicts are computed from (as means).
     */
    public static Table policyTable(RobustnessStudy.Result r) {
        return RobustnessTable.wide(r.config().env() + ": mean ± std of return per trained policy (the unit of the "
                + "verdicts; adversarial = own worst case)", policies(r), RobustnessClaims.OWN_WORST);
    }

    /** The long per-policy table (robustness-policies.csv's layout), numbers shown rounded. */
    public static Table policies(RobustnessStudy.Result r) {
        return rounded(RobustnessStudy.policyTable("robustness per trained policy", r.perPolicy()));
    }

    /**
     * The long per-replicate table (robustness-replicates.csv's layout: policy_index is the trained policy, seed
     * the replicate), numbers shown rounded.
     */
    public static Table replicates(RobustnessStudy.Result r) {
        return rounded(RobustnessStudy.policyTable("robustness per trained policy and replicate (seed = replicate)",
                r.replicates()));
    }

    private static Table rounded(Table t) {
        Tables.decimals(t, Tables.RETURN, "mean_return", "std_return", "mean_length");
        return Tables.decimals(t, Tables.SCORE, "d4rl_score");
    }

    /**
     * Mean episodic return per condition (normal, random, adversarial (own worst case)), one bar group per method,
     * error bars the std over all episodes of all its policies and replicates (paper 2's statistic). Series are named
     * "METHOD (DATA)", or by the label alone where it names its data ({@link DatasetClaims#subject}: "TD3+BC medium").
     */
    public static CategoryChart returnPerCondition(RobustnessStudy.Result r, String title) {
        CategoryChart c = Charts.barChart(title, "perturbation condition", "episodic return (mean ± std over episodes)");
        for (RobustnessStudy.Subject s : r.config().subjects()) {
            List<Double> mean = new ArrayList<>();
            List<Double> std = new ArrayList<>();
            for (String cond : RobustnessTable.CONDITIONS) {
                RobustnessEvaluation.Row row = RobustnessClaims.find(r.pooled(), s.method(), cond);
                mean.add(row.meanReturn());
                std.add(row.stdReturn());
            }
            // "TD3+BC (expert)"; a label that already names its data ("TD3+BC medium", DatasetClaims) stays as it is
            c.addSeries(DatasetClaims.method(s).equals(s.method()) ? s.method() + " (" + s.trainingData() + ")" : s.method(),
                    CONDITION_LABELS, mean, std);
        }
        return c;
    }

    /**
     * The adversarial delta (own worst case) per actuator ("a0", "a1", ...), one bar series per trained policy and
     * replicate.
     */
    public static CategoryChart deltas(RobustnessStudy.Result r, String title) {
        CategoryChart c = Charts.barChart(title, "actuator", "delta (fraction of the command, -0.3 = 70% torque)");
        for (Map.Entry<String, List<DifferentialEvolutionAttack.Result>> e : r.attacks().entrySet()) {
            for (int k = 0; k < e.getValue().size(); k++) {
                double[] d = e.getValue().get(k).delta();
                List<Double> y = new ArrayList<>();
                for (double v : d) {
                    y.add(v);
                }
                c.addSeries(e.getKey() + ", seed " + k, actuators(d.length), y);
            }
        }
        return c;
    }

    /**
     * One row per trained policy and replicate: the delta per actuator (its own worst case, found by DE against it)
     * and its fitness (the return it leaves in the DE's episodes).
     */
    public static Table deltaTable(RobustnessStudy.Result r) {
        Table t = Table.create("Adversarial δ per actuator (own worst case: found by DE against each policy) and the "
                + "return it leaves");
        StringColumn who = StringColumn.create("policy, seed");
        DoubleColumn fit = DoubleColumn.create("return under delta (DE fitness)");
        List<DoubleColumn> cols = new ArrayList<>();
        int na = r.attacks().values().stream().flatMap(List::stream).mapToInt(a -> a.delta().length).max().orElse(0);
        for (String a : actuators(na)) {
            cols.add(DoubleColumn.create("delta " + a));
        }
        for (Map.Entry<String, List<DifferentialEvolutionAttack.Result>> e : r.attacks().entrySet()) {
            for (int k = 0; k < e.getValue().size(); k++) {
                DifferentialEvolutionAttack.Result a = e.getValue().get(k);
                who.append(e.getKey() + ", seed " + k);
                for (int j = 0; j < na; j++) {
                    cols.get(j).append(j < a.delta().length ? a.delta()[j] : Double.NaN);
                }
                fit.append(a.bestFitness());
            }
        }
        t.addColumns(who);
        cols.forEach(t::addColumns);
        t.addColumns(fit);
        Tables.decimals(t, Tables.RATIO, cols.stream().map(DoubleColumn::name).toArray(String[]::new));
        return Tables.decimals(t, Tables.RETURN, fit.name());
    }

    private static List<String> actuators(int n) {
        List<String> out = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            out.add("a" + j);
        }
        return out;
    }

    /**
     * The study as markdown: settings, Table 1 per method, the per-policy table and the claims 1-2 verdicts, each under
     * its name, then the summary; then, only for a study with claim-3 or claim-4 subjects, Tables 2-3, their verdicts
     * and summary ({@link DatasetClaims#markdown}). What {@code rrl report --study DIR --markdown} prints for a
     * robustness study.
     */
    public static String markdownReport(RobustnessStudy.Result r) {
        StringBuilder b = new StringBuilder();
        for (Table t : List.of(settings(r.config()), table1(r), policyTable(r), RobustnessClaims.check(r))) {
            b.append(Tables.markdownSection(t));
        }
        b.append(RobustnessClaims.summary(r)).append('\n');
        String datasets = DatasetClaims.markdown(r);
        return datasets.isEmpty() ? b.toString() : b.append('\n').append(datasets).toString();
    }

    /**
     * Paper 2's Table 1 layout over several studies (one per environment, e.g. the recorded ones): one row per
     * (env, training data, method) with its group averages, "mean ± std" of the return per condition, the adversarial
     * column each policy's own worst case.
     */
    public static Table table1(List<RobustnessStudy.Result> studies) {
        return RobustnessTable.wide("mean ± std of return per method, every environment (adversarial = each policy's own "
                + "worst case)", pooledWithAverages(studies), RobustnessClaims.OWN_WORST);
    }

    /**
     * The share of the normal return each method keeps under random perturbation and under its own worst case, ours
     * beside paper 2's ({@link RobustnessTable#retentionBesidePaper}), over several studies; no average rows, since
     * ours average over the methods a study ran and paper 2's over its three.
     */
    public static Table retentionBesidePaper(List<RobustnessStudy.Result> studies) {
        return RobustnessTable.retentionBesidePaper("share of the normal return kept, ours beside paper 2's (arXiv "
                + "2412.18781, Tables 1-3)", pooled(studies), RobustnessClaims.OWN_WORST);
    }

    /**
     * Ours against paper 2's share of the normal return kept, one marker per (env, training data, method) that both
     * have, one series per environment and condition, with the diagonal where the two agree: points below it keep less than the paper
     * reports.
     */
    public static XYChart retentionAgainstPaper(List<RobustnessStudy.Result> studies, String title) {
        Table t = retentionBesidePaper(studies);
        XYChart c = Charts.lineChart(title, "share of the normal return kept: paper 2 (return / normal return)",
                "share kept: ours (return / normal return)");
        c.getStyler().setMarkerSize(8);
        double lo = 0;
        double hi = 1;
        for (String env : t.stringColumn("env").asList().stream().distinct().toList()) {
            for (int col = 0; col < 2; col++) {
                List<Double> x = new ArrayList<>();
                List<Double> y = new ArrayList<>();
                for (int r = 0; r < t.rowCount(); r++) {
                    double theirs = t.doubleColumn(4 + 2 * col).getDouble(r);
                    double ours = t.doubleColumn(3 + 2 * col).getDouble(r);
                    if (env.equals(t.stringColumn("env").get(r)) && Double.isFinite(theirs) && Double.isFinite(ours)) {
                        x.add(theirs);
                        y.add(ours);
                        lo = Math.min(lo, Math.min(theirs, ours));
                        hi = Math.max(hi, Math.max(theirs, ours));
                    }
                }
                if (!x.isEmpty()) {
                    c.addSeries(env + ": " + (col == 0 ? "random" : RobustnessClaims.OWN_WORST), x, y)
                            .setXYSeriesRenderStyle(org.knowm.xchart.XYSeries.XYSeriesRenderStyle.Scatter);
                }
            }
        }
        org.knowm.xchart.XYSeries d = c.addSeries("ours = paper 2", new double[] {lo, hi}, new double[] {lo, hi});
        d.setMarker(org.knowm.xchart.style.markers.SeriesMarkers.NONE);
        d.setLineColor(java.awt.Color.GRAY);
        return c;
    }

    /**
     * Paper 2's attack settings per environment, one row each ({@link rrl.attack.PerturbationSettings#all()} and
     * {@link rrl.attack.AttackConfig#paper}): actuators, the bound eps with its source, the DE population NP with its
     * source, generations and episodes per individual, and the bound of Table 3's perturbed data (paper 2 §4.4: 0.3).
     */
    public static Table paperAttackSettings() {
        StringColumn env = StringColumn.create("env");
        tech.tablesaw.api.IntColumn actuators = tech.tablesaw.api.IntColumn.create("actuators");
        DoubleColumn eps = DoubleColumn.create("eps (bound of δ)");
        StringColumn epsSource = StringColumn.create("eps: source");
        tech.tablesaw.api.IntColumn np = tech.tablesaw.api.IntColumn.create("DE population NP");
        StringColumn npSource = StringColumn.create("NP: source");
        tech.tablesaw.api.IntColumn generations = tech.tablesaw.api.IntColumn.create("DE generations");
        tech.tablesaw.api.IntColumn episodes = tech.tablesaw.api.IntColumn.create("episodes per individual");
        DoubleColumn dataEps = DoubleColumn.create("Table 3 data eps");
        for (rrl.attack.PerturbationSettings p : rrl.attack.PerturbationSettings.all()) {
            rrl.attack.AttackConfig a = rrl.attack.AttackConfig.paper(p.env());
            env.append(p.env());
            actuators.append(rrl.env.Environments.task(p.env()).actionDim());
            eps.append(p.eps());
            epsSource.append(p.epsSource());
            np.append(a.populationSize());
            npSource.append(p.dePopulationSource());
            generations.append(a.generations());
            episodes.append(a.episodesPerIndividual());
            dataEps.append(rrl.experiment.RobustnessTablesStudy.Plan.defaults(p.env()).perturbationEps());
        }
        return Table.create("Paper 2's attack per environment (arXiv 2412.18781 §3.2, §4.1, §4.4)").addColumns(env,
                actuators, eps, np, generations, episodes, dataEps, epsSource, npSource);
    }

    /**
     * One markdown paragraph on {@link #retentionBesidePaper}: the environments read, and per condition how many
     * (env, training data, method) rows paper 2 also reports, the median absolute difference of the shares kept and
     * in how many ours keeps less. A description of this run's numbers, not a verdict (those are the claims').
     */
    public static String besidePaperSummary(List<RobustnessStudy.Result> studies) {
        Table t = retentionBesidePaper(studies);
        List<String> envs = t.stringColumn("env").asList().stream().distinct().toList();
        StringBuilder b = new StringBuilder("**Every environment.** Read: " + String.join(", ", envs) + " ("
                + rrl.io.Messages.count(t.rowCount(), "method and data row") + ").");
        for (int col = 0; col < 2; col++) {
            List<Double> diffs = new ArrayList<>();
            int less = 0;
            for (int r = 0; r < t.rowCount(); r++) {
                double ours = t.doubleColumn(3 + 2 * col).getDouble(r);
                double theirs = t.doubleColumn(4 + 2 * col).getDouble(r);
                if (Double.isFinite(ours) && Double.isFinite(theirs)) {
                    diffs.add(Math.abs(ours - theirs));
                    less += ours < theirs ? 1 : 0;
                }
            }
            String cond = col == 0 ? "random perturbation" : "its own worst case";
            if (diffs.isEmpty()) {
                b.append(" Under ").append(cond).append(": no row paper 2 also reports.");
                continue;
            }
            java.util.Collections.sort(diffs);
            int n = diffs.size();
            double median = n % 2 == 1 ? diffs.get(n / 2) : (diffs.get(n / 2 - 1) + diffs.get(n / 2)) / 2;
            b.append(String.format(java.util.Locale.ROOT, " Under %s, over the %d rows paper 2 also reports, the share "
                    + "of the normal return kept differs from paper 2's by %.3f (median absolute difference), and ours "
                    + "keeps less in %d of them.", cond, n, median, less));
        }
        return b.toString();
    }

    /**
     * The studies' pooled rows in one long table, a study's rows in its order; a (env, training data, method) row an
     * earlier study already gave is left out (e.g. the expert rows of a claims 3-4 study listed after the Table 1
     * study of the same environment), so each row of the tables comes from one study.
     */
    private static Table pooled(List<RobustnessStudy.Result> studies) {
        if (studies.isEmpty()) {
            throw new IllegalArgumentException("no robustness studies given; record one with `bin/rrl sweep run --plan "
                    + "notebooks/plans/robustness-ENV.json` or `bin/rrl robustness`");
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        List<RobustnessEvaluation.Row> rows = new ArrayList<>();
        for (RobustnessStudy.Result r : studies) {
            java.util.Set<String> mine = new java.util.HashSet<>();
            for (RobustnessEvaluation.Row row : r.pooled()) {
                String key = row.env() + "\u0000" + row.trainingData() + "\u0000"
                        + RobustnessTable.baseMethod(row.method(), row.trainingData());
                if (!seen.contains(key)) {
                    mine.add(key);
                    rows.add(row);
                }
            }
            seen.addAll(mine);
        }
        return RobustnessTable.of("robustness", rows);
    }

    private static Table pooledWithAverages(List<RobustnessStudy.Result> studies) {
        return RobustnessTable.withAverages(pooled(studies));
    }
}
