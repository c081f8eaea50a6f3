package rrl.mujoco;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import rrl.parallel.WorkerPool;

class BatchStepperTest {
    /** Stepping a batch split over threads must give bit-identical states to stepping each env alone. */
    @Test
    void threadedBatchEqualsSequentialSingles() {
        int n = 7;
        int steps = 50;
        try (MjcfModel model = MjcfModel.loadResource("rrl/env/assets/hopper.xml");
             BatchStepper batch = new BatchStepper(model, n, 4, -1, false);
             WorkerPool pool = new WorkerPool(2)) {
            double[][] actions = new double[steps][n * 3];
            SplittableRandom rng = new SplittableRandom(3);
            for (double[] a : actions) {
                for (int k = 0; k < a.length; k++) {
                    a[k] = rng.nextDouble(-1, 1);
                }
            }
            double[] qpos0 = model.qpos0();
            for (int i = 0; i < n; i++) {
                double[] q = qpos0.clone();
                q[2] = 0.01 * i;
                batch.setState(i, q, new double[6]);
            }
            for (double[] a : actions) {
                batch.ctrl().put(0, a);
                pool.forEach(n, batch::step);
            }
            double[] batched = new double[n * batch.rowSize()];
            batch.state().get(0, batched);

            double[] single = new double[n * batch.rowSize()];
            for (int i = 0; i < n; i++) {
                try (BatchStepper one = new BatchStepper(model, 1, 4, -1, false)) {
                    double[] q = qpos0.clone();
                    q[2] = 0.01 * i;
                    one.setState(0, q, new double[6]);
                    for (double[] a : actions) {
                        one.ctrl().put(0, a, i * 3, 3);
                        one.step(0, 1);
                    }
                    one.state().get(0, single, i * batch.rowSize(), batch.rowSize());
                }
            }
            assertArrayEquals(single, batched, 0.0);
            // and the environments really differ from each other (the test would be vacuous otherwise)
            assertNotEquals(batched[0 * batch.rowSize() + 2], batched[1 * batch.rowSize() + 2]);
        }
    }
}
