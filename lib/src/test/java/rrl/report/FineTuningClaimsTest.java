package rrl.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import rrl.experiment.FineTuningStudy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import rrl.finetune.AdversarialFineTuning.EvalPoint;
import tech.tablesaw.api.Table;

/** The verdict logic on made-up study results where the answer is known. */
class FineTuningClaimsTest {
    private static EvalPoint at(long step, double q, double normal, double random, double adversarial) {
        return new EvalPoint(step, q, q, normal, 1, random, 1, adversarial, 1);
    }

    /** Three seeds; each run's curve is two evaluations, the last one given, with a little seed noise. */
    private static Map<Long, List<EvalPoint>> run(double q, double normal, double random, double adversarial, double early) {
        Map<Long, List<EvalPoint>> m = new LinkedHashMap<>();
        for (long s = 0; s < 3; s++) {
            double e = s * 10;
            m.put(s, List.of(at(1000, q, early + e, early + e, early + e), at(2000, q, normal + e, random + e, adversarial + e)));
        }
        return m;
    }

    @Test
    void verdictsFollowTheNumbers() {
        FineTuningStudy.Plan plan = FineTuningStudy.Plan.defaults("Hopper", 2000, List.of(0L, 1L, 2L), "x");
        Map<String, Map<Long, List<EvalPoint>>> runs = new LinkedHashMap<>();
        // The matched condition wins every column except random, where adversarial fine-tuning is clearly better.
        runs.put("normal", run(0, 3000, 1500, 400, 2000));
        runs.put("random-fixed", run(0.5, 2500, 1800, 600, 2000));
        runs.put("adversarial-fixed", run(0.5, 2400, 2200, 1200, 2000));
        runs.put("adversarial-linear", run(1.0, 1500, 1900, 1210, 1500));
        runs.put("adversarial-adaptive", run(0.4, 2600, 2000, 1200, 1500));
        runs.put("scratch-adversarial-fixed", run(0.5, 300, 300, 200, 100));
        Map<Long, EvalPoint> off = new LinkedHashMap<>();
        for (long s = 0; s < 3; s++) {
            off.put(s, at(0, 0, 3300 + s, 2000 + 5 * s, 500 + s));
        }
        Table t = FineTuningClaims.check(new FineTuningStudy.Results(plan, runs, off));
        List<String> v = t.stringColumn("verdict").asList();
        List<String> measure = t.stringColumn("measure").asList();
        assertEquals(List.of("under random", "under adversarial"), measure.subList(0, 2));
        assertEquals("holds", v.get(0));
        assertEquals("holds", v.get(1));
        assertEquals("holds", v.get(2)); // 6, normal
        assertEquals("holds", v.get(3)); // 6, adversarial
        assertEquals("holds", v.get(4)); // 7, normal column: normal fine-tuning best
        assertEquals("does not hold", v.get(5)); // 7, random column: adversarial beats random
        assertEquals("holds", v.get(6)); // 7, adversarial column
        assertEquals("holds", v.get(7)); // 8a: adaptive 2600 vs linear 1500 nominal
        assertEquals("holds", v.get(8)); // 8b: 1200 vs 1210, within error bars (t -1.2)
        Table m = FineTuningClaims.conditionMatching(new FineTuningStudy.Results(plan, runs, off));
        assertEquals(2210.0, m.doubleColumn("random").get(2), 1e-9);
        Table f = FineTuningClaims.finalTable(new FineTuningStudy.Results(plan, runs, off));
        assertEquals("offline-only (pi_off)", f.stringColumn("run").get(0));
        assertEquals(10.0, f.doubleColumn("normal std").get(1), 1e-9);
    }
}
