package rrl.render;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import org.bytedeco.javacpp.Pointer;
import rrl.env.Env;
import rrl.env.Task;
import rrl.guard.CloseGuard;
import rrl.guard.NumberRule;
import rrl.mujoco.MjcfModel;
import rrl.mujoco.MuJoCoException;
import rrl.mujoco.NativeMuJoCo;
import rrl.mujoco.capi.MuJoCo;

/**
 * Pictures of a task's robot drawn by MuJoCo's own renderer ({@code mjv_updateScene}, {@code mjr_render},
 * {@code mjr_readPixels} into MuJoCo's off-screen buffer, {@code mjFB_OFFSCREEN}) in an OpenGL context without a
 * window: EGL, on the GPU if the machine has one, else Mesa's llvmpipe on the CPU (Debian's {@code libegl1} and
 * {@code libgl1-mesa-dri}; see {@code rrl_egl.h} for why EGL and how MuJoCo 2.2.2 finds OpenGL).
 *
 * <p>A renderer draws a pose ({@code qpos}, as {@link Env#qpos()} gives it) of a render copy of the task's model
 * (Gymnasium's light, skybox, floor and camera added; see {@code Scenery}) from a {@link Camera}, by default
 * Gymnasium's {@code rgb_array} camera {@link Camera#track()}. A frame is a {@code width x height} pixel
 * {@link BufferedImage} of type {@code TYPE_3BYTE_BGR}, rows from the top; {@link #DEFAULT_SIZE} is Gymnasium's
 * {@code MujocoEnv} default (480 x 480). {@link Quality#GYMNASIUM} (the default) draws exactly Gymnasium's frames
 * (shadows, reflections, 4 samples per pixel; checked against Gymnasium's own renderer by {@code RenderParityTest});
 * {@link Quality#FAST} leaves those out and is several times faster on a CPU (frames/s measured in README, "See
 * the robot").
 *
 * <p>The picture is of {@code qpos} itself (its kinematics are computed for the frame). Gymnasium's
 * {@code env.render()} after a step draws the kinematics MuJoCo computed at the start of the last physics substep,
 * one timestep behind qpos for the Euler-integrated HalfCheetah and Ant (a few pixels at speed); with the
 * kinematics brought to qpos ({@code mj_forward}) both give the same pixels.
 *
 * <p>Calls may come from any thread, one at a time (they are serialised): the GL context is made current for
 * each call and released after it. Like every native-backed object of rrl, a renderer refuses use after
 * {@link #close()} with {@link IllegalStateException}; close is idempotent and waits for a frame in progress.
 */
public final class OffscreenRenderer implements AutoCloseable {
    /** Gymnasium's {@code MujocoEnv} default frame size, {@code DEFAULT_SIZE = 480} (pixels, square). */
    public static final int DEFAULT_SIZE = 480;
    /** Largest width or height accepted (pixels). */
    public static final int MAX_SIZE = 4096;
    /** Smallest width or height accepted (pixels). */
    public static final int MIN_SIZE = 16;

    /** How much of MuJoCo's rendering is done; the picture's content (bodies, floor, sky, camera) is the same. */
    public enum Quality {
        /**
         * Gymnasium's frames, pixel for pixel (MuJoCo's defaults: shadows, the floor's reflection, 4 samples per
         * pixel); about 8 frames/s at 480 x 480 on llvmpipe with 2 cores.
         */
        GYMNASIUM(true, true, 4),
        /** No shadows, no reflection, no multisampling (jagged edges): several times faster on a CPU. */
        FAST(false, false, 0);

        final boolean shadows;
        final boolean reflection;
        final int multisamples;

        Quality(boolean shadows, boolean reflection, int multisamples) {
            this.shadows = shadows;
            this.reflection = reflection;
            this.multisamples = multisamples;
        }

