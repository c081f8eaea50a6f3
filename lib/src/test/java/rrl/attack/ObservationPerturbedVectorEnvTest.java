package rrl.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import rrl.env.BatchEnv;
import rrl.env.Environments;
import rrl.env.Task;
import rrl.env.VectorEnv;

/** Observation noise and offsets on real Hopper simulators: bounded, exact, and blind to the simulator. */
class ObservationPerturbedVectorEnvTest {
    private static final Task HOPPER = Environments.task("Hopper");

    private static double[] scale() {
        double[] s = new double[HOPPER.observationDim()];
        for (int j = 0; j < s.length; j++) {
            s[j] = 0.5 + j * 0.1;
        }
        return s;
    }

    /** Steps {@code env} with fixed random commands; answers [observations, rewards] per step (copies). */
    private static List<double[][]> drive(BatchEnv env, int steps, long seed) {
        List<double[][]> out = new ArrayList<>();
        double[] first = env.reset(seed).clone();
        out.add(new double[][] {first, new double[env.numEnvs()]});
        SplittableRandom rng = new SplittableRandom(7);
        for (int t = 0; t < steps; t++) {
            double[] a = new double[env.numEnvs() * env.actionDim()];
            for (int k = 0; k < a.length; k++) {
                a[k] = rng.nextDouble(-1, 1);
            }
            env.step(a);
            out.add(new double[][] {env.observations().clone(), env.rewards().clone()});
        }
        return out;
    }

    @Test
    void noiseStaysWithinItsBoundPerDimensionAndLeavesTheSimulatorAlone() {
        List<double[][]> clean;
        try (VectorEnv env = new VectorEnv(HOPPER, 2, 1, true)) {
            clean = drive(env, 30, 3);
        }
        List<double[][]> noisy;
        try (BatchEnv env = ObservationPerturbedVectorEnv.noise(new VectorEnv(HOPPER, 2, 1, true), scale(), 0.2)) {
            noisy = drive(env, 30, 3);
        }
        double[] s = scale();
        double largest = 0;
        for (int t = 0; t < clean.size(); t++) {
            assertArrayEquals(clean.get(t)[1], noisy.get(t)[1], 0.0, "the reward of step " + t + " does not see the noise");
            for (int k = 0; k < clean.get(t)[0].length; k++) {
                double d = Math.abs(noisy.get(t)[0][k] - clean.get(t)[0][k]);
                double bound = 0.2 * s[k % s.length];
                assertTrue(d <= bound + 1e-12, "step " + t + " dim " + k + ": " + d + " > " + bound);
                largest = Math.max(largest, d / bound);
            }
        }
        assertTrue(largest > 0.9, "the noise reaches near its bound: " + largest);
    }

    @Test
    void anOffsetIsAddedExactlyToEveryObservationOfEverySlot() {
        double[] offset = scale();
        List<double[][]> clean;
        try (VectorEnv env = new VectorEnv(HOPPER, 3, 1, true)) {
            clean = drive(env, 20, 5);
        }
        List<double[][]> shifted;
        try (BatchEnv env = ObservationPerturbedVectorEnv.offset(new VectorEnv(HOPPER, 3, 1, true), offset)) {
            shifted = drive(env, 20, 5);
        }
        for (int t = 0; t < clean.size(); t++) {
            for (int k = 0; k < clean.get(t)[0].length; k++) {
                assertEquals(clean.get(t)[0][k] + offset[k % offset.length], shifted.get(t)[0][k], 0.0);
            }
        }
    }

    @Test
    void theNoiseOfASlotDoesNotDependOnHowManyThreadsStepTheSlots() {
        List<double[][]> one;
        try (BatchEnv env = ObservationPerturbedVectorEnv.noise(new VectorEnv(HOPPER, 4, 1, true), scale(), 0.3)) {
            one = drive(env, 15, 11);
        }
        List<double[][]> two;
        try (BatchEnv env = ObservationPerturbedVectorEnv.noise(new VectorEnv(HOPPER, 4, 2, true), scale(), 0.3)) {
            two = drive(env, 15, 11);
        }
        for (int t = 0; t < one.size(); t++) {
            assertArrayEquals(one.get(t)[0], two.get(t)[0], 0.0);
        }
    }

    @Test
    void badScalesBoundsAndOffsetsAreOneLineErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ObservationPerturbedVectorEnv.noise(new VectorEnv(HOPPER, 1, 1, true), new double[3], 0.1));
        assertEquals("an observation scale for Hopper needs 11 values (one per observation dimension), got 3", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ObservationPerturbedVectorEnv.noise(new VectorEnv(HOPPER, 1, 1, true), scale(), -0.1));
        assertTrue(e.getMessage().contains("must be a finite number >= 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ObservationPerturbedVectorEnv.offset(new VectorEnv(HOPPER, 2, 1, true), new double[5]));
        assertTrue(e.getMessage().contains("needs 11 values (one per observation dimension) or 2 x 11"), e.getMessage());
        double[] nan = new double[11];
        nan[4] = Double.NaN;
        e = assertThrows(IllegalArgumentException.class,
                () -> ObservationPerturbedVectorEnv.offset(new VectorEnv(HOPPER, 1, 1, true), nan));
        assertTrue(e.getMessage().contains("must be finite"), e.getMessage());
    }
}
