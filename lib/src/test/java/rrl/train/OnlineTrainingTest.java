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
}
