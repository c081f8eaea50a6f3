package rrl.replay;

/**
 * A minibatch of transitions in preallocated row-major float arrays, refilled in place every update so
 * training allocates nothing. {@code dones} is 1 for a real termination (bootstrapping stops), 0 otherwise.
 */
public final class TransitionBatch {
    public final int size;
    public final int obsDim;
    public final int actDim;
    public final float[] obs;
    public final float[] actions;
    public final float[] rewards;
    public final float[] nextObs;
    public final float[] dones;

    public TransitionBatch(int size, int obsDim, int actDim) {
        if (size < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + size);
        }
        this.size = size;
        this.obsDim = obsDim;
        this.actDim = actDim;
        this.obs = new float[size * obsDim];
        this.actions = new float[size * actDim];
        this.rewards = new float[size];
        this.nextObs = new float[size * obsDim];
        this.dones = new float[size];
    }

    /** Copies row {@code src} of flat transition arrays into row {@code row} of this batch. */
    void put(int row, float[] o, float[] a, float[] r, float[] o2, float[] d, int src) {
        System.arraycopy(o, src * obsDim, obs, row * obsDim, obsDim);
        System.arraycopy(a, src * actDim, actions, row * actDim, actDim);
        rewards[row] = r[src];
        System.arraycopy(o2, src * obsDim, nextObs, row * obsDim, obsDim);
        dones[row] = d[src];
    }
}
