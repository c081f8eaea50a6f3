package rrl.env;

import java.util.ArrayList;
import java.util.List;

/**
 * Replays a fixed action sequence from a given physical state: the Java side of the parity check against
 * Gymnasium (and the engine of {@code rrl rollout}). Steps continue past termination, as a raw Gymnasium
 * environment allows, so long sequences compare step by step.
 */
public final class ScriptedRollout {
    /** One step: the observation after it, reward, flags and forward position. */
    public record Row(double[] observation, double reward, boolean terminated, boolean truncated, double xPosition) {}

    private ScriptedRollout() {}

    /**
     * Runs {@code actions} from {@code states[0]} (qpos ++ qvel). With {@code resync}, {@code states} has one
     * row per action and the environment is set to row t before step t (one-step parity); setting a state does
     * not restart the time limit, so row 1000 of a long replay is truncated, resync or not, as in Gymnasium.
     */
    public static List<Row> run(Task task, double[][] states, double[][] actions, boolean resync) {
        try (VectorEnv env = new VectorEnv(task, 1, 1, false)) {
            int nq = env.nq();
            int nv = env.nv();
            if (resync && states.length != actions.length) {
                throw new IllegalArgumentException("with resync the initial-state file needs one row per action: "
                        + states.length + " states for " + actions.length + " actions.");
            }
            List<Row> rows = new ArrayList<>(actions.length);
            for (int t = 0; t < actions.length; t++) {
                if (t == 0 || resync) {
                    double[] s = states[t];
                    if (s.length != nq + nv) {
                        throw new IllegalArgumentException(task.name() + " state rows need " + (nq + nv)
                                + " values (qpos " + nq + " then qvel " + nv + "), got " + s.length + ".");
                    }
                    double[] qpos = java.util.Arrays.copyOfRange(s, 0, nq);
                    double[] qvel = java.util.Arrays.copyOfRange(s, nq, nq + nv);
                    env.setState(0, qpos, qvel);
                }
                env.step(actions[t]);
                rows.add(new Row(env.observations().clone(), env.rewards()[0], env.terminated()[0],
                        env.truncated()[0], env.rewardTerms(0).xPosition));
            }
            return rows;
        }
    }
}
