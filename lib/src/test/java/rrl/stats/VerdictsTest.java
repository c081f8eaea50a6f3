package rrl.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Hand-checked Holm values, verdicts on constructed seeds, the Holm family, determinism and bad input. */
class VerdictsTest {
    static final VerdictRule RULE = new VerdictRule(0.05, 4000, 7);
    static final double[] B = {3000, 3200, 2900, 3100, 3050};
    static final double[] A = plus(B, 100, 0.5, -0.3, 0.2, -0.1, 0.4);
    static final double[] NOISE_A = {1.3, -0.7, 0.4, -1.2, 0.2};
    static final double[] NOISE_B = {0.1, 0.5, -0.6, -0.4, 0.9};

    static double[] plus(double[] b, double shift, double... noise) {
        double[] a = new double[b.length];
        for (int i = 0; i < b.length; i++) {
            a[i] = b[i] + shift + noise[i];
        }
        return a;
    }

    static ClaimTest better(String name, double[] a, double[] b, Design design) {
        return ClaimTest.superiority(name, "return", "A", a, "B", b, design);
    }

    @Test
    void holmAdjustmentByHand() {
        assertArrayEquals(new double[] {0.03, 0.06, 0.06, 0.02}, Verdicts.holm(new double[] {0.01, 0.04, 0.03, 0.005}),
                1e-15);
        assertArrayEquals(new double[] {1, 1}, Verdicts.holm(new double[] {0.6, 0.5}), 0, "capped at 1");
        assertArrayEquals(new double[0], Verdicts.holm(new double[0]));
        assertThrows(IllegalArgumentException.class, () -> Verdicts.holm(new double[] {0.1, Double.NaN}));
    }

    @Test
    void clearImprovementHoldsFlippedDoesNotNoiseInconclusive() {
        List<Verdict> v = Verdicts.evaluate(List.of(better("up", A, B, Design.PAIRED),
                better("down", B, A, Design.PAIRED), better("noise", NOISE_A, NOISE_B, Design.PAIRED)), RULE);
        assertEquals(Verdicts.HOLDS, v.get(0).verdict());
        assertEquals(Verdicts.DOES_NOT_HOLD, v.get(1).verdict());
        assertEquals(Verdicts.INCONCLUSIVE, v.get(2).verdict());
        assertEquals(100.14, v.get(0).estimate(), 1e-9);
        assertEquals(-100.14, v.get(1).estimate(), 1e-9);
        assertEquals("mean paired difference over training seeds", v.get(0).estimator());
        // every paired resample of 5 positive differences is positive: p = 2 / (B + 1), Holm x3 (family of 3)
        assertEquals(2.0 / 4001, v.get(0).p(), 1e-15);
        assertEquals(6.0 / 4001, v.get(0).pHolm(), 1e-15);
        // tied p share rank 1: level 1 - alpha / 3; the largest p is last: 1 - alpha
        assertEquals(1 - 0.05 / 3, v.get(1).holmLevel(), 1e-12);
        assertEquals(0.95, v.get(2).holmLevel(), 1e-12);
        assertTrue(v.get(0).holmLow() <= v.get(0).low() && v.get(0).high() <= v.get(0).holmHigh());
        assertTrue(v.get(0).low() > 99 && v.get(0).high() < 101);
    }

    @Test
    void pairingRemovesSharedSeedOffsets() {
        double[] b = {120, 480, 260, 710, 330};
        double[] a = plus(b, 50, 0.2, -0.1, 0.3, -0.2, 0.1);
        List<Verdict> v = Verdicts.evaluate(List.of(better("paired", a, b, Design.PAIRED),
                better("independent", a, b, Design.INDEPENDENT)), RULE);
        assertEquals(Verdicts.HOLDS, v.get(0).verdict());
        assertEquals(Verdicts.INCONCLUSIVE, v.get(1).verdict());
        assertEquals(v.get(0).estimate(), v.get(1).estimate(), 1e-9);
        assertEquals("difference of means over training seeds", v.get(1).estimator());
        assertTrue(v.get(1).low() < 0 && v.get(1).high() > 100, "seed spread of hundreds: " + v.get(1));
    }

