package rrl.report;

import rrl.data.TrainingData;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.knowm.xchart.CategoryChart;
import rrl.experiment.RobustnessStudy;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Paper 2's Tables 2 and 3 (arXiv 2412.18781, §4.3-4.4) beside a study's ({@link DatasetClaims#table2},
 * {@link DatasetClaims#table3}): the reference numbers ({@link RobustnessTable#paper2Reference}) in the same layout,
 * and the share of the normal return each (method, training data) keeps, ours and the paper's side by side. Our
 * data and policies are our own, so the shares (the shapes), not the returns, are what compare.
 *
 * <p><b>The expert rows.</b> Paper 2 prints the expert data's policies once, in Table 1, and compares Tables 2-3
 * with them; so the reference Tables 2 and 3 here start with Table 1's expert rows of the environment. Ant is the
 * exception for Table 3: its Table 1 uses eps 0.5, and Table 3 has its own expert rows at eps 0.3
 * ("expert-eps0.3"), which are used there (and for a study of eps 0.3 in {@link #keptShares}).
 */
public final class DatasetTables {
    /** The training-data label of paper 2's Ant expert rows at eps 0.3 in its Table 3. */
    static final String EXPERT_EPS_03 = "expert-eps0.3";

    private DatasetTables() {}

    /**
     * Paper 2's Table 2 for {@code env}: the expert rows of its Table 1 (offline methods), then medium and
     * medium-expert, in {@link DatasetClaims#table2}'s order and layout (mean ± std over 1,000 episodes).
     */
    public static Table paperTable2(String env) {
        return RobustnessTable.wide("paper 2, Table 2, " + env + " (expert rows: its Table 1): mean ± std of return "
                + "over 1,000 episodes", paperRows(env, k -> k.broader()), RobustnessClaims.OWN_WORST);
    }

    /**
     * Paper 2's Table 3 for {@code env}: the clean expert rows (Table 1's; Ant: Table 3's own at eps 0.3), then
     * randomly- and adversarially-perturbed, in {@link DatasetClaims#table3}'s order and layout.
     */
    public static Table paperTable3(String env) {
        return RobustnessTable.wide("paper 2, Table 3, " + env + " (clean expert rows: "
                + (hasExpertEps03(env) ? "its Table 3 at eps 0.3" : "its Table 1") + "): mean ± std of return over 1,000 "
                + "episodes", paperRows(env, k -> k.perturbed()), RobustnessClaims.OWN_WORST);
    }

    /** The long reference rows of {@code env}: expert (see the class comment), then the kinds of {@code kinds}. */
    private static Table paperRows(String env, Predicate<TrainingData> kinds) {
        Table paper = RobustnessTable.paper2Reference();
        Table out = paper.emptyCopy();
        boolean table3 = kinds.test(TrainingData.RANDOMLY_PERTURBED);
        for (TrainingData k : TrainingData.values()) {
            if (k != TrainingData.EXPERT && !kinds.test(k)) {
                continue;
            }
            for (int r = 0; r < paper.rowCount(); r++) {
                if (!paper.stringColumn("env").get(r).equalsIgnoreCase(env)) {
                    continue;
                }
                String data = paper.stringColumn("training_data").get(r);
                int table = paper.intColumn("table").get(r);
                boolean expertRow = k == TrainingData.EXPERT && (table3 && hasExpertEps03(env)
                        ? table == 3 && data.equals(EXPERT_EPS_03) : table == 1 && data.equals(k.label()));
                if (expertRow || (k != TrainingData.EXPERT && table > 1 && data.equals(k.label()))) {
                    out.append(paper.row(r));
                }
            }
        }
        return out;
    }

    private static boolean hasExpertEps03(String env) {
        Table paper = RobustnessTable.paper2Reference();
        return paper.where(paper.stringColumn("env").isEqualTo(env)
                .and(paper.stringColumn("training_data").isEqualTo(EXPERT_EPS_03))).rowCount() > 0;
    }

    /**
     * The study's claim-3 and claim-4 subjects (expert and the other kinds of {@link TrainingData}, grouped by data
     * as Tables 2-3 are), one row each: the normal return and the shares of it kept under random and adversarial
     * perturbation (own worst case), ours (pooled over all trained policies and replicates) beside paper 2's for
     * the same method ({@link DatasetClaims#method}) and data; the paper's cells are empty where it has no row.
     */
    public static Table keptShares(RobustnessStudy.Result r) {
        String env = r.config().env();
        Table paper = RobustnessTable.paper2Reference();
        StringColumn data = StringColumn.create("training_data");
        StringColumn method = StringColumn.create("method");
        List<DoubleColumn> cols = new ArrayList<>();
        for (String name : List.of("normal return: ours", "normal return: paper 2", "random / normal: ours",
                "random / normal: paper 2", RobustnessClaims.OWN_WORST + " / normal: ours",
                RobustnessClaims.OWN_WORST + " / normal: paper 2")) {
            cols.add(DoubleColumn.create(name));
        }
        for (RobustnessStudy.Subject s : subjects(r)) {
            TrainingData kind = TrainingData.of(s.trainingData()).orElseThrow();
            String m = DatasetClaims.method(s);
            data.append(kind.label());
            method.append(m);
            double[] ours = new double[3];
            double[] theirs = new double[3];
            for (int c = 0; c < 3; c++) {
                String condition = RobustnessTable.CONDITIONS.get(c);
                ours[c] = RobustnessClaims.find(r.pooled(), s.method(), condition).meanReturn();
                theirs[c] = paperMean(paper, env, paperLabel(env, kind, r.config().eps()), m, condition).orElse(Double.NaN);
            }
            cols.get(0).append(ours[0]);
            cols.get(1).append(theirs[0]);
            cols.get(2).append(ours[1] / ours[0]);
            cols.get(3).append(theirs[1] / theirs[0]);
            cols.get(4).append(ours[2] / ours[0]);
            cols.get(5).append(theirs[2] / theirs[0]);
        }
        Table t = Table.create(env + ": share of the normal return kept, ours beside paper 2's (Tables 1-3; ours "
                + rrl.io.Messages.count(r.config().evalEpisodes(), "episode") + " per condition and trained policy, the paper's 1,000)", data, method);
        cols.forEach(t::addColumns);
        Tables.decimals(t, Tables.RETURN, cols.get(0).name(), cols.get(1).name());
        return Tables.decimals(t, Tables.RATIO, cols.get(2).name(), cols.get(3).name(), cols.get(4).name(),
                cols.get(5).name());
    }

    /**
     * The kept shares of {@link #keptShares} as grouped bars: one group per subject (its data, "medium", when the study
     * has one method, else "TD3+BC (medium)"), bars for
     * ours and paper 2's share under random and adversarial perturbation (a paper bar is left out, as 0, where the
     * paper has no row).
     */
    public static CategoryChart keptSharesChart(RobustnessStudy.Result r, String title) {
        Table t = keptShares(r);
        boolean oneMethod = t.stringColumn("method").unique().size() == 1;
        List<String> groups = new ArrayList<>();
        for (int i = 0; i < t.rowCount(); i++) {
            String data = t.stringColumn("training_data").get(i);
            groups.add(oneMethod ? data : t.stringColumn("method").get(i) + " (" + data + ")");
        }
        CategoryChart c = Charts.barChart(title, "training data of the offline policy"
                + (oneMethod && t.rowCount() > 0 ? " (" + t.stringColumn("method").get(0) + ")" : ""),
                "share of the normal return kept");
        c.getStyler().setXAxisLabelRotation(20); // five data labels side by side overlap level
        String[][] series = {{"random / normal: ours", "ours, random"}, {"random / normal: paper 2", "paper 2, random"},
            {RobustnessClaims.OWN_WORST + " / normal: ours", "ours, adversarial (own worst case)"},
            {RobustnessClaims.OWN_WORST + " / normal: paper 2", "paper 2, adversarial (own worst case)"}};
        for (String[] s : series) {
            List<Double> y = new ArrayList<>();
            for (int i = 0; i < t.rowCount(); i++) {
                double v = t.doubleColumn(s[0]).getDouble(i); // NaN where missing
                y.add(Double.isFinite(v) ? v : 0.0); // XChart cannot draw NaN bars
            }
            c.addSeries(s[1], groups, y);
        }
        return c;
    }

    /**
     * {@link #keptShares} in words: per subject on other data than expert, the share of the normal return its
     * policies keep under their own worst case against the same method on expert data, ours and paper 2's, and
     * whether ours moves the paper's way. Descriptive (pooled means, no test: {@link DatasetClaims#summary} gives
     * the verdicts); empty when the study has no such pair.
     */
    public static String summary(RobustnessStudy.Result r) {
        Table t = keptShares(r);
        String ours = RobustnessClaims.OWN_WORST + " / normal: ours";
        String paper = RobustnessClaims.OWN_WORST + " / normal: paper 2";
        java.util.Map<String, Integer> expertRow = new java.util.HashMap<>();
        for (int i = 0; i < t.rowCount(); i++) {
            if (t.stringColumn("training_data").get(i).equals(TrainingData.EXPERT.label())) {
                expertRow.put(t.stringColumn("method").get(i), i);
            }
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < t.rowCount(); i++) {
            String m = t.stringColumn("method").get(i);
            String data = t.stringColumn("training_data").get(i);
            Integer e = expertRow.get(m);
            if (e == null || e == i) {
                continue;
            }
            double o = t.doubleColumn(ours).getDouble(i);
            double oe = t.doubleColumn(ours).getDouble(e);
            b.append(String.format(java.util.Locale.ROOT, "%s on %s data keeps %.0f%% of its normal return under its own "
                    + "worst case, on expert data %.0f%%", m, data, 100 * o, 100 * oe));
            double p = t.doubleColumn(paper).getDouble(i);
            double pe = t.doubleColumn(paper).getDouble(e);
            if (Double.isFinite(p) && Double.isFinite(pe)) {
                // directions compared on the percentages shown, so "14% and 14%" is never called a direction
                long ours1 = Math.round(100 * o) - Math.round(100 * oe);
                long paper1 = Math.round(100 * p) - Math.round(100 * pe);
                b.append(String.format(java.util.Locale.ROOT, " (paper 2: %.0f%% and %.0f%%; %s)", 100 * p, 100 * pe,
                        ours1 == 0 || paper1 == 0 ? (ours1 == paper1 ? "no difference in either" : "a difference in one only")
                                : Long.signum(ours1) == Long.signum(paper1) ? "the paper's direction"
                                : "the opposite of the paper's"));
            }
            b.append(". ");
        }
        return b.toString().strip();
    }

    /** The study's subjects with claim-3/4 training data, grouped by data in {@link TrainingData}'s order (stable). */
    private static List<RobustnessStudy.Subject> subjects(RobustnessStudy.Result r) {
        List<RobustnessStudy.Subject> out = new ArrayList<>(r.config().subjects().stream()
                .filter(s -> TrainingData.of(s.trainingData()).isPresent()).toList());
        out.sort(Comparator.comparing(s -> TrainingData.of(s.trainingData()).orElseThrow()));
        return out;
    }

    /** The reference's label for {@code kind}: Ant's Table 3 expert rows at eps 0.3 for a study of eps 0.3. */
    private static String paperLabel(String env, TrainingData kind, double eps) {
        return kind == TrainingData.EXPERT && Math.abs(eps - 0.3) < 1e-12 && hasExpertEps03(env) ? EXPERT_EPS_03
                : kind.label();
    }

    private static Optional<Double> paperMean(Table paper, String env, String data, String method, String condition) {
        for (int r = 0; r < paper.rowCount(); r++) {
            if (paper.stringColumn("env").get(r).equalsIgnoreCase(env) && paper.stringColumn("training_data").get(r).equals(data)
                    && paper.stringColumn("method").get(r).equals(method)
                    && paper.stringColumn("condition").get(r).equals(condition)) {
                return Optional.of(((Number) paper.column("mean_return").get(r)).doubleValue());
            }
        }
        return Optional.empty();
    }
}
