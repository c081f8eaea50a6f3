package rrl.algo;

/**
 * Expectile regression, IQL's value loss (Kostrikov et al. 2022, eq. 5): for the residual u = target - v,
 * L_tau(u) = |tau - 1(u < 0)| u^2, averaged over the batch; tau > 0.5 weighs under-estimates more, so V
 * approaches an upper expectile of its target's distribution over the dataset's actions. Written as
 * ikostrikov/implicit_q_learning {@code critic.py loss} (weight tau where u > 0, 1 - tau elsewhere) and CORL /
 * YangRui2015/RIQL {@code asymmetric_l2_loss} (the same at u = 0, where the loss is 0).
 */
final class Expectile {
    private Expectile() {}

    /** |tau - 1(u < 0)|: tau for u >= 0, 1 - tau for u < 0. */
    static double weight(double u, double tau) {
        return u < 0 ? 1 - tau : tau;
    }

    /**
     * mean_b L_tau(target_b - v_b) for n rows, with dLoss/dv_b = -2 |tau - 1(u_b < 0)| u_b / n written into
     * {@code dV}.
     */
    static double lossAndGradient(float[] v, float[] target, int n, double tau, float[] dV) {
        double loss = 0;
        for (int b = 0; b < n; b++) {
            double u = (double) target[b] - v[b];
            double w = weight(u, tau);
            loss += w * u * u;
            dV[b] = (float) (-2 * w * u / n);
        }
        return loss / n;
    }
}
