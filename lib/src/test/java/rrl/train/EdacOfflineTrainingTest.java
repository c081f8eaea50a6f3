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
import rrl.algo.EdacConfig;
import rrl.checkpoint.Checkpoint;
import rrl.data.D4rlDataset;
import rrl.data.DatasetCollector;
import rrl.env.Environments;
import rrl.policy.Policies;

/**
 * EDAC through offline training: a run killed after its last checkpoint and resumed ends as the uninterrupted run
 * (metrics.csv and every network, optimiser and the temperature), and a short smoke run on Hopper data whose Q
 * values stay finite and whose diversity penalty falls. Not a learning test: EDAC needs far more updates than a
 * unit test affords (its code trains 3M) to beat the data.
 */
class EdacOfflineTrainingTest {
    @TempDir
    Path tmp;

    private static D4rlDataset data(int rows) {
        return DatasetCollector.collect(Environments.task("Hopper"), Policies.uniformRandom(2), rows, 4, 2, null);
    }

    @Test
    void edacResumesExactly() throws Exception {
        D4rlDataset d = data(2000);
        EdacConfig learner = EdacConfig.defaults().withHidden(32, 32, 32).withBatchSize(32).withCritics(4);
        OfflineTraining.Config c = new OfflineTraining.Config("Hopper", learner, 600, 200, 2, 100, 4);
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        OfflineTraining.Result full = OfflineTraining.run(d, c, a, false);
        OfflineTraining.run(d, c, b, false, 450);
        OfflineTraining.Result resumed = OfflineTraining.run(d, c, b, false);
        assertEquals(full.curve(), resumed.curve());
        assertEquals(Files.readString(a.resolve("metrics.csv")), Files.readString(b.resolve("metrics.csv")));
        Checkpoint ca = Checkpoint.read(a.resolve("training.ckpt"));
        Checkpoint cb = Checkpoint.read(b.resolve("training.ckpt"));
        assertEquals("edac-training", ca.kind());
        assertTrue(ca.tensorNames().containsAll(List.of("q4", "q4_target", "adam_q4.m", "log_alpha", "adam_alpha.v")),
                ca.tensorNames().toString());
        for (String t : ca.tensorNames()) {
            assertArrayEquals(ca.tensor(t), cb.tensor(t), "EDAC " + t);
        }
        // the adversary's loader: the same critics, targets, actor and temperature as the run's last state
        rrl.algo.Edac loaded = rrl.algo.Edac.fromTrainingCheckpoint(ca, 11, 3);
        assertEquals(600, loaded.updates());
        assertEquals(4, loaded.critic().size());
        assertArrayEquals(ca.tensor("q3"), loaded.critic().q(2).params());
        assertArrayEquals(ca.tensor("actor"), loaded.actor().params());
        String other = assertThrows(IllegalArgumentException.class,
                () -> rrl.algo.Edac.fromTrainingCheckpoint(ca, 17, 6)).getMessage();
        assertTrue(other.startsWith("the EDAC checkpoint was trained on Hopper,"), other);
        String kind = assertThrows(IllegalArgumentException.class, () -> rrl.algo.Edac.fromTrainingCheckpoint(
                Checkpoint.create("td3bc-training"), 11, 3)).getMessage();
        assertTrue(kind.startsWith("not an EDAC training checkpoint (kind td3bc-training)"), kind);
        com.google.gson.JsonObject learnerJson = com.google.gson.JsonParser.parseString(
                Files.readString(a.resolve("config.json"))).getAsJsonObject().getAsJsonObject("config")
                .getAsJsonObject("learner");
        assertEquals(1.0, learnerJson.get("eta").getAsDouble(), learnerJson.toString());
        assertEquals("NONE", learnerJson.get("observationScaling").getAsString());
    }

    /**
     * 1,500 updates with the defaults but 64-wide layers and 5 critics, with eta 1 and with eta 0 (SAC-N): finite
     * numbers, and the penalty keeps the critics' action gradients apart. Fitting the same targets aligns them
     * (D rises towards N = 5, all parallel), the penalty holds D lower.
     */
    @Test
    void smokeRunKeepsQFiniteAndThePenaltyKeepsGradientsApart() {
        D4rlDataset d = data(5000);
        double[] last = new double[2];
        for (int k = 0; k < 2; k++) {
            EdacConfig learner = EdacConfig.defaults().withHidden(64, 64, 64).withBatchSize(64).withCritics(5)
                    .withEta(k == 0 ? 1.0 : 0.0);
            OfflineTraining.Result r = OfflineTraining.run(d, new OfflineTraining.Config("Hopper", learner, 1500, 1500,
                    1, 100, 0), null, false);
            List<String> header = r.log().header();
            int div = header.indexOf("diversity");
            int critic = header.indexOf("critic_loss");
            int std = header.indexOf("q_policy_std");
            List<double[]> rows = r.log().rows().stream().filter(x -> !Double.isNaN(x[div])).toList();
            for (double[] row : rows) {
                assertTrue(Double.isFinite(row[critic]) && Double.isFinite(row[std]) && Double.isFinite(row[div]),
                        java.util.Arrays.toString(row));
            }
            assertTrue(Double.isFinite(r.curve().get(0).meanReturn()));
            last[k] = rows.get(rows.size() - 1)[div];
            System.out.printf("EDAC smoke run, eta %s: diversity penalty %.3f at update 100, %.3f at 1500; critic "
                    + "loss %.3g%n", learner.eta(), rows.get(0)[div], last[k], rows.get(rows.size() - 1)[critic]);
        }
        assertTrue(last[0] < last[1] - 0.5, "penalty with eta 1: " + last[0] + ", without: " + last[1]);
    }
}
