package rrl.policy;

import rrl.nn.Mlp;
import rrl.nn.NetThreads;
import rrl.random.Rng;

/**
 * Policy expansion's policy set [pi_offline (frozen), pi_online] and its selection (PEX, Zhang, Xu and Yu 2023,
 * arXiv 2302.00935, Haichao-Zhang/PEX {@code pex/algorithms/pex.py}; RPEX, He et al. 2025, arXiv 2509.24748,
 * felix-thu/RPEX {@code pex/algorithms/rpex.py}; notebooks/references.md#pex and #rpex). Per state:
 * <ul>
 *   <li>a1 = the offline policy's mode (its tanh mean); a2 = a sample of the online Gaussian
 *       N(tanh(linear(s)), exp(log_std)^2), not squashed (the references' {@code GaussianPolicy} with
 *       {@code scale_distribution=False}), so a2 may leave [-1, 1] as theirs does; at evaluation
 *       ({@link #evaluating}) a2 is the mode with probability 1 - 0.1 ({@code epsilon_greedy_sample(dist, eps=0.1)};
 *       while training eps = 1.0: a pure sample);</li>
 *   <li>Q_k = the critics on (s, a_k) reduced over the ensemble: PEX the minimum ({@code critic.min}), RPEX the
 *       alpha-quantile ({@code torch.quantile(q, quantile, dim=0)});</li>
 *   <li>logits: PEX alpha Q_k; RPEX alpha (Q_k + (kappa / alpha) IPW_k), IPW_k = clamp((Q_k - V(s)) /
 *       (pi_k(a_k|s) + 1e-6), -10000, 100) with pi_k the density of the policy that produced a_k; a deterministic
 *       offline policy has no density, and then IPW_1 = IPW_2 as the code sets it;</li>
 *   <li>w ~ Categorical(softmax(logits)) while training; at evaluation the argmax (the first on ties, as
 *       {@code torch.argmax}) with probability 0.9, else a sample; the executed action (1 - w) a1 + w a2.</li>
 * </ul>
 * Draws per row, in this order: actDim normal variates for a2, then three uniforms (a2's greedy mask, w's greedy
 * mask, w's sample), in training too, so the stream does not depend on the mode. Seeded: the same seed and
 * observations give the same actions on any thread count. Holds the networks it is given (live ones in a learner,
 * copies in an evaluation policy); not thread-safe, {@link #copy} is.
 */
public final class PolicySet {
    /** How the candidates are scored: PEX's min-Q softmax or RPEX's quantile-Q softmax with the IPW term. */
    public enum Kind { PEX, RPEX }

    /**
     * The selection's settings.
     *
     * @param inverseTemperature alpha (PEX {@code --inv_temperature} 10; RPEX 3)
     * @param quantile RPEX's level over the critics (its offline RIQL's); 0 for PEX (the minimum)
     * @param kappa RPEX's weight of the IPW term (0.1); 0 for PEX
     * @param evalEpsilon the probability of a sample instead of the mode at evaluation (0.1 in both)
     */
    public record Selection(Kind kind, double inverseTemperature, double quantile, double kappa, double evalEpsilon) {
        /** The IPW term's clamp and the density's offset ({@code clamp(min=-10000, max=100)}, {@code + 1e-6}). */
        public static final double IPW_MIN = -10_000;
        public static final double IPW_MAX = 100;
        public static final double DENSITY_EPS = 1e-6;

        public Selection {
            if (kind == null || !(inverseTemperature > 0 && inverseTemperature < Double.POSITIVE_INFINITY)
                    || !(quantile >= 0 && quantile <= 1) || !(kappa >= 0 && kappa < Double.POSITIVE_INFINITY)
                    || !(evalEpsilon >= 0 && evalEpsilon <= 1)) {
                throw new IllegalArgumentException("a policy-set selection needs a kind, an inverse temperature > 0, a "
                        + "quantile in [0, 1], kappa >= 0 and an evaluation epsilon in [0, 1]; got " + kind + ", "
                        + inverseTemperature + ", " + quantile + ", " + kappa + ", " + evalEpsilon);
            }
        }

