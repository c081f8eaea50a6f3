package rrl.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The cache-blocked kernel against the loop order it must reproduce: every C element sums its k terms in
 * order 0..depth-1, one FMA each, starting from C (accumulate) or zero. Compared exactly, no tolerance:
 * training must not change with the kernel.
 */
class GemmTest {
    private final int savedThreads = NetThreads.get();

    @AfterEach
    void restoreThreads() {
        NetThreads.set(savedThreads);
    }

    /** The pre-blocking kernel's per-element operation sequence, written plainly. */
    static void reference(int rows, int cols, int depth, float[] a, int aOff, int sm, int sk, float[] b, int bOff,
                          int ldb, float[] c, int cOff, int ldc, boolean accumulate) {
        for (int m = 0; m < rows; m++) {
            for (int n = 0; n < cols; n++) {
                float acc = accumulate ? c[cOff + m * ldc + n] : 0f;
                for (int k = 0; k < depth; k++) {
                    acc = Math.fma(a[aOff + m * sm + k * sk], b[bOff + k * ldb + n], acc);
                }
                c[cOff + m * ldc + n] = acc;
            }
        }
    }

    private static float[] random(SplittableRandom rng, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        return x;
    }

    @FunctionalInterface
    interface Kernel {
        void multiply(int rows, int cols, int depth, float[] a, int aOff, int sm, int sk, float[] b, int bOff, int ldb,
                      float[] c, int cOff, int ldc, boolean accumulate);
    }

    /** One random case through {@code kernel}: A plain or transposed, B and C with extra leading columns. */
    private static void check(SplittableRandom rng, Kernel kernel, int rows, int cols, int depth, boolean transposedA,
                              boolean accumulate) {
        int l = Gemm.LANES;
        int aOff = rng.nextInt(5);
        int lda = depth + rng.nextInt(3);           // A row-major rows x lda, or its transpose depth x lda
        int ldaT = rows + rng.nextInt(3);
        float[] a = random(rng, aOff + (transposedA ? depth * ldaT : rows * lda));
        int sm = transposedA ? 1 : lda;
        int sk = transposedA ? ldaT : 1;
        int ldb = cols + l * rng.nextInt(2);
        int bOff = rng.nextInt(7);
        float[] b = random(rng, bOff + depth * ldb);
        int ldc = cols + l * rng.nextInt(2);
        int cOff = rng.nextInt(3);
        float[] c0 = random(rng, cOff + rows * ldc + 1);
        float[] want = c0.clone();
        float[] got = c0.clone();
        reference(rows, cols, depth, a, aOff, sm, sk, b, bOff, ldb, want, cOff, ldc, accumulate);
        kernel.multiply(rows, cols, depth, a, aOff, sm, sk, b, bOff, ldb, got, cOff, ldc, accumulate);
        assertArrayEquals(want, got, () -> "rows " + rows + " cols " + cols + " depth " + depth + " transposedA "
                + transposedA + " accumulate " + accumulate + " threads " + NetThreads.get());
    }

