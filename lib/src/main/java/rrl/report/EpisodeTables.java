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
                Tables.decimals(DoubleColumn.create("return", episodes.stream().mapToDouble(Episode::episodeReturn).toArray()),
                        Tables.RETURN),
                IntColumn.create("length", episodes.stream().mapToInt(Episode::length).toArray()),
                BooleanColumn.create("terminated", episodes.stream().map(Episode::terminated).toList()));
        return t;
    }

    /**
     * Episodes, mean, std, min and max of return and length per group ({@code policy} column), returns and lengths
     * with {@link Tables#RETURN} decimals; without the std columns when every group has one episode.
     */
    public static Table summary(String title, Table episodes) {
        Table s = episodes.summarize("return", "length", tech.tablesaw.aggregate.AggregateFunctions.count,
                tech.tablesaw.aggregate.AggregateFunctions.mean, tech.tablesaw.aggregate.AggregateFunctions.stdDev,
                tech.tablesaw.aggregate.AggregateFunctions.min, tech.tablesaw.aggregate.AggregateFunctions.max).by("policy");
        s.setName(title);
        // count is the same for return and length: keep one, named for what it counts.
        String count = s.columnNames().stream().filter(n -> n.startsWith("Count")).findFirst().orElse(null);
        if (count != null) {
            boolean single = s.numberColumn(count).asDoubleArray().length > 0
                    && java.util.Arrays.stream(s.numberColumn(count).asDoubleArray()).allMatch(n -> n <= 1);
            s.numberColumn(count).setName("episodes");
            s.columnNames().stream().filter(n -> n.startsWith("Count")).toList().forEach(s::removeColumns);
            if (single) {
                s.columnNames().stream().filter(n -> n.startsWith("Std")).toList().forEach(s::removeColumns);
            }
        }
        for (String n : s.columnNames()) {
            if (!n.equals("policy") && !n.equals("episodes") && s.column(n) instanceof tech.tablesaw.api.NumberColumn<?, ?> c) {
                // Episode lengths are whole steps: their min and max print as integers.
                boolean wholeSteps = n.endsWith("[length]") && (n.startsWith("Min") || n.startsWith("Max"));
                Tables.decimals(c, wholeSteps ? 0 : Tables.RETURN);
            }
        }
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
            // Math.round, not %.0f: a return of -0.3 reads "0", not "-0"
            parts.add(String.format(java.util.Locale.ROOT, "%s: return %d, %s, %d of %s terminated",
                    g.getKey(), Math.round(ret), rrl.io.Messages.count(Math.round(len), "step"), fell,
                    rrl.io.Messages.count(e.size(), "episode")));
        }
        return String.join("; ", parts) + ".";
    }
}
