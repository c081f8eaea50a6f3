package rrl.notebook;

import java.nio.file.Files;
import java.nio.file.Path;
import rrl.mujoco.NativeMuJoCo;
import rrl.results.Provenance;
import rrl.results.Resources;
import rrl.results.RunFolder;

/**
 * The top floor's view of where things live: the only place that reads the launch environment
 * ({@code -Drrl.project.dir} from bin/rrl, {@code $RRL_PROJECT} from the notebook kernel,
 * {@code $RRL_RESULTS_DIR}). The library below takes folders and thread budgets as arguments
 * ({@link Resources}); notebooks and the CLI build them here.
 *
 * <pre>{@code
 * RunFolder out = Workspace.folder("quickstart");     // results/quickstart, config.json with versions
 * Resources res = Workspace.resources();              // all cores, results root
 * }</pre>
 */
public final class Workspace {
    private Workspace() {}

    /**
     * The project root: {@code -Drrl.project.dir} (set by bin/rrl), {@code $RRL_PROJECT} (set by the notebook
     * kernel), else the nearest ancestor of the working directory holding {@code lib/pom.xml}, else the
     * working directory.
     */
    public static Path projectRoot() {
        String prop = System.getProperty("rrl.project.dir", System.getenv("RRL_PROJECT"));
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        Path p = Path.of("").toAbsolutePath();
        for (Path q = p; q != null; q = q.getParent()) {
            if (Files.isRegularFile(q.resolve("lib/pom.xml"))) {
                return q;
            }
        }
        return p;
    }

    /** {@code $RRL_RESULTS_DIR}, or {@code <project>/results}. */
    public static Path resultsRoot() {
        String env = System.getenv("RRL_RESULTS_DIR");
        return (env != null && !env.isBlank() ? Path.of(env) : projectRoot().resolve("results")).toAbsolutePath().normalize();
    }

    /** The results folder {@code <results root>/<name>}, whose config.json records the machine, build and MuJoCo. */
    public static RunFolder folder(String name) {
        return RunFolder.at(resultsRoot().resolve(name), host());
    }

    /** Every core, results under {@link #resultsRoot()}. */
    public static Resources resources() {
        return Resources.allCores(resultsRoot());
    }

    /** This machine and build with the MuJoCo version ("unknown" if MuJoCo cannot be loaded). */
    public static Provenance.Host host() {
        String mujoco;
        try {
            mujoco = NativeMuJoCo.version();
        } catch (RuntimeException | LinkageError e) {
            mujoco = "unknown";
        }
        return Provenance.Host.current(mujoco);
    }
}
