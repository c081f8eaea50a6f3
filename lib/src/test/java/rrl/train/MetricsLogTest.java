package rrl.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rrl.algo.Metrics;
import rrl.checkpoint.Checkpoint;

class MetricsLogTest {
    @Test
    void windowsAverageAndSkipNaN(@TempDir Path dir) {
        MetricsLog log = new MetricsLog(List.of("return_mean"));
        log.row(0, new double[] {5}); // an evaluation before any update: learner columns unknown yet
        log.add(Metrics.of("critic_loss", 1.0, "actor_loss", Double.NaN));
        log.add(Metrics.of("critic_loss", 3.0, "actor_loss", -4.0));
        log.add(Metrics.none());
        log.row(2, null);
        log.add(Metrics.of("critic_loss", 10.0, "actor_loss", Double.NaN));
        log.row(3, new double[] {7});
        assertEquals(List.of("step", "critic_loss", "actor_loss", "return_mean"), log.header());
        List<double[]> rows = log.rows();
        assertArrayEquals(new double[] {0, Double.NaN, Double.NaN, 5}, rows.get(0));
        assertArrayEquals(new double[] {2, 2.0, -4.0, Double.NaN}, rows.get(1));
        assertArrayEquals(new double[] {3, 10.0, Double.NaN, 7}, rows.get(2));
        log.write(dir.resolve("metrics.csv"));
        List<double[]> evals = MetricsLog.readEvaluations(dir.resolve("metrics.csv"), List.of("step", "return_mean"),
                "return_mean");
        assertEquals(2, evals.size());
        assertArrayEquals(new double[] {3, 7}, evals.get(1));
        assertThrows(IllegalStateException.class, () -> log.add(Metrics.of("other", 1.0)));
    }

    @Test
    void checkpointCarriesRowsAndTheOpenWindow(@TempDir Path dir) {
        MetricsLog a = new MetricsLog(List.of("r"));
        a.add(Metrics.of("loss", 1.0));
        a.row(1, null);
        a.add(Metrics.of("loss", 2.0));
        Checkpoint ck = Checkpoint.create("test");
        a.save(ck);
        ck.write(dir.resolve("c.ckpt"));
        MetricsLog b = new MetricsLog(List.of("r"));
        b.restore(Checkpoint.read(dir.resolve("c.ckpt")));
        a.add(Metrics.of("loss", 4.0));
        b.add(Metrics.of("loss", 4.0));
        a.row(2, new double[] {Double.NaN});
        b.row(2, new double[] {Double.NaN});
        assertEquals(a.header(), b.header());
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(a.rows().get(i), b.rows().get(i));
        }
        assertEquals(3.0, b.rows().get(1)[1]);
    }

    @Test
    void filesWrittenBeforeLossesWereLoggedStillRead(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("metrics.csv"), "step,q,normal_mean\n400,0.5,101.5\n800,0.5,12.5\n");
        List<double[]> e = MetricsLog.readEvaluations(f, List.of("step", "normal_mean"), "normal_mean");
        assertArrayEquals(new double[] {800, 12.5}, e.get(1));
        var bad = assertThrows(IllegalArgumentException.class,
                () -> MetricsLog.readEvaluations(f, List.of("step", "adversarial_mean"), "normal_mean"));
        assertTrue(bad.getMessage().contains("no column 'adversarial_mean'"), bad.getMessage());
    }
}
