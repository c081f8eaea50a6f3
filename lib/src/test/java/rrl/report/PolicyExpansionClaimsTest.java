package rrl.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.CategoryChart;
import rrl.experiment.PolicyExpansionStudy;
import rrl.experiment.PolicyExpansionStudy.EvalPoint;
import rrl.experiment.PolicyExpansionStudy.Plan;
import rrl.experiment.PolicyExpansionStudy.Results;
import rrl.stats.Verdict;
import tech.tablesaw.api.Table;

/** Claim 9 on several environments side by side, on made-up studies whose numbers are known. */
class PolicyExpansionClaimsTest {
    @TempDir
    Path tmp;

    private static EvalPoint pt(long step, double ret) {
        return new EvalPoint(step, ret, 0, ret / 100);
    }

    /** Five seeds; a run's last three evaluations are {@code level + 10 s}, earlier ones 0. */
    private static Map<Long, List<EvalPoint>> run(double level) {
        Map<Long, List<EvalPoint>> m = new LinkedHashMap<>();
        for (long s = 0; s < 5; s++) {
            double v = level + 10 * s;
            m.put(s, List.of(pt(1, 0), pt(2, v), pt(3, v), pt(4, v)));
        }
        return m;
    }

    private static Results study(String plan, double pex, double rpex, boolean withIql) {
        Map<String, Map<Long, List<EvalPoint>>> offline = new LinkedHashMap<>();
        if (withIql) {
            offline.put("iql", run(300));
        }
        offline.put("riql", run(400));
        Map<String, Map<Long, List<EvalPoint>>> online = new LinkedHashMap<>();
        online.put("pex", run(pex));
        online.put("rpex", run(rpex));
        return new Results(Plan.parse(plan, "plan"), offline, online);
    }

    @Test
    void finalReturnsAndVerdictsStandSideBySidePerEnvironment() {
        Results hopper = study("{\"env\": \"Hopper\", \"datasetSize\": 20000, \"steps\": 3000, \"learningStarts\": 1000, \"seeds\": [0, 1, 2, 3, 4]}",
                500, 1000, true);
        Results cheetah = study("{\"env\": \"HalfCheetah\", \"dataset\": \"/somewhere/halfcheetah-medium-replay-rrl.hdf5\", "
                + "\"steps\": 3000, \"learningStarts\": 1000, \"seeds\": [0, 1, 2, 3, 4]}", 1000, 500, false);
        List<Table> t = PolicyExpansionClaims.tablesAcrossEnvironments(List.of(hopper, cheetah));
        Table finals = t.get(0);
        String h = "Hopper, medium 20,000 (5 seeds, 3,000 steps)";
        String c = "HalfCheetah, medium-replay (5 seeds, 3,000 steps)";
        assertEquals(List.of("run", h, c), finals.columnNames(), finals.print());
        assertEquals(List.of("IQL (offline)", "RIQL (offline)", "PEX (online)", "RPEX (online)"),
                finals.stringColumn("run").asList(), "rows are learners, the same in every study");
        // mean 520 (500 + 10 s over s = 0..4), std over seeds sqrt(250) = 15.8, score a hundredth of the return
        assertEquals("520 ± 16 (5.2)", finals.stringColumn(h).get(2), finals.print());
        assertEquals("not run", finals.stringColumn(c).get(0), "the HalfCheetah study ran no IQL");
        assertEquals("1020 ± 16 (10.2)", finals.stringColumn(c).get(2), finals.print());

        Table verdicts = t.get(1);
        assertEquals(List.of("claim", "measure", "comparison", h, c), verdicts.columnNames());
        List<Verdict> vh = PolicyExpansionClaims.verdicts(hopper);
        List<Verdict> vc = PolicyExpansionClaims.verdicts(cheetah);
        for (int i = 0; i < vh.size(); i++) {
            assertTrue(verdicts.stringColumn(h).get(i).startsWith(vh.get(i).verdict()), verdicts.print());
            assertTrue(verdicts.stringColumn(c).get(i).startsWith(vc.get(i).verdict())
                    && verdicts.stringColumn(c).get(i).contains(StatsTables.interval(vc.get(i).holmLow(), vc.get(i).holmHigh())),
                    verdicts.print());
        }
        assertTrue(verdicts.stringColumn(h).get(0).startsWith("holds†: +500 [500, 500]"), verdicts.print());
        assertTrue(verdicts.stringColumn(c).get(0).startsWith("does not hold†: -500"), verdicts.print());
        // every seed differs by exactly 500: the bootstrap interval is a point, the t statistic undefined, hence the †
        assertEquals("9", verdicts.stringColumn("claim").get(0));
        assertTrue(verdicts.name().contains(PolicyExpansionClaims.PAPER_3_FINDING), verdicts.name());

        String md = PolicyExpansionClaims.markdownAcrossEnvironments(List.of(hopper, cheetah));
        assertTrue(md.startsWith("**Budgets**: Hopper, medium 20,000: 20,000 transitions of the shipped medium policy (seed 0), random "
                + "corruption of obs,act,rew,dyn (rate 0.3, range 1.0); 5 training seeds"), md);
        assertTrue(md.contains(". HalfCheetah, medium-replay: halfcheetah-medium-replay-rrl.hdf5 (a given D4RL-format file;")
                && !md.contains("/somewhere"), "a file by its name, not the path on the machine that ran it: " + md);
        assertTrue(md.contains("| run | " + h + " | " + c + " |") && md.contains("Hopper, medium 20,000: Claim 9 over 5 training seeds")
                && md.contains("HalfCheetah, medium-replay: Claim 9 over 5 training seeds"), md);

        CategoryChart chart = PolicyExpansionClaims.finalScoresChart(List.of(hopper, cheetah));
        assertEquals(List.of("IQL (offline)", "RIQL (offline)", "PEX (online)", "RPEX (online)"),
                List.copyOf(chart.getSeriesMap().keySet()));
        List<?> rpex = List.copyOf(chart.getSeriesMap().get("RPEX (online)").getYData());
        assertEquals(10.2, ((Number) rpex.get(0)).doubleValue(), 1e-9);
        assertEquals(5.2, ((Number) rpex.get(1)).doubleValue(), 1e-9);
        assertTrue(chart.getTitle().contains("final D4RL score"), chart.getTitle());
        assertEquals(List.of("Hopper, medium 20,000", "HalfCheetah, medium-replay"),
                List.copyOf(chart.getSeriesMap().get("RPEX (online)").getXData()), "short categories: env and data");
        assertThrows(IllegalArgumentException.class, () -> PolicyExpansionClaims.finalScoresChart(List.of()));
    }

