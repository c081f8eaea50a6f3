package rrl.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rrl bench train --report FILE.json [--markdown]} renders a saved result (a fixture with two thread counts, a
 * reference missing on 2 threads, and a cell whose warm-up did not settle), and the command's options are checked
 * before any work: bad input is one line naming the option and the fix, exit 2.
 */
class TrainReportTest {
    static final Path FIXTURE = Path.of("src/test/resources/rrl/bench/train-result.json");

    @TempDir
    Path tmp;

    @Test
    void theMarkdownReportRendersTheSavedResult() {
        String expected = """
                *Test CPU, 2 cores, 512-bit Java vectors, OpenJDK 64-Bit Server VM 17.0.15, rrl 0.1.0 (commit abc); \
                PyTorch 2.15.0 (BLAS_INFO=mkl); JAX 0.10.2 (XLA:CPU, dots by YNNPACK); HalfCheetah sizes (obs 17, act 6), \
                two hidden layers of the width; 3 interleaved rounds of 1 s after warm-up (warm-up 2–10 rounds, cap 10, \
                1 not settled); load average 0.05 before, 1.50 after; other processes used at most 0.95 cores while a \
                cell was measured; OPENBLAS_CORETYPE=Haswell; 2026-11-30T05:00:00Z*

                **Updates/s, 1 thread (median [min–max]; ratios: median of per-round ratios, > 1 means rrl is faster)**

                | learner | batch | width | rrl | PyTorch | JAX | rrl / PyTorch | rrl / JAX |
                |---|---|---|---|---|---|---|---|
                | td3bc | 256 | 256 | 200 [190–210] | 160 [150–170] | 320 [310–330] | 1.25x | 0.63x |

                **Updates/s, 2 threads (median [min–max]; ratios: median of per-round ratios, > 1 means rrl is faster)**

                | learner | batch | width | rrl | PyTorch | JAX | rrl / PyTorch | rrl / JAX |
                |---|---|---|---|---|---|---|---|
                | td3bc | 256 | 256 | 300 [290–310] | 240 [230–250] | – | 1.25x | – |

                **Scaling, updates/s on 2 threads / on 1 thread (medians)**

                | learner | batch | width | rrl | PyTorch | JAX |
                |---|---|---|---|---|---|
                | td3bc | 256 | 256 | 1.50x | 1.50x | – |

                **TD3 actor forward pass, µs per call (median [min–max]; ratios < 1 mean rrl is faster)**

                | batch | width | threads | rrl | PyTorch | JAX | rrl / PyTorch | rrl / JAX |
                |---|---|---|---|---|---|---|---|
                | 1 | 256 | 1 | 5.50 [5.25–5.75] | 22.0 [21.0–23.0] | – | 0.25x | – |

                **Cells measured while other processes used the machine (their numbers understate it; re-run on a \
                quiet machine)**

                | cell | threads | other processes (cores) | attempts |
                |---|---|---|---|
                | td3bc batch 256 width 256 | 2 | 0.95 | 3 |
                """;
        assertEquals(expected, TrainReport.markdown(TrainReport.load(FIXTURE)));
    }

    static final Path SECOND = Path.of("src/test/resources/rrl/bench/train-result-2.json");

    @Test
    void twoResultsAreSetSideBySideCellByCell() {
        // Only the cell both measured is a row: the first's 2-thread cell and the second's SAC cell have no partner.
        // rrl's ranges [190, 210] and [212, 220] do not overlap; the PyTorch ratios' [1.235, 1.267] and [1.26, 1.33]
        // do; the JAX ratios' [0.613, 0.636] and [0.64, 0.70] do not.
        String expected = """
                *Run 1: rrl 0.1.0 (commit abc), 2026-11-30T05:00:00Z, other processes at most 0.95 cores. Run 2: rrl \
                0.1.0 (commit def), 2026-12-03T08:00:00Z, one core's peak 190 GFLOP/s, other processes at most 0.01 \
                cores. The [min–max] ranges of the two runs overlap in 0 of 1 cells for rrl's updates/s, 1 of 1 cells \
                for rrl / PyTorch and 0 of 1 cells for rrl / JAX.*

                **Run to run: the cells both results measured (median [min–max] of each run's rounds; ranges overlap: \
                rrl, rrl / PyTorch, rrl / JAX)**

                | learner | batch | width | threads | rrl, run 1 | rrl, run 2 | rrl / PyTorch, run 1 | rrl / PyTorch, run 2 \
                | rrl / JAX, run 1 | rrl / JAX, run 2 | ranges overlap |
                |---|---|---|---|---|---|---|---|---|---|---|
                | td3bc | 256 | 256 | 1 | 200 [190–210] | 215 [212–220] | 1.25x [1.24–1.27] | 1.30x [1.26–1.33] \
                | 0.63x [0.61–0.64] | 0.66x [0.64–0.70] | no, yes, no |
                """;
        assertEquals(expected, TrainReport.againstMarkdown(TrainReport.load(FIXTURE), TrainReport.load(SECOND)));
        Run r = rrl("bench", "train", "--report", FIXTURE.toString(), "--against", SECOND.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(TrainReport.againstText(TrainReport.load(FIXTURE), TrainReport.load(SECOND)), r.out());
        assertTrue(r.out().contains("td3bc    256    256    1        200 [190–210]  215 [212–220]"), r.out());
    }

    @Test
    void resultsWithNoCellInCommonAreRefused(@TempDir Path dir) throws Exception {
        Path sacOnly = Files.writeString(dir.resolve("sac.json"), Files.readString(SECOND)
                .replace("\"learner\": \"td3bc\"", "\"learner\": \"iql\""));
        Run r = rrl("bench", "train", "--report", FIXTURE.toString(), "--against", sacOnly.toString());
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("share no cell"), r.err());
    }

