package rrl.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tiles, the GIF through javax.imageio and back, Animation's outputs. Drawn frames, no GL needed. */
class AnimationTest {
    @TempDir
    Path tmp;

    /** A clip of {@code n} frames: a square moving right on a grey background. */
    static Clip moving(String caption, int n, int w, int h) {
        Clip c = new Clip(caption);
        for (int i = 0; i < n; i++) {
            BufferedImage f = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
            Graphics2D g = f.createGraphics();
            g.setColor(Color.GRAY);
            g.fillRect(0, 0, w, h);
            g.setColor(Color.ORANGE);
            g.fillRect(i * 3 % (w - 10), h / 2, 10, 10);
            g.dispose();
            c.add(f, "step " + i);
        }
        return c;
    }

    record Read(int frames, int width, int height, List<Integer> delays, boolean loops) {}

    static Read read(byte[] gif) throws IOException {
        ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(gif))) {
            reader.setInput(in);
            int n = reader.getNumImages(true);
            List<Integer> delays = new ArrayList<>();
            boolean loops = false;
            for (int i = 0; i < n; i++) {
                IIOMetadataNode root = (IIOMetadataNode) reader.getImageMetadata(i).getAsTree("javax_imageio_gif_image_1.0");
                IIOMetadataNode gce = (IIOMetadataNode) root.getElementsByTagName("GraphicControlExtension").item(0);
                delays.add(Integer.parseInt(gce.getAttribute("delayTime")));
                var apps = root.getElementsByTagName("ApplicationExtension");
                for (int a = 0; a < apps.getLength(); a++) {
                    IIOMetadataNode app = (IIOMetadataNode) apps.item(a);
                    byte[] data = (byte[]) app.getUserObject();
                    loops |= "NETSCAPE".equals(app.getAttribute("applicationID")) && data[1] == 0 && data[2] == 0;
                }
            }
            BufferedImage first = reader.read(0);
            return new Read(n, first.getWidth(), first.getHeight(), delays, loops);
        } finally {
            reader.dispose();
        }
    }

    @Test
    void gifRoundTripsThroughImageIoWithFramesDelaysAndLoop() throws IOException {
        Animation a = Animation.of(List.of(moving("normal", 12, 40, 30), moving("random", 12, 40, 30),
                moving("adversarial", 7, 40, 30)), 30);
        Read r = read(a.bytes());
        assertEquals(12, r.frames(), "as many frames as the longest clip");
        assertEquals(120, r.width());
        assertEquals(30, r.height());
        assertTrue(r.loops(), "NETSCAPE2.0 loop forever");
        // 30 fps: frame k starts at round(100 k / 30) hundredths, so delays alternate 3, 3, 4 and add up
        assertEquals(List.of(3, 4, 3, 3, 4, 3, 3, 4, 3, 3, 4, 3), r.delays());
        assertEquals(40, r.delays().stream().mapToInt(Integer::intValue).sum());
        assertEquals("Animation 3 tiles x 12 frames, 120x30 px, 30 fps (0.4 s, " + rrl.guard.MemoryBudget.bytes(a.size())
                + " GIF)", a.toString());
        assertEquals(3, a.tiles());
        assertEquals(12, a.frames());
        assertEquals(30.0, a.fps());
    }

    @Test
    void delaysAddUpToThePlayingTimeAtAnyRate() {
        for (double fps : new double[] {1, 7, 12.5, 24, 30, 50}) {
            int sum = 0;
            for (int k = 0; k < 100; k++) {
                int d = GifEncoder.delayCentiseconds(k, fps);
                assertTrue(d >= 2, "browsers slow down delays under 2/100 s: " + d + " at " + fps);
                sum += d;
            }
            assertEquals(Math.round(100 * 100 / fps), sum, "100 frames at " + fps + " fps");
        }
        assertThrows(IllegalArgumentException.class, () -> GifEncoder.requireFps(51));
        assertThrows(IllegalArgumentException.class, () -> GifEncoder.requireFps(0));
        assertThrows(IllegalArgumentException.class, () -> GifEncoder.requireFps(Double.NaN));
    }

    @Test
    void htmlEmbedsTheGifAndWriteIsAtomic() throws IOException {
        Animation a = Animation.of(moving("normal", 5, 32, 32), 10);
        String html = a.toHtml();
        assertTrue(html.startsWith("<img src=\"data:image/gif;base64,"), html.substring(0, 40));
        String b64 = html.substring(html.indexOf(',') + 1, html.indexOf('"', html.indexOf(',')));
        assertArrayEquals(a.bytes(), Base64.getDecoder().decode(b64));
        assertTrue(html.contains("width=\"32\" height=\"32\""), html);

        Path out = tmp.resolve("sub/anim.gif");
        Files.createDirectories(out.getParent());
        Files.writeString(out, "old content");
        assertEquals(out, a.write(out));
        assertArrayEquals(a.bytes(), Files.readAllBytes(out));
        try (Stream<Path> files = Files.list(out.getParent())) {
            assertEquals(List.of(out), files.toList(), "no temporary file left beside the GIF");
        }
        Path folder = Files.createDirectories(tmp.resolve("folder.gif"));
        // a folder in place of the file is bad input, named as such (AtomicFiles), not an I/O failure
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.write(folder));
        assertTrue(e.getMessage().contains("it is a folder"), e.getMessage());
    }

    @Test
    void tilesHoldTheLastFrameOfShortClipsAndDrawCaptions() {
        Clip longer = moving("normal", 6, 64, 48);
        Clip shorter = moving("adversarial", 2, 64, 48);
        Tiles t = new Tiles(List.of(longer, shorter));
        assertEquals(6, t.frames());
        assertEquals(128, t.width());
        BufferedImage k5 = t.compose(5, t.newImage());
        // right tile, below the caption box: the short clip's last frame
        assertEquals(shorter.frame(1).getRGB(40, 40), k5.getRGB(64 + 40, 40));
        assertEquals(longer.frame(5).getRGB(40, 40), k5.getRGB(40, 40));
        // the caption box changes the top-left corner of each tile
        assertTrue(k5.getRGB(8, 8) != longer.frame(5).getRGB(8, 8));
        assertTrue(k5.getRGB(64 + 8, 8) != shorter.frame(1).getRGB(8, 8));
    }

    @Test
    void refusesWhatCannotBeLaidOut() {
        assertThrows(IllegalArgumentException.class, () -> new Tiles(List.of()));
        assertThrows(IllegalArgumentException.class, () -> new Tiles(List.of(new Clip("empty"))));
        assertThrows(IllegalArgumentException.class, () -> new Tiles(List.of(moving("a", 2, 32, 32), moving("b", 2, 40, 32))));
        Clip c = moving("a", 1, 32, 32);
        assertThrows(IllegalArgumentException.class, () -> c.add(new BufferedImage(16, 16, BufferedImage.TYPE_3BYTE_BGR)));
        assertThrows(IllegalArgumentException.class, () -> Animation.of(c, 60));
        assertEquals("Clip \"a\": 1 frame, 32x32 px", c.toString());
    }
}
