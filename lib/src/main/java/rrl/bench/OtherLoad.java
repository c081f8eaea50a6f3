package rrl.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How many cores processes other than the benchmark's own used while a cell was measured: the machine's busy
 * CPU time ({@code /proc/stat}, including the time a hypervisor gave our vCPUs to someone else, "steal") minus
 * the CPU time of this JVM and of the reference processes ({@code /proc/PID/stat}), over the wall time.
 *
 * <p>Why: on a 2-core machine one busy process halves a 2-thread number and makes an OpenMP barrier (PyTorch's)
 * wait a whole time slice per layer; a load average cannot tell which cell it hit. 0 on a quiet machine, about
 * 1.0 when another process keeps one core busy; {@code NaN} where {@code /proc} is not readable (not Linux).
 * Linux counts CPU time in USER_HZ ticks, 100 per second on every architecture it supports
 * ({@code man 5 proc}), so the resolution is 10 ms per process: a cell of several seconds resolves about 0.01 core.
 */
final class OtherLoad {
    private static final double TICKS_PER_SECOND = 100;

    private final List<Long> pids;
    private final long startNanos;
    private final long startBusy;
    private final long startOwn;

    private OtherLoad(List<Long> pids) {
        this.pids = List.copyOf(pids);
        this.startNanos = System.nanoTime();
        this.startBusy = busyTicks();
        this.startOwn = ownTicks(this.pids);
    }

    /** Starts counting; {@code pids} are the benchmark's own processes besides this JVM (the references). */
    static OtherLoad start(List<Long> pids) {
        return new OtherLoad(pids);
    }

    /** Cores others used on average since {@link #start}, at least 0; NaN when {@code /proc} was not readable. */
    double cores() {
        long busy = busyTicks();
        long own = ownTicks(pids);
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        if (busy < 0 || own < 0 || startBusy < 0 || startOwn < 0 || seconds <= 0) {
            return Double.NaN;
        }
        return Math.max(0, ((busy - startBusy) - (own - startOwn)) / TICKS_PER_SECOND / seconds);
    }

    /** user + nice + system + irq + softirq + steal of all CPUs (guest time is inside user already); -1 if unreadable. */
    static long busyTicks() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
                if (line.startsWith("cpu ")) {
                    return busyTicks(line);
                }
            }
            return -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The busy ticks of a {@code /proc/stat} "cpu" line. */
    static long busyTicks(String cpuLine) {
        String[] f = cpuLine.trim().split("\\s+");
        // cpu user nice system idle iowait irq softirq steal [guest guest_nice]
        long busy = 0;
        for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
            if (i < f.length) {
                busy += Long.parseLong(f[i]);
            }
        }
        return busy;
    }

    /** utime + stime of this JVM and of {@code pids} (a process that has exited counts as 0 from then on). */
    static long ownTicks(List<Long> pids) {
        long self = processTicks(ProcessHandle.current().pid());
        if (self < 0) {
            return -1;
        }
        long sum = self;
        for (long pid : pids) {
            sum += Math.max(0, processTicks(pid));
        }
        return sum;
    }

    /** utime + stime of one process; -1 if unreadable. */
    static long processTicks(long pid) {
        try {
            return processTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** utime + stime from a {@code /proc/PID/stat} line (fields 14 and 15; the command name may hold spaces). */
    static long processTicks(String statLine) {
        String[] f = statLine.substring(statLine.lastIndexOf(')') + 2).trim().split("\\s+");
        // f[0] is field 3 (state), so field n is f[n - 3]
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }
}
