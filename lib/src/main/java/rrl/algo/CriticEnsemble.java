package rrl.algo;

import java.util.Set;
import rrl.checkpoint.Checkpoint;
import rrl.nn.Activation;
import rrl.nn.Adam;
import rrl.nn.Mlp;
import rrl.nn.NetThreads;
import rrl.replay.TransitionBatch;

/**
 * N critics Q_i(obs, action) -> value, each an MLP (ReLU hidden layers, linear output) on the concatenated
 * input [obs | act], with their target copies, one Adam each, Polyak target updates and checkpointing.
 * TD3, TD3+BC and SAC use N = 2 with the minimum as target (clipped double Q, {@link Config#twin()}); RIQL an
 * alpha-quantile over N critics with a Huber loss; EDAC a larger N. Learners compute their own regression
 * targets y and actor losses from what this class offers:
 * <ul>
 *   <li>{@link #targetValues}: the N target critics on (s', a'), reduced to one value per row;</li>
 *   <li>{@link #step}: one regression step of every critic towards y;</li>
 *   <li>{@link #stepWithDiversity}: the same with EDAC's ensemble-diversity penalty of the critics' action
 *       gradients added (its weight gradient by double back-propagation);</li>
 *   <li>{@link #forward}, {@link #forwardAll}, {@link #actionGradient}: Q values of the online critics and
 *       their gradients by the action, for actor losses.</li>
 * </ul>
 * Critic i (from 0) is initialised with {@code seed + i}, its target is a copy of it. Observations are
 * expected normalised, actions in [-1, 1]; batches are row-major ({@code obs} [n, obsDim], {@code act}
 * [n, actDim]). Not thread-safe: outputs live in buffers reused by the next call.
 */
public final class CriticEnsemble {
    /**
     * How the N target values of a row become one: MIN (clipped double Q, Fujimoto et al. 2018), MEAN, the
     * alpha-QUANTILE (RIQL, Yang et al. 2024: {@code torch.quantile(target_qs, quantile, dim=0)}), or MIX,
     * BCQ's soft clipped double Q alpha min + (1 - alpha) max (Fujimoto et al. 2019, arXiv 1812.02900 eq. 13;
     * d3rlpy's ensemble reduction "mix": {@code lam * min_values + (1.0 - lam) * max_values}).
     *
     * @param alpha QUANTILE's level or MIX's weight of the minimum, in [0, 1]; 0 for MIN and MEAN
     */
    public record Target(Kind kind, double alpha) {
        public enum Kind { MIN, MEAN, QUANTILE, MIX }

        public Target {
            if (kind == null) {
                throw new IllegalArgumentException("a target reduction needs a kind: MIN, MEAN, QUANTILE or MIX");
            }
            boolean weighted = kind == Kind.QUANTILE || kind == Kind.MIX;
            if (weighted ? !(alpha >= 0 && alpha <= 1) : alpha != 0) {
                throw new IllegalArgumentException(kind == Kind.QUANTILE
                        ? "the quantile level must be in [0, 1], got " + alpha
                        : kind == Kind.MIX ? "the weight of the minimum (BCQ's lambda) must be in [0, 1], got " + alpha
                        : kind + " takes no level; got alpha = " + alpha);
            }
        }

        public static Target min() {
            return new Target(Kind.MIN, 0);
        }

        public static Target mean() {
            return new Target(Kind.MEAN, 0);
        }

        /** The alpha-quantile (RIQL's default level: 0.25). */
        public static Target quantile(double alpha) {
            return new Target(Kind.QUANTILE, alpha);
        }

        /** lambda min + (1 - lambda) max (BCQ's default lambda: 0.75). */
        public static Target mix(double lambda) {
            return new Target(Kind.MIX, lambda);
        }

        /** The reduction of {@code values} (at least one); NaN if any value is NaN. */
        public double reduce(float... values) {
            if (values.length == 0) {
                throw new IllegalArgumentException("nothing to reduce: no critic values");
            }
            double[] v = new double[values.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = values[i];
            }
            return reduce(v, v.length);
        }

