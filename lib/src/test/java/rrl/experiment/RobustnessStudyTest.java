package rrl.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import rrl.report.RobustnessClaims;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rrl.attack.AttackConfig;
import rrl.results.RunFolder;
import tech.tablesaw.api.Table;

class RobustnessStudyTest {
    @TempDir
    Path tmp;

    private static RobustnessStudy.Config tiny() {
        // Two shipped policies stand in for an offline and an online one; the labels only steer claim 2.
        return new RobustnessStudy.Config("Hopper",
                RobustnessStudy.Subject.parseList("A|expert|shipped:medium;B|online|shipped:expert"), 0.3, 4, 4,
                AttackConfig.paper("Hopper", 0).withPopulation(4).withEpisodes(1).withGenerations(1), 2, 0);
    }

    @Test
    void runsAttacksAndAllConditionsPerReplicateAndChecksTheClaims() throws java.io.IOException {
        RunFolder out = RunFolder.at(tmp.resolve("study"));
        RobustnessStudy.Result r = RobustnessStudy.run(tiny(), out, false);
        assertEquals(6, r.pooled().size());
        assertEquals(12, r.replicates().size());
        assertEquals(4, r.pooled().get(0).episodes());
        assertEquals(2, r.replicates().get(0).row().episodes());
        assertEquals(2, r.attacks().get("A").size());
        assertTrue(Files.exists(tmp.resolve("study/attacks/a-s1/delta.csv")));
        assertTrue(Files.exists(tmp.resolve("study/robustness.csv")) && Files.exists(tmp.resolve("study/config.json")));
        // The pooled cell is the episode-weighted mean of its replicates.
        double pooled = r.pooled().get(0).meanReturn();
        double fromReplicates = r.replicates().stream().filter(x -> x.method().equals("A") && x.condition().equals("normal"))
                .mapToDouble(x -> x.row().meanReturn() * x.row().episodes()).sum() / 4;
        assertEquals(fromReplicates, pooled, 1e-9);
        // one trained policy per method: every verdict is "not testable" (2 claim-1 tests per method, claim 2's)
        Table claims = RobustnessClaims.check(r);
        assertEquals(5, claims.rowCount());
        assertTrue(claims.stringColumn("verdict").asList().stream().allMatch("not testable (n < 5)"::equals));
        assertEquals("online (B) vs offline (A)", claims.stringColumn("comparison").get(4));
        // A rerun on the same folder resumes the finished attacks and reproduces every number.
        RobustnessStudy.Result again = RobustnessStudy.run(tiny(), out, false);
        assertEquals(r.pooled(), again.pooled());
        assertEquals(1, again.attacks().get("B").get(1).resumedFromGeneration());
        // A folder written before methods could have several policies ("policy" in config.json, no per-policy
        // table, no policy columns) loads as one policy per method.
        asWrittenBeforeSeveralPolicies(out.dir());
        RobustnessStudy.Result old = RobustnessStudy.load(out.dir());
        assertEquals(r.config(), old.config());
        assertEquals(r.replicates(), old.replicates());
        assertEquals(r.pooled(), old.pooled());
    }

    private static void asWrittenBeforeSeveralPolicies(Path dir) throws java.io.IOException {
        com.google.gson.JsonObject cfg = com.google.gson.JsonParser.parseString(Files.readString(dir.resolve("config.json")))
                .getAsJsonObject();
        for (com.google.gson.JsonElement e : cfg.getAsJsonObject("study").getAsJsonArray("subjects")) {
            com.google.gson.JsonObject o = e.getAsJsonObject();
            o.addProperty("policy", o.remove("policies").getAsJsonArray().get(0).getAsString());
        }
        Files.writeString(dir.resolve("config.json"), cfg.toString());
        Files.delete(dir.resolve("robustness-policies.csv"));
        Table reps = Table.read().csv(dir.resolve("robustness-replicates.csv").toFile());
        reps.removeColumns("policy_index", "policy").write().csv(dir.resolve("robustness-replicates.csv").toFile());
    }

    /** The study is two sweeps (attacks, then evaluations): any number of slots gives the same numbers. */
    @Test
    void slotsDoNotChangeTheNumbersAndEveryRunHasProvenance() {
        RobustnessStudy.Result one = RobustnessStudy.run(tiny(), RunFolder.at(tmp.resolve("one")), false);
        RobustnessStudy.Result two = RobustnessStudy.run(tiny(), RunFolder.at(tmp.resolve("two")),
                new LocalExecutor(RunKinds.standard(), 2, 1, false), false);
        assertEquals(one.pooled(), two.pooled());
        assertEquals(one.replicates(), two.replicates());
        for (String run : List.of("attacks/a-s0", "attacks/b-s1", "evaluations/a-s1", "evaluations/b-s0")) {
            assertTrue(Files.exists(tmp.resolve("two").resolve(run).resolve("provenance.json")), run);
            assertTrue(Files.exists(tmp.resolve("two").resolve(run).resolve("result.json")), run);
        }
        assertTrue(Files.exists(tmp.resolve("two/evaluations/a-s0/episodes.csv")));
    }

