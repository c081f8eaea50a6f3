package rrl.guard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Checks that a large request fits before it is allocated: one helper for every big allocation (a vector env's
 * simulators, a replay buffer, a dataset being read or collected). The caller estimates the bytes; the
 * request is refused with a {@link MemoryLimitException} naming the estimate, the limit and the fix when
 *
 * <ul>
 *   <li>an array would exceed Java's maximum length ({@link #MAX_ARRAY_LENGTH} elements);
 *   <li>the Java-heap part exceeds what the heap can still give (max heap minus what is in use after a GC);
 *   <li>the native part (MuJoCo's mjData, off-heap buffers) plus the heap growth it needs exceeds
 *       {@value #USABLE_PERCENT}% of the memory the machine has available: the smaller of /proc/meminfo's
 *       MemAvailable and the cgroup's limit minus its usage.
 * </ul>
 *
 * Where a limit cannot be read (another OS), that check is skipped.
 */
public final class MemoryBudget {
    /** The largest Java array HotSpot allocates. */
    public static final long MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;
    /** Share of the machine's available memory a single request may take. */
    public static final int USABLE_PERCENT = 90;

    private MemoryBudget() {}

    /**
     * What is asked for.
     *
     * @param what the request, e.g. "VectorEnv of 100000 Hopper environments"
     * @param heapBytes Java-heap bytes it will allocate
     * @param nativeBytes bytes outside the heap (MuJoCo, JavaCPP buffers)
     * @param detail how the estimate is made, e.g. "3.2 MB of MuJoCo mjData per environment" (or null)
     * @param fix what to do instead, e.g. "use fewer environments"
     * @param units how many like units the request holds (environments, transitions), so the refusal can say
     *     how many would fit; 0 if not countable
     */
    public record Request(String what, long heapBytes, long nativeBytes, String detail, String fix, long units) {
        public Request(String what, long heapBytes, long nativeBytes, String detail, String fix) {
            this(what, heapBytes, nativeBytes, detail, fix, 0);
        }
    }

    /**
     * Refuses requests that will be held at the same time if together they cannot fit: their heap parts and their
     * native parts are added up and checked as one request (heap first, before anything is allocated off-heap),
     * named after its parts, with the fix of the largest. One request is checked as it is.
     *
     * @throws MemoryLimitException naming the parts, the estimate and the limit
     */
    public static void requireAll(List<Request> parts) {
        if (parts.isEmpty()) {
            return;
        }
        if (parts.size() == 1) {
            require(parts.get(0));
            return;
        }
        long heap = 0;
        long nativeBytes = 0;
        Request largest = parts.get(0);
        StringBuilder what = new StringBuilder();
        for (Request r : parts) {
            heap += r.heapBytes();
            nativeBytes += r.nativeBytes();
            if (r.heapBytes() + r.nativeBytes() > largest.heapBytes() + largest.nativeBytes()) {
                largest = r;
            }
            what.append(what.length() == 0 ? "" : " + ").append(r.what()).append(" (")
                    .append(bytes(r.heapBytes() + r.nativeBytes())).append(")");
        }
        require(new Request(what.toString(), heap, nativeBytes, null, largest.fix(), 0));
    }

    /** Refuses {@code r} if it cannot fit (see the class comment); returns quietly otherwise. */
    public static void require(Request r) {
        long heapHeadroom = heapHeadroom();
        if (r.heapBytes() > heapHeadroom) {
            System.gc(); // what is in use may be garbage; ask once before refusing
            heapHeadroom = heapHeadroom();
        }
        if (r.heapBytes() > heapHeadroom) {
            Runtime rt = Runtime.getRuntime();
            throw refusal(r, r.heapBytes(), "of Java heap", heapHeadroom, "the JVM's max heap of "
                    + bytes(rt.maxMemory()) + " has " + bytes(heapHeadroom) + " free", "; or raise -Xmx "
                    + "(RRL_JAVA_OPTS for bin/rrl)");
        }
        long machine = machineAvailable();
        if (machine == Long.MAX_VALUE) {
            return;
        }
        // Heap the JVM has committed but not used costs no new physical memory; the rest does.
        long physical = r.nativeBytes() + Math.max(0, r.heapBytes() - Runtime.getRuntime().freeMemory());
        long usable = machine / 100 * USABLE_PERCENT;
        if (physical > usable) {
            String kind = r.heapBytes() == 0 ? "of native memory" : "of memory";
            throw refusal(r, physical, kind, usable, "this machine has " + bytes(machine) + " available ("
                    + USABLE_PERCENT + "% of it usable)", "");
        }
    }

    /** Refuses an array of {@code length} elements, which Java cannot allocate past {@link #MAX_ARRAY_LENGTH}. */
    public static void requireArrayLength(String what, long length, String fix) {
        if (length > MAX_ARRAY_LENGTH || length < 0) {
            throw new MemoryLimitException(what + " needs an array of " + length + " elements but Java arrays "
                    + "hold at most " + MAX_ARRAY_LENGTH + "; " + fix + ".", length, MAX_ARRAY_LENGTH);
        }
    }

    private static MemoryLimitException refusal(Request r, long need, String kind, long limit, String limitText,
                                                String extraFix) {
        String fit = "";
        if (r.units() > 0) {
            long fits = (long) ((double) limit / need * r.units());
            fit = " (about " + String.format(Locale.ROOT, "%,d", fits) + " fit)";
        }
        return new MemoryLimitException(r.what() + " needs about " + bytes(need) + " " + kind
                + (r.detail() == null ? "" : " (" + r.detail() + ")") + " but " + limitText + "; " + r.fix()
                + fit + extraFix + ".", need, limit);
    }

    /** Bytes the heap can still give: max heap minus what is in use. */
    public static long heapHeadroom() {
        Runtime rt = Runtime.getRuntime();
        return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    }

    /**
     * Bytes of physical memory available to this process: MemAvailable, capped by the cgroup's limit minus
     * its usage (v2 or v1); {@link Long#MAX_VALUE} when none can be read.
     */
    public static long machineAvailable() {
        long available = Long.MAX_VALUE;
        long meminfo = memAvailable(Path.of("/proc/meminfo"));
        if (meminfo >= 0) {
            available = meminfo;
        }
        for (List<Path> limitAndUsage : List.of(
                List.of(Path.of("/sys/fs/cgroup/memory.max"), Path.of("/sys/fs/cgroup/memory.current")),
                List.of(Path.of("/sys/fs/cgroup/memory/memory.limit_in_bytes"),
                        Path.of("/sys/fs/cgroup/memory/memory.usage_in_bytes")))) {
            long limit = number(limitAndUsage.get(0));
            long usage = number(limitAndUsage.get(1));
            if (limit > 0 && usage >= 0 && limit < (1L << 60)) {
                available = Math.min(available, Math.max(0, limit - usage));
            }
        }
        return available;
    }

    static long memAvailable(Path meminfo) {
        try {
            for (String line : Files.readAllLines(meminfo)) {
                if (line.startsWith("MemAvailable:")) {
                    String[] parts = line.substring("MemAvailable:".length()).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024L;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    private static long number(Path file) {
        try {
            String s = Files.readString(file).trim();
            return s.equals("max") ? -1 : Long.parseLong(s);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** "3.2 MB", "320.5 GB" (decimal units). */
    public static String bytes(long b) {
        if (b < 1000) {
            return b + " bytes";
        }
        String[] units = {"kB", "MB", "GB", "TB", "PB"};
        double v = b;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
