package rrl.experiment;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import rrl.io.StrictJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import rrl.attack.AttackConfig;
import rrl.attack.AttackRecord;
import rrl.attack.DifferentialEvolutionAttack;
import rrl.eval.RobustnessEvaluation;
import rrl.results.RunFolder;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

/**
 * The files of a {@link RobustnessStudy} folder besides its runs: {@code robustness.csv} (per method),
 * {@code robustness-policies.csv} (per trained policy), {@code robustness-replicates.csv} (per trained policy and
 * replicate) and {@code config.json} ("study": the settings), written after the runs and read back by
 * {@link RobustnessStudy#load}.
 */
final class RobustnessStudyFiles {
    static final String POOLED = "robustness.csv";
    static final String POLICIES = "robustness-policies.csv";
    static final String REPLICATES = "robustness-replicates.csv";

    private static final List<String> COLUMNS = List.of("env", "training_data", "method", "condition", "episodes",
            "mean_return", "std_return", "d4rl_score", "mean_length", "seed");
    private static final Set<String> TEXT = Set.of("env", "training_data", "method", "condition", "policy");

    private RobustnessStudyFiles() {}

    static void write(RunFolder out, RobustnessStudy.Result r, Map<String, Object> config) {
        out.writeTable(RobustnessEvaluation.table("robustness", r.pooled()), POOLED);
        out.writeTable(table("robustness per trained policy", r.perPolicy()), POLICIES);
        out.writeTable(table("robustness per replicate", r.replicates()), REPLICATES);
        out.writeConfig(config);
    }

    /**
     * Rows as a table in the long layout of {@code robustness.csv} with the trained policy after the method:
     * env, training_data, method, policy_index, policy, condition, episodes, mean_return, std_return, d4rl_score,
     * mean_length, seed.
     */
    static Table table(String title, List<RobustnessStudy.PolicyRow> rows) {
        Table base = RobustnessEvaluation.table(title, rows.stream().map(RobustnessStudy.PolicyRow::row).toList());
        Table t = Table.create(title);
        t.addColumns(base.column("env"), base.column("training_data"), base.column("method"),
                IntColumn.create("policy_index", rows.stream().mapToInt(RobustnessStudy.PolicyRow::policyIndex).toArray()),
                StringColumn.create("policy", rows.stream().map(RobustnessStudy.PolicyRow::policy).toList()));
        for (String c : List.of("condition", "episodes", "mean_return", "std_return", "d4rl_score", "mean_length", "seed")) {
            t.addColumns(base.column(c));
        }
        return t;
    }

    static RobustnessStudy.Result load(Path dir) {
        RobustnessStudy.Config c = config(dir);
        List<RobustnessEvaluation.Row> pooled = new ArrayList<>();
        Table p = csv(dir, POOLED);
        for (int i = 0; i < p.rowCount(); i++) {
            pooled.add(row(p, i));
        }
        List<RobustnessStudy.PolicyRow> replicates = policyRows(dir, REPLICATES, c);
        List<RobustnessStudy.PolicyRow> perPolicy;
        if (Files.exists(dir.resolve(POLICIES))) {
            perPolicy = policyRows(dir, POLICIES, c);
        } else {
            // written before methods could have several policies: one policy per method, its cell is the method's
            perPolicy = new ArrayList<>();
            for (RobustnessEvaluation.Row row : pooled) {
                perPolicy.add(new RobustnessStudy.PolicyRow(0, onlyPolicy(dir, c, row.method(), POLICIES), row));
            }
        }
        int policies = c.subjects().stream().mapToInt(RobustnessStudy.Subject::trainingSeeds).sum();
        requireRows(dir, POOLED, pooled.size(), 3 * c.subjects().size(), "methods x 3 conditions");
        requireRows(dir, POLICIES, perPolicy.size(), 3 * policies, "trained policies x 3 conditions");
        requireRows(dir, REPLICATES, replicates.size(), 3 * policies * c.replicates(),
                "trained policies x 3 conditions x replicates");
        Map<String, List<DifferentialEvolutionAttack.Result>> attacks = new LinkedHashMap<>();
        for (RobustnessStudy.Subject s : c.subjects()) {
            for (int t = 0; t < s.trainingSeeds(); t++) {
                List<DifferentialEvolutionAttack.Result> found = new ArrayList<>();
                for (int k = 0; k < c.replicates(); k++) {
                    Path a = dir.resolve("attacks").resolve(s.runName(t, k));
                    if (!Files.isRegularFile(a.resolve("delta.csv"))) {
                        throw new IllegalArgumentException(dir + " has no finished attack attacks/" + s.runName(t, k)
                                + "/; run `rrl robustness ... --out " + dir + "` (or notebook 02) on the folder again to finish it");
                    }
                    found.add(AttackRecord.read(RunFolder.at(a)));
                }
                attacks.put(s.policyLabel(t), found);
            }
        }
        return new RobustnessStudy.Result(c, pooled, perPolicy, replicates, attacks);
    }

