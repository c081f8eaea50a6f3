package rrl.replay;

import java.util.random.RandomGenerator;
import rrl.guard.MemoryBudget;

/**
 * The online replay buffer: a ring of fixed capacity that overwrites its oldest transitions. Its arrays are
 * allocated up front, so a capacity that cannot fit in the heap is refused at construction
 * ({@link MemoryBudget}) rather than by an OutOfMemoryError.
 */
public final class RingReplay implements ReplaySource {
    /**
     * The default capacity of an online replay buffer, in transitions: 1,000,000, as in the public code of TD3
     * (Fujimoto et al. 2018, {@code utils.ReplayBuffer(state_dim, action_dim, max_size=int(1e6))}) and of rlkit's
     * SAC, which trained D4RL's behaviour policies ({@code examples/sac.py}: {@code replay_buffer_size=int(1E6)}).
     * A run's capacity is a config field of its own, independent of its step budget, so a run whose budget is
     * extended fills the same buffer as a run that had the larger budget from the start.
     */
    public static final int DEFAULT_CAPACITY = 1_000_000;

    private final int capacity;
    private final int obsDim;
    private final int actDim;
    private final float[] obs;
    private final float[] actions;
    private final float[] rewards;
    private final float[] nextObs;
    private final float[] dones;
    private int next;
    private int size;
    private long added;

    /**
     * @param capacity transitions kept (the oldest are overwritten beyond it), >= 1
     * @param obsDim observation width
     * @param actDim action width
     * @throws IllegalArgumentException for a capacity < 1
     * @throws rrl.guard.MemoryLimitException when {@code capacity x (2 obsDim + actDim + 2)} floats do not fit
     */
    public RingReplay(int capacity, int obsDim, int actDim) {
        if (capacity < 1) {
            throw new IllegalArgumentException("replay capacity must be >= 1, got " + capacity);
        }
        requireMemory(capacity, obsDim, actDim);
        this.capacity = capacity;
        this.obsDim = obsDim;
        this.actDim = actDim;
        this.obs = new float[capacity * obsDim];
        this.actions = new float[capacity * actDim];
        this.rewards = new float[capacity];
        this.nextObs = new float[capacity * obsDim];
        this.dones = new float[capacity];
    }

    /**
     * Refuses a replay of {@code capacity} transitions that would not fit: Java's array length limit, then
     * {@code capacity x (2 obsDim + actDim + 2)} floats against the heap.
     */
    public static void requireMemory(long capacity, int obsDim, int actDim) {
        MemoryBudget.require(memory(capacity, obsDim, actDim));
    }

    /**
     * The memory a replay of {@code capacity} transitions takes (Java heap: {@code capacity x (2 obsDim + actDim +
     * 2)} floats), for a check of a whole command's needs before any work; refuses at once a capacity whose
     * arrays Java cannot allocate.
     */
    public static MemoryBudget.Request memory(long capacity, int obsDim, int actDim) {
        String what = "a replay buffer of " + capacity + " transitions (obs " + obsDim + ", action " + actDim + ")";
        String fix = "lower the replay capacity";
        MemoryBudget.requireArrayLength(what, capacity * Math.max(obsDim, actDim), fix);
        long bytes = 4L * capacity * (2L * obsDim + actDim + 2);
        return new MemoryBudget.Request(what, bytes, 0,
                MemoryBudget.bytes(4L * (2L * obsDim + actDim + 2)) + " per transition", fix, capacity);
    }

    /** Adds one transition; {@code terminal} is a real termination (not a time-limit truncation). */
    public void add(double[] o, int oOff, double[] a, int aOff, double r, double[] o2, int o2Off, boolean terminal) {
        for (int i = 0; i < obsDim; i++) {
            obs[next * obsDim + i] = (float) o[oOff + i];
            nextObs[next * obsDim + i] = (float) o2[o2Off + i];
        }
        for (int i = 0; i < actDim; i++) {
            actions[next * actDim + i] = (float) a[aOff + i];
        }
        rewards[next] = (float) r;
        dones[next] = terminal ? 1f : 0f;
        next = (next + 1) % capacity;
        size = Math.min(size + 1, capacity);
        added++;
    }

    /** Saves contents and cursor (exact resume). */
    public void save(rrl.checkpoint.Checkpoint c, String prefix) {
        c.putTensor(prefix + ".obs", java.util.Arrays.copyOf(obs, size * obsDim))
                .putTensor(prefix + ".actions", java.util.Arrays.copyOf(actions, size * actDim))
                .putTensor(prefix + ".rewards", java.util.Arrays.copyOf(rewards, size))
                .putTensor(prefix + ".next_obs", java.util.Arrays.copyOf(nextObs, size * obsDim))
                .putTensor(prefix + ".dones", java.util.Arrays.copyOf(dones, size))
                .putLongs(prefix + ".cursor", next, size, added, capacity);
    }

    /**
     * Restores what {@link #save} wrote. A buffer of another capacity takes it as long as it never wrapped
     * (nothing was overwritten, so the rows are in the order they came) and fits; a buffer that wrapped is
     * refused unless the capacity is the same, naming both.
     *
     * @throws IllegalArgumentException when the saved contents cannot be continued in this buffer
     */
    public void restore(rrl.checkpoint.Checkpoint c, String prefix) {
        long[] cur = c.longs(prefix + ".cursor");
        int savedSize = (int) cur[1];
        long savedAdded = cur[2];
        // checkpoints written before the capacity was saved: a buffer that wrapped was full, so its capacity was its size
        long savedCapacity = cur.length > 3 ? cur[3] : savedAdded > savedSize ? savedSize : -1;
        boolean wrapped = savedAdded > savedSize;
        if (savedSize > capacity || (wrapped && savedCapacity != capacity)) {
            throw new IllegalArgumentException("the checkpoint's replay buffer holds " + savedSize + " transitions"
                    + (wrapped ? " in a ring of capacity " + savedCapacity : "") + ", which a buffer of capacity " + capacity
                    + " cannot continue; resume with replay capacity " + (wrapped ? savedCapacity : savedSize)
                    + " (or more, if it never wrapped)");
        }
        size = savedSize;
        added = savedAdded;
        next = wrapped ? (int) cur[0] : size % capacity;
        System.arraycopy(c.tensor(prefix + ".obs"), 0, obs, 0, size * obsDim);
        System.arraycopy(c.tensor(prefix + ".actions"), 0, actions, 0, size * actDim);
        System.arraycopy(c.tensor(prefix + ".rewards"), 0, rewards, 0, size);
        System.arraycopy(c.tensor(prefix + ".next_obs"), 0, nextObs, 0, size * obsDim);
        System.arraycopy(c.tensor(prefix + ".dones"), 0, dones, 0, size);
    }

    /** Row i's observation, action, reward, next observation and done (for writing datasets). */
    public float[] observationsView() {
        return obs;
    }

    public float[] actionsView() {
        return actions;
    }

    public float[] rewardsView() {
        return rewards;
    }

    public float[] nextObservationsView() {
        return nextObs;
    }

    public float[] donesView() {
        return dones;
    }

    public int capacity() {
        return capacity;
    }

    /** Transitions ever added (including overwritten ones). */
    public long added() {
        return added;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public void sample(RandomGenerator rng, TransitionBatch batch, int from, int count) {
        OfflineReplay.check(batch, obsDim, actDim);
        if (size == 0) {
            throw new IllegalStateException("cannot sample from an empty replay buffer");
        }
        for (int k = 0; k < count; k++) {
            batch.put(from + k, obs, actions, rewards, nextObs, dones, rng.nextInt(size));
        }
    }
}
