package rrl.algo;

/**
 * The weights of advantage-weighted regression, IQL's policy extraction (Kostrikov et al. 2022, eq. 7):
 * w = min(exp(beta (Q(s, a) - V(s))), maxWeight), one per dataset transition, held constant in the actor's
 * loss. ikostrikov/implicit_q_learning {@code actor.py}: {@code jnp.minimum(jnp.exp((q - v) * temperature),
 * 100.0)}; CORL and YangRui2015/RIQL: {@code torch.exp(beta * adv).clamp(max=EXP_ADV_MAX)}, EXP_ADV_MAX = 100.
 */
final class AdvantageWeights {
    private AdvantageWeights() {}

    /** w_b = min(exp(beta adv_b), maxWeight) for n rows into {@code w}; returns their mean. */
    static double compute(float[] advantage, int n, double beta, double maxWeight, float[] w) {
        double sum = 0;
        for (int b = 0; b < n; b++) {
            // exp of a float product, as the reference computes it in float32
            w[b] = (float) Math.min(Math.exp((float) (beta * advantage[b])), maxWeight);
            sum += w[b];
        }
        return sum / n;
    }
}
