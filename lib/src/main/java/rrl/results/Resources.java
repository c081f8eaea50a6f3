package rrl.results;

import java.nio.file.Path;

/**
 * What a run or a study may use, passed in explicitly rather than looked up inside the library: a thread budget
 * and the results root that relative output paths resolve against (and under which a sweep puts its run
 * folders). The top floor (the CLI, the notebook kernel) builds one from its command line or environment.
 *
 * @param threads threads a run may keep busy (>= 1)
 * @param root absolute results root
 */
public record Resources(int threads, Path root) {
    public Resources {
        if (threads < 1) {
            throw new IllegalArgumentException("a thread budget must be >= 1, got " + threads + "; pass --threads N with N >= 1");
        }
        if (root == null) {
            throw new IllegalArgumentException("resources need a results root folder");
        }
        root = root.toAbsolutePath().normalize();
    }

    /** Every core the JVM sees, results under {@code root}. */
    public static Resources allCores(Path root) {
        return new Resources(Runtime.getRuntime().availableProcessors(), root);
    }

    public Resources withThreads(int t) {
        return new Resources(t, root);
    }

    public Resources withRoot(Path r) {
        return new Resources(threads, r);
    }

    /** {@code path} if absolute, else resolved against the root. */
    public Path resolve(String path) {
        Path p = Path.of(path);
        return p.isAbsolute() ? p.normalize() : root.resolve(p).normalize();
    }
}