    /** The settings in {@code dir/config.json}'s "study"; subjects written with one "policy" read as one-policy methods. */
    static RobustnessStudy.Config config(Path dir) {
        Path f = dir.resolve("config.json");
        String notStudy = dir + " is not a robustness study folder";
        String fix = "; give the folder `rrl robustness --out DIR` (or notebook 02) wrote, e.g. notebooks/recorded/robustness-hopper";
        if (!Files.isRegularFile(f)) {
            throw new IllegalArgumentException(notStudy + " (no config.json)" + fix);
        }
        JsonObject root;
        try {
            JsonElement e = StrictJson.parse(Files.readString(f));
            root = e.isJsonObject() ? e.getAsJsonObject() : new JsonObject();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(notStudy + " (cannot read config.json: " + e.getMessage() + ")" + fix);
        }
        if (!root.has("study") || !root.get("study").isJsonObject()) {
            throw new IllegalArgumentException(notStudy + " (its config.json has no \"study\")" + fix);
        }
        JsonObject st = root.getAsJsonObject("study");
        try {
            List<RobustnessStudy.Subject> subjects = new ArrayList<>();
            for (JsonElement e : st.getAsJsonArray("subjects")) {
                JsonObject o = e.getAsJsonObject();
                List<String> policies = new ArrayList<>();
                if (o.has("policies")) {
                    o.getAsJsonArray("policies").forEach(x -> policies.add(x.getAsString()));
                } else {
                    policies.add(o.get("policy").getAsString());
                }
                List<Long> seeds = null; // written by plans that train their policies (RobustnessTablesStudy)
                if (o.has("seeds") && o.get("seeds").isJsonArray()) {
                    seeds = new ArrayList<>();
                    for (JsonElement x : o.getAsJsonArray("seeds")) {
                        seeds.add(x.getAsLong());
                    }
                }
                subjects.add(new RobustnessStudy.Subject(o.get("method").getAsString(), o.get("trainingData").getAsString(),
                        policies, seeds));
            }
            AttackConfig attack = new Gson().fromJson(st.get("attack"), AttackConfig.class);
            return new RobustnessStudy.Config(st.get("env").getAsString(), subjects, st.get("eps").getAsDouble(),
                    st.get("evalEpisodes").getAsInt(), st.get("evalEnvs").getAsInt(), attack,
                    st.get("replicates").getAsInt(), st.get("seed").getAsLong());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(notStudy + " (config.json's \"study\" is not a robustness study's settings: "
                    + e.getMessage() + ")" + fix);
        }
    }

    private static List<RobustnessStudy.PolicyRow> policyRows(Path dir, String file, RobustnessStudy.Config c) {
        Table t = csv(dir, file);
        boolean indexed = t.columnNames().contains("policy_index") && t.columnNames().contains("policy");
        List<RobustnessStudy.PolicyRow> out = new ArrayList<>();
        for (int i = 0; i < t.rowCount(); i++) {
            RobustnessEvaluation.Row row = row(t, i);
            out.add(indexed ? new RobustnessStudy.PolicyRow(t.intColumn("policy_index").getInt(i),
                    t.stringColumn("policy").get(i), row)
                    : new RobustnessStudy.PolicyRow(0, onlyPolicy(dir, c, row.method(), file), row));
        }
        return out;
    }

    /** The one policy of {@code method}, for files written before methods could have several. */
    private static String onlyPolicy(Path dir, RobustnessStudy.Config c, String method, String file) {
        RobustnessStudy.Subject s = c.subjects().stream().filter(x -> x.method().equals(method)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(dir + ": " + file + " has method '" + method
                        + "', which config.json's study does not list; the folder mixes two studies, run it into a fresh folder"));
        if (s.trainingSeeds() != 1) {
            throw new IllegalArgumentException(dir + ": " + file + " has no policy_index column but " + method + " has "
                    + s.trainingSeeds() + " policies; run `rrl robustness ... --out " + dir + "` again to rewrite its tables");
        }
        return s.policies().get(0);
    }

    private static void requireRows(Path dir, String file, int got, int want, String what) {
        if (got != want) {
            throw new IllegalArgumentException(dir + ": " + file + " has " + got + " rows, the study's settings give " + want
                    + " (" + what + "); run `rrl robustness ... --out " + dir + "` again to rewrite its tables");
        }
    }

    private static Table csv(Path dir, String file) {
        Path f = dir.resolve(file);
        if (!Files.isRegularFile(f)) {
            throw new IllegalArgumentException(dir + " has no " + file + ": the study did not finish; resume it with "
                    + "`rrl robustness ... --out " + dir + "` (the same options; or notebook 02)");
        }
        Table t;
        try {
            t = Table.read().usingOptions(CsvReadOptions.builder(f.toFile()).columnTypes(RobustnessStudyFiles::type));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot read " + f + " (" + e.getMessage() + "); run `rrl robustness ... --out " + dir
                    + "` again to rewrite it");
        }
        List<String> missing = COLUMNS.stream().filter(c -> !t.columnNames().contains(c)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(f + " lacks the columns " + missing + "; run `rrl robustness ... --out " + dir
                    + "` again to rewrite it");
        }
        return t;
    }

    private static ColumnType type(String column) {
        return TEXT.contains(column) ? ColumnType.STRING
                : column.equals("episodes") || column.equals("policy_index") ? ColumnType.INTEGER
                : column.equals("seed") ? ColumnType.LONG : ColumnType.DOUBLE;
    }

    private static RobustnessEvaluation.Row row(Table t, int i) {
        return new RobustnessEvaluation.Row(t.stringColumn("env").get(i), t.stringColumn("training_data").get(i),
                t.stringColumn("method").get(i), t.stringColumn("condition").get(i), t.intColumn("episodes").getInt(i),
                number(t, "mean_return", i), number(t, "std_return", i), number(t, "d4rl_score", i),
                number(t, "mean_length", i), ((LongColumn) t.column("seed")).getLong(i));
    }

    private static double number(Table t, String column, int i) {
        DoubleColumn c = t.doubleColumn(column);
        return c.isMissing(i) ? Double.NaN : c.getDouble(i);
    }
}
