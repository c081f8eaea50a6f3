package rrl.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * C[m][n] (+)= sum_k A(m, k) * B[k][n] on flat float arrays, the one kernel behind every dense layer's
 * forward pass, input gradient and weight gradient. A is addressed through strides so a transposed
 * operand needs no copy; B and C are row-major with a column count that is a multiple of {@link #LANES}
 * ({@link Mlp} pads its layer widths for this). The micro-kernel keeps a 4-row x 2-vector tile of C in
 * registers and streams k with one broadcast-FMA per element.
 *
 * <p>Why this shape: one dot product per output unit spends its time in horizontal reductions, and masked
 * tail loads are not intrinsified by JDK 17 (a one-off microbenchmark during development: 0.6 GMAC/s masked vs 40 GMAC/s for this
 * kernel), so widths are padded instead of masked.
 */
final class Gemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Floats per vector on this machine; column counts must be multiples of it. */
    static final int LANES = S.length();

    private Gemm() {}

    /** The smallest multiple of {@link #LANES} that is >= n. */
    static int pad(int n) {
        return (n + LANES - 1) / LANES * LANES;
    }

    /**
     * @param a A, with A(m, k) = a[aOff + m * aStrideM + k * aStrideK]
     * @param b B, with B[k][n] = b[bOff + k * ldb + n]
     * @param c C, with C[m][n] = c[cOff + m * ldc + n]
     * @param accumulate add into C instead of overwriting it
     */
    static void multiply(int rows, int cols, int depth, float[] a, int aOff, int aStrideM, int aStrideK,
                         float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean accumulate) {
        if (cols % LANES != 0) {
            throw new IllegalArgumentException("column count " + cols + " is not a multiple of " + LANES);
        }
        rrl.parallel.WorkerPool pool = NetThreads.pool();
        int blocks = rows / 4;
        if (pool.threads() > 1 && blocks >= 2 && (long) rows * cols * depth >= NetThreads.PARALLEL_MIN_MACS) {
            // split whole 4-row blocks over the threads; each writes its own rows of C
            pool.forEach(blocks, (b0, b1) -> {
                int r1 = b1 == blocks ? rows : b1 * 4;
                rowRange(b0 * 4, r1, cols, depth, a, aOff, aStrideM, aStrideK, b, bOff, ldb, c, cOff, ldc, accumulate);
            });
            return;
        }
        rowRange(0, rows, cols, depth, a, aOff, aStrideM, aStrideK, b, bOff, ldb, c, cOff, ldc, accumulate);
    }

    private static void rowRange(int from, int rows, int cols, int depth, float[] a, int aOff, int aStrideM,
                                 int aStrideK, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc,
                                 boolean accumulate) {
        int m = from;
        for (; m + 4 <= rows; m += 4) {
            int n = 0;
            for (; n + 2 * LANES <= cols; n += 2 * LANES) {
                tile4x2(m, n, depth, a, aOff, aStrideM, aStrideK, b, bOff, ldb, c, cOff, ldc, accumulate);
            }
            if (n < cols) {
                tile4x1(m, n, depth, a, aOff, aStrideM, aStrideK, b, bOff, ldb, c, cOff, ldc, accumulate);
            }
        }
        for (; m < rows; m++) {
            for (int n = 0; n < cols; n += LANES) {
                row1(m, n, depth, a, aOff, aStrideM, aStrideK, b, bOff, ldb, c, cOff, ldc, accumulate);
            }
        }
    }

    private static FloatVector init(float[] c, int i, boolean accumulate) {
        return accumulate ? FloatVector.fromArray(S, c, i) : FloatVector.zero(S);
    }

    private static void tile4x2(int m, int n, int depth, float[] a, int aOff, int sm, int sk, float[] b, int bOff,
                                int ldb, float[] c, int cOff, int ldc, boolean accumulate) {
        final int l = LANES;
        int c0 = cOff + m * ldc + n;
        FloatVector c00 = init(c, c0, accumulate);
        FloatVector c01 = init(c, c0 + l, accumulate);
        FloatVector c10 = init(c, c0 + ldc, accumulate);
        FloatVector c11 = init(c, c0 + ldc + l, accumulate);
        FloatVector c20 = init(c, c0 + 2 * ldc, accumulate);
        FloatVector c21 = init(c, c0 + 2 * ldc + l, accumulate);
        FloatVector c30 = init(c, c0 + 3 * ldc, accumulate);
        FloatVector c31 = init(c, c0 + 3 * ldc + l, accumulate);
        int a0 = aOff + m * sm;
        int bk = bOff + n;
        for (int k = 0; k < depth; k++, bk += ldb) {
            FloatVector b0 = FloatVector.fromArray(S, b, bk);
            FloatVector b1 = FloatVector.fromArray(S, b, bk + l);
            int ak = a0 + k * sk;
            FloatVector x0 = FloatVector.broadcast(S, a[ak]);
            FloatVector x1 = FloatVector.broadcast(S, a[ak + sm]);
            FloatVector x2 = FloatVector.broadcast(S, a[ak + 2 * sm]);
            FloatVector x3 = FloatVector.broadcast(S, a[ak + 3 * sm]);
            c00 = x0.fma(b0, c00);
            c01 = x0.fma(b1, c01);
            c10 = x1.fma(b0, c10);
            c11 = x1.fma(b1, c11);
            c20 = x2.fma(b0, c20);
            c21 = x2.fma(b1, c21);
            c30 = x3.fma(b0, c30);
            c31 = x3.fma(b1, c31);
        }
        c00.intoArray(c, c0);
        c01.intoArray(c, c0 + l);
        c10.intoArray(c, c0 + ldc);
        c11.intoArray(c, c0 + ldc + l);
        c20.intoArray(c, c0 + 2 * ldc);
        c21.intoArray(c, c0 + 2 * ldc + l);
        c30.intoArray(c, c0 + 3 * ldc);
        c31.intoArray(c, c0 + 3 * ldc + l);
    }

    private static void tile4x1(int m, int n, int depth, float[] a, int aOff, int sm, int sk, float[] b, int bOff,
                                int ldb, float[] c, int cOff, int ldc, boolean accumulate) {
        int c0 = cOff + m * ldc + n;
        FloatVector c0v = init(c, c0, accumulate);
        FloatVector c1v = init(c, c0 + ldc, accumulate);
        FloatVector c2v = init(c, c0 + 2 * ldc, accumulate);
        FloatVector c3v = init(c, c0 + 3 * ldc, accumulate);
        int a0 = aOff + m * sm;
        int bk = bOff + n;
        for (int k = 0; k < depth; k++, bk += ldb) {
            FloatVector bv = FloatVector.fromArray(S, b, bk);
            int ak = a0 + k * sk;
            c0v = FloatVector.broadcast(S, a[ak]).fma(bv, c0v);
            c1v = FloatVector.broadcast(S, a[ak + sm]).fma(bv, c1v);
            c2v = FloatVector.broadcast(S, a[ak + 2 * sm]).fma(bv, c2v);
            c3v = FloatVector.broadcast(S, a[ak + 3 * sm]).fma(bv, c3v);
        }
        c0v.intoArray(c, c0);
        c1v.intoArray(c, c0 + ldc);
        c2v.intoArray(c, c0 + 2 * ldc);
        c3v.intoArray(c, c0 + 3 * ldc);
    }

    private static void row1(int m, int n, int depth, float[] a, int aOff, int sm, int sk, float[] b, int bOff,
                             int ldb, float[] c, int cOff, int ldc, boolean accumulate) {
        int ci = cOff + m * ldc + n;
        FloatVector acc = init(c, ci, accumulate);
        int am = aOff + m * sm;
        int bk = bOff + n;
        for (int k = 0; k < depth; k++, bk += ldb) {
            acc = FloatVector.broadcast(S, a[am + k * sk]).fma(FloatVector.fromArray(S, b, bk), acc);
        }
        acc.intoArray(c, ci);
    }
}
