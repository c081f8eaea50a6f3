package rrl.experiment;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import rrl.results.RunId;

/**
 * One run of a sweep, as it is shipped to an executor: its id, kind and config JSON, the seeds it holds, and
 * its folder {@code root/name}. Everything a worker needs to run (or resume) it is in here; the folder is
 * addressed relative to the sweep's root, so a worker on another machine resolves it against its own mount.
 *
 * @param id kind + hash of the config: the same-run rule
 * @param kind the run kind's name (see {@link RunKinds})
 * @param name the folder, relative to {@code root}: a readable {@code <name>-s<seed>}, or {@code <kind>/<id>}
 * @param config the config record as JSON
 * @param seeds the seeds the config holds (recorded in provenance)
 * @param root the sweep's results root
 */
public record RunSpec(RunId id, String kind, String name, String config, List<Long> seeds, Path root) {
    private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().disableHtmlEscaping()
            .registerTypeHierarchyAdapter(Path.class, new TypeAdapter<Path>() {
                @Override
                public void write(JsonWriter out, Path value) throws IOException {
                    out.value(value == null ? null : value.toString());
                }

                @Override
                public Path read(JsonReader in) throws IOException {
                    return Path.of(in.nextString());
                }
            }.nullSafe()).create();

    public RunSpec {
        if (id == null || kind == null || !kind.equals(id.kind())) {
            throw new IllegalArgumentException("a run spec's kind must be its id's kind, got " + kind + " and " + id);
        }
        if (name == null || name.isBlank() || Path.of(name).isAbsolute() || Path.of(name).normalize().startsWith("..")) {
            throw new IllegalArgumentException("a run's folder name must be a relative path inside the sweep root, got " + name);
        }
        if (config == null || root == null) {
            throw new IllegalArgumentException("run " + id + " needs a config and a root folder");
        }
        seeds = seeds == null ? List.of() : List.copyOf(seeds);
        root = root.toAbsolutePath().normalize();
    }

    /**
     * The spec of a run of {@code kind} with {@code config} in {@code root/name}; a null {@code name} puts it in
     * {@code root/<kind>/<id>}.
     */
    public static <C> RunSpec of(Path root, String name, RunKind<C> kind, C config) {
        RunId id = RunId.of(kind.name(), config, kind.budgetFields(), kind.addedFields());
        return new RunSpec(id, kind.name(), name != null ? name : kind.name() + "/" + id.value(), GSON.toJson(config),
                kind.seeds(config), root);
    }

    /** The folder name as tables and progress lines show it: the study folder itself ({@code "."}) is its shared setup. */
    public String label() {
        return label(name);
    }

    /** {@code name}, or "(shared setup)" for the sweep's root folder {@code "."}. */
    public static String label(String name) {
        return name.equals(".") ? "(shared setup)" : name;
    }

    /** The run's folder. */
    public Path folder() {
        return root.resolve(name).normalize();
    }

    /** This spec as JSON: what a distributed executor ships. */
    public String toJson() {
        return GSON.toJson(this);
    }

    public static RunSpec fromJson(String json) {
        RunSpec s = GSON.fromJson(json, RunSpec.class);
        return new RunSpec(s.id(), s.kind(), s.name(), s.config(), s.seeds(), s.root());
    }

    @Override
    public String toString() {
        return name + " (" + id + ")";
    }
}
