package rrl.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vectorised element-wise steps of a dense layer: bias + activation after the forward GEMM, the
 * activation's derivative in the backward pass, and bias gradients. Rows are padded to the vector length,
 * so no masks or tails are needed. Measured here: the scalar versions cost as much as the GEMMs, and
 * Math.tanh alone ~100 ns a call.
 */
final class Elementwise {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private Elementwise() {}

    /** y[b][o] = f(y[b][o] + bias[o]) for rows of padded width {@code width}; tanh only on the logical columns. */
    static void biasActivate(float[] y, int rows, int width, int logical, float[] params, int biasOff, Activation f) {
        FloatVector zero = FloatVector.zero(S);
        for (int b = 0; b < rows; b++) {
            int row = b * width;
            for (int o = 0; o < width; o += L) {
                FloatVector v = FloatVector.fromArray(S, y, row + o).add(FloatVector.fromArray(S, params, biasOff + o));
                if (f == Activation.RELU) {
                    v = v.max(zero);
                }
                v.intoArray(y, row + o);
            }
            if (f == Activation.TANH) {
                for (int o = 0; o < logical; o++) {
                    y[row + o] = tanh(y[row + o]);
                }
            }
        }
    }

    /** tanh through exp (an intrinsic), accurate to float precision; saturates cleanly for large |x|. */
    static float tanh(float x) {
        if (x > 10f) {
            return 1f;
        }
        if (x < -10f) {
            return -1f;
        }
        double e = Math.exp(2.0 * x);
        return (float) ((e - 1.0) / (e + 1.0));
    }

    /** d[k] *= f'(y[k]) for n entries, f' taken from the activation's output y. */
    static void activationBackward(float[] d, float[] y, int n, Activation f) {
        if (f == Activation.IDENTITY) {
            return;
        }
        if (f == Activation.RELU) {
            FloatVector zero = FloatVector.zero(S);
            for (int k = 0; k < n; k += L) {
                FloatVector yv = FloatVector.fromArray(S, y, k);
                VectorMask<Float> active = yv.compare(VectorOperators.GT, 0f);
                zero.blend(FloatVector.fromArray(S, d, k), active).intoArray(d, k);
            }
            return;
        }
        for (int k = 0; k < n; k++) {
            d[k] *= 1f - y[k] * y[k];
        }
    }

    /** bias gradient: g[o] += sum_b d[b][o] over rows of padded width. */
    static void biasGradient(float[] d, int rows, int width, float[] g, int off) {
        for (int o = 0; o < width; o += L) {
            FloatVector acc = FloatVector.fromArray(S, g, off + o);
            for (int b = 0; b < rows; b++) {
                acc = acc.add(FloatVector.fromArray(S, d, b * width + o));
            }
            acc.intoArray(g, off + o);
        }
    }

    /** p += tau * (q - p), the soft target update. */
    static void lerp(float[] p, float[] q, float tau) {
        FloatVector t = FloatVector.broadcast(S, tau);
        int i = 0;
        int bound = S.loopBound(p.length);
        for (; i < bound; i += L) {
            FloatVector pv = FloatVector.fromArray(S, p, i);
            pv.add(FloatVector.fromArray(S, q, i).sub(pv).mul(t)).intoArray(p, i);
        }
        for (; i < p.length; i++) {
            p[i] += tau * (q[i] - p[i]);
        }
    }

    /** dst (cols x rows) = transpose of src[off ..] (rows x cols), in 16 x 16 blocks to stay in cache. */
    static void transpose(float[] src, int off, int rows, int cols, float[] dst) {
        final int block = 16;
        for (int r0 = 0; r0 < rows; r0 += block) {
            int r1 = Math.min(rows, r0 + block);
            for (int c0 = 0; c0 < cols; c0 += block) {
                int c1 = Math.min(cols, c0 + block);
                for (int r = r0; r < r1; r++) {
                    int s = off + r * cols;
                    for (int c = c0; c < c1; c++) {
                        dst[c * rows + r] = src[s + c];
                    }
                }
            }
        }
    }
}
