package rrl.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The two loops every dense layer reduces to, on flat row-major float[] buffers: a dot product (forward,
 * input gradient by rows) and an axpy (weight gradient, input gradient). Vector API lanes with a scalar
 * tail; measured on this machine the JIT alone did not vectorise these loops (11 vs 154 updates/s).
 */
final class Kernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private Kernels() {}

    /** sum_i a[ao + i] * b[bo + i] for i in [0, n). */
    static float dot(float[] a, int ao, float[] b, int bo, int n) {
        int i = 0;
        int bound = S.loopBound(n);
        FloatVector acc = FloatVector.zero(S);
        for (; i < bound; i += S.length()) {
            acc = FloatVector.fromArray(S, a, ao + i).fma(FloatVector.fromArray(S, b, bo + i), acc);
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            s += a[ao + i] * b[bo + i];
        }
        return s;
    }

    /** y[yo + i] += alpha * x[xo + i] for i in [0, n). */
    static void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        int bound = S.loopBound(n);
        FloatVector a = FloatVector.broadcast(S, alpha);
        for (; i < bound; i += S.length()) {
            FloatVector.fromArray(S, x, xo + i).fma(a, FloatVector.fromArray(S, y, yo + i)).intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            y[yo + i] += alpha * x[xo + i];
        }
    }
}
