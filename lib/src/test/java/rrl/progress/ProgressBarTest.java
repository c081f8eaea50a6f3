package rrl.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    private static PrintStream capture(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    @Test
    void redrawsInPlaceAndEndsComplete() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ProgressBar bar = new ProgressBar("work", 1000, capture(bytes), 60_000)) {
            for (int i = 0; i < 1000; i++) {
                bar.step(1);
            }
        }
        String s = bytes.toString(StandardCharsets.UTF_8);
        // throttled: the initial draw and the one at completion, not 1000 redraws
        assertEquals(2, s.chars().filter(c -> c == '\r').count(), s);
        assertTrue(s.contains("[##############################] 1000/1000"), s);
        assertTrue(s.endsWith(System.lineSeparator()));
    }

    /** A shorter redraw clears the rest of the longer one: "mean 563" over "mean 563162" must not read "mean 563162". */
    @Test
    void redrawClearsWhatItOverwrites() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ProgressBar bar = new ProgressBar("Hopper DE attack", "generations", 4, capture(bytes), 0,
                ProgressBar.Mode.REDRAW)) {
            bar.status("mean 563162");
            bar.step(1);
            bar.status("mean 563");
            bar.step(1);
        }
        String[] draws = bytes.toString(StandardCharsets.UTF_8).split("\r");
        String longer = draws[2];
        String shorter = draws[3];
        assertTrue(longer.stripTrailing().endsWith("mean 563162"), longer);
        assertTrue(shorter.stripTrailing().endsWith("mean 563"), shorter);
        assertTrue(shorter.length() >= longer.length(), "padded over the longer line: '" + shorter + "'");
        assertTrue(shorter.contains("1/4 generations") || shorter.contains("2/4 generations"), shorter);
    }

    /** Not a terminal (a log file, a pipe): no carriage returns, no redraws, one line when the bar ends. */
    @Test
    void nonTerminalWritesOneFinalLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ProgressBar bar = new ProgressBar("train", 60_000, capture(bytes), 0, ProgressBar.Mode.LINE)) {
            for (int i = 0; i < 60_000; i++) {
                bar.step(1);
                if (i == 100) {
                    assertEquals(0, bytes.size(), "nothing while running");
                }
            }
            bar.status("return 3284.1");
        }
        String s = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(1, s.lines().count(), s);
        assertFalse(s.contains("\r"), s);
        assertTrue(s.startsWith("train [##############################] 60000/60000 ") && s.endsWith(
                "return 3284.1" + System.lineSeparator()), s);
    }

    @Test
    void interruptedRunSaysWhereItStopped() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ProgressBar bar = new ProgressBar("eval", 60, capture(bytes), 0, ProgressBar.Mode.LINE)) {
            bar.step(30);
        }
        assertTrue(bytes.toString(StandardCharsets.UTF_8).startsWith("eval [###############...............] 30/60"));
    }

    /**
     * Under the test runner there is neither a console nor a notebook kernel: the default bar writes its one
     * line to stderr and nothing to stdout (where tables and results go).
     */
    @Test
    void defaultBarOutsideATerminalWritesOneLineToStderrOnly() {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(capture(o));
            System.setErr(capture(e));
            try (ProgressBar bar = new ProgressBar("collect", 500)) {
                assertEquals(ProgressBar.Mode.LINE, bar.mode());
                for (int i = 0; i < 500; i++) {
                    bar.step(1);
                }
            }
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        assertEquals("", o.toString(StandardCharsets.UTF_8));
        String s = e.toString(StandardCharsets.UTF_8);
        assertEquals(1, s.lines().count(), s);
        assertTrue(s.startsWith("collect [##############################] 500/500"), s);
    }

    @Test
    void overrideAndNotebookFallback() {
        String before = System.getProperty("rrl.progress");
        try {
            System.setProperty("rrl.progress", "off");
            assertEquals(ProgressBar.Mode.OFF, ProgressBar.Mode.detect());
            System.setProperty("rrl.progress", "redraw");
            assertEquals(ProgressBar.Mode.REDRAW, ProgressBar.Mode.detect());
            System.setProperty("rrl.progress", "sometimes");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, ProgressBar.Mode::detect);
            assertTrue(e.getMessage().contains("use redraw, line, notebook or off"), e.getMessage());
        } finally {
            if (before == null) {
                System.clearProperty("rrl.progress");
            } else {
                System.setProperty("rrl.progress", before);
            }
        }
        // asked for a notebook bar without a kernel: it becomes a final line
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ProgressBar bar = new ProgressBar("x", 2, capture(bytes), 0, ProgressBar.Mode.NOTEBOOK)) {
            assertEquals(ProgressBar.Mode.LINE, bar.mode());
            bar.step(2);
        }
        assertEquals(1, bytes.toString(StandardCharsets.UTF_8).lines().count());
    }
}
