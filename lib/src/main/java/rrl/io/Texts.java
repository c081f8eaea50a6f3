package rrl.io;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/**
 * Short readable text for numbers and arrays, used by the {@code toString()} summaries of results, policies,
 * datasets and environments (what a notebook shows when such a value ends a cell): never {@code [D@1f2a}, never
 * seventeen digits.
 */
public final class Texts {
    /** Arrays longer than this print their first values and their length. */
    public static final int MAX_VALUES = 8;

    private Texts() {}

    /** A number with 4 significant digits (3291, 734.7, 0.1532), integers exactly, extremes in scientific notation. */
    public static String number(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return Double.toString(d);
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        double a = Math.abs(d);
        if (a >= 1e9 || a < 1e-4) {
            return String.format(Locale.ROOT, "%.3e", d);
        }
        return new BigDecimal(d).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }

    /** {@code "%.<decimals>f"} in the root locale. */
    public static String fixed(double d, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", d);
    }

    /** {@code [0.1, -0.3, 0.3]}; longer than {@link #MAX_VALUES}: {@code [v0, ..., v7, ...] (111 values)}. */
    public static String numbers(double[] v) {
        if (v == null) {
            return "null";
        }
        StringBuilder s = new StringBuilder("[");
        int shown = Math.min(v.length, MAX_VALUES);
        for (int i = 0; i < shown; i++) {
            s.append(i == 0 ? "" : ", ").append(number(v[i]));
        }
        if (shown < v.length) {
            s.append(", ...] (").append(v.length).append(" values)");
            return s.toString();
        }
        return s.append(']').toString();
    }

    /** As {@link #numbers(double[])} for floats. */
    public static String numbers(float[] v) {
        if (v == null) {
            return "null";
        }
        double[] d = new double[Math.min(v.length, MAX_VALUES + 1)];
        for (int i = 0; i < d.length; i++) {
            d[i] = v[i];
        }
        String s = numbers(d);
        return v.length > MAX_VALUES ? s.substring(0, s.lastIndexOf('(')) + "(" + v.length + " values)" : s;
    }
}
