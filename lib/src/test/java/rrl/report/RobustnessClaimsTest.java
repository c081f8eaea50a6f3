package rrl.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static rrl.report.MadeUpStudies.study;
import static rrl.report.MadeUpStudies.v;

import java.util.List;
import org.junit.jupiter.api.Test;
import rrl.experiment.RobustnessStudy;
import rrl.stats.ClaimTest;
import rrl.stats.Design;
import rrl.stats.Verdict;
import rrl.stats.VerdictRule;
import rrl.stats.Verdicts;
import tech.tablesaw.api.Table;

/** Claims 1 and 2 as verdicts over trained policies, on made-up studies whose answer is known. */
class RobustnessClaimsTest {
    /**
     * The verdict logic at 2-3 trained policies a side: the default rule's minimum of 5 seeds per side (tested in
     * VerdictsTest and below) would make every one of these "not testable".
     */
    static final VerdictRule FROM_TWO = new VerdictRule(0.05, 50_000, 0);


    @Test
    void claimOneHoldsForAMethodWhoseThreePoliciesAllLoseReturnInOrder() {
        RobustnessStudy.Result r = study(new MadeUpStudies.M("TD3+BC", "expert", v(3280, 3300, 3150), v(2100, 2050, 1900),
                v(500, 520, 480)));
        List<Verdict> v = RobustnessClaims.verdicts(r, FROM_TWO);
        assertEquals(2, v.size()); // no online method: claim 2 is not tested
        for (Verdict x : v) {
            assertEquals(Verdicts.HOLDS, x.verdict(), x.toString());
            assertEquals(3, x.nA());
            assertEquals(Design.PAIRED, x.test().design());
        }
        // estimates are mean paired differences over the three trained policies
        assertEquals((1180 + 1250 + 1250) / 3.0, v.get(0).estimate(), 1e-9);
        assertEquals((1600 + 1530 + 1420) / 3.0, v.get(1).estimate(), 1e-9);
        assertEquals(RobustnessClaims.OWN_WORST, v.get(1).test().bLabel());
    }

    @Test
    void claimOneDoesNotHoldWhenEveryPolicyDoesBetterUnderTheAttackThanUnderRandomDeltas() {
        RobustnessStudy.Result r = study(new MadeUpStudies.M("TD3+BC", "expert", v(3280, 3300, 3150), v(500, 520, 480),
                v(2100, 2050, 1900)));
        List<Verdict> v = RobustnessClaims.verdicts(r, FROM_TWO);
        assertEquals(Verdicts.HOLDS, v.get(0).verdict());
        assertEquals(Verdicts.DOES_NOT_HOLD, v.get(1).verdict());
    }

    @Test
    void claimTwoHoldsWhenOfflinePoliciesKeepAFifthAndOnlineOnesFourFifths() {
        RobustnessStudy.Result r = study(
                new MadeUpStudies.M("TD3+BC", "expert", v(3000, 3200, 3100), v(2000, 2100, 2050), v(600, 640, 620)),
                new MadeUpStudies.M("SAC", "online", v(3000, 2900), v(2500, 2400), v(2400, 2320)));
        List<ClaimTest> tests = RobustnessClaims.claimTests(r);
        assertEquals(5, tests.size()); // claim 1 x 2 methods, one grouped claim-2 test (one method per side: no pairs)
        ClaimTest c2 = tests.get(4);
        assertEquals(RobustnessClaims.CLAIM_2, c2.claim());
        assertEquals(Design.INDEPENDENT, c2.design());
        assertEquals("online (SAC)", c2.aLabel());
        assertEquals("offline (TD3+BC)", c2.bLabel());
        assertArrayEquals(v(0.8, 0.8), c2.a(), 1e-12);
        assertArrayEquals(v(0.2, 0.2, 0.2), c2.b(), 1e-12);
        Verdict verdict = RobustnessClaims.verdicts(r, FROM_TWO).get(4);
        assertEquals(Verdicts.HOLDS, verdict.verdict());
        assertEquals(0.6, verdict.estimate(), 1e-12);
        assertEquals(2, verdict.nA());
        assertEquals(3, verdict.nB());
    }

    @Test
    void claimTwoDoesNotHoldWhenOnlinePoliciesAreTheFragileOnes() {
        RobustnessStudy.Result r = study(
                new MadeUpStudies.M("TD3+BC", "expert", v(3000, 3200, 3100), v(2000, 2100, 2050), v(2400, 2560, 2480)),
                new MadeUpStudies.M("SAC", "online", v(3000, 2900), v(2500, 2400), v(600, 580)));
        assertEquals(Verdicts.DOES_NOT_HOLD, RobustnessClaims.verdicts(r, FROM_TWO).get(4).verdict());
    }

    @Test
    void overlappingPoliciesAreInconclusive() {
        RobustnessStudy.Result r = study(
                new MadeUpStudies.M("TD3+BC", "expert", v(3000, 3000, 3000), v(2000, 2000, 2000), v(300, 900, 600)),
                new MadeUpStudies.M("SAC", "online", v(3000, 3000), v(2000, 2000), v(450, 1050)));
        assertEquals(Verdicts.INCONCLUSIVE, RobustnessClaims.verdicts(r, FROM_TWO).get(4).verdict());
    }

