package rrl.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import rrl.attack.ActionPerturbation;
import rrl.attack.AttackRecord;
import rrl.attack.ConditionKind;
import rrl.attack.PerturbationCondition;
import rrl.attack.PerturbationEpsilon;
import rrl.env.Environments;
import rrl.env.Task;
import rrl.eval.EpisodeRecorder;
import rrl.policy.ActorPolicy;
import rrl.render.Animation;
import rrl.render.Camera;
import rrl.render.Clip;
import rrl.render.GifEncoder;
import rrl.render.OffscreenRenderer;

/** {@code rrl render}: episodes of a policy drawn by MuJoCo's renderer, side by side in an animated GIF. */
@Command(name = "render", description = {"Render episodes of a policy with MuJoCo's own renderer into an animated GIF.",
        "One episode per --condition (normal, random, adversarial), side by side with "
            + "captions, all from the initial state and perturbation of the first episode "
            + "`rrl evaluate` runs with the same --seed. Off-screen (EGL; Mesa's llvmpipe "
            + "without a GPU), Gymnasium's camera and look; the GIF is written atomically."})
final class RenderCommand implements Runnable {
    @Option(names = "--policy", required = true,
            description = "policy checkpoint (policy.ckpt), DL4J model (.zip), run folder or shipped:NAME, e.g. shipped:td3bc-expert")
    String policy;

    @Option(names = "--env", required = true, description = "Hopper, HalfCheetah, Walker2d or Ant")
    String env;

    @Option(names = "--condition", split = ",", defaultValue = "normal",
            description = "normal, random or adversarial; several (comma-separated or repeated) give tiles side by side, in "
                    + "that order (default: ${DEFAULT-VALUE})")
    List<String> conditions;

    @Option(names = "--delta", description = "the adversarial perturbation: a delta.csv written by `rrl attack` (needed by "
            + "--condition adversarial)")
    Path delta;

    @Range(min = 0, minExclusive = true, max = 1)

    @Option(names = "--eps", description = "bound of the random perturbation, and the bound --delta must keep (default: "
            + "paper 2's, 0.3; Ant 0.5)")
    Double eps;

    @Range(min = Range.MIN_SEED)

    @Option(names = "--seed", defaultValue = "0", description = "reset noise and random delta, as `rrl evaluate --seed` "
            + "(default: ${DEFAULT-VALUE})")
    long seed;

    @Range(min = 1, max = 1000)

    @Option(names = "--steps", defaultValue = "1000", description = "at most this many environment steps per episode; an "
            + "episode also ends when it terminates (default: ${DEFAULT-VALUE}, a whole episode)")
    int steps;

    @Range(min = 0, minExclusive = true, max = GifEncoder.MAX_FPS)

    @Option(names = "--fps", defaultValue = "30", description = "frames per second of the GIF, at most 50 (default: "
            + "${DEFAULT-VALUE})")
    double fps;

    @Range(min = 1, max = 1000)

    @Option(names = "--stride", description = "environment steps per frame (default: about real time at --fps, "
            + "round(1 / (fps x dt)): Hopper 4, HalfCheetah 1)")
    Integer stride;

    @Option(names = "--size", defaultValue = "240", description = "pixels of one tile: N (square) or WxH, each in [16, 4096] "
            + "(default: ${DEFAULT-VALUE}; Gymnasium's own frames are 480)")
    String size;

    @Option(names = "--quality", defaultValue = "gymnasium", description = "gymnasium: Gymnasium's frames (shadows, "
            + "reflections, 4x multisampling); fast: none of those, several times faster (default: ${DEFAULT-VALUE})")
    String quality;

    @Option(names = "--camera", defaultValue = "track", description = "track: Gymnasium's rgb_array camera (the model's "
            + "trackcom camera, side view); viewer: Gymnasium's DEFAULT_CAMERA_CONFIG, following the torso "
            + "(default: ${DEFAULT-VALUE})")
    String camera;

    @Option(names = "--out", required = true, description = "the animated GIF to write (FILE.gif)")
    Path out;

