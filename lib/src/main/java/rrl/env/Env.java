package rrl.env;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import rrl.guard.CloseGuard;

/**
 * A single environment with Gymnasium's API: {@code reset(seed)} and {@code step(action)} returning
 * observation, reward, terminated, truncated and info. Like Gymnasium's raw environment it does not stop
 * you from stepping past termination; {@link VectorEnv} is the batched, auto-resetting form.
 *
 * <p>After {@link #close()} reset, step, setState, qpos and qvel throw {@link IllegalStateException}
 * ({@link CloseGuard}); close is idempotent and waits for a call in progress on another thread.
 */
public final class Env implements AutoCloseable {
    /** What {@code reset} returns. */
    public record Reset(double[] observation, Map<String, Double> info) {
        @Override
        public String toString() {
            return "Reset(observation " + rrl.io.Texts.numbers(observation) + ")";
        }
    }

    /** What {@code step} returns. */
    public record Step(double[] observation, double reward, boolean terminated, boolean truncated,
                       Map<String, Double> info) {
        /** {@code Step(reward 0.9123, terminated false, truncated false, observation [1.25, ...])}. */
        @Override
        public String toString() {
            return "Step(reward " + rrl.io.Texts.number(reward) + ", terminated " + terminated + ", truncated " + truncated
                    + ", observation " + rrl.io.Texts.numbers(observation) + ")";
        }
    }

    private final VectorEnv venv;
    private final CloseGuard guard;

    public Env(Task task) {
        this.venv = new VectorEnv(task, 1, 1, false);
        this.guard = new CloseGuard("Env(" + task.name() + ")",
                "create a new one with Environments.make(\"" + task.name() + "\")");
    }

    private <T> T guarded(Supplier<T> call) {
        long s = guard.enter();
        try {
            return call.get();
        } finally {
            guard.exit(s);
        }
    }

    public Task task() {
        return venv.task();
    }

    public BoxSpace actionSpace() {
        return venv.actionSpace();
    }

    public BoxSpace observationSpace() {
        return venv.observationSpace();
    }

    public double dt() {
        return venv.dt();
    }

    public Reset reset(long seed) {
        return guarded(() -> new Reset(venv.reset(seed).clone(), Map.of()));
    }

    /**
     * Puts the simulator in an exact state (Gymnasium's {@code set_state}); returns the observation. The step
     * counter of the time limit is left as it is, as in Gymnasium; only {@link #reset} starts a new episode.
     */
    public double[] setState(double[] qpos, double[] qvel) {
        return guarded(() -> venv.setState(0, qpos, qvel).clone());
    }

    /** Steps since the last reset (Gymnasium's {@code TimeLimit._elapsed_steps}); truncation comes at the task's limit. */
    public int episodeSteps() {
        return venv.episodeSteps(0);
    }

    public Step step(double[] action) {
        return guarded(() -> {
            if (action.length != venv.actionDim()) {
                throw new IllegalArgumentException(venv.task().name() + " takes an action of length "
                        + venv.actionDim() + ", got " + action.length + ".");
            }
            venv.step(action);
            return new Step(venv.observations().clone(), venv.rewards()[0], venv.terminated()[0],
                    venv.truncated()[0], info(venv.rewardTerms(0)));
        });
    }

    /** Current qpos (length nq). */
    public double[] qpos() {
        double[] q = new double[venv.nq()];
        guarded(() -> {
            venv.state(0, q, new double[venv.nv()]);
            return null;
        });
        return q;
    }

    /** Current qvel (length nv). */
    public double[] qvel() {
        double[] v = new double[venv.nv()];
        guarded(() -> {
            venv.state(0, new double[venv.nq()], v);
            return null;
        });
        return v;
    }

    private Map<String, Double> info(RewardTerms t) {
        Map<String, Double> info = new LinkedHashMap<>();
        info.put("x_position", t.xPosition);
        info.put("x_velocity", t.xVelocity);
        info.put("reward_forward", t.forward);
        info.put("reward_ctrl", -t.ctrlCost);
        info.put("reward_survive", t.survive);
        if (venv.task() instanceof Ant) {
            info.put("y_position", t.yPosition);
            info.put("y_velocity", t.yVelocity);
            info.put("distance_from_origin", Math.hypot(t.xPosition, t.yPosition));
            info.put("reward_contact", -t.contactCost);
        }
        return info;
    }

    public boolean isClosed() {
        return guard.isClosed();
    }

    /** Frees the simulator (idempotent; waits for a call in progress on another thread). */
    @Override
    public void close() {
        guard.close(venv::close);
    }

    /** {@code Env(Hopper, step 12 of the episode)} or {@code Env(Hopper, closed)}. */
    @Override
    public String toString() {
        return "Env(" + venv.task().name() + (isClosed() ? ", closed)" : ", step " + episodeSteps() + " of the episode)");
    }
}
