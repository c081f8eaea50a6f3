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
 * RunFolder run = Workspace.folder("robustness-hopper", evalEpisodes, seed);   // results/robustness-hopper-1a2b3c4d
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

    /**
     * The results folder of a notebook run at these parameters: {@code <results root>/}{@link #folderName}. Its run
     * folders refuse a run with other settings (no result is overwritten), so a notebook that kept one folder per
     * name refused to run again at another budget (the paper's after the CI's); now other parameters get a folder
     * of their own, and the same parameters find the same folder, where a re-run resumes or reads what is there.
     *
     * @param parameters what changes the notebook's results (budgets, seeds, data, env), not how it runs (threads,
     *     display sizes); numbers, strings, booleans, lists of them, or null; at least one
     * @throws IllegalArgumentException when none is given or one is an array (its string form is not its content)
     */
    public static RunFolder folder(String name, Object... parameters) {
        return RunFolder.at(resultsRoot().resolve(folderName(name, parameters)), host());
    }

    /**
     * {@code <name>-<8 hex digits>}: the first 32 bits of SHA-256 over the parameters' string forms, one per line, in
     * order (about a 1 in 100,000 chance that two of 300 parameter sets share a folder; their run folders would
     * then still refuse each other, nothing is overwritten).
     */
    public static String folderName(String name, Object... parameters) {
        if (parameters == null || parameters.length == 0) {
            throw new IllegalArgumentException("a notebook folder by parameters needs at least one parameter; "
                    + "use folder(name) for a fixed folder");
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < parameters.length; i++) {
            if (parameters[i] != null && parameters[i].getClass().isArray()) {
                throw new IllegalArgumentException("parameter " + (i + 1) + " of folder '" + name
                        + "' is an array; pass a List (an array's string form is not its content)");
            }
            text.append(parameters[i]).append('\n');
        }
        String hex = rrl.io.Sha256.hex(text.toString());
        return name + "-" + hex.substring(0, 8);
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
