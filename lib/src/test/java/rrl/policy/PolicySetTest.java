package rrl.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rrl.nn.Activation;
import rrl.nn.Mlp;
import rrl.nn.ObservationNormalizer;
import rrl.random.Rng;

/**
 * PEX's and RPEX's selection against a hand computation: the probability formula on fixed Q, V and log-densities
 * (both clip bounds, the deterministic offline policy), then whole batches through linear networks whose Q values
 * are written out here, with the draws replayed from the same seed in the documented order.
 */
class PolicySetTest {
    @TempDir
    Path tmp;

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    @Test
    void pexIsASoftmaxOfAlphaTimesQ() {
        PolicySet.Selection pex = new PolicySet.Selection(PolicySet.Kind.PEX, 10, 0, 0, 0.1);
        assertEquals(1 / (1 + Math.exp(-2)), pex.onlineProbability(1.0, 1.2, 99, -1, -2), 1e-15);
        assertEquals(0.5, pex.onlineProbability(3, 3, 0, -1, -2), 1e-15);
        // V and the densities do not enter PEX's logits
        assertEquals(pex.onlineProbability(1.0, 0.7, 0, -1, -2), pex.onlineProbability(1.0, 0.7, -5, -30, 4), 0);
        assertEquals(sigmoid(-3), pex.onlineProbability(1.0, 0.7, 0, -1, -2), 1e-15);
        // far apart: no overflow, the right limit
        assertEquals(0, pex.onlineProbability(1000, -1000, 0, 0, 0), 1e-300);
        assertEquals(1, pex.onlineProbability(-1000, 1000, 0, 0, 0), 0);
    }

    @Test
    void rpexAddsKappaTimesTheClippedInverseProbabilityWeightedAdvantage() {
        PolicySet.Selection rpex = new PolicySet.Selection(PolicySet.Kind.RPEX, 3, 0.25, 0.1, 0.1);
        // inside the clip: IPW1 = 0.5 / (0.5 + 1e-6), IPW2 = 0.7 / (0.01 + 1e-6)
        double ipw1 = 0.5 / (0.5 + 1e-6);
        double ipw2 = 0.7 / (0.01 + 1e-6);
        double want = sigmoid((3 * 1.2 + 0.1 * ipw2) - (3 * 1.0 + 0.1 * ipw1));
        assertEquals(want, rpex.onlineProbability(1.0, 1.2, 0.5, Math.log(0.5), Math.log(0.01)), 1e-12);
        // the upper clip: 2 / (1e-3 + 1e-6) > 100; the lower: -50 / (1e-4 + 1e-6) < -10000
        assertEquals(100, PolicySet.Selection.ipw(2.0, Math.log(1e-3)), 0);
        assertEquals(-10_000, PolicySet.Selection.ipw(-50, Math.log(1e-4)), 0);
        want = sigmoid((3 * 0.2 + 0.1 * 100) - (3 * -49.5 + 0.1 * -10_000));
        assertEquals(want, rpex.onlineProbability(-49.5, 0.2, 0.5, Math.log(1e-4), Math.log(1e-3)), 1e-12);
        // a density that underflows: the advantage over 1e-6, clipped
        assertEquals(-10_000, PolicySet.Selection.ipw(-0.1, -800), 0);
        assertEquals(100, PolicySet.Selection.ipw(0.1, -800), 0);
        // a deterministic offline policy (no density): IPW1 = IPW2, which cancels in the softmax
        assertEquals(sigmoid(3 * (1.2 - 1.0)), rpex.onlineProbability(1.0, 1.2, 0.5, Double.NaN, Math.log(0.01)), 1e-12);
        assertEquals(sigmoid(3 * (0.2 + 49.5)), rpex.onlineProbability(-49.5, 0.2, 0.5, Double.NaN, Math.log(1e-3)),
                1e-12);
    }

    @Test
    void selectionRefusesBadSettingsInOneLine() {
        String m = assertThrows(IllegalArgumentException.class,
                () -> new PolicySet.Selection(PolicySet.Kind.RPEX, 0, 0.25, 0.1, 0.1)).getMessage();
        assertTrue(m.contains("inverse temperature > 0") && !m.contains("\n"), m);
        assertThrows(IllegalArgumentException.class, () -> new PolicySet.Selection(PolicySet.Kind.PEX, 10, 1.5, 0, 0.1));
    }

    /** A linear network [in] -> [out] with the given logical weights (out x in) and biases. */
    private static Mlp linear(int in, int out, Activation output, float[] weights, float[] bias) {
        Mlp m = new Mlp(new int[] {in, out}, Activation.RELU, output);
        float[] w = new float[in * out + out];
        System.arraycopy(weights, 0, w, 0, weights.length);
        System.arraycopy(bias, 0, w, in * out, out);
        m.importWeights(w);
        return m;
    }