    private static void randomShapes(Kernel kernel, long seed, int cases, int maxRows, int maxColVectors, int maxDepth) {
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < cases; i++) {
            int rows = 1 + rng.nextInt(maxRows);
            int cols = Gemm.LANES * (1 + rng.nextInt(maxColVectors));
            int depth = rng.nextInt(maxDepth + 1);
            check(rng, kernel, rows, cols, depth, rng.nextBoolean(), rng.nextBoolean());
        }
    }

    @Test
    void blockedPathIsBitIdenticalOnOneThread() {
        NetThreads.set(1);
        // depth across several k blocks and not a multiple of KC; cols across NC panels with a one-vector tail
        randomShapes(Gemm::multiplyBlocked, 1, 40, 2 * Gemm.MC + 7, Gemm.NC / Gemm.LANES + 3, 2 * Gemm.KC + 45);
    }

    @Test
    void blockedPathIsBitIdenticalOnTwoThreads() {
        NetThreads.set(2);
        randomShapes(Gemm::multiplyBlocked, 2, 25, 2 * Gemm.MC + 7, Gemm.NC / Gemm.LANES + 3, 2 * Gemm.KC + 45);
    }

    @Test
    void publicEntryAndUnblockedPathAreBitIdentical() {
        for (int t : new int[] {1, 2}) {
            NetThreads.set(t);
            randomShapes(Gemm::multiply, 3 + t, 30, 70, 40, 600);
            randomShapes(Gemm::multiplyUnblocked, 5 + t, 20, 70, 40, 300);
        }
    }

    @Test
    void layerShapesAtWidth1024AreBitIdentical() {
        SplittableRandom rng = new SplittableRandom(7);
        for (int t : new int[] {1, 2, 3}) {
            NetThreads.set(t);
            // forward / input gradient (batch x width x width) and weight gradient (width x width x batch)
            check(rng, Gemm::multiply, 37, 1024, 1024, false, false);
            check(rng, Gemm::multiply, 1024, 1024, 37, true, true);
        }
    }

    /** Products inside tasks of the network threads (as in a critic's task) run inline: same numbers, no deadlock. */
    @Test
    void productsInsideParallelTasksAreBitIdentical() {
        NetThreads.set(2);
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60), () ->
                NetThreads.run(3, i -> {
                    SplittableRandom rng = new SplittableRandom(20 + i);
                    check(rng, Gemm::multiply, 64, 256, 256, false, false);   // split and blocked on its own
                    check(rng, Gemm::multiply, 256, 256, 64, true, true);
                    randomShapes(Gemm::multiply, 30 + i, 10, 70, 40, 300);
                }));
    }

    /** The epilogue sees every element of C exactly once, after the product, whichever way the product was split. */
    @Test
    void epilogueCoversEveryElementOnce() {
        SplittableRandom rng = new SplittableRandom(13);
        for (int t : new int[] {1, 2, 3}) {
            NetThreads.set(t);
            for (int[] s : new int[][] {{64, 1024, 1024}, {1024, 64, 64}, {70, 272, 300}, {301, 48, 100}, {5, 16, 3}}) {
                int rows = s[0];
                int cols = s[1];
                int depth = s[2];
                float[] a = random(rng, rows * depth);
                float[] b = random(rng, depth * cols);
                float[] want = new float[rows * cols];
                reference(rows, cols, depth, a, 0, depth, 1, b, 0, cols, want, 0, cols, false);
                float[] c = new float[rows * cols];
                int[] seen = new int[rows * cols];
                Gemm.multiply(rows, cols, depth, a, 0, depth, 1, b, 0, cols, c, 0, cols, false, (r0, r1, c0, c1) -> {
                    for (int r = r0; r < r1; r++) {
                        for (int j = c0; j < c1; j++) {
                            seen[r * cols + j]++;
                            c[r * cols + j] = -c[r * cols + j];   // the block is finished when we see it
                        }
                    }
                });
                for (int k = 0; k < rows * cols; k++) {
                    assertEquals(1, seen[k], "threads " + t + " shape " + java.util.Arrays.toString(s) + " element " + k);
                    assertEquals(-want[k], c[k], 0f);
                }
            }
        }
    }

    @Test
    void edgeCases() {
        NetThreads.set(1);
        SplittableRandom rng = new SplittableRandom(11);
        for (Kernel k : new Kernel[] {Gemm::multiplyBlocked, Gemm::multiplyUnblocked, Gemm::multiply}) {
            check(rng, k, 1, Gemm.LANES, 0, false, false);          // depth 0 clears C
            check(rng, k, 3, Gemm.LANES, 0, true, true);            // depth 0 keeps C
            check(rng, k, 3, Gemm.LANES, Gemm.KC, false, true);     // exactly one k block, rows < 4
            check(rng, k, 4, 3 * Gemm.LANES, Gemm.KC + 1, true, false);
        }
        assertThrows(IllegalArgumentException.class, () -> Gemm.multiply(1, Gemm.LANES + 1, 1, new float[1], 0, 1, 1,
                new float[Gemm.LANES + 1], 0, Gemm.LANES + 1, new float[Gemm.LANES + 1], 0, Gemm.LANES + 1, false));
    }
}
