package rrl.data;

import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import rrl.env.Environments;
import rrl.env.Task;
import rrl.io.Messages;
import rrl.io.StrictJson;

/**
 * The JSON record beside a dataset file {@code <stem>.hdf5}: {@code <stem>.json}, written by {@code rrl datasets
 * generate}, {@code perturb} and {@code corrupt}. It names at least the environment ({@code "env"}), which is what
 * {@link #readFor} checks a dataset against: sizes alone cannot tell Walker2d data from HalfCheetah data (observation
 * 17, action 6 both), so without the record the wrong one would train silently. A D4RL download or a Minari dataset has
 * no record; then only the sizes are checked.
 */
public final class DatasetRecord {
    private static final String HDF5 = ".hdf5";

    private DatasetRecord() {}

    /**
     * Writes {@code data} to {@code file} and, beside it, the record of a dataset collected by
     * {@link DatasetCollector#sampled} from {@code policy} (its reference as given, e.g. "shipped:expert", and its
     * file's SHA-256) with {@code seed}: env, kind "collected", the policy, seed, size, how it was collected and the
     * content hash a study pins. Both files are written atomically, the record last.
     */
    public static void writeSampled(Path file, D4rlDataset data, String env, String policy, String policySha256, long seed) {
        java.util.Map<String, Object> record = new java.util.LinkedHashMap<>();
        record.put("env", env);
        record.put("kind", "collected");
        record.put("policy", policy);
        record.put("policySha256", policySha256);
        record.put("seed", seed);
        record.put("size", data.size());
        record.put("collection", "the policy's sampling actions, " + DatasetCollector.SAMPLED_ENVS + " simulators, seed "
                + seed + " (rrl.data.DatasetCollector.sampled)");
        record.put("sha256", data.sha256()); // the content hash a study pins
        rrl.io.AtomicFiles.write(file, data::write);
        rrl.io.AtomicFiles.writeString(file(file), new com.google.gson.GsonBuilder().setPrettyPrinting()
                .disableHtmlEscaping().create().toJson(record));
    }

    /**
     * The record beside {@code dataset}: {@code <stem>.json} for {@code <stem>.hdf5} (so {@code x.json.hdf5} has
     * {@code x.json.json}, never itself).
     *
     * @throws IllegalArgumentException one line, when the name does not end in {@code .hdf5} (such files have no record
     *     named by their stem)
     */
    public static Path file(Path dataset) {
        if (!hasRecordName(dataset)) {
            throw new IllegalArgumentException(dataset + " is not named <stem>.hdf5, so it has no record <stem>.json; "
                    + "give a file ending in .hdf5");
        }
        String name = dataset.getFileName().toString();
        return dataset.resolveSibling(name.substring(0, name.length() - HDF5.length()) + ".json");
    }

    /**
     * Refuses, before any work, a dataset output whose record {@code <stem>.json} could not be written or would replace
     * a file that is not a dataset record: the record's path is a folder, or a file without a record's "kind" (or
     * "corruption"), such as a plan or a run's config.json. A record of an earlier dataset at the same
     * name is replaced with the dataset.
     *
     * @param option the option that named {@code dataset}, for the message ("--out")
     * @throws IllegalArgumentException one line naming the file and the fix
     */
    public static void requireWritable(Path dataset, String option) {
        Path record = file(dataset);
        if (Files.isDirectory(record)) {
            throw new IllegalArgumentException(option + " " + dataset + ": its record would be " + record + ", which is a "
                    + "folder; give another " + option + " name");
        }
        if (Files.exists(record)) {
            boolean isRecord;
            try {
                JsonElement j = StrictJson.parse(Files.readString(record));
                // every rrl dataset record names its kind (or corruption); a plan or a run's config.json does not
                isRecord = j.isJsonObject() && (j.getAsJsonObject().has("kind") || j.getAsJsonObject().has("corruption"));
            } catch (IOException | RuntimeException e) {
                isRecord = false;
            }
            if (!isRecord) {
                throw new IllegalArgumentException(option + " " + dataset + " would replace " + record + ", which is not "
                        + "a dataset record (no \"kind\"); give another " + option + " name, or move that file");
            }
        }
    }

