package rrl.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rrl.algo.AdvantageWeightedActor;
import rrl.algo.Algorithm;
import rrl.algo.RiqlConfig;
import rrl.corrupt.CorruptionField;
import rrl.experiment.PolicyExpansionStudy.EvalPoint;
import rrl.experiment.PolicyExpansionStudy.Plan;
import rrl.experiment.PolicyExpansionStudy.Results;
import rrl.report.PolicyExpansionClaims;
import rrl.stats.Verdict;

/** Paper 3's study as a plan: parsing and checks, a tiny real study end to end, and claim 9's comparisons. */
class PolicyExpansionStudyTest {
    @TempDir
    Path tmp;

    /** Updates from step 120 only: RPEX does 4 per step on 5 critics, most of this test's time at an earlier start. */
    private static final String TINY = "{\"env\": \"Hopper\", \"datasetSize\": 1500, \"offlineSteps\": 120, "
            + "\"offlineEvalEvery\": 60, \"offlineEvalEpisodes\": 1, \"steps\": 160, \"evalEvery\": 40, \"evalEpisodes\": 1, "
            + "\"learningStarts\": 120, \"checkpointEvery\": 40, \"seeds\": [0, 1]}";

    @Test
    void aPlanRunningPexOrRpexIsAPolicyExpansionPlanAndTakesTheReferencesDefaults() {
        assertTrue(Plan.isPolicyExpansion("{\"env\": \"Hopper\", \"runs\": [{\"name\": \"a\", \"algorithm\": \"rpex\"}]}"));
        assertFalse(Plan.isPolicyExpansion("{\"env\": \"Hopper\", \"runs\": [{\"name\": \"normal\", \"condition\": \"normal\"}]}"));
        assertFalse(Plan.isPolicyExpansion("{\"env\": \"Hopper\", \"runs\": [{\"name\": \"n\", \"algorithm\": \"td3\"}]}"));
        assertFalse(Plan.isPolicyExpansion("{not json"));
        // without runs, a field only paper 3's plan has decides (the runs then default to pex and rpex)
        assertTrue(Plan.isPolicyExpansion("{\"env\": \"Hopper\", \"offlineSteps\": 60}"));
        assertTrue(Plan.isPolicyExpansion("{\"env\": \"Hopper\", \"runs\": [], \"corruption\": \"random\"}"));
        assertFalse(Plan.isPolicyExpansion("{\"env\": \"Hopper\", \"steps\": 60}"));
        assertEquals(PolicyExpansionStudy.PAPER_RUNS, Plan.parse("{\"env\": \"Hopper\", \"offlineSteps\": 60}", "p").runs());
        // a relative dataset is the working directory's, recorded absolute
        assertEquals(Path.of("d.hdf5").toAbsolutePath().toString(), Plan.parse("{\"env\": \"Hopper\", \"dataset\": "
                + "\"d.hdf5\"}", "p").dataset());
        // paper 1's plans may name their algorithm; anything but td3 there is one line pointing to the other plan
        FineTuningStudy.Plan td3 = FineTuningStudy.Plan.parse("{\"env\": \"Hopper\", \"runs\": [{\"name\": \"n\", "
                + "\"condition\": \"normal\", \"algorithm\": \"TD3\"}]}", "plan");
        assertEquals(null, td3.runs().get(0).algorithm());
        IllegalArgumentException mixed = assertThrows(IllegalArgumentException.class, () -> FineTuningStudy.Plan.parse(
                "{\"env\": \"Hopper\", \"runs\": [{\"name\": \"n\", \"condition\": \"normal\", \"algorithm\": \"sac\"}]}",
                "plan"));
        assertTrue(mixed.getMessage().contains("not paper 1's td3"), mixed.getMessage());
        Plan p = Plan.parse("{\"env\": \"hopper\"}", "plan");
        assertEquals("Hopper", p.env());
        assertEquals(1_000_000, p.steps());
        assertEquals(5_000, p.learningStarts());
        assertEquals(List.of("iql", "riql"), p.offlineNames());
        assertEquals(PolicyExpansionStudy.PAPER_RUNS, p.runs());
        // online corruption defaults to the offline fields; RPEX's offline RIQL has a Gaussian actor
        assertEquals(p.corruptionConfig().fields(), p.onlineFields());
        RiqlConfig riql = (RiqlConfig) p.offline("riql", 0, p.data()).learner();
        assertEquals(AdvantageWeightedActor.Kind.GAUSSIAN, riql.actor());
        // one corrupted field: RIQL's tuned row for it
        Plan one = Plan.parse("{\"env\": \"Hopper\", \"corruptedFields\": [\"dyn\"]}", "plan");
        RiqlConfig tuned = (RiqlConfig) one.offline("riql", 0, one.data()).learner();
        assertEquals(0.5, tuned.quantile());
        assertEquals(List.of(CorruptionField.DYNAMICS), List.copyOf(one.onlineFields()));
    }