        /**
         * The reduction of {@code values[0 .. n)}, which QUANTILE sorts in place.
         *
         * <p>QUANTILE is numpy's default ("linear", Hyndman and Fan's type 7) quantile, the same as
         * {@code torch.quantile}'s default that RIQL calls: with the values sorted v_0 <= ... <= v_{n-1},
         * h = (n - 1) alpha, i = floor(h), g = h - i, the result is v_i + g (v_{i+1} - v_i), computed as
         * numpy's {@code _lerp} does (v_{i+1} - (v_{i+1} - v_i)(1 - g) when g >= 0.5, for accuracy near the
         * upper value). See https://numpy.org/doc/stable/reference/generated/numpy.quantile.html.
         */
        double reduce(double[] values, int n) {
            switch (kind) {
                case MIN -> {
                    double m = values[0];
                    for (int i = 1; i < n; i++) {
                        m = Math.min(m, values[i]);
                    }
                    return m;
                }
                case MEAN -> {
                    double s = 0;
                    for (int i = 0; i < n; i++) {
                        s += values[i];
                    }
                    return s / n;
                }
                case MIX -> {
                    double lo = values[0];
                    double hi = values[0];
                    for (int i = 1; i < n; i++) {
                        lo = Math.min(lo, values[i]);
                        hi = Math.max(hi, values[i]);
                    }
                    return alpha * lo + (1 - alpha) * hi;
                }
                default -> {
                    return quantile(values, n, alpha);
                }
            }
        }

        private static double quantile(double[] v, int n, double alpha) {
            // insertion sort: n is a handful of critics, and NaN must not be sorted silently to one end
            for (int i = 0; i < n; i++) {
                if (Double.isNaN(v[i])) {
                    return Double.NaN;
                }
                double x = v[i];
                int j = i - 1;
                while (j >= 0 && v[j] > x) {
                    v[j + 1] = v[j];
                    j--;
                }
                v[j + 1] = x;
            }
            double h = (n - 1) * alpha;
            int lo = (int) Math.floor(h);
            int hi = Math.min(lo + 1, n - 1);
            double g = h - lo;
            double d = v[hi] - v[lo];
            return g >= 0.5 ? v[hi] - d * (1 - g) : v[lo] + d * g;
        }
    }

    /**
     * The regression loss of each critic on the batch, averaged over rows, summed over critics:
     * sum_i mean_b l(Q_i(s_b, a_b) - y_b). MSE: l(e) = e^2 (TD3, SAC: MSE(Q1, y) + MSE(Q2, y), as
     * sfujim/TD3's {@code F.mse_loss(current_Q1, target_Q) + F.mse_loss(current_Q2, target_Q)}). HUBER:
     * PyTorch's {@code torch.nn.HuberLoss(delta)}, l(e) = e^2 / 2 for |e| < delta, delta (|e| - delta / 2)
     * otherwise. RIQL's {@code huber_loss(diff, sigma)} is smooth L1 with beta = 1 / sigma^2, i.e.
     * Huber(delta = beta) / beta, and its code averages over the critics too ({@code .mean()} over
     * [N, batch]); both are constant factors on the loss, which Adam's update does not see (up to its eps).
     *
     * @param delta HUBER's threshold (> 0) between the quadratic and the linear part; 0 for MSE
     */
    public record Loss(Kind kind, double delta) {
        public enum Kind { MSE, HUBER }

        public Loss {
            if (kind == null) {
                throw new IllegalArgumentException("a critic loss needs a kind: MSE or HUBER");
            }
            if (kind == Kind.HUBER ? !(delta > 0 && delta < Double.POSITIVE_INFINITY) : delta != 0) {
                throw new IllegalArgumentException(kind == Kind.HUBER
                        ? "the Huber threshold delta must be finite and > 0, got " + delta
                        : "MSE takes no delta; got " + delta);
            }
        }

        public static Loss mse() {
            return new Loss(Kind.MSE, 0);
        }

