package rrl.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rrl.algo.SacConfig;
import rrl.algo.Td3Config;
import rrl.data.D4rlDataset;
import rrl.data.DatasetCollector;
import rrl.env.Environments;
import rrl.env.VectorEnv;
import rrl.nn.ObservationNormalizer;
import rrl.policy.Policies;
import rrl.replay.MixedSampler;
import rrl.replay.RingReplay;

/** The shared loop: what every run folder gets, the one same-run rule, and the online step's options. */
class TrainingLoopTest {
    @TempDir
    Path tmp;

    private static OfflineTraining.Config small(long steps) {
        return OfflineTraining.Config.td3bc("Hopper", steps, 200, 2, 4, Td3Config.td3bc().withHidden(32, 32).withBatchSize(32));
    }

    private static D4rlDataset data() {
        return DatasetCollector.collect(Environments.task("Hopper"), Policies.uniformRandom(2), 3000, 4, 2, null);
    }

    /** A TD3+BC run folder holds the run id in config.json and the losses in metrics.csv. */
    @Test
    void offlineRunFolderHasLossColumnsAndRunId() throws Exception {
        Path dir = tmp.resolve("td3bc");
        OfflineTraining.Config c = new OfflineTraining.Config("Hopper", small(600).learner(), 600, 200, 2, 100, 4);
        OfflineTraining.run(data(), c, dir, false);
        List<String> lines = Files.readAllLines(dir.resolve("metrics.csv"));
        assertEquals("step,critic_loss,actor_loss,mean_q,lambda,return_mean,return_std,d4rl_score", lines.get(0));
        assertEquals(7, lines.size(), "a row every 100 updates: " + lines);
        String[] row = lines.get(2).split(",");
        assertEquals("200", row[0]);
        assertTrue(Double.parseDouble(row[1]) > 0, "critic loss is a positive mean square: " + lines.get(2));
        assertTrue(!row[5].equals("NaN"), "evaluation at 200: " + lines.get(2));
        assertEquals("NaN", lines.get(1).split(",")[5], "no evaluation at 100");
        JsonObject config = JsonParser.parseString(Files.readString(dir.resolve("config.json"))).getAsJsonObject();
        // the run id pins the dataset: the config the loop ran is the given one plus the data's identity
        assertEquals(c.withDataset(rrl.data.DatasetRef.of(data())).id().toString(), config.get("run_id").getAsString());
        assertNotEquals(c.id(), c.withDataset(rrl.data.DatasetRef.of(data())).id());
        assertEquals("TD3+BC", config.get("algorithm").getAsString());
        // provenance: the run id, the machine's vector width, threads, MuJoCo, seeds and the full config
        JsonObject prov = JsonParser.parseString(Files.readString(dir.resolve("provenance.json"))).getAsJsonObject();
        assertEquals(c.withDataset(rrl.data.DatasetRef.of(data())).id().value(), prov.getAsJsonObject("runId").get("value").getAsString());
        assertEquals("offline-training", prov.getAsJsonObject("runId").get("kind").getAsString());
        assertEquals(jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length(), prov.get("vectorSpeciesLength").getAsInt());
        assertEquals("2.2.2", prov.get("mujoco").getAsString());
        assertEquals(4, prov.getAsJsonArray("seeds").get(0).getAsLong());
        assertEquals(600, prov.getAsJsonObject("config").get("steps").getAsLong());
        assertTrue(rrl.checkpoint.Checkpoint.read(dir.resolve("training.ckpt")).meta().has("provenance"));
        // the loop held the folder's lock while it ran and released it at the end
        try (var lock = rrl.results.RunFolder.at(dir).lock()) {
            assertTrue(Files.exists(lock.file()));
        }
    }

    /** Extending the budget continues the same run; another seed is another run and is refused. */
    @Test
    void runIdIsTheSameRunRule() {
        assertEquals(small(400).id(), small(600).id());
        OfflineTraining.Config otherSeed = OfflineTraining.Config.td3bc("Hopper", 600, 200, 2, 5,
                Td3Config.td3bc().withHidden(32, 32).withBatchSize(32));
        assertNotEquals(small(600).id(), otherSeed.id());
        D4rlDataset d = data();
        Path dir = tmp.resolve("run");
        OfflineTraining.run(d, small(200), dir, false);
        var e = assertThrows(IllegalArgumentException.class, () -> OfflineTraining.run(d, otherSeed, dir, false));
        assertTrue(e.getMessage().contains("seed 4") && e.getMessage().contains("use another folder"), e.getMessage());
        // a killed-and-resumed offline run writes the same metrics.csv as an uninterrupted one
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        OfflineTraining.run(d, small(600), a, false);
        OfflineTraining.run(d, small(600), b, false, 450);
        OfflineTraining.run(d, small(600), b, false);
        assertEquals(read(a.resolve("metrics.csv")), read(b.resolve("metrics.csv")));
    }

    /** updatesPerStep updates per environment step; the hook sees every transition and changes what is stored. */
    @Test
    void onlineStepOptions() {
        SacConfig sac = SacConfig.defaults().withHidden(16, 16).withBatchSize(8).withStartSteps(50);
        var task = Environments.task("Hopper");
        List<Long> seen = new ArrayList<>();
        try (VectorEnv env = new VectorEnv(task, 1, 1, true)) {
            env.reset(3);
            RingReplay replay = new RingReplay(1000, 11, 3);
            var learner = sac.create(11, 3, 3);
            TransitionHook zeroReward = (step, obs, action, reward, next, terminated) -> {
                seen.add(step);
                reward[0] = 0;
            };
            OnlineInteraction s = new OnlineInteraction(learner, env, env, ObservationNormalizer.identity(11), replay,
                    new MixedSampler(null, replay, 0.0), 20, 3, zeroReward, 3);
            s.begin();
            for (int i = 0; i < 30; i++) {
                s.step();
            }
            assertEquals(30, seen.size());
            assertEquals(29L, seen.get(29));
            assertEquals(3L * (30 - 20 + 1), learner.updates(), "3 updates per step from step 20 on");
            float[] stored = replay.rewardsView();
            for (int i = 0; i < 30; i++) {
                assertEquals(0f, stored[i], "the hook's change is what was stored");
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new OnlineInteraction(sac.create(11, 3, 0), null, null,
                null, null, null, 0, 0, TransitionHook.NONE, 0));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