        /**
         * The probability of choosing a2, from the candidates' reduced Q values, V(s) and log-densities
         * ({@code logProb1} NaN for a deterministic offline policy).
         */
        public double onlineProbability(double q1, double q2, double v, double logProb1, double logProb2) {
            double l1;
            double l2;
            if (kind == Kind.PEX) {
                l1 = inverseTemperature * q1;
                l2 = inverseTemperature * q2;
            } else {
                double ipw2 = ipw(q2 - v, logProb2);
                double ipw1 = Double.isNaN(logProb1) ? ipw2 : ipw(q1 - v, logProb1);
                l1 = inverseTemperature * (q1 + kappa / inverseTemperature * ipw1);
                l2 = inverseTemperature * (q2 + kappa / inverseTemperature * ipw2);
            }
            return l2 >= l1 ? 1 / (1 + Math.exp(l1 - l2)) : Math.exp(l2 - l1) / (1 + Math.exp(l2 - l1));
        }

        /** clamp(advantage / (exp(logProb) + 1e-6), -10000, 100). */
        public static double ipw(double advantage, double logProb) {
            return Math.max(IPW_MIN, Math.min(IPW_MAX, advantage / (Math.exp(logProb) + DENSITY_EPS)));
        }
    }

    private static final double LOG_SQRT_2PI = TanhGaussian.LOG_SQRT_2PI;

    private final Mlp offline;
    private final float[] offlineLogStd;
    private final Mlp online;
    private final float[] onlineLogStd;
    private final double logStdMin;
    private final double logStdMax;
    private final Mlp[] critics;
    private final Mlp value;
    private final Selection selection;
    private final boolean evaluating;
    private final int obsDim;
    private final int actDim;
    private final long streamStart;
    private Rng rng;
    // scratch, grown on demand
    private float[] a1 = new float[0];
    private float[] a2 = new float[0];
    private float[] input = new float[0];
    private float[][] q;
    private double[] row;
    private float[] v = new float[0];
    private double[] logProb2 = new double[0];
    private double[] pOnline = new double[0];
    private boolean[] chose = new boolean[0];
    private double[] uniforms = new double[0];

    /**
     * @param offline pi_offline's mean network, s -> tanh(linear) (its mode)
     * @param offlineLogStd its state-independent log std, or an empty array for a deterministic offline policy
     * @param online pi_online's mean network, s -> tanh(linear)
     * @param onlineLogStd its log std (read at each call: a learner passes its live array)
     * @param logStdMin the log stds' clamp (the references' LOG_STD_MIN, -5)
     * @param logStdMax LOG_STD_MAX, 2
     * @param critics the critics [obs | act] -> Q
     * @param value V(s); used by RPEX only (may be null for PEX)
     * @param evaluating the evaluation mode (eps 0.1 greedy) rather than training's pure sampling
     * @param rng the generator of the draws (this object's own from now on)
     */
    public PolicySet(Mlp offline, float[] offlineLogStd, Mlp online, float[] onlineLogStd, double logStdMin,
                     double logStdMax, Mlp[] critics, Mlp value, Selection selection, boolean evaluating, Rng rng) {
        this.obsDim = online.inputSize();
        this.actDim = online.outputSize();
        if (offline.inputSize() != obsDim || offline.outputSize() != actDim || onlineLogStd.length != actDim
                || (offlineLogStd.length != 0 && offlineLogStd.length != actDim) || critics.length < 1) {
            throw new IllegalArgumentException("policy set: offline " + java.util.Arrays.toString(offline.sizes())
                    + " and online " + java.util.Arrays.toString(online.sizes()) + " policies must map the same "
                    + "observations to the same actions, with one log std per action and at least one critic");
        }
        for (Mlp c : critics) {
            if (c.inputSize() != obsDim + actDim || c.outputSize() != 1) {
                throw new IllegalArgumentException("policy set: critic " + java.util.Arrays.toString(c.sizes())
                        + " does not take [obs " + obsDim + " | act " + actDim + "] to one value");
            }
        }
        if (selection.kind() == Kind.RPEX && (value == null || value.inputSize() != obsDim)) {
            throw new IllegalArgumentException("RPEX's selection needs V(s) on " + obsDim + " observation dims");
        }
        this.offline = offline;
        this.offlineLogStd = offlineLogStd;
        this.online = online;
        this.onlineLogStd = onlineLogStd;
        this.logStdMin = logStdMin;
        this.logStdMax = logStdMax;
        this.critics = critics;
        this.value = value;
        this.selection = selection;
        this.evaluating = evaluating;
        this.rng = rng;
        this.streamStart = rng.state();
        this.q = new float[critics.length][0];
        this.row = new double[critics.length];
    }

