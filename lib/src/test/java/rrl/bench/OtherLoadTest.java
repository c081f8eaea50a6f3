package rrl.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * {@link OtherLoad} counts another process's CPU time and not the benchmark's own: a shell spinning beside the test
 * shows as about a core, the same spin in a thread of this JVM, or in a process passed as one of ours, does not.
 */
class OtherLoadTest {
    @Test
    void procLinesAreReadField() {
        // cpu user nice system idle iowait irq softirq steal guest guest_nice
        assertEquals(1 + 2 + 3 + 6 + 7 + 8, OtherLoad.busyTicks("cpu  1 2 3 4 5 6 7 8 9 10"));
        // a command name with spaces and a parenthesis; utime 14 and stime 15 are the 12th and 13th after it
        String stat = "4242 (a (b) c) S 1 2 3 4 5 6 7 8 9 10 1400 1500 16 17 18 19 20 21";
        assertEquals(1400 + 1500, OtherLoad.processTicks(stat));
    }

    @Test
    void anotherProcessSpinningIsAboutOneCoreAndOurOwnIsNot() throws Exception {
        assertTrue(OtherLoad.busyTicks() > 0, "/proc/stat must be readable on Linux");

        Process spin = new ProcessBuilder("sh", "-c", "while :; do :; done").start();
        try {
            Thread.sleep(200); // the shell is running
            OtherLoad others = OtherLoad.start(List.of());
            Thread.sleep(1500);
            double seen = others.cores();
            assertTrue(seen > 0.6 && seen < 1.6, "a spinning shell is about one core of others, saw " + seen);

            OtherLoad ours = OtherLoad.start(List.of(spin.pid()));
            Thread.sleep(1500);
            double mine = ours.cores();
            assertTrue(mine < 0.4, "a process named as ours is not another's load, saw " + mine);
        } finally {
            spin.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }

        AtomicBoolean stop = new AtomicBoolean();
        Thread t = new Thread(() -> {
            long x = 0;
            while (!stop.get()) {
                x++;
            }
            if (x == 42) {
                System.out.print("");
            }
        });
        t.start();
        try {
            OtherLoad ours = OtherLoad.start(List.of());
            Thread.sleep(1500);
            double self = ours.cores();
            assertTrue(self < 0.4, "this JVM's own threads are not others' load, saw " + self);
        } finally {
            stop.set(true);
            t.join();
        }
    }
}
