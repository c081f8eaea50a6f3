package rrl.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import rrl.eval.RobustnessEvaluation;
import tech.tablesaw.api.Table;

/** Paper 2's "Average" rows of Table 1. */
class RobustnessTableTest {
    /**
     * The averages computed from the transcribed per-method rows equal the "Average" rows paper 2 prints (arXiv
     * 2412.18781, Table 1), to its rounding: offline (BCQ, TD3+BC, IQL) and online (PPO, SAC, TD3) per environment.
     */
    @Test
    void averagesOfTheTranscribedRowsArePaperTwosAverageRows() {
        Table paper = RobustnessTable.paper2Reference();
        Table t1 = RobustnessTable.withAverages(paper.where(paper.intColumn("table").isEqualTo(1)));
        Table w = RobustnessTable.wide("Table 1", t1);
        String[][] printed = {
            {"Hopper", "expert", "2533", "1624", "376"},
            {"Hopper", "online", "3039", "2036", "426"},
            {"HalfCheetah", "expert", "10814", "7756", "595"},
            {"HalfCheetah", "online", "7187", "5997", "4180"},
            {"Ant", "expert", "4467", "3090", "-1280"},
            {"Ant", "online", "5641", "4183", "1427"},
        };
        for (String[] p : printed) {
            Table row = w.where(w.stringColumn("env").isEqualTo(p[0]).and(w.stringColumn("training_data").isEqualTo(p[1]))
                    .and(w.stringColumn("method").isEqualTo(RobustnessTable.AVERAGE)));
            assertEquals(1, row.rowCount(), p[0] + " " + p[1]);
            for (int c = 0; c < 3; c++) {
                double ours = Double.parseDouble(row.stringColumn(RobustnessTable.CONDITIONS.get(c)).get(0));
                // the paper averaged unrounded means; its per-method cells are rounded, so ours may differ by 1
                assertTrue(Math.abs(ours - Double.parseDouble(p[2 + c])) <= 1, p[0] + " " + p[1] + " " + ours);
            }
        }
        // each average follows its own group: Hopper's three offline methods, then the offline average
        assertEquals(List.of("BCQ", "TD3+BC", "IQL", RobustnessTable.AVERAGE), w.where(w.stringColumn("env")
                .isEqualTo("Hopper").and(w.stringColumn("training_data").isEqualTo("expert"))).stringColumn("method").asList());
        assertEquals(24, w.rowCount());
    }

    /** One method in a group gets no average; the retention of an average is the average's share. */
    @Test
    void aGroupOfOneHasNoAverageAndRetentionReadsAverages() {
        List<RobustnessEvaluation.Row> rows = List.of(
                new RobustnessEvaluation.Row("Hopper", "expert", "TD3+BC", "normal", 10, 3000, 10, 92, 1000, 0),
                new RobustnessEvaluation.Row("Hopper", "expert", "TD3+BC", "adversarial", 10, 500, 10, 12, 120, 0),
                new RobustnessEvaluation.Row("Hopper", "online", "TD3", "normal", 10, 1000, 10, 30, 1000, 0),
                new RobustnessEvaluation.Row("Hopper", "online", "TD3", "adversarial", 10, 400, 10, 12, 120, 0),
                new RobustnessEvaluation.Row("Hopper", "online", "SAC", "normal", 10, 3000, 10, 92, 1000, 0),
                new RobustnessEvaluation.Row("Hopper", "online", "SAC", "adversarial", 10, 600, 10, 12, 120, 0));
        Table t = RobustnessTable.withAverages(RobustnessTable.of("long", rows));
        Table w = RobustnessTable.wide("t", t);
        assertEquals(List.of("TD3+BC", "TD3", "SAC", RobustnessTable.AVERAGE), w.stringColumn("method").asList());
        assertEquals("2000", w.stringColumn("normal").get(3));
        assertEquals("500", w.stringColumn("adversarial").get(3));
        Table keep = RobustnessTable.retention("kept", t);
        assertEquals(0.25, keep.doubleColumn("adversarial / normal").get(3), 1e-12);
    }
}
