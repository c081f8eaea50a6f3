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
import rrl.policy.ActorPolicy;
import rrl.algo.SacConfig;
import rrl.checkpoint.Checkpoint;
import rrl.env.Environments;

class OnlineTrainingTest {
    @TempDir
    Path tmp;

    private static OnlineTraining.Config small(long seed) {
        SacConfig sac = SacConfig.defaults().withHidden(32, 32).withBatchSize(32).withStartSteps(400);
        return OnlineTraining.Config.sac("Hopper", 3000, sac).withSchedule(200, 1000, 2, 500, seed);
    }

    /** A run killed after step 2200 (losing everything since its last checkpoint) resumes to identical numbers. */
    @Test
    void killedRunResumesToTheSameNumbers() {
        Path a = tmp.resolve("uninterrupted");
        Path b = tmp.resolve("killed");
        List<OnlineTraining.EvalPoint> full = OnlineTraining.run(small(5), a, false);
        OnlineTraining.run(small(5), b, false, 2200);
        assertTrue(Files.exists(b.resolve("training.ckpt")), "a checkpoint must exist before the kill");
        long savedAt = Checkpoint.read(b.resolve("training.ckpt")).longs("trainer")[0];
        assertTrue(savedAt >= 2000 && savedAt < 2200, "checkpoint at the first episode end after 2000: " + savedAt);
        List<OnlineTraining.EvalPoint> resumed = OnlineTraining.run(small(5), b, false);
        assertEquals(full, resumed);
        assertArrayEquals(Checkpoint.read(a.resolve("training.ckpt")).tensor("actor"),
                Checkpoint.read(b.resolve("training.ckpt")).tensor("actor"));
        assertEquals(3, full.size());
        // every evaluation left a loadable policy for the environment
        ActorPolicy p = ActorPolicy.load(a.resolve(full.get(2).policyFile()), Environments.task("Hopper"));
        assertEquals(11, p.observationDim());
    }

