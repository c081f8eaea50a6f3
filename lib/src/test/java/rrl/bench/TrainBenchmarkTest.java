package rrl.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The harness of {@code rrl bench train}: the quick matrix on rrl alone (what CI runs: no reference venv there),
 * the configuration's checks, the venv location rule, and, where the reference venv exists, a short run of
 * PyTorch and JAX through their servers.
 */
class TrainBenchmarkTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void theQuickMatrixMeasuresRrlAloneWithTheMachineItRanOn() {
        TrainBenchmark.Config c = TrainBenchmark.Config.quick().withReferences(false);
        List<String> progress = new ArrayList<>();
        long t0 = System.nanoTime();
        TrainBenchmark.Report r = TrainBenchmark.run(c, ROOT, progress::add);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(seconds < 60, "the quick matrix must stay well under a minute, took " + seconds + " s");

        assertEquals(List.of("td3bc", "sac", "iql", "riql", "bcq", "ppo"),
                r.cells().stream().map(TrainBenchmark.Cell::learner).toList());
        for (TrainBenchmark.Cell cell : r.cells()) {
            assertEquals(64, cell.batch());
            assertEquals(64, cell.width());
            assertEquals(1, cell.threads());
            checkStats(cell.rrl(), c);
            assertNull(cell.torch(), "no reference was asked for");
            assertNull(cell.jax());
            assertNull(cell.rrlOverTorch());
            assertTrue(cell.busy().attempts() == 1 && cell.busy().otherCores() >= 0,
                    "what else ran is recorded, and the smoke run does not wait for a quiet machine: " + cell.busy());
        }
        assertEquals(2, r.latency().size(), "latency at batch 1 and 256");
        for (TrainBenchmark.Latency l : r.latency()) {
            checkStats(l.rrl(), c);
        }
        assertEquals(9, progress.size(), "the core's peak, then one progress line per cell: " + progress);
        assertTrue(progress.get(0).startsWith("one core's FP32 peak"), progress.get(0));
        for (TrainBenchmark.Cell cell : r.cells()) {
            assertTrue(cell.multiplyAddsPerUpdate() > 0 && cell.rrlGflops() > 0, "the kernel's work is counted: " + cell);
        }
        assertTrue(r.machine().peakGflops() > 0, "the core's peak is measured");
        assertTrue(TrainReport.markdown(r).contains("rrl's counted work, 1 thread"), "the work table is rendered");
        assertThrows(IllegalStateException.class, () -> rrl.nn.Gemm.countMultiplyAdds(
                () -> rrl.nn.Gemm.countMultiplyAdds(() -> { })), "counts do not nest");
        assertTrue(progress.stream().noneMatch(s -> s.contains("\n")));

        TrainBenchmark.Machine m = r.machine();
        assertTrue(!m.cpu().isBlank() && m.cores() >= 1, m.toString());
        assertTrue(m.vectorBits() >= 64 && Integer.bitCount(m.vectorBits()) == 1, "vector width " + m.vectorBits());
        assertTrue(m.jvm().contains("17") || m.jvm().contains(String.valueOf(Runtime.version().feature())), m.jvm());
        assertTrue(Double.isFinite(m.loadAverageBefore()) && Double.isFinite(m.loadAverageAfter()));
        assertTrue(m.date().matches("\\d{4}-\\d\\d-\\d\\dT.*"), m.date());
        assertTrue(m.references().isEmpty());
        assertNotNull(m.environment());

