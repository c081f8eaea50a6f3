package rrl.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rrl.env.Environments;
import rrl.env.Task;
import rrl.io.NumericCsv;

/**
 * Our frames against Gymnasium's: the oracle (lib/src/test/python/gym_render_oracle.py) renders each -v4 task in
 * {@code rgb_array} mode (its default camera, MuJoCo's default quality) with the official mujoco wheel through EGL,
 * after 20 random steps and an {@code mj_forward} (so its kinematics are those of qpos, see below); rrl renders the
 * same qpos with {@link OffscreenRenderer}'s defaults. Same camera, light, floor, sky and materials must give the
 * same picture: measured on 2026-12 (MuJoCo 2.2.2 here, 2.3.1 in the wheel, both on Mesa's llvmpipe), identical
 * pixels at 160 x 160 (a mean difference of 0.002 per channel at 480 x 480, from antialiased edges). The
 * tolerances leave room for another driver, while a wrong camera offset, light or material moves much of the
 * picture. Without the oracle's {@code mj_forward}, HalfCheetah and Ant (Euler integration) differ by 3 per channel:
 * after a step Gymnasium draws the kinematics computed at the start of the last physics substep, one timestep
 * behind qpos; rrl draws qpos itself.
 */
class RenderParityTest {
    private static final int SIZE = 160;
    private static final List<String> ENVS = List.of("Hopper-v4", "Walker2d-v4", "HalfCheetah-v4", "Ant-v4");

    @TempDir
    Path tmp;

    static Path projectDir() {
        return Path.of(System.getProperty("rrl.project.dir", "..")).toAbsolutePath().normalize();
    }

    @Test
    void framesMatchGymnasiumsRgbArrayRender() throws Exception {
        Path python = projectDir().resolve(".venv/bin/python");
        assertTrue(Files.isExecutable(python), "the Gymnasium oracle needs the project venv at " + python
                + "; run environment/setup.sh");
        List<String> cmd = new ArrayList<>(List.of(python.toString(),
                projectDir().resolve("lib/src/test/python/gym_render_oracle.py").toString(), tmp.toString(), "--width",
                Integer.toString(SIZE), "--height", Integer.toString(SIZE)));
        cmd.addAll(ENVS);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("MUJOCO_GL", "egl");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "oracle timed out");
        assertEquals(0, p.exitValue(), "oracle failed: " + out);
        for (String id : ENVS) {
            Task task = Environments.task(id);
            double[] qpos = NumericCsv.read(tmp.resolve(id + ".qpos.csv"), -1, "qpos").rows()[0];
            byte[] rgb = Files.readAllBytes(tmp.resolve(id + ".rgb"));
            BufferedImage theirs = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_3BYTE_BGR);
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    int i = 3 * (y * SIZE + x);
                    theirs.setRGB(x, y, (rgb[i] & 255) << 16 | (rgb[i + 1] & 255) << 8 | (rgb[i + 2] & 255));
                }
            }
            try (OffscreenRenderer r = new OffscreenRenderer(task, SIZE, SIZE)) {
                BufferedImage ours = r.render(qpos);
                double mean = Pixels.meanAbsDiff(ours, theirs);
                double off = Pixels.shareDifferent(ours, theirs, 30);
                System.out.printf("render parity %-15s mean difference %.2g per channel, %.4f%% of pixels off by > 30%n",
                        id, mean, 100 * off);
                assertTrue(mean < 1.0, id + ": mean difference " + mean + " per channel");
                assertTrue(off < 0.005, id + ": " + off + " of the pixels differ by more than 30");
            }
        }
    }
}
