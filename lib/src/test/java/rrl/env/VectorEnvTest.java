package rrl.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class VectorEnvTest {
    @Test
    void threadCountDoesNotChangeResults() {
        double[] one = run(1);
        double[] two = run(2);
        assertArrayEquals(one, two, 0.0);
    }

    private static double[] run(int threads) {
        try (VectorEnv env = new VectorEnv(new Hopper(), 5, threads, true)) {
            env.reset(11);
            SplittableRandom rng = new SplittableRandom(2);
            double[] a = new double[15];
            double[] trace = new double[200 * 5];
            for (int t = 0; t < 200; t++) {
                for (int k = 0; k < a.length; k++) {
                    a[k] = rng.nextDouble(-1, 1);
                }
                env.step(a);
                System.arraycopy(env.rewards(), 0, trace, t * 5, 5);
            }
            return trace;
        }
    }

    @Test
    void autoResetStartsANewEpisodeAndKeepsTheFinalObservation() {
        try (VectorEnv env = new VectorEnv(new Hopper(), 3, 2, true)) {
            env.reset(0);
            double[] a = new double[9];
            Arrays.fill(a, 1.0);
            int done = -1;
            double episodeSum = 0;
            for (int t = 0; t < 1000 && done < 0; t++) {
                env.step(a);
                episodeSum += env.rewards()[0];
                for (int i = 0; i < 3; i++) {
                    if (env.terminated()[i]) {
                        done = i;
                    }
                }
            }
            assertTrue(done >= 0, "no episode ended");
            int obs = env.observationDim();
            double[] fin = Arrays.copyOfRange(env.finalObservations(), done * obs, done * obs + obs);
            double[] fresh = Arrays.copyOfRange(env.observations(), done * obs, done * obs + obs);
            assertEquals(0, env.episodeSteps(done));
            // the fresh observation is a reset state: standing (height ~1.25), nearly at rest
            assertEquals(1.25, fresh[0], 0.01);
            assertTrue(fin[0] < 1.2 || Math.abs(fin[1]) >= 0.2, "final observation should be the fallen state");
            if (done == 0) {
                assertEquals(episodeSum, env.finishedReturn(0), 1e-9);
            }
        }
    }

    /** Inactive slots keep their state and report nothing; active ones step exactly as in a full batch. */
    @Test
    void inactiveSlotsAreNotStepped() {
        Task hopper = Environments.task("Hopper");
        try (VectorEnv masked = new VectorEnv(hopper, 5, 2, true); VectorEnv full = new VectorEnv(hopper, 5, 2, true)) {
            masked.reset(2);
            full.reset(2);
            double[] frozen = Arrays.copyOfRange(masked.observations(), 3 * 11, 4 * 11);
            boolean[] active = {true, true, true, false, true};
            SplittableRandom rng = new SplittableRandom(4);
            double[] a = new double[15];
            for (int t = 0; t < 30; t++) {
                for (int k = 0; k < 15; k++) {
                    a[k] = rng.nextDouble(-1, 1);
                }
                double[] withNaN = a.clone();
                withNaN[3 * 3] = Double.NaN; // an inactive row is not read
                masked.step(withNaN, active);
                full.step(a);
                for (int i : new int[] {0, 1, 2, 4}) {
                    assertArrayEquals(Arrays.copyOfRange(full.observations(), i * 11, i * 11 + 11),
                            Arrays.copyOfRange(masked.observations(), i * 11, i * 11 + 11), 0.0);
                }
                assertArrayEquals(frozen, Arrays.copyOfRange(masked.observations(), 3 * 11, 4 * 11), 0.0);
                assertEquals(0.0, masked.rewards()[3]);
                assertEquals(0, masked.episodeSteps(3));
            }
        }
    }

    @Test
    void wrongBatchSizeNamesTheShape() {
        try (VectorEnv env = new VectorEnv(new HalfCheetah(), 4, 1, true)) {
            env.reset(0);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> env.step(new double[6]));
            assertTrue(e.getMessage().contains("24 action values (4 x 6), got 6"), e.getMessage());
        }
    }
}