        // what --json writes, --report reads back to the same tables
        TrainBenchmark.Report back = TrainReport.load(writeTemp(TrainReport.json(r)));
        assertEquals(TrainReport.markdown(r), TrainReport.markdown(back));
        assertTrue(TrainReport.text(r).contains("td3bc"), TrainReport.text(r));
    }

    private static void checkStats(TrainBenchmark.Stats s, TrainBenchmark.Config c) {
        assertNotNull(s);
        assertEquals(c.repeats(), s.rounds().length);
        for (double v : s.rounds()) {
            assertTrue(v > 0 && Double.isFinite(v), "a round's number: " + v);
        }
        assertTrue(s.min() <= s.median() && s.median() <= s.max());
        assertTrue(s.warmupRounds() >= 2 && s.warmupRounds() <= c.maxWarmupRounds(), "warm-up rounds " + s.warmupRounds());
    }

    private static Path writeTemp(String text) {
        try {
            Path f = java.nio.file.Files.createTempFile("bench-train", ".json");
            f.toFile().deleteOnExit();
            return java.nio.file.Files.writeString(f, text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void warmUpStopsWhenTwoRoundsAgreeAndSaysWhenItRanOut() {
        double[] settling = {50, 80, 98, 100, 101, 100};
        int[] i = {0};
        assertEquals(4, TrainBenchmark.warmUp(s -> settling[i[0]++], 1, 10), "98 and 100 agree within 3%");
        int[] k = {0};
        assertEquals(-4, TrainBenchmark.warmUp(s -> 10.0 * ++k[0], 1, 4), "never agrees: the cap, negated");
    }

    @Test
    void ratiosAreMediansOfPerRoundRatios() {
        TrainBenchmark.Stats rrl = TrainBenchmark.Stats.of(new double[] {100, 200, 300}, 2, true);
        TrainBenchmark.Stats ref = TrainBenchmark.Stats.of(new double[] {50, 400, 100}, 2, true);
        TrainBenchmark.Ratio r = TrainBenchmark.Ratio.of(rrl, ref);
        assertEquals(2.0, r.median(), 1e-12); // {2, 0.5, 3}
        assertEquals(0.5, r.min(), 1e-12);
        assertEquals(3.0, r.max(), 1e-12);
        assertEquals(200, rrl.median());
        assertEquals(2.5, TrainBenchmark.median(new double[] {1, 2, 3, 4}), "even count: mean of the middle two");
        assertNull(TrainBenchmark.Ratio.of(rrl, null));
    }

    @Test
    void theConfigurationRefusesWhatCannotBeMeasured() {
        TrainBenchmark.Config d = TrainBenchmark.Config.defaults();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> d.withMatrix(List.of("td3"), d.batches(), d.widths(), d.threads()));
        assertTrue(e.getMessage().contains("unknown learner 'td3'") && e.getMessage().contains("td3bc"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> d.withMatrix(d.learners(), new int[] {0}, d.widths(), d.threads()));
        assertThrows(IllegalArgumentException.class, () -> d.withMatrix(d.learners(), d.batches(), new int[] {}, d.threads()));
        assertThrows(IllegalArgumentException.class, () -> d.withRounds(0, 5));
        assertThrows(IllegalArgumentException.class, () -> d.withRounds(1, 0));
        IllegalArgumentException bcq = assertThrows(IllegalArgumentException.class,
                () -> d.withMatrix(List.of("bcq"), new int[] {1024}, new int[] {1024}, d.threads()));
        assertEquals("bcq is measured up to batch x width 65536 (100 sampled actions per next state); give a smaller "
                + "--batches or --widths", bcq.getMessage());
        assertEquals(54, d.learners().size() * d.batches().length * d.widths().length, "the full 6 x 3 x 3 matrix");
    }

    @Test
    void theReferenceVenvLivesOutsideTheCheckout() {
        assertEquals(Path.of("/x/venv"), ReferenceProcess.venv(Map.of("RRL_BENCH_VENV", "/x/venv", "HOME", "/h")));
        assertEquals(Path.of("/c/rrl/bench-venv"), ReferenceProcess.venv(Map.of("XDG_CACHE_HOME", "/c", "HOME", "/h")));
        assertEquals(Path.of("/h/.cache/rrl/bench-venv"), ReferenceProcess.venv(Map.of("HOME", "/h")));
        assertEquals(Map.of("OPENBLAS_CORETYPE", "Haswell", "MKL_ENABLE_INSTRUCTIONS", "AVX2"),
                TrainBenchmark.environment(Map.of("OPENBLAS_CORETYPE", "Haswell", "MKL_ENABLE_INSTRUCTIONS", "AVX2",
                        "PATH", "/bin", "HOME", "/h")));
    }

    /**
     * PyTorch and JAX through their servers, briefly (rounds of 0.1 s, one measured, warm-up capped at the 2 rounds
     * the configuration allows at least: what a warm-up settles is the quick matrix's test above, not this one's);
     * needs the reference venv (environment/test.sh creates it).
     */
    @Test
    void theReferencesMeasureTheSameNetworksNextToRrl() {
        ReferenceVenvs.require("PyTorch and JAX in the train benchmark");
        TrainBenchmark.Config q = TrainBenchmark.Config.quick().withRounds(0.1, 1).withLatencyBatches(1);
        TrainBenchmark.Config c = new TrainBenchmark.Config(q.learners(), q.batches(), q.widths(), q.threads(), q.seconds(),
                q.repeats(), 2, q.references(), q.createVenv(), q.latencyBatches(), q.latencyWidth(), q.obsDim(), q.actDim(),
                q.seed(), q.busyAttempts());
        TrainBenchmark.Report r = TrainBenchmark.run(c, ROOT, line -> { });
        assertEquals(List.of("torch", "jax"), r.machine().references().stream()
                .map(TrainBenchmark.Reference::implementation).toList());
        for (TrainBenchmark.Reference ref : r.machine().references()) {
            assertTrue(!ref.version().isBlank() && !ref.blas().isBlank(), ref.toString());
        }
        for (TrainBenchmark.Cell cell : r.cells()) {
            assertTrue(cell.torch().median() > 0 && cell.jax().median() > 0, cell.toString());
            assertTrue(cell.rrlOverTorch().median() > 0 && Double.isFinite(cell.rrlOverJax().median()));
        }
        assertTrue(r.latency().get(0).torch().median() > 0 && r.latency().get(0).jax().median() > 0);
    }
}