    @Test
    void onePolicyPerMethodIsNotTestableButShowsItsEstimate() {
        RobustnessStudy.Result r = study(
                new MadeUpStudies.M("TD3+BC", "expert", v(3283), v(2083), v(501)),
                new MadeUpStudies.M("TD3", "online", v(2915), v(1703), v(726)),
                new MadeUpStudies.M("SAC", "online", v(3291), v(1636), v(529)));
        List<Verdict> v = RobustnessClaims.verdicts(r, FROM_TWO);
        // claim 1: 2 per method; claim 2: grouped (2 online vs 1 offline) and one per (offline, online) pair
        assertEquals(6 + 1 + 2, v.size());
        for (Verdict x : v) {
            assertEquals(Verdicts.NOT_TESTABLE, x.verdict(), x.toString());
            assertTrue(Double.isNaN(x.p()) && Double.isFinite(x.estimate()));
        }
        assertEquals(1200, v.get(0).estimate(), 1e-9);
        assertEquals("online (TD3, SAC)", v.get(6).test().aLabel());
        assertEquals("TD3 (online)", v.get(7).test().aLabel());
        assertEquals("TD3+BC (expert)", v.get(7).test().bLabel());
        assertEquals(726 / 2915.0 - 501 / 3283.0, v.get(7).estimate(), 1e-12);
        Table t = RobustnessClaims.check(r, FROM_TWO);
        assertEquals(9, t.rowCount());
        assertEquals(Verdicts.NOT_TESTABLE, t.stringColumn("verdict").get(8));
    }

    @Test
    void pairTestsJoinTheHolmFamilyWhenTheyHaveTwoPoliciesASide() {
        RobustnessStudy.Result r = study(
                new MadeUpStudies.M("TD3+BC", "expert", v(3000, 3200, 3100), v(2000, 2100, 2050), v(600, 640, 620)),
                new MadeUpStudies.M("TD3", "online", v(3000, 2900), v(2500, 2400), v(2400, 2320)),
                new MadeUpStudies.M("SAC", "online", v(3000), v(2500), v(2400)));
        List<Verdict> v = RobustnessClaims.verdicts(r, FROM_TWO);
        assertEquals(6 + 1 + 2, v.size());
        assertEquals(Verdicts.HOLDS, v.get(6).verdict()); // 3 online policies vs 3 offline ones
        assertEquals(3, v.get(6).nA());
        assertEquals(Verdicts.HOLDS, v.get(7).verdict()); // TD3 (2 policies) vs TD3+BC (3)
        assertEquals(Verdicts.NOT_TESTABLE, v.get(8).verdict()); // SAC has one policy
        // the family: claim 1 of TD3+BC and TD3 (4 tests) and the two testable claim-2 tests
        assertEquals(6, v.stream().filter(Verdict::testable).count());
    }

    @Test
    void checkNamesTheUnitTheRuleAndTheOwnWorstCase() {
        Table t = RobustnessClaims.check(study(new MadeUpStudies.M("TD3+BC", "expert", v(3280, 3300), v(2100, 2050), v(500, 520))), FROM_TWO);
        assertTrue(t.name().contains("unit = one independently trained policy"), t.name());
        assertTrue(t.name().contains("own worst case"), t.name());
        // the rule as its rows use it: superiority claims alone, so no equivalence test in the title
        assertTrue(t.name().contains(FROM_TWO.describe(java.util.EnumSet.of(rrl.stats.ClaimKind.SUPERIORITY))), t.name());
        assertEquals("random vs " + RobustnessClaims.OWN_WORST, t.stringColumn("comparison").get(1));
        assertEquals("2 pairs", t.stringColumn("n").get(1));
    }

    @Test
    void summarySaysHowManyTrainedPoliciesStandBehindEachMethod() {
        String s = RobustnessClaims.summary(study(
                new MadeUpStudies.M("TD3+BC", "expert", v(3000, 3200, 3100), v(2000, 2100, 2050), v(600, 640, 620)),
                new MadeUpStudies.M("SAC", "online", v(3000), v(2500), v(2400))));
        assertTrue(s.contains("TD3+BC (expert; 3 independently trained policies) returns 3100 in normal conditions and "
                + "keeps 66% of it under random δ and 20% under its own worst-case δ (30 episodes per condition)"), s);
        assertTrue(s.contains("SAC (online; 1 trained policy)"), s);
        assertTrue(s.contains("claim 1 (normal > random > own worst case, both gaps) is not testable (fewer than 5 trained "
                + "policies) for TD3+BC and SAC"), s);
        assertTrue(s.contains("Claim 2 (online policies keep a larger share of their normal return under their own worst "
                + "case than offline ones; 1 online policy (SAC) vs 3 offline policies (TD3+BC), difference of mean shares "
                + "0.600) is not testable"), s);
    }

    @Test
    void aPolicyWithoutPositiveNormalReturnHasNoShare() {
        RobustnessStudy.Result r = study(new MadeUpStudies.M("TD3+BC", "expert", v(0, 3000), v(0, 2000), v(0, 500)),
                new MadeUpStudies.M("SAC", "online", v(3000), v(2500), v(2400)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RobustnessClaims.claimTests(r));
        assertTrue(e.getMessage().contains("TD3+BC t0 returns 0.0 in normal conditions"), e.getMessage());
    }
}
