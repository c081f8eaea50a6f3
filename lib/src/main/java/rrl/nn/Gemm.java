package rrl.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * C[m][n] (+)= sum_k A(m, k) * B[k][n] on flat float arrays, the one kernel behind every dense layer's
 * forward pass, input gradient and weight gradient. A is addressed through strides so a transposed
 * operand needs no copy; B and C are row-major with a column count that is a multiple of {@link #LANES}
 * ({@link Mlp} pads its layer widths for this). The micro-kernel keeps an 8-row x 2-vector tile of C in
 * registers (6 rows with AVX2's 16 registers: {@link #TALL_TILES}) and streams k with one broadcast-FMA per element; 16 accumulators keep both FMA pipes of an
 * AVX-512 core busy, where the former 4-row tile's 8 waited on FMA latency (measured with {@code rrl bench
 * gemm} on one thread: 155 to 188 GFLOP/s at width 64, 202 to 224 at 256; a 12-row tile measured slower
 * than 8, 190). Rows left over use 4-row and single-row tiles.
 *
 * <p>Why this shape: one dot product per output unit spends its time in horizontal reductions, and masked
 * tail loads are not intrinsified by JDK 17 (a one-off microbenchmark during development: 0.6 GMAC/s masked vs 40 GMAC/s for this
 * kernel), so widths are padded instead of masked.
 *
 * <p>Large products are cache-blocked (BLIS order): a {@link #KC} x {@link #NC} block of B and an
 * {@link #MC} x {@link #KC} block of A are packed into contiguous per-thread buffers and all row blocks
 * pass over them. Unpacked, a row of B at width 1024 lies 4 KB from the next, so the k stream of one tile
 * maps to a single L1 set and every 4 rows of C re-read B from L3. Blocking splits k, but each C element
 * still sums its terms in order 0..depth-1 with one FMA each (the partial sum waits in C between k blocks),
 * so blocked and unblocked results are bit-identical.
 */
public final class Gemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Floats per vector on this machine; column counts must be multiples of it. */
    public static final int LANES = S.length();
    /** Columns of one packed B panel: the micro-kernel's 2 vectors. */
    private static final int NR = 2 * LANES;
    /**
     * Whether the 8-row tiles (16 accumulators, 2 B vectors, 1 broadcast: 19 vector registers) fit the register file:
     * with 16-float vectors (AVX-512) there are 32 registers; with 8 floats (AVX2) only 16, and the 8-row tiles
     * spilled every iteration (measured with {@code rrl bench gemm} on an AVX2 EPYC: 20-27 GFLOP/s, OpenBLAS 44-63).
     * There the main tiles have 6 rows (12 accumulators, 15 registers, the shape of OpenBLAS's and BLIS's Haswell
     * kernels). Each element's sum is the same FMA chain with any tile, so the results are bit-identical.
     */
    static final boolean TALL_TILES = LANES >= 16;
    /** Rows of the main tile and of a packed A micro-panel: 8 with 32 vector registers, 6 with 16. */
    private static final int MR = TALL_TILES ? 8 : 6;
    /** Depth of a k block: a packed B panel (KC x NR floats, 32 KB with 16 lanes) stays in L1. */
    static final int KC = 256;
    /** Rows of a packed A block (MC x KC floats, 96 KB) that stays in L2 while B panels pass; a multiple of 6 and 8. */
    static final int MC = 96;
    /** Columns of a packed B block (KC x NC floats, 512 KB) that stays in L2/L3 for all rows. */
    static final int NC = 512;
    /**
     * Products whose B (depth x cols) holds at least this many floats (64 KB, more than L1) are blocked when
     * they have {@link #BLOCK_MIN_ROWS} rows; measured on one thread: blocked 1.3x faster at 256 x 256
     * (batch 64 and 256), 0.9x at width 64, where B sits in L1 and packing is pure overhead.
     */
    static final long BLOCK_MIN_B = 1L << 14;
    /** Fewer rows re-read B too few times to pay for packing it (batch-1 actors stay unblocked). */
    static final int BLOCK_MIN_ROWS = 64;
    /**
     * Narrower products stay unblocked too: packing costs about 1/rows + 1/cols of the work (measured: the
     * 64 x 64 x 256 weight gradient at width 64 ran 0.85x blocked).
     */
    static final int BLOCK_MIN_COLS = 128;

    /** Multiply-adds run while {@link #countMultiplyAdds} counts, from every thread. */
    private static final java.util.concurrent.atomic.LongAdder COUNTED = new java.util.concurrent.atomic.LongAdder();
    /** Read once per product: the cost when not counting is one volatile load per layer pass. */
    private static volatile boolean counting;

    private static final ThreadLocal<float[][]> SCRATCH =
            ThreadLocal.withInitial(() -> new float[][] {new float[KC * NC], new float[MC * KC]});

    private Gemm() {}

    /**
     * Runs {@code body} once and returns the multiply-adds this kernel ran for it, on every thread it used, at the
     * shapes it multiplied (padded widths included: the work the core did, not a network's nominal count).
     * {@code rrl bench train} turns it into effective GFLOP/s (2 flops per multiply-add). One count at a time
     * (synchronized); products other threads run meanwhile are counted too, so count with nothing else training.
     *
     * @return the multiply-adds, rows x cols x depth summed over every product
     * @throws IllegalStateException if {@code body} itself starts a count (the inner one would reset the outer)
     */
    public static synchronized long countMultiplyAdds(Runnable body) {
        if (counting) {
            throw new IllegalStateException("a multiply-add count is already running on this thread; counts do not nest");
        }
        COUNTED.reset();
        counting = true;
        try {
            body.run();
        } finally {
            counting = false;
        }
        return COUNTED.sum();
    }

    /** The smallest multiple of {@link #LANES} that is >= n. */
    static int pad(int n) {
        return (n + LANES - 1) / LANES * LANES;
    }

    /**
     * C (rows x cols) (+)= A (rows x depth) B (depth x cols), split over {@link NetThreads} when large.
     *
     * @param a A, with A(m, k) = a[aOff + m * aStrideM + k * aStrideK]
     * @param b B, with B[k][n] = b[bOff + k * ldb + n]
     * @param c C, with C[m][n] = c[cOff + m * ldc + n]; cols must be a multiple of {@link #LANES}
     * @param accumulate add into C instead of overwriting it
     */
    public static void multiply(int rows, int cols, int depth, float[] a, int aOff, int aStrideM, int aStrideK,
                                float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean accumulate) {
        multiply(rows, cols, depth, a, aOff, aStrideM, aStrideK, b, bOff, ldb, c, cOff, ldc, accumulate, null);
    }

    /** Element-wise work on a finished block of C: rows [r0, r1), columns [c0, c1). */
    @FunctionalInterface
    public interface Epilogue {
        void apply(int r0, int r1, int c0, int c1);
    }

    /**
     * As {@link #multiply(int, int, int, float[], int, int, int, float[], int, int, float[], int, int, boolean)},
     * then {@code then} (may be null) on every block of C as soon as it is done, by the thread that computed
     * it: a layer's bias and activation run split like its product and while its block is still in cache,
     * instead of in a pass of their own on one thread.
     */
    public static void multiply(int rows, int cols, int depth, float[] a, int aOff, int aStrideM, int aStrideK,
                                float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean accumulate,
                                Epilogue then) {
        boolean blocked = (long) depth * cols >= BLOCK_MIN_B && rows >= BLOCK_MIN_ROWS && cols >= BLOCK_MIN_COLS;
        run(blocked, rows, cols, depth, a, aOff, aStrideM, aStrideK, b, bOff, ldb, c, cOff, ldc, accumulate, then);
    }

    /**
     * As {@link #multiply}, always without cache blocking: the kernel before blocking, kept so
     * {@code rrl bench gemm} measures the gain in one run. Same results, bit for bit.
     */
    public static void multiplyUnblocked(int rows, int cols, int depth, float[] a, int aOff, int aStrideM,
                                         int aStrideK, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc,
                                         boolean accumulate) {
        run(false, rows, cols, depth, a, aOff, aStrideM, aStrideK, b, bOff, ldb, c, cOff, ldc, accumulate, null);
    }

    /** As {@link #multiply}, always blocked (tests reach the blocked path with small shapes). */
    static void multiplyBlocked(int rows, int cols, int depth, float[] a, int aOff, int aStrideM, int aStrideK,
                                float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean accumulate) {
        run(true, rows, cols, depth, a, aOff, aStrideM, aStrideK, b, bOff, ldb, c, cOff, ldc, accumulate, null);
    }

    private static void run(boolean blocked, int rows, int cols, int depth, float[] a, int aOff, int aStrideM,
                            int aStrideK, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc,
                            boolean accumulate, Epilogue then) {
        if (cols % LANES != 0) {
            throw new IllegalArgumentException("column count " + cols + " is not a multiple of " + LANES);
        }
        rrl.parallel.WorkerPool pool = NetThreads.pool();
        long macs = (long) rows * cols * depth;
        if (counting) {
            COUNTED.add(macs);
        }
        // split the longer side of C: a piece re-packs the other operand's share (B when split by rows), so with
        // few rows (a batch of 64 against width 1024) row pieces would each pack all of B
        boolean byCols = rows < cols;
        int units = byCols ? (cols + NR - 1) / NR : rows / 4;
        if (pool.threads() > 1 && units >= 2 && macs >= NetThreads.PARALLEL_MIN_MACS && !pool.inTask()) {
            // one piece per thread, of whole 4-row blocks or NR-column panels, claimed by whichever thread is free
            // (a thread that is late leaves its piece to the others); each writes its own part of C, every element
            // with the same operations as in one pass. More pieces measured slower: each packs its operands.
            int pieces = Math.min(units, pool.threads());
            pool.run(pieces, i -> {
                int u0 = (int) ((long) units * i / pieces);
                int u1 = (int) ((long) units * (i + 1) / pieces);
                if (byCols) {
                    int c0 = u0 * NR;
                    int c1 = i == pieces - 1 ? cols : u1 * NR;
                    range(blocked, 0, rows, c1 - c0, depth, a, aOff, aStrideM, aStrideK, b, bOff + c0, ldb, c,
                            cOff + c0, ldc, accumulate);
                    if (then != null) {
                        then.apply(0, rows, c0, c1);
                    }
                } else {
                    int r1 = i == pieces - 1 ? rows : u1 * 4;
                    range(blocked, u0 * 4, r1, cols, depth, a, aOff, aStrideM, aStrideK, b, bOff, ldb, c, cOff,
                            ldc, accumulate);
                    if (then != null) {
                        then.apply(u0 * 4, r1, 0, cols);
                    }
                }
            });
            return;
        }
        range(blocked, 0, rows, cols, depth, a, aOff, aStrideM, aStrideK, b, bOff, ldb, c, cOff, ldc, accumulate);
        if (then != null) {
            then.apply(0, rows, 0, cols);
        }
    }

    private static void range(boolean blocked, int from, int rows, int cols, int depth, float[] a, int aOff,
                              int aStrideM, int aStrideK, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc,
                              boolean accumulate) {
        if (blocked && depth > 0) {
            blockedRange(from, rows, cols, depth, a, aOff, aStrideM, aStrideK, b, bOff, ldb, c, cOff, ldc, accumulate);
        } else {
            rowRange(from, rows, cols, depth, a, aOff, aStrideM, aStrideK, b, bOff, ldb, c, cOff, ldc, accumulate);
        }
    }

    // ---- blocked path: packed operands ----

    private static void blockedRange(int from, int to, int cols, int depth, float[] a, int aOff, int sm, int sk,
                                     float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean accumulate) {
        float[][] scratch = SCRATCH.get();
        float[] bp = scratch[0];
        float[] ap = scratch[1];
        for (int jc = 0; jc < cols; jc += NC) {
            int nc = Math.min(NC, cols - jc);
            for (int pc = 0; pc < depth; pc += KC) {
                int kc = Math.min(KC, depth - pc);
                // later k blocks continue the sum stored in C: same FMA sequence as one pass
                boolean acc = accumulate || pc > 0;
                packB(b, bOff + pc * ldb + jc, ldb, kc, nc, bp);
                for (int ic = from; ic < to; ic += MC) {
                    int mc = Math.min(MC, to - ic);
                    int mr = mc / MR * MR; // rows in full micro-panels
                    int m4 = mr + ((mc - mr) & 4); // then one 4-row panel if 4 or 5 (7 with MR 8) rows are left
                    int aBase = aOff + ic * sm + pc * sk;
                    packA(a, aBase, sm, sk, mr, m4, kc, ap);
                    for (int jr = 0; jr < nc; jr += NR) {
                        int w = Math.min(NR, nc - jr);
                        int bpOff = jr * kc;
                        int cj = cOff + ic * ldc + jc + jr;
                        if (w == NR) {
                            for (int ir = 0; ir < mr; ir += MR) {
                                if (TALL_TILES) {
                                    packed8x2(kc, ap, ir * kc, bp, bpOff, c, cj + ir * ldc, ldc, acc);
                                } else {
                                    packed6x2(kc, ap, ir * kc, bp, bpOff, c, cj + ir * ldc, ldc, acc);
                                }
                            }
                            if (m4 > mr) {
                                packed4x2(kc, ap, mr * kc, bp, bpOff, c, cj + mr * ldc, ldc, acc);
                            }
                        } else {
                            for (int ir = 0; ir < mr; ir += MR) {
                                if (TALL_TILES) {
                                    packed8x1(kc, ap, ir * kc, bp, bpOff, c, cj + ir * ldc, ldc, acc);
                                } else {
                                    packed6x1(kc, ap, ir * kc, bp, bpOff, c, cj + ir * ldc, ldc, acc);
                                }
                            }
                            if (m4 > mr) {
                                packed4x1(kc, ap, mr * kc, bp, bpOff, c, cj + mr * ldc, ldc, acc);
                            }
                        }
                        for (int r = m4; r < mc; r++) { // the last < 4 rows read A in place
                            for (int v = 0; v < w; v += LANES) {
                                packedRow1(kc, a, aBase + r * sm, sk, bp, bpOff + v, w, c, cj + r * ldc + v, acc);
                            }
                        }
                    }
                }
            }
        }
    }

    /** Panels of NR (last: LANES) columns, each kc x width contiguous: bp[jr * kc + k * width + j]. */
    private static void packB(float[] b, int base, int ldb, int kc, int nc, float[] bp) {
        for (int jr = 0; jr < nc; jr += NR) {
            int w = Math.min(NR, nc - jr);
            int dst = jr * kc;
            int src = base + jr;
            if (w == NR) {
                for (int k = 0; k < kc; k++, src += ldb, dst += NR) {
                    FloatVector.fromArray(S, b, src).intoArray(bp, dst);
                    FloatVector.fromArray(S, b, src + LANES).intoArray(bp, dst + LANES);
                }
            } else {
                for (int k = 0; k < kc; k++, src += ldb, dst += LANES) {
                    FloatVector.fromArray(S, b, src).intoArray(bp, dst);
                }
            }
        }
    }

    /**
     * {@link #MR}-row micro-panels, each kc x MR contiguous (ap[ir * kc + k * MR + r] = A(ir + r, k)) for the
     * first mr rows, then one 4-row panel (ap[mr * kc + k * 4 + r]) if m4 > mr.
     */
    private static void packA(float[] a, int base, int sm, int sk, int mr, int m4, int kc, float[] ap) {
        if (sm == 1) {
            // transposed A (weight gradient): read each k row once, contiguously; by micro-panel the k stream
            // would stride the input width and refetch every line once per micro-panel
            for (int k = 0; k < kc; k++) {
                int src = base + k * sk;
                for (int ir = 0, dst = k * MR; ir < mr; ir += MR, dst += MR * kc) {
                    System.arraycopy(a, src + ir, ap, dst, MR);
                }
                if (m4 > mr) {
                    System.arraycopy(a, src + mr, ap, mr * kc + k * 4, 4);
                }
            }
            return;
        }
        for (int ir = 0; ir < mr; ir += MR) {
            int src = base + ir * sm;
            int dst = ir * kc;
            for (int k = 0; k < kc; k++, src += sk, dst += MR) {
                for (int r = 0; r < MR; r++) {
                    ap[dst + r] = a[src + r * sm];
                }
            }
        }
        if (m4 > mr) {
            int src = base + mr * sm;
            int dst = mr * kc;
            for (int k = 0; k < kc; k++, src += sk, dst += 4) {
                ap[dst] = a[src];
                ap[dst + 1] = a[src + sm];
                ap[dst + 2] = a[src + 2 * sm];
                ap[dst + 3] = a[src + 3 * sm];
            }
        }
    }

    /** The packed path's main tile: 8 rows x 2 vectors, 16 accumulators (enough FMAs in flight to hide latency). */
    private static void packed8x2(int kc, float[] ap, int ai, float[] bp, int bi, float[] c, int c0, int ldc,
                                  boolean accumulate) {
        final int l = LANES;
        FloatVector c00 = init(c, c0, accumulate);
        FloatVector c01 = init(c, c0 + l, accumulate);
        FloatVector c10 = init(c, c0 + ldc, accumulate);
        FloatVector c11 = init(c, c0 + ldc + l, accumulate);
        FloatVector c20 = init(c, c0 + 2 * ldc, accumulate);
        FloatVector c21 = init(c, c0 + 2 * ldc + l, accumulate);
        FloatVector c30 = init(c, c0 + 3 * ldc, accumulate);
        FloatVector c31 = init(c, c0 + 3 * ldc + l, accumulate);
        FloatVector c40 = init(c, c0 + 4 * ldc, accumulate);
        FloatVector c41 = init(c, c0 + 4 * ldc + l, accumulate);
        FloatVector c50 = init(c, c0 + 5 * ldc, accumulate);
        FloatVector c51 = init(c, c0 + 5 * ldc + l, accumulate);
        FloatVector c60 = init(c, c0 + 6 * ldc, accumulate);
        FloatVector c61 = init(c, c0 + 6 * ldc + l, accumulate);
        FloatVector c70 = init(c, c0 + 7 * ldc, accumulate);
        FloatVector c71 = init(c, c0 + 7 * ldc + l, accumulate);
        // indices as linear functions of k alone (see packed4x2)
        for (int k = 0; k < kc; k++) {
            int bk = bi + k * NR;
            int ak = ai + MR * k;
            FloatVector b0 = FloatVector.fromArray(S, bp, bk);
            FloatVector b1 = FloatVector.fromArray(S, bp, bk + l);
            FloatVector x = FloatVector.broadcast(S, ap[ak]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[ak + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[ak + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[ak + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, ap[ak + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, ap[ak + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, ap[ak + 6]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, ap[ak + 7]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
        }
        c00.intoArray(c, c0);
        c01.intoArray(c, c0 + l);
        c10.intoArray(c, c0 + ldc);
        c11.intoArray(c, c0 + ldc + l);
        c20.intoArray(c, c0 + 2 * ldc);
        c21.intoArray(c, c0 + 2 * ldc + l);
        c30.intoArray(c, c0 + 3 * ldc);
        c31.intoArray(c, c0 + 3 * ldc + l);
        c40.intoArray(c, c0 + 4 * ldc);
        c41.intoArray(c, c0 + 4 * ldc + l);
        c50.intoArray(c, c0 + 5 * ldc);
        c51.intoArray(c, c0 + 5 * ldc + l);
        c60.intoArray(c, c0 + 6 * ldc);
        c61.intoArray(c, c0 + 6 * ldc + l);
        c70.intoArray(c, c0 + 7 * ldc);
        c71.intoArray(c, c0 + 7 * ldc + l);
    }

    private static void packed8x1(int kc, float[] ap, int ai, float[] bp, int bi, float[] c, int c0, int ldc,
                                  boolean accumulate) {
        FloatVector c0v = init(c, c0, accumulate);
        FloatVector c1v = init(c, c0 + ldc, accumulate);
        FloatVector c2v = init(c, c0 + 2 * ldc, accumulate);
        FloatVector c3v = init(c, c0 + 3 * ldc, accumulate);
        FloatVector c4v = init(c, c0 + 4 * ldc, accumulate);
        FloatVector c5v = init(c, c0 + 5 * ldc, accumulate);
        FloatVector c6v = init(c, c0 + 6 * ldc, accumulate);
        FloatVector c7v = init(c, c0 + 7 * ldc, accumulate);
        for (int k = 0; k < kc; k++) {
            int ak = ai + MR * k;
            FloatVector bv = FloatVector.fromArray(S, bp, bi + k * LANES);
            c0v = FloatVector.broadcast(S, ap[ak]).fma(bv, c0v);
            c1v = FloatVector.broadcast(S, ap[ak + 1]).fma(bv, c1v);
            c2v = FloatVector.broadcast(S, ap[ak + 2]).fma(bv, c2v);
            c3v = FloatVector.broadcast(S, ap[ak + 3]).fma(bv, c3v);
            c4v = FloatVector.broadcast(S, ap[ak + 4]).fma(bv, c4v);
            c5v = FloatVector.broadcast(S, ap[ak + 5]).fma(bv, c5v);
            c6v = FloatVector.broadcast(S, ap[ak + 6]).fma(bv, c6v);
            c7v = FloatVector.broadcast(S, ap[ak + 7]).fma(bv, c7v);
        }
        c0v.intoArray(c, c0);
        c1v.intoArray(c, c0 + ldc);
        c2v.intoArray(c, c0 + 2 * ldc);
        c3v.intoArray(c, c0 + 3 * ldc);
        c4v.intoArray(c, c0 + 4 * ldc);
        c5v.intoArray(c, c0 + 5 * ldc);
        c6v.intoArray(c, c0 + 6 * ldc);
        c7v.intoArray(c, c0 + 7 * ldc);
    }

    /** 6 rows x 2 vectors from packed panels: 12 accumulators, the AVX2 main tile (see {@link #TALL_TILES}). */
    private static void packed6x2(int kc, float[] ap, int ai, float[] bp, int bi, float[] c, int c0, int ldc,
                                  boolean accumulate) {
        final int l = LANES;
        FloatVector c00 = init(c, c0, accumulate);
        FloatVector c01 = init(c, c0 + l, accumulate);
        FloatVector c10 = init(c, c0 + ldc, accumulate);
        FloatVector c11 = init(c, c0 + ldc + l, accumulate);
        FloatVector c20 = init(c, c0 + 2 * ldc, accumulate);
        FloatVector c21 = init(c, c0 + 2 * ldc + l, accumulate);
        FloatVector c30 = init(c, c0 + 3 * ldc, accumulate);
        FloatVector c31 = init(c, c0 + 3 * ldc + l, accumulate);
        FloatVector c40 = init(c, c0 + 4 * ldc, accumulate);
        FloatVector c41 = init(c, c0 + 4 * ldc + l, accumulate);
        FloatVector c50 = init(c, c0 + 5 * ldc, accumulate);
        FloatVector c51 = init(c, c0 + 5 * ldc + l, accumulate);
        for (int k = 0; k < kc; k++) {
            int bk = bi + k * NR;
            int ak = ai + MR * k;
            FloatVector b0 = FloatVector.fromArray(S, bp, bk);
            FloatVector b1 = FloatVector.fromArray(S, bp, bk + l);
            FloatVector x = FloatVector.broadcast(S, ap[ak]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[ak + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[ak + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[ak + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, ap[ak + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, ap[ak + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
        }
        c00.intoArray(c, c0);
        c01.intoArray(c, c0 + l);
        c10.intoArray(c, c0 + ldc);
        c11.intoArray(c, c0 + ldc + l);
        c20.intoArray(c, c0 + 2 * ldc);
        c21.intoArray(c, c0 + 2 * ldc + l);
        c30.intoArray(c, c0 + 3 * ldc);
        c31.intoArray(c, c0 + 3 * ldc + l);
        c40.intoArray(c, c0 + 4 * ldc);
        c41.intoArray(c, c0 + 4 * ldc + l);
        c50.intoArray(c, c0 + 5 * ldc);
        c51.intoArray(c, c0 + 5 * ldc + l);
    }

    private static void packed6x1(int kc, float[] ap, int ai, float[] bp, int bi, float[] c, int c0, int ldc,
                                  boolean accumulate) {
        FloatVector c0v = init(c, c0, accumulate);
        FloatVector c1v = init(c, c0 + ldc, accumulate);
        FloatVector c2v = init(c, c0 + 2 * ldc, accumulate);
        FloatVector c3v = init(c, c0 + 3 * ldc, accumulate);
        FloatVector c4v = init(c, c0 + 4 * ldc, accumulate);
        FloatVector c5v = init(c, c0 + 5 * ldc, accumulate);
        for (int k = 0; k < kc; k++) {
            int ak = ai + MR * k;
            FloatVector bv = FloatVector.fromArray(S, bp, bi + k * LANES);
            c0v = FloatVector.broadcast(S, ap[ak]).fma(bv, c0v);
            c1v = FloatVector.broadcast(S, ap[ak + 1]).fma(bv, c1v);
            c2v = FloatVector.broadcast(S, ap[ak + 2]).fma(bv, c2v);
            c3v = FloatVector.broadcast(S, ap[ak + 3]).fma(bv, c3v);
            c4v = FloatVector.broadcast(S, ap[ak + 4]).fma(bv, c4v);
            c5v = FloatVector.broadcast(S, ap[ak + 5]).fma(bv, c5v);
        }
        c0v.intoArray(c, c0);
        c1v.intoArray(c, c0 + ldc);
        c2v.intoArray(c, c0 + 2 * ldc);
        c3v.intoArray(c, c0 + 3 * ldc);
        c4v.intoArray(c, c0 + 4 * ldc);
        c5v.intoArray(c, c0 + 5 * ldc);
    }

    private static void packed4x2(int kc, float[] ap, int ai, float[] bp, int bi, float[] c, int c0, int ldc,
                                  boolean accumulate) {
        final int l = LANES;
        FloatVector c00 = init(c, c0, accumulate);
        FloatVector c01 = init(c, c0 + l, accumulate);
        FloatVector c10 = init(c, c0 + ldc, accumulate);
        FloatVector c11 = init(c, c0 + ldc + l, accumulate);
        FloatVector c20 = init(c, c0 + 2 * ldc, accumulate);
        FloatVector c21 = init(c, c0 + 2 * ldc + l, accumulate);
        FloatVector c30 = init(c, c0 + 3 * ldc, accumulate);
        FloatVector c31 = init(c, c0 + 3 * ldc + l, accumulate);
        // indices as linear functions of k alone: with extra induction variables C2 sometimes kept range
        // checks in the loop (measured: about 1 JVM run in 2 at 135 instead of 190 GFLOP/s)
        for (int k = 0; k < kc; k++) {
            int bk = bi + k * NR;
            int ak = ai + 4 * k;
            FloatVector b0 = FloatVector.fromArray(S, bp, bk);
            FloatVector b1 = FloatVector.fromArray(S, bp, bk + l);
            FloatVector x0 = FloatVector.broadcast(S, ap[ak]);
            FloatVector x1 = FloatVector.broadcast(S, ap[ak + 1]);
            FloatVector x2 = FloatVector.broadcast(S, ap[ak + 2]);
            FloatVector x3 = FloatVector.broadcast(S, ap[ak + 3]);
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

    private static void packed4x1(int kc, float[] ap, int ai, float[] bp, int bi, float[] c, int c0, int ldc,
                                  boolean accumulate) {
        FloatVector c0v = init(c, c0, accumulate);
        FloatVector c1v = init(c, c0 + ldc, accumulate);
        FloatVector c2v = init(c, c0 + 2 * ldc, accumulate);
        FloatVector c3v = init(c, c0 + 3 * ldc, accumulate);
        for (int k = 0; k < kc; k++) {
            int ak = ai + 4 * k;
            FloatVector bv = FloatVector.fromArray(S, bp, bi + k * LANES);
            c0v = FloatVector.broadcast(S, ap[ak]).fma(bv, c0v);
            c1v = FloatVector.broadcast(S, ap[ak + 1]).fma(bv, c1v);
            c2v = FloatVector.broadcast(S, ap[ak + 2]).fma(bv, c2v);
            c3v = FloatVector.broadcast(S, ap[ak + 3]).fma(bv, c3v);
        }
        c0v.intoArray(c, c0);
        c1v.intoArray(c, c0 + ldc);
        c2v.intoArray(c, c0 + 2 * ldc);
        c3v.intoArray(c, c0 + 3 * ldc);
    }

    /** One row of C, one vector, from a packed B panel of width {@code w}; A unpacked. */
    private static void packedRow1(int kc, float[] a, int am, int sk, float[] bp, int bi, int w, float[] c, int ci,
                                   boolean accumulate) {
        FloatVector acc = init(c, ci, accumulate);
        for (int k = 0; k < kc; k++) { // indices linear in k alone (see packed4x2)
            acc = FloatVector.broadcast(S, a[am + k * sk]).fma(FloatVector.fromArray(S, bp, bi + k * w), acc);
        }
        acc.intoArray(c, ci);
    }

    // ---- unblocked path: operands in place (small products) ----

    private static void rowRange(int from, int rows, int cols, int depth, float[] a, int aOff, int aStrideM,
                                 int aStrideK, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc,
                                 boolean accumulate) {
        int m = from;
        for (; m + MR <= rows; m += MR) {
            int n = 0;
            for (; n + 2 * LANES <= cols; n += 2 * LANES) {
                if (TALL_TILES) {
                    tile8x2(m, n, depth, a, aOff, aStrideM, aStrideK, b, bOff, ldb, c, cOff, ldc, accumulate);
                } else {
                    tile6x2(m, n, depth, a, aOff, aStrideM, aStrideK, b, bOff, ldb, c, cOff, ldc, accumulate);
                }
            }
            if (n < cols) {
                if (TALL_TILES) {
                    tile8x1(m, n, depth, a, aOff, aStrideM, aStrideK, b, bOff, ldb, c, cOff, ldc, accumulate);
                } else {
                    tile6x1(m, n, depth, a, aOff, aStrideM, aStrideK, b, bOff, ldb, c, cOff, ldc, accumulate);
                }
            }
        }
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

    /** 8 rows x 2 vectors in place: 16 accumulators keep both FMA pipes busy where 8 wait on latency. */
    private static void tile8x2(int m, int n, int depth, float[] a, int aOff, int sm, int sk, float[] b, int bOff,
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
        FloatVector c40 = init(c, c0 + 4 * ldc, accumulate);
        FloatVector c41 = init(c, c0 + 4 * ldc + l, accumulate);
        FloatVector c50 = init(c, c0 + 5 * ldc, accumulate);
        FloatVector c51 = init(c, c0 + 5 * ldc + l, accumulate);
        FloatVector c60 = init(c, c0 + 6 * ldc, accumulate);
        FloatVector c61 = init(c, c0 + 6 * ldc + l, accumulate);
        FloatVector c70 = init(c, c0 + 7 * ldc, accumulate);
        FloatVector c71 = init(c, c0 + 7 * ldc + l, accumulate);
        int a0 = aOff + m * sm;
        int b0k = bOff + n;
        for (int k = 0; k < depth; k++) {
            int bk = b0k + k * ldb; // linear in k alone, as in packed4x2, so C2 hoists the range checks
            FloatVector b0 = FloatVector.fromArray(S, b, bk);
            FloatVector b1 = FloatVector.fromArray(S, b, bk + l);
            int ak = a0 + k * sk;
            FloatVector x = FloatVector.broadcast(S, a[ak]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[ak + sm]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[ak + 2 * sm]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[ak + 3 * sm]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[ak + 4 * sm]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[ak + 5 * sm]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, a[ak + 6 * sm]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, a[ak + 7 * sm]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
        }
        c00.intoArray(c, c0);
        c01.intoArray(c, c0 + l);
        c10.intoArray(c, c0 + ldc);
        c11.intoArray(c, c0 + ldc + l);
        c20.intoArray(c, c0 + 2 * ldc);
        c21.intoArray(c, c0 + 2 * ldc + l);
        c30.intoArray(c, c0 + 3 * ldc);
        c31.intoArray(c, c0 + 3 * ldc + l);
        c40.intoArray(c, c0 + 4 * ldc);
        c41.intoArray(c, c0 + 4 * ldc + l);
        c50.intoArray(c, c0 + 5 * ldc);
        c51.intoArray(c, c0 + 5 * ldc + l);
        c60.intoArray(c, c0 + 6 * ldc);
        c61.intoArray(c, c0 + 6 * ldc + l);
        c70.intoArray(c, c0 + 7 * ldc);
        c71.intoArray(c, c0 + 7 * ldc + l);
    }

    private static void tile8x1(int m, int n, int depth, float[] a, int aOff, int sm, int sk, float[] b, int bOff,
                                int ldb, float[] c, int cOff, int ldc, boolean accumulate) {
        int c0 = cOff + m * ldc + n;
        FloatVector c0v = init(c, c0, accumulate);
        FloatVector c1v = init(c, c0 + ldc, accumulate);
        FloatVector c2v = init(c, c0 + 2 * ldc, accumulate);
        FloatVector c3v = init(c, c0 + 3 * ldc, accumulate);
        FloatVector c4v = init(c, c0 + 4 * ldc, accumulate);
        FloatVector c5v = init(c, c0 + 5 * ldc, accumulate);
        FloatVector c6v = init(c, c0 + 6 * ldc, accumulate);
        FloatVector c7v = init(c, c0 + 7 * ldc, accumulate);
        int a0 = aOff + m * sm;
        int b0k = bOff + n;
        for (int k = 0; k < depth; k++) {
            int bk = b0k + k * ldb; // linear in k alone, as in packed4x2, so C2 hoists the range checks
            FloatVector bv = FloatVector.fromArray(S, b, bk);
            int ak = a0 + k * sk;
            c0v = FloatVector.broadcast(S, a[ak]).fma(bv, c0v);
            c1v = FloatVector.broadcast(S, a[ak + sm]).fma(bv, c1v);
            c2v = FloatVector.broadcast(S, a[ak + 2 * sm]).fma(bv, c2v);
            c3v = FloatVector.broadcast(S, a[ak + 3 * sm]).fma(bv, c3v);
            c4v = FloatVector.broadcast(S, a[ak + 4 * sm]).fma(bv, c4v);
            c5v = FloatVector.broadcast(S, a[ak + 5 * sm]).fma(bv, c5v);
            c6v = FloatVector.broadcast(S, a[ak + 6 * sm]).fma(bv, c6v);
            c7v = FloatVector.broadcast(S, a[ak + 7 * sm]).fma(bv, c7v);
        }
        c0v.intoArray(c, c0);
        c1v.intoArray(c, c0 + ldc);
        c2v.intoArray(c, c0 + 2 * ldc);
        c3v.intoArray(c, c0 + 3 * ldc);
        c4v.intoArray(c, c0 + 4 * ldc);
        c5v.intoArray(c, c0 + 5 * ldc);
        c6v.intoArray(c, c0 + 6 * ldc);
        c7v.intoArray(c, c0 + 7 * ldc);
    }

    /** 6 rows x 2 vectors in place: 12 accumulators, the AVX2 main tile (see {@link #TALL_TILES}). */
    private static void tile6x2(int m, int n, int depth, float[] a, int aOff, int sm, int sk, float[] b, int bOff,
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
        FloatVector c40 = init(c, c0 + 4 * ldc, accumulate);
        FloatVector c41 = init(c, c0 + 4 * ldc + l, accumulate);
        FloatVector c50 = init(c, c0 + 5 * ldc, accumulate);
        FloatVector c51 = init(c, c0 + 5 * ldc + l, accumulate);
        int a0 = aOff + m * sm;
        int b0k = bOff + n;
        for (int k = 0; k < depth; k++) {
            int bk = b0k + k * ldb; // linear in k alone, as in packed4x2, so C2 hoists the range checks
            FloatVector b0 = FloatVector.fromArray(S, b, bk);
            FloatVector b1 = FloatVector.fromArray(S, b, bk + l);
            int ak = a0 + k * sk;
            FloatVector x = FloatVector.broadcast(S, a[ak]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[ak + sm]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[ak + 2 * sm]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[ak + 3 * sm]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[ak + 4 * sm]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[ak + 5 * sm]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
        }
        c00.intoArray(c, c0);
        c01.intoArray(c, c0 + l);
        c10.intoArray(c, c0 + ldc);
        c11.intoArray(c, c0 + ldc + l);
        c20.intoArray(c, c0 + 2 * ldc);
        c21.intoArray(c, c0 + 2 * ldc + l);
        c30.intoArray(c, c0 + 3 * ldc);
        c31.intoArray(c, c0 + 3 * ldc + l);
        c40.intoArray(c, c0 + 4 * ldc);
        c41.intoArray(c, c0 + 4 * ldc + l);
        c50.intoArray(c, c0 + 5 * ldc);
        c51.intoArray(c, c0 + 5 * ldc + l);
    }

    private static void tile6x1(int m, int n, int depth, float[] a, int aOff, int sm, int sk, float[] b, int bOff,
                                int ldb, float[] c, int cOff, int ldc, boolean accumulate) {
        int c0 = cOff + m * ldc + n;
        FloatVector c0v = init(c, c0, accumulate);
        FloatVector c1v = init(c, c0 + ldc, accumulate);
        FloatVector c2v = init(c, c0 + 2 * ldc, accumulate);
        FloatVector c3v = init(c, c0 + 3 * ldc, accumulate);
        FloatVector c4v = init(c, c0 + 4 * ldc, accumulate);
        FloatVector c5v = init(c, c0 + 5 * ldc, accumulate);
        int a0 = aOff + m * sm;
        int b0k = bOff + n;
        for (int k = 0; k < depth; k++) {
            int bk = b0k + k * ldb; // linear in k alone, as in packed4x2, so C2 hoists the range checks
            FloatVector bv = FloatVector.fromArray(S, b, bk);
            int ak = a0 + k * sk;
            c0v = FloatVector.broadcast(S, a[ak]).fma(bv, c0v);
            c1v = FloatVector.broadcast(S, a[ak + sm]).fma(bv, c1v);
            c2v = FloatVector.broadcast(S, a[ak + 2 * sm]).fma(bv, c2v);
            c3v = FloatVector.broadcast(S, a[ak + 3 * sm]).fma(bv, c3v);
            c4v = FloatVector.broadcast(S, a[ak + 4 * sm]).fma(bv, c4v);
            c5v = FloatVector.broadcast(S, a[ak + 5 * sm]).fma(bv, c5v);
        }
        c0v.intoArray(c, c0);
        c1v.intoArray(c, c0 + ldc);
        c2v.intoArray(c, c0 + 2 * ldc);
        c3v.intoArray(c, c0 + 3 * ldc);
        c4v.intoArray(c, c0 + 4 * ldc);
        c5v.intoArray(c, c0 + 5 * ldc);
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
        int b0k = bOff + n;
        for (int k = 0; k < depth; k++) {
            int bk = b0k + k * ldb; // linear in k alone, as in packed4x2, so C2 hoists the range checks
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
        int b0k = bOff + n;
        for (int k = 0; k < depth; k++) {
            int bk = b0k + k * ldb; // linear in k alone, as in packed4x2, so C2 hoists the range checks
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
        int b0k = bOff + n;
        for (int k = 0; k < depth; k++) {
            int bk = b0k + k * ldb; // linear in k alone, as in packed4x2, so C2 hoists the range checks
            acc = FloatVector.broadcast(S, a[am + k * sk]).fma(FloatVector.fromArray(S, b, bk), acc);
        }
        acc.intoArray(c, ci);
    }
}
