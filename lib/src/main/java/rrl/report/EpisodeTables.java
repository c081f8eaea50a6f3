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
    /**
     * The episodes of each (label, episodes) group in words: mean return, mean length, and the share that ended by
     * termination (a fall) rather than by the 1000-step time limit.
     */
    public static String summaryText(java.util.Map<String, List<Episode>> groups) {
        List<String> parts = new java.util.ArrayList<>();
        for (java.util.Map.Entry<String, List<Episode>> g : groups.entrySet()) {
            List<Episode> e = g.getValue();
            double ret = e.stream().mapToDouble(Episode::episodeReturn).average().orElse(Double.NaN);
            double len = e.stream().mapToInt(Episode::length).average().orElse(Double.NaN);
            long fell = e.stream().filter(Episode::terminated).count();
            parts.add(String.format(java.util.Locale.ROOT, "%s: return %.0f, %.0f steps, %d of %d episodes terminated",
                    g.getKey(), ret, len, fell, e.size()));
        }
        return String.join("; ", parts) + ".";
    }
}
