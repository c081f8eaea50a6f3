package rrl.report;

import rrl.data.TrainingData;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import rrl.eval.RobustnessEvaluation;
import rrl.experiment.RobustnessStudy;
import rrl.stats.ClaimTest;
import rrl.stats.Design;
import rrl.stats.Verdict;
import rrl.stats.VerdictRule;
import rrl.stats.Verdicts;
import tech.tablesaw.api.Table;

/**
 * Verdicts on claims 1 and 2 (paper 2, arXiv 2412.18781, §4.2 and Table 1; numbered in
 * notebooks/references.md#claims) in a {@link RobustnessStudy}, over independently trained policies, under
 * {@link VerdictRule#DEFAULT} (fixed in code before any run).
 *
 * <p>The unit is a trained policy: its value under a condition is its mean return over all episodes of all its
 * replicates. Replicates vary the attack and the evaluation seed, not the training, so they are not independent
 * units (treating them as such is pseudo-replication); only a method's several policies show the spread between
 * training seeds.
 *
 * <p>Claim 1, per method: two {@link Design#PAIRED} superiority tests over its policies (each policy is its own
 * pair), normal > random and random > adversarial; the adversarial δ is each policy's own worst case (found by DE
 * against that policy). Claim 2: the share of its normal return a policy keeps under its own worst case
 * (adversarial / normal) is higher for online policies (every policy of every method trained "online") than for
 * offline ones: one {@link Design#INDEPENDENT} superiority test, plus one per (offline method, online method) pair
 * when a side has more than one method (with one method per side the pair is the grouped test). A test with one
 * policy too few on a side (the rule's minimum, 5 by default) is "not testable", shows its estimate and stays out of the Holm family; the testable
 * tests of one study are one Holm family. Both are tested over Table 1's methods ({@link #table1}): in a study that
 * also trains on Tables 2-3's data, those methods are claims 3-4's.
 */
public final class RobustnessClaims {
    public static final String CLAIM_1 = "1: normal > random > adversarial";
    public static final String CLAIM_2 = "2: offline more vulnerable to the adversarial δ than online";

    /** The adversarial condition of a robustness study: the δ DE found against each policy itself. */
    public static final String OWN_WORST = FineTuningClaims.OWN_WORST;

    /** Claim 1's measure (after the method's label). */
    static final String RETURN = "mean return per trained policy (all its replicates' episodes)";

    /** Claim 2's measure. */
    public static final String SHARE = OWN_WORST + " / normal return, per trained policy";

    private RobustnessClaims() {}

    /**
     * Claims 1 and 2 as comparisons over trained policies: per method (study order) normal vs random and random vs
     * own worst case (paired), then claim 2's grouped online vs offline test and its per-pair tests (independent).
     */
    public static List<ClaimTest> claimTests(RobustnessStudy.Result r) {
        List<ClaimTest> out = new ArrayList<>();
        List<RobustnessStudy.Subject> table1 = table1(r);
        for (RobustnessStudy.Subject s : table1) {
            double[] n = r.policyMeans(s.method(), "normal");
            double[] rd = r.policyMeans(s.method(), "random");
            double[] a = r.policyMeans(s.method(), "adversarial");
            String measure = label(s) + ": " + RETURN;
            out.add(ClaimTest.superiority(CLAIM_1, measure, "normal", n, "random", rd, Design.PAIRED));
            out.add(ClaimTest.superiority(CLAIM_1, measure, "random", rd, OWN_WORST, a, Design.PAIRED));
        }
        List<RobustnessStudy.Subject> online = table1.stream().filter(s -> !s.offline()).toList();
        List<RobustnessStudy.Subject> offline = table1.stream().filter(RobustnessStudy.Subject::offline).toList();
        if (online.isEmpty() || offline.isEmpty()) {
            return out;
        }
        out.add(ClaimTest.superiority(CLAIM_2, SHARE, group("online", online), shares(r, online), group("offline", offline),
                shares(r, offline), Design.INDEPENDENT));
        if (online.size() > 1 || offline.size() > 1) {
            for (RobustnessStudy.Subject off : offline) {
                for (RobustnessStudy.Subject on : online) {
                    out.add(ClaimTest.superiority(CLAIM_2, SHARE, label(on), shares(r, List.of(on)), label(off),
                            shares(r, List.of(off)), Design.INDEPENDENT));
                }
            }
        }
        return out;
    }