    /** The dataset a record {@code <stem>.json} sits beside: {@code <stem>.hdf5} (the inverse of {@link #file}). */
    public static Path dataset(Path record) {
        String name = record.getFileName().toString();
        String stem = name.endsWith(".json") ? name.substring(0, name.length() - ".json".length()) : name;
        return record.resolveSibling(stem + HDF5);
    }

    /**
     * The environment the record beside {@code dataset} names, as its canonical task name ({@code "walker2d"} gives
     * {@code "Walker2d"}); empty when there is no record (a D4RL download, a Minari id, a name not ending in .hdf5) or
     * it names none.
     *
     * @throws IllegalArgumentException one line, when the record exists but is not readable JSON (fix it or delete it)
     *     or names an unknown environment
     */
    public static Optional<String> env(Path dataset) {
        return env(dataset, null);
    }

    /**
     * As {@link #env(Path)}, with {@code what} (e.g. {@code "--dataset"}) naming the argument in the message.
     *
     * @param what the argument's name, or null to name only the file
     */
    public static Optional<String> env(Path dataset, String what) {
        if (!hasRecordName(dataset)) {
            return Optional.empty(); // a Minari id or another name: no record of ours beside it
        }
        Path record = file(dataset);
        if (!Files.isRegularFile(record)) {
            return Optional.empty();
        }
        JsonElement j;
        try {
            j = StrictJson.parse(Files.readString(record));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(named(what, dataset) + ": its record " + record + " cannot be read ("
                    + Messages.jsonSyntax(e) + "); fix it or delete it (the record only names the data's origin)");
        }
        return j.isJsonObject() && j.getAsJsonObject().get("env") instanceof JsonPrimitive p
                ? Optional.of(Environments.task(p.getAsString()).name()) : Optional.empty();
    }

    /**
     * Reads the dataset at {@code file} for {@code task}: its observation and action sizes must be the task's, and when
     * it has a record ({@link #file}) the environment named there must be the task. The record is what tells apart
     * environments of the same sizes (Walker2d and HalfCheetah: 17 and 6).
     *
     * @param what the argument that gave the file (e.g. {@code "--dataset"}), named in the messages
     * @throws IllegalArgumentException one line naming the fix: other sizes (give a dataset of the task), a record
     *     naming another environment (give that environment or another dataset), or a record that cannot be read (fix
     *     or delete it)
     */
    public static D4rlDataset readFor(Path file, Task task, String what) {
        D4rlDataset data = D4rlDataset.read(file);
        if (data.obsDim() != task.observationDim() || data.actDim() != task.actionDim()) {
            throw new IllegalArgumentException(what + " " + file + " holds " + data.obsDim() + "-dimensional observations "
                    + "and " + data.actDim() + "-dimensional actions, " + task.name() + " has " + task.observationDim()
                    + " and " + task.actionDim() + "; give a " + task.name() + " dataset");
        }
        Optional<String> env = env(file, what);
        if (env.isPresent() && !env.get().equals(task.name())) {
            throw new IllegalArgumentException(what + " " + file + " is " + env.get() + " data (its record "
                    + file(file).getFileName() + " says so), not " + task.name() + "; give --env " + env.get() + " or a "
                    + task.name() + " dataset");
        }
        return data;
    }

    private static boolean hasRecordName(Path dataset) {
        Path name = dataset == null ? null : dataset.getFileName();
        return name != null && name.toString().endsWith(HDF5) && !name.toString().equals(HDF5);
    }

    private static String named(String what, Path dataset) {
        return what == null ? dataset.toString() : what + " " + dataset;
    }
}