    /** TD3 online runs through the same loop, and resumes exactly too. */
    @Test
    void td3KilledRunResumesToTheSameNumbers() {
        rrl.algo.Td3Config td3 = rrl.algo.Td3Config.td3().withHidden(32, 32).withBatchSize(32).withStartSteps(400);
        OnlineTraining.Config c = OnlineTraining.Config.td3("Hopper", 2500, td3).withSchedule(200, 1000, 2, 500, 4);
        List<OnlineTraining.EvalPoint> full = OnlineTraining.run(c, tmp.resolve("td3a"), false);
        OnlineTraining.run(c, tmp.resolve("td3b"), false, 1700);
        assertEquals(full, OnlineTraining.run(c, tmp.resolve("td3b"), false));
        assertArrayEquals(Checkpoint.read(tmp.resolve("td3a/training.ckpt")).tensor("actor_target"),
                Checkpoint.read(tmp.resolve("td3b/training.ckpt")).tensor("actor_target"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OnlineTraining.run(small(4), tmp.resolve("td3b"), false));
        assertTrue(e.getMessage().contains("TD3 run of Hopper"), e.getMessage());
    }

    /** A checkpoint written before runs recorded their algorithm (SAC only then) still resumes. */
    @Test
    void aCheckpointWithoutTheAlgorithmFieldResumesAsSac() {
        Path dir = tmp.resolve("old");
        OnlineTraining.run(small(3), dir, false, 1200);
        Checkpoint ck = Checkpoint.read(dir.resolve("training.ckpt"));
        ck.meta().getAsJsonObject("config").remove("algorithm");
        ck.meta().getAsJsonObject("config").remove("td3");
        ck.write(dir.resolve("training.ckpt"));
        assertEquals(OnlineTraining.run(small(3), tmp.resolve("new"), false), OnlineTraining.run(small(3), dir, false));
    }

    @Test
    void aRunFolderOfAnotherRunIsRefused() {
        Path dir = tmp.resolve("run");
        OnlineTraining.run(small(1), dir, false, 700);
        OnlineTraining.Config other = small(2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OnlineTraining.run(other, dir, false));
        assertTrue(e.getMessage().contains("seed 1"), e.getMessage());
    }

    @Test
    void policyCheckpointForAnotherEnvironmentIsRefused() {
        Path dir = tmp.resolve("run2");
        List<OnlineTraining.EvalPoint> evals = OnlineTraining.run(
                OnlineTraining.Config.sac("Hopper", 1000, (SacConfig) small(3).learner()).withSchedule(200, 1000, 1, 500, 3), dir, false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ActorPolicy.load(dir.resolve(evals.get(0).policyFile()), Environments.task("Walker2d")));
        assertTrue(e.getMessage().contains("trained on Hopper (observation 11, action 3) but Walker2d has observation 17"),
                e.getMessage());
    }

    /**
     * Extending a run's budget (600 steps, then resumed with 1200) ends with the same bytes as a run that had 1200
     * from the start: the replay capacity is a config field, not min(steps, 2M) of the first budget. (Before, the
     * 600-step run's ring of 600 wrapped on resume and overwrote its first transitions.)
     */
    @Test
    void extendingTheBudgetIsTheSameRunAsTheLargerBudgetFromTheStart() throws Exception {
        SacConfig sac = SacConfig.defaults().withHidden(16, 16).withBatchSize(16).withStartSteps(100);
        OnlineTraining.Config c = OnlineTraining.Config.sac("Hopper", 1200, sac).withSchedule(100, 300, 1, 300, 2);
        Path whole = tmp.resolve("whole");
        Path extended = tmp.resolve("extended");
        OnlineTraining.run(c, whole, false);
        OnlineTraining.run(c.withSteps(600), extended, false);
        OnlineTraining.run(c, extended, false);
        assertEquals(Files.readString(whole.resolve("metrics.csv")), Files.readString(extended.resolve("metrics.csv")));
        assertArrayEquals(Files.readAllBytes(whole.resolve(OnlineTraining.policyFile(1200))),
                Files.readAllBytes(extended.resolve(OnlineTraining.policyFile(1200))));
        Checkpoint a = Checkpoint.read(whole.resolve("training.ckpt"));
        Checkpoint b = Checkpoint.read(extended.resolve("training.ckpt"));
        assertArrayEquals(a.tensor("actor"), b.tensor("actor"));
        assertArrayEquals(a.tensor("replay.obs"), b.tensor("replay.obs"));
        assertEquals(rrl.replay.RingReplay.DEFAULT_CAPACITY, a.longs("replay.cursor")[3]);
    }

    /** The replay capacity is validated, and part of the run's identity (the default keeps the ids of older runs). */
    @Test
    void replayCapacityIsValidatedAndPartOfTheRunId() {
        OnlineTraining.Config c = small(1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.withReplayCapacity(0));
        assertTrue(e.getMessage().contains("replay capacity must be >= 1"), e.getMessage());
        assertTrue(!c.id().equals(c.withReplayCapacity(5000).id()), "another capacity is another run");
        com.google.gson.JsonObject old = new com.google.gson.Gson().toJsonTree(c).getAsJsonObject();
        old.remove("replayCapacity"); // a run recorded before the field existed
        assertEquals(c.id(), rrl.results.RunId.ofJson(OnlineTraining.KIND, old, java.util.Set.of("steps")));
    }

    /**
     * After an extension, config.json and provenance.json hold the config in force (the new budget); a refusal of
     * another run names the fields that make it another run, not the budget.
     */
    @Test
    void anExtendedRunRecordsTheConfigInForce() throws Exception {
        SacConfig sac = SacConfig.defaults().withHidden(16, 16).withBatchSize(16).withStartSteps(100);
        OnlineTraining.Config c = OnlineTraining.Config.sac("Hopper", 200, sac).withSchedule(100, 100, 1, 100, 2);
        Path dir = tmp.resolve("grown");
        OnlineTraining.run(c, dir, false);
        OnlineTraining.run(c.withSteps(400), dir, false);
        com.google.gson.JsonObject cfg = com.google.gson.JsonParser.parseString(Files.readString(dir.resolve("config.json")))
                .getAsJsonObject();
        assertEquals(400, cfg.getAsJsonObject("config").get("steps").getAsLong());
        assertEquals(400, rrl.results.RunFolder.at(dir).provenance().orElseThrow().config().getAsJsonObject().get("steps")
                .getAsLong());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OnlineTraining.run(c.withSteps(800).withSchedule(100, 100, 1, 100, 3), dir, false));
        assertTrue(e.getMessage().contains("config differs in seed (2 -> 3)"), e.getMessage());
        assertTrue(!e.getMessage().contains("steps"), "a budget is not what makes another run: " + e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }
}