        public static Loss huber(double delta) {
            return new Loss(Kind.HUBER, delta);
        }

        /** l(e) for the error e = Q - y. */
        public double value(double e) {
            if (kind == Kind.MSE) {
                return e * e;
            }
            double a = Math.abs(e);
            return a < delta ? 0.5 * e * e : delta * (a - 0.5 * delta);
        }

        /** dl/de. */
        public double derivative(double e) {
            if (kind == Kind.MSE) {
                return 2 * e;
            }
            return Math.abs(e) < delta ? e : delta * Math.signum(e);
        }
    }

    /**
     * @param size N, the number of critics (>= 1)
     * @param target how the N target values of a row become one
     * @param loss each critic's regression loss
     */
    public record Config(int size, Target target, Loss loss) {
        public Config {
            if (size < 1) {
                throw new IllegalArgumentException("a critic ensemble needs at least one critic, got " + size);
            }
            if (target == null || loss == null) {
                throw new IllegalArgumentException("a critic ensemble needs a target reduction and a loss");
            }
        }

        /** TD3's clipped double Q: two critics, min target, MSE (TD3, TD3+BC, SAC). */
        public static Config twin() {
            return new Config(2, Target.min(), Loss.mse());
        }

        public Config withSize(int n) {
            return new Config(n, target, loss);
        }

        public Config withTarget(Target t) {
            return new Config(size, t, loss);
        }

        public Config withLoss(Loss l) {
            return new Config(size, target, l);
        }
    }

    private final Config config;
    private final int obsDim;
    private final int actDim;
    private final Mlp[] q;
    private final Mlp[] qTarget;
    private final Adam[] opt;
    // [obs | act] rows; the target side has its own so a target pass never overwrites an online batch
    private float[] input = new float[0];
    private float[] targetInput = new float[0];
    private float[][] out;
    private float[][] targetOut;
    private float[][] grad;
    private double[] reduced = new double[0];
    private final double[] row;
    // the diversity penalty's buffers (EDAC), sized on first use
    private float[] ones = new float[0];
    private float[][] actionGrad;
    private float[][] penaltyGrad;
    private float[][] tangent;
    private final double[] penaltyNorms;
    private double[] penaltySum = new double[0];

    /**
     * @param hidden hidden layer widths of every critic
     * @param optimizer each critic's Adam (TD3, SAC: lr 3e-4, PyTorch's betas and eps)
     * @param seed critic i is initialised with seed + i
     */
    public CriticEnsemble(int obsDim, int actDim, int[] hidden, Config config, Adam.Config optimizer, long seed) {
        this.config = config;
        this.obsDim = obsDim;
        this.actDim = actDim;
        int n = config.size();
        int[] sizes = Mlp.layerSizes(obsDim + actDim, hidden, 1);
        this.q = new Mlp[n];
        this.qTarget = new Mlp[n];
        this.opt = new Adam[n];
        for (int i = 0; i < n; i++) {
            q[i] = new Mlp(sizes, Activation.RELU, Activation.IDENTITY).initialize(seed + i);
            qTarget[i] = new Mlp(sizes, Activation.RELU, Activation.IDENTITY);
            qTarget[i].copyFrom(q[i]);
            opt[i] = new Adam(optimizer, q[i]);
        }
        this.out = new float[n][0];
        this.targetOut = new float[n][0];
        this.grad = new float[n][0];
        this.row = new double[n];
        this.actionGrad = new float[n][0];
        this.penaltyGrad = new float[n][0];
        this.tangent = new float[n][0];
        this.penaltyNorms = new double[n];
    }

    public Config config() {
        return config;
    }

    /** N. */
    public int size() {
        return q.length;
    }

    /** Online critic i (from 0). */
    public Mlp q(int i) {
        return q[i];
    }

    public Mlp q1() {
        return q[0];
    }

    public Mlp q2() {
        return q[1];
    }

    /** Target critic i (from 0). */
    public Mlp target(int i) {
        return qTarget[i];
    }