        /** "gymnasium" or "fast". */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Context creation touches process-wide EGL state (the display, MuJoCo's one-time GL loader). */
    private static final Object CREATION = new Object();

    private final Task task;
    private final int width;
    private final int height;
    private final Camera camera;
    private final Quality quality;
    private final MjcfModel model;
    private final Pointer gl;
    private final Pointer renderer;
    private final int cameraId;
    private final int trackBody;
    private final double[] view;
    private final CloseGuard guard;
    private final String backend;

    /** A {@link #DEFAULT_SIZE} square renderer with Gymnasium's camera {@link Camera#track()} and look. */
    public OffscreenRenderer(Task task) {
        this(task, DEFAULT_SIZE, DEFAULT_SIZE, Camera.track(), Quality.GYMNASIUM);
    }

    /** A {@code width x height} pixel renderer with Gymnasium's camera {@link Camera#track()} and look. */
    public OffscreenRenderer(Task task, int width, int height) {
        this(task, width, height, Camera.track(), Quality.GYMNASIUM);
    }

    /**
     * A {@code width x height} pixel renderer looking through {@code camera} at {@code quality}.
     *
     * @throws IllegalArgumentException for a size outside [{@link #MIN_SIZE}, {@link #MAX_SIZE}] or a camera or
     *     body the model does not have
     * @throws RenderingUnavailableException when no OpenGL context can be had (the message names the Debian
     *     packages to install)
     */
    public OffscreenRenderer(Task task, int width, int height, Camera camera, Quality quality) {
        requireSize("width", width);
        requireSize("height", height);
        this.task = task;
        this.width = width;
        this.height = height;
        this.camera = camera;
        this.quality = quality;
        NativeMuJoCo.load();
        this.model = MjcfModel.loadXml(Scenery.xml(task, width, height, quality.multisamples),
                task.mjcfResource() + " (render copy)");
        Pointer g = null;
        Pointer r = null;
        try {
            if (camera.isModelCamera()) {
                this.cameraId = MuJoCo.mj_name2id(model.raw(), MuJoCo.mjOBJ_CAMERA, camera.modelCamera());
                if (cameraId < 0) {
                    throw new IllegalArgumentException(task.name() + "'s render model has no camera \""
                            + camera.modelCamera() + "\"; use Camera.track() or a Camera.free(...)");
                }
                this.trackBody = -1;
            } else {
                this.cameraId = -1;
                this.trackBody = camera.trackedBody() == null ? -1 : model.bodyId(camera.trackedBody());
                if (camera.trackedBody() != null && trackBody < 0) {
                    throw new IllegalArgumentException(task.name() + " has no body \"" + camera.trackedBody()
                            + "\" for the camera to follow; \"torso\" is the main body of all four tasks");
                }
            }
            synchronized (CREATION) {
                g = MuJoCo.rrl_gl_create();
                if (g == null || g.isNull()) {
                    g = null;
                    throw new RenderingUnavailableException("cannot render off-screen: "
                            + MuJoCo.rrl_last_message().getString().strip());
                }
                try {
                    r = MuJoCo.rrl_renderer_create(model.raw(), width, height, quality.shadows ? 1 : 0,
                            quality.reflection ? 1 : 0);
                    if (r == null || r.isNull()) {
                        r = null;
                        throw new RenderingUnavailableException("MuJoCo's renderer could not start ("
                                + MuJoCo.rrl_last_message().getString().strip() + "); it needs OpenGL 1.5 with "
                                + "framebuffer objects, which Mesa's llvmpipe (libgl1-mesa-dri) provides");
                    }
                } finally {
                    MuJoCo.rrl_gl_release();
                }
                this.backend = MuJoCo.rrl_gl_description().getString();
            }
        } catch (RuntimeException | Error e) {
            if (g != null) {
                MuJoCo.rrl_gl_destroy(g);
            }
            model.close();
            throw e;
        }
        this.gl = g;
        this.renderer = r;
        Camera c = camera;
        double[] lookat = c.lookat();
        this.view = new double[] {lookat[0], lookat[1], lookat[2], c.distance(), c.azimuth(), c.elevation()};
        this.guard = new CloseGuard("OffscreenRenderer(" + task.name() + ", " + width + "x" + height + ")",
                "create a new one with new OffscreenRenderer(task, width, height)");
    }

    private static void requireSize(String what, int v) {
        if (v < MIN_SIZE || v > MAX_SIZE) {
            throw new IllegalArgumentException("frame " + what + " must be in [" + MIN_SIZE + ", " + MAX_SIZE
                    + "] pixels, got " + v);
        }
    }

    /** The current pose of {@code env}, drawn into a new frame. */
    public BufferedImage render(Env env) {
        return render(env.qpos());
    }

    /** The pose {@code qpos} (the task's nq joint positions, as {@link Env#qpos()}), drawn into a new frame. */
    public BufferedImage render(double[] qpos) {
        return render(qpos, newFrame());
    }

    /**
     * Draws {@code qpos} into {@code frame} (a {@link #newFrame()}: {@code TYPE_3BYTE_BGR}, this renderer's size)
     * and returns it.
     *
     * @throws IllegalArgumentException for a qpos of the wrong length or with a value outside
     *     {@link NumberRule#MUJOCO_STATE}, or a frame of another type or size
     * @throws IllegalStateException after {@link #close()}
     */
    public synchronized BufferedImage render(double[] qpos, BufferedImage frame) {
        if (qpos.length != model.nq()) {
            throw new IllegalArgumentException(task.name() + " has " + model.nq() + " joint positions (qpos), got "
                    + qpos.length);
        }
        int bad = NumberRule.MUJOCO_STATE.firstRefused(qpos, 0, qpos.length);
        if (bad >= 0) {
            throw new IllegalArgumentException(NumberRule.MUJOCO_STATE.refusal("qpos[" + bad + "] of " + task.name(),
                    qpos[bad], "a pose to render"));
        }
        if (frame.getType() != BufferedImage.TYPE_3BYTE_BGR || frame.getWidth() != width
                || frame.getHeight() != height) {
            throw new IllegalArgumentException("frame must be a " + width + "x" + height + " TYPE_3BYTE_BGR image "
                    + "(OffscreenRenderer.newFrame()), got " + frame.getWidth() + "x" + frame.getHeight() + " of type "
                    + frame.getType());
        }
        byte[] pixels = ((DataBufferByte) frame.getRaster().getDataBuffer()).getData();
        long s = guard.enter();
        try {
            if (MuJoCo.rrl_gl_make_current(gl) == 0) {
                throw new RenderingUnavailableException(MuJoCo.rrl_last_message().getString().strip());
            }
            try {
                int kind = MuJoCo.rrl_renderer_frame(renderer, model.raw(), qpos, cameraId, trackBody, view,
                        pixels);
                if (kind != 0) {
                    throw MuJoCoException.lastFailure("rendering of " + task.name(), -1,
                            "the frame was not drawn; check the pose.");
                }
            } finally {
                MuJoCo.rrl_gl_release();
            }
        } finally {
            guard.exit(s);
        }
        return frame;
    }

    /** A blank frame of this renderer's size and type, for {@link #render(double[], BufferedImage)}. */
    public BufferedImage newFrame() {
        return new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    }

    public Task task() {
        return task;
    }

    /** Frame width in pixels. */
    public int width() {
        return width;
    }

    /** Frame height in pixels. */
    public int height() {
        return height;
    }

    public Camera camera() {
        return camera;
    }

    public Quality quality() {
        return quality;
    }

    /** The OpenGL behind the pictures, e.g. "EGL 1.5 (Mesa Project, device 0), OpenGL 4.5 ..., llvmpipe (...)". */
    public String backend() {
        return backend;
    }

    public boolean isClosed() {
        return guard.isClosed();
    }

    /** Frees MuJoCo's scene and GPU context, the GL context and the render model (idempotent). */
    @Override
    public void close() {
        guard.close(() -> {
            if (MuJoCo.rrl_gl_make_current(gl) != 0) {
                MuJoCo.rrl_renderer_free(renderer);
            } // else the context is lost and MuJoCo's GL objects with it; nothing more can be freed
            MuJoCo.rrl_gl_destroy(gl);
            model.close();
        });
    }

    /** "OffscreenRenderer(Hopper, 480x480 px, camera track, quality gymnasium, EGL 1.5 (...))". */
    @Override
    public String toString() {
        return "OffscreenRenderer(" + task.name() + ", " + width + "x" + height + " px, camera " + camera + ", quality "
                + quality.label() + ", " + backend + (isClosed() ? ", closed" : "") + ")";
    }
}
