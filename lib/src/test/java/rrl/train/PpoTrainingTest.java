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
import rrl.algo.PpoConfig;
import rrl.checkpoint.Checkpoint;
import rrl.env.Environments;
import rrl.policy.ActorPolicy;

/** PPO through the training loop on real Hopper: exact resume mid-episode, run identity, loadable policies. */
class PpoTrainingTest {
    @TempDir
    Path tmp;

    private static PpoTraining.Config small(long seed, int envs) {
        PpoConfig ppo = PpoConfig.defaults().withHidden(32, 32).withRollout(envs, 512 / envs).withEpochs(2);
        return new PpoTraining.Config("Hopper", ppo, 3072, 1024, 2, 1000, 512, seed);
    }

    /**
     * A run killed after step 2300 resumes from its checkpoint at step 2048 (a rollout boundary, mid-episode in
     * general) to the same evaluations, weights and running statistics as an uninterrupted run.
     */
    @Test
    void killedRunResumesToTheSameNumbers() throws Exception {
        for (int envs : new int[] {1, 2}) {
            Path a = tmp.resolve("whole" + envs);
            Path b = tmp.resolve("killed" + envs);
            List<OnlineTraining.EvalPoint> full = PpoTraining.run(small(5, envs), a, false);
            PpoTraining.run(small(5, envs), b, false, 2300);
            Checkpoint saved = Checkpoint.read(b.resolve("training.ckpt"));
            assertEquals(2048, saved.longs("trainer")[0], envs + " envs: checkpoint at the first rollout boundary after 1000");
            List<OnlineTraining.EvalPoint> resumed = PpoTraining.run(small(5, envs), b, false);
            assertEquals(full, resumed, envs + " envs");
            Checkpoint ca = Checkpoint.read(a.resolve("training.ckpt"));
            Checkpoint cb = Checkpoint.read(b.resolve("training.ckpt"));
            assertArrayEquals(ca.tensor("actor"), cb.tensor("actor"));
            assertArrayEquals(ca.doubles("obs_stats.mean"), cb.doubles("obs_stats.mean"));
            assertEquals(Files.readString(a.resolve("metrics.csv")), Files.readString(b.resolve("metrics.csv")));
            assertEquals(3, full.size());
            ActorPolicy p = ActorPolicy.load(a.resolve(full.get(2).policyFile()), Environments.task("Hopper"));
            assertEquals(ActorPolicy.Head.CLIPPED_MEAN, p.head());
            assertTrue(p.normalizer().clips(), "the policy keeps the clip of its observation scaling");
        }
    }

    /** The metrics rows carry PPO's update metrics once per rollout. */
    @Test
    void metricsHaveTheUpdateColumns() throws Exception {
        Path dir = tmp.resolve("m");
        PpoTraining.run(small(1, 1), dir, false);
        String header = Files.readAllLines(dir.resolve("metrics.csv")).get(0);
        for (String c : new String[] {"policy_loss", "value_loss", "approx_kl", "clip_fraction", "explained_variance", "lr"}) {
            assertTrue(header.contains(c), header);
        }
    }

    @Test
    void theBudgetIsPartOfTheRunAndTooShortABudgetIsRefused() {
        Path dir = tmp.resolve("run");
        PpoTraining.run(small(2, 1), dir, false, 600);
        PpoTraining.Config longer = new PpoTraining.Config("Hopper", small(2, 1).learner(), 4096, 1024, 2, 1000, 512, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PpoTraining.run(longer, dir, false));
        assertTrue(e.getMessage().contains("PPO run of Hopper seed 2"), e.getMessage());
        IllegalArgumentException shortRun = assertThrows(IllegalArgumentException.class,
                () -> new PpoTraining.Config("Hopper", PpoConfig.defaults(), 1000, 1000, 1, 1000, 1000, 0));
        assertTrue(shortRun.getMessage().contains("at least 2048"), shortRun.getMessage());
    }
}
