package rrl.policy;

import rrl.nn.Mlp;
import rrl.random.Rng;

/**
 * BCQ's greedy action (Fujimoto et al. 2019; d3rlpy BCQ {@code predict_best_action}): per state, {@code samples}
 * candidates from {@link BcqCandidates} (latents z ~ N(0, 1) clipped to [-0.5, 0.5]), the one with the highest
 * Q1 taken (the first index on ties, as {@code torch.argmax}). Stochastic in z, so seeded: the same seed and the
 * same observations give the same actions. One batched pass of samples x rows per network. Not thread-safe;
 * {@link #copy} is.
 */
public final class BcqSelection {
    private final Mlp decoder;
    private final Mlp perturbation;
    private final Mlp q1;
    private final int obsDim;
    private final int actDim;
    private final int samples;
    private final double flexibility;
    private final double latentClip;
    private final BcqCandidates candidates;
    private final long streamStart;
    private Rng rng;
    private float[] repeated = new float[0];
    private float[] z = new float[0];
    private float[] qIn = new float[0];

    /**
     * @param decoder the VAE decoder [obs | z] -> action
     * @param perturbation xi: [obs | action] -> (-1, 1)^actDim (tanh)
     * @param q1 the first critic [obs | action] -> Q
     * @param samples candidates per state (d3rlpy {@code n_action_samples} 100)
     * @param flexibility Phi (d3rlpy {@code action_flexibility} 0.05)
     * @param latentClip |z| bound (d3rlpy 0.5)
     * @param rng the generator of the latents (this object's own from now on; its state now is the stream's start)
     */
    public BcqSelection(Mlp decoder, Mlp perturbation, Mlp q1, int samples, double flexibility, double latentClip, Rng rng) {
        this.obsDim = q1.inputSize() - decoder.outputSize();
        this.actDim = decoder.outputSize();
        if (samples < 1 || q1.outputSize() != 1) {
            throw new IllegalArgumentException("BCQ selection needs >= 1 samples and a critic with one output, got "
                    + samples + " samples and critic " + java.util.Arrays.toString(q1.sizes()));
        }
        this.candidates = new BcqCandidates(decoder, perturbation, obsDim, flexibility);
        this.decoder = decoder;
        this.perturbation = perturbation;
        this.q1 = q1;
        this.samples = samples;
        this.flexibility = flexibility;
        this.latentClip = latentClip;
        this.rng = rng;
        this.streamStart = rng.state();
    }

    public int observationDim() {
        return obsDim;
    }

    public int actionDim() {
        return actDim;
    }

    public int samples() {
        return samples;
    }

    public double flexibility() {
        return flexibility;
    }

    public double latentClip() {
        return latentClip;
    }

    public Mlp decoder() {
        return decoder;
    }

    public Mlp perturbation() {
        return perturbation;
    }

    public Mlp q1() {
        return q1;
    }

    /**
     * The generator state this selection's latents started from: what a policy file stores, so a loaded policy
     * draws the candidates the saved one drew from its creation (e.g. those of the evaluation that preceded the save).
     */
    long streamStart() {
        return streamStart;
    }

    /** Actions [n, actDim] for normalised observations {@code obs} [n, obsDim]. */
    public void act(float[] obs, int n, double[] actions) {
        int rows = n * samples;
        int latent = candidates.latentDim();
        if (z.length < rows * latent) {
            repeated = new float[rows * obsDim];
            z = new float[rows * latent];
            qIn = new float[rows * (obsDim + actDim)];
        }
        BcqCandidates.repeatRows(obs, n, obsDim, samples, repeated);
        BcqCandidates.sampleLatents(rng, z, rows * latent, latentClip);
        float[] a = candidates.compute(repeated, z, rows);
        BcqCandidates.concat(qIn, repeated, obsDim, a, actDim, rows);
        float[] q = q1.forward(qIn, rows);
        for (int b = 0; b < n; b++) {
            int best = b * samples;
            for (int i = best + 1; i < (b + 1) * samples; i++) {
                if (q[i] > q[best]) {
                    best = i;
                }
            }
            for (int j = 0; j < actDim; j++) {
                actions[b * actDim + j] = a[best * actDim + j];
            }
        }
    }

    /** A copy with its own networks and a generator in the same state (acts as this one would from here). */
    public BcqSelection copy() {
        return new BcqSelection(copyOf(decoder), copyOf(perturbation), copyOf(q1), samples, flexibility, latentClip,
                Rng.restore(rng.state()));
    }

    /** A copy whose latents start from {@code seed}. */
    public BcqSelection withSeed(long seed) {
        return new BcqSelection(copyOf(decoder), copyOf(perturbation), copyOf(q1), samples, flexibility, latentClip,
                new Rng(seed));
    }

    private static Mlp copyOf(Mlp m) {
        Mlp c = new Mlp(m.sizes(), m.hiddenActivation(), m.outputActivation());
        c.copyFrom(m);
        return c;
    }
}