    private float[] concat(float[] buf, float[] obs, float[] act, int batch) {
        int w = obsDim + actDim;
        for (int b = 0; b < batch; b++) {
            System.arraycopy(obs, b * obsDim, buf, b * w, obsDim);
            System.arraycopy(act, b * actDim, buf, b * w + obsDim, actDim);
        }
        return buf;
    }

    private void ensure(int batch) {
        int w = obsDim + actDim;
        if (input.length < batch * w) {
            input = new float[batch * w];
            targetInput = new float[batch * w];
            reduced = new double[batch];
            for (int i = 0; i < q.length; i++) {
                out[i] = new float[batch];
                targetOut[i] = new float[batch];
                grad[i] = new float[batch];
            }
        }
    }

    /** Q_i(obs, act) of online critic i for each row, into {@link #last}(i) (valid until the next call). */
    public float[] forward(int i, float[] obs, float[] act, int batch) {
        ensure(batch);
        System.arraycopy(q[i].forward(concat(input, obs, act, batch), batch), 0, out[i], 0, batch);
        return out[i];
    }

    /** Q1(obs, act) for each row (TD3's actor loss). */
    public float[] forwardQ1(float[] obs, float[] act, int batch) {
        return forward(0, obs, act, batch);
    }

    /**
     * Every online critic on (obs, act), into {@link #last}(0 .. N-1); each keeps its activations. The critics
     * run side by side on the {@link NetThreads} (as in every pass over all critics here): one hand-off per
     * pass instead of one per matrix product.
     */
    public void forwardAll(float[] obs, float[] act, int batch) {
        ensure(batch);
        float[] in = concat(input, obs, act, batch);
        NetThreads.run(q.length, i -> System.arraycopy(q[i].forward(in, batch), 0, out[i], 0, batch));
    }

    /** Online critic i's values of the last {@link #forward} or {@link #forwardAll} (a buffer, reused). */
    public float[] last(int i) {
        return out[i];
    }

    /**
     * Back-propagates dLoss/dQ_i ({@code dQ}, [batch]) through critic i's last forward pass and writes (or with
     * {@code accumulate} adds) the action part of its input gradient into {@code dAct} [batch, actDim]. No
     * weight gradients: this is how an actor loss reaches the actor through a critic.
     */
    public void actionGradient(int i, float[] dQ, int batch, float[] dAct, boolean accumulate) {
        addActionGradient(q[i].backward(dQ, false), batch, dAct, accumulate);
    }

    /**
     * The sum over critics i of {@link #actionGradient}(i, dQ[i]) into {@code dAct} [batch, actDim], the
     * critics' backward passes side by side, their gradients added in order 0 .. N-1 (so the sum is the same
     * on any thread count).
     */
    public void actionGradients(float[][] dQ, int batch, float[] dAct) {
        if (dQ.length != q.length) {
            throw new IllegalArgumentException(q.length + " critics, got " + dQ.length + " gradients");
        }
        float[][] dInput = new float[q.length][];
        NetThreads.run(q.length, i -> dInput[i] = q[i].backward(dQ[i], false));
        for (int i = 0; i < q.length; i++) {
            addActionGradient(dInput[i], batch, dAct, i > 0);
        }
    }

