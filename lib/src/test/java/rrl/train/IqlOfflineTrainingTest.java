package rrl.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rrl.algo.IqlConfig;
import rrl.algo.LearnerConfig;
import rrl.algo.RiqlConfig;
import rrl.checkpoint.Checkpoint;
import rrl.data.D4rlDataset;
import rrl.data.DatasetCollector;
import rrl.env.Environments;
import rrl.policy.Policies;

/**
 * IQL and RIQL through offline training: a run killed after its last checkpoint and resumed ends as the
 * uninterrupted run (metrics.csv and every network), and config.json records the data preparation (observation
 * and reward scaling, and the reward factor computed from the dataset).
 */
class IqlOfflineTrainingTest {
    @TempDir
    Path tmp;

    private static D4rlDataset data() {
        return DatasetCollector.collect(Environments.task("Hopper"), Policies.uniformRandom(2), 2000, 4, 2, null);
    }

    private void resumesExactly(String name, LearnerConfig learner) throws Exception {
        D4rlDataset d = data();
        OfflineTraining.Config c = new OfflineTraining.Config("Hopper", learner, 600, 200, 2, 100, 4);
        Path a = tmp.resolve(name + "-a");
        Path b = tmp.resolve(name + "-b");
        OfflineTraining.Result full = OfflineTraining.run(d, c, a, false);
        OfflineTraining.run(d, c, b, false, 450);
        OfflineTraining.Result resumed = OfflineTraining.run(d, c, b, false);
        assertEquals(full.curve(), resumed.curve());
        assertEquals(Files.readString(a.resolve("metrics.csv")), Files.readString(b.resolve("metrics.csv")));
        Checkpoint ca = Checkpoint.read(a.resolve("training.ckpt"));
        Checkpoint cb = Checkpoint.read(b.resolve("training.ckpt"));
        assertEquals(name.toLowerCase() + "-training", ca.kind());
        for (String t : ca.tensorNames()) {
            assertArrayEquals(ca.tensor(t), cb.tensor(t), name + " " + t);
        }
    }

    @Test
    void iqlResumesExactly() throws Exception {
        resumesExactly("IQL", IqlConfig.defaults().withHidden(32, 32).withBatchSize(32).withTotalSteps(600));
    }

    @Test
    void riqlResumesExactly() throws Exception {
        resumesExactly("RIQL", RiqlConfig.defaults().withHidden(32, 32).withBatchSize(32).withTotalSteps(600));
    }

    @Test
    void configJsonRecordsTheDataPreparation() throws Exception {
        D4rlDataset d = data();
        Path run = tmp.resolve("iql");
        OfflineTraining.run(d, new OfflineTraining.Config("Hopper", IqlConfig.defaults().withHidden(16).withBatchSize(16)
                .withTotalSteps(100), 100, 100, 1, 100, 0), run, false);
        JsonObject j = com.google.gson.JsonParser.parseString(Files.readString(run.resolve("config.json")))
                .getAsJsonObject();
        String text = j.toString();
        assertTrue(text.contains("\"observationScaling\":\"NONE\"") && text.contains("\"rewardScaling\":\"RETURN_RANGE\""),
                text);
        double factor = rrl.algo.RewardScaling.RETURN_RANGE.factor(d.qlearningView());
        assertTrue(text.contains("\"rewardScale\":" + factor), text);
    }
}
