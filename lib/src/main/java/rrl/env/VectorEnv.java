package rrl.env;

import rrl.guard.CloseGuard;
import rrl.guard.MemoryBudget;
import rrl.guard.NumberRule;
import rrl.mujoco.BatchStepper;
import rrl.mujoco.MjcfModel;
import rrl.mujoco.MuJoCoException;
import rrl.parallel.WorkerPool;
import rrl.random.Rng;

/**
 * N copies of a task stepped together: one batched action array in, batched observations, rewards and
 * done flags out, environments split over worker threads, each slice stepped natively in one JNI call.
 * With auto-reset (Gymnasium's vector-env convention) an environment that terminates or truncates is
 * reset within the same step: {@link #observations()} then holds the first observation of its next
 * episode and {@link #finalObservations()} the last one of the finished episode.
 *
 * <p>Buffers returned by the accessors are owned by this object and overwritten by the next step.
 *
 * <p>After {@link #close()} every call that would reach the simulators (reset, step, setState, state) throws
 * {@link IllegalStateException}; close waits for a step in progress on other threads ({@link CloseGuard}). A
 * MuJoCo error or warning during a step throws {@link MuJoCoException} naming the environment, and the vector
 * env then needs {@link #reset(long)} before the next step.
 */
public final class VectorEnv implements BatchEnv {
    private final Task task;
    private final int n;
    private final int obsDim;
    private final int actDim;
    private final boolean autoReset;
    private final MjcfModel model;
    private final BatchStepper stepper;
    private final WorkerPool pool;
    private final boolean ownsPool;
    private final double dt;
    private final double[] qpos0;
    private final StateRow[] rows;
    private final RewardTerms[] terms;
    private final Rng[] rngs;
    private final double[][] qposScratch;
    private final double[][] qvelScratch;
    private final double[] observations;
    private final double[] finalObservations;
    private final double[] rewards;
    private final boolean[] terminated;
    private final boolean[] truncated;
    private final int[] elapsed;
    private final double[] episodeReturn;
    private final double[] finishedReturn;
    private final int[] finishedLength;
    private final int[] activeIndex;
    private final CloseGuard guard;
    private double[] actions;
    private boolean hasReset;
    private String failure; // why the last step failed in MuJoCo, until the next reset

    /** Creates {@code n} environments of {@code task} stepped on {@code threads} threads. */
    public VectorEnv(Task task, int n, int threads, boolean autoReset) {
        this(task, n, new WorkerPool(Math.max(1, Math.min(threads, n))), true, autoReset);
    }

    /** Creates {@code n} environments sharing an existing worker pool (not closed with this env). */
    public VectorEnv(Task task, int n, WorkerPool pool, boolean autoReset) {
        this(task, n, pool, false, autoReset);
    }

    private VectorEnv(Task task, int n, WorkerPool pool, boolean ownsPool, boolean autoReset) {
        if (n < 1) {
            if (ownsPool) {
                pool.close();
            }
            throw new IllegalArgumentException("a vector env needs at least 1 environment, got " + n);
        }
        this.task = task;
        this.n = n;
        this.pool = pool;
        this.ownsPool = ownsPool;
        this.autoReset = autoReset;
        this.obsDim = task.observationDim();
        this.actDim = task.actionDim();
        this.guard = new CloseGuard("VectorEnv(" + task.name() + " x " + n + ")",
                "create a new one with Environments.makeVector(\"" + task.name() + "\", " + n + ")");
        this.model = MjcfModel.loadResource(task.mjcfResource());
        try {
            if (model.nu() != actDim) {
                throw new IllegalStateException(task.name() + " expects " + actDim + " actuators but its MJCF has "
                        + model.nu());
            }
            int track = -1;
            if (task.trackedBody() != null) {
                track = model.bodyId(task.trackedBody());
                if (track < 0) {
                    throw new IllegalStateException(task.name() + " MJCF has no body named " + task.trackedBody());
                }
            }
            this.stepper = new BatchStepper(model, n, task.frameSkip(), track, task.usesContactForces(), task.name(),
                    heapBytesPerEnv(task, model));
        } catch (RuntimeException | Error e) {
            model.close();
            if (ownsPool) {
                pool.close();
            }
            throw e;
        }
        this.dt = model.timestep() * task.frameSkip();
        this.qpos0 = model.qpos0();
        this.rows = new StateRow[n];
        this.terms = new RewardTerms[n];
        this.rngs = new Rng[n];
        this.qposScratch = new double[n][model.nq()];
        this.qvelScratch = new double[n][model.nv()];
        for (int i = 0; i < n; i++) {
            rows[i] = new StateRow(stepper.state(), model.nq(), model.nv());
            terms[i] = new RewardTerms();
        }
        this.observations = new double[n * obsDim];
        this.finalObservations = new double[n * obsDim];
        this.rewards = new double[n];
        this.terminated = new boolean[n];
        this.truncated = new boolean[n];
        this.elapsed = new int[n];
        this.episodeReturn = new double[n];
        this.finishedReturn = new double[n];
        this.finishedLength = new int[n];
        this.activeIndex = new int[n];
    }

