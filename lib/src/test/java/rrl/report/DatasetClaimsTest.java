package rrl.report;

import rrl.data.TrainingData;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static rrl.report.MadeUpStudies.study;
import static rrl.report.MadeUpStudies.v;

import java.util.List;
import org.junit.jupiter.api.Test;
import rrl.experiment.RobustnessStudy;
import rrl.stats.ClaimKind;
import rrl.stats.ClaimTest;
import rrl.stats.Design;
import rrl.stats.Verdict;
import rrl.stats.VerdictRule;
import rrl.stats.Verdicts;
import tech.tablesaw.api.Table;

/** Claims 3 and 4 as verdicts over trained policies, on made-up studies whose answer is known. */
class DatasetClaimsTest {
    /** A subject with its per-policy mean returns: normal[t], random[t], adversarial[t]. */

    /** Five expert policies: normal about 3000, own worst case about 400 (kept share about 0.13). */
    private static MadeUpStudies.M expert(String method) {
        return new MadeUpStudies.M(method, "expert", v(3000, 3100, 2950, 3050, 3020), v(2000, 2100, 1900, 2050, 1980),
                v(400, 430, 380, 410, 390));
    }

    @Test
    void theMethodIsTheLabelWithoutItsTrainingDataTag() {
        assertEquals("TD3+BC", DatasetClaims.method(new RobustnessStudy.Subject("TD3+BC medium", "medium", "a")));
        assertEquals("TD3+BC", DatasetClaims.method(new RobustnessStudy.Subject("TD3+BC (medium-expert)", "medium-expert", "a")));
        assertEquals("TD3+BC", DatasetClaims.method(new RobustnessStudy.Subject("TD3+BC", "expert", "a")));
        assertEquals("IQL", DatasetClaims.method(new RobustnessStudy.Subject("IQL randomly-perturbed", "randomly-perturbed", "a")));
        // a tag for other data is part of the name
        assertEquals("TD3+BC medium", DatasetClaims.method(new RobustnessStudy.Subject("TD3+BC medium", "expert", "a")));
        assertEquals(TrainingData.ADVERSARIALLY_PERTURBED, TrainingData.of("Adversarially-Perturbed").orElseThrow());
        assertTrue(TrainingData.of("online").isEmpty());
    }

    @Test
    void claimThreeHoldsWhenMediumDataPoliciesKeepHalfAndExpertOnesAnEighth() {
        RobustnessStudy.Result r = study(expert("TD3+BC"),
                new MadeUpStudies.M("TD3+BC medium", "medium", v(2000, 2100, 1950, 2050, 1900), v(1500, 1600, 1400, 1550, 1450),
                        v(1000, 1060, 960, 1020, 950)));
        List<ClaimTest> tests = DatasetClaims.claimTests(r);
        assertEquals(2, tests.size()); // kept share, adversarial return
        assertEquals(DatasetClaims.SHARE, tests.get(0).measure());
        assertEquals("TD3+BC (medium)", tests.get(0).aLabel());
        assertEquals("TD3+BC (expert)", tests.get(0).bLabel());
        assertEquals(Design.INDEPENDENT, tests.get(0).design());
        assertEquals(ClaimKind.SUPERIORITY, tests.get(0).kind());
        assertArrayEquals(v(0.5, 1060 / 2100.0, 960 / 1950.0, 1020 / 2050.0, 0.5), tests.get(0).a(), 1e-12);
        assertArrayEquals(v(600, 630, 580, 610, 560), subtract(tests.get(1).a(), tests.get(1).b()), 1e-9);
        List<Verdict> v = DatasetClaims.verdicts(r);
        for (Verdict x : v) {
            assertEquals(Verdicts.HOLDS, x.verdict(), x.toString());
            assertEquals(5, x.nA());
            assertEquals(DatasetClaims.CLAIM_3, x.test().claim());
        }
        String s = DatasetClaims.summary(r);
        assertTrue(s.startsWith("TD3+BC on medium data (5 trained policies) against expert data (5 trained policies): "
                + "kept share 50% vs 13%, claim 3 holds; adversarial return 998 vs 402, claim 3 holds."), s);
    }

    @Test
    void claimThreeDoesNotHoldWhenBroaderDataIsTheFragileOne() {
        RobustnessStudy.Result r = study(expert("BCQ"), new MadeUpStudies.M("BCQ medium-expert", "medium-expert",
                v(3000, 3000, 3000, 3000, 3000), v(2000, 2000, 2000, 2000, 2000), v(100, 120, 90, 110, 105)));
        for (Verdict x : DatasetClaims.verdicts(r)) {
            assertEquals(Verdicts.DOES_NOT_HOLD, x.verdict(), x.toString());
        }
    }

