package rrl.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.knowm.xchart.XYChart;
import rrl.experiment.FineTuningStudy;
import rrl.finetune.AdversarialFineTuning.EvalPoint;
import rrl.stats.ClaimTest;
import rrl.stats.Design;
import rrl.stats.Verdict;
import rrl.stats.VerdictRule;
import rrl.stats.Verdicts;
import rrl.train.DatasetGeneration;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Dataset quality for fine-tuning (paper 1's open question 4, issue 21, item 3): the same fine-tuning run started from
 * pi_off trained on offline data of different D4RL kinds (random, medium, medium-expert, expert), one fine-tuning study
 * per kind ({@code "data"} of {@link FineTuningStudy.Plan}, {@code "pretrained": "train:td3bc"}: each training seed its
 * own data, pi_off, attack and run), read from the sub-folders of one parent folder.
 *
 * <p>Per start and training seed: pi_off's nominal return and its worst case (the return under the DE attack against
 * it, its offline-only adversarial evaluation); the fine-tuned policy's final nominal return and own worst case ({@link
 * FineTuningClaims#worstCase}); and the robustness gained per 1,000 fine-tuning steps, (final worst case - pi_off's
 * worst case) / (steps / 1,000).
 *
 * <p>The claims, fixed before the runs, one Holm family, each start against the expert start (the highest-quality
 * data: what paper 1 fine-tunes from), independent samples (each start's seeds trained their own data and pi_off):
 * (DQ1) the expert start ends with the more robust policy (higher own worst case); (DQ2) the other start gains more
 * robustness per fine-tuning step (fine-tuning closes the gap its data left).
 */
public final class StartDataClaims {
    private StartDataClaims() {}

    /** The claims' names. */
    public static final String DQ1 = "DQ1: fine-tuning from the expert start ends with a more robust policy than the other start";
    public static final String DQ2 = "DQ2: a lower-quality start gains more robustness per fine-tuning step";

    /** The reference start of the claims: the expert data paper 1 fine-tunes from. */
    public static final String REFERENCE = "expert";

    /**
     * Whether {@code dir} is a start-data comparison: no plan.json of its own, and one or more sub-folders holding a
     * fine-tuning study's plan.json.
     */
    public static boolean isComparison(Path dir) {
        return Files.isDirectory(dir) && !Files.exists(dir.resolve("plan.json")) && !studyFolders(dir).isEmpty();
    }

    /** The sub-folders of {@code dir} holding a study's plan.json, sorted. */
    public static List<Path> studyFolders(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.exists(p.resolve("plan.json"))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + rrl.io.IoErrors.describe(e), e);
        }
    }

    /**
     * The plan fields the starts may differ in: the data itself and what leaves the compared numbers alone (where
     * results go, how often runs checkpoint, the fault-shift and state-action phases).
     */
    static final java.util.Set<String> ALLOWED_TO_DIFFER = java.util.Set.of("data", "dataset", "out", "checkpointEvery",
            "faultEpisodes", "stateAction");

    /**
     * Every fine-tuning study in the sub-folders of {@code dir}, by its data kind, from the lowest quality to the
     * highest (D4RL's order: random, medium, medium-replay, medium-expert, expert).
     *
     * @throws IllegalArgumentException if {@code dir} holds none, if two studies start from the same kind, if a plan
     *     turns re-attacks off or shares a given pi_off (each seed's is trained on the start's data), if the studies
     *     differ in another field than {@link #ALLOWED_TO_DIFFER}, naming the fields and the folders, or if a study has
     *     unfinished runs
     */
    public static Map<String, FineTuningStudy.Results> load(Path dir) {
        if (!isComparison(dir)) {
            throw new IllegalArgumentException(dir + " holds no start-data comparison: one fine-tuning study per data kind "
                    + "in its sub-folders (plans with \"data\" and \"out\": \"" + dir + "/<kind>\")");
        }
        // the plans first: a comparison that changes more than the data is refused before any run folder is read
        Map<String, FineTuningStudy.Plan> byKind = new LinkedHashMap<>();
        Map<String, Path> folder = new LinkedHashMap<>();
        String notMeant = " (for one study's report, give that study's folder as --study)";
        for (Path d : studyFolders(dir)) {
            if (rrl.experiment.PolicyExpansionStudy.isStudy(d)) {
                throw new IllegalArgumentException(d + " is a policy-expansion study, but a start-data comparison holds "
                        + "one fine-tuning study per start" + notMeant);
            }
            FineTuningStudy.Plan p = FineTuningStudy.Plan.read(d.resolve("plan.json"));
            if (!p.trainsPiOffPerSeed()) {
                // a shared pi_off was trained on other data: only the fine-tuning batches' offline share would differ
                throw new IllegalArgumentException(d.resolve("plan.json") + " starts from the given pi_off "
                        + p.pretrained() + ", but a start-data comparison trains each seed's pi_off on the start's data "
                        + "(\"pretrained\": \"" + rrl.finetune.FineTuningSetup.TRAIN_TD3BC + "\")" + notMeant);
            }
            String kind = p.dataset() != null ? d.getFileName().toString() : p.dataKind();
            if (byKind.containsKey(kind)) {
                throw new IllegalArgumentException(folder.get(kind) + " and " + d + " both start from " + kind + " data; "
                        + "keep one study per data kind in " + dir);
            }
            if (!p.reAttacksRuns()) {
                // every measure of the comparison is a worst case: without re-attacks each start would show n = 0
                throw new IllegalArgumentException(d.resolve("plan.json") + " turns \"reAttacks\" off, but a start-data "
                        + "comparison measures the fine-tuned policies' own worst case; remove \"reAttacks\": false");
            }
            byKind.put(kind, p);
            folder.put(kind, d);
        }
        FineTuningStudy.Plan first = byKind.values().iterator().next();
        Path firstDir = folder.values().iterator().next();
        for (Map.Entry<String, FineTuningStudy.Plan> e : byKind.entrySet()) {
            FineTuningStudy.Plan p = e.getValue();
            List<String> differ = FineTuningStudy.planDifferences(first, p, ALLOWED_TO_DIFFER);
            if (!differ.isEmpty()) {
                throw new IllegalArgumentException(folder.get(e.getKey()) + " differs from " + firstDir + " in "
                        + String.join(", ", differ) + "; a start-data comparison changes the data alone (and \"out\", "
                        + "\"checkpointEvery\" and the extra phases)");
            }
        }
        List<String> order = byKind.keySet().stream().sorted(Comparator.comparingInt(StartDataClaims::rank)
                .thenComparing(Comparator.naturalOrder())).toList();
        Map<String, FineTuningStudy.Results> out = new LinkedHashMap<>();
        for (String k : order) {
            Path d = folder.get(k);
            FineTuningStudy.Results r = FineTuningStudy.load(d);
            List<String> unfinished = FineTuningStudy.unfinished(d, r);
            if (!unfinished.isEmpty()) {
                // the verdicts on part of a start would change as its runs finish: refuse rather than mislead
                throw new IllegalArgumentException(d + ": " + rrl.io.Messages.notFinished("the " + k + " start", unfinished)
                        + "; resume it with `rrl sweep run --plan " + d.resolve("plan.json") + " --out " + d + "`");
            }
            out.put(k, r);
        }
        return out;
    }

    /** D4RL's order of quality; a kind that is none of them (a dataset file's folder) after them. */
    private static int rank(String kind) {
        for (DatasetGeneration.Kind k : DatasetGeneration.Kind.values()) {
            if (k.label().equals(kind)) {
                return List.of(DatasetGeneration.Kind.RANDOM, DatasetGeneration.Kind.MEDIUM,
                        DatasetGeneration.Kind.MEDIUM_REPLAY, DatasetGeneration.Kind.MEDIUM_EXPERT,
                        DatasetGeneration.Kind.EXPERT).indexOf(k);
            }
        }
        return Integer.MAX_VALUE;
    }

    /** The compared run: the plans' first (every study has the same runs). */
    public static String run(Map<String, FineTuningStudy.Results> studies) {
        return studies.values().iterator().next().plan().runs().get(0).name();
    }

    /** The training seeds of {@code r} with a finished run and its re-attack and an offline-only baseline. */
    private static List<Long> seeds(FineTuningStudy.Results r, String run) {
        Map<Long, List<EvalPoint>> runs = r.runs().getOrDefault(run, Map.of());
        return runs.keySet().stream().filter(s -> !runs.get(s).isEmpty() && r.offlineOnly().containsKey(s)
                && r.worstCase().getOrDefault(run, Map.of()).containsKey(s)).sorted().toList();
    }

    /** pi_off's nominal return per seed. */
    static double[] piOffNominal(FineTuningStudy.Results r, String run) {
        return seeds(r, run).stream().mapToDouble(s -> r.offlineOnly().get(s).normalMean()).toArray();
    }

    /** pi_off's worst case per seed: its return under the DE attack against it. */
    static double[] piOffWorst(FineTuningStudy.Results r, String run) {
        return seeds(r, run).stream().mapToDouble(s -> r.offlineOnly().get(s).adversarialMean()).toArray();
    }

    /** The fine-tuned policy's final nominal return per seed (mean of the last evaluations). */
    static double[] finalNominal(FineTuningStudy.Results r, String run) {
        return seeds(r, run).stream().mapToDouble(s -> FineTuningClaims.finalOf(r.runs().get(run).get(s)).normalMean())
                .toArray();
    }

    /** The fine-tuned policy's own worst case per seed. */
    static double[] finalWorst(FineTuningStudy.Results r, String run) {
        return seeds(r, run).stream().mapToDouble(s -> FineTuningClaims.worstCase(r, run, s)).toArray();
    }

    /** Robustness gained per 1,000 fine-tuning steps per seed: (final worst case - pi_off's worst case) / (steps / 1,000). */
    static double[] gainPerThousandSteps(FineTuningStudy.Results r, String run) {
        double[] end = finalWorst(r, run);
        double[] start = piOffWorst(r, run);
        double per = r.plan().steps() / 1000.0;
        double[] out = new double[end.length];
        for (int i = 0; i < end.length; i++) {
            out[i] = (end[i] - start[i]) / per;
        }
        return out;
    }

    /** DQ1 and DQ2 for every start against the expert start (when the comparison has one). */
    public static List<ClaimTest> claimTests(Map<String, FineTuningStudy.Results> studies) {
        List<ClaimTest> out = new ArrayList<>();
        FineTuningStudy.Results ref = studies.get(REFERENCE);
        String run = run(studies);
        if (ref == null || seeds(ref, run).isEmpty()) {
            return out;
        }
        for (Map.Entry<String, FineTuningStudy.Results> e : studies.entrySet()) {
            if (e.getKey().equals(REFERENCE) || seeds(e.getValue(), run).isEmpty()) {
                continue;
            }
            String other = e.getKey() + " start";
            out.add(ClaimTest.superiority(DQ1, "final own worst case vs the " + e.getKey() + " start", "expert start",
                    finalWorst(ref, run), other, finalWorst(e.getValue(), run), Design.INDEPENDENT));
            out.add(ClaimTest.superiority(DQ2, "worst case gained per 1,000 steps vs the expert start", other,
                    gainPerThousandSteps(e.getValue(), run), "expert start", gainPerThousandSteps(ref, run),
                    Design.INDEPENDENT));
        }
        return out;
    }

    /** The verdicts of {@link #claimTests} under {@link VerdictRule#DEFAULT}, Holm over all of them. */
    public static List<Verdict> verdicts(Map<String, FineTuningStudy.Results> studies) {
        return Verdicts.evaluate(claimTests(studies), VerdictRule.DEFAULT);
    }

    /** The verdicts as a table, the rule in its name. */
    public static Table check(Map<String, FineTuningStudy.Results> studies, List<Verdict> verdicts) {
        return StatsTables.verdicts(env(studies) + ": claims DQ1-DQ2 (dataset quality for fine-tuning, issue 21), each "
                + "start vs the expert start", verdicts);
    }

    private static String env(Map<String, FineTuningStudy.Results> studies) {
        return studies.values().iterator().next().plan().env();
    }

    /**
     * Per start: pi_off's nominal return and worst case, the fine-tuned policy's final nominal return and own worst case,
     * and the worst case gained per 1,000 steps, each "mean [95% bootstrap CI]" over training seeds.
     */
    public static Table table(Map<String, FineTuningStudy.Results> studies) {
        String run = run(studies);
        StringColumn start = StringColumn.create("start data");
        List<StringColumn> cols = List.of(StringColumn.create("pi_off nominal"), StringColumn.create("pi_off worst case"),
                StringColumn.create("fine-tuned nominal"), StringColumn.create("fine-tuned own worst case"),
                StringColumn.create("worst case gained per 1,000 steps"));
        for (Map.Entry<String, FineTuningStudy.Results> e : studies.entrySet()) {
            FineTuningStudy.Results r = e.getValue();
            start.append(e.getKey() + " (n=" + seeds(r, run).size() + ")");
            double[][] v = {piOffNominal(r, run), piOffWorst(r, run), finalNominal(r, run), finalWorst(r, run),
                    gainPerThousandSteps(r, run)};
            for (int i = 0; i < v.length; i++) {
                cols.get(i).append(FaultShiftClaims.meanWithInterval(e.getKey() + " " + cols.get(i).name(), v[i]));
            }
        }
        Table t = Table.create(String.format(Locale.ROOT, "%s: %s fine-tuned for %,d steps from pi_off trained on each "
                + "start's data, mean over training seeds [95%% bootstrap CI]", env(studies), run,
                studies.values().iterator().next().plan().steps()), start);
        cols.forEach(t::addColumns);
        return t;
    }

    /**
     * Return under {@code condition} ("normal", or "adversarial": under the delta DE found against each seed's own
     * pi_off) against fine-tuning steps, one line per start (mean over seeds, 95% percentile-bootstrap band), each
     * starting at step 0 from its pi_off's level.
     */
    public static XYChart curves(Map<String, FineTuningStudy.Results> studies, String condition) {
        String run = run(studies);
        XYChart c = Charts.lineChart(String.format(Locale.ROOT, "%s: %s return of %s by start data (mean, 95%% CI band)",
                env(studies), condition.equals("adversarial") ? "adversarial (each pi_off's δ)" : condition, run),
                "fine-tuning steps", condition + " return (reward units)");
        java.util.function.ToDoubleFunction<EvalPoint> f = FineTuningClaims.metric(condition);
        int colour = 0;
        for (Map.Entry<String, FineTuningStudy.Results> e : studies.entrySet()) {
            FineTuningStudy.Results r = e.getValue();
            List<List<double[]>> perSeed = new ArrayList<>();
            for (long s : seeds(r, run)) {
                List<double[]> points = new ArrayList<>();
                points.add(new double[] {0, f.applyAsDouble(r.offlineOnly().get(s))});
                r.runs().get(run).get(s).forEach(p -> points.add(new double[] {p.step(), f.applyAsDouble(p)}));
                perSeed.add(points);
            }
            if (perSeed.isEmpty()) {
                continue;
            }
            double[][] s = Charts.curveOverSeeds(perSeed, p -> p[0], p -> p[1]);
            java.awt.Color col = Charts.PALETTE.get(colour++ % Charts.PALETTE.size());
            String name = e.getKey() + " start (" + rrl.io.Messages.count(perSeed.size(), "seed") + ")";
            if (perSeed.size() > 1) {
                Charts.band(c, name, s, col);
            }
            Charts.colour(c.addSeries(name, s[0], s[1]), col);
        }
        return c;
    }

    /**
     * In words, from the numbers: the start whose fine-tuned policy ended most robust and the one that gained most per
     * step (means over seeds), then the verdicts of DQ1-DQ2.
     */
    public static String summary(Map<String, FineTuningStudy.Results> studies, List<Verdict> verdicts) {
        String run = run(studies);
        String mostRobust = null;
        String mostGain = null;
        double best = Double.NEGATIVE_INFINITY;
        double bestGain = Double.NEGATIVE_INFINITY;
        for (Map.Entry<String, FineTuningStudy.Results> e : studies.entrySet()) {
            double[] w = finalWorst(e.getValue(), run);
            double[] g = gainPerThousandSteps(e.getValue(), run);
            if (w.length > 0 && FineTuningClaims.mean(w) > best) {
                best = FineTuningClaims.mean(w);
                mostRobust = e.getKey();
            }
            if (g.length > 0 && FineTuningClaims.mean(g) > bestGain) {
                bestGain = FineTuningClaims.mean(g);
                mostGain = e.getKey();
            }
        }
        if (mostRobust == null) {
            return "No start has a finished run with its re-attack yet.";
        }
        // when every start lost robustness, the "best" gain is the smallest loss: say so
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "After %,d fine-tuning steps the %s start ended "
                + "with the most robust policy (own worst case %.0f on average) and the %s start %s robustness per step "
                + "(%+.0f per 1,000 steps).", studies.values().iterator().next().plan().steps(), mostRobust, best,
                mostGain, bestGain >= 0 ? "gained most" : "lost least (every start lost)", bestGain));
        List<String> parts = FaultShiftClaims.claimsInWords(verdicts, List.of(DQ1, DQ2),
                v -> "the " + (v.test().claim().equals(DQ1) ? v.test().bLabel() : v.test().aLabel()), " for ", ", ");
        if (verdicts.isEmpty()) {
            b.append(" No claim is testable: DQ1-DQ2 compare each start with an expert start (plan \"data\": \"expert\").");
        } else {
            b.append(' ').append(String.join(". ", parts)).append(". Numbers in parentheses are mean differences "
                    + "(expert minus the other start for DQ1, the other start minus expert for DQ2).");
        }
        return b.toString();
    }

    /** The comparison as markdown: the table, the verdicts and the summary (what the README holds). */
    public static String markdown(Map<String, FineTuningStudy.Results> studies) {
        return markdown(studies, verdicts(studies));
    }

    /** As {@link #markdown(Map)}, with the verdicts already computed. */
    public static String markdown(Map<String, FineTuningStudy.Results> studies, List<Verdict> v) {
        StringBuilder b = new StringBuilder();
        for (Table t : List.of(table(studies), check(studies, v))) {
            b.append(Tables.markdownSection(t));
        }
        return b.append(summary(studies, v)).append('\n').toString();
    }
}
