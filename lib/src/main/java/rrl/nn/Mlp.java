package rrl.nn;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A multilayer perceptron on one flat parameter buffer (per layer: weights out x in, row-major, then
 * biases) with a matching gradient buffer, so optimisers, target-network updates and checkpoints work on
 * plain arrays. Activations are kept per layer for the backward pass; buffers grow to the largest batch
 * seen and are reused, so training allocates nothing per step.
 */
public final class Mlp {
    private final int[] sizes;
    private final Activation hidden;
    private final Activation output;
    private final float[] params;
    private final float[] grads;
    private final int[] weightOffset;
    private final int[] biasOffset;
    private float[][] acts = new float[0][];
    private float[][] deltas = new float[0][];
    private int capacity;
    private int lastBatch;

    /**
     * @param sizes layer widths from input to output, e.g. {17, 256, 256, 6}
     * @param hidden activation after every hidden layer (ReLU in TD3, TD3+BC and SAC)
     * @param output activation of the last layer (tanh for deterministic actors, identity for critics)
     */
    public Mlp(int[] sizes, Activation hidden, Activation output) {
        if (sizes.length < 2) {
            throw new IllegalArgumentException("an MLP needs at least input and output sizes");
        }
        for (int s : sizes) {
            if (s < 1) {
                throw new IllegalArgumentException("layer sizes must be >= 1: " + Arrays.toString(sizes));
            }
        }
        this.sizes = sizes.clone();
        this.hidden = hidden;
        this.output = output;
        int layers = sizes.length - 1;
        this.weightOffset = new int[layers];
        this.biasOffset = new int[layers];
        int off = 0;
        for (int l = 0; l < layers; l++) {
            weightOffset[l] = off;
            off += sizes[l] * sizes[l + 1];
            biasOffset[l] = off;
            off += sizes[l + 1];
        }
        this.params = new float[off];
        this.grads = new float[off];
    }

    /**
     * PyTorch's default nn.Linear initialisation: weights and biases ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in)),
     * so our networks start from the same distribution as the reference implementations.
     */
    public Mlp initialize(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        for (int l = 0; l < layers(); l++) {
            double bound = 1.0 / Math.sqrt(sizes[l]);
            int end = biasOffset[l] + sizes[l + 1];
            for (int i = weightOffset[l]; i < end; i++) {
                params[i] = (float) rng.nextDouble(-bound, bound);
            }
        }
        return this;
    }

    public int layers() {
        return sizes.length - 1;
    }

    public int inputSize() {
        return sizes[0];
    }

    public int outputSize() {
        return sizes[sizes.length - 1];
    }

    /** The parameter buffer (weights and biases of every layer), live. */
    public float[] params() {
        return params;
    }

    /** The gradient buffer matching {@link #params()}, accumulated by {@link #backward}. */
    public float[] grads() {
        return grads;
    }

    public int[] sizes() {
        return sizes.clone();
    }

    public void zeroGrad() {
        Arrays.fill(grads, 0f);
    }

    /**
     * Forward pass of {@code batch} rows of {@code x} (batch x inputSize); returns the output buffer
     * (batch x outputSize, valid until the next forward). Keeps the activations for {@link #backward}.
     */
    public float[] forward(float[] x, int batch) {
        if (x.length < batch * sizes[0]) {
            throw new IllegalArgumentException("input holds " + x.length + " values; " + batch + " rows of "
                    + sizes[0] + " need " + (batch * sizes[0]));
        }
        ensureCapacity(batch);
        lastBatch = batch;
        System.arraycopy(x, 0, acts[0], 0, batch * sizes[0]);
        for (int l = 0; l < layers(); l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            Activation f = l == layers() - 1 ? output : hidden;
            float[] a = acts[l];
            float[] y = acts[l + 1];
            for (int b = 0; b < batch; b++) {
                for (int o = 0; o < out; o++) {
                    float z = Kernels.dot(a, b * in, params, weightOffset[l] + o * in, in) + params[biasOffset[l] + o];
                    y[b * out + o] = f.apply(z);
                }
            }
        }
        return acts[layers()];
    }

    /**
     * Backward pass for the last {@link #forward}: {@code gradOut} is dLoss/dOutput (batch x outputSize).
     * Adds parameter gradients into {@link #grads()} when {@code weightGradients} (false gives only the input
     * gradient, e.g. for TD3's actor step through the critic). Returns dLoss/dInput (batch x inputSize,
     * valid until the next call).
     */
    public float[] backward(float[] gradOut, boolean weightGradients) {
        int batch = lastBatch;
        int last = layers();
        int outN = sizes[last];
        float[] d = deltas[last];
        float[] y = acts[last];
        for (int k = 0; k < batch * outN; k++) {
            d[k] = gradOut[k] * output.derivativeFromOutput(y[k]);
        }
        for (int l = last - 1; l >= 0; l--) {
            int in = sizes[l];
            int out = sizes[l + 1];
            float[] dOut = deltas[l + 1];
            float[] a = acts[l];
            float[] dIn = deltas[l];
            Arrays.fill(dIn, 0, batch * in, 0f);
            for (int b = 0; b < batch; b++) {
                for (int o = 0; o < out; o++) {
                    float g = dOut[b * out + o];
                    if (g == 0f) {
                        continue; // ReLU zeros are common; skipping them is exact
                    }
                    if (weightGradients) {
                        Kernels.axpy(g, a, b * in, grads, weightOffset[l] + o * in, in);
                        grads[biasOffset[l] + o] += g;
                    }
                    Kernels.axpy(g, params, weightOffset[l] + o * in, dIn, b * in, in);
                }
            }
            if (l > 0) {
                for (int k = 0; k < batch * in; k++) {
                    dIn[k] *= hidden.derivativeFromOutput(a[k]);
                }
            }
        }
        return deltas[0];
    }

    /** Copies parameters from a network of the same shape (hard target update). */
    public void copyFrom(Mlp other) {
        checkSameShape(other);
        System.arraycopy(other.params, 0, params, 0, params.length);
    }

    /** Polyak averaging, this = (1 - tau) * this + tau * other (soft target update). */
    public void softUpdateFrom(Mlp other, float tau) {
        checkSameShape(other);
        for (int i = 0; i < params.length; i++) {
            params[i] += tau * (other.params[i] - params[i]);
        }
    }

    private void checkSameShape(Mlp other) {
        if (!Arrays.equals(sizes, other.sizes)) {
            throw new IllegalArgumentException("network shapes differ: " + Arrays.toString(sizes) + " vs "
                    + Arrays.toString(other.sizes));
        }
    }

    private void ensureCapacity(int batch) {
        if (batch <= capacity) {
            return;
        }
        acts = new float[sizes.length][];
        deltas = new float[sizes.length][];
        for (int l = 0; l < sizes.length; l++) {
            acts[l] = new float[batch * sizes[l]];
            deltas[l] = new float[batch * sizes[l]];
        }
        capacity = batch;
    }
}