    @Test
    void noDifferenceIsInconclusive() {
        RobustnessStudy.Result r = study(new MadeUpStudies.M("IQL", "expert", v(3000, 3000, 3000, 3000, 3000), v(2000, 2000, 2000, 2000, 2000),
                v(200, 800, 500, 300, 700)), new MadeUpStudies.M("IQL medium", "medium", v(3000, 3000, 3000, 3000, 3000),
                v(2000, 2000, 2000, 2000, 2000), v(750, 250, 450, 650, 400)));
        for (Verdict x : DatasetClaims.verdicts(r)) {
            assertEquals(Verdicts.INCONCLUSIVE, x.verdict(), x.toString());
        }
    }

    @Test
    void fewerThanFivePoliciesASideIsNotTestableButShowsItsEstimate() {
        RobustnessStudy.Result r = study(expert("TD3+BC"), new MadeUpStudies.M("TD3+BC medium", "medium", v(2000, 2100, 1950),
                v(1500, 1600, 1400), v(1000, 1050, 975)));
        List<Verdict> v = DatasetClaims.verdicts(r);
        assertEquals(2, v.size());
        for (Verdict x : v) {
            assertEquals("not testable (n < 5)", x.verdict(), x.toString());
            assertEquals(3, x.nA());
            assertTrue(Double.isNaN(x.p()) && Double.isFinite(x.estimate()));
        }
        assertEquals(0.5 - (400 / 3000.0 + 430 / 3100.0 + 380 / 2950.0 + 410 / 3050.0 + 390 / 3020.0) / 5,
                v.get(0).estimate(), 1e-12);
        assertTrue(DatasetClaims.summary(r).contains("claim 3 is not testable (fewer than 5 trained policies a side)"),
                DatasetClaims.summary(r));
    }

    @Test
    void claimFourHoldsWhenPerturbedDataPoliciesAreAsFragileAsTheCleanOnes() {
        RobustnessStudy.Result r = study(expert("TD3+BC"), new MadeUpStudies.M("TD3+BC randomly-perturbed", "randomly-perturbed",
                v(3040, 2980, 3010, 3060, 2990), v(2000, 2000, 2000, 2000, 2000), v(410, 390, 420, 400, 395)));
        List<ClaimTest> tests = DatasetClaims.claimTests(r);
        assertEquals(2, tests.size());
        for (ClaimTest t : tests) {
            assertEquals(ClaimKind.NON_SUPERIORITY, t.kind());
            assertEquals(DatasetClaims.CLAIM_4, t.claim());
            assertEquals("TD3+BC (randomly-perturbed)", t.aLabel());
        }
        assertEquals(DatasetClaims.SHARE_MARGIN, tests.get(0).margin());
        // the return margin: 10% of the clean expert policies' mean normal return
        assertEquals(DatasetClaims.RETURN_MARGIN * (3000 + 3100 + 2950 + 3050 + 3020) / 5.0, tests.get(1).margin(), 1e-9);
        for (Verdict x : DatasetClaims.verdicts(r)) {
            assertEquals(Verdicts.HOLDS, x.verdict(), x.toString());
        }
        Table t = DatasetClaims.check(r);
        assertTrue(t.stringColumn("comparison").get(0).endsWith("(a - b < +0.1)"), t.stringColumn("comparison").get(0));
        assertTrue(t.name().contains("one Holm family of their own"), t.name());
        // the title explains the tests its rows use: the non-inferiority margin, no equivalence test
        assertTrue(t.name().contains("'a - b < +margin' holds when the Holm-adjusted one-sided bootstrap p < 0.05")
                && t.name().contains("50,000 resamples") && !t.name().contains("TOST"), t.name());
    }

    @Test
    void claimFourHoldsWhenPerturbedDataPoliciesAreLessRobust() {
        RobustnessStudy.Result r = study(expert("TD3+BC"), new MadeUpStudies.M("TD3+BC adversarially-perturbed", "adversarially-perturbed",
                v(3000, 3000, 3000, 3000, 3000), v(2000, 2000, 2000, 2000, 2000), v(100, 120, 90, 110, 105)));
        for (Verdict x : DatasetClaims.verdicts(r)) {
            assertEquals(Verdicts.HOLDS, x.verdict(), x.toString());
        }
    }

    @Test
    void claimFourDoesNotHoldWhenPerturbedDataMakesThePoliciesMuchMoreRobust() {
        RobustnessStudy.Result r = study(expert("TD3+BC"), new MadeUpStudies.M("TD3+BC randomly-perturbed", "randomly-perturbed",
                v(3000, 3000, 3000, 3000, 3000), v(2500, 2500, 2500, 2500, 2500), v(1800, 1900, 1750, 1850, 1820)));
        List<Verdict> v = DatasetClaims.verdicts(r);
        for (Verdict x : v) {
            assertEquals(Verdicts.DOES_NOT_HOLD, x.verdict(), x.toString());
            assertTrue(x.low() > x.test().margin(), x.toString());
        }
    }

