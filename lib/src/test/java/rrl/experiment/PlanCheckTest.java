package rrl.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import rrl.io.JsonFields;

/**
 * Fine-tuning plans are checked when read, before any work: absent fields take their defaults, present values out
 * of range are errors naming the field and the range (never replaced by the default), unknown fields name the
 * closest known one, duplicate run names are refused.
 */
class PlanCheckTest {
    private static String error(String json) {
        return assertThrows(IllegalArgumentException.class, () -> FineTuningStudy.Plan.parse(json, "plan P")).getMessage();
    }

    @Test
    void presentValuesOutOfRangeAreErrorsNamingTheFieldAndRange() {
        Map<String, String> cases = Map.ofEntries(
                Map.entry("\"steps\": -10", "plan P: \"steps\" must be an integer >= 1, got -10"),
                Map.entry("\"steps\": 0", "plan P: \"steps\" must be an integer >= 1, got 0"),
                Map.entry("\"evalEvery\": 0", "plan P: \"evalEvery\" must be an integer >= 1, got 0"),
                Map.entry("\"topK\": 0", "plan P: \"topK\" must be an integer >= 1, got 0"),
                Map.entry("\"datasetSize\": -5", "plan P: \"datasetSize\" must be an integer >= 1, got -5"),
                Map.entry("\"evalEpisodes\": 0", "plan P: \"evalEpisodes\" must be an integer >= 1, got 0"),
                Map.entry("\"checkpointEvery\": -1", "plan P: \"checkpointEvery\" must be an integer >= 1, got -1"),
                Map.entry("\"attackGenerations\": 0", "plan P: \"attackGenerations\" must be an integer >= 1, got 0"),
                Map.entry("\"attackPopulation\": 2", "plan P: \"attackPopulation\" must be 0 (paper 2's, 15 x actuators) or an integer >= 4, got 2"),
                Map.entry("\"attackEpisodes\": -1", "plan P: \"attackEpisodes\" must be 0"),
                Map.entry("\"offlineFraction\": 2.0", "plan P: \"offlineFraction\" (r_off) must be a number in [0, 1], got 2.0"),
                Map.entry("\"offlineFraction\": NaN", "plan P: \"offlineFraction\" must be a number, got NaN"),
                Map.entry("\"learningStarts\": 1.5", "plan P: \"learningStarts\" must be an integer, got 1.5"),
                Map.entry("\"learningStarts\": \"10\"", "plan P: \"learningStarts\" must be an integer, got 10"),
                Map.entry("\"eps\": 0", "plan P: \"eps\" must be a number in (0, 1], got 0.0"),
                Map.entry("\"eps\": 1e308", "plan P: \"eps\" must be a number in (0, 1]"),
                Map.entry("\"runs\": []", "plan P: \"runs\" must list one or more runs"),
                Map.entry("\"out\": \" \"", "plan P: \"out\" must not be empty"),
                Map.entry("\"seeds\": []", "plan P: \"seeds\" must list one or more seeds"),
                Map.entry("\"seeds\": [1, 1]", "plan P: \"seeds\" lists a seed twice"),
                Map.entry("\"steps\": \"abc\"", "plan P: \"steps\" must be an integer, got abc; write it so (e.g. 100000)"),
                Map.entry("\"datasetSize\": NaN", "plan P: \"datasetSize\" must be an integer, got NaN"),
                Map.entry("\"runs\": [{\"name\": \"a\", \"condition\": \"normal\"}, {\"name\": \"a\", \"condition\": \"random\"}]",
                        "plan P: two runs are named 'a'"));
        cases.forEach((field, message) -> {
            String e = error("{\"env\": \"Hopper\", " + field + "}");
            assertTrue(e.startsWith(message), field + " -> " + e);
            assertEquals(1, e.lines().count(), e);
        });
    }

    @Test
    void aFieldGivenTwiceIsAnErrorNotTheLastValueSilently() {
        assertEquals("plan P: duplicate key \"steps\" in $: keep one of the two values",
                error("{\"env\": \"Hopper\", \"steps\": 1000, \"steps\": 10}"));
        assertTrue(error("{\"env\": \"Hopper\", \"runs\": [{\"name\": \"a\", \"condition\": \"normal\", \"condition\": \"random\"}]}")
                .startsWith("plan P: duplicate key \"condition\" in $.runs[0]"));
    }

    @Test
    void unknownFieldsNameTheClosestKnownOneAtAnyDepth() {
        assertTrue(error("{\"env\": \"Hopper\", \"stepz\": 10}")
                .startsWith("unknown field \"stepz\" in plan P; did you mean \"steps\"?"));
        assertTrue(error("{\"env\": \"Hopper\", \"evalevery\": 10}").contains("did you mean \"evalEvery\"?"));
        assertTrue(error("{\"env\": \"Hopper\", \"runs\": [{\"name\": \"a\", \"condition\": \"normal\"}, {\"name\": \"b\", "
                + "\"conditon\": \"normal\"}]}").startsWith("unknown field \"conditon\" in plan P runs[1]; did you mean \"condition\"?"));
        assertEquals("steps", rrl.io.Spelling.closest("stepz", List.of("env", "steps", "seeds")));
        assertEquals(1, rrl.io.Spelling.editDistance("stepz", "steps"));
    }

