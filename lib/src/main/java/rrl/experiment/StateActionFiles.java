package rrl.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import rrl.eval.StateActionGrid;
import rrl.results.RunFolder;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A state-action grid evaluation's {@code state-action.csv} ({@link StateActionGrid.Row}s): one row per cell and
 * condition with columns env, condition, action_eps, observation_eps, episodes, mean_return, std_return and
 * attack_seconds. Written atomically; read back with every column checked, so a damaged file is one line naming it.
 */
public final class StateActionFiles {
    private StateActionFiles() {}

    /** The file a state-action run writes in its folder. */
    public static final String FILE = "state-action.csv";

    static final List<String> COLUMNS = List.of("env", "condition", "action_eps", "observation_eps", "episodes",
            "mean_return", "std_return", "attack_seconds");

    /** Writes {@code rows} as {@code folder}/{@link #FILE}; returns the file. */
    public static Path write(RunFolder folder, List<StateActionGrid.Row> rows) {
        Table t = Table.create(FILE,
                StringColumn.create("env", rows.stream().map(StateActionGrid.Row::env).toList()),
                StringColumn.create("condition", rows.stream().map(StateActionGrid.Row::condition).toList()),
                DoubleColumn.create("action_eps", rows.stream().mapToDouble(StateActionGrid.Row::actionEps).toArray()),
                DoubleColumn.create("observation_eps", rows.stream().mapToDouble(StateActionGrid.Row::observationEps)
                        .toArray()),
                IntColumn.create("episodes", rows.stream().mapToInt(StateActionGrid.Row::episodes).toArray()),
                DoubleColumn.create("mean_return", rows.stream().mapToDouble(StateActionGrid.Row::meanReturn).toArray()),
                DoubleColumn.create("std_return", rows.stream().mapToDouble(StateActionGrid.Row::stdReturn).toArray()),
                DoubleColumn.create("attack_seconds", rows.stream().mapToDouble(StateActionGrid.Row::attackSeconds)
                        .toArray()));
        folder.writeTable(t, FILE);
        return folder.file(FILE);
    }

    /**
     * The rows of {@code file}, in its order.
     *
     * @throws IllegalArgumentException naming the file: missing, unreadable, lacking a column, or a row lacking a value
     */
    public static List<StateActionGrid.Row> read(Path file) {
        Table t = FaultShiftFiles.readTable(file, COLUMNS, c -> switch (c) {
            case "env", "condition" -> ColumnType.STRING;
            case "episodes" -> ColumnType.INTEGER;
            default -> ColumnType.DOUBLE;
        }, "state-action");
        List<StateActionGrid.Row> out = new ArrayList<>();
        for (int i = 0; i < t.rowCount(); i++) {
            for (String c : List.of("condition", "action_eps", "observation_eps", "mean_return")) {
                if (t.column(c).isMissing(i)) {
                    throw new IllegalArgumentException(file + " row " + (i + 1) + " lacks its " + c.replace('_', ' ')
                            + "; delete its folder and run the study again to rewrite it");
                }
            }
            out.add(new StateActionGrid.Row(t.stringColumn("env").get(i), t.stringColumn("condition").get(i),
                    FaultShiftFiles.number(t, "action_eps", i), FaultShiftFiles.number(t, "observation_eps", i),
                    t.intColumn("episodes").getInt(i), FaultShiftFiles.number(t, "mean_return", i),
                    FaultShiftFiles.number(t, "std_return", i), FaultShiftFiles.number(t, "attack_seconds", i)));
        }
        return out;
    }
}
