package rrl.nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class Nd4jArraysTest {
    @Test
    void rowMajorRoundTripKeepsRowsAndColumns() {
        float[] a = {1, 2, 3, 4, 5, 6};
        INDArray m = Nd4jArrays.matrix(a, 2, 3);
        assertArrayEquals(new long[] {2, 3}, m.shape());
        assertEquals(6f, m.getFloat(1, 2));
        assertEquals(2f, m.getFloat(0, 1));
        assertArrayEquals(a, Nd4jArrays.rowMajorFloats(m, "x", 3));
    }

    @Test
    void columnMajorAndTransposedViewsComeOutRowMajor() {
        INDArray t = Nd4j.create(new double[] {1, 2, 3, 4, 5, 6}, new long[] {3, 2}, 'c').transpose(); // [2,3] view
        assertArrayEquals(new float[] {1, 3, 5, 2, 4, 6}, Nd4jArrays.rowMajorFloats(t, "x", 3));
        INDArray f = Nd4j.create(new double[] {1, 2, 3, 4, 5, 6}, new long[] {2, 3}, 'f');
        assertArrayEquals(new double[] {1, 3, 5, 2, 4, 6}, Nd4jArrays.rowMajorDoubles(f, "x", 3));
    }

    @Test
    void wrongShapesNameWhatWasExpected() {
        INDArray m = Nd4j.zeros(5, 17);
        var e = assertThrows(IllegalArgumentException.class, () -> Nd4jArrays.rowMajorFloats(m, "observations", 11));
        assertTrue(e.getMessage().contains("17 columns, expected 11"), e.getMessage());
        var r = assertThrows(IllegalArgumentException.class,
                () -> Nd4jArrays.rowMajorFloats(Nd4j.zeros(11), "observations", 11));
        assertTrue(r.getMessage().contains("reshape(1, 11)"), r.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Nd4jArrays.matrix(new float[5], 2, 3));
        assertThrows(IllegalArgumentException.class, () -> Nd4jArrays.vectorFloats(Nd4j.zeros(2, 3), "rewards"));
    }
}
