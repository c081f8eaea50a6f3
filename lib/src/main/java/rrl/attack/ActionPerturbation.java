package rrl.attack;

/**
 * Paper 2's multiplicative actuator fault (eq. 1): the executed action is {@code a' = a + delta ⊙ a}, so
 * {@code delta_j = -0.3} is an actuator delivering 70% of the commanded torque and {@code +0.3} one
 * delivering 130%.
 */
public final class ActionPerturbation {
    private ActionPerturbation() {}

    /**
     * Writes {@code a' = a + delta ⊙ a} for {@code n} rows of {@code actDim} values; row i uses
     * {@code deltas[i * actDim ...]}. {@code out} may be {@code actions}.
     */
    public static void apply(double[] actions, double[] deltas, int n, int actDim, double[] out) {
        for (int k = 0; k < n * actDim; k++) {
            out[k] = actions[k] + deltas[k] * actions[k];
        }
    }

    /** Checks that {@code delta} fits an {@code actDim}-actuator task and the bound {@code eps}. */
    public static void requireValid(double[] delta, int actDim, double eps, String taskName) {
        if (delta.length != actDim) {
            throw new IllegalArgumentException("a perturbation for " + taskName + " needs " + actDim
                    + " values (one per actuator), got " + delta.length + ". Was it found for another environment?");
        }
        for (int j = 0; j < actDim; j++) {
            if (!Double.isFinite(delta[j])) {
                throw new IllegalArgumentException("perturbation value " + j + " is " + delta[j]
                        + "; every value must be a finite number in [-eps, eps]");
            }
            if (Math.abs(delta[j]) > eps + 1e-12) {
                throw new IllegalArgumentException("perturbation value " + j + " is " + delta[j]
                        + ", outside [-" + eps + ", " + eps + "]; pass a larger --eps or a delta found with this eps");
            }
        }
    }

    /** Checks that a perturbation strength is usable. */
    public static void requireEpsilon(double eps) {
        if (!(eps > 0) || !Double.isFinite(eps)) {
            throw new IllegalArgumentException("perturbation strength eps must be a finite number > 0, got " + eps
                    + " (paper 2 uses 0.3 for Hopper and HalfCheetah, 0.5 for Ant)");
        }
    }
}
