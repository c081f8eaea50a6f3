package rrl.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import rrl.report.RobustnessTable;
import rrl.rollout.D4rlScores;
import rrl.rollout.Evaluation;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import rrl.policy.ActorPolicy;
import rrl.attack.PerturbationCondition;
import rrl.policy.ShippedPolicies;
import rrl.env.Environments;
import rrl.env.Task;
import tech.tablesaw.api.Table;

class RobustnessEvaluationTest {
    static final Task HOPPER = Environments.task("Hopper");
    static ActorPolicy expert;

    @BeforeAll
    static void load() {
        expert = ShippedPolicies.load("Hopper", "expert");
    }

    @Test
    void normalAndZeroDeltaEqualTheNominalEvaluation() {
        Evaluation.Result nominal = Evaluation.run(expert, HOPPER, 6, 3, 4);
        Evaluation.Result normal = RobustnessEvaluation.run(expert, HOPPER, PerturbationCondition.normal(), 6, 3, 4, false);
        Evaluation.Result zero = RobustnessEvaluation.run(expert, HOPPER,
                PerturbationCondition.adversarial(new double[3]), 6, 3, 4, false);
        assertEquals(nominal.meanReturn(), normal.meanReturn(), 0.0);
        assertEquals(nominal.stdReturn(), normal.stdReturn(), 0.0);
        assertEquals(nominal.meanReturn(), zero.meanReturn(), 0.0);
    }

    @Test
    void sameSeedSameNumbersAndPerturbationsCost() {
        RobustnessEvaluation.Row a = RobustnessEvaluation.row("online", "SAC", expert, HOPPER,
                PerturbationCondition.random(0.3), 12, 6, 1);
        RobustnessEvaluation.Row b = RobustnessEvaluation.row("online", "SAC", expert, HOPPER,
                PerturbationCondition.random(0.3), 12, 6, 1);
        assertEquals(a, b);
        RobustnessEvaluation.Row weak = RobustnessEvaluation.row("online", "SAC", expert, HOPPER,
                PerturbationCondition.adversarial(new double[] {-0.3, -0.3, -0.3}), 6, 6, 1);
        RobustnessEvaluation.Row normal = RobustnessEvaluation.row("online", "SAC", expert, HOPPER,
                PerturbationCondition.normal(), 6, 6, 1);
        assertEquals(12, a.episodes());
        assertTrue(a.meanReturn() < normal.meanReturn() - 100, a + " vs " + normal);
        assertTrue(weak.meanReturn() < normal.meanReturn(), weak + " vs " + normal);
        assertEquals(D4rlScores.normalized("Hopper", normal.meanReturn()), normal.normalizedScore(), 1e-12);
    }

    @Test
    void tablesHaveTableOnesLayout() {
        List<RobustnessEvaluation.Row> rows = List.of(
                new RobustnessEvaluation.Row("Hopper", "expert", "TD3+BC", "normal", 10, 3000, 12.4, 92, 1000, 0),
                new RobustnessEvaluation.Row("Hopper", "expert", "TD3+BC", "adversarial", 10, 400.6, 20, 12, 120, 0));
        Table wide = RobustnessTable.wide("t", RobustnessTable.of("long", rows));
        assertEquals(List.of("env", "training_data", "method", "normal", "random", "adversarial"), wide.columnNames());
        assertEquals(1, wide.rowCount());
        assertEquals("3000 ± 12", wide.stringColumn("normal").get(0));
        assertEquals("–", wide.stringColumn("random").get(0));
        assertEquals("401 ± 20", wide.stringColumn("adversarial").get(0));
        Table paper = RobustnessTable.paper2Reference();
        Table t1 = paper.where(paper.intColumn("table").isEqualTo(1));
        assertEquals(54, t1.rowCount());
        Table w = RobustnessTable.wide("Table 1", t1);
        assertEquals(18, w.rowCount());
        assertEquals("3597 ± 93", w.where(w.stringColumn("method").isEqualTo("TD3+BC")
                .and(w.stringColumn("env").isEqualTo("Hopper"))).stringColumn("normal").get(0));
    }
}
