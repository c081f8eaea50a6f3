package rrl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rrl render}: a real GIF of a shipped policy, and bad input refused in one line with exit 2. */
class RenderCommandTest {
    @TempDir
    Path tmp;

    @Test
    void writesASideBySideGifOfTheThreeConditions() throws Exception {
        Path delta = Files.writeString(tmp.resolve("delta.csv"), "d0,d1,d2\n-0.3,0.3,-0.3\n");
        Path gif = tmp.resolve("out/hopper.gif");
        CliRun r = CliRun.of("render", "--policy", "shipped:td3bc-expert", "--env", "Hopper", "--condition",
                "normal,random,adversarial", "--delta", delta.toString(), "--steps", "40", "--stride", "10", "--size",
                "48x40", "--quality", "fast", "--fps", "10", "--out", gif.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("normal: 40 steps"), r.out());
        assertTrue(r.out().contains("adversarial: "), r.out());
        assertTrue(r.out().contains("written: " + gif + ": Animation 3 tiles x 5 frames, 144x40 px, 10 fps"), r.out());
        ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            reader.setInput(in);
            assertEquals(5, reader.getNumImages(true), "the initial pose and every 10th of 40 steps");
            assertEquals(144, reader.read(0).getWidth());
            assertEquals(40, reader.read(0).getHeight());
        } finally {
            reader.dispose();
        }
        try (Stream<Path> files = Files.list(gif.getParent())) {
            assertEquals(List.of(gif), files.toList(), "written atomically: no temporary file left");
        }
    }

    @Test
    void badInputIsOneLineAndExit2() throws Exception {
        Path gif = tmp.resolve("x.gif");
        List<String[]> cases = new ArrayList<>();
        String[] base = {"render", "--policy", "shipped:td3bc-expert", "--env", "Hopper", "--out", gif.toString()};
        cases.add(with(base, "--condition", "sideways"));
        cases.add(with(base, "--condition", "adversarial")); // no --delta
        cases.add(with(base, "--size", "8"));
        cases.add(with(base, "--size", "big"));
        cases.add(with(base, "--fps", "60"));
        cases.add(with(base, "--steps", "0"));
        cases.add(with(base, "--quality", "best"));
        cases.add(with(base, "--camera", "overhead"));
        cases.add(with(base, "--no-such-option"));
        cases.add(new String[] {"render", "--policy", "shipped:td3bc-expert", "--env", "Hopper", "--out",
                tmp.resolve("x.png").toString()});
        cases.add(new String[] {"render", "--policy", "shipped:td3bc-expert", "--env", "Hoper", "--out", gif.toString()});
        cases.add(new String[] {"render", "--policy", tmp.resolve("missing.ckpt").toString(), "--env", "Hopper", "--out",
                gif.toString()});
        Path delta = Files.writeString(tmp.resolve("delta.csv"), "0.9,0,0\n");
        cases.add(with(base, "--condition", "adversarial", "--delta", delta.toString()));
        for (String[] args : cases) {
            CliRun r = CliRun.of(args);
            String what = String.join(" ", args) + " -> " + r.err();
            assertEquals(2, r.code(), what);
            assertTrue(r.err().startsWith("rrl: error: ") && r.err().strip().lines().count() == 1, what);
        }
        assertFalse(Files.exists(gif), "nothing written on bad input");
    }

    @Test
    void helpNamesEveryOption() {
        CliRun r = CliRun.of("render", "--help");
        assertEquals(0, r.code());
        for (String o : List.of("--policy", "--env", "--condition", "--delta", "--eps", "--seed", "--steps", "--fps",
                "--stride", "--size", "--quality", "--camera", "--out")) {
            assertTrue(r.out().contains(o + "="), o + " in\n" + r.out());
        }
    }

    private static String[] with(String[] base, String... more) {
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }
}
