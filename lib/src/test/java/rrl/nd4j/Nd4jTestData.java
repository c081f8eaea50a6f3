package rrl.nd4j;

import rrl.policy.ActorPolicy;
import rrl.data.DatasetCollector;
import rrl.env.Environments;

/** Observations visited by a real policy on real MuJoCo, as one row-major array. */
final class Nd4jTestData {
    private Nd4jTestData() {}

    static double[] visitedObservations(ActorPolicy policy, String env, int steps, long seed) {
        float[] f = DatasetCollector.collect(Environments.task(env), policy, steps, 1, seed, null).observations();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
