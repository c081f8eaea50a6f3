package rrl.nd4j;

import org.nd4j.linalg.api.ndarray.INDArray;
import rrl.data.Transitions;

/**
 * The q-learning view of a dataset ({@code d4rl.qlearning_dataset}: s, a, r, s', done with time-outs
 * dropped) as ND4J arrays: observations and nextObservations [N, obsDim], actions [N, actDim], rewards and
 * dones [N].
 */
public record TransitionArrays(INDArray observations, INDArray actions, INDArray rewards,
                               INDArray nextObservations, INDArray dones) {

    /** Copies of the transitions' arrays. */
    public static TransitionArrays of(Transitions t) {
        return new TransitionArrays(
                Nd4jArrays.matrix(t.obs(), t.count(), t.obsDim()),
                Nd4jArrays.matrix(t.actions(), t.count(), t.actDim()),
                Nd4jArrays.vector(t.rewards()),
                Nd4jArrays.matrix(t.nextObs(), t.count(), t.obsDim()),
                Nd4jArrays.vector(t.dones()));
    }
}