    /** Java-heap bytes this class allocates per environment (observation rows, scratch states, counters). */
    private static long heapBytesPerEnv(Task task, MjcfModel model) {
        return 8L * (2L * task.observationDim() + task.actionDim() + model.nq() + model.nv()) + 400;
    }

    /**
     * Refuses, before anything is allocated, {@code n} environments of {@code task} that would not fit in the
     * memory available (the same estimate the constructor checks: MuJoCo's mjData per environment, measured).
     *
     * @throws rrl.guard.MemoryLimitException with the estimate and the limit
     */
    public static void requireMemory(Task task, int n) {
        MemoryBudget.require(memory(task, n));
    }

    /**
     * The memory {@code n} environments of {@code task} take (MuJoCo's mjData per environment, measured, plus this
     * class's rows), for a check of a whole command's needs before any work ({@link MemoryBudget#requireAll}).
     */
    public static MemoryBudget.Request memory(Task task, int n) {
        try (MjcfModel m = MjcfModel.loadResource(task.mjcfResource())) {
            return BatchStepper.memoryRequest(m, n, task.usesContactForces(), task.name(), heapBytesPerEnv(task, m));
        }
    }

    @Override
    public Task task() {
        return task;
    }

    @Override
    public int numEnvs() {
        return n;
    }

    @Override
    public int observationDim() {
        return obsDim;
    }

    @Override
    public int actionDim() {
        return actDim;
    }

    /** Seconds of simulated time per step (timestep x frame skip). */
    public double dt() {
        return dt;
    }

    public int threads() {
        return pool.threads();
    }

    /** Actions are Box(-1, 1) for all four tasks (the actuators' ctrlrange). */
    public BoxSpace actionSpace() {
        return BoxSpace.uniform(actDim, -1.0, 1.0);
    }

