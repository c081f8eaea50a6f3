package rrl.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import rrl.env.Environments;
import rrl.env.Task;
import rrl.policy.ShippedPolicies;

/** The shipped Hopper expert under faults it never saw, on real MuJoCo. */
class FaultShiftTest {
    private static final Task HOPPER = Environments.task("Hopper");

    @Test
    void theStandardCasesCoverEveryFamilyAndActuator() {
        List<FaultShift.Case> cases = FaultShift.standard(HOPPER, 0.3);
        assertEquals("nominal", cases.get(0).family());
        assertEquals(1 + 2 + 1 + 3 * 3 + FaultShift.DELAYS.size(), cases.size());
        assertEquals(List.of("dead actuator 0", "dead actuator 1", "dead actuator 2"), cases.stream()
                .filter(c -> c.family().equals("dead")).map(FaultShift.Case::label).toList());
    }

    /**
     * Nominal is 1.0 of itself; a dead thigh costs the expert most of its return; every case repeats exactly on
     * another thread count (same seed, same numbers).
     */
    @Test
    void faultsCostTheExpertAndRepeatOnAnyThreadCount() {
        var policy = ShippedPolicies.load("Hopper", "expert");
        List<FaultShift.Case> cases = FaultShift.standard(HOPPER, 0.3);
        List<FaultShift.Row> one = FaultShift.evaluate(policy, HOPPER, cases, 4, 4, 11, 1);
        List<FaultShift.Row> two = FaultShift.evaluate(policy, HOPPER, cases, 4, 4, 11, 2);
        assertEquals(one, two);
        assertEquals(1.0, one.get(0).shareOfNominal(), 0.0);
        assertTrue(one.get(0).meanReturn() > 3000, one.get(0).toString());
        double deadThigh = one.stream().filter(r -> r.fault().equals("dead actuator 0")).findFirst().orElseThrow()
                .shareOfNominal();
        assertTrue(deadThigh < 0.5, "a hopper without its thigh motor does not hop far: " + deadThigh);
        var table = rrl.report.FaultShiftViews.byFamily("t", Map.of("expert", one));
        assertEquals(List.of("nominal", "random ε", "random 2ε",
                "per-step-random", "dead", "stuck", "sign-flip", "delay"), table.stringColumn("family").asList());
        assertEquals(1.0, table.doubleColumn("expert mean share").get(0), 0.0);
        assertTrue(table.doubleColumn("expert worst share").get(4) <= table.doubleColumn("expert mean share").get(4));
    }

    /** The closing words follow the numbers: mean share over the non-nominal families, the worst family, the best policy. */
    @Test
    void theSummaryStatesEachPolicysShareAndItsWorstFamily() {
        List<FaultShift.Row> a = List.of(new FaultShift.Row("Hopper", "nominal", "normal", 2, 100, 0, 1.0),
                new FaultShift.Row("Hopper", "dead", "dead actuator 0", 2, 20, 0, 0.2),
                new FaultShift.Row("Hopper", "dead", "dead actuator 1", 2, 40, 0, 0.4),
                new FaultShift.Row("Hopper", "delay", "delay 1 step", 2, 90, 0, 0.9));
        List<FaultShift.Row> b = List.of(new FaultShift.Row("Hopper", "nominal", "normal", 2, 100, 0, 1.0),
                new FaultShift.Row("Hopper", "dead", "dead actuator 0", 2, 50, 0, 0.5),
                new FaultShift.Row("Hopper", "dead", "dead actuator 1", 2, 50, 0, 0.5),
                new FaultShift.Row("Hopper", "delay", "delay 1 step", 2, 90, 0, 0.9));
        java.util.Map<String, List<FaultShift.Row>> m = new java.util.LinkedHashMap<>();
        m.put("pi_off", a);
        m.put("adversarial-fixed", b);
        String s = rrl.report.FaultShiftViews.summary(m);
        assertTrue(s.startsWith("pi_off (nominal return 100) kept 60% of it on average over the 2 fault families (least "
                + "under dead: 30%); adversarial-fixed (nominal 100) 70% (least under dead: 50%)"), s);
        assertTrue(s.contains("adversarial-fixed kept the largest share of its own nominal return here"), s);
        m.put("collapsed", List.of(new FaultShift.Row("Hopper", "nominal", "normal", 2, -50, 0, Double.NaN),
                new FaultShift.Row("Hopper", "dead", "dead actuator 0", 2, -80, 0, Double.NaN)));
        String n = rrl.report.FaultShiftViews.summary(m);
        assertTrue(n.contains("collapsed (nominal return -50, not positive: no share is defined)"), n);
    }
}