    @Test
    void aGainInsideTheMarginIsNotEnoughToRejectClaimFourNorToShowIt() {
        // perturbed keeps about 0.08 more, near the margin, with spread: neither side of +margin is shown
        RobustnessStudy.Result r = study(expert("TD3+BC"), new MadeUpStudies.M("TD3+BC randomly-perturbed", "randomly-perturbed",
                v(3000, 3100, 2950, 3050, 3020), v(2000, 2000, 2000, 2000, 2000), v(550, 900, 480, 700, 640)));
        assertEquals(Verdicts.INCONCLUSIVE, DatasetClaims.verdicts(r).get(0).verdict());
    }

    @Test
    void claimsThreeAndFourAreOneHolmFamilyApartFromClaimsOneAndTwo() {
        RobustnessStudy.Result r = study(expert("TD3+BC"),
                new MadeUpStudies.M("TD3+BC medium", "medium", v(2000, 2100, 1950, 2050, 1900), v(1500, 1600, 1400, 1550, 1450),
                        v(1000, 1060, 960, 1020, 950)),
                new MadeUpStudies.M("TD3+BC randomly-perturbed", "randomly-perturbed", v(3040, 2980, 3010, 3060, 2990),
                        v(2000, 2000, 2000, 2000, 2000), v(410, 390, 420, 400, 395)),
                expert("IQL"),
                new MadeUpStudies.M("IQL medium", "medium", v(3000, 3000, 3000, 3000, 3000), v(2000, 2000, 2000, 2000, 2000),
                        v(750, 250, 450, 650, 400)),
                new MadeUpStudies.M("SAC", "online", v(3000, 2900, 3100, 3050, 2950), v(2500, 2400, 2450, 2500, 2400),
                        v(2400, 2320, 2300, 2380, 2350)));
        List<Verdict> v = DatasetClaims.verdicts(r);
        // claim 3: TD3+BC and IQL (2 rows each), then claim 4: TD3+BC (2 rows); SAC (online) takes no part
        assertEquals(6, v.size());
        assertEquals(List.of(DatasetClaims.CLAIM_3, DatasetClaims.CLAIM_3, DatasetClaims.CLAIM_3, DatasetClaims.CLAIM_3,
                DatasetClaims.CLAIM_4, DatasetClaims.CLAIM_4), v.stream().map(x -> x.test().claim()).toList());
        assertEquals("IQL (medium)", v.get(2).test().aLabel());
        double[] p = v.stream().mapToDouble(Verdict::p).toArray();
        assertArrayEquals(Verdicts.holm(p), v.stream().mapToDouble(Verdict::pHolm).toArray(), 1e-15);
        assertTrue(v.stream().anyMatch(x -> x.pHolm() > x.p()), "the family adjusts some p");
        // claims 1-2 keep their own family: none of these tests is in it
        List<Verdict> oneTwo = RobustnessClaims.verdicts(r);
        assertTrue(oneTwo.stream().noneMatch(x -> x.test().claim().startsWith("3") || x.test().claim().startsWith("4")));
        double[] p12 = oneTwo.stream().filter(Verdict::testable).mapToDouble(Verdict::p).toArray();
        assertArrayEquals(Verdicts.holm(p12), oneTwo.stream().filter(Verdict::testable).mapToDouble(Verdict::pHolm).toArray(),
                1e-15);
    }

    @Test
    void tablesTwoAndThreeHaveOneRowPerMethodAndTrainingData() {
        RobustnessStudy.Result r = study(expert("TD3+BC"),
                new MadeUpStudies.M("TD3+BC medium", "medium", v(2000, 2100, 1950, 2050, 1900), v(1500, 1600, 1400, 1550, 1450),
                        v(1000, 1060, 960, 1020, 950)),
                new MadeUpStudies.M("TD3+BC (adversarially-perturbed)", "adversarially-perturbed", v(350, 360, 340, 355, 345),
                        v(400, 410, 420, 400, 410), v(330, 340, 335, 330, 338)));
        Table t2 = DatasetClaims.table2(r);
        assertEquals(List.of("expert", "medium"), t2.stringColumn("training_data").asList());
        assertEquals(List.of("TD3+BC", "TD3+BC"), t2.stringColumn("method").asList());
        assertEquals(List.of("env", "training_data", "method", "normal", "random", RobustnessClaims.OWN_WORST),
                t2.columnNames());
        assertEquals("2000 ± 10", t2.stringColumn("normal").get(1));
        Table t3 = DatasetClaims.table3(r);
        assertEquals(List.of("expert", "adversarially-perturbed"), t3.stringColumn("training_data").asList());
        assertTrue(t2.name().contains("Table 2") && t3.name().contains("Table 3"), t2.name() + " / " + t3.name());
        assertEquals(3, DatasetClaims.tables(r).size());
        String md = DatasetClaims.markdown(r);
        assertTrue(md.contains("**" + t2.name() + "**") && md.contains("**" + t3.name() + "**"), md);
        assertTrue(RobustnessViews.markdownReport(r).endsWith(md), "the report ends with claims 3-4");
        // the collapsed perturbed policies keep 96% of a small return; the return row says they are no more robust
        List<Verdict> v = DatasetClaims.verdicts(r);
        assertEquals(Verdicts.DOES_NOT_HOLD, v.get(2).verdict(), v.get(2).toString());
        assertEquals(Verdicts.HOLDS, v.get(3).verdict(), v.get(3).toString());
    }