    @Test
    void equivalenceWithinMarginHoldsFarBeyondDoesNot() {
        double[] b = {120, 480, 260, 710, 330};
        List<Verdict> v = Verdicts.evaluate(List.of(
                ClaimTest.equivalence("same", "return", "A", plus(b, 0, 0.4, -0.3, 0.2, -0.5, 0.1), "B", b,
                        Design.PAIRED, 10),
                ClaimTest.equivalence("far", "return", "A", plus(b, 30, 0.4, -0.3, 0.2, -0.5, 0.1), "B", b,
                        Design.PAIRED, 10),
                ClaimTest.equivalence("identical", "return", "A", b, "B", b, Design.PAIRED, 10),
                better("identical", b, b, Design.PAIRED)), RULE);
        assertEquals(Verdicts.HOLDS, v.get(0).verdict());
        assertEquals(Verdicts.DOES_NOT_HOLD, v.get(1).verdict());
        assertTrue(v.get(1).low() > 10);
        // zero spread: every replicate is 0, inside the margin (p = 1/(B+1)) and on 0 itself (p = 1)
        assertEquals(Verdicts.HOLDS, v.get(2).verdict());
        assertEquals(1.0 / 4001, v.get(2).p(), 1e-15);
        assertEquals(1, v.get(3).p());
        assertEquals(Verdicts.INCONCLUSIVE, v.get(3).verdict());
        // TOST's interval: 1 - 2 alpha / (m - rank + 1); "far" and the superiority test share the top p = 1
        assertEquals(1 - 2 * 0.05 / 2, v.get(1).holmLevel(), 1e-12);
        assertEquals(1 - 2 * 0.05 / 4, v.get(2).holmLevel(), 1e-12);
        assertTrue(-10 < v.get(0).holmLow() && v.get(0).holmHigh() < 10);
    }

    @Test
    void oneSeedIsNotTestableAndNotInTheFamily() {
        ClaimTest up = better("up", A, B, Design.PAIRED);
        ClaimTest noise = better("noise", NOISE_A, NOISE_B, Design.INDEPENDENT);
        List<Verdict> two = Verdicts.evaluate(List.of(up, noise), RULE);
        List<Verdict> more = Verdicts.evaluate(List.of(up, noise, better("one", new double[] {5}, new double[] {3},
                Design.PAIRED), better("one B", A, new double[] {3}, Design.INDEPENDENT)), RULE);
        for (int i = 0; i < 2; i++) {
            assertEquals(two.get(i), more.get(i), "an untestable claim does not enlarge the family");
        }
        Verdict one = more.get(2);
        assertEquals(Verdicts.NOT_TESTABLE, one.verdict());
        assertEquals(2, one.estimate());
        assertTrue(Double.isNaN(one.p()) && Double.isNaN(one.pHolm()) && Double.isNaN(one.low())
                && Double.isNaN(one.holmHigh()));
        assertEquals(Verdicts.NOT_TESTABLE, more.get(3).verdict());
        assertEquals(5, more.get(3).nA());
        assertEquals(1, more.get(3).nB());
    }

