package rrl.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rrl.finetune.AdversarialFineTuning.EvalPoint;
import rrl.finetune.CurriculumConfig;
import rrl.finetune.CurriculumSignal;
import rrl.results.Resources;

/** A plan's runs with their own curriculum parameters (issue 21, curriculum sensitivity) and studies without re-attacks. */
class CurriculumParametersTest {
    @TempDir
    Path tmp;

    private static FineTuningStudy.Plan parse(String runs) {
        return FineTuningStudy.Plan.parse("{\"env\": \"Hopper\", \"runs\": [" + runs + "]}", "test plan");
    }

    @Test
    void aRunsParametersReachItsCurriculumAndOnlyWhereTheScheduleHasThem() {
        FineTuningStudy.Plan p = parse("{\"name\": \"a\", \"condition\": \"adversarial\", \"curriculum\": \"adaptive\", "
                + "\"beta\": 0.5, \"eta\": 1.4, \"q0\": 0, \"qMax\": 0.8, \"signal\": \"adversarial\"}");
        CurriculumConfig c = p.config(p.runs().get(0), 0).curriculum();
        assertEquals(new CurriculumConfig(rrl.finetune.CurriculumKind.ADAPTIVE, 0.5, 0.0, 0.8, 0.5, 1.4,
                CurriculumSignal.ADVERSARIAL), c);
        // the defaults: paper 1's with the environment's eta and the nominal signal
        FineTuningStudy.Plan d = parse("{\"name\": \"a\", \"condition\": \"adversarial\", \"curriculum\": \"adaptive\"}");
        assertEquals(CurriculumConfig.of(rrl.finetune.CurriculumKind.ADAPTIVE, "Hopper"), d.config(d.runs().get(0), 0)
                .curriculum());
        for (String[] bad : List.of(
                new String[] {"{\"name\": \"f\", \"condition\": \"adversarial\", \"curriculum\": \"fixed\", \"beta\": 0.5}",
                        "the fixed curriculum has no \"beta\""},
                new String[] {"{\"name\": \"l\", \"condition\": \"adversarial\", \"curriculum\": \"linear\", \"signal\": \"random\"}",
                        "the linear curriculum has no \"signal\"; it takes q0, qMax"},
                new String[] {"{\"name\": \"n\", \"condition\": \"normal\", \"q0\": 0.2}", "the fixed curriculum has no \"q0\""},
                new String[] {"{\"name\": \"a\", \"condition\": \"adversarial\", \"curriculum\": \"adaptive\", \"eta\": -1}",
                        "run 'a': the adaptive curriculum needs beta in (0, 1] and a finite eta >= 0, got beta 0.9, eta -1.0"},
                new String[] {"{\"name\": \"a\", \"condition\": \"adversarial\", \"curriculum\": \"adaptive\", \"q0\": 2}",
                        "q0 must be a probability in [0, 1], got 2.0"},
                new String[] {"{\"name\": \"a\", \"condition\": \"adversarial\", \"curriculum\": \"adaptive\", \"signal\": \"worst\"}",
                        "curriculum signal"},
                new String[] {"{\"name\": \"a\", \"condition\": \"adversarial\", \"curriculum\": \"adaptive\", \"eta\": \"big\"}",
                        "runs[0]: \"eta\" must be a number, got big"},
                new String[] {"{\"name\": \"a\", \"condition\": \"adversarial\", \"curriculum\": \"adaptive\", \"eta\": \"1.4\"}",
                        "runs[0]: \"eta\" must be a number"},
                new String[] {"{\"name\": \"s\", \"condition\": \"adversarial\", \"fromScratch\": \"yes\"}",
                        "runs[0]: \"fromScratch\" must be true or false"},
                new String[] {"{\"name\": \"a\", \"condition\": \"adversarial\", \"curriculum\": \"adaptive\", \"q0\": 0.9, \"qMax\": 0.2}",
                        "run 'a': the adaptive curriculum starts at q0 within [0, qMax], got q0 0.9 above qMax 0.2"})) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(bad[0]), bad[0]);
            assertTrue(e.getMessage().startsWith("test plan") && e.getMessage().contains(bad[1]), e.getMessage());
        }
    }

    @Test
    void reAttacksMustBeABoolean() {
        for (String v : List.of("\"no\"", "\"yes\"", "0")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FineTuningStudy.Plan.parse(
                    "{\"env\": \"Hopper\", \"reAttacks\": " + v + "}", "test plan"), v);
            assertTrue(e.getMessage().contains("\"reAttacks\" must be true or false"), e.getMessage());
        }
        assertFalse(FineTuningStudy.Plan.parse("{\"env\": \"Hopper\", \"reAttacks\": false}", "p").reAttacksRuns());
    }

    @Test
    void aDefaultRunKeepsItsIdAndAnotherSignalIsAnotherRun() {
        FineTuningStudy.Plan d = parse("{\"name\": \"a\", \"condition\": \"adversarial\", \"curriculum\": \"adaptive\"}");
        String json = d.config(d.runs().get(0), 0).id().toString();
        assertFalse(json.contains("signal"), "runs recorded before the signal existed keep their ids: " + json);
        FineTuningStudy.Plan s = parse("{\"name\": \"a\", \"condition\": \"adversarial\", \"curriculum\": \"adaptive\", "
                + "\"signal\": \"adversarial\"}");
        assertNotEquals(d.config(d.runs().get(0), 0).id(), s.config(s.runs().get(0), 0).id());
    }

    /** Real Hopper: the signal drives q (the adversarial return is not the nominal one); no re-attack phase runs. */
    @Test
    void theSignalDrivesQAndAStudyWithoutReAttacksSkipsThatPhase() throws IOException {
        FineTuningStudy.Plan plan = FineTuningStudy.Plan.defaults("Hopper")
                .withRuns(List.of(FineTuningStudy.Run.of(rrl.attack.ConditionKind.ADVERSARIAL, rrl.finetune.CurriculumKind.ADAPTIVE),
                        new FineTuningStudy.Run("adaptive-adv", rrl.attack.ConditionKind.ADVERSARIAL,
                                rrl.finetune.CurriculumKind.ADAPTIVE, false, null, null, null, null, 5.0,
                                CurriculumSignal.ADVERSARIAL)))
                .withSteps(300).withEvalEvery(100).withEvalEpisodes(2).withCheckpointEvery(300)
                .withDatasetSize(2000).withAttackGenerations(1).withAttackPopulation(6).withAttackEpisodes(1)
                .withSeeds(0L).withReAttacks(false).withOut(tmp.resolve("study").toString());
        assertEquals(List.of("setup", "runs"), FineTuningStudy.phaseNames(plan));
        FineTuningStudy.Results r = FineTuningStudy.run(plan, new Resources(2, tmp), 2, false);
        List<Double> a = r.runs().get("adversarial-adaptive").get(0L).stream().map(EvalPoint::q).toList();
        List<Double> b = r.runs().get("adaptive-adv").get(0L).stream().map(EvalPoint::q).toList();
        assertEquals(3, a.size());
        assertNotEquals(a, b, "q of the nominal and the adversarial signal: " + a + " vs " + b);
        assertTrue(r.worstCase().isEmpty());
        try (var files = Files.list(tmp.resolve("study"))) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith("reattack-")));
        }
        assertTrue(FineTuningStudy.unfinished(tmp.resolve("study"), r).isEmpty(), "no re-attack is missing");
        assertFalse(FineTuningStudy.Plan.read(tmp.resolve("study/plan.json")).reAttacksRuns());
    }
}