    public Selection selection() {
        return selection;
    }

    public boolean evaluating() {
        return evaluating;
    }

    public int observationDim() {
        return obsDim;
    }

    public int actionDim() {
        return actDim;
    }

    public Mlp offline() {
        return offline;
    }

    /** The offline policy's log std (empty: deterministic). */
    public float[] offlineLogStd() {
        return offlineLogStd;
    }

    public Mlp online() {
        return online;
    }

    public float[] onlineLogStd() {
        return onlineLogStd;
    }

    public double logStdMin() {
        return logStdMin;
    }

    public double logStdMax() {
        return logStdMax;
    }

    public int critics() {
        return critics.length;
    }

    public Mlp critic(int i) {
        return critics[i];
    }

    /** V(s), or null (PEX). */
    public Mlp value() {
        return value;
    }

    /** The generator's state now. */
    public long generatorState() {
        return rng.state();
    }

    /** The generator's state this set started from (what a policy file stores). */
    public long streamStart() {
        return streamStart;
    }

    /** Restores the generator (a learner's resume). */
    public void restoreGenerator(long state) {
        rng = Rng.restore(state);
    }

    /**
     * Composite actions [n, actDim] for normalised observations [n, obsDim]; afterwards {@link #lastOnlineProbability}
     * and {@link #lastChoseOnline} describe each row's selection.
     */
    public void act(float[] obs, int n, float[] actions) {
        select(obs, n);
        for (int b = 0; b < n; b++) {
            float[] src = chose[b] ? a2 : a1;
            System.arraycopy(src, b * actDim, actions, b * actDim, actDim);
        }
    }

    /** As {@link #act} into doubles. */
    public void act(float[] obs, int n, double[] actions) {
        select(obs, n);
        for (int b = 0; b < n; b++) {
            float[] src = chose[b] ? a2 : a1;
            for (int j = 0; j < actDim; j++) {
                actions[b * actDim + j] = src[b * actDim + j];
            }
        }
    }

    /**
     * The probability of selecting the online candidate for each of {@code n} states (its a2 drawn from this set's
     * generator as {@link #act} draws it): a fresh array, for tests and diagnostics.
     */
    public double[] selectionProbabilities(float[] obs, int n) {
        select(obs, n);
        return java.util.Arrays.copyOf(pOnline, n);
    }

    /** Row b's probability of the online candidate in the last call (a buffer, valid until the next call). */
    public double lastOnlineProbability(int b) {
        return pOnline[b];
    }

    /** Whether row b took the online candidate in the last call. */
    public boolean lastChoseOnline(int b) {
        return chose[b];
    }

    private void ensure(int n) {
        if (a1.length < n * actDim) {
            a1 = new float[n * actDim];
            a2 = new float[n * actDim];
            input = new float[2 * n * (obsDim + actDim)];
            for (int i = 0; i < critics.length; i++) {
                q[i] = new float[2 * n];
            }
            v = new float[n];
            logProb2 = new double[n];
            pOnline = new double[n];
            chose = new boolean[n];
            uniforms = new double[3 * n];
        }
    }

