package rrl.bench;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The single-thread FP32 peak this JVM reaches on this core: independent fused multiply-adds on registers only, at
 * the vector width rrl's kernel uses. It is the denominator of "GFLOP/s reached against the core's peak" in
 * {@code rrl bench train}. It is measured rather than computed from a clock and a datasheet because a VM's vCPU has
 * no readable clock or counters here ({@code perf stat} reports cycles as not supported) and the Vector API's code
 * is what rrl's kernel runs.
 */
public final class FmaPeak {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Independent accumulators: more than FMA latency (4 cycles) x FMA pipes (2), so the loop is throughput-bound. */
    private static final int CHAINS = 16;
    private static final int INNER = 1_000;

    private FmaPeak() {}

    /**
     * GFLOP/s (2 flops per multiply-add) of the best of {@code rounds} rounds of about {@code seconds} each, on the
     * calling thread; NaN if the sums came out NaN (they cannot, by construction: the check keeps them in use).
     *
     * @throws IllegalArgumentException if {@code seconds} is not in (0, 60] or {@code rounds} < 1
     */
    public static double gflops(double seconds, int rounds) {
        if (!(seconds > 0 && seconds <= 60) || rounds < 1) {
            throw new IllegalArgumentException("need seconds in (0, 60] and rounds >= 1, got " + seconds + ", " + rounds);
        }
        double best = 0;
        float sink = 0;
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            long end = t0 + (long) (seconds * 1e9);
            long blocks = 0;
            long now;
            do {
                sink += block();
                blocks++;
                now = System.nanoTime();
            } while (now < end);
            double flops = 2.0 * blocks * INNER * CHAINS * S.length();
            best = Math.max(best, flops / ((now - t0) / 1e9) / 1e9);
        }
        // the sums are used, so the loop cannot be removed; they converge to 1 (x -> 0.9999999 x + 1e-7), never
        // denormal or infinite
        return Float.isNaN(sink) ? Double.NaN : best;
    }

    private static float block() {
        FloatVector m = FloatVector.broadcast(S, 0.9999999f);
        FloatVector c = FloatVector.broadcast(S, 1e-7f);
        FloatVector a0 = FloatVector.broadcast(S, 0.5f);
        FloatVector a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        FloatVector a8 = a0, a9 = a0, a10 = a0, a11 = a0, a12 = a0, a13 = a0, a14 = a0, a15 = a0;
        for (int i = 0; i < INNER; i++) {
            a0 = a0.fma(m, c);
            a1 = a1.fma(m, c);
            a2 = a2.fma(m, c);
            a3 = a3.fma(m, c);
            a4 = a4.fma(m, c);
            a5 = a5.fma(m, c);
            a6 = a6.fma(m, c);
            a7 = a7.fma(m, c);
            a8 = a8.fma(m, c);
            a9 = a9.fma(m, c);
            a10 = a10.fma(m, c);
            a11 = a11.fma(m, c);
            a12 = a12.fma(m, c);
            a13 = a13.fma(m, c);
            a14 = a14.fma(m, c);
            a15 = a15.fma(m, c);
        }
        FloatVector s = a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .add(a12).add(a13).add(a14).add(a15);
        return s.reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }
}
