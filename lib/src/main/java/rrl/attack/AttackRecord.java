package rrl.attack;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import rrl.io.StrictJson;
import java.io.IOException;
import java.nio.file.Files;
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
        config.put("eps", r.config().eps());
        config.put("attack", r.config());
        config.put("best_fitness", r.bestFitness());
        config.put("delta", r.delta());
        config.put("env_steps_this_process", r.envSteps());
        config.put("seconds_this_process", r.seconds());
        config.put("resumed_from_generation", r.resumedFromGeneration());
        folder.writeConfig(config);
    }

    /**
     * Reads a finished attack back from the files {@link #write} left in {@code folder}, without running anything:
     * the result as it was (env steps and seconds of the process that wrote it), with {@code resumedFromGeneration}
     * the last generation (all of them were done).
     */
    public static DifferentialEvolutionAttack.Result read(RunFolder folder) {
        Path cfgFile = folder.file("config.json");
        JsonObject cfg;
        try {
            cfg = StrictJson.parse(Files.readString(cfgFile)).getAsJsonObject();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot read the attack record " + cfgFile + " (" + e.getMessage()
                    + "); run the attack again on " + folder.dir());
        }
        if (!cfg.has("attack")) {
            throw new IllegalArgumentException(cfgFile + " is not an attack record (no \"attack\"); run the attack again on "
                    + folder.dir());
        }
        AttackConfig config = new Gson().fromJson(cfg.get("attack"), AttackConfig.class);
        int na = rrl.env.Environments.task(config.env()).actionDim();
        double[] delta = readDelta(folder.file("delta.csv"), na);
        NumericCsv.Table pop = NumericCsv.read(folder.file("population.csv"), na + 1, "attack population");
        double[] population = new double[pop.rows().length * na];
        double[] fitness = new double[pop.rows().length];
        for (int i = 0; i < pop.rows().length; i++) {
            System.arraycopy(pop.rows()[i], 0, population, i * na, na);
            fitness[i] = pop.rows()[i][na];
        }
        NumericCsv.Table hist = NumericCsv.read(folder.file("history.csv"), 3, "attack history");
        double[] best = new double[hist.rows().length];
        double[] mean = new double[hist.rows().length];
        for (int g = 0; g < best.length; g++) {
            best[g] = hist.rows()[g][1];
            mean[g] = hist.rows()[g][2];
        }
        double bestFitness = cfg.has("best_fitness") ? cfg.get("best_fitness").getAsDouble() : best[best.length - 1];
        long steps = cfg.has("env_steps_this_process") ? cfg.get("env_steps_this_process").getAsLong() : 0;
        double seconds = cfg.has("seconds_this_process") ? cfg.get("seconds_this_process").getAsDouble() : 0;
        return new DifferentialEvolutionAttack.Result(config, delta, bestFitness, population, fitness, best, mean, steps,
                seconds, best.length - 1);
    }

    /**
     * Reads a perturbation written by {@link #write} (or any one-row CSV of Na numbers) for an Na-actuator task. A
     * header naming columns {@code delta_0 .. delta_{Na-1}} selects those columns, so an index column written beside
     * them (pandas' {@code to_csv} with its index: header {@code ,delta_0,...}) is not read as a value; without such
     * names every column is a value, and one value too many with a first column that looks like a row index is said
     * to be one.
     */
    public static double[] readDelta(Path file, int actDim) {
        NumericCsv.Table t = NumericCsv.read(file, -1, "perturbation (delta)", NumberRule.FINITE);
        if (t.rows().length != 1) {
            throw new IllegalArgumentException("perturbation file " + file + " has " + t.rows().length
                    + " rows; it must hold one row of " + actDim + " values (an attack's delta.csv)");
        }
        double[] row = t.rows()[0];
        List<String> header = t.header();
        double[] d = row;
        if (header != null && header.size() == row.length) {
            List<Integer> named = new ArrayList<>();
            for (int j = 0; ; j++) {
                int at = header.indexOf("delta_" + j);
                if (at < 0) {
                    break;
                }
                named.add(at);
            }
            long deltaColumns = header.stream().filter(h -> h.matches("delta_\\d+")).count();
            if (deltaColumns > 0 && deltaColumns != named.size()) {
                throw new IllegalArgumentException("perturbation file " + file + " names delta columns " + header
                        + " that are not delta_0 .. delta_" + (deltaColumns - 1) + "; write one column per actuator, "
                        + "delta_0 .. delta_" + (actDim - 1));
            }
            if (!named.isEmpty()) {
                d = new double[named.size()];
                for (int j = 0; j < d.length; j++) {
                    d[j] = row[named.get(j)];
                }
            }
        }
        if (d.length != actDim) {
            boolean indexLike = d == row && row.length == actDim + 1 && (header == null ? row[0] == 0
                    : header.get(0).isEmpty() || header.get(0).equalsIgnoreCase("index")
                            || header.get(0).startsWith("Unnamed"));
            throw new IllegalArgumentException("perturbation file " + file + " holds " + d.length + " values but the task "
                    + "has " + actDim + " actuators; " + (indexLike ? "its first column looks like a row index ("
                    + (header == null ? "value 0" : "header '" + header.get(0) + "'") + "): write the file without it "
                    + "(pandas: to_csv(index=False)) or name the columns delta_0 .. delta_" + (actDim - 1)
                    : "was the attack run on another environment?"));
        }
        return d;
    }
}
