package rrl.report;

import rrl.corrupt.CorruptedDataset;
import rrl.corrupt.CorruptionField;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** A corrupted dataset's masks as a table: per corrupted field, how many transitions and what share. */
public final class CorruptionViews {
    private CorruptionViews() {}

    /** One row per corrupted field (obs, act, rew, dyn): transitions corrupted, transitions in all, share (0-1). */
    public static Table counts(String title, CorruptedDataset c) {
        Table t = Table.create(title, StringColumn.create("field"), IntColumn.create("corrupted"),
                IntColumn.create("transitions"), DoubleColumn.create("share"));
        for (CorruptionField f : c.masks().keySet()) {
            t.stringColumn("field").append(f.label());
            t.intColumn("corrupted").append(c.corrupted(f));
            t.intColumn("transitions").append(c.transitions());
            t.doubleColumn("share").append((double) c.corrupted(f) / c.transitions());
        }
        return Tables.decimals(t, 3, "share");
    }
}
