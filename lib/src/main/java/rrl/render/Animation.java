package rrl.render;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import rrl.io.AtomicFiles;

/**
 * An animated GIF of one or more clips side by side ({@link Tiles}), encoded by the JDK's GIF writer
 * ({@link GifEncoder}), looping forever. It holds the file's bytes and what they show: {@link #tiles()} clips of
 * {@link #frames()} frames, {@link #width()} x {@link #height()} pixels, played at {@link #fps()} frames per
 * second. In a notebook, {@link #toHtml()} is an {@code <img>} with the GIF inline.
 */
public final class Animation {
    private final byte[] gif;
    private final int tiles;
    private final int frames;
    private final int width;
    private final int height;
    private final double fps;

    private Animation(byte[] gif, int tiles, int frames, int width, int height, double fps) {
        this.gif = gif;
        this.tiles = tiles;
        this.frames = frames;
        this.width = width;
        this.height = height;
        this.fps = fps;
    }

    /** One clip as an animation at {@code fps} frames per second (in (0, {@link GifEncoder#MAX_FPS}]). */
    public static Animation of(Clip clip, double fps) {
        return of(List.of(clip), fps);
    }

    /**
     * Clips side by side, left to right in the order given, each captioned, at {@code fps} frames per second (in
     * (0, {@link GifEncoder#MAX_FPS}]); as long as the longest clip (see {@link Tiles}).
     *
     * @throws IllegalArgumentException for no clips, an empty clip, clips of different sizes, or a bad fps
     */
    public static Animation of(List<Clip> clips, double fps) {
        GifEncoder.requireFps(fps);
        Tiles t = new Tiles(clips);
        BufferedImage canvas = t.newImage();
        byte[] gif = GifEncoder.encode(t.frames(), k -> t.compose(k, canvas), fps, true);
        return new Animation(gif, t.count(), t.frames(), t.width(), t.height(), fps);
    }

    /** An animation of GIF bytes made elsewhere (e.g. read back from a file), with what they show. */
    public static Animation ofGif(byte[] gif, int tiles, int frames, int width, int height, double fps) {
        return new Animation(gif.clone(), tiles, frames, width, height, fps);
    }

    /** The GIF file's bytes (a copy). */
    public byte[] bytes() {
        return gif.clone();
    }

    /** Size of the GIF in bytes. */
    public int size() {
        return gif.length;
    }

    /** {@code <img src="data:image/gif;base64,...">} with the pixel size and a text alternative, for a notebook. */
    public String toHtml() {
        return "<img src=\"data:image/gif;base64," + Base64.getEncoder().encodeToString(gif) + "\" width=\"" + width
                + "\" height=\"" + height + "\" alt=\"" + toString() + "\"/>";
    }

    /**
     * Writes the GIF to {@code file} atomically (a temporary file in the same folder, then moved over it:
     * {@link AtomicFiles}), creating missing folders; returns the file.
     *
     * @throws java.io.UncheckedIOException naming the file and the cause if it cannot be written
     */
    public Path write(Path file) {
        return AtomicFiles.write(file, tmp -> Files.write(tmp, gif));
    }

    /** Number of clips side by side. */
    public int tiles() {
        return tiles;
    }

    /** Number of frames. */
    public int frames() {
        return frames;
    }

    /** Width in pixels (all tiles). */
    public int width() {
        return width;
    }

    /** Height in pixels. */
    public int height() {
        return height;
    }

    /** Frames per second it plays at. */
    public double fps() {
        return fps;
    }

    /** Playing time in seconds: frames / fps. */
    public double seconds() {
        return frames / fps;
    }

    /** "Animation 3 tiles x 200 frames, 1440x480 px, 30 fps (6.7 s, 12.3 MB GIF)". */
    @Override
    public String toString() {
        String rate = fps == Math.rint(fps) ? Long.toString((long) fps) : String.format(Locale.ROOT, "%.3g", fps);
        return String.format(Locale.ROOT, "Animation %d %s x %d frames, %dx%d px, %s fps (%.1f s, %s GIF)", tiles,
                tiles == 1 ? "tile" : "tiles", frames, width, height, rate, seconds(), rrl.guard.MemoryBudget.bytes(gif.length));
    }
}