    @Override
    public void run() {
        // Everything that can be checked without work first: output, size, quality, camera, conditions, delta.
        String name = out.getFileName() == null ? "" : out.getFileName().toString();
        if (!name.toLowerCase(Locale.ROOT).endsWith(".gif")) {
            throw new IllegalArgumentException("--out " + out + ": rrl render writes an animated GIF; name the file .gif");
        }
        if (Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out " + out + " is a folder; name a .gif file, e.g. " + out.resolve("episode.gif"));
        }
        int[] wh = parseSize(size);
        OffscreenRenderer.Quality q = parseQuality(quality);
        Task task = Environments.task(env);
        Camera cam = switch (camera.strip().toLowerCase(Locale.ROOT)) {
            case "track" -> Camera.track();
            case "viewer" -> Camera.gymnasiumDefaultConfig(task);
            default -> throw new IllegalArgumentException("--camera must be track or viewer, got '" + camera + "'");
        };
        double e = eps != null ? eps : PerturbationEpsilon.defaultFor(task.name());
        ActionPerturbation.requireEpsilon(e);
        List<PerturbationCondition> conds = new ArrayList<>();
        for (String c : conditions) {
            ConditionKind kind;
            try {
                kind = ConditionKind.parse(c.strip());
            } catch (IllegalArgumentException x) {
                throw new IllegalArgumentException("--condition '" + c.strip() + "' is not a condition; use normal, random or "
                        + "adversarial (comma-separated for tiles side by side)", x);
            }
            double[] d = null;
            if (kind == ConditionKind.ADVERSARIAL) {
                if (delta == null) {
                    throw new IllegalArgumentException("--condition adversarial needs its perturbation: run `rrl attack --policy "
                            + policy + " --env " + task.name() + " --run DIR` and pass --delta DIR/delta.csv");
                }
                d = AttackRecord.readDelta(delta, task.actionDim());
                try {
                    ActionPerturbation.requireValid(d, task.actionDim(), e, task.name());
                } catch (IllegalArgumentException x) {
                    throw new IllegalArgumentException("--delta " + delta + ": " + x.getMessage(), x);
                }
            }
            conds.add(kind.create(e, d));
        }
        ActorPolicy p = rrl.experiment.PolicyRef.parse(policy).load(task);
        List<Clip> clips = new ArrayList<>();
        long t0 = System.nanoTime();
        int frames = 0;
        String backend;
        try (EpisodeRecorder rec = new EpisodeRecorder(task, wh[0], wh[1], cam, q)) {
            int k = stride != null ? stride : rec.realTimeStride(fps);
            backend = rec.renderer().backend();
            for (PerturbationCondition c : conds) {
                EpisodeRecorder.Recording r = rec.record(p, c, seed, steps, k, true);
                System.out.println(r);
                clips.add(r.clip());
                frames += r.clip().size();
            }
        }
        double renderSeconds = (System.nanoTime() - t0) / 1e9;
        long t1 = System.nanoTime();
        Animation a = Animation.of(clips, fps);
        double encodeSeconds = (System.nanoTime() - t1) / 1e9;
        a.write(out);
        System.out.printf(Locale.ROOT, "written: %s: %s%n", out, a);
        System.err.printf(Locale.ROOT, "rendered %d frames in %.1f s (%.1f frames/s with the episodes' physics and policy; "
                + "%s), GIF encoded in %.1f s%n", frames, renderSeconds, frames / renderSeconds, backend, encodeSeconds);
    }

    /** "N" or "WxH", each in [MIN_SIZE, MAX_SIZE]. */
    static int[] parseSize(String s) {
        String t = s.strip().toLowerCase(Locale.ROOT);
        String[] parts = t.split("x", -1);
        try {
            int w = Integer.parseInt(parts[0].strip());
            int h = parts.length == 2 ? Integer.parseInt(parts[1].strip()) : w;
            if (parts.length > 2 || w < OffscreenRenderer.MIN_SIZE || w > OffscreenRenderer.MAX_SIZE
                    || h < OffscreenRenderer.MIN_SIZE || h > OffscreenRenderer.MAX_SIZE) {
                throw new NumberFormatException();
            }
            return new int[] {w, h};
        } catch (NumberFormatException x) {
            throw new IllegalArgumentException("--size must be N or WxH pixels, each an integer in [" + OffscreenRenderer.MIN_SIZE
                    + ", " + OffscreenRenderer.MAX_SIZE + "], e.g. 240 or 320x240; got '" + s + "'");
        }
    }

    static OffscreenRenderer.Quality parseQuality(String s) {
        for (OffscreenRenderer.Quality q : OffscreenRenderer.Quality.values()) {
            if (q.label().equals(s.strip().toLowerCase(Locale.ROOT))) {
                return q;
            }
        }
        throw new IllegalArgumentException("--quality must be gymnasium or fast, got '" + s + "'");
    }
}
