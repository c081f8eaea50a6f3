package rrl.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    @Test
    void redrawsInPlaceAndEndsComplete() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (ProgressBar bar = new ProgressBar("work", 1000, out, 60_000)) {
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
}