    @Test
    void badPlansAreOneLineNamingTheField() {
        assertMessage("{\"env\": \"Hopper\", \"stepz\": 5}", "did you mean \"steps\"");
        assertMessage("{\"env\": \"Hopper\", \"runs\": [{\"name\": \"x\", \"algorithm\": \"sac\"}]}", "unknown \"algorithm\" 'sac'");
        assertMessage("{\"env\": \"Hopper\", \"runs\": [{\"name\": \"x\"}]}", "needs an \"algorithm\": pex or rpex");
        assertMessage("{\"env\": \"Hopper\", \"runs\": [{\"name\": \"a\", \"algorithm\": \"pex\"}, {\"name\": \"a\", "
                + "\"algorithm\": \"rpex\"}]}", "two runs are named 'a'");
        assertMessage("{\"env\": \"Hopper\", \"runs\": [{\"name\": \"riql\", \"algorithm\": \"rpex\"}]}", "offline runs");
        assertMessage("{\"env\": \"Hopper\", \"corruption\": \"adversarial\"}", "give \"critic\"");
        assertMessage("{\"env\": \"Hopper\", \"corruption\": \"adversarial\", \"corruptedFields\": [\"rew\", \"obs\"]}",
                "adversarial corruption of obs attacks a critic");
        assertMessage("{\"env\": \"Hopper\", \"corruption\": \"adversarial\", \"critic\": \"/no/such/run\"}",
                "holds no training checkpoint");
        assertMessage("{\"env\": \"Hopper\", \"runs\": []}", "must list one or more runs");
        assertMessage("{\"env\": \"Hopper\", \"runs\": [{\"name\": \"a\", \"algorithm\": \"pex\"}, {\"name\": \"b\", "
                + "\"algorithm\": \"pex\"}]}", "the same run twice");
        assertMessage("{\"env\": \"Hopper\", \"critic\": \"runs/edac\"}", "only used by adversarial corruption");
        assertMessage("{\"env\": \"Hopper\", \"corruptionRate\": 1.5}", "rate must be in [0, 1]");
        assertMessage("{\"env\": \"Hopper\", \"corruptedFields\": [\"obs\", \"obz\"]}", "obz");
        assertMessage("{\"env\": \"Hopper\", \"steps\": 100}", "\"learningStarts\" must be an integer in [0, steps)");
        assertMessage("{\"env\": \"Hopper\", \"onlineCorruption\": [], \"zeroCleanRewards\": true}", "needs rew");
        assertMessage("{\"env\": \"Hopper\", \"seeds\": [1, 1]}", "distinct seeds");
        assertMessage("{\"env\": \"Hopper\", \"offlineSteps\": 0}", "\"offlineSteps\" must be an integer >= 1");
        assertMessage("{\"env\": \"Hopper\", \"steps\": 2.5}", "\"steps\" must be");
    }

