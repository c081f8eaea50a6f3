package rrl.nn;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A multilayer perceptron on one flat parameter buffer with a matching gradient buffer, so optimisers,
 * target-network updates and checkpoints work on plain arrays. Training allocates nothing per step:
 * activations are kept per layer for the backward pass in buffers that grow to the largest batch seen.
 *
 * <p>Internally every layer width is padded to a multiple of the machine's vector length (see
 * {@link Gemm}); padded weights start at zero and only ever receive zero gradients, so they stay zero and
 * the network computes exactly the function of its logical shape. {@link #exportWeights()} and
 * {@link #importWeights(float[])} use the logical, padding-free layout (PyTorch's: per layer weight
 * out x in, then bias), which is what checkpoints store.
 */
public final class Mlp {
    private final int[] sizes;
    private final int[] padded;
    private final Activation hidden;
    private final Activation output;
    private final float[] params;
    private final float[] grads;
    private final int[] weightOffset;
    private final int[] biasOffset;
    private final float[] transposed;
    private float[][] acts = new float[0][];
    private float[][] deltas = new float[0][];
    private float[] out = new float[0];
    private float[] inGrad = new float[0];
    /** dOut^T and dIn^T (width x padded batch) for input gradients taken the transposed way round. */
    private float[] deltaT = new float[0];
    private float[] inGradT = new float[0];
    /** Tangents of the input gradient's second-order pass, per layer (sized on first use). */
    private float[][] tangents = new float[0][];
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
        this.padded = new int[sizes.length];
        for (int l = 0; l < sizes.length; l++) {
            padded[l] = Gemm.pad(sizes[l]);
        }
        this.hidden = hidden;
        this.output = output;
        int layers = sizes.length - 1;
        this.weightOffset = new int[layers];
        this.biasOffset = new int[layers];
        int off = 0;
        int widest = 0;
        for (int l = 0; l < layers; l++) {
            weightOffset[l] = off;
            off += padded[l] * padded[l + 1];
            biasOffset[l] = off;
            off += padded[l + 1];
            widest = Math.max(widest, padded[l] * padded[l + 1]);
        }
        this.params = new float[off];
        this.grads = new float[off];
        this.transposed = new float[widest];
    }

    /** {input, hidden..., output}: the layer widths of an MLP with the given hidden layers. */
    public static int[] layerSizes(int input, int[] hidden, int output) {
        int[] sizes = new int[hidden.length + 2];
        sizes[0] = input;
        System.arraycopy(hidden, 0, sizes, 1, hidden.length);
        sizes[sizes.length - 1] = output;
        return sizes;
    }

    /**
     * PyTorch's default nn.Linear initialisation: weights and biases ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in)),
     * so our networks start from the same distribution as the reference implementations.
     */
    public Mlp initialize(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] logical = new float[parameterCount()];
        int k = 0;
        for (int l = 0; l < layers(); l++) {
            double bound = 1.0 / Math.sqrt(sizes[l]);
            int n = sizes[l] * sizes[l + 1] + sizes[l + 1];
            for (int i = 0; i < n; i++) {
                logical[k++] = (float) rng.nextDouble(-bound, bound);
            }
        }
        importWeights(logical);
        return this;
    }

    /**
     * Orthogonal initialisation with zero biases, as PyTorch's {@code nn.init.orthogonal_(weight, gain)} draws it
     * (the Q factor, sign-corrected so R has a positive diagonal, of a standard normal matrix of the weight's shape
     * or its transpose, whichever is tall), times {@code hiddenGain} for every layer but the last and
     * {@code outputGain} for the last. PPO's initialisation (Engstrom et al. 2020, arXiv:2005.12729; CleanRL's
     * ppo_continuous_action {@code layer_init}: sqrt(2) hidden, 0.01 for the policy mean, 1 for the value).
     */
    public Mlp initializeOrthogonal(long seed, double hiddenGain, double outputGain) {
        rrl.random.Rng rng = new rrl.random.Rng(seed);
        float[] logical = new float[parameterCount()];
        int k = 0;
        for (int l = 0; l < layers(); l++) {
            int in = sizes[l];
            int outN = sizes[l + 1];
            double gain = l == layers() - 1 ? outputGain : hiddenGain;
            int tall = Math.max(in, outN);
            int thin = Math.min(in, outN);
            // columns of a tall x thin normal matrix, orthonormalised by modified Gram-Schmidt (R's diagonal > 0)
            double[][] q = new double[thin][tall];
            for (int c = 0; c < thin; c++) {
                for (int r = 0; r < tall; r++) {
                    q[c][r] = rng.nextGaussian();
                }
            }
            for (int c = 0; c < thin; c++) {
                for (int p = 0; p < c; p++) {
                    double dot = 0;
                    for (int r = 0; r < tall; r++) {
                        dot += q[p][r] * q[c][r];
                    }
                    for (int r = 0; r < tall; r++) {
                        q[c][r] -= dot * q[p][r];
                    }
                }
                double norm = 0;
                for (int r = 0; r < tall; r++) {
                    norm += q[c][r] * q[c][r];
                }
                norm = Math.sqrt(norm);
                for (int r = 0; r < tall; r++) {
                    q[c][r] /= norm;
                }
            }
            // weight (out x in): Q itself when out >= in, else Q transposed
            for (int o = 0; o < outN; o++) {
                for (int i = 0; i < in; i++) {
                    logical[k++] = (float) (gain * (outN >= in ? q[i][o] : q[o][i]));
                }
            }
            k += outN; // zero biases
        }
        importWeights(logical);
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

    public int[] sizes() {
        return sizes.clone();
    }

    public Activation hiddenActivation() {
        return hidden;
    }

    public Activation outputActivation() {
        return output;
    }

    /** Number of logical parameters (weights and biases, without padding). */
    public int parameterCount() {
        int n = 0;
        for (int l = 0; l < layers(); l++) {
            n += sizes[l] * sizes[l + 1] + sizes[l + 1];
        }
        return n;
    }

    /** The (padded) parameter buffer, live: what optimisers and target updates work on. */
    public float[] params() {
        return params;
    }

    /** The gradient buffer matching {@link #params()}, accumulated by {@link #backward}. */
    public float[] grads() {
        return grads;
    }

    public void zeroGrad() {
        Arrays.fill(grads, 0f);
    }

    /** Weights in the logical layout: per layer, weight out x in (row-major, as PyTorch), then bias. */
    public float[] exportWeights() {
        float[] w = new float[parameterCount()];
        int k = 0;
        for (int l = 0; l < layers(); l++) {
            int in = sizes[l];
            int outN = sizes[l + 1];
            int ldw = padded[l + 1];
            for (int o = 0; o < outN; o++) {
                for (int i = 0; i < in; i++) {
                    w[k++] = params[weightOffset[l] + i * ldw + o];
                }
            }
            for (int o = 0; o < outN; o++) {
                w[k++] = params[biasOffset[l] + o];
            }
        }
        return w;
    }

    /** Sets the weights from the logical layout of {@link #exportWeights()}; padding is zeroed. */
    public void importWeights(float[] w) {
        if (w.length != parameterCount()) {
            throw new IllegalArgumentException("network " + Arrays.toString(sizes) + " has " + parameterCount()
                    + " parameters, got " + w.length);
        }
        Arrays.fill(params, 0f);
        int k = 0;
        for (int l = 0; l < layers(); l++) {
            int in = sizes[l];
            int outN = sizes[l + 1];
            int ldw = padded[l + 1];
            for (int o = 0; o < outN; o++) {
                for (int i = 0; i < in; i++) {
                    params[weightOffset[l] + i * ldw + o] = w[k++];
                }
            }
            for (int o = 0; o < outN; o++) {
                params[biasOffset[l] + o] = w[k++];
            }
        }
    }

    /**
     * Forward pass of {@code batch} rows of {@code x} (batch x inputSize); returns the output buffer
     * (batch x outputSize, valid until the next forward). Keeps the activations for {@link #backward}.
     */
    public float[] forward(float[] x, int batch) {
        int in0 = sizes[0];
        if (x.length < batch * in0) {
            throw new IllegalArgumentException("input holds " + x.length + " values; " + batch + " rows of "
                    + in0 + " need " + (batch * in0));
        }
        ensureCapacity(batch);
        lastBatch = batch;
        float[] a0 = acts[0];
        int p0 = padded[0];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(x, b * in0, a0, b * p0, in0);
        }
        for (int l = 0; l < layers(); l++) {
            int in = padded[l];
            int outW = padded[l + 1];
            Activation f = l == layers() - 1 ? output : hidden;
            float[] y = acts[l + 1];
            int logical = sizes[l + 1];
            int bias = biasOffset[l];
            // depth: the layer's own inputs; the padded ones are zeros in both operands and add nothing
            Gemm.multiply(batch, outW, sizes[l], acts[l], 0, in, 1, params, weightOffset[l], outW, y, 0, outW, false,
                    (r0, r1, c0, c1) -> Elementwise.biasActivate(y, r0, r1, outW, c0, c1, logical, params, bias, f));
        }
        int last = layers();
        int outN = sizes[last];
        int pl = padded[last];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(acts[last], b * pl, out, b * outN, outN);
        }
        return out;
    }

    /**
     * Backward pass for the last {@link #forward}: {@code gradOut} is dLoss/dOutput (batch x outputSize).
     * Adds parameter gradients into {@link #grads()} when {@code weightGradients} (false gives only the input
     * gradient, e.g. for TD3's actor step through the critic). Returns dLoss/dInput (batch x inputSize,
     * valid until the next call).
     */
    public float[] backward(float[] gradOut, boolean weightGradients) {
        return backward(gradOut, weightGradients, true);
    }

    /**
     * As {@link #backward(float[], boolean)}; with {@code inputGradient} false the first layer's input
     * gradient is not computed (a network trained on its own never needs it) and null is returned.
     */
    public float[] backward(float[] gradOut, boolean weightGradients, boolean inputGradient) {
        int batch = lastBatch;
        int last = layers();
        int outN = sizes[last];
        int pl = padded[last];
        float[] d = deltas[last];
        float[] y = acts[last];
        Arrays.fill(d, 0, batch * pl, 0f);
        for (int b = 0; b < batch; b++) {
            System.arraycopy(gradOut, b * outN, d, b * pl, outN);
        }
        Elementwise.activationBackward(d, y, batch * pl, output);
        for (int l = last - 1; l >= 0; l--) {
            int in = padded[l];
            int outW = padded[l + 1];
            float[] dOut = deltas[l + 1];
            float[] a = acts[l];
            float[] dIn = deltas[l];
            if (weightGradients) {
                // dW (in x out) += A^T dOut: A(m = i, k = b) = a[b * in + i]; the padded inputs' rows stay 0
                Gemm.multiply(sizes[l], outW, batch, a, 0, 1, in, dOut, 0, outW, grads, weightOffset[l], outW, true);
                Elementwise.biasGradient(dOut, batch, outW, grads, biasOffset[l]);
            }
            if (l == 0 && !inputGradient) {
                return null;
            }
            if ((long) in * outW > (long) batch * (in + outW)) {
                // a wide layer and a small batch: dIn^T (in x batch) = W dOut^T moves 2 x batch x width floats
                // through transposes instead of the width x width of W^T; every element sums the same products in
                // the same order (fma(a, b, c) = fma(b, a, c)), so both ways give the same bits
                int bp = Gemm.pad(batch);
                if (deltaT.length < Math.max(in, outW) * bp) {
                    // sized on first use: forward-only calls at large batches (acting, BCQ's candidates) never need it
                    int widest = Arrays.stream(padded).max().orElseThrow();
                    deltaT = new float[widest * bp];
                    inGradT = new float[widest * bp];
                }
                Elementwise.transpose(dOut, 0, batch, outW, outW, deltaT, bp);
                Gemm.multiply(in, bp, sizes[l + 1], params, weightOffset[l], outW, 1, deltaT, 0, bp, inGradT, 0, bp,
                        false);
                Elementwise.transpose(inGradT, 0, in, batch, bp, dIn, in);
                if (l > 0) {
                    Elementwise.activationBackward(dIn, a, 0, batch, in, 0, in, hidden);
                }
            } else {
                // dIn (batch x in) = dOut W^T; W^T (out x in) is copied so the kernel streams its rows
                Elementwise.transpose(params, weightOffset[l], in, outW, transposed);
                // depth: the layer's own outputs (a critic's single Q, not its padded 16); padded deltas are 0
                Gemm.multiply(batch, in, sizes[l + 1], dOut, 0, outW, 1, transposed, 0, in, dIn, 0, in, false, l == 0 ? null
                        : (r0, r1, c0, c1) -> Elementwise.activationBackward(dIn, a, r0, r1, in, c0, c1, hidden));
            }
        }
        int in0 = sizes[0];
        int p0 = padded[0];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(deltas[0], b * p0, inGrad, b * in0, in0);
        }
        return inGrad;
    }

    /**
     * Double back-propagation for a network whose activations have locally constant derivatives (ReLU or identity
     * hidden layers, identity output): adds to {@link #grads()} the gradient by the weights of
     * f = sum_b &lt;tangent_b, dInput_b&gt;, where dInput is the input gradient the last
     * {@link #backward(float[], boolean, boolean)} returned (called with {@code inputGradient}, after the last
     * {@link #forward}, and nothing since), its gradOut held constant. EDAC's diversity penalty is a function of
     * the critics' action gradients and reaches their weights this way.
     *
     * <p>With the activation masks D_l fixed, dInput = W_0 D_1 W_1 ... D_L gradOut is multilinear in the weights:
     * with T_0 = tangent and T_{l+1} = D_{l+1} (T_l W_l) (a forward pass without biases on the kept masks), the
     * gradient by W_l is T_l^T Delta_{l+1}, Delta the deltas of that backward pass; biases enter only through the
     * masks, so their gradient is 0. Two products per layer, on the same kernels as forward and backward.
     *
     * @param tangent [batch, inputSize], the batch of the last forward pass
     * @throws IllegalStateException for activations with curvature (tanh), whose second derivative this omits
     */
    public void addInputGradientWeightGradients(float[] tangent) {
        if ((hidden != Activation.RELU && hidden != Activation.IDENTITY) || output != Activation.IDENTITY) {
            throw new IllegalStateException("double back-propagation needs ReLU or identity hidden layers and an "
                    + "identity output, not " + hidden + " / " + output);
        }
        int batch = lastBatch;
        if (tangents.length != layers() || tangents[0].length < batch * padded[0]) {
            tangents = new float[layers()][];
            for (int l = 0; l < sizes.length - 1; l++) {
                tangents[l] = new float[capacity * padded[l]];
            }
        }
        int in0 = sizes[0];
        int p0 = padded[0];
        float[] t0 = tangents[0];
        java.util.Arrays.fill(t0, 0, batch * p0, 0f);
        for (int b = 0; b < batch; b++) {
            System.arraycopy(tangent, b * in0, t0, b * p0, in0);
        }
        for (int l = 0; l < layers(); l++) {
            int in = padded[l];
            int outW = padded[l + 1];
            float[] t = tangents[l];
            // dW (in x out) += T^T Delta: A(m = i, k = b) = t[b * in + i]
            Gemm.multiply(sizes[l], outW, batch, t, 0, 1, in, deltas[l + 1], 0, outW, grads, weightOffset[l], outW,
                    true);
            if (l + 1 < layers()) {
                float[] next = tangents[l + 1];
                float[] a = acts[l + 1];
                Gemm.multiply(batch, outW, sizes[l], t, 0, in, 1, params, weightOffset[l], outW, next, 0, outW, false,
                        (r0, r1, c0, c1) -> Elementwise.activationBackward(next, a, r0, r1, outW, c0, c1, hidden));
            }
        }
    }

    /**
     * Adds to {@link #grads()} the weight and bias gradients of a backward pass whose gradOut is the last
     * {@link #backward}'s with row b scaled by {@code rowScale[b]}, without running that pass: backward is linear in
     * gradOut and acts on each row alone, so its deltas are the kept ones scaled per row. Saves the products that
     * carry deltas down the layers. The kept deltas are scaled in place (call
     * {@link #addInputGradientWeightGradients} before, not after). EDAC's critic step: the action gradient's backward
     * of dQ = 1 serves the regression loss's dQ = dl/dQ too.
     */
    public void addRowScaledWeightGradients(float[] rowScale) {
        int batch = lastBatch;
        for (int l = 1; l <= layers(); l++) {
            float[] d = deltas[l];
            int w = padded[l];
            for (int b = 0; b < batch; b++) {
                float c = rowScale[b];
                for (int k = b * w; k < (b + 1) * w; k++) {
                    d[k] *= c;
                }
            }
        }
        for (int l = layers() - 1; l >= 0; l--) {
            int in = padded[l];
            int outW = padded[l + 1];
            Gemm.multiply(sizes[l], outW, batch, acts[l], 0, 1, in, deltas[l + 1], 0, outW, grads, weightOffset[l], outW,
                    true);
            Elementwise.biasGradient(deltas[l + 1], batch, outW, grads, biasOffset[l]);
        }
    }

    /** Saves the (padded) parameters under {@code name}, in this machine's layout (exact resume). */
    public void save(rrl.checkpoint.Checkpoint c, String name) {
        c.putTensor(name, params);
    }

    /**
     * Restores what {@link #save} wrote, on this machine or on one whose vectors have another width (AVX-512 16
     * floats, AVX2 8, NEON 4): its padded layout is converted to this machine's.
     *
     * @throws IllegalArgumentException one line when the values are no padded layout of this network's shape
     */
    public void restore(rrl.checkpoint.Checkpoint c, String name) {
        float[] p = inThisLayout(c.tensor(name), "network state " + name);
        System.arraycopy(p, 0, params, 0, params.length);
    }

    /**
     * Whether {@code length} values are this network's parameters in the padded layout of some vector width
     * (1 to 64 floats per vector), e.g. a saved training state's.
     */
    public boolean holdsLayout(int length) {
        return storedLanes(length) > 0;
    }

    /**
     * {@code stored}, a parameter-shaped buffer (parameters, or an optimiser's moments of them) saved in the padded
     * layout of a machine with some vector width, in this machine's layout: the buffer itself when the layouts are
     * the same, else a copy with every weight and bias moved to its place here (padding stays zero). Layouts of
     * equal length are the same layout, since a wider padding lengthens some layer.
     *
     * @param what names the buffer in the error
     * @throws IllegalArgumentException one line when {@code stored} is no padded layout of this network's shape
     */
    public float[] inThisLayout(float[] stored, String what) {
        if (stored.length == params.length) {
            return stored;
        }
        int lanes = storedLanes(stored.length);
        if (lanes < 0) {
            throw new IllegalArgumentException(what + " holds " + stored.length + " values, expected " + params.length
                    + " for a network of layers " + Arrays.toString(sizes) + " (another shape)");
        }
        float[] out = new float[params.length];
        int src = 0;
        for (int l = 0; l < layers(); l++) {
            int outW = padTo(sizes[l + 1], lanes);
            for (int i = 0; i < sizes[l]; i++) {
                System.arraycopy(stored, src + i * outW, out, weightOffset[l] + i * padded[l + 1], sizes[l + 1]);
            }
            src += padTo(sizes[l], lanes) * outW;
            System.arraycopy(stored, src, out, biasOffset[l], sizes[l + 1]);
            src += outW;
        }
        return out;
    }

    /** The vector width (floats) whose padded layout of this shape has {@code length} values, or -1. */
    private int storedLanes(int length) {
        for (int lanes = 1; lanes <= 64; lanes <<= 1) {
            long n = 0;
            for (int l = 0; l < layers(); l++) {
                n += (long) padTo(sizes[l], lanes) * padTo(sizes[l + 1], lanes) + padTo(sizes[l + 1], lanes);
            }
            if (n == length) {
                return lanes;
            }
        }
        return -1;
    }

    private static int padTo(int n, int lanes) {
        return (n + lanes - 1) / lanes * lanes;
    }

    /** Copies parameters from a network of the same shape (hard target update). */
    public void copyFrom(Mlp other) {
        checkSameShape(other);
        System.arraycopy(other.params, 0, params, 0, params.length);
    }

    /** Polyak averaging, this = (1 - tau) * this + tau * other (soft target update). */
    public void softUpdateFrom(Mlp other, float tau) {
        checkSameShape(other);
        Elementwise.lerp(params, other.params, tau);
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
            acts[l] = new float[batch * padded[l]];
            deltas[l] = new float[batch * padded[l]];
        }
        out = new float[batch * sizes[sizes.length - 1]];
        inGrad = new float[batch * sizes[0]];
        capacity = batch;
    }
}