    private static final int OBS = 2;
    private static final int ACT = 2;
    // the critics: Q_i(s, a) = c_i . a + d_i (nothing from s)
    private static final float[][] C = {{1.5f, -0.5f}, {0.8f, 0.9f}, {-0.3f, 1.1f}};
    private static final float[] D = {0.1f, -0.2f, 0.4f};
    private static final float[] ONLINE_LOG_STD = {-1f, -0.5f};
    private static final float[] OFFLINE_LOG_STD = {-2f, -1.5f};
    private static final float V = 0.05f;

    private static PolicySet set(PolicySet.Selection s, boolean gaussianOffline, boolean evaluating, long seed) {
        // a1 = tanh(W1 s + b1), mu = tanh(W2 s + b2)
        Mlp offline = linear(OBS, ACT, Activation.TANH, new float[] {0.2f, 0f, 0f, -0.3f}, new float[] {0.3f, -0.2f});
        Mlp online = linear(OBS, ACT, Activation.TANH, new float[] {0f, 0.4f, 0.1f, 0f}, new float[] {0.5f, 0.1f});
        Mlp[] critics = new Mlp[C.length];
        for (int i = 0; i < C.length; i++) {
            critics[i] = linear(OBS + ACT, 1, Activation.IDENTITY, new float[] {0f, 0f, C[i][0], C[i][1]},
                    new float[] {D[i]});
        }
        Mlp value = linear(OBS, 1, Activation.IDENTITY, new float[] {0f, 0f}, new float[] {V});
        return new PolicySet(offline, gaussianOffline ? OFFLINE_LOG_STD.clone() : new float[0], online,
                ONLINE_LOG_STD.clone(), -5, 2, critics, value, s, evaluating, new Rng(seed));
    }

    private static double q(int i, double[] a) {
        return (double) C[i][0] * a[0] + (double) C[i][1] * a[1] + D[i];
    }

    /** The hand computation of row b: {probability of a2, chose a2 (0/1), a_0, a_1}. */
    private static double[] byHand(PolicySet.Selection s, boolean gaussianOffline, boolean evaluating, float[] obs, int b,
                                   Rng rng) {
        double s0 = obs[b * OBS];
        double s1 = obs[b * OBS + 1];
        double[] a1 = {(float) Math.tanh((float) (0.2 * s0) + 0.3f), (float) Math.tanh((float) (-0.3 * s1) - 0.2f)};
        double[] mu = {(float) Math.tanh((float) (0.4 * s1) + 0.5f), (float) Math.tanh((float) (0.1 * s0) + 0.1f)};
        double e0 = rng.nextGaussian();
        double e1 = rng.nextGaussian();
        double u0 = rng.nextDouble();
        double u1 = rng.nextDouble();
        double u2 = rng.nextDouble();
        boolean mode = evaluating && u0 > 0.1;
        double[] a2 = mode ? mu : new double[] {(float) (mu[0] + Math.exp(-1) * e0), (float) (mu[1] + Math.exp(-0.5) * e1)};
        double logStd2 = -1 - 0.5;
        double lp2 = (mode ? 0 : -0.5 * (e0 * e0 + e1 * e1)) - logStd2 - Math.log(2 * Math.PI);
        double[] q1s = {q(0, a1), q(1, a1), q(2, a1)};
        double[] q2s = {q(0, a2), q(1, a2), q(2, a2)};
        double p;
        if (s.kind() == PolicySet.Kind.PEX) {
            double q1 = Math.min(q1s[0], Math.min(q1s[1], q1s[2]));
            double q2 = Math.min(q2s[0], Math.min(q2s[1], q2s[2]));
            p = sigmoid(10 * (q2 - q1));
        } else {
            // the 0.25-quantile of three sorted values: h = 0.5 -> halfway between the two smallest
            java.util.Arrays.sort(q1s);
            java.util.Arrays.sort(q2s);
            double q1 = q1s[1] - (q1s[1] - q1s[0]) * 0.5;
            double q2 = q2s[1] - (q2s[1] - q2s[0]) * 0.5;
            double ipw2 = Math.max(-10_000, Math.min(100, (q2 - V) / (Math.exp(lp2) + 1e-6)));
            double lp1 = 2 + 1.5 - Math.log(2 * Math.PI);
            double ipw1 = gaussianOffline ? Math.max(-10_000, Math.min(100, (q1 - V) / (Math.exp(lp1) + 1e-6))) : ipw2;
            p = sigmoid(3 * q2 + 0.1 * ipw2 - 3 * q1 - 0.1 * ipw1);
        }
        boolean online = evaluating && u1 > 0.1 ? p > 0.5 : u2 < p;
        double[] a = online ? a2 : a1;
        return new double[] {p, online ? 1 : 0, a[0], a[1]};
    }