    /**
     * The work the cost estimate counts: an attack per policy and replicate, (generations + 1) x NP x M episodes each;
     * each policy's evaluation episodes (split over replicates, the odd one to replicate 0) under three conditions.
     */
    @Test
    void workCountsEveryAttackAndEvaluationEpisodeAtFullLength() {
        List<FineTuningCostEstimate.Work> w = RobustnessStudy.work(tiny().withEvalEpisodes(5));
        assertEquals(List.of("attack", "robustness-evaluation"), w.stream().map(FineTuningCostEstimate.Work::kind).toList());
        assertEquals(4, w.get(0).runs()); // 2 policies x 2 replicates
        assertEquals(4L * 2 * 4 * 1 * 1000, w.get(0).batchedSteps());
        assertEquals((2L * 3 + 2L * 2) * 3 * 1000, w.get(1).batchedSteps());
        assertEquals(0, w.get(1).updates() + w.get(1).steps());
    }

    @Test
    void badSpecs() {
        assertThrows(IllegalArgumentException.class, () -> RobustnessStudy.Subject.parseList("TD3|online"));
        assertThrows(IllegalArgumentException.class, () -> RobustnessStudy.Subject.parseList(" ; "));
        assertEquals(List.of(new RobustnessStudy.Subject("TD3+BC", "expert", "x.ckpt")),
                RobustnessStudy.Subject.parseList("TD3+BC|expert|x.ckpt"));
        // a method's policies must be distinct trained policies
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> RobustnessStudy.Subject.parseList("TD3+BC|expert|shipped:a, shipped:a"));
        assertTrue(twice.getMessage().contains("lists a policy twice"), twice.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RobustnessStudy.Subject.parseList("TD3+BC|expert|shipped:a,"));
    }

    @Test
    void parseListTakesCommaSeparatedTrainingSeedsOfOneMethod() {
        List<RobustnessStudy.Subject> s = RobustnessStudy.Subject.parseList(
                "TD3+BC|expert|shipped:td3bc-expert, shipped:td3bc-expert-s1;TD3|online|shipped:td3;SAC|online|shipped:expert");
        assertEquals(3, s.size());
        assertEquals(List.of("shipped:td3bc-expert", "shipped:td3bc-expert-s1"), s.get(0).policies());
        assertEquals(2, s.get(0).trainingSeeds());
        assertEquals(new RobustnessStudy.Subject("TD3", "online", "shipped:td3"), s.get(1));
        assertEquals("TD3+BC t1", s.get(0).policyLabel(1));
        assertEquals("TD3", s.get(1).policyLabel(0));
    }

    @Test
    void folderNamesOfOnePolicyMethodsAreUnchangedAndSeveralPoliciesGetATrainingSeedIndex() {
        RobustnessStudy.Subject one = new RobustnessStudy.Subject("TD3+BC", "expert", "shipped:td3bc-expert");
        assertEquals("td3bc-s0", one.runName(0, 0));
        assertEquals("td3bc-s2", one.runName(0, 2));
        RobustnessStudy.Subject two = new RobustnessStudy.Subject("TD3+BC", "expert",
                List.of("shipped:td3bc-expert", "shipped:td3bc-expert-s1"));
        assertEquals("td3bc-t0-s0", two.runName(0, 0));
        assertEquals("td3bc-t1-s2", two.runName(1, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> one.runName(1, 0));
    }

    /** A finished study reads back from its folder: settings, every row and every attack's delta. */
    @Test
    void loadReadsAFinishedStudyBack() {
        RobustnessStudy.Config c = new RobustnessStudy.Config("Hopper",
                RobustnessStudy.Subject.parseList("A|expert|shipped:medium,shipped:expert"), 0.3, 3, 3,
                AttackConfig.paper("Hopper", 0).withPopulation(6).withEpisodes(1).withGenerations(1), 1, 0);
        Path dir = tmp.resolve("loaded");
        RobustnessStudy.Result r = RobustnessStudy.run(c, RunFolder.at(dir), false);
        for (String run : List.of("attacks/a-t0-s0", "attacks/a-t1-s0", "evaluations/a-t0-s0", "evaluations/a-t1-s0")) {
            assertTrue(Files.isDirectory(dir.resolve(run)), run);
        }
        assertEquals(6, r.perPolicy().size());
        // a method's cell pools the episodes of both its trained policies; a policy's cell holds its own
        assertEquals(6, r.pooled().get(0).episodes());
        assertEquals(3, r.perPolicy().get(0).row().episodes());

        RobustnessStudy.Result back = RobustnessStudy.load(dir);
        assertEquals(r.config(), back.config());
        assertEquals(r.pooled(), back.pooled());
        assertEquals(r.perPolicy(), back.perPolicy());
        assertEquals(r.replicates(), back.replicates());
        assertEquals(r.attacks().keySet(), back.attacks().keySet());
        assertEquals(List.of("A t0", "A t1"), List.copyOf(back.attacks().keySet()));
        for (String k : r.attacks().keySet()) {
            assertArrayEquals(r.attacks().get(k).get(0).delta(), back.attacks().get(k).get(0).delta(), 0);
        }
        assertEquals(RobustnessClaims.check(r).printAll(), RobustnessClaims.check(back).printAll());

        IllegalArgumentException notStudy = assertThrows(IllegalArgumentException.class,
                () -> RobustnessStudy.load(dir.resolve("attacks/a-t0-s0")));
        assertTrue(notStudy.getMessage().contains("a-t0-s0 is not a robustness study folder"), notStudy.getMessage());
        assertTrue(notStudy.getMessage().lines().count() == 1, notStudy.getMessage());
    }
}
