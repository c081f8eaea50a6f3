package rrl.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * {@link OtherLoad} counts another process's CPU time as others' and the benchmark's own (this JVM, the processes
 * named as ours) as ours, checked so that other load on the machine cannot make the tests fail.
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

    /**
     * Whatever else runs on the machine can only add to what others use, so the checks hold under load: a spinning
     * shell not named as ours shows at least the CPU it actually got, and naming it as ours moves exactly its ticks
     * from others' side to ours.
     */
    @Test
    void anotherProcessCountsAsOthersUnlessNamedAsOurs() throws Exception {
        assertTrue(OtherLoad.busyTicks() > 0, "/proc/stat must be readable on Linux");
        Process spin = new ProcessBuilder("sh", "-c", "while :; do :; done").start();
        try {
            Thread.sleep(200); // the shell is running
            long spinStart = OtherLoad.processTicks(spin.pid());
            long t0 = System.nanoTime();
            OtherLoad others = OtherLoad.start(List.of());
            Thread.sleep(1500);
            double seen = others.cores();
            double got = (OtherLoad.processTicks(spin.pid()) - spinStart) / 100.0 / ((System.nanoTime() - t0) / 1e9);
            assertTrue(got > 0.1, "the shell ran: " + got + " cores");
            assertTrue(seen >= got - 0.1, "others include the shell's " + got + " cores, saw " + seen);

            long withSpin = OtherLoad.ownTicks(List.of(spin.pid()));
            long without = OtherLoad.ownTicks(List.of());
            long spinTicks = OtherLoad.processTicks(spin.pid());
            assertTrue(Math.abs((withSpin - without) - spinTicks) <= 3,
                    "naming the shell as ours adds its ticks: " + (withSpin - without) + " vs " + spinTicks);
        } finally {
            spin.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void thisJvmsThreadsAreOurs() throws Exception {
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
        long before = OtherLoad.ownTicks(List.of());
        long self0 = OtherLoad.processTicks(ProcessHandle.current().pid());
        t.start();
        try {
            Thread.sleep(1000);
        } finally {
            stop.set(true);
            t.join();
        }
        long grew = OtherLoad.ownTicks(List.of()) - before;
        long selfGrew = OtherLoad.processTicks(ProcessHandle.current().pid()) - self0;
        assertTrue(selfGrew >= 10, "a spinning thread of this JVM ran: " + selfGrew + " ticks");
        assertTrue(grew >= selfGrew - 3, "our ticks include this JVM's threads: " + grew + " vs " + selfGrew);
    }
}
