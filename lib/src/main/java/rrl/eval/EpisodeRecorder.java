package rrl.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import rrl.attack.PerturbationCondition;
import rrl.attack.PerturbedVectorEnv;
import rrl.env.Task;
import rrl.env.VectorEnv;
import rrl.guard.MemoryBudget;
import rrl.mujoco.MjcfModel;
import rrl.policy.BatchPolicy;
import rrl.progress.ProgressBar;
import rrl.render.Animation;
import rrl.render.Camera;
import rrl.render.Clip;
import rrl.render.OffscreenRenderer;

/**
 * Renders episodes of a policy into {@link Clip}s: the episode runs as the robustness evaluation runs it (one
 * environment reset from {@code seed}, the policy's actions perturbed under a {@link PerturbationCondition} by
 * {@link PerturbedVectorEnv}: {@code a' = a + delta ⊙ a}, delta drawn at the start), until it terminates, is
 * truncated (1000 steps) or reaches {@code maxSteps}. The pose is drawn by an {@link OffscreenRenderer} at the
 * start and after every {@code stride}-th step, and after the last step whatever its number. Each frame's note is
 * "step N, return R" (", terminated" on the last frame of an episode that terminated).
 *
 * <p>With the same seed, the recorded episode is the first episode of {@code RobustnessEvaluation.run(policy,
 * task, condition, 1, 1, seed, ...)}: same initial state, same delta, same return. Every condition recorded with
 * one seed starts from the same initial state.
 *
 * <p>Frames are kept uncompressed until the clip is encoded (3 bytes per pixel); {@link #record} checks the
 * memory they need with {@link MemoryBudget} before it starts.
 */
public final class EpisodeRecorder implements AutoCloseable {
    /** What one recording gives: the frames, and the episode behind them. */
    public record Recording(Clip clip, double episodeReturn, int steps, boolean terminated, double[] delta) {
        public Recording {
            delta = delta.clone();
        }

        @Override
        public double[] delta() {
            return delta.clone();
        }