    /**
     * Rows are learners, whatever a study names its runs; one seed gives a mean without a spread; a learner a study did
     * not run reads "not run" and draws no bar; the sentences name each study by environment and data and say when a
     * verdict rests on the bootstrap alone.
     */
    @Test
    void learnersNotRunAndSingleSeedsReadAsTheyAre() throws java.io.IOException {
        Results hopper = study("{\"env\": \"Hopper\", \"datasetSize\": 20000, \"steps\": 3000, \"learningStarts\": 1000, "
                + "\"seeds\": [0, 1, 2, 3, 4]}", 500, 1000, true);
        Map<String, Map<Long, List<EvalPoint>>> online = new LinkedHashMap<>();
        online.put("baseline", Map.of(0L, List.of(pt(1, 700), pt(2, 800))));
        Results one = new Results(Plan.parse("{\"env\": \"Walker2d\", \"dataset\": \"d/walker2d-medium-replay-rrl.hdf5\", "
                + "\"steps\": 3000, \"learningStarts\": 1000, \"runs\": [{\"name\": \"baseline\", \"algorithm\": \"pex\"}], "
                + "\"seeds\": [0]}", "plan"), Map.of("iql", Map.of(0L, List.of(pt(1, 300)))), online);
        Table finals = PolicyExpansionClaims.tablesAcrossEnvironments(List.of(hopper, one)).get(0);
        String w = "Walker2d, medium-replay (1 seed, 3,000 steps)";
        assertEquals(List.of("IQL (offline)", "RIQL (offline)", "PEX (online)", "RPEX (online)"),
                finals.stringColumn("run").asList(), finals.print());
        assertEquals(List.of("300 (3.0)", "not run", "750 (7.5)", "not run"), finals.stringColumn(w).asList(), finals.print());
        CategoryChart chart = PolicyExpansionClaims.finalScoresChart(List.of(hopper, one));
        List<?> rpex = List.copyOf(chart.getSeriesMap().get("RPEX (online)").getYData());
        assertTrue(Double.isNaN(((Number) rpex.get(1)).doubleValue()), "no bar where the study ran no RPEX");
        java.awt.image.BufferedImage img = org.knowm.xchart.BitmapEncoder.getBufferedImage(chart);
        assertTrue(img.getWidth() > 0, "a chart with a missing bar draws");
        String words = PolicyExpansionClaims.summaryAcrossEnvironments(List.of(hopper, one));
        assertTrue(words.startsWith("Hopper, medium 20,000: Claim 9 over 5 training seeds") && words.contains(
                "Walker2d, medium-replay: Claim 9 is not testable"), words);
        assertTrue(PolicyExpansionClaims.summary(hopper).contains("RPEX vs PEX: holds† (difference of mean final return "
                + "+500, n = 5; † on the bootstrap alone: the paired t-test does not back it)"), PolicyExpansionClaims.summary(hopper));
    }

