package rrl.report;

import rrl.experiment.RobustnessStudy;
import rrl.eval.RobustnessEvaluation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Checks claims 1 and 2 (paper 2, arXiv 2412.18781, §4.2 and Table 1; numbered in notebooks/references.md#claims)
 * against a {@link RobustnessStudy} result, with the evidence in words.
 * A difference "holds" when Welch's t exceeds 2 in the claimed direction, "does not hold" when it exceeds 2 in
 * the other, and is "inconclusive" otherwise.
 */
public final class RobustnessClaims {
    private static final double T = 2.0;

    private RobustnessClaims() {}

    /** One row per checked statement: claim, subject, evidence, verdict. */
    public static Table check(RobustnessStudy.Result r) {
        List<String[]> rows = new ArrayList<>();
        for (RobustnessStudy.Subject s : r.config().subjects()) {
            RobustnessEvaluation.Row n = find(r.pooled(), s.method(), "normal");
            RobustnessEvaluation.Row rd = find(r.pooled(), s.method(), "random");
            RobustnessEvaluation.Row a = find(r.pooled(), s.method(), "adversarial");
            double t1 = welch(n.meanReturn(), n.stdReturn(), n.episodes(), rd.meanReturn(), rd.stdReturn(), rd.episodes());
            double t2 = welch(rd.meanReturn(), rd.stdReturn(), rd.episodes(), a.meanReturn(), a.stdReturn(), a.episodes());
            String verdict = t1 > T && t2 > T ? "holds" : (t1 < -T || t2 < -T) ? "does not hold" : "inconclusive";
            rows.add(new String[] {"1: normal > random > adversarial", s.method() + " (" + s.trainingData() + ")",
                    String.format(Locale.ROOT, "%.0f > %.0f > %.0f (Welch t %.1f, %.1f; %d episodes each)", n.meanReturn(),
                            rd.meanReturn(), a.meanReturn(), t1, t2, n.episodes()), verdict});
        }
        for (RobustnessStudy.Subject off : r.config().subjects()) {
            if (!off.offline()) {
                continue;
            }
            for (RobustnessStudy.Subject on : r.config().subjects()) {
                if (on.offline()) {
                    continue;
                }
                double[] fo = retained(r, off.method());
                double[] fn = retained(r, on.method());
                double t = welch(fn[0], fn[1], (int) fn[2], fo[0], fo[1], (int) fo[2]);
                String verdict = fo[2] < 2 ? (fo[0] < fn[0] ? "holds (one replicate, no error bar)" : "does not hold (one replicate)")
                        : t > T ? "holds" : t < -T ? "does not hold" : "inconclusive";
                rows.add(new String[] {"2: offline more vulnerable to adversarial than online",
                        off.method() + " vs " + on.method(),
                        String.format(Locale.ROOT, "adversarial / normal return: %.4f ± %.4f vs %.4f ± %.4f over %d replicates "
                                + "(Welch t %.1f); adversarial return %.0f vs %.0f", fo[0], fo[1], fn[0], fn[1], (int) fo[2], t,
                                find(r.pooled(), off.method(), "adversarial").meanReturn(),
                                find(r.pooled(), on.method(), "adversarial").meanReturn()), verdict});
            }
        }
        Table t = Table.create("Claims 1 and 2 (paper 2, arXiv 2412.18781, §4.2) in this run");
        t.addColumns(StringColumn.create("claim", rows.stream().map(x -> x[0]).toList()),
                StringColumn.create("subject", rows.stream().map(x -> x[1]).toList()),
                StringColumn.create("evidence", rows.stream().map(x -> x[2]).toList()),
                StringColumn.create("verdict", rows.stream().map(x -> x[3]).toList()));
        return t;
    }

    /**
     * What a robustness run shows, in words computed from its pooled numbers: per policy, the share of its normal
     * return kept under the random and the adversarial perturbation, and which policy lost most to the attack.
     * A notebook's closing paragraph, so its text cannot drift from its numbers.
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
            b.append(String.format(Locale.ROOT, "%s (%s) returns %.0f in normal conditions and keeps %.0f%% of it under "
                    + "random δ and %.0f%% under the adversarial δ (%d episodes per condition). ", s.method(),
                    s.trainingData(), n.meanReturn(), 100 * shareRandom, 100 * shareAdv, n.episodes()));
            if (shareAdv < weakestShare) {
                weakestShare = shareAdv;
                weakest = s.method() + " (" + s.trainingData() + ")";
            }
        }
        if (r.config().subjects().size() > 1) {
            b.append(String.format(Locale.ROOT, "The attack hurts %s most, relative to its normal return. ", weakest));
        }
        b.append(String.format(Locale.ROOT, "The DE ran %d generation%s of %d; paper 2 runs 30 generations and 1000 "
                + "evaluation episodes, so these are this run's numbers, not the paper's.", r.config().attack().generations(),
                r.config().attack().generations() == 1 ? "" : "s", r.config().attack().populationSize()));
        return b.toString();
    }

    /** Mean, std and count over replicates of adversarial return / normal return. */
    static double[] retained(RobustnessStudy.Result r, String method) {
        List<Double> f = new ArrayList<>();
        for (int k = 0; k < r.config().replicates(); k++) {
            double normal = findReplicate(r.replicates(), method, "normal", k).meanReturn();
            double adv = findReplicate(r.replicates(), method, "adversarial", k).meanReturn();
            f.add(adv / normal);
        }
        double mean = f.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double var = f.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum() / Math.max(1, f.size() - 1);
        return new double[] {mean, Math.sqrt(var), f.size()};
    }

    /** Welch's t of mean1 - mean2. */
    public static double welch(double m1, double s1, int n1, double m2, double s2, int n2) {
        double se = Math.sqrt(s1 * s1 / Math.max(1, n1) + s2 * s2 / Math.max(1, n2));
        return se == 0 ? Math.signum(m1 - m2) * Double.POSITIVE_INFINITY : (m1 - m2) / se;
    }

    static RobustnessEvaluation.Row find(List<RobustnessEvaluation.Row> rows, String method, String condition) {
        return rows.stream().filter(x -> x.method().equals(method) && x.condition().equals(condition)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no " + condition + " row for " + method));
    }

    private static RobustnessEvaluation.Row findReplicate(List<RobustnessEvaluation.Row> rows, String method,
                                                          String condition, int k) {
        return rows.stream().filter(x -> x.method().equals(method) && x.condition().equals(condition) && x.seed() == k)
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no replicate " + k + " of " + method));
    }
}
