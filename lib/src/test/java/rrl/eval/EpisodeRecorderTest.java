package rrl.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;
import rrl.attack.PerturbationCondition;
import rrl.env.Environments;
import rrl.env.Task;
import rrl.policy.ActorPolicy;
import rrl.policy.ShippedPolicies;
import rrl.render.Animation;
import rrl.render.Camera;
import rrl.render.OffscreenRenderer.Quality;
import rrl.rollout.Evaluation;

/** Episodes of a shipped policy under the three conditions, rendered for real (small, fast frames). */
class EpisodeRecorderTest {
    private static final Task HOPPER = Environments.task("Hopper");

    private static EpisodeRecorder recorder() {
        return new EpisodeRecorder(HOPPER, 64, 64, Camera.track(), Quality.FAST);
    }

    /** The recorded episode is the evaluation's first episode: same initial state, same delta, same return. */
    @Test
    void recordingIsTheEvaluationsFirstEpisode() {
        ActorPolicy policy = ShippedPolicies.load("Hopper", "td3bc-expert");
        PerturbationCondition random = PerturbationCondition.random(0.3);
        try (EpisodeRecorder rec = recorder()) {
            EpisodeRecorder.Recording r = rec.record(policy, random, 7, 1000, 25, false);
            Evaluation.Result e = RobustnessEvaluation.run(policy, HOPPER, random, 1, 1, 7, false, 1);
            assertEquals(e.meanReturn(), r.episodeReturn(), 1e-9, "return of the same episode");
            assertEquals(e.meanLength(), r.steps(), 0.0);
            assertEquals(3, r.delta().length);
            assertTrue(r.delta()[0] != 0, "random delta drawn");
            int expectedFrames = 1 + r.steps() / 25 + (r.steps() % 25 == 0 ? 0 : 1);
            assertEquals(expectedFrames, r.clip().size(), "initial pose, every 25th step, and the last step");
            assertEquals("random", r.clip().caption());
            assertTrue(r.clip().note(r.clip().size() - 1).startsWith("step " + r.steps() + ", return "));
        }
    }

    @Test
    void conditionsStartFromTheSamePoseAndDiverge() {
        ActorPolicy policy = ShippedPolicies.load("Hopper", "td3bc-expert");
        try (EpisodeRecorder rec = recorder()) {
            EpisodeRecorder.Recording normal = rec.record(policy, PerturbationCondition.normal(), 3, 120, 40, false);
            EpisodeRecorder.Recording adversarial = rec.record(policy,
                    PerturbationCondition.adversarial(new double[] {-0.3, 0.3, -0.3}), 3, 120, 40, false);
            assertArrayEquals(new double[3], normal.delta());
            assertArrayEquals(new double[] {-0.3, 0.3, -0.3}, adversarial.delta());
            assertEquals(120, normal.steps());
            BufferedImage a0 = normal.clip().frame(0);
            BufferedImage b0 = adversarial.clip().frame(0);
            BufferedImage aLast = normal.clip().frame(normal.clip().size() - 1);
            assertEquals(0, differing(a0, b0), "same seed, same initial pose");
            assertTrue(differing(a0, aLast) > 64 * 64 / 50, "the robot moved between the first and last frame");
            Animation anim = Animation.of(List.of(normal.clip(), adversarial.clip()), 20);
            assertEquals(2, anim.tiles());
            assertEquals(128, anim.width());
            assertEquals(Math.max(normal.clip().size(), adversarial.clip().size()), anim.frames());
        }
    }

    @Test
    void strideFollowsRealTimeAndUseAfterCloseThrows() {
        EpisodeRecorder rec = recorder();
        assertEquals(0.008, rec.stepSeconds(), 1e-12);
        assertEquals(4, rec.realTimeStride(30)); // 1 / (30 x 0.008) = 4.17
        assertEquals(3, rec.realTimeStride(50)); // 2.5 rounds up
        assertEquals(1, rec.realTimeStride(1000));
        assertThrows(IllegalArgumentException.class, () -> rec.realTimeStride(0));
        rec.close();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> rec.record((obs, n, act) -> { }, PerturbationCondition.normal(), 0, 5, 1, false));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        rec.close();
    }

    private static int differing(BufferedImage a, BufferedImage b) {
        int n = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                if (a.getRGB(x, y) != b.getRGB(x, y)) {
                    n++;
                }
            }
        }
        return n;
    }
}