    /**
     * The subjects of paper 2's Table 1, which claims 1 and 2 are about (§4.2): every one but the methods trained on
     * Tables 2-3's data (medium, medium-expert, perturbed; {@link TrainingData}), which claims 3-4 test
     * ({@link DatasetClaims}). So a study that also holds Tables 2-3 tests claims 1-2 on Table 1 alone, and its
     * verdicts do not change as those tables grow.
     */
    static List<RobustnessStudy.Subject> table1(RobustnessStudy.Result r) {
        return r.config().subjects().stream().filter(s -> TrainingData.of(s.trainingData())
                .map(d -> d == TrainingData.EXPERT).orElse(true)).toList();
    }

    /** The verdicts behind {@link #check}: {@link #claimTests} under {@link VerdictRule#DEFAULT}, one Holm family. */
    public static List<Verdict> verdicts(RobustnessStudy.Result r) {
        return verdicts(r, VerdictRule.DEFAULT);
    }

    /** {@link #claimTests} under {@code rule}, one Holm family. */
    public static List<Verdict> verdicts(RobustnessStudy.Result r, VerdictRule rule) {
        return Verdicts.evaluate(claimTests(r), rule);
    }

    /**
     * Claims 1 and 2 with their verdicts over trained policies: estimator, estimate, 95% interval, the Holm-level
     * interval, p, Holm's p, n and the verdict per comparison; the table's name ends with the rule.
     */
    public static Table check(RobustnessStudy.Result r) {
        return check(r, VerdictRule.DEFAULT);
    }

    /** {@link #check(RobustnessStudy.Result)} under {@code rule}. */
    public static Table check(RobustnessStudy.Result r, VerdictRule rule) {
        return StatsTables.verdicts("Claims 1 and 2 (paper 2, arXiv 2412.18781, §4.2): unit = one independently trained "
                + "policy (mean over its replicates' episodes); adversarial = own worst case (DE against each policy)",
                verdicts(r, rule));
    }

    /**
     * What a robustness run shows, in words computed from its numbers: per method, how many independently trained
     * policies stand behind it and the share of its normal return kept under the random δ and its own worst case;
     * which method lost most to the attack; the verdicts over trained policies. A notebook's closing paragraph, so
     * its text cannot drift from its numbers.
     */
    public static String summary(RobustnessStudy.Result r) {
        StringBuilder b = new StringBuilder();
        String weakest = null;
        double weakestShare = Double.POSITIVE_INFINITY;
        for (RobustnessStudy.Subject s : r.config().subjects()) {
            RobustnessEvaluation.Row n = find(r.pooled(), s.method(), "normal");
            RobustnessEvaluation.Row rd = find(r.pooled(), s.method(), "random");
            RobustnessEvaluation.Row a = find(r.pooled(), s.method(), "adversarial");
            double shareRandom = rd.meanReturn() / n.meanReturn();
            double shareAdv = a.meanReturn() / n.meanReturn();
            b.append(String.format(Locale.ROOT, "%s (%s; %s) returns %.0f in normal conditions and keeps %.0f%% of it under "
                    + "random δ and %.0f%% under its own worst-case δ (%s per condition). ", s.method(),
                    s.trainingData(), policies(s.trainingSeeds()), n.meanReturn(), 100 * shareRandom, 100 * shareAdv,
                    rrl.io.Messages.count(n.episodes(), "episode")));
            if (shareAdv < weakestShare) {
                weakestShare = shareAdv;
                weakest = label(s);
            }
        }
        if (r.config().subjects().size() > 1) {
            b.append(String.format(Locale.ROOT, "The attack hurts %s most, relative to its normal return. ", weakest));
        }
        b.append(verdictWords(r, verdicts(r)));
        b.append(String.format(Locale.ROOT, "The DE ran %d generation%s of %d; paper 2 runs 30 generations and 1000 "
                + "evaluation episodes, so these are this run's numbers, not the paper's.", r.config().attack().generations(),
                r.config().attack().generations() == 1 ? "" : "s", r.config().attack().populationSize()));
        return b.toString();
    }

