package rrl.render;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.function.IntFunction;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOInvalidTreeException;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * Animated GIF through the JDK's own GIF writer ({@code javax.imageio}, format "gif"): one image per frame,
 * each with its own 256-colour palette (the writer's colour reduction), the delay of each frame in the Graphic
 * Control Extension and the loop count in the NETSCAPE2.0 application extension of the first frame (the
 * metadata format {@code javax_imageio_gif_image_1.0}).
 *
 * <p>GIF delays are whole hundredths of a second, and browsers show delays under 2/100 s as 10/100 s, so the
 * frame rate is at most {@link #MAX_FPS}; a rate that does not divide 100 (30 fps: 3.33/100 s) gets delays of
 * 3 and 4 hundredths in turn so that frame k starts at round(100 k / fps) hundredths, and the total duration is
 * right.
 */
public final class GifEncoder {
    /** Highest frame rate a GIF plays at in browsers: one frame per 2/100 s. */
    public static final double MAX_FPS = 50;

    private GifEncoder() {}

    /** Checks a frame rate: a finite number in (0, {@link #MAX_FPS}]. */
    public static void requireFps(double fps) {
        if (!(fps > 0 && fps <= MAX_FPS)) {
            throw new IllegalArgumentException("frames per second must be a number > 0 and <= " + (int) MAX_FPS
                    + " (GIF delays are whole 1/100 s and browsers slow down anything under 2/100 s), got " + fps);
        }
    }

    /** Delay of frame {@code k} in hundredths of a second at {@code fps}. */
    static int delayCentiseconds(int k, double fps) {
        return (int) (Math.round(100.0 * (k + 1) / fps) - Math.round(100.0 * k / fps));
    }

    /**
     * Encodes {@code count} frames, frame k given by {@code frame.apply(k)} (it may return the same image object
     * redrawn each time: each is written before the next is asked for), played at {@code fps}, looping forever if
     * {@code loop} (else once).
     *
     * @return the GIF file's bytes
     */
    public static byte[] encode(int count, IntFunction<BufferedImage> frame, double fps, boolean loop) {
        requireFps(fps);
        if (count < 1) {
            throw new IllegalArgumentException("an animation needs at least one frame, got " + count);
        }
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("gif");
        if (!writers.hasNext()) {
            throw new IllegalStateException("this JDK has no GIF writer (javax.imageio format \"gif\")");
        }
        ImageWriter writer = writers.next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            writer.prepareWriteSequence(null);
            for (int k = 0; k < count; k++) {
                BufferedImage image = frame.apply(k);
                IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image),
                        param);
                annotate(meta, delayCentiseconds(k, fps), k == 0, loop);
                writer.writeToSequence(new IIOImage(image, null, meta), param);
            }
            writer.endWriteSequence();
        } catch (IOException e) {
            throw new UncheckedIOException("encoding the GIF: " + e.getMessage(), e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** Sets the frame's delay and, on the first frame, the NETSCAPE2.0 loop count (0: forever). */
    private static void annotate(IIOMetadata meta, int delay, boolean first, boolean loop) throws IIOInvalidTreeException {
        String format = meta.getNativeMetadataFormatName(); // javax_imageio_gif_image_1.0
        IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(format);
        IIOMetadataNode gce = node(root, "GraphicControlExtension");
        gce.setAttribute("disposalMethod", "none");
        gce.setAttribute("userInputFlag", "FALSE");
        gce.setAttribute("transparentColorFlag", "FALSE");
        gce.setAttribute("delayTime", Integer.toString(delay));
        gce.setAttribute("transparentColorIndex", "0");
        if (first && loop) {
            IIOMetadataNode app = new IIOMetadataNode("ApplicationExtension");
            app.setAttribute("applicationID", "NETSCAPE");
            app.setAttribute("authenticationCode", "2.0");
            app.setUserObject(new byte[] {1, 0, 0}); // sub-block 1, loop count 0 (little-endian): forever
            node(root, "ApplicationExtensions").appendChild(app);
        }
        meta.setFromTree(format, root);
    }

    private static IIOMetadataNode node(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
                return (IIOMetadataNode) root.item(i);
            }
        }
        IIOMetadataNode n = new IIOMetadataNode(name);
        root.appendChild(n);
        return n;
    }
}
