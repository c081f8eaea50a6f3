package rrl.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.HeatMapChart;
import rrl.eval.StateActionGrid;
import rrl.experiment.FineTuningStudy;
import rrl.stats.ClaimTest;
import rrl.stats.Verdict;
import rrl.stats.VerdictRule;
import rrl.stats.Verdicts;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * State and action perturbations together over a fine-tuning study's training seeds (paper 1's open question 2, issue
 * 21, item 2): each policy's return over the grid of action and observation bounds ({@link StateActionGrid}) with
 * bootstrap intervals, as a table and heat maps, and the claims that adversarial fine-tuning against actuator faults
 * carries over to perturbed observations, with verdicts under {@link VerdictRule#DEFAULT}.
 *
 * <p>The measure, fixed before the runs: a policy's mean episode return in one cell and condition, in the
 * environment's reward units; one value per training seed. The claims, one Holm family: the adversarially fine-tuned
 * policy (adversarial condition, fixed q, from pi_off: the policy of claims 5 and 7) has a higher return than (SA1)
 * the normally fine-tuned policy and (SA2) pi_off, under the joint adversarial attack of every cell whose observation
 * bound is above 0 (the perturbations fine-tuning never saw); paired by training seed.
 */
public final class StateActionClaims {
    private StateActionClaims() {}

    /** The claims' names. */
    public static final String SA1 = "SA1: adversarial fine-tuning beats normal fine-tuning under observation and action attacks";
    public static final String SA2 = "SA2: adversarial fine-tuning beats pi_off under observation and action attacks";

    /** The cells' labels in the rows' order ({@link StateActionGrid.Row#label()}). */
    public static List<String> cells(Map<String, Map<Long, List<StateActionGrid.Row>>> grid) {
        Map<String, Boolean> seen = new LinkedHashMap<>();
        grid.values().forEach(bySeed -> bySeed.values().forEach(rows -> rows.forEach(r -> seen.put(r.label(), true))));
        return new ArrayList<>(seen.keySet());
    }

    /** The cells the claims test: adversarial, observation bound above 0. */
    public static List<String> testedCells(Map<String, Map<Long, List<StateActionGrid.Row>>> grid) {
        Map<String, Boolean> seen = new LinkedHashMap<>();
        grid.values().forEach(bySeed -> bySeed.values().forEach(rows -> rows.stream()
                .filter(r -> r.condition().equals(StateActionGrid.ADVERSARIAL) && r.observationEps() > 0)
                .forEach(r -> seen.put(r.label(), true))));
        return new ArrayList<>(seen.keySet());
    }

    /** One seed's mean return in the cell labelled {@code cell} (NaN without it). */
    public static double cellReturn(List<StateActionGrid.Row> rows, String cell) {
        return rows.stream().filter(r -> r.label().equals(cell)).mapToDouble(StateActionGrid.Row::meanReturn).findFirst()
                .orElse(Double.NaN);
    }

    private static double[] cellReturns(Map<Long, List<StateActionGrid.Row>> bySeed, List<Long> seeds, String cell) {
        return seeds.stream().mapToDouble(s -> cellReturn(bySeed.get(s), cell)).toArray();
    }

    /**
     * SA1 and SA2 per tested cell, paired over the seeds both sides have; none when the study lacks the adversarial
     * fixed-q run, the normal run or their state-action results.
     */
    public static List<ClaimTest> claimTests(FineTuningStudy.Results r) {
        return FaultShiftClaims.againstNormalAndPiOff(r, r.stateAction(), SA1, SA2, testedCells(r.stateAction()),
                cell -> "mean return, " + cell, StateActionClaims::cellReturn);
    }

    /** The verdicts of {@link #claimTests} under {@link VerdictRule#DEFAULT}, Holm over all of them. */
    public static List<Verdict> verdicts(FineTuningStudy.Results r) {
        return Verdicts.evaluate(claimTests(r), VerdictRule.DEFAULT);
    }

    /** The verdicts as a table (estimator, estimate, intervals, p, Holm's p, n, verdict per comparison). */
    public static Table check(FineTuningStudy.Results r, List<Verdict> verdicts) {
        return StatsTables.verdicts(r.plan().env() + ": claims SA1-SA2 (state and action perturbations, issue 21)",
                verdicts);
    }

    /**
     * A row per cell and condition, a column per policy: its mean return over training seeds with the 95% percentile
     * bootstrap interval over seeds, "mean [low, high]"; one seed gives the mean alone. Policies in the results' order
     * (pi_off first). Observation bounds are in units of pi_off's observation std.
     */
    public static Table table(FineTuningStudy.Results r) {
        Map<String, Map<Long, List<StateActionGrid.Row>>> grid = r.stateAction();
        List<String> cells = cells(grid);
        Table t = Table.create(r.plan().env() + ": return under action and observation perturbations (observation bound "
                + "in units of pi_off's data std), mean over training seeds [95% bootstrap CI]",
                StringColumn.create("cell", cells));
        grid.forEach((policy, bySeed) -> {
            List<Long> seeds = bySeed.keySet().stream().sorted().toList();
            StringColumn c = StringColumn.create(policy + " (n=" + seeds.size() + ")");
            for (String cell : cells) {
                c.append(FaultShiftClaims.meanWithInterval(policy + " " + cell, cellReturns(bySeed, seeds, cell)));
            }
            t.addColumns(c);
        });
        return t;
    }

    /**
     * Heat maps of {@code condition}'s grid ({@link StateActionGrid#RANDOM} or {@link StateActionGrid#ADVERSARIAL}), one
     * per policy: the mean return over training seeds per action bound (x) and observation bound (y). Cells the
     * condition does not have (the adversarial (0, 0)) show the random (nominal) return. All maps share one colour scale
     * ({@link Charts#sameColourScale}). With {@code policies}, only
     * those (names as in {@link FineTuningStudy.Results#stateAction()}: {@link FineTuningStudy#PI_OFF}, run names), in
     * the results' order.
     */
    public static List<HeatMapChart> heatmaps(FineTuningStudy.Results r, String condition, String... policies) {
        Map<String, Map<Long, List<StateActionGrid.Row>>> grid = r.stateAction();
        List<HeatMapChart> out = new ArrayList<>();
        List<String> wanted = List.of(policies);
        grid.forEach((policy, bySeed) -> {
            if (!wanted.isEmpty() && !wanted.contains(policy)) {
                return;
            }
            List<Long> seeds = bySeed.keySet().stream().sorted().toList();
            List<StateActionGrid.Row> first = bySeed.get(seeds.get(0));
            List<Double> actions = first.stream().map(StateActionGrid.Row::actionEps).distinct().sorted().toList();
            List<Double> observations = first.stream().map(StateActionGrid.Row::observationEps).distinct().sorted().toList();
            double[][] z = new double[observations.size()][actions.size()];
            for (int i = 0; i < observations.size(); i++) {
                for (int j = 0; j < actions.size(); j++) {
                    double a = actions.get(j);
                    double o = observations.get(i);
                    boolean has = first.stream().anyMatch(x -> x.condition().equals(condition) && x.actionEps() == a
                            && x.observationEps() == o);
                    String cell = StateActionGrid.Row.label(has ? condition : StateActionGrid.RANDOM, a, o);
                    z[i][j] = FineTuningClaims.mean(cellReturns(bySeed, seeds, cell));
                }
            }
            out.add(Charts.heatmap(r.plan().env() + ", " + policy + ": " + condition + " return (mean over "
                    + rrl.io.Messages.count(seeds.size(), "seed") + ")", "action bound eps (share of the command)",
                    actions.stream().map(rrl.io.Texts::number).toList(), "observation bound (x pi_off's data std)",
                    observations.stream().map(rrl.io.Texts::number).toList(), z, "episode return (reward units)"));
        });
        return Charts.sameColourScale(out); // the maps are compared with each other: one colour, one return
    }

    /**
     * In words, from the verdicts: per claim, the cells where it holds, does not hold, or is inconclusive, and each
     * policy's return at the grid's strongest joint attack. The notebook's closing lines, so the text cannot drift from
     * the table.
     */
    public static String summary(FineTuningStudy.Results r, List<Verdict> verdicts) {
        Map<String, Map<Long, List<StateActionGrid.Row>>> grid = r.stateAction();
        if (verdicts.isEmpty()) {
            return "No claim is testable: SA1 needs state-action results of an adversarial fixed-q run and of a normal "
                    + "run, SA2 of an adversarial fixed-q run and of pi_off; this study has state-action results of "
                    + (grid.isEmpty() ? "none (plan \"stateAction\")" : String.join(", ", grid.keySet())) + ".";
        }
        List<String> parts = FaultShiftClaims.claimsInWords(verdicts, List.of(SA1, SA2), v -> v.test().measure()
                .replace("mean return, adversarial, ", ""), " at ", "; ");
        List<String> tested = testedCells(grid);
        String strongest = tested.isEmpty() ? null : tested.get(tested.size() - 1);
        StringBuilder b = new StringBuilder(String.join(". ", parts)).append('.');
        if (strongest != null) {
            List<String> each = new ArrayList<>();
            grid.forEach((policy, bySeed) -> {
                List<Long> seeds = bySeed.keySet().stream().sorted().toList();
                each.add(String.format(Locale.ROOT, "%s %.0f", policy, FineTuningClaims.mean(cellReturns(bySeed, seeds,
                        strongest))));
            });
            // how hard each cell's DE searched: a small one leaves returns a stronger attack would not
            FineTuningStudy.StateActionPhase how = r.plan().stateAction() == null ? null
                    : r.plan().stateAction().resolve(r.plan());
            String de = how == null ? "" : String.format(Locale.ROOT, "; each cell's DE: NP %d, %s",
                    how.attackPopulation(), rrl.io.Messages.count(how.attackGenerations(), "generation"));
            b.append(" At the grid's largest bounds (").append(strongest.replace("adversarial, ", "")).append(de)
                    .append(") the mean returns under attack are: ").append(String.join(", ", each))
                    .append(". Numbers in parentheses are mean paired differences in return.");
        }
        Map<Long, List<StateActionGrid.Row>> piOff = grid.get(FineTuningStudy.PI_OFF);
        if (piOff != null) { // what each kind of perturbation costs the offline policy alone, at the grid's largest bounds
            List<Long> seeds = piOff.keySet().stream().sorted().toList();
            List<StateActionGrid.Row> first = piOff.get(seeds.get(0));
            double a = first.stream().mapToDouble(StateActionGrid.Row::actionEps).max().orElse(0);
            double o = first.stream().mapToDouble(StateActionGrid.Row::observationEps).max().orElse(0);
            double nominal = FineTuningClaims.mean(cellReturns(piOff, seeds, StateActionGrid.Row.label(
                    StateActionGrid.RANDOM, 0, 0)));
            double obsOnly = FineTuningClaims.mean(cellReturns(piOff, seeds, StateActionGrid.Row.label(
                    StateActionGrid.RANDOM, 0, o)));
            double actOnly = FineTuningClaims.mean(cellReturns(piOff, seeds, StateActionGrid.Row.label(
                    StateActionGrid.RANDOM, a, 0)));
            if (Double.isFinite(nominal) && Double.isFinite(obsOnly) && Double.isFinite(actOnly) && a > 0 && o > 0) {
                b.append(String.format(Locale.ROOT, " Under random perturbations pi_off returns %.0f nominally, %.0f with "
                        + "observation noise of %s std alone and %.0f with actuator delta within %s alone.", nominal,
                        obsOnly, rrl.io.Texts.number(o), actOnly, rrl.io.Texts.number(a)));
            }
        }
        return b.toString();
    }

    /**
     * The state-action part of a study's report as markdown: the grid table, the verdicts and the summary; empty when
     * the study ran no state-action phase.
     */
    public static String markdown(FineTuningStudy.Results r, List<Verdict> verdicts) {
        if (r.stateAction().isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (Table t : List.of(table(r), check(r, verdicts))) {
            b.append(Tables.markdownSection(t));
        }
        return b.append(summary(r, verdicts)).append('\n').toString();
    }
}
