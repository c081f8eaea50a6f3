package rrl.results;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The rrl version and git commit this library was built from, read from {@code rrl/build.properties}, which
 * Maven fills at build time (lib/pom.xml). A build outside a git checkout records the commit "unknown"; a build
 * from a checkout with uncommitted changes records the commit with "-dirty" appended.
 */
public final class BuildInfo {
    public static final String UNKNOWN = "unknown";

    private static final Properties PROPS = load();

    private BuildInfo() {}

    /** The Maven project version, e.g. "0.1.0-SNAPSHOT". */
    public static String version() {
        return value("version");
    }

    /** The full commit hash ("-dirty" if the working tree had changes), or "unknown". */
    public static String commit() {
        String c = value("commit");
        return !UNKNOWN.equals(c) && "true".equals(value("dirty")) ? c + "-dirty" : c;
    }

    private static String value(String key) {
        String v = PROPS.getProperty(key);
        // An unfiltered placeholder (${...}) means the build could not tell.
        return v == null || v.isBlank() || v.contains("${") ? UNKNOWN : v.strip();
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/rrl/build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // no build record: every field reads "unknown"
        }
        return p;
    }

    /** The CPU model as Linux names it in /proc/cpuinfo ("unknown" elsewhere): what a measurement ran on. */
    public static String cpuModel() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return UNKNOWN;
        }
        return UNKNOWN;
    }

    /** The 1-minute load average (another busy process slows a measurement); negative where the OS does not tell. */
    public static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
