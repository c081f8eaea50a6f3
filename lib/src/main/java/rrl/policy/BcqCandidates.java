package rrl.policy;

import rrl.nn.Mlp;
import rrl.random.Rng;

/**
 * BCQ's candidate actions (Fujimoto et al. 2019, arXiv 1812.02900): for rows of states s and latents z, the VAE
 * decoder's action a = D(s, z) (tanh output, or linear as in d3rlpy 2.x), then the perturbation a' = clip(a + Phi xi(s, a), -1, 1), xi the
 * perturbation network's tanh output (d3rlpy {@code DeterministicResidualPolicy}). Both networks run once on all
 * rows (one batched pass each); the perturbation network keeps its activations, so a learner can back-propagate
 * through it. Buffers grow to the largest row count seen and are reused. Not thread-safe.
 */
public final class BcqCandidates {
    private final Mlp decoder;
    private final Mlp perturbation;
    private final int obsDim;
    private final int actDim;
    private final int latentDim;
    private final float flexibility;
    private float[] decoderIn = new float[0];
    private float[] perturbationIn = new float[0];
    private float[] decoded = new float[0];
    private float[] unclipped = new float[0];
    private float[] actions = new float[0];

    /**
     * @param decoder [obs | z] -> action
     * @param perturbation [obs | action] -> xi in (-1, 1), tanh output
     * @param flexibility Phi, the perturbation's range
     */
    public BcqCandidates(Mlp decoder, Mlp perturbation, int obsDim, double flexibility) {
        this.decoder = decoder;
        this.perturbation = perturbation;
        this.obsDim = obsDim;
        this.actDim = decoder.outputSize();
        this.latentDim = decoder.inputSize() - obsDim;
        if (latentDim < 1 || perturbation.inputSize() != obsDim + actDim || perturbation.outputSize() != actDim) {
            throw new IllegalArgumentException("BCQ networks do not fit: decoder " + java.util.Arrays.toString(decoder.sizes())
                    + ", perturbation " + java.util.Arrays.toString(perturbation.sizes()) + " for observations of " + obsDim);
        }
        this.flexibility = (float) flexibility;
    }

    /**
     * The perturbed actions [rows, actDim] for states {@code obs} [rows, obsDim] and latents {@code z}
     * [rows, latentDim] (a buffer, valid until the next call).
     */
    public float[] compute(float[] obs, float[] z, int rows) {
        ensure(rows);
        concat(decoderIn, obs, obsDim, z, latentDim, rows);
        System.arraycopy(decoder.forward(decoderIn, rows), 0, decoded, 0, rows * actDim);
        concat(perturbationIn, obs, obsDim, decoded, actDim, rows);
        float[] xi = perturbation.forward(perturbationIn, rows);
        for (int k = 0; k < rows * actDim; k++) {
            float a = decoded[k] + flexibility * xi[k];
            unclipped[k] = a;
            actions[k] = Math.max(-1f, Math.min(1f, a));
        }
        return actions;
    }

    /** The decoder's actions of the last {@link #compute} (a buffer). */
    public float[] decoded() {
        return decoded;
    }

    /**
     * dLoss/dxi [rows, actDim] (into {@code out}) from dLoss/da' of the last {@link #compute}: Phi where a + Phi xi
     * lies in [-1, 1] (PyTorch's clamp passes the gradient at the bounds too), else 0.
     */
    public void perturbationGradient(float[] dActions, int rows, float[] out) {
        for (int k = 0; k < rows * actDim; k++) {
            float u = unclipped[k];
            out[k] = u >= -1f && u <= 1f ? flexibility * dActions[k] : 0f;
        }
    }

    public int latentDim() {
        return latentDim;
    }

    /**
     * {@code count} latents z ~ N(0, 1) clipped to [-clip, clip] into {@code z} (d3rlpy: {@code
     * torch.randn(...).clamp(-0.5, 0.5)}).
     */
    public static void sampleLatents(Rng rng, float[] z, int count, double clip) {
        for (int k = 0; k < count; k++) {
            z[k] = (float) Math.max(-clip, Math.min(clip, rng.nextGaussian()));
        }
    }

    /** {@code count} draws of N(0, 1) into {@code eps} (the VAE's reparameterisation noise). */
    public static void sampleGaussians(Rng rng, float[] eps, int count) {
        for (int k = 0; k < count; k++) {
            eps[k] = (float) rng.nextGaussian();
        }
    }

    /** Each of {@code rows} rows of {@code x} [rows, dim] repeated {@code times} times in a row into {@code out}. */
    public static void repeatRows(float[] x, int rows, int dim, int times, float[] out) {
        for (int b = 0; b < rows; b++) {
            for (int i = 0; i < times; i++) {
                System.arraycopy(x, b * dim, out, (b * times + i) * dim, dim);
            }
        }
    }

    /** Rows [a | b] of widths {@code da}, {@code db} into {@code out}. */
    public static void concat(float[] out, float[] a, int da, float[] b, int db, int rows) {
        int w = da + db;
        for (int r = 0; r < rows; r++) {
            System.arraycopy(a, r * da, out, r * w, da);
            System.arraycopy(b, r * db, out, r * w + da, db);
        }
    }

    private void ensure(int rows) {
        if (decoded.length < rows * actDim) {
            decoderIn = new float[rows * (obsDim + latentDim)];
            perturbationIn = new float[rows * (obsDim + actDim)];
            decoded = new float[rows * actDim];
            unclipped = new float[rows * actDim];
            actions = new float[rows * actDim];
        }
    }
}
