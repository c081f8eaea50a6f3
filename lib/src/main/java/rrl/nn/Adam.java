package rrl.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Adam with PyTorch's update (torch.optim.Adam, no weight decay, no amsgrad): bias-corrected moments and
 * epsilon added after the bias-corrected square root, p -= lr/(1-b1^t) * m / (sqrt(v)/sqrt(1-b2^t) + eps).
 * ND4J puts epsilon elsewhere, which drifts weights by 1-2% after ten steps; matching PyTorch keeps our
 * runs comparable with the reference implementations.
 *
 * <p>The rate lr of each step comes from the config's {@link LrSchedule} at the optimiser's own step count,
 * so a restored optimiser (its count is in the checkpoint) continues the schedule exactly. The schedule
 * itself is not stored: it is part of the learner's config, which the run checks on resume.
 */
public final class Adam {
    /**
     * @param lr learning rate (3e-4 for TD3, TD3+BC and SAC: sfujim/TD3_BC main.py, rlkit examples/sac.py;
     *     notebooks/references.md)
     * @param beta1 first-moment decay (PyTorch default 0.9)
     * @param beta2 second-moment decay (PyTorch default 0.999)
     * @param eps added to the denominator (PyTorch default 1e-8)
     * @param schedule how lr changes over the steps ({@link LrSchedule#constant()} unless an algorithm's paper
     *     says otherwise, e.g. IQL's cosine-decayed actor rate)
     */
    public record Config(double lr, double beta1, double beta2, double eps, LrSchedule schedule) {
        public Config {
            if (schedule == null) {
                throw new IllegalArgumentException("Adam needs a learning-rate schedule; use LrSchedule.constant()");
            }
        }

        /** A constant learning rate. */
        public Config(double lr, double beta1, double beta2, double eps) {
            this(lr, beta1, beta2, eps, LrSchedule.constant());
        }

        /** PyTorch's defaults with the papers' learning rate 3e-4. */
        public static Config defaults() {
            return new Config(3e-4, 0.9, 0.999, 1e-8);
        }

        public Config withSchedule(LrSchedule s) {
            return new Config(lr, beta1, beta2, eps, s);
        }
    }

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Parameters from which a step is split over the {@link NetThreads} (it is memory-bound: 28 bytes each). */
    static final int PARALLEL_MIN = 1 << 16;
    private final Config config;
    private final float[] m;
    private final float[] v;
    private long t;
    /** The network whose padded layout the moments have (null: a plain vector). */
    private final Mlp layout;

    public Adam(Config config, int size) {
        this(config, size, null);
    }

    /**
     * An optimiser of {@code net}'s parameters: its moments have the network's padded layout, so a checkpoint saved on
     * a machine with another vector width restores here ({@link Mlp#inThisLayout}).
     */
    public Adam(Config config, Mlp net) {
        this(config, net.params().length, net);
    }

    private Adam(Config config, int size, Mlp layout) {
        this.config = config;
        this.m = new float[size];
        this.v = new float[size];
        this.layout = layout;
    }

    /** Saves moments and step count under {@code prefix} (exact resume). */
    public void save(rrl.checkpoint.Checkpoint c, String prefix) {
        c.putTensor(prefix + ".m", m).putTensor(prefix + ".v", v).putLongs(prefix + ".t", t);
    }

    /** Restores what {@link #save} wrote. */
    public void restore(rrl.checkpoint.Checkpoint c, String prefix) {
        float[] mm = c.tensor(prefix + ".m");
        float[] vv = c.tensor(prefix + ".v");
        if (layout != null) {
            mm = layout.inThisLayout(mm, "optimiser state " + prefix + ".m");
            vv = layout.inThisLayout(vv, "optimiser state " + prefix + ".v");
        }
        if (mm.length != m.length || vv.length != v.length) {
            throw new IllegalArgumentException("optimiser state " + prefix + " holds " + mm.length + " moments, expected "
                    + m.length + " (a checkpoint from a machine with another vector width cannot resume here)");
        }
        System.arraycopy(mm, 0, m, 0, m.length);
        System.arraycopy(vv, 0, v, 0, v.length);
        t = c.longs(prefix + ".t")[0];
    }

    /** Steps taken so far. */
    public long steps() {
        return t;
    }

    public Config config() {
        return config;
    }

    /** The learning rate the next {@link #step} will use (the schedule at {@link #steps()}). */
    public double learningRate() {
        return config.schedule().rate(config.lr(), t);
    }

    /** One update of {@code params} with {@code grads} (same length as this optimiser). */
    public void step(float[] params, float[] grads) {
        // the rate of the step after t completed ones: PyTorch's scheduler steps after the optimiser
        step(params, grads, config.schedule().rate(config.lr(), t));
    }

    /**
     * One update at the rate {@code lr}, ignoring the schedule: for algorithms whose rate follows something other
     * than this optimiser's step count (PPO anneals its rate per rollout iteration, not per minibatch step).
     */
    public void step(float[] params, float[] grads, double lr) {
        if (params.length != m.length || grads.length != m.length) {
            throw new IllegalArgumentException("Adam holds " + m.length + " moments, got " + params.length
                    + " parameters and " + grads.length + " gradients");
        }
        t++;
        float stepSize = (float) (lr / (1.0 - Math.pow(config.beta1(), t)));
        float sqrtBc2 = (float) Math.sqrt(1.0 - Math.pow(config.beta2(), t));
        // element-wise, so splitting it changes no number
        NetThreads.elementwise(params.length, PARALLEL_MIN, (from, to) -> update(params, grads, from, to, stepSize,
                sqrtBc2));
    }

    private void update(float[] params, float[] grads, int from, int to, float stepSize, float sqrtBc2) {
        float b1 = (float) config.beta1();
        float b2 = (float) config.beta2();
        float eps = (float) config.eps();
        // Vectorised: a scalar sqrt and divide per parameter cost about a sixth of a TD3+BC update.
        FloatVector vb1 = FloatVector.broadcast(S, b1);
        FloatVector vb2 = FloatVector.broadcast(S, b2);
        FloatVector v1b1 = FloatVector.broadcast(S, 1f - b1);
        FloatVector v1b2 = FloatVector.broadcast(S, 1f - b2);
        FloatVector vStep = FloatVector.broadcast(S, stepSize);
        FloatVector vInvSqrtBc2 = FloatVector.broadcast(S, 1f / sqrtBc2);
        FloatVector vEps = FloatVector.broadcast(S, eps);
        int i = from;
        int bound = from + S.loopBound(to - from);
        for (; i < bound; i += S.length()) {
            FloatVector g = FloatVector.fromArray(S, grads, i);
            FloatVector mv = vb1.mul(FloatVector.fromArray(S, m, i)).add(v1b1.mul(g));
            FloatVector vv = vb2.mul(FloatVector.fromArray(S, v, i)).add(v1b2.mul(g).mul(g));
            mv.intoArray(m, i);
            vv.intoArray(v, i);
            FloatVector denom = vv.sqrt().mul(vInvSqrtBc2).add(vEps);
            FloatVector.fromArray(S, params, i).sub(vStep.mul(mv).div(denom)).intoArray(params, i);
        }
        for (; i < to; i++) {
            float g = grads[i];
            m[i] = b1 * m[i] + (1f - b1) * g;
            v[i] = b2 * v[i] + (1f - b2) * g * g;
            params[i] -= stepSize * m[i] / ((float) Math.sqrt(v[i]) / sqrtBc2 + eps);
        }
    }
}
