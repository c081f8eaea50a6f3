package rrl.render;

import java.util.Arrays;
import java.util.Locale;
import rrl.env.Task;

/**
 * Where MuJoCo's renderer looks from: a camera of the model, or a free camera (MuJoCo's {@code mjCAMERA_FREE}:
 * a point looked at, a distance, an azimuth and an elevation), optionally moving with a body.
 *
 * <p>The default, {@link #track()}, is the camera Gymnasium renders {@code rgb_array} frames with for Hopper,
 * Walker2d, HalfCheetah and Ant: its {@code MujocoRenderer.render} (gymnasium/envs/mujoco/mujoco_rendering.py,
 * 0.29.1) uses the model camera named {@code "track"} when no camera is given, and each of the four assets
 * declares it inside the torso as {@code <camera name="track" mode="trackcom" pos="0 -3 -0.25"
 * xyaxes="1 0 0 0 0 1"/>} (Hopper, Walker2d; {@code pos="0 -3 0.3"} for HalfCheetah and Ant): a camera 3 m to
 * the side, looking horizontally along +y, that keeps its offset from the torso's subtree centre of mass, so the
 * robot stays in the middle of the picture while the floor moves past. rrl's models carry no cameras (they are
 * the physics only), so {@link OffscreenRenderer} compiles a render copy of the model with that camera added.
 *
 * <p>Gymnasium's {@code DEFAULT_CAMERA_CONFIG} of the v4 classes (hopper_v4.py: {@code trackbodyid 2, distance
 * 3.0, lookat (0, 0, 1.15), elevation -20}; walker2d_v4.py: the same with distance 4.0; half_cheetah_v4.py and
 * ant_v4.py: {@code distance 4.0}) configures the free camera instead, used by the human viewer and for
 * {@code camera_id=-1}; there the camera type is {@code mjCAMERA_FREE}, which ignores {@code trackbodyid}, so
 * that view does not follow the robot. {@link #gymnasiumDefaultConfig(Task)} gives those values on a free camera
 * that follows the torso ({@link #following(String)}).
 *
 * @param modelCamera name of a camera of the (render) model, or null for a free camera
 * @param trackedBody for a free camera, the body whose subtree centre of mass the {@code lookat} is relative
 *     to, or null for a fixed point in the world
 * @param lookat for a free camera, the point looked at (x, y, z in metres; world frame, or relative to the
 *     tracked body's subtree centre of mass)
 * @param distance for a free camera, metres from the camera to {@code lookat}
 * @param azimuth for a free camera, degrees about the vertical axis (90: looking along +y, the side view)
 * @param elevation for a free camera, degrees above the horizontal of the line of sight (negative: from above)
 */
public record Camera(String modelCamera, String trackedBody, double[] lookat, double distance, double azimuth,
                     double elevation) {
    /** Name of Gymnasium's trackcom camera, which {@link OffscreenRenderer} adds to the render model. */
    public static final String TRACK = "track";

    public Camera {
        lookat = lookat == null ? new double[3] : lookat.clone();
        if (lookat.length != 3) {
            throw new IllegalArgumentException("a camera's lookat is a point (x, y, z), got " + lookat.length + " values");
        }
        for (double v : new double[] {lookat[0], lookat[1], lookat[2], distance, azimuth, elevation}) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("camera values must be finite numbers, got " + v);
            }
        }
        if (modelCamera == null && !(distance > 0)) {
            throw new IllegalArgumentException("a free camera's distance must be > 0 metres, got " + distance);
        }
    }

    /** Gymnasium's default {@code rgb_array} camera for the four tasks: the model's trackcom camera "track". */
    public static Camera track() {
        return model(TRACK);
    }

    /** A camera of the model, by name ({@code mjCAMERA_FIXED}; it moves as its mode says, e.g. trackcom). */
    public static Camera model(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a model camera needs a name, e.g. \"track\"");
        }
        return new Camera(name, null, null, 1, 90, 0);
    }

    /**
     * A free camera fixed in the world.
     *
     * @param lookat the point looked at (x, y, z in metres)
     * @param distance metres from the camera to {@code lookat}
     * @param azimuth degrees about the vertical (90: the side view, looking along +y)
     * @param elevation degrees of the line of sight above the horizontal (negative: from above)
     */
    public static Camera free(double[] lookat, double distance, double azimuth, double elevation) {
        return new Camera(null, null, lookat, distance, azimuth, elevation);
    }

    /**
     * This free camera, moving with {@code body}: the x and y of {@code lookat} become offsets from the body's
     * subtree centre of mass, recomputed for every frame (no smoothing, unlike MuJoCo's
     * {@code mjCAMERA_TRACKING}); its height z stays as given, so a side view does not bob with the robot.
     */
    public Camera following(String body) {
        if (modelCamera != null) {
            throw new IllegalArgumentException("camera \"" + modelCamera + "\" is a model camera; only a free camera "
                    + "(Camera.free) can follow a body");
        }
        if (body == null || body.isBlank()) {
            throw new IllegalArgumentException("name the body to follow, e.g. \"torso\"");
        }
        return new Camera(null, body, lookat, distance, azimuth, elevation);
    }

    /**
     * Gymnasium's {@code DEFAULT_CAMERA_CONFIG} of {@code task}'s v4 class on a free camera that follows the torso
     * horizontally ({@link #following(String)}). Hopper: lookat (0, 0, 1.15), distance 3.0, elevation -20;
     * Walker2d: the same with distance 4.0; HalfCheetah and Ant: distance 4.0 only, so azimuth and elevation keep
     * MuJoCo's {@code mjv_defaultCamera} values (90, -45) and the lookat height is the torso's starting height (0.7,
     * 0.75 m; our choice: Gymnasium takes the median of the geoms' positions at the first frame). Azimuth 90
     * (MuJoCo's default) everywhere: the side view.
     */
    public static Camera gymnasiumDefaultConfig(Task task) {
        return switch (task.name()) {
            case "Hopper" -> free(new double[] {0, 0, 1.15}, 3.0, 90, -20).following("torso");
            case "Walker2d" -> free(new double[] {0, 0, 1.15}, 4.0, 90, -20).following("torso");
            case "HalfCheetah" -> free(new double[] {0, 0, 0.7}, 4.0, 90, -45).following("torso");
            case "Ant" -> free(new double[] {0, 0, 0.75}, 4.0, 90, -45).following("torso");
            default -> throw new IllegalArgumentException("no Gymnasium camera config known for " + task.name());
        };
    }

    /** Whether this is a camera of the model. */
    public boolean isModelCamera() {
        return modelCamera != null;
    }

    @Override
    public double[] lookat() {
        return lookat.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Camera c && java.util.Objects.equals(modelCamera, c.modelCamera)
                && java.util.Objects.equals(trackedBody, c.trackedBody) && Arrays.equals(lookat, c.lookat)
                && (modelCamera != null || (distance == c.distance && azimuth == c.azimuth && elevation == c.elevation));
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(modelCamera, trackedBody, Arrays.hashCode(lookat), distance, azimuth, elevation);
    }

    /** "track" or "free camera at (0, 0, 1.15) + torso, distance 3 m, azimuth 90°, elevation -20°". */
    @Override
    public String toString() {
        if (modelCamera != null) {
            return modelCamera;
        }
        return String.format(Locale.ROOT, "free camera at (%g, %g, %g)%s, distance %g m, azimuth %g°, elevation %g°",
                lookat[0], lookat[1], lookat[2], trackedBody == null ? "" : " + " + trackedBody, distance, azimuth,
                elevation);
    }
}