    private static float[] observations(int n) {
        float[] obs = new float[n * OBS];
        java.util.SplittableRandom r = new java.util.SplittableRandom(9);
        for (int i = 0; i < obs.length; i++) {
            obs[i] = (float) r.nextDouble(-3, 3);
        }
        return obs;
    }

    @Test
    void batchesMatchTheHandComputationForEveryKindAndMode() {
        int n = 40;
        float[] obs = observations(n);
        PolicySet.Selection[] kinds = {new PolicySet.Selection(PolicySet.Kind.PEX, 10, 0, 0, 0.1),
            new PolicySet.Selection(PolicySet.Kind.RPEX, 3, 0.25, 0.1, 0.1)};
        for (PolicySet.Selection s : kinds) {
            for (boolean gaussian : new boolean[] {false, true}) {
                for (boolean evaluating : new boolean[] {false, true}) {
                    String what = s.kind() + (gaussian ? " Gaussian" : " deterministic") + " offline, "
                            + (evaluating ? "evaluation" : "training");
                    double[] p = set(s, gaussian, evaluating, 5).selectionProbabilities(obs, n);
                    PolicySet acting = set(s, gaussian, evaluating, 5);
                    float[] actions = new float[n * ACT];
                    acting.act(obs, n, actions);
                    Rng rng = new Rng(5);
                    int online = 0;
                    for (int b = 0; b < n; b++) {
                        double[] want = byHand(s, gaussian, evaluating, obs, b, rng);
                        assertEquals(want[0], p[b], 1e-5 + 1e-4 * want[0], what + " row " + b);
                        assertEquals(want[0], acting.lastOnlineProbability(b), 1e-5 + 1e-4 * want[0], what);
                        if (Math.abs(want[0] - 0.5) > 1e-3) {
                            assertEquals(want[1] == 1, acting.lastChoseOnline(b), what + " row " + b);
                            assertEquals(want[2], actions[b * ACT], 1e-6, what + " row " + b);
                            assertEquals(want[3], actions[b * ACT + 1], 1e-6, what + " row " + b);
                        }
                        online += acting.lastChoseOnline(b) ? 1 : 0;
                    }
                    assertTrue(online > 0 && online < n || evaluating, what + ": " + online + " of " + n + " online");
                }
            }
        }
    }

    @Test
    void sameSeedSameActionsAndAPolicyFileActsAsTheSavedPolicy() {
        int n = 16;
        float[] obs = observations(n);
        PolicySet.Selection s = new PolicySet.Selection(PolicySet.Kind.RPEX, 3, 0.25, 0.1, 0.1);
        float[] a = new float[n * ACT];
        float[] b = new float[n * ACT];
        set(s, true, false, 11).act(obs, n, a);
        set(s, true, false, 11).act(obs, n, b);
        assertArrayEquals(a, b);
        set(s, true, false, 12).act(obs, n, b);
        assertTrue(!java.util.Arrays.equals(a, b), "another seed, other draws");

        ActorPolicy policy = new ActorPolicy("Hopper-test", set(s, true, true, 3), ObservationNormalizer.identity(OBS));
        Path file = tmp.resolve("set.ckpt");
        policy.save(file, java.util.Map.of());
        ActorPolicy loaded = ActorPolicy.load(file);
        assertEquals(ActorPolicy.Head.POLICY_SET, loaded.head());
        double[] raw = new double[n * OBS];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = obs[i];
        }
        double[] x = new double[n * ACT];
        double[] y = new double[n * ACT];
        policy.copy().act(raw, n, x);
        loaded.act(raw, n, y);
        assertArrayEquals(x, y);
        policy.withSeed(77).act(raw, n, x);
        loaded.withSeed(77).act(raw, n, y);
        assertArrayEquals(x, y);
        assertTrue(loaded.toString().contains("RPEX policy set"), loaded.toString());
    }

    @Test
    void quantileIsTheCriticEnsemblesRule() {
        rrl.random.Rng r = new rrl.random.Rng(3);
        for (int t = 0; t < 200; t++) {
            int n = 1 + t % 7;
            float[] v = new float[n];
            double[] d = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = (float) r.nextGaussian();
                d[i] = v[i];
            }
            double alpha = r.nextDouble();
            assertEquals(rrl.algo.CriticEnsemble.Target.quantile(alpha).reduce(v), PolicySet.quantile(d, n, alpha), 0);
        }
    }
}
