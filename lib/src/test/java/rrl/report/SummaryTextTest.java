package rrl.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import rrl.experiment.FineTuningStudy;
import rrl.finetune.AdversarialFineTuning.EvalPoint;
import rrl.rollout.Episode;
import rrl.rollout.Evaluation;
import rrl.train.OfflineTraining;

/** The notebooks' closing sentences say what the numbers they are given say. */
class SummaryTextTest {
    private static EvalPoint at(long step, double q, double normal, double random, double adversarial) {
        return new EvalPoint(step, q, q, normal, 1, random, 1, adversarial, 1);
    }

    @Test
    void conditionMatchingCountsTheDiagonal() {
        Map<String, Map<Long, List<EvalPoint>>> runs = new LinkedHashMap<>();
        runs.put("normal", Map.of(0L, List.of(at(2000, 0, 3000, 1000, 400))));
        runs.put("random-fixed", Map.of(0L, List.of(at(2000, 0.5, 2000, 1500, 500))));
        runs.put("adversarial-fixed", Map.of(0L, List.of(at(2000, 0.5, 2500, 1600, 900))));
        FineTuningStudy.Plan plan = FineTuningStudy.Plan.defaults("Hopper", 2000, List.of(0L), "x")
                .withRuns("normal", "random-fixed", "adversarial-fixed");
        String s = FineTuningClaims.conditionMatchingSummary(new FineTuningStudy.Results(plan, runs, Map.of()));
        assertTrue(s.contains("under random the policy fine-tuned under adversarial scores best (1600)"), s);
        assertTrue(s.contains("highest mean in 2 of 3 columns"), s);
        assertTrue(s.contains("one seed gives no interval"), s);
        String c = FineTuningClaims.curriculaSummary(new FineTuningStudy.Results(plan, runs,
                Map.of(0L, at(0, 0, 3300, 2000, 500))));
        assertTrue(c.contains("pi_off returns 3300 normally and 500 under the adversarial δ"), c);
        assertTrue(c.contains("adversarial-fixed 900 under attack and 2500 normally (final q 0.50)"), c);
    }

    @Test
    void offlineSummaryNamesWhoIsAhead() {
        OfflineTraining.Result r = new OfflineTraining.Result(List.of(new OfflineTraining.EvalPoint(1000, 500, 10, 15),
                new OfflineTraining.EvalPoint(2000, 900, 10, 40), new OfflineTraining.EvalPoint(3000, 800, 10, 30)), null, null);
        Map<String, Evaluation.Result> finals = new LinkedHashMap<>();
        finals.put("TD3+BC", new Evaluation.Result("Hopper", 10, 800, 10, 30, 300, List.of()));
        finals.put("BC control", new Evaluation.Result("Hopper", 10, 2000, 10, 60, 600, List.of()));
        String s = TrainingViews.offlineSummary(r, finals);
        assertTrue(s.contains("from 15.0 at 1,000 updates to 30.0 at 3,000 (best 40.0 at 2,000)"), s);
        assertTrue(s.contains("Ahead in this run: BC control."), s);
    }

    @Test
    void episodesInWords() {
        String s = EpisodeTables.summaryText(new java.util.TreeMap<>(Map.of("Hopper random", List.of(new Episode(0, 0, 10, 20, true, new double[0]),
                new Episode(0, 1, 30, 40, false, new double[0])),
                "HalfCheetah zero", List.of(new Episode(0, 0, -0.3, 1000, false, new double[0])))));
        assertTrue(s.contains("Hopper random: return 20, 30 steps, 1 of 2 episodes terminated"), s);
        assertTrue(s.contains("HalfCheetah zero: return 0, 1000 steps"), s);
    }
}
