package rrl.bench;

import com.google.gson.JsonObject;
import rrl.io.StrictJson;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import rrl.env.Env;
import rrl.env.Environments;
import rrl.env.Task;
import rrl.render.Camera;
import rrl.render.Clip;
import rrl.render.GifEncoder;
import rrl.render.OffscreenRenderer;
import rrl.render.Tiles;

/**
 * Frames/s of {@link OffscreenRenderer} at both qualities and of the GIF encoding, against Gymnasium's own
 * {@code env.render()} (environment/bench/gym_render_reference.py on the official mujoco wheel, MUJOCO_GL=egl,
 * run by the project's .venv) measured in the same run. Poses come from 200 random-action steps taken first;
 * only the drawing (and reading back) of a frame is timed, on both sides.
 */
public final class RenderBenchmark {
    /**
     * Settings.
     *
     * @param env task name
     * @param width frame width in pixels
     * @param height frame height in pixels
     * @param seconds seconds per measurement
     * @param repeats measurements per point (median)
     * @param gymnasium whether to run Gymnasium's renderer as the reference (needs the project's .venv)
     */
    public record Config(String env, int width, int height, double seconds, int repeats, boolean gymnasium) {}

    /**
     * The measurements (frames per second; -1 where not measured).
     *
     * @param backend the OpenGL behind rrl's frames
     * @param gymnasiumFps Gymnasium's {@code env.render()}, same size and poses, MuJoCo's default quality
     * @param gifFps frames of one tile encoded per second by {@link GifEncoder}
     */
    public record Result(Config config, String backend, double gymnasiumQualityFps, double fastQualityFps,
                         double gymnasiumFps, String gymnasiumVersions, double gifFps) {
        /** rrl at Gymnasium's quality over Gymnasium's own renderer. */
        public double ratio() {
            return gymnasiumFps > 0 ? gymnasiumQualityFps / gymnasiumFps : -1;
        }
    }

    private RenderBenchmark() {}

    public static Result run(Config c, Path project, Consumer<String> progress) {
        Task task = Environments.task(c.env());
        List<double[]> poses = poses(task, 200);
        double[] fps = new double[2];
        String backend = "";
        List<BufferedImage> frames = new ArrayList<>();
        OffscreenRenderer.Quality[] qualities = OffscreenRenderer.Quality.values();
        for (int q = 0; q < qualities.length; q++) {
            try (OffscreenRenderer r = new OffscreenRenderer(task, c.width(), c.height(), Camera.track(), qualities[q])) {
                backend = r.backend();
                BufferedImage frame = r.newFrame();
                for (int i = 0; i < 5; i++) {
                    r.render(poses.get(i), frame); // warm-up
                }
                int[] next = {0};
                fps[q] = EnvBenchmark.median(c.repeats(), () -> {
                    long n = 0;
                    long start = System.nanoTime();
                    long end = start + (long) (c.seconds() * 1e9);
                    while (System.nanoTime() < end) {
                        r.render(poses.get(next[0]++ % poses.size()), frame);
                        n++;
                    }
                    return n / ((System.nanoTime() - start) / 1e9);
                });
                if (q == 0) {
                    for (int i = 0; i < 60; i++) {
                        frames.add(r.render(poses.get(i)));
                    }
                }
            }
            progress.accept(String.format("rrl %s quality, %dx%d: %.1f frames/s", qualities[q].label(), c.width(),
                    c.height(), fps[q]));
        }
        Clip clip = new Clip(task.name());
        frames.forEach(f -> clip.add(f, "note"));
        Tiles tiles = new Tiles(List.of(clip));
        BufferedImage canvas = tiles.newImage();
        double gif = EnvBenchmark.median(c.repeats(), () -> {
            long t0 = System.nanoTime();
            GifEncoder.encode(tiles.frames(), k -> tiles.compose(k, canvas), 30, true);
            return tiles.frames() / ((System.nanoTime() - t0) / 1e9);
        });
        progress.accept(String.format("GIF encoding (javax.imageio), %dx%d: %.1f frames/s", c.width(), c.height(), gif));
        double gym = -1;
        String versions = "";
        if (c.gymnasium()) {
            JsonObject j = gymnasium(project, task, c);
            gym = j.get("frames_per_s").getAsDouble();
            versions = "Gymnasium " + j.get("gymnasium_version").getAsString() + ", mujoco "
                    + j.get("mujoco_version").getAsString();
            progress.accept(String.format("%s env.render(), %dx%d: %.1f frames/s", versions, c.width(), c.height(), gym));
        }
        return new Result(c, backend, fps[0], fps[1], gym, versions, gif);
    }

    /** Poses of {@code n} random-action steps from reset(0) (reset again at the end of an episode). */
    static List<double[]> poses(Task task, int n) {
        List<double[]> poses = new ArrayList<>();
        Random rng = new Random(0);
        try (Env env = new Env(task)) {
            env.reset(0);
            double[] a = new double[task.actionDim()];
            while (poses.size() < n) {
                for (int j = 0; j < a.length; j++) {
                    a[j] = rng.nextDouble() * 2 - 1;
                }
                Env.Step s = env.step(a);
                poses.add(env.qpos());
                if (s.terminated() || s.truncated()) {
                    env.reset(poses.size());
                }
            }
        }
        return poses;
    }

    private static JsonObject gymnasium(Path project, Task task, Config c) {
        Path python = project.resolve(".venv/bin/python");
        Path script = project.resolve("environment/bench/gym_render_reference.py");
        if (!Files.isExecutable(python)) {
            throw new IllegalStateException("the Gymnasium reference needs " + python + "; create it with "
                    + "`bash environment/setup.sh`, or pass --no-gymnasium");
        }
        List<String> cmd = List.of(python.toString(), script.toString(), "--env", task.gymnasiumId(), "--width",
                Integer.toString(c.width()), "--height", Integer.toString(c.height()), "--seconds",
                Double.toString(c.seconds()), "--repeats", Integer.toString(c.repeats()), "--json");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("MUJOCO_GL", "egl");
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException("the Gymnasium reference failed (exit " + p.exitValue() + "): " + out);
            }
            return StrictJson.parse(out.substring(out.indexOf('{'))).getAsJsonObject();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + script + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running the Gymnasium reference", e);
        }
    }
}
