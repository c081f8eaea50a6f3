package rrl.report;

import rrl.data.TrainingData;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import rrl.attack.AttackConfig;
import rrl.eval.RobustnessEvaluation;
import rrl.experiment.RobustnessStudy;
import tech.tablesaw.api.Table;

/** Paper 2's Tables 2-3 from the reference data, and a study's kept shares beside the paper's. */
class DatasetTablesTest {
    private static final String ADV = RobustnessClaims.OWN_WORST;

    /** The cell of {@code wide} in the row of (data, method) and the given column. */
    private static String cell(Table wide, String data, String method, String column) {
        for (int r = 0; r < wide.rowCount(); r++) {
            if (wide.stringColumn("training_data").get(r).equals(data) && wide.stringColumn("method").get(r).equals(method)) {
                return wide.stringColumn(column).get(r);
            }
        }
        throw new AssertionError("no row " + data + " / " + method + " in " + wide.name());
    }

    @Test
    void paperTable2StartsWithTable1sExpertRowsThenTheBroaderData() {
        Table t = DatasetTables.paperTable2("Hopper");
        assertEquals(List.of("expert", "expert", "expert", "medium", "medium", "medium", "medium-expert", "medium-expert",
                "medium-expert"), t.stringColumn("training_data").asList());
        assertEquals("2371 ± 449", cell(t, "expert", "BCQ", "normal"));
        assertEquals("1969 ± 398", cell(t, "medium", "TD3+BC", "normal"));
        assertEquals("500 ± 57", cell(t, "medium-expert", "TD3+BC", ADV));
        // no online rows: Tables 2-3 are about offline training data
        assertTrue(t.stringColumn("method").asList().stream().noneMatch(m -> m.equals("SAC") || m.equals("PPO")));
        assertEquals("-1129 ± 1083", cell(DatasetTables.paperTable2("Ant"), "expert", "BCQ", ADV));
    }

    @Test
    void paperTable3UsesTable1sExpertRowsExceptAntsOwnAtEps03() {
        Table hopper = DatasetTables.paperTable3("Hopper");
        assertEquals(9, hopper.rowCount());
        assertEquals("3597 ± 93", cell(hopper, "expert", "TD3+BC", "normal"));
        assertEquals("353 ± 5", cell(hopper, "adversarially-perturbed", "TD3+BC", "normal"));
        assertEquals("2077 ± 1350", cell(hopper, "randomly-perturbed", "TD3+BC", "random"));
        Table ant = DatasetTables.paperTable3("Ant");
        assertEquals(9, ant.rowCount());
        assertEquals("1670 ± 1769", cell(ant, "expert-eps0.3", "BCQ", ADV)); // not Table 1's -1129 at eps 0.5
        assertTrue(ant.name().contains("Table 3 at eps 0.3"), ant.name());
    }

    /** A one-policy, one-replicate study with the given pooled means per subject: {normal, random, adversarial}. */
    private static RobustnessStudy.Result study(List<RobustnessStudy.Subject> subjects, double[][] means) {
        List<RobustnessEvaluation.Row> pooled = new ArrayList<>();
        List<RobustnessStudy.PolicyRow> perPolicy = new ArrayList<>();
        for (int i = 0; i < subjects.size(); i++) {
            RobustnessStudy.Subject s = subjects.get(i);
            for (int c = 0; c < 3; c++) {
                RobustnessEvaluation.Row row = new RobustnessEvaluation.Row("Hopper", s.trainingData(), s.method(),
                        RobustnessTable.CONDITIONS.get(c), 10, means[i][c], 10, means[i][c] / 36, 1000, 0);
                pooled.add(row);
                perPolicy.add(new RobustnessStudy.PolicyRow(0, s.policies().get(0), row));
            }
        }
        RobustnessStudy.Config c = new RobustnessStudy.Config("Hopper", subjects, 0.3, 10, 4,
                AttackConfig.paper("Hopper", 0).withGenerations(2), 1, 0);
        return new RobustnessStudy.Result(c, pooled, perPolicy, perPolicy, Map.of());
    }

