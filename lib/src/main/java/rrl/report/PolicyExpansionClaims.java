package rrl.report;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import rrl.algo.Algorithm;
import rrl.experiment.PolicyExpansionStudy;
import rrl.experiment.PolicyExpansionStudy.EvalPoint;
import rrl.experiment.PolicyExpansionStudy.Results;
import rrl.stats.ClaimTest;
import rrl.stats.Design;
import rrl.stats.Verdict;
import rrl.stats.VerdictRule;
import rrl.stats.Verdicts;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Claim 9 of paper 3 (RPEX, arXiv 2509.24748): under data corruption, RPEX improves on PEX and on the offline
 * policy. Two comparisons over independently trained seeds, paired by seed, each of final return (the mean of a run's
 * last {@link PolicyExpansionStudy#FINAL_EVALUATIONS} evaluations, as RPEX's {@code read_res.py} reports it):
 * RPEX vs PEX, and RPEX vs the RIQL policy it started from; one Holm family under {@link VerdictRule#DEFAULT}, the rule
 * of every claim in rrl, fixed before the runs.
 */
public final class PolicyExpansionClaims {
    private PolicyExpansionClaims() {}

    private static final String CLAIM = "9: under data corruption RPEX improves on PEX and on the offline policy";

    /** Offline learners' labels by folder name. */
    private static String offlineLabel(String name) {
        return (name.equals("iql") ? "IQL" : "RIQL") + " (offline)";
    }

    /**
     * Final return per offline learner and online run: seeds, mean and std over seeds of the final return and of the
     * final D4RL score.
     */
    public static Table finalTable(Results r) {
        StringColumn run = StringColumn.create("run");
        IntColumn seeds = IntColumn.create("seeds");
        DoubleColumn mean = DoubleColumn.create("final return mean");
        DoubleColumn std = DoubleColumn.create("final return std");
        DoubleColumn score = DoubleColumn.create("final D4RL score mean");
        for (Map.Entry<String, Map<Long, List<EvalPoint>>> e : r.offline().entrySet()) {
            row(offlineLabel(e.getKey()), e.getValue(), run, seeds, mean, std, score);
        }
        for (Map.Entry<String, Map<Long, List<EvalPoint>>> e : r.online().entrySet()) {
            row(e.getKey() + " (" + algorithmOf(r, e.getKey()).label() + ", online)", e.getValue(), run, seeds, mean, std,
                    score);
        }
        Table t = Table.create(r.plan().env() + ": final return (mean of the last " + PolicyExpansionStudy.FINAL_EVALUATIONS
                + " evaluations, clean environment; mean and std over training seeds, std " + Tables.NO_SPREAD
                + " with one seed)");
        return t.addColumns(run, seeds, Tables.decimals(mean, Tables.RETURN), Tables.spread(std, Tables.RETURN),
                Tables.decimals(score, Tables.SCORE));
    }

    private static void row(String label, Map<Long, List<EvalPoint>> bySeed, StringColumn run, IntColumn seeds,
                            DoubleColumn mean, DoubleColumn std, DoubleColumn score) {
        double[] f = bySeed.values().stream().mapToDouble(Results::finalReturn).toArray();
        double[] s = bySeed.values().stream().mapToDouble(PolicyExpansionClaims::finalScore).toArray();
        run.append(label);
        seeds.append(f.length);
        mean.append(FineTuningClaims.mean(f));
        std.append(Tables.stdOverSeeds(f));
        score.append(FineTuningClaims.mean(s));
    }

    private static Algorithm algorithmOf(Results r, String run) {
        return r.plan().runs().stream().filter(x -> x.name().equals(run)).findFirst().orElseThrow().learner();
    }

    private static String runOf(Results r, Algorithm a) {
        return r.plan().runs().stream().filter(x -> x.learner() == a && r.online().containsKey(x.name())
                && !r.online().get(x.name()).isEmpty()).map(PolicyExpansionStudy.Run::name).findFirst().orElse(null);
    }

    /** Claim 9's comparisons, paired by training seed (seeds both sides finished). */
    public static List<ClaimTest> claimTests(Results r) {
        List<ClaimTest> out = new ArrayList<>();
        String rpex = runOf(r, Algorithm.RPEX);
        String pex = runOf(r, Algorithm.PEX);
        if (rpex == null) {
            return out;
        }
        Map<Long, List<EvalPoint>> a = r.online().get(rpex);
        if (pex != null) {
            List<Long> seeds = common(a, r.online().get(pex));
            if (!seeds.isEmpty()) {
                out.add(ClaimTest.superiority(CLAIM, "final return", "RPEX", finals(a, seeds), "PEX",
                        finals(r.online().get(pex), seeds), Design.PAIRED));
            }
        }
        Map<Long, List<EvalPoint>> riql = r.offline().get("riql");
        if (riql != null) {
            List<Long> seeds = common(a, riql);
            if (!seeds.isEmpty()) {
                out.add(ClaimTest.superiority(CLAIM, "final return", "RPEX", finals(a, seeds), "RIQL (offline, RPEX's start)",
                        finals(riql, seeds), Design.PAIRED));
            }
        }
        return out;
    }

    private static List<Long> common(Map<Long, List<EvalPoint>> a, Map<Long, List<EvalPoint>> b) {
        return a.keySet().stream().filter(b::containsKey).sorted().toList();
    }

    private static double[] finals(Map<Long, List<EvalPoint>> bySeed, List<Long> seeds) {
        return seeds.stream().mapToDouble(s -> Results.finalReturn(bySeed.get(s))).toArray();
    }

    /** The verdicts behind {@link #check}. */
    public static List<Verdict> verdicts(Results r) {
        return Verdicts.evaluate(claimTests(r), VerdictRule.DEFAULT);
    }

    /** Claim 9's verdict table: estimate, intervals, p, Holm's p, n and the verdict per comparison. */
    public static Table check(Results r) {
        return check(verdicts(r));
    }

    /** {@link #check(Results)} of verdicts already evaluated ({@link #verdicts}). */
    public static Table check(List<Verdict> vs) {
        return StatsTables.verdicts(CHECK_TITLE, vs);
    }

    private static final String CHECK_TITLE = "Claim 9 (paper 3, arXiv 2509.24748), final = mean of the last "
            + PolicyExpansionStudy.FINAL_EVALUATIONS + " evaluations";

    /** The study's settings as a two-column table. */
    public static Table studySettings(Results r) {
        PolicyExpansionStudy.Plan p = r.plan();
        StringColumn k = StringColumn.create("setting");
        StringColumn v = StringColumn.create("value");
        put(k, v, "environment", p.env());
        put(k, v, "offline data", dataLabel(p));
        put(k, v, "offline corruption", String.format(Locale.ROOT, "%s, fields %s, rate %s, range %s (seed %d)",
                p.corruption(), p.corruptionConfig().fieldLabels(), fmt(p.corruptionRate()), fmt(p.corruptionRange()),
                p.corruptionSeed()));
        put(k, v, "offline learners", String.format(Locale.ROOT, "%s, %,d updates each, evaluated every %,d (%s)",
                String.join(" and ", p.offlineNames().stream().map(n -> n.toUpperCase(Locale.ROOT)).toList()),
                p.offlineSteps(), p.offlineEvalEvery(), rrl.io.Messages.count(p.offlineEvalEpisodes(), "episode")));
        put(k, v, "online runs", String.format(Locale.ROOT, "%s, %,d environment steps each (learning starts %,d), "
                + "evaluated every %,d (%s, clean environment)", String.join(", ", p.runs().stream()
                .map(x -> x.name() + " (" + x.learner().label() + ")").toList()), p.steps(), p.learningStarts(),
                p.evalEvery(), rrl.io.Messages.count(p.evalEpisodes(), "episode")));
        String online = p.onlineFields().isEmpty() ? "none" : String.join(",", p.onlineFields().stream()
                .map(rrl.corrupt.CorruptionField::label).toList()) + " (probability 0.5, scale 1.0"
                + (p.zeroCleanRewards() ? ", uncorrupted rewards zeroed" : "") + ")";
        put(k, v, "online corruption", online);
        int n = seeds(r);
        put(k, v, "training seeds", n + " (each trains its own offline learners and online runs)");
        return Table.create(p.env() + ": policy-expansion study settings").addColumns(k, v);
    }

    /**
     * The study's offline data in words: a given file by its name (its path on the machine that ran the study says
     * nothing elsewhere; its content hash is pinned in the study's {@code data/result.json}), or the transitions
     * collected from the shipped medium policy.
     */
    static String dataLabel(PolicyExpansionStudy.Plan p) {
        return p.dataset() != null ? java.nio.file.Path.of(p.dataset()).getFileName() + " (a given D4RL-format file; "
                + "data/result.json pins its content hash)" : String.format(Locale.ROOT,
                "%,d transitions of the shipped medium policy (seed %d)", p.datasetSize(), p.dataSeed());
    }

    /** Paper 3's finding that claim 9 tests, in our words: what {@link #tablesAcrossEnvironments} sets ours beside. */
    public static final String PAPER_3_FINDING = "under data corruption RPEX improves on PEX and on the offline policy "
            + "(paper 3, Table 1: Hopper, HalfCheetah and Walker2d medium-replay, 1M online steps)";

    /**
     * Claim 9 on several environments side by side: the final return of every offline learner and online run per
     * study ("474 ± 273 (15.2)": mean ± std over training seeds, and the mean final D4RL score), then each
     * comparison's verdict per study with its estimate and Holm-level interval ({@link StatsTables#sideBySide}; each
     * study its own Holm family, under the rule of {@link #check}). Columns are named by {@link #studyHeading}.
     *
     * @throws IllegalArgumentException if {@code studies} is empty or two would share a column heading
     */
    public static List<Table> tablesAcrossEnvironments(List<Results> studies) {
        return acrossEnvironments(studies).tables();
    }

    /**
     * {@link #tablesAcrossEnvironments} and {@link #summaryAcrossEnvironments} from one evaluation of each study's
     * verdicts (each a bootstrap of 50,000 resamples per comparison): what a report that prints both reads; and
     * every verdict in one long table ({@link StatsTables#verdictsByStudy}: a row per study and comparison with the
     * columns of {@link #check}), what {@code --csv} writes.
     */
    public record AcrossEnvironments(List<Table> tables, String summary, Table verdictRows) {}

    /**
     * The tables and the sentences of several studies side by side, each study's verdicts evaluated once.
     *
     * @throws IllegalArgumentException as {@link #tablesAcrossEnvironments}
     */
    public static AcrossEnvironments acrossEnvironments(List<Results> studies) {
        requireDistinct(studies);
        List<List<Verdict>> verdicts = studies.stream().map(PolicyExpansionClaims::verdicts).toList();
        return new AcrossEnvironments(tables(studies, verdicts), summaries(studies, verdicts),
                StatsTables.verdictsByStudy(CHECK_TITLE, studies.stream().map(PolicyExpansionClaims::studyHeading).toList(),
                        verdicts));
    }

    private static List<Table> tables(List<Results> studies, List<List<Verdict>> verdicts) {
        List<String> headings = studies.stream().map(PolicyExpansionClaims::studyHeading).toList();
        Map<String, List<String>> cells = new java.util.LinkedHashMap<>();
        for (int i = 0; i < studies.size(); i++) {
            for (Map.Entry<String, Map<Long, List<EvalPoint>>> e : byLearner(studies.get(i)).entrySet()) {
                double[] f = e.getValue().values().stream().mapToDouble(Results::finalReturn).toArray();
                double[] score = e.getValue().values().stream().mapToDouble(PolicyExpansionClaims::finalScore).toArray();
                String cell = String.format(Locale.ROOT, "%.0f%s (%.1f)", FineTuningClaims.mean(f), f.length > 1
                        ? String.format(Locale.ROOT, " ± %.0f", Tables.stdOverSeeds(f)) : "", FineTuningClaims.mean(score));
                cells.computeIfAbsent(e.getKey(), k -> new ArrayList<>(java.util.Collections.nCopies(studies.size(),
                        "not run"))).set(i, cell);
            }
        }
        StringColumn run = StringColumn.create("run");
        cells.keySet().forEach(run::append);
        Table finals = Table.create("Final return per environment (mean of the last " + PolicyExpansionStudy.FINAL_EVALUATIONS
                + " evaluations, clean environment): mean ± std over training seeds (mean final D4RL score)", run);
        for (int i = 0; i < studies.size(); i++) {
            StringColumn col = StringColumn.create(headings.get(i));
            for (List<String> line : cells.values()) {
                col.append(line.get(i));
            }
            finals.addColumns(col);
        }
        Table verdictTable = StatsTables.sideBySide("Claim 9 per environment (" + PAPER_3_FINDING + "): verdict, mean "
                + "paired difference of final return over training seeds and its Holm-adjusted interval, the one the "
                + "verdict reads (each study its own Holm family); † the verdict rests on the bootstrap alone: the paired "
                + "t-test's Holm p is not below " + VerdictRule.DEFAULT.alpha(), headings, verdicts);
        return List.of(finals, verdictTable);
    }

    /**
     * A study's finished learners by what they are, the rows the studies share: "IQL (offline)", "RIQL (offline)",
     * "PEX (online)", "RPEX (online)" (a run's name joins its learner's where a study runs one learner twice); learners
     * without a finished seed are left out.
     */
    private static Map<String, Map<Long, List<EvalPoint>>> byLearner(Results r) {
        Map<String, Map<Long, List<EvalPoint>>> out = new java.util.LinkedHashMap<>();
        r.offline().forEach((n, bySeed) -> {
            if (!bySeed.isEmpty()) {
                out.put(offlineLabel(n), bySeed);
            }
        });
        r.online().forEach((n, bySeed) -> {
            Algorithm a = algorithmOf(r, n);
            boolean twice = r.plan().runs().stream().filter(x -> x.learner() == a).count() > 1;
            if (!bySeed.isEmpty()) {
                out.put(twice ? n + " (" + a.label() + ", online)" : a.label() + " (online)", bySeed);
            }
        });
        return out;
    }

    /** The study's training seeds: the most any online run finished. */
    private static int seeds(Results r) {
        return r.online().values().stream().mapToInt(Map::size).max().orElse(0);
    }

    /** Refuses no study, and two studies whose columns would carry the same {@link #studyHeading}. */
    private static void requireDistinct(List<Results> studies) {
        if (studies.isEmpty()) {
            throw new IllegalArgumentException("no study to compare: give at least one recorded policy-expansion study");
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Results r : studies) {
            if (!seen.add(studyHeading(r))) {
                throw new IllegalArgumentException("two studies are both " + studyHeading(r) + " (a column names the "
                        + "environment, the data, the seeds and the online steps); set side by side studies that differ in "
                        + "one of those, and report the others one at a time");
            }
        }
    }

    /**
     * "HalfCheetah, medium-replay (5 seeds, 3,000 steps)": a study's column heading. A given file is named by its D4RL
     * kind when its name is {@code <env>-<kind>-rrl.hdf5}, as {@code rrl datasets generate} names them, else by its
     * name; collected data by its size ("medium 20,000").
     */
    public static String studyHeading(Results r) {
        int seeds = seeds(r);
        return String.format(Locale.ROOT, "%s (%d seed%s, %,d steps)", dataHeading(r.plan()), seeds, seeds == 1 ? "" : "s",
                r.plan().steps());
    }

    /** "HalfCheetah, medium-replay": the environment and the offline data of {@link #studyHeading}. */
    private static String dataHeading(PolicyExpansionStudy.Plan p) {
        String data = String.format(Locale.ROOT, "medium %,d", p.datasetSize());
        if (p.dataset() != null) {
            String name = java.nio.file.Path.of(p.dataset()).getFileName().toString();
            String prefix = p.env().toLowerCase(Locale.ROOT) + "-";
            data = name.startsWith(prefix) && name.endsWith("-rrl.hdf5") && name.length() > prefix.length() + 9
                    ? name.substring(prefix.length(), name.length() - "-rrl.hdf5".length()) : name;
        }
        return p.env() + ", " + data;
    }

    /**
     * Each study's data, budget and n in one sentence, then the verdict rule: what the first line of
     * {@code rrl report --study A --study B} says of policy-expansion studies.
     */
    public static String budgets(List<Results> studies) {
        List<String> parts = new ArrayList<>();
        for (Results r : studies) {
            PolicyExpansionStudy.Plan p = r.plan();
            int seeds = seeds(r);
            parts.add(String.format(Locale.ROOT, "%s: %s, %s corruption of %s (rate %s, range %s); %s; %s %,d updates "
                    + "each; %s %,d environment steps each (learning from step %,d)", dataHeading(p), dataLabel(p),
                    p.corruption(), p.corruptionConfig().fieldLabels(), fmt(p.corruptionRate()), fmt(p.corruptionRange()),
                    rrl.io.Messages.count(seeds, "training seed"), String.join(" and ", p.offlineNames().stream()
                            .map(n -> n.toUpperCase(Locale.ROOT)).toList()), p.offlineSteps(),
                    String.join(" and ", p.runs().stream().map(x -> x.learner().label()).toList()), p.steps(),
                    p.learningStarts()));
        }
        // the rule of the tests these studies make (claim 9's comparisons are all superiority claims), not every test
        java.util.EnumSet<rrl.stats.ClaimKind> kinds = java.util.EnumSet.noneOf(rrl.stats.ClaimKind.class);
        studies.forEach(r -> claimTests(r).forEach(t -> kinds.add(t.kind())));
        return String.join(". ", parts) + ". Rule: " + (kinds.isEmpty() ? VerdictRule.DEFAULT.describe()
                : VerdictRule.DEFAULT.describe(kinds)) + ".";
    }

    /** Each study's verdicts in words ({@link #summary}), one sentence per study, named by its environment and data. */
    public static String summaryAcrossEnvironments(List<Results> studies) {
        return summaries(studies, studies.stream().map(PolicyExpansionClaims::verdicts).toList());
    }

    private static String summaries(List<Results> studies, List<List<Verdict>> verdicts) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < studies.size(); i++) {
            out.add(dataHeading(studies.get(i).plan()) + ": " + summary(verdicts.get(i)));
        }
        return String.join(" ", out);
    }

    /**
     * Several environments' studies as markdown: their budgets, {@link #tablesAcrossEnvironments} and the verdicts in
     * words; what {@code rrl report --study A --study B --markdown} prints for policy-expansion studies.
     */
    public static String markdownAcrossEnvironments(List<Results> studies) {
        return markdown(studies, acrossEnvironments(studies));
    }

    /** {@link #markdownAcrossEnvironments} of tables and sentences already made ({@link #acrossEnvironments}). */
    public static String markdown(List<Results> studies, AcrossEnvironments across) {
        StringBuilder b = new StringBuilder("**Budgets**: ").append(budgets(studies)).append("\n\n");
        for (Table t : across.tables()) {
            b.append(Tables.markdownSection(t));
        }
        return b.append(across.summary()).append('\n').toString();
    }

    /**
     * The final D4RL score of every offline learner and online run, per environment: bars of the mean over training
     * seeds with ± 1 std (XChart draws symmetric bars; the verdict table holds the intervals). D4RL scores put the
     * environments on one axis (0 = random policy, 100 = D4RL's expert). A category is a study's environment and data
     * ("HalfCheetah, medium-replay"), or its whole {@link #studyHeading} where two studies share those.
     *
     * @throws IllegalArgumentException as {@link #tablesAcrossEnvironments}
     */
    public static CategoryChart finalScoresChart(List<Results> studies) {
        CategoryChart c = Charts.barChart("Claim 9: final D4RL score per environment (mean ± 1 std over seeds)",
                "environment, offline data", "final D4RL score (0 random, 100 expert)");
        requireDistinct(studies);
        List<String> headings = studies.stream().map(r -> dataHeading(r.plan())).distinct().count() == studies.size()
                ? studies.stream().map(r -> dataHeading(r.plan())).toList()
                : studies.stream().map(PolicyExpansionClaims::studyHeading).toList();
        Map<String, Double[][]> byRun = new java.util.LinkedHashMap<>();
        for (int i = 0; i < studies.size(); i++) {
            for (Map.Entry<String, Map<Long, List<EvalPoint>>> e : byLearner(studies.get(i)).entrySet()) {
                double[] s = e.getValue().values().stream().mapToDouble(PolicyExpansionClaims::finalScore).toArray();
                // a learner a study did not run gets no bar (NaN, which XChart leaves out; null it cannot draw), not a
                // bar at 0, which would read as a random policy
                Double[][] v = byRun.computeIfAbsent(e.getKey(), k -> {
                    Double[][] init = new Double[2][studies.size()];
                    java.util.Arrays.fill(init[0], Double.NaN);
                    java.util.Arrays.fill(init[1], 0.0);
                    return init;
                });
                v[0][i] = FineTuningClaims.mean(s);
                v[1][i] = s.length > 1 ? FineTuningClaims.std(s) : 0.0;
            }
        }
        byRun.forEach((name, v) -> c.addSeries(name, headings, java.util.Arrays.asList((Number[]) v[0]),
                java.util.Arrays.asList((Number[]) v[1])));
        return c;
    }

    /** The mean D4RL score of a run's last {@link PolicyExpansionStudy#FINAL_EVALUATIONS} evaluations. */
    private static double finalScore(List<EvalPoint> c) {
        int n = Math.min(PolicyExpansionStudy.FINAL_EVALUATIONS, c.size());
        return c.subList(c.size() - n, c.size()).stream().mapToDouble(EvalPoint::d4rlScore).average().orElse(Double.NaN);
    }

    private static String fmt(double x) {
        return x == Math.rint(x) ? String.format(Locale.ROOT, "%.1f", x) : Double.toString(x);
    }

    private static void put(StringColumn k, StringColumn v, String key, String value) {
        k.append(key);
        v.append(value);
    }

    /**
     * Learning curves of the online runs, mean over seeds with a 95% bootstrap band, and each offline learner's final
     * return (mean over seeds) as a dashed line.
     */
    public static XYChart curves(String title, Results r) {
        XYChart c = Charts.lineChart(title, "environment steps", "return (reward units; clean environment, mean over seeds)");
        int i = 0;
        for (Map.Entry<String, Map<Long, List<EvalPoint>>> e : r.online().entrySet()) {
            if (e.getValue().isEmpty()) {
                continue;
            }
            Color col = Charts.PALETTE.get(i++ % Charts.PALETTE.size());
            double[][] s = Charts.curveOverSeeds(new ArrayList<>(e.getValue().values()), p -> p.step(), EvalPoint::meanReturn);
            String name = e.getKey() + " (" + algorithmOf(r, e.getKey()).label() + ", n=" + e.getValue().size() + ")";
            if (e.getValue().size() > 1) {
                Charts.band(c, name, s, col);
            }
            XYSeries line = c.addSeries(name, s[0], s[1]);
            line.setLineColor(col);
            line.setMarkerColor(col);
        }
        for (Map.Entry<String, Map<Long, List<EvalPoint>>> e : r.offline().entrySet()) {
            if (e.getValue().isEmpty() || r.online().values().stream().allMatch(Map::isEmpty)) {
                continue;
            }
            Color col = Charts.PALETTE.get(i++ % Charts.PALETTE.size());
            double f = FineTuningClaims.mean(e.getValue().values().stream().mapToDouble(Results::finalReturn).toArray());
            double x1 = r.plan().steps();
            XYSeries line = c.addSeries(offlineLabel(e.getKey()) + " final", new double[] {0, x1}, new double[] {f, f});
            line.setLineColor(col);
            line.setMarkerColor(col);
            line.setLineStyle(org.knowm.xchart.style.lines.SeriesLines.DASH_DASH);
            line.setMarker(org.knowm.xchart.style.markers.SeriesMarkers.NONE);
        }
        return c;
    }

    /** The study as markdown: settings, final returns and the verdict table, each under its name. */
    public static String markdownReport(Results r) {
        List<Verdict> vs = verdicts(r); // once, for the table and the sentence
        StringBuilder b = new StringBuilder();
        for (Table t : List.of(studySettings(r), finalTable(r), check(vs))) {
            b.append(Tables.markdownSection(t));
        }
        return b.append(summary(vs)).append('\n').toString();
    }

    /** The verdicts in words, computed from the study's numbers. */
    public static String summary(Results r) {
        return summary(verdicts(r));
    }

    /** {@link #summary(Results)} of verdicts already evaluated ({@link #verdicts}). */
    public static String summary(List<Verdict> vs) {
        if (vs.isEmpty()) {
            return "Claim 9 is not testable here: the study has no finished RPEX run with a PEX run or a RIQL run of the "
                    + "same seed.";
        }
        List<String> parts = new ArrayList<>();
        double[] tHolm = StatsTables.tTestCheck(vs);
        for (int i = 0; i < vs.size(); i++) {
            Verdict v = vs.get(i);
            boolean alone = StatsTables.bootstrapAlone(v, tHolm[i]);
            parts.add(String.format(Locale.ROOT, "%s vs %s: %s%s (difference of mean final return %+.0f, n = %d%s)",
                    v.test().aLabel(), v.test().bLabel(), v.verdict(), alone ? "†" : "",
                    FineTuningClaims.mean(v.test().a()) - FineTuningClaims.mean(v.test().b()), v.test().a().length,
                    alone ? "; † on the bootstrap alone: the paired t-test does not back it" : ""));
        }
        return "Claim 9 over " + vs.get(0).test().a().length + " training seed" + (vs.get(0).test().a().length == 1 ? "" : "s")
                + " (Holm-corrected as one family): " + String.join("; ", parts) + ".";
    }
}