    private static void assertMessage(String json, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Plan.parse(json, "plan p.json"));
        assertTrue(e.getMessage().contains("plan p.json") && e.getMessage().contains(part) && !e.getMessage().contains("\n"),
                e.getMessage());
    }

    /**
     * A tiny study runs its three phases (data, IQL and RIQL per seed, PEX and RPEX per seed) into its folder; the
     * same run of seed 1 alone, one slot, elsewhere, ends with the same bytes; re-running the plan hands the runs back.
     */
    @Test
    void aTinyStudyRunsEveryPhaseAndItsNumbersDoNotDependOnParallelism() throws Exception {
        Plan plan = Plan.parse(TINY, "plan");
        Path dir = tmp.resolve("study");
        Results r = PolicyExpansionStudy.run(plan, dir, new LocalExecutor(RunKinds.standard(), 2, 1, false));
        assertTrue(Files.isRegularFile(PolicyExpansionRuns.corruptedFile(dir)));
        for (String n : List.of("iql-s0", "iql-s1", "riql-s0", "riql-s1", "pex-s0", "pex-s1", "rpex-s0", "rpex-s1")) {
            assertTrue(Files.isRegularFile(dir.resolve(n).resolve(RunKinds.RESULT)), n);
            assertTrue(Files.isRegularFile(dir.resolve(n).resolve("training").resolve("training.ckpt")), n);
        }
        assertEquals(List.of(0L, 1L), List.copyOf(r.online().get("rpex").keySet()));
        assertEquals(List.of(40L, 80L, 120L, 160L), r.online().get("pex").get(0L).stream().map(EvalPoint::step).toList());
        assertEquals(List.of(60L, 120L), r.offline().get("riql").get(1L).stream().map(EvalPoint::step).toList());
        assertTrue(PolicyExpansionStudy.unfinished(dir, r).isEmpty());
        assertTrue(PolicyExpansionStudy.isStudy(dir));
        // the corrupted file is RIQL's corruption of the data with the plan's settings
        Map<CorruptionField, boolean[]> masks = rrl.corrupt.CorruptedDataset.readMasks(PolicyExpansionRuns.corruptedFile(dir));
        assertEquals(plan.corruptionConfig().fields(), masks.keySet());

        Path alone = tmp.resolve("alone");
        PolicyExpansionStudy.run(plan.withSeeds(List.of(1L)), alone, new LocalExecutor(RunKinds.standard(), 1, 1, false));
        for (String n : List.of("riql-s1", "rpex-s1", "pex-s1")) {
            assertArrayEquals(Files.readAllBytes(dir.resolve(n).resolve("training").resolve("metrics.csv")),
                    Files.readAllBytes(alone.resolve(n).resolve("training").resolve("metrics.csv")), n);
        }
        long before = Files.getLastModifiedTime(dir.resolve("rpex-s0").resolve("training").resolve("metrics.csv")).toMillis();
        Results again = PolicyExpansionStudy.run(plan, dir, new LocalExecutor(RunKinds.standard(), 1, 1, false));
        assertEquals(before, Files.getLastModifiedTime(dir.resolve("rpex-s0").resolve("training").resolve("metrics.csv"))
                .toMillis());
        assertEquals(Results.finalReturn(r.online().get("rpex").get(0L)), Results.finalReturn(again.online().get("rpex").get(0L)));

        // another study in the same folder is refused before any work
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PolicyExpansionStudy.run(
                Plan.parse(TINY.replace("\"datasetSize\": 1500", "\"datasetSize\": 1600"), "plan"), dir,
                new LocalExecutor(RunKinds.standard(), 1, 1, false)));
        assertTrue(e.getMessage().contains("holds another study") && e.getMessage().contains("datasetSize"), e.getMessage());
        // the report's tables read the study
        assertEquals(4, PolicyExpansionClaims.finalTable(r).rowCount());
        assertTrue(PolicyExpansionClaims.summary(r).contains("not testable"), PolicyExpansionClaims.summary(r));
        // a seed of the plan whose folders were deleted is unfinished, not silently left out of the report
        for (String n : List.of("iql-s1", "riql-s1", "pex-s1", "rpex-s1")) {
            try (var tree = Files.walk(dir.resolve(n))) {
                for (Path f : tree.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
        }
        assertEquals(List.of("iql-s1", "riql-s1", "pex-s1", "rpex-s1"),
                PolicyExpansionStudy.unfinished(dir, PolicyExpansionStudy.load(dir)));
    }

    /** Claim 9's comparisons pair seeds and compare final returns (the mean of the last 3 evaluations). */
    @Test
    void claimNineComparesRpexWithPexAndWithItsOfflineStartBySeed() {
        Plan plan = Plan.parse("{\"env\": \"Hopper\", \"seeds\": [0, 1, 2, 3, 4]}", "plan");
        Map<Long, List<EvalPoint>> rpex = new LinkedHashMap<>();
        Map<Long, List<EvalPoint>> pex = new LinkedHashMap<>();
        Map<Long, List<EvalPoint>> riql = new LinkedHashMap<>();
        Map<Long, List<EvalPoint>> iql = new LinkedHashMap<>();
        for (long s = 0; s < 5; s++) {
            // finals: rpex 1000 + 100 s (last three 900, 1000 + 100 s, 1100 + 200 s averaged), pex 500, riql 400
            rpex.put(s, List.of(pt(1, 0), pt(2, 900), pt(3, 1000 + 100 * s), pt(4, 1100 + 200 * s)));
            pex.put(s, List.of(pt(1, 500), pt(2, 500), pt(3, 500)));
            riql.put(s, List.of(pt(1, 100), pt(2, 400)));
            iql.put(s, List.of(pt(1, 300)));
        }
        Results r = new Results(plan, Map.of("iql", iql, "riql", riql), orderedOnline(pex, rpex));
        assertEquals((900 + 1000 + 1100) / 3.0, Results.finalReturn(rpex.get(0L)), 1e-9);
        assertEquals(250.0, Results.finalReturn(riql.get(0L)), 1e-9);
        List<rrl.stats.ClaimTest> tests = PolicyExpansionClaims.claimTests(r);
        assertEquals(2, tests.size());
        assertEquals("RPEX vs PEX", tests.get(0).comparison());
        assertEquals(5, tests.get(0).a().length);
        assertEquals(1000 + 100 * 4, tests.get(0).a()[4], 1e-9);
        assertEquals(500, tests.get(0).b()[4], 1e-9);
        assertEquals(250, tests.get(1).b()[0], 1e-9);
        List<Verdict> v = PolicyExpansionClaims.verdicts(r);
        assertEquals("holds", v.get(0).verdict());
        assertEquals("holds", v.get(1).verdict());
        assertTrue(PolicyExpansionClaims.summary(r).startsWith("Claim 9 over 5 training seeds"), PolicyExpansionClaims.summary(r));
        // without RPEX runs there is nothing to compare
        Results noRpex = new Results(plan, Map.of("riql", riql), Map.of("pex", pex));
        assertTrue(PolicyExpansionClaims.claimTests(noRpex).isEmpty());
        assertTrue(PolicyExpansionClaims.summary(noRpex).contains("not testable"));
        assertEquals(Algorithm.RPEX, plan.runs().get(1).learner());
    }

    private static Map<String, Map<Long, List<EvalPoint>>> orderedOnline(Map<Long, List<EvalPoint>> pex,
                                                                          Map<Long, List<EvalPoint>> rpex) {
        Map<String, Map<Long, List<EvalPoint>>> m = new LinkedHashMap<>();
        m.put("pex", pex);
        m.put("rpex", rpex);
        return m;
    }

    private static EvalPoint pt(long step, double ret) {
        return new EvalPoint(step, ret, 0, ret / 100);
    }
}
