package rrl.results;

import com.google.gson.JsonElement;
import rrl.io.StrictJson;
import java.time.Instant;
import java.util.List;
import jdk.incubator.vector.FloatVector;

/**
 * Where a result came from, written as {@code provenance.json} into every run folder (and embedded in its
 * {@code result.json}): enough to tell whether two results are comparable and to rerun one. The network
 * kernels pad every layer to the Vector API's species length, so float results can depend on the machine;
 * that length is recorded next to the JVM, OS and CPU architecture.
 *
 * @param runId the run's identity (kind + hash of its config): the same-run rule
 * @param name the run's folder name, for people (e.g. "adversarial-fixed-s0")
 * @param rrlVersion the library's version
 * @param gitCommit the commit the library was built from ("-dirty" with uncommitted changes; "unknown" outside git)
 * @param java {@code java.version}
 * @param javaVm {@code java.vm.name} and {@code java.vm.version}
 * @param os {@code os.name} and {@code os.version}
 * @param arch {@code os.arch}
 * @param vectorSpeciesLength {@code FloatVector.SPECIES_PREFERRED.length()}: float lanes per vector register
 * @param cores processors the JVM saw
 * @param threads the thread budget the run was given
 * @param mujoco the MuJoCo version (handed in: this floor does not know the simulator)
 * @param seeds every seed the run's config holds
 * @param created when this record was written (UTC, ISO-8601)
 * @param config the run's full config as JSON
 */
public record Provenance(RunId runId, String name, String rrlVersion, String gitCommit, String java, String javaVm,
                         String os, String arch, int vectorSpeciesLength, int cores, int threads, String mujoco,
                         List<Long> seeds, String created, JsonElement config) {
    public Provenance {
        if (runId == null || config == null) {
            throw new IllegalArgumentException("provenance needs a run id and a config");
        }
        seeds = seeds == null ? List.of() : List.copyOf(seeds);
    }

    /** The machine and build a result comes from; the part of provenance that is not about the run. */
    public record Host(String rrlVersion, String gitCommit, String java, String javaVm, String os, String arch,
                       int vectorSpeciesLength, int cores, String mujoco) {
        /** This JVM and build, with the MuJoCo version handed in by a caller that knows the simulator. */
        public static Host current(String mujocoVersion) {
            return new Host(BuildInfo.version(), BuildInfo.commit(), System.getProperty("java.version"),
                    System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"),
                    System.getProperty("os.name") + " " + System.getProperty("os.version"), System.getProperty("os.arch"),
                    FloatVector.SPECIES_PREFERRED.length(), Runtime.getRuntime().availableProcessors(),
                    mujocoVersion == null || mujocoVersion.isBlank() ? BuildInfo.UNKNOWN : mujocoVersion);
        }
    }

    /** Provenance of run {@code runId} on {@code host}, written now. */
    public static Provenance of(Host host, RunId runId, String name, int threads, List<Long> seeds, String configJson) {
        JsonElement config;
        try {
            config = StrictJson.parse(configJson);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("run " + runId + ": its config is not JSON (" + e.getMessage() + ")");
        }
        return new Provenance(runId, name, host.rrlVersion(), host.gitCommit(), host.java(), host.javaVm(), host.os(),
                host.arch(), host.vectorSpeciesLength(), host.cores(), threads, host.mujoco(), seeds,
                Instant.now().toString(), config);
    }

    /** The machine part. */
    public Host host() {
        return new Host(rrlVersion, gitCommit, java, javaVm, os, arch, vectorSpeciesLength, cores, mujoco);
    }
}