    @Test
    void keptSharesPutOursBesideThePapersInTheTablesOrder() {
        List<RobustnessStudy.Subject> subjects = List.of(
                DatasetClaims.subject("TD3+BC", TrainingData.MEDIUM_EXPERT, List.of("c")),
                DatasetClaims.subject("TD3+BC", TrainingData.EXPERT, List.of("a")),
                new RobustnessStudy.Subject("SAC", "online", "shipped:expert"),
                DatasetClaims.subject("TD3+BC", TrainingData.MEDIUM, List.of("b")));
        RobustnessStudy.Result r = study(subjects, new double[][] {
            {2000, 1000, 500}, {3000, 1500, 300}, {3100, 2000, 400}, {1000, 900, 800}});
        Table t = DatasetTables.keptShares(r);
        assertEquals(List.of("expert", "medium", "medium-expert"), t.stringColumn("training_data").asList());
        assertEquals(List.of("TD3+BC", "TD3+BC", "TD3+BC"), t.stringColumn("method").asList());
        assertEquals(0.1, t.doubleColumn(ADV + " / normal: ours").get(0), 1e-12);
        assertEquals(424.0 / 3597, t.doubleColumn(ADV + " / normal: paper 2").get(0), 1e-12);
        assertEquals(0.8, t.doubleColumn(ADV + " / normal: ours").get(1), 1e-12);
        assertEquals(741.0 / 1969, t.doubleColumn(ADV + " / normal: paper 2").get(1), 1e-12);
        assertEquals(1569.0 / 1969, t.doubleColumn("random / normal: paper 2").get(1), 1e-12);
        assertEquals(0.5, t.doubleColumn("random / normal: ours").get(2), 1e-12);
        assertEquals(3059.0, t.doubleColumn("normal return: paper 2").get(2), 1e-12);
        var chart = DatasetTables.keptSharesChart(r, "kept shares");
        assertEquals(4, chart.getSeriesMap().size());
        assertEquals(List.of("expert", "medium", "medium-expert"), chart.getSeriesMap().get("ours, random").getXData());
        List<Double> paperAdv = new ArrayList<>();
        chart.getSeriesMap().get("paper 2, adversarial (own worst case)").getYData().forEach(n -> paperAdv.add(n.doubleValue()));
        assertEquals(List.of(424.0 / 3597, 741.0 / 1969, 500.0 / 3059), paperAdv);
        // the legend of the return bars names each subject once: its label already says its data
        assertTrue(RobustnessViews.returnPerCondition(r, "t").getSeriesMap().keySet()
                .containsAll(List.of("TD3+BC (expert)", "TD3+BC medium", "SAC (online)")));
    }

    @Test
    void theSummarySaysWhetherOursMovesThePapersWay() {
        RobustnessStudy.Result r = study(List.of(
                DatasetClaims.subject("TD3+BC", TrainingData.EXPERT, List.of("a")),
                DatasetClaims.subject("TD3+BC", TrainingData.MEDIUM, List.of("b")),
                DatasetClaims.subject("TD3+BC", TrainingData.ADVERSARIALLY_PERTURBED, List.of("c")),
                DatasetClaims.subject("TD3+BC", TrainingData.RANDOMLY_PERTURBED, List.of("e")),
                DatasetClaims.subject("RIQL", TrainingData.MEDIUM, List.of("d"))), new double[][] {
            {3000, 1500, 300}, {1000, 900, 800}, {3000, 1500, 150}, {3000, 1500, 301}, {1000, 900, 800}});
        // in the tables' order of data (randomly- before adversarially-perturbed), not the study's
        assertEquals("TD3+BC on medium data keeps 80% of its normal return under its own worst case, on expert data 10% "
                + "(paper 2: 38% and 12%; the paper's direction). TD3+BC on randomly-perturbed data keeps 10% of its "
                + "normal return under its own worst case, on expert data 10% (paper 2: 11% and 12%; a difference in one "
                + "only). TD3+BC on adversarially-perturbed data keeps 5% of its normal return under its own worst case, on "
                + "expert data 10% (paper 2: 95% and 12%; the opposite of the paper's).", DatasetTables.summary(r)); // RIQL has no expert subject: no sentence
    }

    @Test
    void aMethodThePaperDoesNotHaveGetsEmptyPaperCells() {
        RobustnessStudy.Result r = study(List.of(DatasetClaims.subject("RIQL", TrainingData.EXPERT, List.of("a"))),
                new double[][] {{3000, 1500, 300}});
        Table t = DatasetTables.keptShares(r);
        assertTrue(t.doubleColumn("normal return: paper 2").isMissing(0)); // shown as empty, "–" in markdown
        assertEquals(0.5, t.doubleColumn("random / normal: ours").get(0), 1e-12);
        DatasetTables.keptSharesChart(r, "no paper row"); // draws (the missing bar as 0)
    }

    @Test
    void subjectLabelsFollowTheConventionMethodReadsBack() {
        RobustnessStudy.Subject e = DatasetClaims.subject("TD3+BC", TrainingData.EXPERT, List.of("a"));
        RobustnessStudy.Subject p = DatasetClaims.subject("TD3+BC", TrainingData.ADVERSARIALLY_PERTURBED, List.of("b"));
        assertEquals("TD3+BC", e.method());
        assertEquals("expert", e.trainingData());
        assertEquals("TD3+BC adversarially-perturbed", p.method());
        assertEquals("adversarially-perturbed", p.trainingData());
        assertEquals("TD3+BC", DatasetClaims.method(p));
    }
}