    @Test
    void theTextReportAlignsTheSameTables() {
        String text = TrainReport.text(TrainReport.load(FIXTURE));
        List<String> lines = text.lines().toList();
        int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("learner")).findFirst().orElseThrow());
        assertEquals(lines.get(header).length(), lines.get(header + 1).length(), "the rule is as wide as the header");
        assertEquals(lines.get(header).length(), lines.get(header + 2).length(), "rows are padded to the columns\n" + text);
        assertTrue(lines.get(header + 2).startsWith("td3bc    256    256  "), lines.get(header + 2));
    }

    @Test
    void loadRefusesWhatIsNotASavedResult() throws Exception {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> TrainReport.load(tmp.resolve("none.json")));
        assertTrue(missing.getMessage().contains("bin/rrl bench train --json"), missing.getMessage());
        Path broken = Files.writeString(tmp.resolve("broken.json"), "{\"benchmark\": ");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TrainReport.load(broken)).getMessage()
                .contains("truncated"));
        Path other = Files.writeString(tmp.resolve("other.json"), "{\"results\": []}");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TrainReport.load(other)).getMessage()
                .contains("is not a result of bin/rrl bench train --json"));
    }

    private record Run(int code, String out, String err) {}

    private static Run rrl(String... args) {
        StringWriter err = new StringWriter();
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            int code = rrl.cli.Main.execute(args, new PrintWriter(new StringWriter()), new PrintWriter(err));
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(saved);
        }
    }

    @Test
    void theCommandRendersASavedResult() {
        Run r = rrl("bench", "train", "--report", FIXTURE.toString(), "--markdown");
        assertEquals(0, r.code(), r.err());
        assertEquals(TrainReport.markdown(TrainReport.load(FIXTURE)), r.out());
    }

    @Test
    void badOptionsAreOneLineNamingTheFixAndExitTwo() {
        int cores = Runtime.getRuntime().availableProcessors();
        List<List<String>> cases = List.of(
                List.of("--learners", "td3", "--quick"), List.of("--batches", "0", "--quick"),
                List.of("--widths", "64,-1", "--quick"), List.of("--threads", Integer.toString(cores + 1), "--quick"),
                List.of("--seconds", "0", "--quick"), List.of("--repeats", "0"), List.of("--markdown"),
                List.of("--report", FIXTURE.toString(), "--quick"), List.of("--memory", "--quick"),
                List.of("--report", "no-such-result.json"), List.of("--against", FIXTURE.toString()),
                List.of("--report", FIXTURE.toString(), "--against", "no-such-result.json"));
        List<String> named = List.of("--learners", "--batches", "--widths", "--threads", "--seconds", "--repeats",
                "--report", "--report", "--memory", "no-such-result.json", "--report", "no-such-result.json");
        for (int i = 0; i < cases.size(); i++) {
            List<String> args = new java.util.ArrayList<>(List.of("bench", "train"));
            args.addAll(cases.get(i));
            Run r = rrl(args.toArray(String[]::new));
            String what = String.join(" ", args) + " -> exit " + r.code() + ": " + r.err();
            assertEquals(2, r.code(), what);
            assertEquals(1, r.err().lines().count(), what);
            assertTrue(r.err().startsWith("rrl: error: ") && r.err().contains(named.get(i)), what);
            assertEquals("", r.out(), "nothing measured: " + what);
        }
    }
}
