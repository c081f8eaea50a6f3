package rrl.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.CategoryChart;
import rrl.eval.FaultShift;
import rrl.experiment.FineTuningStudy;
import rrl.stats.Aggregate;
import rrl.stats.BootstrapConfig;
import rrl.stats.ClaimTest;
import rrl.stats.Design;
import rrl.stats.Estimate;
import rrl.stats.StratifiedBootstrap;
import rrl.stats.Verdict;
import rrl.stats.VerdictRule;
import rrl.stats.Verdicts;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Fault-family shift over a fine-tuning study's training seeds (issue 21, item 4): each policy's mean return per fault
 * family with bootstrap intervals, and the claims that fine-tuning under paper 1's multiplicative faults carries over
 * to faults it never saw, with verdicts under {@link VerdictRule#DEFAULT}.
 *
 * <p>The measure, fixed before the runs: a policy's return under a family is the mean, over the family's cases
 * (actuators for dead / stuck / sign-flip, delays for delay), of its mean episode return, in the environment's reward
 * units; one value per training seed. Returns, not shares of the policy's own nominal return: a policy that returns
 * little normally loses little, so shares reward weakness. The unseen families are every family but
 * {@link FaultShift#NOMINAL} and {@link FaultShift#TRAINING_FAMILY}.
 *
 * <p>The claims, one Holm family: the adversarially fine-tuned policy (adversarial condition, fixed q, from pi_off:
 * the policy of claims 5 and 7) has a higher return than (F1) the normally fine-tuned policy (the same updates without
 * perturbation) and (F2) pi_off, under each unseen family; paired by training seed.
 */
public final class FaultShiftClaims {
    private FaultShiftClaims() {}

    /** The claims' names. */
    public static final String F1 = "F1: adversarial fine-tuning beats normal fine-tuning under unseen faults";
    public static final String F2 = "F2: adversarial fine-tuning beats pi_off under unseen faults";

    /** The policy the claims test, as the tables label it. */
    static final String TESTED = "fine-tuned (adversarial, fixed q)";

    /** The families of {@code faults} in the cases' order. */
    public static List<String> families(Map<String, Map<Long, List<FaultShift.Row>>> faults) {
        Map<String, Boolean> seen = new LinkedHashMap<>();
        faults.values().forEach(bySeed -> bySeed.values().forEach(rows -> rows.forEach(r -> seen.put(r.family(), true))));
        return new ArrayList<>(seen.keySet());
    }

    /** The families none of paper 1's fine-tuning conditions trains under. */
    public static List<String> unseenFamilies(Map<String, Map<Long, List<FaultShift.Row>>> faults) {
        return families(faults).stream().filter(f -> !f.equals(FaultShift.NOMINAL) && !f.equals(FaultShift.TRAINING_FAMILY))
                .toList();
    }

    /** The measure of one seed's rows: the mean, over the family's cases, of the mean return (NaN without such cases). */
    public static double familyReturn(List<FaultShift.Row> rows, String family) {
        return rows.stream().filter(r -> r.family().equals(family)).mapToDouble(FaultShift.Row::meanReturn).average()
                .orElse(Double.NaN);
    }

    private static double[] familyReturns(Map<Long, List<FaultShift.Row>> bySeed, List<Long> seeds, String family) {
        return seeds.stream().mapToDouble(s -> familyReturn(bySeed.get(s), family)).toArray();
    }

    /**
     * F1 and F2 per unseen family, paired over the seeds both sides have; none when the study lacks the adversarial
     * fixed-q run, the normal run or their fault-shift results.
     */
    public static List<ClaimTest> claimTests(FineTuningStudy.Results r) {
        return againstNormalAndPiOff(r, r.faultShift(), F1, F2, unseenFamilies(r.faultShift()),
                f -> "mean return under " + f + " faults", FaultShiftClaims::familyReturn);
    }

    /**
     * The two claims of a study phase that evaluates every policy per case ({@code byPolicy}: rows per policy and seed):
     * the adversarially fine-tuned policy (fixed q) against the normally fine-tuned one ({@code vsNormal}) and against
     * pi_off ({@code vsPiOff}), per case of {@code cases} ({@code value} reads one seed's measure of a case), paired
     * over the seeds both sides have; none when the study lacks the adversarial fixed-q run or its results.
     */
    static <R> List<ClaimTest> againstNormalAndPiOff(FineTuningStudy.Results r, Map<String, Map<Long, List<R>>> byPolicy,
                                                     String vsNormal, String vsPiOff, List<String> cases,
                                                     java.util.function.Function<String, String> measure,
                                                     java.util.function.ToDoubleBiFunction<List<R>, String> value) {
        List<ClaimTest> out = new ArrayList<>();
        String adv = FineTuningClaims.runNameOrNull(r, "adversarial", "fixed", false);
        String normal = FineTuningClaims.runNameOrNull(r, "normal", "fixed", false);
        if (adv == null || !byPolicy.containsKey(adv)) {
            return out;
        }
        List<String[]> sides = new ArrayList<>();
        if (normal != null && byPolicy.containsKey(normal)) {
            sides.add(new String[] {vsNormal, normal, "fine-tuned (normal)"});
        }
        if (byPolicy.containsKey(FineTuningStudy.PI_OFF)) {
            sides.add(new String[] {vsPiOff, FineTuningStudy.PI_OFF, "pi_off"});
        }
        for (String[] side : sides) {
            List<Long> seeds = byPolicy.get(adv).keySet().stream().filter(byPolicy.get(side[1])::containsKey).sorted()
                    .toList();
            if (seeds.isEmpty()) {
                continue;
            }
            for (String c : cases) {
                out.add(ClaimTest.superiority(side[0], measure.apply(c), TESTED,
                        seeds.stream().mapToDouble(s -> value.applyAsDouble(byPolicy.get(adv).get(s), c)).toArray(),
                        side[2], seeds.stream().mapToDouble(s -> value.applyAsDouble(byPolicy.get(side[1]).get(s), c))
                                .toArray(), Design.PAIRED));
            }
        }
        return out;
    }

    /** The verdicts of {@link #claimTests} under {@link VerdictRule#DEFAULT}, Holm over all of them. */
    public static List<Verdict> verdicts(FineTuningStudy.Results r) {
        return Verdicts.evaluate(claimTests(r), VerdictRule.DEFAULT);
    }

    /** The verdicts as a table (estimator, estimate, intervals, p, Holm's p, n, verdict per comparison). */
    public static Table check(FineTuningStudy.Results r, List<Verdict> verdicts) {
        return StatsTables.verdicts(r.plan().env() + ": claims F1-F2 (fault-family shift, issue 21), return = mean over a family's "
                + "cases", verdicts);
    }

    /**
     * A row per fault family, a column per policy: its mean return over training seeds with the 95% percentile
     * bootstrap interval over seeds ({@link BootstrapConfig#defaults}), "mean [low, high]"; one seed gives the mean
     * alone. Policies in {@code faults}' order (pi_off first).
     */
    public static Table table(FineTuningStudy.Results r) {
        Map<String, Map<Long, List<FaultShift.Row>>> faults = r.faultShift();
        String env = r.plan().env();
        List<String> families = families(faults);
        Table t = Table.create(env + ": return under each fault family, mean over training seeds [95% bootstrap CI]",
                StringColumn.create("family", families));
        faults.forEach((policy, bySeed) -> {
            List<Long> seeds = bySeed.keySet().stream().sorted().toList();
            StringColumn c = StringColumn.create(policy + " (n=" + seeds.size() + ")");
            for (String f : families) {
                c.append(meanWithInterval(policy + " " + f, familyReturns(bySeed, seeds, f)));
            }
            t.addColumns(c);
        });
        return t;
    }

    /**
     * "mean [low, high]": the mean of {@code v} with its 95% percentile bootstrap interval ({@link
     * BootstrapConfig#defaults}); the mean alone for one value, empty for none or a non-finite one.
     */
    static String meanWithInterval(String label, double[] v) {
        if (v.length == 0 || java.util.Arrays.stream(v).anyMatch(x -> !Double.isFinite(x))) {
            return "";
        }
        double mean = FineTuningClaims.mean(v);
        if (v.length == 1) {
            return whole(mean);
        }
        double[][] scores = new double[v.length][1];
        for (int i = 0; i < v.length; i++) {
            scores[i][0] = v[i];
        }
        Estimate e = StratifiedBootstrap.interval(label, scores, Aggregate.MEAN, BootstrapConfig.defaults());
        return whole(mean) + " [" + whole(e.low()) + ", " + whole(e.high()) + "]";
    }

    /** {@code v} rounded to a whole number, without the "-0" that %.0f gives for small negatives. */
    static String whole(double v) {
        String s = String.format(Locale.ROOT, "%.0f", v);
        return s.equals("-0") ? "0" : s;
    }

    /**
     * Grouped bars: per fault family, each policy's mean return over training seeds, with error bars of one standard
     * deviation over seeds (XChart draws symmetric bars only; the table gives the bootstrap intervals).
     */
    public static CategoryChart chart(FineTuningStudy.Results r) {
        Map<String, Map<Long, List<FaultShift.Row>>> faults = r.faultShift();
        String env = r.plan().env();
        List<String> families = families(faults);
        CategoryChart c = Charts.barChart(env + ": return per fault family (mean ± 1 std over seeds)",
                "fault family", "episode return (reward units)");
        c.getStyler().setXAxisLabelRotation(30);
        faults.forEach((policy, bySeed) -> {
            List<Long> seeds = bySeed.keySet().stream().sorted().toList();
            List<Number> mean = new ArrayList<>();
            List<Number> err = new ArrayList<>();
            for (String f : families) {
                double[] v = familyReturns(bySeed, seeds, f);
                mean.add(FineTuningClaims.mean(v));
                err.add(v.length > 1 ? FineTuningClaims.std(v) : 0.0);
            }
            c.addSeries(policy, families, mean, err);
        });
        return c;
    }

    /**
     * In words, from the verdicts: per claim, the families where it holds, does not hold, or is inconclusive, and the
     * family that costs the tested policy most. The notebook's closing lines, so the text cannot drift from the table.
     */
    public static String summary(FineTuningStudy.Results r, List<Verdict> verdicts) {
        Map<String, Map<Long, List<FaultShift.Row>>> faults = r.faultShift();
        if (verdicts.isEmpty()) {
            return "No claim is testable: F1 needs fault-shift results of an adversarial fixed-q run and of a normal run, F2 "
                    + "of an adversarial fixed-q run and of pi_off; this study has fault-shift results of "
                    + (r.faultShift().isEmpty() ? "none (plan \"faultEpisodes\")" : String.join(", ", r.faultShift().keySet()))
                    + ".";
        }
        List<String> parts = claimsInWords(verdicts, List.of(F1, F2), v -> v.test().measure()
                .replace("mean return under ", "").replace(" faults", ""), " under ", ", ");
        String adv = FineTuningClaims.runNameOrNull(r, "adversarial", "fixed", false);
        String worst = null;
        double worstReturn = Double.POSITIVE_INFINITY;
        if (adv != null && faults.containsKey(adv)) {
            List<Long> seeds = faults.get(adv).keySet().stream().sorted().toList();
            for (String f : unseenFamilies(faults)) {
                double m = FineTuningClaims.mean(familyReturns(faults.get(adv), seeds, f));
                if (m < worstReturn) {
                    worstReturn = m;
                    worst = f;
                }
            }
        }
        return String.join(". ", parts) + "." + (worst == null ? "" : String.format(Locale.ROOT, " The adversarially "
                + "fine-tuned policy returned least under %s faults (%.0f on average). Numbers in parentheses are "
                + "mean paired differences in return.", worst, worstReturn));
    }

    /**
     * Per claim of {@code claims} ("F1: text"), its verdicts grouped by outcome in words: {@code "F1 (text, 5 seeds):
     * holds under a (+470), b (+12); inconclusive under c (-3)"}, each comparison named by {@code what} with its mean
     * paired difference, {@code preposition} before each group and {@code joiner} between comparisons; claims without a
     * verdict are left out. The summaries of the issue-21 parts share it.
     */
    static List<String> claimsInWords(List<Verdict> verdicts, List<String> claims,
                                      java.util.function.Function<Verdict, String> what, String preposition, String joiner) {
        List<String> parts = new ArrayList<>();
        for (String claim : claims) {
            Map<String, List<String>> by = new LinkedHashMap<>();
            int n = 0;
            for (Verdict v : verdicts) {
                if (v.test().claim().equals(claim)) {
                    by.computeIfAbsent(v.verdict(), k -> new ArrayList<>()).add(what.apply(v) + " ("
                            + CurriculumSensitivity.signed(v.estimate()) + ")");
                    n = Math.max(n, v.nA());
                }
            }
            if (by.isEmpty()) {
                continue;
            }
            List<String> says = new ArrayList<>();
            by.forEach((verdict, items) -> says.add(verdict + preposition + String.join(joiner, items)));
            int colon = claim.indexOf(": ");
            parts.add(claim.substring(0, colon) + " (" + claim.substring(colon + 2) + ", " + rrl.io.Messages.count(n, "seed")
                    + "): " + String.join("; ", says));
        }
        return parts;
    }

    /**
     * The fault-shift part of a study's report as markdown: the per-family table, the verdicts and the summary; empty
     * when the study ran no fault phase.
     */
    public static String markdown(FineTuningStudy.Results r, List<Verdict> verdicts) {
        if (r.faultShift().isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (Table t : List.of(table(r), check(r, verdicts))) {
            b.append(Tables.markdownSection(t));
        }
        return b.append(summary(r, verdicts)).append('\n').toString();
    }
}
