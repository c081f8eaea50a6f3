package rrl.algo;

import rrl.nn.Activation;
import rrl.nn.Mlp;

/**
 * Clipped double Q-learning's pair of critics Q1, Q2: (obs, action) -> value, each an MLP on the
 * concatenated input. Keeps the concatenated batch so the action-gradient needed by actor updates can be
 * read off the input gradient.
 */
public final class TwinCritic {
    final Mlp q1;
    final Mlp q2;
    private final int obsDim;
    private final int actDim;
    private float[] input = new float[0];
    private float[] out1 = new float[0];
    private float[] out2 = new float[0];

    public TwinCritic(int obsDim, int actDim, int[] hidden, long seed) {
        this.obsDim = obsDim;
        this.actDim = actDim;
        int[] sizes = Mlp.layerSizes(obsDim + actDim, hidden, 1);
        this.q1 = new Mlp(sizes, Activation.RELU, Activation.IDENTITY).initialize(seed);
        this.q2 = new Mlp(sizes, Activation.RELU, Activation.IDENTITY).initialize(seed + 1);
    }

    public Mlp q1() {
        return q1;
    }

    public Mlp q2() {
        return q2;
    }

    /** Writes [obs | act] rows into the shared input buffer. */
    private float[] concat(float[] obs, float[] act, int batch) {
        int w = obsDim + actDim;
        if (input.length < batch * w) {
            input = new float[batch * w];
            out1 = new float[batch];
            out2 = new float[batch];
        }
        for (int b = 0; b < batch; b++) {
            System.arraycopy(obs, b * obsDim, input, b * w, obsDim);
            System.arraycopy(act, b * actDim, input, b * w + obsDim, actDim);
        }
        return input;
    }

    /** Q1(obs, act) for each row (copied out; valid until the next call). */
    public float[] forwardQ1(float[] obs, float[] act, int batch) {
        float[] y = q1.forward(concat(obs, act, batch), batch);
        System.arraycopy(y, 0, out1, 0, batch);
        return out1;
    }

    /** Q1 and Q2 for each row into {@link #lastQ1()} and {@link #lastQ2()}. */
    public void forwardBoth(float[] obs, float[] act, int batch) {
        float[] in = concat(obs, act, batch);
        System.arraycopy(q1.forward(in, batch), 0, out1, 0, batch);
        System.arraycopy(q2.forward(in, batch), 0, out2, 0, batch);
    }

    public float[] lastQ1() {
        return out1;
    }

    public float[] lastQ2() {
        return out2;
    }

    /** Copies the action part of an input gradient (batch x (obs + act)) into {@code dAct}. */
    void actionGradient(float[] dInput, int batch, float[] dAct, boolean accumulate) {
        int w = obsDim + actDim;
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < actDim; j++) {
                float g = dInput[b * w + obsDim + j];
                dAct[b * actDim + j] = accumulate ? dAct[b * actDim + j] + g : g;
            }
        }
    }

    void copyFrom(TwinCritic other) {
        q1.copyFrom(other.q1);
        q2.copyFrom(other.q2);
    }

    void softUpdateFrom(TwinCritic other, float tau) {
        q1.softUpdateFrom(other.q1, tau);
        q2.softUpdateFrom(other.q2, tau);
    }
}
