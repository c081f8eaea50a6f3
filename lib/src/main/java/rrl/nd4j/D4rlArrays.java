package rrl.nd4j;

import org.nd4j.linalg.api.ndarray.INDArray;
import rrl.data.D4rlDataset;

/**
 * A D4RL dataset as ND4J arrays, keyed as in the HDF5 file: observations [N, obsDim], actions [N, actDim],
 * rewards [N], terminals [N] and timeouts [N] (0/1 floats), next_observations [N, obsDim] or null. Converts
 * both ways, so data made with ND4J can be written as a D4RL file and read back by every tool here.
 */
public record D4rlArrays(INDArray observations, INDArray actions, INDArray rewards, INDArray terminals,
                         INDArray timeouts, INDArray nextObservations) {

    /** Copies of the dataset's arrays. */
    public static D4rlArrays of(D4rlDataset d) {
        int n = d.size();
        return new D4rlArrays(
                Nd4jArrays.matrix(d.observations(), n, d.obsDim()),
                Nd4jArrays.matrix(d.actions(), n, d.actDim()),
                Nd4jArrays.vector(d.rewards()),
                Nd4jArrays.flags(d.terminals()),
                Nd4jArrays.flags(d.timeouts()),
                d.hasNextObservations() ? Nd4jArrays.matrix(d.nextObservations(), n, d.obsDim()) : null);
    }

    /**
     * A dataset with these arrays (copied); every array needs one row per transition and the flags must be
     * 0 or 1. Write it with {@link D4rlDataset#write}.
     */
    public D4rlDataset toDataset() {
        Nd4jArrays.requireMatrix(observations, "observations", -1);
        int n = Nd4jArrays.rows(observations);
        int obsDim = (int) observations.size(1);
        Nd4jArrays.requireMatrix(actions, "actions", -1);
        int actDim = (int) actions.size(1);
        float[] next = null;
        if (nextObservations != null) {
            next = Nd4jArrays.rowMajorFloats(nextObservations, "next_observations", obsDim);
        }
        // D4rlDataset.of checks every length against n and names the key that does not fit
        return D4rlDataset.of(n, obsDim, actDim,
                Nd4jArrays.rowMajorFloats(observations, "observations", obsDim),
                Nd4jArrays.rowMajorFloats(actions, "actions", actDim),
                Nd4jArrays.vectorFloats(rewards, "rewards"),
                toFlags(terminals, "terminals"), toFlags(timeouts, "timeouts"),
                next, null, 0, null, 0);
    }

    private static boolean[] toFlags(INDArray a, String name) {
        float[] v = Nd4jArrays.vectorFloats(a, name);
        boolean[] b = new boolean[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] != 0f && v[i] != 1f) {
                throw new IllegalArgumentException(name + "[" + i + "] is " + v[i] + "; flags must be 0 or 1");
            }
            b[i] = v[i] == 1f;
        }
        return b;
    }
}