    public BoxSpace observationSpace() {
        return BoxSpace.uniform(obsDim, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    /**
     * Resets every environment with reset noise drawn from generators derived from {@code seed} (environment i
     * gets the i-th split of an {@link Rng} seeded with {@code seed}); returns the observations.
     */
    @Override
    public double[] reset(long seed) {
        long s = guard.enter();
        try {
            Rng root = new Rng(seed);
            for (int i = 0; i < n; i++) {
                rngs[i] = root.split();
            }
            return resetAll();
        } finally {
            guard.exit(s);
        }
    }

    /** Resets environment i from the first split of {@code seeds[i]}: equal seeds give equal initial states. */
    @Override
    public double[] resetEach(long[] seeds) {
        if (seeds.length != n) {
            throw new IllegalArgumentException("resetEach needs one seed per environment (" + n + "), got "
                    + seeds.length);
        }
        long s = guard.enter();
        try {
            for (int i = 0; i < n; i++) {
                rngs[i] = new Rng(seeds[i]).split();
            }
            return resetAll();
        } finally {
            guard.exit(s);
        }
    }

    private double[] resetAll() {
        pool.forEach(n, (b, e) -> {
            for (int i = b; i < e; i++) {
                resetOne(i);
            }
        });
        hasReset = true;
        failure = null;
        return observations;
    }

    /** Resets environment i only, continuing its random stream; returns the observations buffer. */
    public double[] resetEnv(int i) {
        long s = guard.enter();
        try {
            requireReset();
            resetOne(i);
            return observations;
        } finally {
            guard.exit(s);
        }
    }

    /**
     * Sets environment i to an exact physical state (qpos, qvel) and refreshes its observation; returns the
     * observations buffer. Like Gymnasium's {@code MujocoEnv.set_state} this does not start an episode: the
     * time-limit counter and the episode return carry on (a 1000-step replay that sets the state before every
     * step still truncates at step 1000); only a reset zeroes them.
     */
    public double[] setState(int i, double[] qpos, double[] qvel) {
        long s = guard.enter();
        try {
            stepper.setState(i, qpos, qvel);
            task.observation(rows[i].at(i * stepper.rowSize()), observations, i * obsDim);
            if (!hasReset && failure == null) {
                Rng root = new Rng(0);
                for (int k = 0; k < n; k++) {
                    if (rngs[k] == null) {
                        rngs[k] = root.split();
                    }
                }
                hasReset = true;
            }
            return observations;
        } finally {
            guard.exit(s);
        }
    }

    /**
     * Steps every environment with {@code actions} (n x actionDim, row-major). Actions are sent to MuJoCo
     * unclipped, as Gymnasium does (MuJoCo clamps to the actuators' ctrlrange; the control cost uses the
     * unclipped values). Each action value must pass {@link NumberRule#ACTION}: finite and |a| <= 1e10
     * (beyond it the control cost is meaningless; 1e308 would make the reward -Infinity).
     *
     * @throws IllegalArgumentException naming the environment and the action index of the first refused value
     */
    @Override
    public void step(double[] actions) {
        step(actions, null);
    }

    /**
     * Steps only the environments whose {@code active} flag is set ({@code null}: all), so finished slots of
     * a fixed episode budget cost nothing. The active ones are split evenly over the worker threads.
     */
    @Override
    public void step(double[] actions, boolean[] active) {
        long s = guard.enter();
        try {
            stepGuarded(actions, active);
        } catch (MuJoCoException e) {
            // MuJoCo reset (or could not finish) one simulator mid-step: the batch is no longer one step on.
            hasReset = false;
            failure = e.getMessage();
            throw e;
        } finally {
            guard.exit(s);
        }
    }

    private void stepGuarded(double[] actions, boolean[] active) {
        requireReset();
        if (actions.length != n * actDim) {
            throw new IllegalArgumentException(task.name() + " vector env of " + n + " takes " + (n * actDim)
                    + " action values (" + n + " x " + actDim + "), got " + actions.length + ".");
        }
        if (active != null && active.length != n) {
            throw new IllegalArgumentException("active mask has " + active.length + " entries for " + n + " environments");
        }
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (active == null || active[i]) {
                activeIndex[k++] = i;
            } else {
                rewards[i] = 0;
                terminated[i] = false;
                truncated[i] = false;
            }
        }
        for (int a = 0; a < k; a++) {
            int i = activeIndex[a];
            int j = NumberRule.ACTION.firstRefused(actions, i * actDim, actDim);
            if (j >= 0) {
                throw new IllegalArgumentException(NumberRule.ACTION.refusal("action " + (j % actDim) + " of "
                        + task.name() + " environment " + i, actions[j], task.name() + "'s actions")
                        + " Check the policy's output (a NaN usually means diverged network weights).");
            }
        }
        this.actions = actions;
        stepper.ctrl().put(0, actions);
        if (k == n) {
            pool.forEach(n, (b, e) -> {
                stepper.step(b, e);
                for (int i = b; i < e; i++) {
                    afterStep(i);
                }
            });
            return;
        }
        pool.forEach(k, (b, e) -> {
            // One native call per run of consecutive active environments.
            int a = b;
            while (a < e) {
                int first = activeIndex[a];
                int last = first;
                while (a + 1 < e && activeIndex[a + 1] == last + 1) {
                    a++;
                    last++;
                }
                stepper.step(first, last + 1);
                for (int i = first; i <= last; i++) {
                    afterStep(i);
                }
                a++;
            }
        });
    }

    private void afterStep(int i) {
        StateRow row = rows[i].at(i * stepper.rowSize());
        RewardTerms t = terms[i];
        task.reward(row, actions, i * actDim, dt, t);
        double r = t.total();
        rewards[i] = r;
        terminated[i] = task.terminated(row);
        elapsed[i]++;
        truncated[i] = elapsed[i] >= task.maxEpisodeSteps();
        task.observation(row, observations, i * obsDim);
        episodeReturn[i] += r;
        if (terminated[i] || truncated[i]) {
            System.arraycopy(observations, i * obsDim, finalObservations, i * obsDim, obsDim);
            finishedReturn[i] = episodeReturn[i];
            finishedLength[i] = elapsed[i];
            if (autoReset) {
                resetOne(i);
            }
        }
    }

    private void resetOne(int i) {
        task.resetState(rngs[i], qpos0, qposScratch[i], qvelScratch[i]);
        stepper.setState(i, qposScratch[i], qvelScratch[i]);
        afterReset(i);
    }

    private void afterReset(int i) {
        task.observation(rows[i].at(i * stepper.rowSize()), observations, i * obsDim);
        elapsed[i] = 0;
        episodeReturn[i] = 0;
    }

    private void requireReset() {
        if (!hasReset) {
            throw new IllegalStateException(failure == null ? "call reset(seed) before step(actions)"
                    : "the last step failed in MuJoCo (" + failure + "); call reset(seed) before step(actions)");
        }
    }

    /** Current observations (n x observationDim); after auto-reset, the new episodes' first ones. */
    @Override
    public double[] observations() {
        return observations;
    }

    /** Last observation of the episode that ended at this step (valid where terminated or truncated). */
    public double[] finalObservations() {
        return finalObservations;
    }

    @Override
    public double[] rewards() {
        return rewards;
    }

    @Override
    public boolean[] terminated() {
        return terminated;
    }

    @Override
    public boolean[] truncated() {
        return truncated;
    }

    /** Reward terms of environment i's last step (Gymnasium's info). */
    public RewardTerms rewardTerms(int i) {
        return terms[i];
    }

    /** Steps taken in environment i's current episode. */
    public int episodeSteps(int i) {
        return elapsed[i];
    }

    /** Undiscounted return so far of environment i's current episode. */
    public double episodeReturn(int i) {
        return episodeReturn[i];
    }

    /**
     * Continues environment i's current episode from a checkpoint: its time-limit counter and return so far (with
     * {@link #setState}, an episode saved mid-way resumes exactly, truncating at the same step).
     *
     * @throws IllegalArgumentException for a negative count or one at or past the time limit
     */
    public void continueEpisode(int i, int steps, double episodeReturnSoFar) {
        if (steps < 0 || steps >= task.maxEpisodeSteps()) {
            throw new IllegalArgumentException("an episode in progress has 0 to " + (task.maxEpisodeSteps() - 1)
                    + " steps, got " + steps);
        }
        elapsed[i] = steps;
        episodeReturn[i] = episodeReturnSoFar;
    }

    /** Return of the episode that ended in environment i at this step (valid where done). */
    @Override
    public double finishedReturn(int i) {
        return finishedReturn[i];
    }

    /** Length of the episode that ended in environment i at this step (valid where done). */
    @Override
    public int finishedLength(int i) {
        return finishedLength[i];
    }

    /** Copies environment i's qpos and qvel (Gymnasium's state_vector split in two). */
    public void state(int i, double[] qpos, double[] qvel) {
        long s = guard.enter();
        try {
            StateRow row = rows[i].at(i * stepper.rowSize());
            for (int k = 0; k < qpos.length; k++) {
                qpos[k] = row.qpos(k);
            }
            for (int k = 0; k < qvel.length; k++) {
                qvel[k] = row.qvel(k);
            }
        } finally {
            guard.exit(s);
        }
    }

    /** State of environment i's reset-noise generator (for exact resume). */
    public long rngState(int i) {
        return rngs[i].state();
    }

    /** Restores environment i's reset-noise generator. */
    public void restoreRng(int i, long state) {
        rngs[i] = Rng.restore(state);
    }

    public int nq() {
        return model.nq();
    }

    public int nv() {
        return model.nv();
    }

    /** Whether {@link #close()} has been called. */
    public boolean isClosed() {
        return guard.isClosed();
    }

    /** Frees the simulators (idempotent; waits for a step in progress on another thread to finish). */
    @Override
    public void close() {
        guard.close(() -> {
            stepper.close();
            model.close();
            if (ownsPool) {
                pool.close();
            }
        });
    }

    /** {@code VectorEnv(16 x Hopper, auto-reset)}. */
    @Override
    public String toString() {
        return "VectorEnv(" + n + " x " + task.name() + (autoReset ? ", auto-reset" : "") + (isClosed() ? ", closed" : "")
                + ")";
    }
}
