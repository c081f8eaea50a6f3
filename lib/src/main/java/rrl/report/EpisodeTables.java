package rrl.report;

import java.util.List;
import rrl.rollout.Episode;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Tablesaw views of rollout results. */
public final class EpisodeTables {
    private EpisodeTables() {}

    /** One row per episode: label, env slot, episode, return, length, terminated. */
    public static Table episodes(String title, String label, List<Episode> episodes) {
        Table t = Table.create(title);
        t.addColumns(
                StringColumn.create("policy", episodes.stream().map(e -> label).toArray(String[]::new)),
                IntColumn.create("env", episodes.stream().mapToInt(Episode::env).toArray()),
                IntColumn.create("episode", episodes.stream().mapToInt(Episode::index).toArray()),
                DoubleColumn.create("return", episodes.stream().mapToDouble(Episode::episodeReturn).toArray()),
                IntColumn.create("length", episodes.stream().mapToInt(Episode::length).toArray()),
                BooleanColumn.create("terminated", episodes.stream().map(Episode::terminated).toList()));
        return t;
    }

    /** Mean, std, min and max of return and length per group ({@code policy} column). */
    public static Table summary(String title, Table episodes) {
        Table s = episodes.summarize("return", "length", tech.tablesaw.aggregate.AggregateFunctions.mean,
                tech.tablesaw.aggregate.AggregateFunctions.stdDev, tech.tablesaw.aggregate.AggregateFunctions.min,
                tech.tablesaw.aggregate.AggregateFunctions.max).by("policy");
        s.setName(title);
        return s;
    }
}