    @Test
    void aStudyWithoutClaimThreeOrFourSubjectsReportsAsBefore() {
        RobustnessStudy.Result r = study(expert("TD3+BC"), new MadeUpStudies.M("BCQ medium", "medium", v(2000), v(1500), v(1000)),
                new MadeUpStudies.M("SAC", "online", v(3000, 2900), v(2500, 2400), v(2400, 2320)));
        assertFalse(DatasetClaims.applies(r)); // BCQ has no expert subject to compare with
        assertTrue(DatasetClaims.claimTests(r).isEmpty());
        assertEquals("", DatasetClaims.markdown(r));
        assertTrue(DatasetClaims.tables(r).isEmpty());
        StringBuilder before = new StringBuilder();
        for (Table t : List.of(RobustnessViews.settings(r.config()), RobustnessViews.table1(r), RobustnessViews.policyTable(r),
                RobustnessClaims.check(r))) {
            before.append("**").append(t.name()).append("**\n\n").append(Tables.markdown(t)).append('\n');
        }
        assertEquals(before.append(RobustnessClaims.summary(r)).append('\n').toString(), RobustnessViews.markdownReport(r));
    }

    @Test
    void aPolicyWithoutPositiveNormalReturnLeavesOutTheShareTestOnly() {
        RobustnessStudy.Result r = study(expert("TD3+BC"), new MadeUpStudies.M("TD3+BC adversarially-perturbed", "adversarially-perturbed",
                v(-150, 200, 100, 120, 90), v(-200, 150, 80, 90, 60), v(-400, 100, 50, 60, 40)));
        List<ClaimTest> tests = DatasetClaims.claimTests(r);
        assertEquals(1, tests.size());
        assertTrue(tests.get(0).measure().startsWith(DatasetClaims.ADVERSARIAL_RETURN), tests.get(0).measure());
        assertEquals(Verdicts.HOLDS, DatasetClaims.verdicts(r).get(0).verdict());
        assertTrue(DatasetClaims.summary(r).contains("no kept share (a policy's normal return is not positive)"),
                DatasetClaims.summary(r));
    }

    @Test
    void aMethodTrainedTwiceOnTheSameDataIsRefused() {
        RobustnessStudy.Result r = study(expert("TD3+BC"), new MadeUpStudies.M("TD3+BC medium", "medium", v(1), v(1), v(1)),
                new MadeUpStudies.M("TD3+BC (medium)", "medium", v(1), v(1), v(1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DatasetClaims.claimTests(r));
        assertTrue(e.getMessage().contains("both train TD3+BC on medium data"), e.getMessage());
    }

    @Test
    void nonSuperiorityReadsTheOneSidedBoundAgainstPlusMargin() {
        // differences about 0.02 with a small spread against a margin of 0.1: p is the share of resamples >= 0.1
        ClaimTest t = ClaimTest.nonSuperiority("x", "share", "a", v(0.12, 0.13, 0.11, 0.12, 0.14), "b",
                v(0.10, 0.11, 0.10, 0.09, 0.10), Design.INDEPENDENT, 0.1);
        Verdict x = Verdicts.evaluate(List.of(t), VerdictRule.DEFAULT).get(0);
        assertEquals(1.0 / (VerdictRule.DEFAULT.reps() + 1), x.p(), 1e-12);
        assertEquals(Verdicts.HOLDS, x.verdict());
        assertEquals(0.9, x.holmLevel(), 1e-12); // one-sided at alpha: TOST's interval
        assertTrue(x.holmHigh() < 0.1);
        assertThrows(IllegalArgumentException.class, () -> ClaimTest.nonSuperiority("x", "share", "a", v(1), "b", v(1),
                Design.INDEPENDENT, 0));
    }

    private static double[] subtract(double[] a, double[] b) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i] - b[i];
        }
        return d;
    }
}