    /** Claim 1 per method (both gaps) and claim 2's grouped test, in words. */
    private static String verdictWords(RobustnessStudy.Result r, List<Verdict> v) {
        List<RobustnessStudy.Subject> subjects = table1(r);
        Map<String, List<String>> byOutcome = new LinkedHashMap<>();
        for (int i = 0; i < subjects.size(); i++) {
            String first = v.get(2 * i).verdict();
            String second = v.get(2 * i + 1).verdict();
            String both = first.equals(Verdicts.HOLDS) && second.equals(Verdicts.HOLDS) ? "holds"
                    : first.equals(Verdicts.DOES_NOT_HOLD) || second.equals(Verdicts.DOES_NOT_HOLD) ? "does not hold"
                    : !v.get(2 * i).testable() ? "is not testable (fewer than " + v.get(2 * i).rule().minSeeds()
                            + " trained policies)" : "is inconclusive";
            byOutcome.computeIfAbsent(both, k -> new ArrayList<>()).add(subjects.get(i).method());
        }
        List<String> parts = new ArrayList<>();
        byOutcome.forEach((outcome, methods) -> parts.add(outcome + " for " + and(methods)));
        StringBuilder b = new StringBuilder("Over independently trained policies (the unit of the verdicts; replicates "
                + "only vary the attack and evaluation seeds), claim 1 (normal > random > own worst case, both gaps) "
                + String.join("; ", parts) + ". ");
        if (v.size() > 2 * subjects.size()) {
            Verdict c2 = v.get(2 * subjects.size());
            String outcome = !c2.testable() ? "is not testable (fewer than " + c2.rule().minSeeds() + " trained policies on a side)"
                    : c2.verdict().equals(Verdicts.INCONCLUSIVE) ? "is inconclusive" : c2.verdict();
            b.append(String.format(Locale.ROOT, "Claim 2 (online policies keep a larger share of their normal return "
                    + "under their own worst case than offline ones; %s vs %s, difference of mean shares %.3f) %s. ",
                    count(c2.nA(), "online", subjects, false), count(c2.nB(), "offline", subjects, true), c2.estimate(),
                    outcome));
        } else {
            b.append("Claim 2 needs both online and offline methods in the study. ");
        }
        return b.toString();
    }

    /** "TD3+BC (expert)". */
    static String label(RobustnessStudy.Subject s) {
        return s.method() + " (" + s.trainingData() + ")";
    }

    /** "online (TD3, SAC)". */
    private static String group(String side, List<RobustnessStudy.Subject> subjects) {
        return side + " (" + String.join(", ", subjects.stream().map(RobustnessStudy.Subject::method).toList()) + ")";
    }

    /** "2 online policies (TD3, SAC)". */
    private static String count(int n, String side, List<RobustnessStudy.Subject> subjects, boolean offline) {
        return n + " " + side + (n == 1 ? " policy (" : " policies (") + String.join(", ", subjects.stream()
                .filter(s -> s.offline() == offline).map(RobustnessStudy.Subject::method).toList()) + ")";
    }

    private static String policies(int n) {
        return n == 1 ? "1 trained policy" : n + " independently trained policies";
    }

    private static String and(List<String> items) {
        return items.size() == 1 ? items.get(0)
                : String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }

    /**
     * Own-worst-case return / normal return of every trained policy of {@code subjects}, in order.
     *
     * @throws IllegalArgumentException when a policy's normal return is not positive (the share is undefined)
     */
    static double[] shares(RobustnessStudy.Result r, List<RobustnessStudy.Subject> subjects) {
        List<Double> out = new ArrayList<>();
        for (RobustnessStudy.Subject s : subjects) {
            double[] n = r.policyMeans(s.method(), "normal");
            double[] a = r.policyMeans(s.method(), "adversarial");
            for (int t = 0; t < n.length; t++) {
                if (!(n[t] > 0)) {
                    throw new IllegalArgumentException(String.format(Locale.ROOT, "claim 2 compares shares of the normal "
                            + "return, but %s returns %.1f in normal conditions; leave it out of the study or check the "
                            + "policy", s.policyLabel(t), n[t]));
                }
                out.add(a[t] / n[t]);
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static RobustnessEvaluation.Row find(List<RobustnessEvaluation.Row> rows, String method, String condition) {
        return rows.stream().filter(x -> x.method().equals(method) && x.condition().equals(condition)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no " + condition + " row for " + method));
    }
}
