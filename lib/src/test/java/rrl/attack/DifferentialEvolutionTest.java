package rrl.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DifferentialEvolutionTest {
    @TempDir
    Path tmp;

    private static final double[] TARGET = {0.21, -0.17, 0.05, -0.29, 0.12};

    /** Shifted sphere: minimum 0 at TARGET, inside the box [-0.3, 0.3]^5. */
    private static double[] sphere(double[] x, int count, int dim) {
        double[] f = new double[count];
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < dim; j++) {
                double d = x[i * dim + j] - TARGET[j];
                f[i] += d * d;
            }
        }
        return f;
    }

    private static DifferentialEvolution.Config config(int generations, long seed) {
        return new DifferentialEvolution.Config(40, generations, 0.5, 1.0, 0.7, 0.3, seed);
    }

    @Test
    void findsTheMinimumOfAShiftedSphere() {
        DifferentialEvolution.Result r = new DifferentialEvolution(config(150, 1), 5)
                .run((x, n, g) -> sphere(x, n, 5), null, null);
        assertArrayEquals(TARGET, r.best(), 1e-3);
        assertTrue(r.bestFitness() < 1e-6, "best " + r.bestFitness());
        assertEquals(151, r.bestHistory().length);
        for (int g = 1; g < r.bestHistory().length; g++) {
            assertTrue(r.bestHistory()[g] <= r.bestHistory()[g - 1], "greedy selection never loses the best");
        }
    }

    /** A minimum on the boundary is reached through clipping. */
    @Test
    void clipsToTheBoxAndFindsACornerMinimum() {
        DifferentialEvolution.Result r = new DifferentialEvolution(config(60, 2), 3).run((x, n, g) -> {
            double[] f = new double[n];
            for (int i = 0; i < n; i++) {
                f[i] = x[i * 3] - x[i * 3 + 1] + x[i * 3 + 2];
            }
            return f;
        }, null, null);
        assertArrayEquals(new double[] {-0.3, 0.3, -0.3}, r.best(), 1e-12);
        for (double v : r.population()) {
            assertTrue(Math.abs(v) <= 0.3);
        }
    }

    @Test
    void sameSeedSameResultOtherSeedOther() {
        DifferentialEvolution.Result a = new DifferentialEvolution(config(10, 3), 5).run((x, n, g) -> sphere(x, n, 5), null, null);
        DifferentialEvolution.Result b = new DifferentialEvolution(config(10, 3), 5).run((x, n, g) -> sphere(x, n, 5), null, null);
        DifferentialEvolution.Result c = new DifferentialEvolution(config(10, 4), 5).run((x, n, g) -> sphere(x, n, 5), null, null);
        assertArrayEquals(a.population(), b.population(), 0.0);
        assertTrue(a.population()[0] != c.population()[0]);
    }

    /** Killed after generation 4 (the fitness throws), rerun on the checkpoint: same result as one run. */
    @Test
    void resumesFromACheckpointToTheSameResult() {
        Path ckpt = tmp.resolve("de.ckpt");
        DifferentialEvolution.Result whole = new DifferentialEvolution(config(12, 5), 5)
                .run((x, n, g) -> sphere(x, n, 5), null, null);
        assertThrows(IllegalStateException.class, () -> new DifferentialEvolution(config(12, 5), 5).run((x, n, g) -> {
            if (g == 5) {
                throw new IllegalStateException("simulated kill");
            }
            return sphere(x, n, 5);
        }, ckpt, null));
        int[] evaluated = {0};
        DifferentialEvolution.Result resumed = new DifferentialEvolution(config(12, 5), 5).run((x, n, g) -> {
            evaluated[0]++;
            assertTrue(g >= 5, "generation " + g + " was already done");
            return sphere(x, n, 5);
        }, ckpt, null);
        assertEquals(4, resumed.resumedFromGeneration());
        assertEquals(8, evaluated[0]);
        assertArrayEquals(whole.population(), resumed.population(), 0.0);
        assertArrayEquals(whole.bestHistory(), resumed.bestHistory(), 0.0);
        // A different run's checkpoint is refused.
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new DifferentialEvolution(config(12, 6), 5)
                .run((x, n, g) -> sphere(x, n, 5), ckpt, null)).getMessage().contains("different DE run"));
    }

    @Test
    void badSettingsAreClearErrors() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new DifferentialEvolution.Config(3, 30, 0.5, 1, 0.7, 0.3, 0)).getMessage().contains("NP = 3"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new DifferentialEvolution.Config(10, 30, 0.5, 1, 0.7, 0, 0)).getMessage().contains("eps"));
        assertThrows(IllegalArgumentException.class, () -> new DifferentialEvolution.Config(10, 30, 0.5, 1, 1.5, 0.3, 0));
        assertThrows(IllegalArgumentException.class, () -> new DifferentialEvolution.Config(10, -1, 0.5, 1, 0.7, 0.3, 0));
    }
}
