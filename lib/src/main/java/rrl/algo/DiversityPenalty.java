package rrl.algo;

/**
 * EDAC's ensemble-diversity penalty (An et al. 2021, arXiv 2110.01548, eq. 4; notebooks/references.md#edac) on
 * the critics' action gradients g_i = dQ_i/da of a batch, as CORL {@code algorithms/offline/edac.py}
 * {@code _critic_diversity_loss} (and YangRui2015/RIQL {@code EDAC.py}, the same code) computes it: each g_i
 * normalised to g_i / (||g_i|| + 1e-10), the Gram matrix of the N normalised gradients with its diagonal masked,
 * summed over (i, j), averaged over the batch and divided by N - 1:
 * D = mean_b sum_{i != j} &lt;g^_ib, g^_jb&gt; / (N - 1). Here sum_{i != j} = ||sum_i g^_i||^2 - sum_i ||g^_i||^2,
 * in double.
 *
 * <p>Its gradient by each g_i (for the critics' double back-propagation, {@code Mlp.addInputGradientWeightGradients}):
 * dD/dg^_i = 2 (S - g^_i) / (B (N - 1)) with S = sum_j g^_j, through the normalisation
 * dD/dg_i = v / (n + e) - g (g . v) / (n (n + e)^2), n = ||g_i||, v = dD/dg^_i; at n = 0 the second term is 0, as
 * autograd's norm gives it. Buffers are the caller's; nothing is allocated.
 */
final class DiversityPenalty {
    /** Added to each gradient's norm before dividing (CORL: {@code + 1e-10}). */
    static final double NORM_EPS = 1e-10;

    private DiversityPenalty() {}

    /**
     * D of the gradients {@code g[i]} [batch, actDim] of N = g.length >= 2 critics, and {@code weight} x dD/dg_i
     * into {@code dG[i]} [batch, actDim].
     *
     * @param sum scratch of at least actDim values
     * @param norms scratch of at least N values
     */
    static double valueAndGradients(float[][] g, int batch, int actDim, double weight, float[][] dG, double[] sum,
                                    double[] norms) {
        int n = g.length;
        if (n < 2) {
            throw new IllegalArgumentException("the diversity penalty needs at least 2 critics, got " + n);
        }
        double scale = 1.0 / ((double) batch * (n - 1));
        double total = 0;
        for (int b = 0; b < batch; b++) {
            int row = b * actDim;
            java.util.Arrays.fill(sum, 0, actDim, 0.0);
            double squares = 0;
            for (int i = 0; i < n; i++) {
                double sq = 0;
                for (int j = 0; j < actDim; j++) {
                    double x = g[i][row + j];
                    sq += x * x;
                }
                double norm = Math.sqrt(sq);
                norms[i] = norm;
                double inv = 1.0 / (norm + NORM_EPS);
                for (int j = 0; j < actDim; j++) {
                    double h = g[i][row + j] * inv;
                    sum[j] += h;
                    squares += h * h;
                }
            }
            double s2 = 0;
            for (int j = 0; j < actDim; j++) {
                s2 += sum[j] * sum[j];
            }
            total += s2 - squares;
            for (int i = 0; i < n; i++) {
                double norm = norms[i];
                double inv = 1.0 / (norm + NORM_EPS);
                // v = weight * 2 (S - g^_i) * scale; u = v inv - g (g . v) inv^2 / n
                double dot = 0;
                for (int j = 0; j < actDim; j++) {
                    double x = g[i][row + j];
                    dot += x * (sum[j] - x * inv);
                }
                double c = 2 * weight * scale;
                double radial = norm > 0 ? dot * inv * inv / norm : 0;
                for (int j = 0; j < actDim; j++) {
                    double x = g[i][row + j];
                    dG[i][row + j] = (float) (c * ((sum[j] - x * inv) * inv - x * radial));
                }
            }
        }
        return total * scale;
    }
}
