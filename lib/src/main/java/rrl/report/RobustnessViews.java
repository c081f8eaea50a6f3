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
 * generation (Algorithm 1), the return per condition (Table 1 as bars) and the perturbation each attack found.
 * Notebooks and the CLI draw these rather than building charts cell by cell.
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
     * Mean episodic return per condition (normal, random, adversarial), one bar group per policy, error bars the
     * std over all episodes of all replicates (paper 2's statistic).
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
            c.addSeries(s.method() + " (" + s.trainingData() + ")", RobustnessTable.CONDITIONS, mean, std);
        }
        return c;
    }

    /** The adversarial delta per actuator ("a0", "a1", ...), one bar series per policy and replicate. */
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

    /** One row per policy and replicate: the delta per actuator and its fitness (the return it leaves). */
    public static Table deltaTable(RobustnessStudy.Result r) {
        Table t = Table.create("Adversarial delta per actuator and the return it leaves");
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
}
