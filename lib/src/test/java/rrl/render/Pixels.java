package rrl.render;

import java.awt.image.BufferedImage;
import java.util.HashSet;
import java.util.Set;

/** Pixel statistics for the rendering tests. */
final class Pixels {
    private Pixels() {}

    /** Variance of the grey level (0..255) over all pixels. */
    static double variance(BufferedImage img) {
        double sum = 0;
        double sq = 0;
        long n = (long) img.getWidth() * img.getHeight();
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                double g = (((rgb >> 16) & 255) + ((rgb >> 8) & 255) + (rgb & 255)) / 3.0;
                sum += g;
                sq += g * g;
            }
        }
        double mean = sum / n;
        return sq / n - mean * mean;
    }

    /** Number of distinct colours. */
    static int colours(BufferedImage img) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                seen.add(img.getRGB(x, y) & 0xFFFFFF);
            }
        }
        return seen.size();
    }

    /** Mean absolute difference per channel (0..255) of two images of one size. */
    static double meanAbsDiff(BufferedImage a, BufferedImage b) {
        if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
            throw new IllegalArgumentException("sizes differ");
        }
        double sum = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int s = 0; s < 24; s += 8) {
                    sum += Math.abs(((p >> s) & 255) - ((q >> s) & 255));
                }
            }
        }
        return sum / (3.0 * a.getWidth() * a.getHeight());
    }

    /** Share of pixels whose channels differ by more than {@code tolerance} somewhere. */
    static double shareDifferent(BufferedImage a, BufferedImage b, int tolerance) {
        long n = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int s = 0; s < 24; s += 8) {
                    if (Math.abs(((p >> s) & 255) - ((q >> s) & 255)) > tolerance) {
                        n++;
                        break;
                    }
                }
            }
        }
        return (double) n / ((long) a.getWidth() * a.getHeight());
    }
}