    @Test
    void sameInputsSameVerdictsAndAppendingKeepsEarlierNumbers() {
        Supplier<List<ClaimTest>> tests = () -> List.of(better("noise", NOISE_A, NOISE_B, Design.INDEPENDENT),
                better("up", A.clone(), B.clone(), Design.PAIRED));
        List<Verdict> first = Verdicts.evaluate(tests.get(), RULE);
        assertEquals(first, Verdicts.evaluate(tests.get(), RULE), "equal inputs built anew");
        assertEquals(first, Verdicts.evaluate(tests.get(), RULE, 2), "any thread count");
        // the noise test's resamples are continuous enough that another seed moves its interval ends
        Verdict a = Verdicts.evaluate(tests.get().subList(0, 1), RULE).get(0);
        Verdict b = first.get(0);
        assertEquals(List.of(a.estimate(), a.low(), a.high(), a.p()), List.of(b.estimate(), b.low(), b.high(), b.p()));
        Verdict other = Verdicts.evaluate(tests.get(), new VerdictRule(0.05, 4000, 8)).get(0);
        assertEquals(b.estimate(), other.estimate());
        assertNotEquals(List.of(b.low(), b.high()), List.of(other.low(), other.high()), "the seed matters");
        // appending to a family changes the Holm values only
        ClaimTest up = better("up", A, B, Design.PAIRED);
        Verdict upAlone = Verdicts.evaluate(List.of(up), RULE).get(0);
        Verdict upFirst = Verdicts.evaluate(List.of(up, tests.get().get(0)), RULE).get(0);
        assertEquals(List.of(upAlone.low(), upAlone.high(), upAlone.p()),
                List.of(upFirst.low(), upFirst.high(), upFirst.p()));
        assertEquals(2 * upAlone.pHolm(), upFirst.pHolm(), 1e-15, "the family grew from 1 to 2");
        assertEquals(0.975, upFirst.holmLevel(), 1e-12);
    }

    @Test
    void badInputIsRefusedByName() {
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> better("x", new double[] {1, 2, Double.NaN}, B, Design.INDEPENDENT));
        assertTrue(nan.getMessage().contains("A[2] is NaN"), nan.getMessage());
        IllegalArgumentException len = assertThrows(IllegalArgumentException.class,
                () -> better("x", new double[] {1, 2}, B, Design.PAIRED));
        assertTrue(len.getMessage().contains("paired"), len.getMessage());
        IllegalArgumentException margin = assertThrows(IllegalArgumentException.class,
                () -> ClaimTest.equivalence("x", "return", "A", A, "B", B, Design.PAIRED, 0));
        assertTrue(margin.getMessage().contains("margin"), margin.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new ClaimTest("x", "r", "A", A, "B", B, Design.PAIRED, ClaimKind.SUPERIORITY, 5));
        assertThrows(IllegalArgumentException.class, () -> better("x", new double[0], B, Design.INDEPENDENT));
        assertThrows(IllegalArgumentException.class, () -> new VerdictRule(0.5, 4000, 0));
        assertThrows(IllegalArgumentException.class, () -> new VerdictRule(0.05, 10, 0));
    }

    @Test
    void claimTestsCopyTheirValuesAndTheRuleSaysItself() {
        double[] a = A.clone();
        ClaimTest t = better("x", a, B, Design.PAIRED);
        a[0] = -1;
        t.a()[1] = -1;
        assertArrayEquals(A, t.a());
        assertTrue(t.toString().contains(Double.toString(A[0])), t.toString());
        assertEquals("A vs B", t.comparison());
        String rule = VerdictRule.DEFAULT.describe();
        assertTrue(rule.contains("p < 0.05") && rule.contains("50,000 resamples") && rule.contains("Holm"), rule);
        // a table of superiority claims alone does not explain the equivalence test
        String superiority = VerdictRule.DEFAULT.describe(java.util.EnumSet.of(ClaimKind.SUPERIORITY));
        assertTrue(superiority.contains("'a > b' holds") && !superiority.contains("TOST")
                && superiority.endsWith("at least 5 seeds per side, else not testable"), superiority);
    }

    @Test
    void defaultRuleOnTheClearCase() {
        Verdict v = Verdicts.evaluate(List.of(better("up", A, B, Design.PAIRED)), VerdictRule.DEFAULT).get(0);
        assertEquals(Verdicts.HOLDS, v.verdict());
        assertEquals(2.0 / 50_001, v.pHolm(), 1e-15);
        assertEquals(0.95, v.holmLevel(), 1e-12);
        assertEquals(List.of(v.low(), v.high()), List.of(v.holmLow(), v.holmHigh()), "a family of one: no adjustment");
    }
}
