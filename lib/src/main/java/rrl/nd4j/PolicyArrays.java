package rrl.nd4j;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import rrl.policy.ActorPolicy;

/** A policy called on ND4J arrays: observations [n, obsDim] in, actions [n, actDim] (float64) out. */
public final class PolicyArrays {
    private PolicyArrays() {}

    /**
     * The policy's deterministic actions for every row of {@code observations}. Refuses observations of the
     * wrong width (naming the policy's environment) and non-finite values (naming the first bad row).
     */
    public static INDArray act(ActorPolicy policy, INDArray observations) {
        Nd4jArrays.requireMatrix(observations, "observations for a " + policy.env() + " policy",
                policy.observationDim());
        int n = Nd4jArrays.rows(observations);
        double[] obs = Nd4jArrays.rowMajorDoubles(observations, "observations", policy.observationDim());
        for (int i = 0; i < obs.length; i++) {
            if (!Double.isFinite(obs[i])) {
                throw new IllegalArgumentException("observation row " + (i / policy.observationDim()) + " column "
                        + (i % policy.observationDim()) + " is " + obs[i] + "; policies need finite observations");
            }
        }
        double[] actions = new double[n * policy.actionDim()];
        policy.act(obs, n, actions);
        return Nd4j.create(actions, new long[] {n, policy.actionDim()}, 'c');
    }
}
