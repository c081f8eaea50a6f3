package rrl.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleSupplier;

/** Central finite differences of a scalar loss against an analytic gradient buffer (shared by the nn and algo tests). */
public final class GradientCheck {
    private GradientCheck() {}

    /**
     * Worst relative error over every {@code stride}-th entry of {@code values}; {@code loss} recomputes the
     * loss from the current values, {@code analytic} is the gradient taken before any perturbation.
     * eps = 1e-3 rarely crosses a ReLU kink; an entry whose left and right
     * slopes disagree sits within eps of a ReLU kink, where finite differences say nothing about the
     * derivative, so it is skipped, and at most a fifth may be.
     */
    public static double worstError(float[] values, float[] analytic, int stride, DoubleSupplier loss) {
        double eps = 1e-3;
        double worst = 0;
        int checked = 0;
        int skipped = 0;
        double f0 = loss.getAsDouble();
        for (int i = 0; i < values.length; i += stride) {
            float keep = values[i];
            values[i] = (float) (keep + eps);
            double up = loss.getAsDouble();
            values[i] = (float) (keep - eps);
            double down = loss.getAsDouble();
            values[i] = keep;
            double right = (up - f0) / eps;
            double left = (f0 - down) / eps;
            if (Math.abs(right - left) > 0.05 * Math.max(Math.abs(right), Math.abs(left)) + 1e-3) {
                skipped++;
                continue;
            }
            checked++;
            double numeric = (up - down) / (2 * eps);
            worst = Math.max(worst, Math.abs(numeric - analytic[i]) / Math.max(1e-2, Math.abs(numeric) + Math.abs(analytic[i])));
        }
        assertTrue(skipped * 5 <= checked + skipped, "too many kinks: " + skipped + " of " + (checked + skipped));
        return worst;
    }
}
