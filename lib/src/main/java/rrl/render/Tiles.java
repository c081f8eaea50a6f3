package rrl.render;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Several clips side by side, one tile per clip in a row (left to right in the order given), each with its
 * caption and the current frame's note in the top-left corner. Clips may differ in length (an episode that
 * terminates early): a clip that has ended keeps showing its last frame, so all tiles stay in step with the
 * longest one. Tiles must all have the size of the first clip.
 */
public final class Tiles {
    private final List<Clip> clips;
    private final int tileWidth;
    private final int tileHeight;
    private final int frames;

    /**
     * @throws IllegalArgumentException for no clips, an empty clip, or clips of different frame sizes
     */
    public Tiles(List<Clip> clips) {
        if (clips.isEmpty()) {
            throw new IllegalArgumentException("no clips to lay out; record at least one episode");
        }
        this.clips = List.copyOf(clips);
        Clip first = clips.get(0);
        int longest = 0;
        for (Clip c : clips) {
            if (c.isEmpty()) {
                throw new IllegalArgumentException("clip \"" + c.caption() + "\" has no frames");
            }
            if (c.width() != first.width() || c.height() != first.height()) {
                throw new IllegalArgumentException("tiles must have one size: clip \"" + first.caption() + "\" is "
                        + first.width() + "x" + first.height() + " px, clip \"" + c.caption() + "\" " + c.width() + "x"
                        + c.height());
            }
            longest = Math.max(longest, c.size());
        }
        this.tileWidth = first.width();
        this.tileHeight = first.height();
        this.frames = longest;
    }

    /** Number of tiles. */
    public int count() {
        return clips.size();
    }

    /** Frames of the composition: those of the longest clip. */
    public int frames() {
        return frames;
    }

    /** Width of the composition in pixels (tiles x tile width). */
    public int width() {
        return tileWidth * clips.size();
    }

    /** Height of the composition in pixels. */
    public int height() {
        return tileHeight;
    }

    /** A new image for {@link #compose(int, BufferedImage)}. */
    public BufferedImage newImage() {
        return new BufferedImage(width(), height(), BufferedImage.TYPE_3BYTE_BGR);
    }

    /** Frame {@code k} of the composition, drawn into {@code into} (a {@link #newImage()}), which it returns. */
    public BufferedImage compose(int k, BufferedImage into) {
        if (k < 0 || k >= frames) {
            throw new IndexOutOfBoundsException("frame " + k + " of " + frames);
        }
        Graphics2D g = into.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            for (int t = 0; t < clips.size(); t++) {
                Clip c = clips.get(t);
                int i = Math.min(k, c.size() - 1);
                int x = t * tileWidth;
                g.drawImage(c.frame(i), x, 0, null);
                label(g, x, c.caption(), c.note(i));
            }
        } finally {
            g.dispose();
        }
        return into;
    }

    /** Caption (bold) and note (plain) in a translucent box at the tile's top-left corner. */
    private void label(Graphics2D g, int x, String caption, String note) {
        if (caption.isEmpty() && note.isEmpty()) {
            return;
        }
        int size = Math.max(10, Math.min(tileWidth, tileHeight) / 20);
        Font bold = new Font(Font.SANS_SERIF, Font.BOLD, size);
        Font plain = new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(9, size * 4 / 5));
        FontMetrics fb = g.getFontMetrics(bold);
        FontMetrics fp = g.getFontMetrics(plain);
        int pad = Math.max(3, size / 3);
        int w = Math.max(caption.isEmpty() ? 0 : fb.stringWidth(caption), note.isEmpty() ? 0 : fp.stringWidth(note));
        int h = (caption.isEmpty() ? 0 : fb.getHeight()) + (note.isEmpty() ? 0 : fp.getHeight());
        g.setColor(new Color(0, 0, 0, 150));
        g.fillRoundRect(x + pad, pad, w + 2 * pad, h + pad, pad, pad);
        g.setColor(Color.WHITE);
        int y = pad + pad / 2;
        if (!caption.isEmpty()) {
            g.setFont(bold);
            g.drawString(caption, x + 2 * pad, y + fb.getAscent());
            y += fb.getHeight();
        }
        if (!note.isEmpty()) {
            g.setFont(plain);
            g.drawString(note, x + 2 * pad, y + fp.getAscent());
        }
    }
}
