package rrl.render;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * The frames of one rendered episode, in order, all of one size, with a caption (e.g. the perturbation
 * condition, "adversarial") and an optional note per frame (e.g. "step 120, return 356.2"), both drawn onto the
 * picture when the clip becomes a tile of an {@link Animation}. Frames are kept as they are given (uncompressed:
 * 3 bytes per pixel, about 0.7 MB for 480 x 480), so a clip of a 1000-step episode is best recorded every few
 * steps.
 */
public final class Clip {
    private final String caption;
    private final List<BufferedImage> frames = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private int width = -1;
    private int height = -1;

    /** An empty clip; {@code caption} may be empty, not null. */
    public Clip(String caption) {
        if (caption == null) {
            throw new IllegalArgumentException("a clip's caption may be empty but not null");
        }
        this.caption = caption;
    }

    /** Appends a frame with no note. */
    public Clip add(BufferedImage frame) {
        return add(frame, "");
    }

    /**
     * Appends a frame (kept, not copied: do not draw into it afterwards) with a note drawn under the caption.
     *
     * @throws IllegalArgumentException for a frame of another size than the first one
     */
    public Clip add(BufferedImage frame, String note) {
        if (width < 0) {
            width = frame.getWidth();
            height = frame.getHeight();
        } else if (frame.getWidth() != width || frame.getHeight() != height) {
            throw new IllegalArgumentException("every frame of a clip has one size: " + width + "x" + height
                    + " px, got " + frame.getWidth() + "x" + frame.getHeight());
        }
        frames.add(frame);
        notes.add(note == null ? "" : note);
        return this;
    }

    public String caption() {
        return caption;
    }

    /** Number of frames. */
    public int size() {
        return frames.size();
    }

    public boolean isEmpty() {
        return frames.isEmpty();
    }

    /** Frame {@code i} (0-based). */
    public BufferedImage frame(int i) {
        return frames.get(i);
    }

    /** The note of frame {@code i} ("" if none). */
    public String note(int i) {
        return notes.get(i);
    }

    /** Frame width in pixels (-1 while empty). */
    public int width() {
        return width;
    }

    /** Frame height in pixels (-1 while empty). */
    public int height() {
        return height;
    }

    /** "Clip "adversarial": 251 frames, 480x480 px". */
    @Override
    public String toString() {
        return "Clip \"" + caption + "\": " + frames.size() + (frames.size() == 1 ? " frame" : " frames")
                + (width < 0 ? "" : ", " + width + "x" + height + " px");
    }
}