    private void select(float[] obs, int n) {
        ensure(n);
        System.arraycopy(offline.forward(obs, n), 0, a1, 0, n * actDim);
        float[] mu = online.forward(obs, n);
        double logStdSum = 0;
        for (int j = 0; j < actDim; j++) {
            logStdSum += TanhGaussian.clampLogStd(onlineLogStd[j], logStdMin, logStdMax);
        }
        for (int b = 0; b < n; b++) {
            double sq = 0;
            for (int j = 0; j < actDim; j++) {
                double e = rng.nextGaussian();
                double std = Math.exp(TanhGaussian.clampLogStd(onlineLogStd[j], logStdMin, logStdMax));
                a2[b * actDim + j] = (float) (mu[b * actDim + j] + std * e);
                sq += e * e;
            }
            for (int k = 0; k < 3; k++) {
                uniforms[3 * b + k] = rng.nextDouble();
            }
            if (evaluating && uniforms[3 * b] > selection.evalEpsilon()) {
                // the greedy mask (torch.rand > eps): the mode, whose density has z = 0
                System.arraycopy(mu, b * actDim, a2, b * actDim, actDim);
                sq = 0;
            }
            logProb2[b] = -0.5 * sq - logStdSum - actDim * LOG_SQRT_2PI;
        }
        // both candidates through every critic in one pass each: rows [obs | a1] then [obs | a2]
        int w = obsDim + actDim;
        for (int b = 0; b < n; b++) {
            System.arraycopy(obs, b * obsDim, input, b * w, obsDim);
            System.arraycopy(a1, b * actDim, input, b * w + obsDim, actDim);
            System.arraycopy(obs, b * obsDim, input, (n + b) * w, obsDim);
            System.arraycopy(a2, b * actDim, input, (n + b) * w + obsDim, actDim);
        }
        float[] in = input;
        NetThreads.run(critics.length, i -> System.arraycopy(critics[i].forward(in, 2 * n), 0, q[i], 0, 2 * n));
        boolean rpex = selection.kind() == Kind.RPEX;
        if (rpex) {
            System.arraycopy(value.forward(obs, n), 0, v, 0, n);
        }
        // the offline mode's density (z = 0): constant over states for a state-independent log std
        double logProb1 = Double.NaN;
        if (offlineLogStd.length > 0) {
            logProb1 = 0;
            for (int j = 0; j < actDim; j++) {
                logProb1 -= TanhGaussian.clampLogStd(offlineLogStd[j], logStdMin, logStdMax) + LOG_SQRT_2PI;
            }
        }
        for (int b = 0; b < n; b++) {
            double q1 = reduce(b);
            double q2 = reduce(n + b);
            double p = selection.onlineProbability(q1, q2, rpex ? v[b] : 0, logProb1, logProb2[b]);
            pOnline[b] = p;
            if (evaluating && uniforms[3 * b + 1] > selection.evalEpsilon()) {
                chose[b] = p > 0.5; // argmax of the logits, the first (offline) on a tie
            } else {
                chose[b] = uniforms[3 * b + 2] < p;
            }
        }
    }

    /** The critics' values of input row r reduced: the minimum (PEX) or the quantile (RPEX). */
    private double reduce(int r) {
        for (int i = 0; i < critics.length; i++) {
            row[i] = q[i][r];
        }
        if (selection.kind() == Kind.PEX) {
            double m = row[0];
            for (int i = 1; i < row.length; i++) {
                m = Math.min(m, row[i]);
            }
            return m;
        }
        return quantile(row, row.length, selection.quantile());
    }

    /**
     * numpy's and {@code torch.quantile}'s default (linear) quantile of {@code v[0 .. n)}, sorting in place: the rule of
     * rrl.algo.CriticEnsemble's QUANTILE target (a test checks they agree).
     */
    static double quantile(double[] v, int n, double alpha) {
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(v[i])) {
                return Double.NaN;
            }
        }
        java.util.Arrays.sort(v, 0, n);
        double h = (n - 1) * alpha;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, n - 1);
        double g = h - lo;
        double d = v[hi] - v[lo];
        return g >= 0.5 ? v[hi] - d * (1 - g) : v[lo] + d * g;
    }

    /** A copy with its own networks, in the same mode, and a generator in the same state. */
    public PolicySet copy() {
        return copy(evaluating, Rng.restore(rng.state()));
    }

    /** A copy with its own networks in evaluation mode, its draws starting from {@code seed}. */
    public PolicySet evaluating(long seed) {
        return copy(true, new Rng(seed));
    }

    /** A copy with its own networks in the given mode whose draws start at generator state {@code state}. */
    public PolicySet copy(boolean evaluation, Rng generator) {
        Mlp[] cs = new Mlp[critics.length];
        for (int i = 0; i < cs.length; i++) {
            cs[i] = copyOf(critics[i]);
        }
        return new PolicySet(copyOf(offline), offlineLogStd.clone(), copyOf(online), onlineLogStd.clone(), logStdMin,
                logStdMax, cs, value == null ? null : copyOf(value), selection, evaluation, generator);
    }

    private static Mlp copyOf(Mlp m) {
        Mlp c = new Mlp(m.sizes(), m.hiddenActivation(), m.outputActivation());
        c.copyFrom(m);
        return c;
    }
}
