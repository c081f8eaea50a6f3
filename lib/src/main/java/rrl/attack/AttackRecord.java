package rrl.attack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import rrl.guard.NumberRule;
import rrl.io.NumericCsv;
import rrl.results.RunFolder;

/**
 * The files an attack leaves in its run folder: {@code delta.csv} (the adversarial perturbation, one row of Na
 * values; what {@code rrl evaluate --delta} reads), {@code population.csv} (final population with fitness,
 * kept for perturbation pools), {@code history.csv} (best and mean fitness per generation) and
 * {@code config.json} (settings, seed, policy).
 */
public final class AttackRecord {
    private AttackRecord() {}

    public static void write(RunFolder folder, DifferentialEvolutionAttack.Result r, Map<String, ?> extra) {
        int na = r.actionDim();
        List<String> deltaHeader = new ArrayList<>();
        for (int j = 0; j < na; j++) {
            deltaHeader.add("delta_" + j);
        }
        NumericCsv.write(folder.file("delta.csv"), deltaHeader, List.of(r.delta()));
        List<String> popHeader = new ArrayList<>(deltaHeader);
        popHeader.add("fitness");
        List<double[]> pop = new ArrayList<>();
        for (int i = 0; i < r.fitness().length; i++) {
            double[] row = new double[na + 1];
            System.arraycopy(r.population(), i * na, row, 0, na);
            row[na] = r.fitness()[i];
            pop.add(row);
        }
        NumericCsv.write(folder.file("population.csv"), popHeader, pop);
        List<double[]> hist = new ArrayList<>();
        for (int g = 0; g < r.bestHistory().length; g++) {
            hist.add(new double[] {g, r.bestHistory()[g], r.meanHistory()[g]});
        }
        NumericCsv.write(folder.file("history.csv"), List.of("generation", "best_fitness", "mean_fitness"), hist);
        Map<String, Object> config = new LinkedHashMap<>(extra);
        config.put("attack", r.config());
        config.put("best_fitness", r.bestFitness());
        config.put("delta", r.delta());
        config.put("env_steps_this_process", r.envSteps());
        config.put("seconds_this_process", r.seconds());
        folder.writeConfig(config);
    }

    /** Reads a perturbation written by {@link #write} (or any one-row CSV of Na numbers) for an Na-actuator task. */
    public static double[] readDelta(Path file, int actDim) {
        NumericCsv.Table t = NumericCsv.read(file, -1, "perturbation (delta)", NumberRule.FINITE);
        if (t.rows().length != 1) {
            throw new IllegalArgumentException("perturbation file " + file + " has " + t.rows().length
                    + " rows; it must hold one row of " + actDim + " values (an attack's delta.csv)");
        }
        double[] d = t.rows()[0];
        if (d.length != actDim) {
            throw new IllegalArgumentException("perturbation file " + file + " holds " + d.length + " values but the task has "
                    + actDim + " actuators; was the attack run on another environment?");
        }
        return d;
    }
}
