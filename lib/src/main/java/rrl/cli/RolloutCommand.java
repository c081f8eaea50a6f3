package rrl.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import rrl.env.Environments;
import rrl.env.ScriptedRollout;
import rrl.env.Task;
import rrl.guard.NumberRule;
import rrl.io.NumericCsv;

/** {@code rrl rollout}: replay an action CSV from a given state and write what the env returned. */
@Command(name = "rollout", description = {
        "Replay actions from an initial state and write one CSV row per step.",
        "Columns: step, obs_0..obs_{n-1}, reward, terminated, truncated, x_position."})
final class RolloutCommand implements Runnable {
    @Option(names = "--env", required = true, description = "Hopper, HalfCheetah, Walker2d or Ant")
    String env;

    @Option(names = "--init-state", required = true,
            description = "CSV with qpos then qvel (one row; one row per step with --resync)")
    Path initState;

    @Option(names = "--actions", required = true, description = "CSV, one action per row")
    Path actions;

    @Option(names = "--out", required = true, description = "output CSV")
    Path out;

    @Option(names = "--resync", description = "set the state from row t of --init-state before step t")
    boolean resync;

    /**
     * Adds to {@code rollout --help}, after the description, the --init-state row length of every environment
     * (qpos then qvel), read from the environments themselves when the help is printed.
     */
    static void documentStateSizes(picocli.CommandLine rollout) {
        picocli.CommandLine.Model.UsageMessageSpec u = rollout.getCommandSpec().usageMessage();
        u.sectionMap().put("stateSizes", help -> stateSizes());
        List<String> keys = new ArrayList<>(u.sectionKeys());
        keys.add(keys.indexOf(picocli.CommandLine.Model.UsageMessageSpec.SECTION_KEY_DESCRIPTION) + 1, "stateSizes");
        u.sectionKeys(keys);
    }

    /** "--init-state rows: Hopper qpos 6 + qvel 6 = 12 values, ..." from the models. */
    static String stateSizes() {
        StringBuilder b = new StringBuilder("--init-state row length (qpos then qvel) per environment:%n");
        for (String name : Environments.NAMES) {
            try (rrl.env.VectorEnv v = Environments.makeVector(name, 1, 1)) {
                b.append(String.format("  %-12s qpos %2d + qvel %2d = %2d values%n", name, v.nq(), v.nv(), v.nq() + v.nv()));
            } catch (RuntimeException e) {
                b.append(String.format("  %-12s (sizes unavailable: %s)%n", name, e.getMessage()));
            }
        }
        return b.toString().replace("%n", System.lineSeparator());
    }

    @Override
    public void run() {
        Task task = Environments.task(env);
        rrl.guard.Preflight.outputFile("--out", out, ".csv"); // before any work
        NumericCsv.Table acts = NumericCsv.read(actions, task.actionDim(), task.name() + " actions",
                NumberRule.ACTION);
        NumericCsv.Table states = NumericCsv.read(initState, -1, task.name() + " initial state",
                NumberRule.MUJOCO_STATE);
        List<ScriptedRollout.Row> rows;
        try {
            rows = ScriptedRollout.run(task, states.rows(), acts.rows(), resync);
        } catch (IllegalArgumentException e) {
            // what the rollout refuses (a state row of the wrong width, resync counts) comes from these two files
            throw new IllegalArgumentException("--init-state " + initState + " with --actions " + actions + ": "
                    + e.getMessage(), e);
        }
        List<String> header = new ArrayList<>();
        header.add("step");
        for (int i = 0; i < task.observationDim(); i++) {
            header.add("obs_" + i);
        }
        header.addAll(List.of("reward", "terminated", "truncated", "x_position"));
        List<double[]> lines = new ArrayList<>(rows.size());
        for (int t = 0; t < rows.size(); t++) {
            ScriptedRollout.Row r = rows.get(t);
            double[] line = new double[header.size()];
            line[0] = t;
            System.arraycopy(r.observation(), 0, line, 1, r.observation().length);
            int k = 1 + r.observation().length;
            line[k] = r.reward();
            line[k + 1] = r.terminated() ? 1 : 0;
            line[k + 2] = r.truncated() ? 1 : 0;
            line[k + 3] = r.xPosition();
            lines.add(line);
        }
        NumericCsv.write(out, header, lines);
        System.out.println("wrote " + rrl.io.Messages.count(rows.size(), "step") + " of " + task.gymnasiumId() + " to " + out);
    }
}
