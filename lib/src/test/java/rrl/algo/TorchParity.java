package rrl.algo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;

/** What the PyTorch parity tests share: the largest difference between the reference's weights and ours. */
final class TorchParity {
    private TorchParity() {}

    /**
     * The largest absolute difference between PyTorch's parameters {@code want} and ours {@code got} (same order), after
     * asserting the counts match and the difference is below {@code tolerance} (the message names the index).
     */
    static double maxError(String what, JsonArray want, float[] got, double tolerance) {
        assertEquals(want.size(), got.length, what + ": parameter count");
        double worst = 0;
        int at = -1;
        for (int i = 0; i < got.length; i++) {
            double d = Math.abs(want.get(i).getAsDouble() - got[i]);
            if (d > worst) {
                worst = d;
                at = i;
            }
        }
        assertTrue(worst < tolerance, what + ": max |difference| " + worst + " at " + at);
        return worst;
    }
}