    @Test
    void absentFieldsAndNullsTakeTheDefaults() {
        FineTuningStudy.Plan d = FineTuningStudy.Plan.defaults("Hopper");
        assertEquals(d, FineTuningStudy.Plan.parse("{\"env\": \"hopper\"}", "plan P"));
        assertEquals(d, FineTuningStudy.Plan.parse("{\"env\": \"Hopper\", \"steps\": null, \"runs\": null}", "plan P"));
        FineTuningStudy.Plan p = FineTuningStudy.Plan.parse("{\"env\": \"Hopper\", \"steps\": 1200, \"attackPopulation\": 0}",
                "plan P");
        assertEquals(1200, p.steps());
        assertEquals(d.withSteps(1200), p);
        assertTrue(error("{\"steps\": 5}").contains("needs at least \"env\""));
        assertTrue(error("[1, 2]").contains("needs a JSON object"));
        assertTrue(error("{\"env\": {}}").contains("needs at least \"env\""));
        assertTrue(error("{\"env\": \"Hopper\", ").contains("the JSON ends early"));
        assertTrue(error("{\"env\": \"Hopper\",, }").contains("not valid JSON: "));
    }

    /** Regenerated data needs the shipped policies that make its kind: random none, medium the medium, expert the expert. */
    @Test
    void aPlanNeedsOnlyTheShippedPoliciesItsDataKindUses() {
        // Ant as it shipped until its expert was trained: the medium SAC policy alone
        FineTuningStudy.Plan ant = FineTuningStudy.Plan.defaults("Ant").withPiOffTrainedPerSeed(200);
        java.util.List<String> mediumOnly = java.util.List.of("medium");
        assertEquals(null, ant.withData("random").missingBehaviourPolicy(mediumOnly));
        assertEquals(null, ant.withData("medium").missingBehaviourPolicy(mediumOnly));
        assertEquals("expert", ant.withData("medium-expert").missingBehaviourPolicy(mediumOnly));
        assertEquals("expert", ant.missingBehaviourPolicy(mediumOnly));
        assertEquals("medium", ant.withData("medium").missingBehaviourPolicy(java.util.List.of()));
        assertEquals(null, ant.withDataset("ant-expert.hdf5").missingBehaviourPolicy(mediumOnly), "a given file needs no policy");
        assertEquals(null, FineTuningStudy.Plan.defaults("Hopper").missingBehaviourPolicy());
        String refused = assertThrows(IllegalArgumentException.class,
                () -> FineTuningStudy.requireBehaviourPolicies(ant, mediumOnly)).getMessage();
        assertTrue(refused.startsWith("the Ant study regenerates its expert data from Ant's shipped SAC expert policy, which "
                + "rrl does not ship yet (shipped for Ant: medium); give the plan \"dataset\""), refused);
        FineTuningStudy.requireBehaviourPolicies(ant, java.util.List.of("expert", "medium"));
        // a relative "dataset" that is not there: the one line says where it looked and how to point it right
        String missing = assertThrows(IllegalArgumentException.class, () -> FineTuningStudy.Plan.defaults("Hopper")
                .withPiOffTrainedPerSeed(200).withDataset("runs/no-such/hopper-medium-replay-rrl.hdf5").setup(0)).getMessage();
        assertTrue(missing.startsWith("\"dataset\" runs/no-such/hopper-medium-replay-rrl.hdf5 does not exist under the "
                + "working directory " + java.nio.file.Path.of("").toAbsolutePath()), missing);
    }

    /**
     * A run of some seeds (rrl finetune --seeds 0) or runs in a study folder leaves plan.json holding every seed and
     * run the folder has results of: the recorded ones first, then the new ones.
     */
    @Test
    void aPartialRunKeepsTheRecordedSeedsAndRunsInThePlan(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        FineTuningStudy.Plan recorded = FineTuningStudy.Plan.defaults("Hopper", 2000, List.of(0L, 1L, 2L), dir.toString())
                .withRuns("normal", "adversarial-fixed");
        assertEquals(recorded, FineTuningStudy.inForce(recorded, dir), "no plan.json yet: the plan as given");
        java.nio.file.Files.writeString(dir.resolve("plan.json"), new com.google.gson.Gson().toJson(recorded));
        FineTuningStudy.Plan partial = recorded.withSeeds(List.of(1L, 5L)).withRuns("adversarial-linear", "normal");
        FineTuningStudy.Plan kept = FineTuningStudy.inForce(partial, dir);
        assertEquals(List.of(0L, 1L, 2L, 5L), kept.seeds());
        assertEquals(List.of("normal", "adversarial-fixed", "adversarial-linear"),
                kept.runs().stream().map(FineTuningStudy.Run::name).toList());
    }
}
