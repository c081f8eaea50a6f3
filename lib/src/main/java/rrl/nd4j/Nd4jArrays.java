package rrl.nd4j;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Conversions between the library's flat row-major arrays (row i of an n x d matrix is
 * {@code a[i*d .. (i+1)*d)}) and ND4J arrays, with shape checks that say what was expected.
 */
public final class Nd4jArrays {
    private Nd4jArrays() {}

    /** A float32 [rows, cols] matrix holding a copy of {@code rowMajor}. */
    public static INDArray matrix(float[] rowMajor, int rows, int cols) {
        requireLength(rowMajor.length, (long) rows * cols, rows, cols);
        return Nd4j.create(rowMajor, new long[] {rows, cols}, 'c'); // copies into its own buffer
    }

    /** A float64 [rows, cols] matrix holding a copy of {@code rowMajor}. */
    public static INDArray matrix(double[] rowMajor, int rows, int cols) {
        requireLength(rowMajor.length, (long) rows * cols, rows, cols);
        return Nd4j.create(rowMajor, new long[] {rows, cols}, 'c'); // copies into its own buffer
    }

    /** A float32 vector (shape [n]) holding a copy of {@code v}. */
    public static INDArray vector(float[] v) {
        return Nd4j.create(v, new long[] {v.length}, 'c');
    }

    /** A float32 vector of 0/1 flags. */
    public static INDArray flags(boolean[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = v[i] ? 1f : 0f;
        }
        return vector(f);
    }

    /**
     * The values of a [rows, cols] matrix in row-major order as float, whatever its data type and ordering.
     *
     * @param name what the array is, for the error message (e.g. "observations")
     * @param cols the width the caller needs, or -1 for any
     */
    public static float[] rowMajorFloats(INDArray a, String name, int cols) {
        requireMatrix(a, name, cols);
        return a.castTo(DataType.FLOAT).dup('c').data().asFloat();
    }

    /** As {@link #rowMajorFloats} but as double. */
    public static double[] rowMajorDoubles(INDArray a, String name, int cols) {
        requireMatrix(a, name, cols);
        return a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    }

    /** The values of a vector (shape [n], [n, 1] or [1, n]) as float. */
    public static float[] vectorFloats(INDArray a, String name) {
        if (a == null) {
            throw new IllegalArgumentException(name + " is missing (null)");
        }
        long[] s = a.shape();
        boolean vector = s.length == 1 || (s.length == 2 && (s[0] == 1 || s[1] == 1));
        if (!vector) {
            throw new IllegalArgumentException(name + " must be a vector (shape [n] or [n, 1]), got shape "
                    + Arrays.toString(s));
        }
        return a.castTo(DataType.FLOAT).dup('c').data().asFloat();
    }

    /** Rows of a matrix, after {@link #requireMatrix}. */
    public static int rows(INDArray a) {
        return (int) a.size(0);
    }

    /** Requires a rank-2 array with {@code cols} columns (any number when cols is -1). */
    public static void requireMatrix(INDArray a, String name, int cols) {
        if (a == null) {
            throw new IllegalArgumentException(name + " is missing (null)");
        }
        long[] s = a.shape();
        if (s.length != 2) {
            throw new IllegalArgumentException(name + " must be a [rows, " + (cols < 0 ? "cols" : cols)
                    + "] matrix, got shape " + Arrays.toString(s)
                    + (s.length == 1 ? "; for a single row use reshape(1, " + s[0] + ")" : ""));
        }
        if (cols >= 0 && s[1] != cols) {
            throw new IllegalArgumentException(name + " have " + s[1] + " columns, expected " + cols
                    + " (shape " + Arrays.toString(s) + "); check that they come from the right environment");
        }
        if (s[0] > Integer.MAX_VALUE / Math.max(1, s[1])) {
            throw new IllegalArgumentException(name + " is too large for one flat array: shape " + Arrays.toString(s));
        }
    }

    private static void requireLength(long have, long need, int rows, int cols) {
        if (rows < 0 || cols < 1 || have != need) {
            throw new IllegalArgumentException("a [" + rows + ", " + cols + "] matrix needs " + need
                    + " values, got " + have);
        }
    }
}
