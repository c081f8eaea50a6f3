package rrl.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import rrl.env.Env;
import rrl.env.Environments;
import rrl.env.Task;
import rrl.random.Rng;
import rrl.render.OffscreenRenderer.Quality;

/**
 * MuJoCo's renderer, off-screen on this machine (EGL; llvmpipe without a GPU): real frames, no mocks. Small frames
 * keep it to seconds.
 */
class OffscreenRendererTest {
    private static final int SIZE = 96;

    @ParameterizedTest
    @ValueSource(strings = {"Hopper", "Walker2d", "HalfCheetah", "Ant"})
    void everyTaskRendersAPictureNotABlank(String name) {
        Task task = Environments.task(name);
        try (Env env = new Env(task); OffscreenRenderer r = new OffscreenRenderer(task, SIZE, SIZE, Camera.track(), Quality.FAST)) {
            env.reset(0);
            BufferedImage img = r.render(env);
            assertEquals(SIZE, img.getWidth());
            assertEquals(SIZE, img.getHeight());
            assertEquals(BufferedImage.TYPE_3BYTE_BGR, img.getType());
            assertTrue(Pixels.variance(img) > 100, name + ": grey-level variance " + Pixels.variance(img));
            assertTrue(Pixels.colours(img) > 50, name + ": only " + Pixels.colours(img) + " colours");
            assertTrue(r.backend().startsWith("EGL"), r.backend());
            assertTrue(r.toString().contains(name + ", 96x96 px, camera track, quality fast, EGL"), r.toString());
        }
    }

    @Test
    void gymnasiumQualityDrawsTheSamePoseWithShadowsAndReflections() {
        Task task = Environments.task("Hopper");
        try (Env env = new Env(task);
             OffscreenRenderer g = new OffscreenRenderer(task, SIZE, SIZE);
             OffscreenRenderer f = new OffscreenRenderer(task, SIZE, SIZE, Camera.track(), Quality.FAST)) {
            env.reset(0);
            BufferedImage gym = g.render(env);
            BufferedImage fast = f.render(env);
            assertEquals(Quality.GYMNASIUM, g.quality());
            assertTrue(Pixels.variance(gym) > 100 && Pixels.colours(gym) > 50);
            double d = Pixels.meanAbsDiff(gym, fast);
            assertTrue(d > 0.5 && d < 40, "the qualities differ in detail, not in content: mean difference " + d);
        }
    }

    @Test
    void theBodyMovesBetweenFramesOfARollout() {
        Task task = Environments.task("Hopper");
        Camera world = Camera.free(new double[] {0, 0, 0.8}, 3.5, 90, -10); // fixed in the world
        try (Env env = new Env(task);
             OffscreenRenderer tracking = new OffscreenRenderer(task, SIZE, SIZE, Camera.track(), Quality.FAST);
             OffscreenRenderer fixed = new OffscreenRenderer(task, SIZE, SIZE, world, Quality.FAST)) {
            env.reset(3);
            BufferedImage firstTrack = tracking.render(env);
            BufferedImage firstFixed = fixed.render(env);
            Rng rng = new Rng(3);
            double[] a = new double[task.actionDim()];
            for (int t = 0; t < 60; t++) {
                for (int j = 0; j < a.length; j++) {
                    a[j] = rng.nextDouble(-1, 1);
                }
                env.step(a);
            }
            BufferedImage lastTrack = tracking.render(env);
            BufferedImage lastFixed = fixed.render(env);
            for (BufferedImage[] pair : new BufferedImage[][] {{firstTrack, lastTrack}, {firstFixed, lastFixed}}) {
                double share = Pixels.shareDifferent(pair[0], pair[1], 30);
                assertTrue(share > 0.02, "first and last frame must differ where the body moved: " + share
                        + " of the pixels differ");
            }
        }
    }

    @Test
    void samePoseSamePictureAndEnvAndQposAgree() {
        Task task = Environments.task("Walker2d");
        try (Env env = new Env(task); OffscreenRenderer r = new OffscreenRenderer(task, SIZE, SIZE, Camera.track(), Quality.FAST)) {
            env.reset(1);
            BufferedImage a = r.render(env);
            BufferedImage b = r.render(env.qpos(), r.newFrame());
            assertEquals(0.0, Pixels.meanAbsDiff(a, b));
        }
    }

