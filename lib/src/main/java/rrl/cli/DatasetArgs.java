package rrl.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import rrl.attack.ActionPerturbedDataset;
import rrl.data.D4rlDataset;
import rrl.env.Task;

/**
 * A {@code --dataset} argument read for a command that also names the environment: the file's sizes must be the
 * environment's, and when the file has a record beside it ({@code <stem>.json}, written by `rrl datasets generate`,
 * `perturb` and `corrupt`) the environment it names must be the one given. Sizes alone cannot tell Walker2d data from
 * HalfCheetah data (observation 17, action 6 both), so without this check the wrong one trained silently.
 */
final class DatasetArgs {
    private DatasetArgs() {}

    /**
     * The dataset at {@code file}, checked against {@code task}.
     *
     * @throws IllegalArgumentException one line: other sizes, a record naming another environment, or a record that
     *     cannot be read (with the fix)
     */
    static D4rlDataset read(String option, Path file, Task task) {
        D4rlDataset data = D4rlDataset.read(file);
        if (data.obsDim() != task.observationDim() || data.actDim() != task.actionDim()) {
            throw new IllegalArgumentException(option + " " + file + " holds " + data.obsDim() + "-dimensional observations "
                    + "and " + data.actDim() + "-dimensional actions, " + task.name() + " has " + task.observationDim()
                    + " and " + task.actionDim() + "; give a " + task.name() + " dataset");
        }
        String env = recordedEnv(option, file);
        if (env != null && !env.equals(task.name())) {
            throw new IllegalArgumentException(option + " " + file + " is " + env + " data (its record "
                    + ActionPerturbedDataset.recordFile(file).getFileName() + " says so), not " + task.name() + "; give --env "
                    + env + " or a " + task.name() + " dataset");
        }
        return data;
    }

    /**
     * The environment named by the record beside {@code file}, or null when there is no record (a D4RL download) or it
     * names none.
     *
     * @throws IllegalArgumentException when the record exists but is not readable JSON
     */
    static String recordedEnv(String option, Path file) {
        if (file == null || file.getFileName() == null || !file.getFileName().toString().endsWith(".hdf5")) {
            return null; // a Minari id or another name: no record of ours beside it
        }
        Path record = ActionPerturbedDataset.recordFile(file);
        if (!Files.isRegularFile(record)) {
            return null;
        }
        com.google.gson.JsonElement j;
        try {
            j = rrl.io.StrictJson.parse(Files.readString(record));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(option + " " + file + ": its record " + record + " cannot be read ("
                    + rrl.io.Messages.jsonSyntax(e) + "); fix it or delete it (the record only names the data's origin)");
        }
        return j.isJsonObject() && j.getAsJsonObject().get("env") instanceof com.google.gson.JsonPrimitive p
                ? rrl.env.Environments.task(p.getAsString()).name() : null;
    }
}