    @Test
    void noStudyOrTwoWithOneHeadingAreRefused() {
        Results hopper = study("{\"env\": \"Hopper\", \"seeds\": [0, 1, 2, 3, 4]}", 500, 1000, true);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PolicyExpansionClaims.tablesAcrossEnvironments(
                List.of())).getMessage().contains("no study to compare"));
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> PolicyExpansionClaims.tablesAcrossEnvironments(List.of(hopper, hopper)));
        assertTrue(twice.getMessage().contains("two studies are both Hopper, medium 1,000,000 (5 seeds")
                && twice.getMessage().contains("report the others one at a time"), twice.getMessage());
        // a given file: its D4RL kind when named as rrl datasets generate names files, else its name
        Results own = study("{\"env\": \"Walker2d\", \"dataset\": \"d/walker2d-medium-replay-rrl.hdf5\", \"seeds\": [0]}",
                1, 2, true);
        Results other = study("{\"env\": \"Walker2d\", \"dataset\": \"d/hopper-medium-rrl.hdf5\", \"seeds\": [0]}",
                1, 2, true);
        Results bare = study("{\"env\": \"Walker2d\", \"dataset\": \"walker2d--rrl.hdf5\", \"seeds\": [0]}", 1, 2, true);
        assertEquals("Walker2d, medium-replay (5 seeds, 1,000,000 steps)", PolicyExpansionClaims.studyHeading(own));
        assertEquals("Walker2d, hopper-medium-rrl.hdf5 (5 seeds, 1,000,000 steps)", PolicyExpansionClaims.studyHeading(other));
        assertEquals("Walker2d, walker2d--rrl.hdf5 (5 seeds, 1,000,000 steps)", PolicyExpansionClaims.studyHeading(bare));
    }

    /** The recorded studies are found by environment; a root without any gives none. */
    @Test
    void recordedStudiesAreFoundPerEnvironment() throws java.io.IOException {
        assertTrue(PolicyExpansionStudy.recordedClaim9Studies(tmp).isEmpty());
        assertTrue(PolicyExpansionStudy.recordedClaim9Studies(tmp.resolve("missing")).isEmpty());
        // per environment in paper 3's order: the env's own study, then its studies on other data by name; folders that
        // are not policy-expansion studies, or not named as claim-9 studies, are left out
        java.util.Map<String, String> folders = new java.util.LinkedHashMap<>();
        folders.put("pex-rpex-walker2d-claim9", "{\"env\": \"Walker2d\", \"offlineSteps\": 10}");
        folders.put("pex-rpex-hopper-medium-replay-claim9", "{\"env\": \"Hopper\", \"offlineSteps\": 30}");
        folders.put("pex-rpex-hopper-claim9", "{\"env\": \"Hopper\", \"offlineSteps\": 20}");
        folders.put("pex-rpex-hopper-b-claim9", "{\"env\": \"Hopper\", \"offlineSteps\": 25}");
        folders.put("pex-rpex-hopper-notes", "{\"env\": \"Hopper\", \"offlineSteps\": 40}");
        folders.put("pex-rpex-hopper-td3-claim9", "{\"env\": \"Hopper\", \"runs\": [{\"name\": \"n\", \"condition\": \"normal\"}]}");
        for (java.util.Map.Entry<String, String> f : folders.entrySet()) {
            java.nio.file.Files.createDirectories(tmp.resolve(f.getKey()));
            java.nio.file.Files.writeString(tmp.resolve(f.getKey()).resolve("plan.json"), f.getValue());
        }
        java.nio.file.Files.createDirectories(tmp.resolve("pex-rpex-hopper-empty-claim9"));
        assertEquals(List.of(20L, 25L, 30L, 10L), PolicyExpansionStudy.recordedClaim9Studies(tmp).stream()
                .map(r -> r.plan().offlineSteps()).toList());
        List<Results> recorded = PolicyExpansionStudy.recordedClaim9Studies(Path.of("..", "notebooks", "recorded"));
        assertEquals("Hopper", recorded.get(0).plan().env());
        assertTrue(recorded.stream().allMatch(r -> PolicyExpansionStudy.PAPER_3_ENVIRONMENTS.contains(r.plan().env())));
    }
}
