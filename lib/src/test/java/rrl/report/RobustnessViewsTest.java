package rrl.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
        assertEquals(0.1, t.doubleColumn("delta a1").get(1), 1e-12);
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
}
