package rrl.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import rrl.attack.AttackConfig;
import rrl.attack.DifferentialEvolutionAttack;
import rrl.eval.RobustnessEvaluation;
import rrl.experiment.RobustnessStudy;
import tech.tablesaw.api.Table;

/** Paper 2's figures drawn from a study result: one series per policy and replicate, values as given. */
class RobustnessViewsTest {
    private static RobustnessStudy.Result result() {
        AttackConfig a = AttackConfig.paper("Hopper", 0).withGenerations(2);
        RobustnessStudy.Config c = new RobustnessStudy.Config("Hopper",
                List.of(new RobustnessStudy.Subject("TD3+BC", "expert", "shipped:td3bc-expert")), 0.3, 4, 4, a, 2, 0);
        List<DifferentialEvolutionAttack.Result> reps = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            reps.add(new DifferentialEvolutionAttack.Result(a, new double[] {-0.3, 0.1 * k, 0.3}, 500 + k, new double[0],
                    new double[0], new double[] {900, 700, 500 + k}, new double[] {1500, 1200, 900}, 0, 1, 0));
        }
        List<RobustnessEvaluation.Row> pooled = new ArrayList<>();
        double[] means = {3000, 1800, 500};
        for (int i = 0; i < 3; i++) {
            pooled.add(new RobustnessEvaluation.Row("Hopper", "expert", "TD3+BC", RobustnessTable.CONDITIONS.get(i), 4,
                    means[i], 10, 90, 1000, 0));
        }
        List<RobustnessStudy.PolicyRow> perPolicy = pooled.stream()
                .map(row -> new RobustnessStudy.PolicyRow(0, "shipped:td3bc-expert", row)).toList();
        return new RobustnessStudy.Result(c, pooled, perPolicy, perPolicy, Map.of("TD3+BC", reps));
    }

    @Test
    void fitnessHasBestPerReplicateAndOneMean() {
        var chart = RobustnessViews.fitness(result(), "t");
        assertEquals(3, chart.getSeriesMap().size());
        assertEquals(501.0, chart.getSeriesMap().get("TD3+BC best, seed 1").getYData()[2], 0);
    }

    @Test
    void barsAndDeltasCarryTheNumbers() {
        var bars = RobustnessViews.returnPerCondition(result(), "t");
        List<Double> y = new ArrayList<>();
        bars.getSeriesMap().get("TD3+BC (expert)").getYData().forEach(n -> y.add(n.doubleValue()));
        assertEquals(List.of(3000.0, 1800.0, 500.0), y);
        // the study's adversarial delta is each policy's own worst case, and its bar says so
        assertEquals(List.of("normal", "random", "adversarial (own worst case)"),
                bars.getSeriesMap().get("TD3+BC (expert)").getXData());
        Table t = RobustnessViews.deltaTable(result());
        assertEquals(2, t.rowCount());
        assertEquals(0.1, t.doubleColumn("delta a1").getDouble(1), 1e-12);
        assertEquals(501.0, t.doubleColumn("return under delta (DE fitness)").get(1), 0);
        assertEquals(2, RobustnessViews.deltas(result(), "t").getSeriesMap().size());
    }

    @Test
    void table1NamesTheAdversarialColumnOwnWorstCaseAndThePolicyTableHasOneRowPerPolicy() {
        Table t1 = RobustnessViews.table1(result());
        assertEquals(List.of("env", "training_data", "method", "normal", "random", "adversarial (own worst case)"),
                t1.columnNames());
        assertEquals("500 ± 10", t1.stringColumn("adversarial (own worst case)").get(0));
        Table perPolicy = RobustnessViews.policyTable(result());
        assertEquals(List.of("env", "training_data", "method", "policy_index", "policy", "normal", "random",
                "adversarial (own worst case)"), perPolicy.columnNames());
        assertEquals("shipped:td3bc-expert", perPolicy.stringColumn("policy").get(0));
        // the CSV layout keeps the condition value "adversarial"
        assertEquals("adversarial", RobustnessViews.replicates(result()).stringColumn("condition").get(2));
    }

    @Test
    void settingsListEachMethodsTrainedPolicies() {
        RobustnessStudy.Config c = RobustnessStudy.Config.paper("Hopper", RobustnessStudy.Subject.parseList(
                "TD3+BC|expert|shipped:td3bc-expert,shipped:td3bc-expert-s1;SAC|online|shipped:expert"));
        Table t = RobustnessViews.settings(c);
        assertEquals("TD3+BC (expert): 2 independently trained policies", t.stringColumn("setting").get(1));
        assertEquals("shipped:td3bc-expert, shipped:td3bc-expert-s1", t.stringColumn("value").get(1));
        assertEquals("SAC (online): 1 trained policy", t.stringColumn("setting").get(2));
        assertEquals("0.3", t.stringColumn("value").get(3));
    }

    @Test
    void summaryGivesTheSharesKept() {
        String s = RobustnessClaims.summary(result());
        org.junit.jupiter.api.Assertions.assertTrue(s.contains("TD3+BC (expert; 1 trained policy) returns 3000 in normal "
                + "conditions and keeps 60% of it under random δ and 17% under its own worst-case δ (4 episodes per "
                + "condition)"), s);
        org.junit.jupiter.api.Assertions.assertTrue(s.contains("The DE ran 2 generations of 45"), s);
    }

    /**
     * Every environment's recorded studies side by side: the Table 1 study first, then the claims 3-4 study, whose
     * expert rows it already gave are left out; shares are matched to paper 2's by method and data.
     */
    @Test
    void recordedStudiesSideBySideWithPaper2() {
        java.nio.file.Path rec = java.nio.file.Path.of("..", "notebooks", "recorded");
        List<RobustnessStudy.Result> studies = new ArrayList<>();
        for (String s : List.of("robustness-hopper", "dataset-quality-hopper", "no-such-study")) {
            rrl.experiment.RobustnessTablesStudy.finished(rec.resolve(s)).ifPresent(studies::add);
        }
        assertEquals(2, studies.size());
        Table t = RobustnessViews.retentionBesidePaper(studies);
        // one row per (env, data, method): Table 1's six, then TD3+BC and IQL on four more kinds of data
        int table1 = (int) studies.get(0).pooled().stream().map(RobustnessEvaluation.Row::method).distinct().count();
        assertEquals(table1 + 2 * 4, t.rowCount(), t.print());
        for (int r = 0; r < t.rowCount(); r++) {
            String data = t.stringColumn("training_data").get(r);
            String method = RobustnessTable.baseMethod(t.stringColumn("method").get(r), data);
            Table paper = RobustnessTable.paper2Reference();
            Table mine = paper.where(paper.stringColumn("env").isEqualTo("Hopper").and(paper.stringColumn("training_data")
                    .isEqualTo(data.equals("online") ? "online" : data)).and(paper.stringColumn("method").isEqualTo(method)));
            double normal = Double.NaN;
            double adversarial = Double.NaN;
            for (int k = 0; k < mine.rowCount(); k++) {
                double m = ((Number) mine.column("mean_return").get(k)).doubleValue();
                switch (mine.stringColumn("condition").get(k)) {
                    case "normal" -> normal = m;
                    case "adversarial" -> adversarial = m;
                    default -> { }
                }
            }
            double shown = t.doubleColumn(6).getDouble(r);
            if (mine.rowCount() == 0) {
                assertTrue(Double.isNaN(shown), method + " on " + data + " is not in paper 2");
            } else {
                assertEquals(adversarial / normal, shown, 1e-12, method + " on " + data);
            }
        }
        var chart = RobustnessViews.retentionAgainstPaper(studies, "t");
        assertEquals(java.util.Set.of("Hopper: random", "Hopper: adversarial (own worst case)", "ours = paper 2"), chart.getSeriesMap().keySet());
        String summary = RobustnessViews.besidePaperSummary(studies);
        assertTrue(summary.startsWith("**Every environment.** Read: Hopper (" + t.rowCount() + " method and data rows). "
                + "Under random perturbation, over the " + (t.rowCount() - 1) + " rows paper 2 also reports"), summary);
        Table t1 = RobustnessViews.table1(studies);
        assertTrue(t1.stringColumn("method").asList().contains("average"), t1.print());
    }

    /** Paper 2 §4.1: Ant's NP 120 and eps 0.5, 0.3 for Table 3's data; Hopper's NP 45. */
    @Test
    void paperAttackSettingsPerEnvironment() {
        Table t = RobustnessViews.paperAttackSettings();
        assertEquals(List.of("Hopper", "HalfCheetah", "Ant", "Walker2d"), t.stringColumn("env").asList());
        Table ant = t.where(t.stringColumn("env").isEqualTo("Ant"));
        assertEquals(8, ant.intColumn("actuators").get(0));
        assertEquals(0.5, ant.doubleColumn("eps (bound of δ)").getDouble(0), 0);
        assertEquals(120, ant.intColumn("DE population NP").get(0));
        assertEquals(0.3, ant.doubleColumn("Table 3 data eps").getDouble(0), 0);
        assertEquals(45, t.intColumn("DE population NP").get(0));
        assertEquals(30, t.intColumn("DE generations").get(0));
    }
}