    /**
     * The track camera (trackcom) and a following free camera keep the robot in the same place of the picture: a
     * pose moved 4 m along x (three periods of the floor's checkers, 40 m / 30) gives the same picture, while a
     * camera fixed in the world sees the robot leave.
     */
    @Test
    void trackingCamerasFollowTheRobotAndAFixedOneDoesNot() {
        Task task = Environments.task("Hopper");
        try (Env env = new Env(task);
             OffscreenRenderer track = new OffscreenRenderer(task, SIZE, SIZE, Camera.track(), Quality.FAST);
             OffscreenRenderer follow = new OffscreenRenderer(task, SIZE, SIZE, Camera.gymnasiumDefaultConfig(task),
                     Quality.FAST);
             OffscreenRenderer fixed = new OffscreenRenderer(task, SIZE, SIZE,
                     Camera.free(new double[] {0, 0, 1.15}, 3, 90, -20), Quality.FAST)) {
            env.reset(0);
            double[] q = env.qpos();
            double[] moved = q.clone();
            moved[0] += 4.0;
            assertTrue(Pixels.meanAbsDiff(track.render(q), track.render(moved)) < 1.0);
            assertTrue(Pixels.meanAbsDiff(follow.render(q), follow.render(moved)) < 1.0);
            assertTrue(Pixels.shareDifferent(fixed.render(q), fixed.render(moved), 30) > 0.02);
        }
    }

    /**
     * A notebook runs each cell on whichever thread the kernel picks: the GL context is made current per call, so a
     * renderer made on one thread draws on another, and two renderers draw on two threads at once.
     */
    @Test
    void rendersFromAnyThreadAndTwoAtOnce() throws Exception {
        Task task = Environments.task("Hopper");
        double[] q = {0, 1.25, 0, 0, 0, 0};
        try (OffscreenRenderer a = new OffscreenRenderer(task, 64, 64, Camera.track(), Quality.FAST);
             OffscreenRenderer b = new OffscreenRenderer(task, 64, 64, Camera.track(), Quality.FAST)) {
            BufferedImage here = a.render(q);
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                List<java.util.concurrent.Future<BufferedImage>> frames = new java.util.ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    OffscreenRenderer r = i % 2 == 0 ? a : b;
                    frames.add(pool.submit(() -> r.render(q)));
                }
                for (var f : frames) {
                    assertEquals(0.0, Pixels.meanAbsDiff(here, f.get()), "same pose, same picture on any thread");
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(0.0, Pixels.meanAbsDiff(here, a.render(q)), "and back on the first thread");
        }
    }

    @Test
    void useAfterCloseThrowsAndCloseIsIdempotent() {
        Task task = Environments.task("Hopper");
        OffscreenRenderer r = new OffscreenRenderer(task, 32, 32, Camera.track(), Quality.FAST);
        double[] q = {0, 1.25, 0, 0, 0, 0};
        r.render(q);
        r.close();
        assertTrue(r.isClosed());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> r.render(q));
        assertTrue(e.getMessage().contains("OffscreenRenderer(Hopper, 32x32) is closed"), e.getMessage());
        r.close();
        assertTrue(r.toString().endsWith(", closed)"), r.toString());
    }

    @Test
    void refusesBadInputWithTheFix() {
        Task task = Environments.task("Hopper");
        assertThrows(IllegalArgumentException.class, () -> new OffscreenRenderer(task, 8, 64));
        assertThrows(IllegalArgumentException.class, () -> new OffscreenRenderer(task, 64, 5000));
        IllegalArgumentException cam = assertThrows(IllegalArgumentException.class,
                () -> new OffscreenRenderer(task, 32, 32, Camera.model("overhead"), Quality.FAST));
        assertTrue(cam.getMessage().contains("no camera \"overhead\""), cam.getMessage());
        IllegalArgumentException body = assertThrows(IllegalArgumentException.class, () -> new OffscreenRenderer(task,
                32, 32, Camera.free(new double[3], 3, 90, -20).following("head"), Quality.FAST));
        assertTrue(body.getMessage().contains("no body \"head\""), body.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Camera.free(new double[3], 0, 90, 0));
        assertThrows(IllegalArgumentException.class, () -> Camera.track().following("torso"));
        try (OffscreenRenderer r = new OffscreenRenderer(task, 32, 32, Camera.track(), Quality.FAST)) {
            IllegalArgumentException len = assertThrows(IllegalArgumentException.class, () -> r.render(new double[5]));
            assertTrue(len.getMessage().contains("6 joint positions"), len.getMessage());
            IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                    () -> r.render(new double[] {0, Double.NaN, 0, 0, 0, 0}));
            assertTrue(nan.getMessage().contains("qpos[1]"), nan.getMessage());
            assertThrows(IllegalArgumentException.class, () -> r.render(new double[6], new BufferedImage(32, 32,
                    BufferedImage.TYPE_INT_RGB)));
            assertFalse(r.isClosed()); // refusals leave it usable
            assertTrue(Pixels.variance(r.render(new double[] {0, 1.25, 0, 0, 0, 0})) > 100);
        }
    }
}