    private void addActionGradient(float[] dInput, int batch, float[] dAct, boolean accumulate) {
        int w = obsDim + actDim;
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < actDim; j++) {
                float g = dInput[b * w + obsDim + j];
                dAct[b * actDim + j] = accumulate ? dAct[b * actDim + j] + g : g;
            }
        }
    }

    /**
     * The target critics on (nextObs, nextAct), reduced over the ensemble per {@link Config#target}: one value
     * per row (a buffer, valid until the next call). The individual values stay in {@link #lastTarget}.
     */
    public double[] targetValues(float[] nextObs, float[] nextAct, int batch) {
        ensure(batch);
        float[] in = concat(targetInput, nextObs, nextAct, batch);
        NetThreads.run(qTarget.length, i -> System.arraycopy(qTarget[i].forward(in, batch), 0, targetOut[i], 0, batch));
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < qTarget.length; i++) {
                row[i] = targetOut[i][b];
            }
            reduced[b] = config.target().reduce(row, row.length);
        }
        return reduced;
    }

    /** Target critic i's values of the last {@link #targetValues} call. */
    public float[] lastTarget(int i) {
        return targetOut[i];
    }

    /**
     * The loss sum_i mean_b l(Q_i(s_b, a_b) - y_b) on the batch's (obs, action), with its gradients left in the
     * critics' grad buffers (zeroed first).
     *
     * @param y regression targets [batch.size]
     */
    public double lossAndGradients(TransitionBatch batch, float[] y) {
        return regress(batch, y, false);
    }

    /** One Adam step of every critic towards y; returns the loss before the step. */
    public double step(TransitionBatch batch, float[] y) {
        return regress(batch, y, true);
    }

    /**
     * Loss gradients (and with {@code adamStep} the Adam step) of every critic, each critic from forward pass
     * to step in one task (they share only the read-only input), then the loss summed in a fixed order.
     */
    private double regress(TransitionBatch batch, float[] y, boolean adamStep) {
        int n = batch.size;
        ensure(n);
        float[] in = concat(input, batch.obs, batch.actions, n);
        Loss l = config.loss();
        NetThreads.run(q.length, i -> {
            Mlp m = q[i];
            m.zeroGrad();
            float[] qi = out[i];
            float[] gi = grad[i];
            System.arraycopy(m.forward(in, n), 0, qi, 0, n);
            for (int b = 0; b < n; b++) {
                double e = qi[b] - y[b];
                gi[b] = (float) (l.derivative(e) / n);
            }
            m.backward(gi, true, false);
            if (adamStep) {
                opt[i].step(m.params(), m.grads());
            }
        });
        double loss = 0;
        for (int b = 0; b < n; b++) {
            double sum = 0;
            for (int i = 0; i < q.length; i++) {
                double e = out[i][b] - y[b];
                sum += l.value(e);
            }
            loss += sum / n;
        }
        return loss;
    }

    /**
     * EDAC's critic step (An et al. 2021; CORL {@code edac.py} {@code _critic_loss}): one Adam step of every critic
     * on sum_i mean_b l(Q_i(s_b, a_b) - y_b) + eta D, D the ensemble-diversity penalty of the critics' action
     * gradients at the batch's (s, a) ({@link DiversityPenalty}), its gradient by the weights taken by double
     * back-propagation ({@code Mlp.addInputGradientWeightGradients}).
     *
     * @return {regression loss, D} before the step (D without eta)
     */
    public double[] stepWithDiversity(TransitionBatch batch, float[] y, double eta) {
        return withDiversity(batch.obs, batch.actions, batch.size, y, eta, true);
    }

    /** As {@link #stepWithDiversity} without the Adam step: the gradients stay in the critics' grad buffers. */
    public double[] lossAndGradientsWithDiversity(TransitionBatch batch, float[] y, double eta) {
        return withDiversity(batch.obs, batch.actions, batch.size, y, eta, false);
    }

    /**
     * eta D on (obs, act) alone (no regression term), its gradients left in the critics' grad buffers (zeroed
     * first); returns D. For tests of the penalty's gradient.
     */
    public double diversityAndGradients(float[] obs, float[] act, int batch, double eta) {
        return withDiversity(obs, act, batch, null, eta, false)[1];
    }

    /**
     * Per critic: forward on [s | a], backward of dQ/dQ = 1 to the input (the action gradient g_i, its deltas kept);
     * then D and dD/dg_i over the ensemble; then per critic the second-order pass on the tangent [0 | eta dD/dg_i],
     * the regression loss's weight gradients from the same backward's deltas scaled by dl/dQ per row (which
     * overwrites them, so it comes second) and the Adam step.
     */
    private double[] withDiversity(float[] obs, float[] act, int n, float[] y, double eta, boolean adamStep) {
        ensure(n);
        int w = obsDim + actDim;
        if (ones.length < n) {
            ones = new float[n];
            java.util.Arrays.fill(ones, 1f);
            penaltySum = new double[actDim];
            for (int i = 0; i < q.length; i++) {
                actionGrad[i] = new float[n * actDim];
                penaltyGrad[i] = new float[n * actDim];
                tangent[i] = new float[n * w];
            }
        }
        float[] in = concat(input, obs, act, n);
        NetThreads.run(q.length, i -> {
            Mlp m = q[i];
            m.zeroGrad();
            System.arraycopy(m.forward(in, n), 0, out[i], 0, n);
            float[] dIn = m.backward(ones, false, true);
            for (int b = 0; b < n; b++) {
                System.arraycopy(dIn, b * w + obsDim, actionGrad[i], b * actDim, actDim);
            }
        });
        double penalty = DiversityPenalty.valueAndGradients(actionGrad, n, actDim, eta, penaltyGrad, penaltySum,
                penaltyNorms);
        Loss l = config.loss();
        NetThreads.run(q.length, i -> {
            Mlp m = q[i];
            float[] t = tangent[i];
            for (int b = 0; b < n; b++) {
                System.arraycopy(penaltyGrad[i], b * actDim, t, b * w + obsDim, actDim);
            }
            m.addInputGradientWeightGradients(t);
            if (y != null) {
                float[] gi = grad[i];
                for (int b = 0; b < n; b++) {
                    gi[b] = (float) (l.derivative(out[i][b] - y[b]) / n);
                }
                // the backward of dQ = 1 above, scaled per row: the regression's backward without its own pass
                m.addRowScaledWeightGradients(gi);
            }
            if (adamStep) {
                opt[i].step(m.params(), m.grads());
            }
        });
        double loss = 0;
        if (y != null) {
            for (int b = 0; b < n; b++) {
                double sum = 0;
                for (int i = 0; i < q.length; i++) {
                    sum += l.value(out[i][b] - y[b]);
                }
                loss += sum / n;
            }
        }
        return new double[] {loss, penalty};
    }

    /** Polyak averaging of every target towards its critic: target = (1 - tau) target + tau online. */
    public void softUpdateTargets(float tau) {
        NetThreads.run(q.length, i -> qTarget[i].softUpdateFrom(q[i], tau));
    }

    /** The checkpoint name of critic i (from 0): "q1", "q2", ... as TD3 and SAC checkpoints have always named them. */
    static String name(int i) {
        return "q" + (i + 1);
    }

    /** The networks only, online and target (optimisers keep their current state). */
    public void restoreNetworks(Checkpoint c) {
        int held = criticsIn(c.tensorNames());
        if (held != q.length) {
            throw new IllegalArgumentException("checkpoint (" + c.kind() + ") holds " + held + " critics (q1 .. q"
                    + held + "), this ensemble has " + q.length);
        }
        for (int i = 0; i < q.length; i++) {
            q[i].restore(c, name(i));
            qTarget[i].restore(c, name(i) + "_target");
        }
    }

    /** Critics, targets and optimisers under "q1", "q1_target", "adam_q1", "q2", ... */
    public void save(Checkpoint c) {
        for (int i = 0; i < q.length; i++) {
            q[i].save(c, name(i));
        }
        for (int i = 0; i < q.length; i++) {
            qTarget[i].save(c, name(i) + "_target");
        }
        for (int i = 0; i < q.length; i++) {
            opt[i].save(c, "adam_" + name(i));
        }
    }

    /** Restores what {@link #save} wrote. */
    public void restore(Checkpoint c) {
        restoreNetworks(c);
        for (int i = 0; i < q.length; i++) {
            opt[i].restore(c, "adam_" + name(i));
        }
    }

    /** How many critics q1, q2, ... a checkpoint holds (consecutive from q1). */
    private static int criticsIn(Set<String> tensors) {
        int k = 0;
        while (tensors.contains(name(k))) {
            k++;
        }
        return k;
    }
}
