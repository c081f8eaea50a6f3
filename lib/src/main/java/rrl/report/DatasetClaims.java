package rrl.report;

import rrl.data.TrainingData;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
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
 * Verdicts on claims 3 and 4 (paper 2, arXiv 2412.18781, §4.3 with Table 2 and §4.4 with Table 3; numbered in
 * notebooks/references.md#claims) in a {@link RobustnessStudy}: the same offline method trained on different data,
 * compared over its independently trained policies under {@link VerdictRule#DEFAULT} (fixed in code before any run).
 *
 * <p><b>Subjects.</b> A subject's training data is one of {@link TrainingData}'s labels (others, e.g. "online",
 * take no part). A study needs distinct method labels, so the same method on several data is written with the data
 * after it: "TD3+BC" or "TD3+BC expert" on expert data, "TD3+BC medium" (or "TD3+BC (medium)") on medium data;
 * {@link #method} strips that tag. E.g. {@code rrl robustness --policies "TD3+BC|expert|P1,...;TD3+BC
 * medium|medium|Q1,...;TD3+BC randomly-perturbed|randomly-perturbed|R1,..."}.
 *
 * <p><b>Unit and measures.</b> As in {@link RobustnessClaims}: a trained policy's value is its mean return over all
 * its replicates' episodes; the kept share is its own-worst-case return divided by its normal return. Each comparison
 * is an {@link Design#INDEPENDENT} test over the two subjects' trained policies (different data means different
 * training runs, so nothing pairs them), on the kept share and, as a second row, on the adversarial return itself
 * (paper 2's Tables 2-3 compare returns; a policy that does not work at all keeps a large share of its small return,
 * as paper 2's adversarially-perturbed Hopper policies do).
 *
 * <p><b>Claim 3</b>, per method with expert data and a broader kind ({@link TrainingData#broader()}): superiority,
 * broader minus expert; "holds" when the Holm-adjusted bootstrap p &lt; alpha and the difference is positive.
 *
 * <p><b>Claim 4</b>, per method with clean expert data and a perturbed copy ({@link TrainingData#perturbed()}): the
 * claim is an absence of improvement, so it is a {@link rrl.stats.ClaimKind#NON_SUPERIORITY} test of perturbed minus
 * clean with a margin fixed here before any run ({@link #SHARE_MARGIN}, {@link #RETURN_MARGIN}): "holds" when the
 * Holm-adjusted one-sided p of "difference >= +margin" is below alpha (the upper end of the Holm-level interval lies
 * below +margin: perturbed data gains at most the margin); "does not hold" when the unadjusted 95% interval lies wholly
 * above +margin (perturbed data clearly makes the policy more robust); else "inconclusive". A perturbed policy that is
 * less robust than the clean one supports the claim [our reading: notebooks/our-reading.md#claim-4-margin].
 *
 * <p>A test with fewer than the rule's minimum of trained policies (5 by default) on a side is "not testable", shows its
 * estimate and stays out of the family; the testable claim-3 and claim-4 tests of one study are one Holm family of
 * their own, apart from claims 1-2's ({@link RobustnessClaims}). A share test is left out (and the summary says so)
 * when a policy's normal return is not positive, where the share is undefined; its return test stays.
 */
public final class DatasetClaims {
    public static final String CLAIM_3 = "3: broader data more robust than expert data";
    public static final String CLAIM_4 = "4: perturbed data does not make the policy more robust";

    /**
     * Claim 4's margin on the kept share: perturbed data "does not make the policy robust" while its policies keep
     * less than 0.10 (ten percentage points of the normal return) more than the clean expert's under their own worst
     * case [our reading: paper 2 gives no threshold; the tenth of claim 8b's {@link FineTuningClaims#EQUIVALENCE_MARGIN}].
     */
    public static final double SHARE_MARGIN = 0.10;

    /**
     * Claim 4's margin on the adversarial return, as a fraction of the clean expert policies' mean normal return (the
     * margin in return units is this times that mean): 10%, as {@link #SHARE_MARGIN} [our reading, as there].
     */
    public static final double RETURN_MARGIN = 0.10;

    /** The kept-share measure (claim 2's). */
    public static final String SHARE = RobustnessClaims.SHARE;

    /** The return measure. */
    public static final String ADVERSARIAL_RETURN = RobustnessClaims.OWN_WORST + " return, per trained policy";

    private DatasetClaims() {}

    /**
     * The method a subject trains, without its training-data tag: "TD3+BC medium" and "TD3+BC (medium)" on
     * medium data are "TD3+BC"; a label without the tag is the method itself.
     */
    public static String method(RobustnessStudy.Subject s) {
        String m = s.method().strip();
        String data = s.trainingData().strip().toLowerCase(Locale.ROOT);
        String lower = m.toLowerCase(Locale.ROOT);
        for (String tag : List.of(" (" + data + ")", " " + data)) {
            if (lower.endsWith(tag) && lower.length() > tag.length()) {
                return m.substring(0, m.length() - tag.length()).strip();
            }
        }
        return m;
    }

    /**
     * The study subject of {@code method} trained on {@code data}, labelled by the convention {@link #method} reads
     * back: the method alone on expert data ("TD3+BC"), else the method and the data ("TD3+BC medium"), so the same
     * method on several data has distinct labels in one study.
     *
     * @param policies its independently trained policies (references as {@code RobustnessStudy.Subject} takes them)
     */
    public static RobustnessStudy.Subject subject(String method, TrainingData data, List<String> policies) {
        String m = method.strip();
        return new RobustnessStudy.Subject(data == TrainingData.EXPERT ? m : m + " " + data.label(), data.label(), policies);
    }

    /** One comparison: a method's {@code other} data against its expert data, on one measure. */
    private record Planned(String claim, String method, TrainingData kind, RobustnessStudy.Subject expert,
                           RobustnessStudy.Subject other, boolean share, ClaimTest test) {}

    /**
     * Per method (study order) its subjects by training data.
     *
     * @throws IllegalArgumentException when two subjects train the same method on the same data
     */
    private static Map<String, Map<TrainingData, RobustnessStudy.Subject>> byMethod(RobustnessStudy.Result r) {
        Map<String, Map<TrainingData, RobustnessStudy.Subject>> out = new LinkedHashMap<>();
        for (RobustnessStudy.Subject s : r.config().subjects()) {
            TrainingData.of(s.trainingData()).ifPresent(kind -> {
                RobustnessStudy.Subject was = out.computeIfAbsent(method(s), k -> new EnumMap<>(TrainingData.class))
                        .putIfAbsent(kind, s);
                if (was != null) {
                    throw new IllegalArgumentException("subjects '" + was.method() + "' and '" + s.method() + "' both train "
                            + method(s) + " on " + kind + " data; list a method's policies on one data set in one entry");
                }
            });
        }
        return out;
    }

    /** Whether the study holds a claim-3 or claim-4 comparison (a method on expert data and on another kind). */
    public static boolean applies(RobustnessStudy.Result r) {
        return hasClaim(r, true) || hasClaim(r, false);
    }

    private static boolean hasClaim(RobustnessStudy.Result r, boolean three) {
        return byMethod(r).values().stream().anyMatch(m -> m.containsKey(TrainingData.EXPERT)
                && m.keySet().stream().anyMatch(k -> three ? k.broader() : k.perturbed()));
    }

    private static List<Planned> plan(RobustnessStudy.Result r) {
        Map<String, Map<TrainingData, RobustnessStudy.Subject>> methods = byMethod(r);
        List<Planned> out = new ArrayList<>();
        for (boolean three : new boolean[] {true, false}) {
            for (Map.Entry<String, Map<TrainingData, RobustnessStudy.Subject>> m : methods.entrySet()) {
                RobustnessStudy.Subject expert = m.getValue().get(TrainingData.EXPERT);
                if (expert == null) {
                    continue;
                }
                for (Map.Entry<TrainingData, RobustnessStudy.Subject> e : m.getValue().entrySet()) {
                    if (three ? e.getKey().broader() : e.getKey().perturbed()) {
                        plan(r, m.getKey(), e.getKey(), expert, e.getValue(), out);
                    }
                }
            }
        }
        return out;
    }

    private static void plan(RobustnessStudy.Result r, String method, TrainingData kind, RobustnessStudy.Subject expert,
                             RobustnessStudy.Subject other, List<Planned> out) {
        String a = label(method, other);
        String b = label(method, expert);
        double[] shareA = shares(r, other);
        double[] shareB = shares(r, expert);
        double[] advA = r.policyMeans(other.method(), "adversarial");
        double[] advB = r.policyMeans(expert.method(), "adversarial");
        if (kind.broader()) {
            if (shareA != null && shareB != null) {
                out.add(new Planned(CLAIM_3, method, kind, expert, other, true,
                        ClaimTest.superiority(CLAIM_3, SHARE, a, shareA, b, shareB, Design.INDEPENDENT)));
            }
            out.add(new Planned(CLAIM_3, method, kind, expert, other, false,
                    ClaimTest.superiority(CLAIM_3, ADVERSARIAL_RETURN, a, advA, b, advB, Design.INDEPENDENT)));
            return;
        }
        if (shareA != null && shareB != null) {
            out.add(new Planned(CLAIM_4, method, kind, expert, other, true, ClaimTest.nonSuperiority(CLAIM_4,
                    SHARE + String.format(Locale.ROOT, " (margin +%.2f of the normal return)", SHARE_MARGIN), a, shareA,
                    b, shareB, Design.INDEPENDENT, SHARE_MARGIN)));
        }
        double margin = RETURN_MARGIN * mean(r.policyMeans(expert.method(), "normal"));
        if (margin > 0) {
            out.add(new Planned(CLAIM_4, method, kind, expert, other, false, ClaimTest.nonSuperiority(CLAIM_4,
                    ADVERSARIAL_RETURN + String.format(Locale.ROOT, " (margin +%.0f = %.0f%% of the expert policies' "
                            + "normal return)", margin, 100 * RETURN_MARGIN), a, advA, b, advB, Design.INDEPENDENT, margin)));
        }
    }

    /**
     * Claims 3 and 4 as comparisons over trained policies: claim 3 per method (study order) and broader kind, kept
     * share then adversarial return; then claim 4 likewise per perturbed kind. Empty when the study has none.
     */
    public static List<ClaimTest> claimTests(RobustnessStudy.Result r) {
        return plan(r).stream().map(Planned::test).toList();
    }

    /** {@link #claimTests} under {@link VerdictRule#DEFAULT}: one Holm family of their own. */
    public static List<Verdict> verdicts(RobustnessStudy.Result r) {
        return verdicts(r, VerdictRule.DEFAULT);
    }

    /** {@link #claimTests} under {@code rule}: one Holm family of their own. */
    public static List<Verdict> verdicts(RobustnessStudy.Result r, VerdictRule rule) {
        return Verdicts.evaluate(claimTests(r), rule);
    }

    /** The verdict table of claims 3 and 4 (the layout of {@link RobustnessClaims#check}). */
    public static Table check(RobustnessStudy.Result r) {
        return check(r, VerdictRule.DEFAULT);
    }

    /** {@link #check(RobustnessStudy.Result)} under {@code rule}. */
    public static Table check(RobustnessStudy.Result r, VerdictRule rule) {
        return StatsTables.verdicts("Claims 3 and 4 (paper 2, arXiv 2412.18781, §4.3-4.4): unit = one independently "
                + "trained policy; adversarial = own worst case; claim 4 'a - b < +margin' holds when the Holm-adjusted "
                + "one-sided bootstrap p of 'a - b >= +margin' < " + num(rule.alpha()) + ", does not hold when the "
                + "interval lies above +margin; claims 3-4 are one Holm family of their own", verdicts(r, rule));
    }

    /**
     * Paper 2's Table 2 layout from the study: one row per (training data, method) for expert, medium and
     * medium-expert data, "mean ± std" of the return over all episodes of all its trained policies and replicates per
     * condition, the method without its data tag ({@link #method}). No rows when the study has no such subject.
     */
    public static Table table2(RobustnessStudy.Result r) {
        return table(r, "Table 2 (training data)", k -> k == TrainingData.EXPERT || k.broader());
    }

    /** Paper 2's Table 3 layout: clean expert data and its perturbed copies, as {@link #table2}. */
    public static Table table3(RobustnessStudy.Result r) {
        return table(r, "Table 3 (perturbed training data)", k -> k == TrainingData.EXPERT || k.perturbed());
    }

    private static Table table(RobustnessStudy.Result r, String name, java.util.function.Predicate<TrainingData> kinds) {
        RobustnessStudy.Config c = r.config();
        List<RobustnessStudy.Subject> subjects = new ArrayList<>(c.subjects().stream()
                .filter(s -> TrainingData.of(s.trainingData()).filter(kinds).isPresent()).toList());
        // grouped by data as the paper's tables are; study order within a group (a stable sort)
        subjects.sort(Comparator.comparing(s -> TrainingData.of(s.trainingData()).orElseThrow()));
        List<RobustnessEvaluation.Row> rows = new ArrayList<>();
        for (RobustnessStudy.Subject s : subjects) {
            for (String condition : RobustnessTable.CONDITIONS) {
                RobustnessEvaluation.Row x = RobustnessClaims.find(r.pooled(), s.method(), condition);
                rows.add(new RobustnessEvaluation.Row(x.env(), x.trainingData(), method(s), x.condition(), x.episodes(),
                        x.meanReturn(), x.stdReturn(), x.normalizedScore(), x.meanLength(), x.seed()));
            }
        }
        return RobustnessTable.wide(c.env() + ", paper 2's " + name + ": mean ± std of return per method and training "
                + "data (" + rrl.io.Messages.count(c.evalEpisodes(), "episode") + " per condition and trained policy; adversarial = each policy's own "
                + "worst case)", RobustnessTable.of("robustness", rows), RobustnessClaims.OWN_WORST);
    }

    /**
     * Claims 3 and 4 in words computed from the verdicts: per comparison the mean kept shares (or adversarial
     * returns) of both sides, the trained policies behind them and the verdict. Empty when the study has none.
     */
    public static String summary(RobustnessStudy.Result r) {
        return summary(r, VerdictRule.DEFAULT);
    }

    /** {@link #summary(RobustnessStudy.Result)} under {@code rule}. */
    public static String summary(RobustnessStudy.Result r, VerdictRule rule) {
        List<Planned> plan = plan(r);
        List<Verdict> v = Verdicts.evaluate(plan.stream().map(Planned::test).toList(), rule);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < plan.size(); i++) {
            Planned p = plan.get(i);
            Verdict x = v.get(i);
            if (i == 0 || !p.kind().equals(plan.get(i - 1).kind()) || !p.method().equals(plan.get(i - 1).method())) {
                b.append(String.format(Locale.ROOT, "%s on %s data (%s) against expert data (%s): ", p.method(), p.kind(),
                        policies(x.nA()), policies(x.nB())));
                if (!p.share()) {
                    b.append("no kept share (a policy's normal return is not positive); ");
                }
            } else {
                b.append("; ");
            }
            double[] a = p.test().a();
            double[] e = p.test().b();
            b.append(p.share()
                    ? String.format(Locale.ROOT, "kept share %.0f%% vs %.0f%%", 100 * mean(a), 100 * mean(e))
                    : String.format(Locale.ROOT, "adversarial return %.0f vs %.0f", mean(a), mean(e)));
            b.append(", claim ").append(p.claim().charAt(0)).append(' ').append(outcome(x));
            if (i + 1 == plan.size() || !plan.get(i + 1).kind().equals(p.kind()) || !plan.get(i + 1).method().equals(p.method())) {
                b.append(". ");
            }
        }
        if (plan.stream().anyMatch(p -> p.claim().equals(CLAIM_3))) {
            b.append("Claim 3 holds where broader data's policies do better under their own worst case than expert "
                    + "data's. ");
        }
        if (plan.stream().anyMatch(p -> p.claim().equals(CLAIM_4))) {
            b.append(String.format(Locale.ROOT, "Claim 4 holds where perturbed data gains less than the margin fixed "
                    + "before the runs (+%.2f of the kept share, +%.0f%% of the expert policies' normal return in "
                    + "adversarial return). ", SHARE_MARGIN, 100 * RETURN_MARGIN));
        }
        if (!plan.isEmpty()) {
            b.append("These tests are one Holm family of their own, apart from claims 1-2.");
        }
        return b.toString().strip();
    }

    /**
     * Tables 2 and 3 (those the study has), the claims 3-4 verdicts and their summary as markdown; empty when the
     * study has no claim-3 or claim-4 comparison, so a report of another study reads as it did.
     */
    public static String markdown(RobustnessStudy.Result r) {
        if (!applies(r)) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (Table t : tables(r)) {
            b.append(Tables.markdownSection(t));
        }
        return b.append(summary(r)).append('\n').toString();
    }

    /** The study's Table 2 (if it has a claim-3 comparison), Table 3 (if claim 4) and the verdict table. */
    public static List<Table> tables(RobustnessStudy.Result r) {
        List<Table> out = new ArrayList<>();
        if (hasClaim(r, true)) {
            out.add(table2(r));
        }
        if (hasClaim(r, false)) {
            out.add(table3(r));
        }
        if (!out.isEmpty()) {
            out.add(check(r));
        }
        return out;
    }

    private static String outcome(Verdict x) {
        return !x.testable() ? "is not testable (fewer than " + x.rule().minSeeds() + " trained policies a side)"
                : x.verdict().equals(Verdicts.INCONCLUSIVE) ? "is inconclusive" : x.verdict();
    }

    /** "TD3+BC (medium)". */
    private static String label(String method, RobustnessStudy.Subject s) {
        return method + " (" + s.trainingData() + ")";
    }

    private static String policies(int n) {
        return n == 1 ? "1 trained policy" : n + " trained policies";
    }

    /** Kept shares of {@code s}'s trained policies, or null when one's normal return is not positive. */
    private static double[] shares(RobustnessStudy.Result r, RobustnessStudy.Subject s) {
        double[] n = r.policyMeans(s.method(), "normal");
        double[] a = r.policyMeans(s.method(), "adversarial");
        double[] out = new double[n.length];
        for (int t = 0; t < n.length; t++) {
            if (!(n[t] > 0)) {
                return null;
            }
            out[t] = a[t] / n[t];
        }
        return out;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static String num(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
