package rrl.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import rrl.corrupt.CorruptedDataset;
import rrl.corrupt.CorruptionConfig;
import rrl.corrupt.CorruptionField;
import rrl.corrupt.DatasetCorruption;
import rrl.data.D4rlDataset;
import rrl.data.DatasetCollector;
import rrl.env.Environments;
import rrl.policy.Policies;

/** The masks table: one row per corrupted field with the count the masks hold. */
class CorruptionViewsTest {
    @Test
    void oneRowPerFieldWithItsMaskCount() {
        D4rlDataset d = DatasetCollector.collect(Environments.task("Hopper"), Policies.uniformRandom(1), 400, 2, 1, null);
        CorruptedDataset c = DatasetCorruption.apply(d, CorruptionConfig.random(EnumSet.of(CorruptionField.ACTION,
                CorruptionField.REWARD), 3), null);
        var t = CorruptionViews.counts("T", c);
        assertEquals(2, t.rowCount());
        for (int i = 0; i < 2; i++) {
            CorruptionField f = CorruptionField.parse(t.stringColumn("field").get(i));
            int n = 0;
            for (boolean b : c.masks().get(f)) {
                n += b ? 1 : 0;
            }
            assertEquals(n, t.intColumn("corrupted").get(i));
            assertEquals(c.transitions(), t.intColumn("transitions").get(i));
        }
    }
}
