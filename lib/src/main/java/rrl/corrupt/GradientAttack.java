package rrl.corrupt;

import rrl.data.Transitions;
import rrl.random.Rng;

/**
 * RIQL's gradient attack on one field's corrupted rows ({@code split_gradient_attack} and {@code optimize_para} in
 * YangRui2015/RIQL {@code attack.py}); {@link DatasetCorruption} describes the rule. Buffers are sized once per chunk
 * size; the per-step work is the critic's batched forward and backward passes.
 */
final class GradientAttack {
    private GradientAttack() {}

    static void run(CorruptionField f, Transitions t, int[] rows, double[] std, CorruptionConfig c, QFunction q,
                    Rng start) {
        int m = rows.length;
        int od = t.obsDim();
        int ad = t.actDim();
        int dim = f == CorruptionField.ACTION ? ad : od;
        float[] x = f == CorruptionField.ACTION ? t.actions() : f == CorruptionField.OBSERVATION ? t.obs() : t.nextObs();
        int widest = m - (c.chunks() - 1) * (m / c.chunks());
        float[] clean = new float[widest * dim];
        float[] para = new float[widest * dim];
        float[] noisy = new float[widest * dim];
        float[] other = new float[widest * (f == CorruptionField.ACTION ? od : ad)];
        float[] values = new float[widest];
        float[] grad = new float[widest * dim];
        float[] stdF = new float[dim];
        for (int j = 0; j < dim; j++) {
            stdF[j] = (float) std[j];
        }
        float range = (float) c.range();
        double lr = c.learningRate();
        int pointer = 0;
        for (int chunk = 0; chunk < c.chunks(); chunk++) {
            int n = chunk < c.chunks() - 1 ? m / c.chunks() : m - pointer;
            if (n == 0) {
                continue;
            }
            for (int r = 0; r < n; r++) {
                int k = rows[pointer + r];
                System.arraycopy(x, k * dim, clean, r * dim, dim);
                if (f == CorruptionField.OBSERVATION) {
                    System.arraycopy(t.actions(), k * ad, other, r * ad, ad);
                } else if (f == CorruptionField.ACTION) {
                    System.arraycopy(t.obs(), k * od, other, r * od, od);
                }
                for (int j = 0; j < dim; j++) {
                    // sample_para: 2 * range * std * (u - 0.5), in units of std
                    para[r * dim + j] = (float) (2 * c.range() * std[j] * (start.nextDouble() - 0.5));
                }
            }
            for (int step = 0; step < c.steps(); step++) {
                for (int i = 0; i < n * dim; i++) {
                    noisy[i] = clean[i] + para[i] * stdF[i % dim];
                }
                switch (f) {
                    case OBSERVATION -> q.valueAndGradients(noisy, other, n, values, grad, null);
                    case ACTION -> q.valueAndGradients(other, noisy, n, values, null, grad);
                    default -> q.policyValueAndGradient(noisy, n, values, grad);
                }
                for (int i = 0; i < n * dim; i++) {
                    // d mean_b Q / d para = dQ_b/dx * std / n; a fresh Adam's first step is lr * g / (|g| + eps)
                    double g = (double) grad[i] * stdF[i % dim] / n;
                    float p = (float) (para[i] - lr * g / (Math.abs(g) + DatasetCorruption.ADAM_EPS));
                    para[i] = Math.max(-range, Math.min(range, p));
                }
            }
            for (int r = 0; r < n; r++) {
                int k = rows[pointer + r];
                for (int j = 0; j < dim; j++) {
                    x[k * dim + j] = clean[r * dim + j] + para[r * dim + j] * stdF[j];
                }
            }
            pointer += n;
        }
    }
}
