package rrl.nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;
import rrl.data.D4rlDataset;
import rrl.data.DatasetCollector;
import rrl.policy.ShippedPolicies;
import rrl.data.Transitions;
import rrl.env.Environments;

class D4rlArraysTest {
    private static D4rlDataset hopperData() {
        // a real dataset: 1,500 steps of the shipped medium policy (episodes end by falling and by time-out)
        return DatasetCollector.collect(Environments.task("Hopper"), ShippedPolicies.load("Hopper", "medium"),
                1500, 2, 7L, null);
    }

    @Test
    void datasetToArraysAndBackThroughHdf5IsExact(@TempDir Path dir) {
        D4rlDataset d = hopperData();
        D4rlArrays a = D4rlArrays.of(d);
        assertArrayEquals(new long[] {d.size(), 11}, a.observations().shape());
        assertArrayEquals(new long[] {d.size(), 3}, a.actions().shape());
        assertEquals(d.observation(1234, 5), a.observations().getFloat(1234, 5));
        assertEquals(d.action(77, 2), a.actions().getFloat(77, 2));
        int terminals = 0;
        for (boolean t : d.terminals()) {
            terminals += t ? 1 : 0;
        }
        assertEquals(terminals, a.terminals().sumNumber().intValue());
        // ND4J statistics agree with the library's own (float sums vs double: 1e-4)
        float[] mean = a.observations().mean(0).toFloatVector();
        for (int j = 0; j < 11; j++) {
            assertEquals(d.statistics().obsMean()[j], mean[j], 1e-4);
        }

        Path file = dir.resolve("from-nd4j.hdf5");
        a.toDataset().write(file);
        D4rlDataset back = D4rlDataset.read(file);
        assertArrayEquals(d.observations(), back.observations());
        assertArrayEquals(d.actions(), back.actions());
        assertArrayEquals(d.rewards(), back.rewards());
        assertArrayEquals(d.terminals(), back.terminals());
        assertArrayEquals(d.timeouts(), back.timeouts());
    }

    @Test
    void qlearningViewMatchesTransitions() {
        D4rlDataset d = hopperData();
        Transitions t = d.qlearningView();
        TransitionArrays a = TransitionArrays.of(t);
        assertEquals(t.count(), a.observations().size(0));
        assertArrayEquals(t.nextObs(), Nd4jArrays.rowMajorFloats(a.nextObservations(), "next", 11));
        assertArrayEquals(t.dones(), a.dones().toFloatVector());
    }

    @Test
    void badArraysAreRefusedByName() {
        var obs = Nd4j.rand(4, 11);
        var act = Nd4j.rand(4, 3);
        var rew = Nd4j.zeros(4);
        var bad = new D4rlArrays(obs, act, rew, Nd4j.create(new float[] {0, 1, 0.5f, 0}), Nd4j.zeros(4), null);
        var e = assertThrows(IllegalArgumentException.class, bad::toDataset);
        assertTrue(e.getMessage().contains("terminals[2] is 0.5"), e.getMessage());
        var short3 = new D4rlArrays(obs, act, Nd4j.zeros(3), Nd4j.zeros(4), Nd4j.zeros(4), null);
        var s = assertThrows(RuntimeException.class, short3::toDataset);
        assertTrue(s.getMessage().contains("rewards"), s.getMessage());
    }
}
