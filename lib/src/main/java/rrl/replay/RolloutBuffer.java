package rrl.replay;

/**
 * One rollout of an on-policy learner (PPO): {@code capacity} rows, time-major over {@code numEnvs} environments
 * (row {@code t * numEnvs + e} is environment e at step t), each with the normalised observation the policy saw,
 * the action it sampled (before the environment's clip), that action's log-density, the value estimate, the
 * (normalised) reward and whether the episode ended after it; then the advantages and returns that
 * {@link #computeAdvantages} derives. Public flat arrays, row-major, so learners read minibatches without copies.
 */
public final class RolloutBuffer {
    public final int capacity;
    public final int obsDim;
    public final int actDim;
    /** [capacity, obsDim] */
    public final float[] obs;
    /** [capacity, actDim] */
    public final float[] actions;
    /** [capacity], nats */
    public final float[] logProb;
    /** [capacity], the critic's V(s) when the action was taken */
    public final float[] values;
    /** [capacity] */
    public final float[] rewards;
    /** [capacity]: the episode ended (terminated or truncated) after this row's action */
    public final boolean[] ends;
    /** [capacity], from {@link #computeAdvantages} */
    public final float[] advantages;
    /** [capacity], advantages + values (the value targets) */
    public final float[] returns;
    private int size;

    public RolloutBuffer(int capacity, int obsDim, int actDim) {
        if (capacity < 1 || obsDim < 1 || actDim < 1) {
            throw new IllegalArgumentException("a rollout needs capacity, observation and action sizes >= 1, got "
                    + capacity + ", " + obsDim + ", " + actDim);
        }
        this.capacity = capacity;
        this.obsDim = obsDim;
        this.actDim = actDim;
        this.obs = new float[capacity * obsDim];
        this.actions = new float[capacity * actDim];
        this.logProb = new float[capacity];
        this.values = new float[capacity];
        this.rewards = new float[capacity];
        this.ends = new boolean[capacity];
        this.advantages = new float[capacity];
        this.returns = new float[capacity];
    }

    /** Rows filled. */
    public int size() {
        return size;
    }

    /** Declares the first {@code n} rows filled (callers that write the arrays directly: tests, benchmarks). */
    public void setSize(int n) {
        if (n < 0 || n > capacity) {
            throw new IllegalArgumentException("size must be in [0, " + capacity + "], got " + n);
        }
        size = n;
    }

    public boolean isFull() {
        return size == capacity;
    }

    public void clear() {
        size = 0;
    }

    /** Appends one row; the arrays are copied from the given offsets. */
    public void add(float[] o, int oOff, float[] a, int aOff, float logp, float value, float reward, boolean end) {
        if (size == capacity) {
            throw new IllegalStateException("rollout of " + capacity + " rows is full; compute advantages and clear it");
        }
        System.arraycopy(o, oOff, obs, size * obsDim, obsDim);
        System.arraycopy(a, aOff, actions, size * actDim, actDim);
        logProb[size] = logp;
        values[size] = value;
        rewards[size] = reward;
        ends[size] = end;
        size++;
    }

    /**
     * Generalised advantage estimation (Schulman et al. 2016, arXiv:1506.02438) over the full rollout, per
     * environment, backwards in time: delta_t = r_t + gamma V(s_{t+1}) (1 - end_t) - V(s_t),
     * A_t = delta_t + gamma lambda (1 - end_t) A_{t+1}; returns = A + V. A truncated episode's bootstrap
     * (gamma V of its last observation) is expected in its last reward already (SB3's timeout handling), so an
     * end cuts both the value and the trace.
     *
     * @param lastValues V of each environment's observation after the rollout [numEnvs]
     * @param numEnvs environments interleaved in the rows (the capacity is a multiple of it)
     */
    public void computeAdvantages(float[] lastValues, int numEnvs, double gamma, double lambda) {
        if (size != capacity || capacity % numEnvs != 0 || lastValues.length < numEnvs) {
            throw new IllegalStateException("advantages need a full rollout of whole steps of " + numEnvs
                    + " environments and their " + numEnvs + " last values; have " + size + " of " + capacity + " rows");
        }
        int steps = capacity / numEnvs;
        for (int e = 0; e < numEnvs; e++) {
            double next = lastValues[e];
            double gae = 0;
            for (int t = steps - 1; t >= 0; t--) {
                int k = t * numEnvs + e;
                double notEnd = ends[k] ? 0.0 : 1.0;
                double delta = rewards[k] + gamma * next * notEnd - values[k];
                gae = delta + gamma * lambda * notEnd * gae;
                advantages[k] = (float) gae;
                returns[k] = (float) (gae + values[k]);
                next = values[k];
            }
        }
    }
}