        /** "adversarial: 164 steps (terminated), return 512.3, 42 frames". */
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s: %d steps (%s), return %.1f, %d frames", clip.caption(), steps,
                    terminated ? "terminated" : "not terminated", episodeReturn, clip.size());
        }
    }

    private final Task task;
    private final OffscreenRenderer renderer;
    private final double dt;

    /** Records {@code task} in {@code width x height} pixel frames from Gymnasium's camera and look. */
    public EpisodeRecorder(Task task, int width, int height) {
        this(task, width, height, Camera.track(), OffscreenRenderer.Quality.GYMNASIUM);
    }

    /**
     * Records {@code task} in {@code width x height} pixel frames through {@code camera} at {@code quality}.
     *
     * @throws rrl.render.RenderingUnavailableException when no OpenGL context can be had
     */
    public EpisodeRecorder(Task task, int width, int height, Camera camera, OffscreenRenderer.Quality quality) {
        this.task = task;
        this.renderer = new OffscreenRenderer(task, width, height, camera, quality);
        try (MjcfModel m = MjcfModel.loadResource(task.mjcfResource())) {
            this.dt = m.timestep() * task.frameSkip();
        } catch (RuntimeException | Error e) {
            renderer.close();
            throw e;
        }
    }

    /** The renderer drawing the frames. */
    public OffscreenRenderer renderer() {
        return renderer;
    }

    /** Seconds of simulated time per environment step (frame skip x timestep; Hopper 0.008). */
    public double stepSeconds() {
        return dt;
    }

    /**
     * The stride (environment steps per frame) that plays back at about real time at {@code fps} frames per
     * second: {@code max(1, round(1 / (fps x dt)))}; Hopper at 30 fps: 4 (1.04x real time).
     */
    public int realTimeStride(double fps) {
        if (!(fps > 0) || !Double.isFinite(fps)) {
            throw new IllegalArgumentException("frames per second must be a finite number > 0, got " + fps);
        }
        return (int) Math.max(1, Math.round(1 / (fps * dt)));
    }

    /**
     * Records one episode.
     *
     * @param policy acts on one observation at a time (an {@code ActorPolicy} is deterministic, as in evaluation)
     * @param condition the perturbation; its {@link PerturbationCondition#name()} becomes the clip's caption
     * @param seed reset noise and random delta, as {@code RobustnessEvaluation} draws them
     * @param maxSteps at most this many environment steps (the task's own limit, 1000, applies too)
     * @param stride a frame every {@code stride} steps (see {@link #realTimeStride(double)})
     * @param showProgress a progress bar over the steps ({@link ProgressBar}: stderr, or the notebook)
     * @throws IllegalArgumentException for maxSteps or stride < 1
     * @throws rrl.guard.MemoryLimitException if the frames would not fit in memory
     * @throws CancellationException if the thread is interrupted (a notebook's stop button)
     */
    public Recording record(BatchPolicy policy, PerturbationCondition condition, long seed, int maxSteps, int stride,
                            boolean showProgress) {
        if (renderer.isClosed()) {
            throw new IllegalStateException("EpisodeRecorder(" + task.name() + ") is closed; create a new one with "
                    + "new EpisodeRecorder(task, width, height)");
        }
        if (maxSteps < 1 || stride < 1) {
            throw new IllegalArgumentException("maxSteps and stride must be >= 1, got " + maxSteps + " and " + stride);
        }
        int steps = Math.min(maxSteps, task.maxEpisodeSteps());
        long frames = steps / stride + 2L;
        long frameBytes = 3L * renderer.width() * renderer.height();
        MemoryBudget.require(new MemoryBudget.Request("a recording of " + frames + " frames of " + renderer.width() + "x"
                + renderer.height() + " px", frames * (frameBytes + 200), 0, "3 bytes per pixel per frame",
                "record fewer frames (fewer steps or a larger stride) or smaller ones", frames));
        Clip clip = new Clip(condition.name());
        try (PerturbedVectorEnv env = new PerturbedVectorEnv(new VectorEnv(task, 1, 1, false), condition);
             ProgressBar bar = showProgress ? new ProgressBar("render " + condition.name(), steps) : null) {
            VectorEnv inner = (VectorEnv) env.inner();
            env.reset(seed);
            double[] delta = env.episodeDelta(0);
            double[] qpos = new double[inner.nq()];
            double[] qvel = new double[inner.nv()];
            inner.state(0, qpos, qvel);
            clip.add(renderer.render(qpos), note(0, 0));
            double[] action = new double[task.actionDim()];
            double ret = 0;
            int t = 0;
            boolean terminated = false;
            boolean done = false;
            while (!done) {
                if (Thread.interrupted()) {
                    throw new CancellationException("recording interrupted after " + t + " steps");
                }
                policy.act(env.observations(), 1, action);
                env.step(action);
                t++;
                ret += env.rewards()[0];
                terminated = env.terminated()[0];
                done = terminated || env.truncated()[0] || t >= steps;
                if (done || t % stride == 0) {
                    inner.state(0, qpos, qvel);
                    clip.add(renderer.render(qpos), note(t, ret) + (terminated ? ", terminated" : ""));
                }
                if (bar != null) {
                    if (terminated) {
                        bar.status("terminated at step " + t);
                    }
                    bar.step(1);
                }
            }
            return new Recording(clip, ret, t, terminated, delta);
        }
    }

    private static String note(int step, double ret) {
        return String.format(Locale.ROOT, "step %d, return %.1f", step, ret);
    }

    /**
     * One clip per condition, all from {@code seed}, side by side in one animation at {@code fps} frames per second
     * (one frame every {@link #realTimeStride(double)} steps, so it plays at about real time).
     */
    public Animation sideBySide(BatchPolicy policy, List<PerturbationCondition> conditions, long seed, int maxSteps,
                                double fps, boolean showProgress) {
        int stride = realTimeStride(fps);
        List<Clip> clips = new ArrayList<>();
        for (PerturbationCondition c : conditions) {
            clips.add(record(policy, c, seed, maxSteps, stride, showProgress).clip());
        }
        return Animation.of(clips, fps);
    }

    /** Frees the renderer (idempotent); recording afterwards throws {@link IllegalStateException}. */
    @Override
    public void close() {
        renderer.close();
    }
}
