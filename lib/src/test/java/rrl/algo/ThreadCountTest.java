package rrl.algo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import rrl.nn.Adam;
import rrl.nn.Mlp;
import rrl.nn.NetThreads;
import rrl.replay.TransitionBatch;

/**
 * The same seed gives bit-identical learners on 1, 2 and 3 network threads. Shapes are chosen to reach each
 * way work is split: tiny networks (only the critics and policy-head rows side by side), batch 64 x width 128
 * (products of 2^20 split by columns in the forward pass, by rows for weight gradients, cache-blocked) and
 * batch 70 x width 272 (Adam, soft updates and transposes split too; a last row piece with a tail of 2 rows
 * and a last column piece with a one-vector panel).
 */
class ThreadCountTest {
    private final int savedThreads = NetThreads.get();

    @AfterEach
    void restoreThreads() {
        NetThreads.set(savedThreads);
    }

    private static final int[][] SHAPES = {{8, 16}, {64, 128}, {70, 272}};

    /** Everything a learner's future depends on, after {@code updates} updates on {@code threads} threads. */
    private static List<float[]> trainTd3(double bcAlpha, int batch, int width, int threads, int updates) {
        NetThreads.set(threads);
        Td3 td3 = new Td3(17, 6, Td3Config.td3().withHidden(width, width).withBatchSize(batch).withBcAlpha(bcAlpha), 3);
        List<float[]> state = new ArrayList<>();
        for (int t = 0; t < updates; t++) {
            state.add(toFloats(td3.update(Td3Test.randomBatch(batch, 17, 6, 100 + t)).values()));
        }
        state.add(td3.actor().params());
        state.add(td3.actorTarget().params());
        addCritics(state, td3.critic());
        return state;
    }

    private static List<float[]> trainSac(int batch, int width, int threads, int updates) {
        NetThreads.set(threads);
        Sac sac = new Sac(17, 6, SacConfig.defaults().withHidden(width, width).withBatchSize(batch), 3);
        List<float[]> state = new ArrayList<>();
        for (int t = 0; t < updates; t++) {
            state.add(toFloats(sac.update(Td3Test.randomBatch(batch, 17, 6, 100 + t)).values()));
        }
        state.add(sac.actor().params());
        state.add(new float[] {(float) sac.alpha()});
        addCritics(state, sac.critic());
        return state;
    }

    /** PPO: one update phase (two epochs over a rollout of the learner's own samples, minibatches of the shape). */
    private static List<float[]> trainPpo(int batch, int width, int threads) {
        NetThreads.set(threads);
        Ppo ppo = new Ppo(17, 6, PpoConfig.defaults().withHidden(width, width).withMinibatchSize(batch)
                .withRollout(1, 4 * batch).withEpochs(2).withTotalSteps(40L * batch), 3);
        java.util.SplittableRandom rng = new java.util.SplittableRandom(5);
        rrl.replay.RolloutBuffer r = new rrl.replay.RolloutBuffer(4 * batch, 17, 6);
        float[] obs = new float[4 * batch * 17];
        for (int i = 0; i < obs.length; i++) {
            obs[i] = (float) rng.nextGaussian();
        }
        ppo.act(obs, 4 * batch, r.actions, r.logProb, r.values);
        System.arraycopy(obs, 0, r.obs, 0, obs.length);
        for (int i = 0; i < 4 * batch; i++) {
            r.advantages[i] = (float) rng.nextGaussian();
            r.returns[i] = (float) rng.nextGaussian();
        }
        r.setSize(4 * batch);
        List<float[]> state = new ArrayList<>();
        state.add(toFloats(ppo.update(r).values()));
        state.add(ppo.actor().params());
        state.add(ppo.critic().params());
        state.add(ppo.logStd());
        return state;
    }

    @Test
    void ppoIsBitIdenticalOnOneTwoAndThreeThreads() {
        for (int[] s : SHAPES) {
            List<float[]> one = trainPpo(s[0], s[1], 1);
            for (int threads : new int[] {2, 3}) {
                assertSame(one, trainPpo(s[0], s[1], threads), "PPO batch " + s[0] + " width " + s[1] + " on "
                        + threads + " threads");
            }
        }
    }

    /** BCQ: the VAE, the sampled target (batch x samples rows through each network) and the perturbation actor. */
    private static List<float[]> trainBcq(int batch, int width, int threads, int updates) {
        NetThreads.set(threads);
        Bcq bcq = new Bcq(17, 6, BcqConfig.defaults().withHidden(width, width).withVaeHidden(width, width)
                .withBatchSize(batch).withActionSamples(10), 3);
        List<float[]> state = new ArrayList<>();
        for (int t = 0; t < updates; t++) {
            state.add(toFloats(bcq.update(Td3Test.randomBatch(batch, 17, 6, 100 + t)).values()));
        }
        state.add(bcq.actor().params());
        state.add(bcq.actorTarget().params());
        state.add(bcq.encoder().params());
        state.add(bcq.decoder().params());
        addCritics(state, bcq.critic());
        double[] obs = new double[3 * 17];
        java.util.Arrays.fill(obs, 0.25);
        double[] act = new double[3 * 6];
        bcq.policy("Walker2d", rrl.nn.ObservationNormalizer.identity(17)).act(obs, 3, act);
        state.add(toFloats(act));
        return state;
    }

    @Test
    void bcqIsBitIdenticalOnOneTwoAndThreeThreads() {
        for (int[] s : SHAPES) {
            List<float[]> one = trainBcq(s[0], s[1], 1, 3);
            for (int threads : new int[] {2, 3}) {
                assertSame(one, trainBcq(s[0], s[1], threads, 3),
                        "BCQ batch " + s[0] + " width " + s[1] + " on " + threads + " threads");
            }
        }
    }

    private static void addCritics(List<float[]> state, CriticEnsemble c) {
        for (int i = 0; i < c.size(); i++) {
            state.add(c.q(i).params());
            state.add(c.target(i).params());
        }
    }

    private static float[] toFloats(double[] v) {
        float[] f = new float[2 * v.length];
        for (int i = 0; i < v.length; i++) {
            long bits = Double.doubleToRawLongBits(v[i]);
            f[2 * i] = Float.intBitsToFloat((int) bits);
            f[2 * i + 1] = Float.intBitsToFloat((int) (bits >>> 32));
        }
        return f;
    }

    private static void assertSame(List<float[]> want, List<float[]> got, String what) {
        assertEquals(want.size(), got.size());
        for (int i = 0; i < want.size(); i++) {
            // compare bit patterns: NaN metrics (TD3's actor loss between actor steps) must match too
            int[] w = new int[want.get(i).length];
            int[] g = new int[got.get(i).length];
            for (int k = 0; k < w.length; k++) {
                w[k] = Float.floatToRawIntBits(want.get(i)[k]);
            }
            for (int k = 0; k < g.length; k++) {
                g[k] = Float.floatToRawIntBits(got.get(i)[k]);
            }
            assertArrayEquals(w, g, what + ", state array " + i);
        }
    }

    @Test
    void td3AndTd3BcAreBitIdenticalOnOneTwoAndThreeThreads() {
        for (double alpha : new double[] {0.0, 2.5}) {
            for (int[] s : SHAPES) {
                List<float[]> one = trainTd3(alpha, s[0], s[1], 1, 4);
                for (int threads : new int[] {2, 3}) {
                    assertSame(one, trainTd3(alpha, s[0], s[1], threads, 4),
                            "TD3 alpha " + alpha + " batch " + s[0] + " width " + s[1] + " on " + threads + " threads");
                }
            }
        }
    }

    @Test
    void sacIsBitIdenticalOnOneTwoAndThreeThreads() {
        for (int[] s : SHAPES) {
            List<float[]> one = trainSac(s[0], s[1], 1, 3);
            for (int threads : new int[] {2, 3}) {
                assertSame(one, trainSac(s[0], s[1], threads, 3),
                        "SAC batch " + s[0] + " width " + s[1] + " on " + threads + " threads");
            }
        }
    }

    /** EDAC: ten critics (more than threads), three hidden layers, the diversity penalty's second-order pass. */
    @Test
    void edacIsBitIdenticalOnOneTwoAndThreeThreads() {
        for (int[] s : SHAPES) {
            List<float[]> one = trainEdac(s[0], s[1], 1, 2);
            for (int threads : new int[] {2, 3}) {
                assertSame(one, trainEdac(s[0], s[1], threads, 2),
                        "EDAC batch " + s[0] + " width " + s[1] + " on " + threads + " threads");
            }
        }
    }

    private static List<float[]> trainEdac(int batch, int width, int threads, int updates) {
        NetThreads.set(threads);
        Edac edac = new Edac(17, 6, EdacConfig.defaults().withHidden(width, width, width).withBatchSize(batch), 3);
        List<float[]> state = new ArrayList<>();
        for (int t = 0; t < updates; t++) {
            state.add(toFloats(edac.update(Td3Test.randomBatch(batch, 17, 6, 100 + t)).values()));
        }
        state.add(edac.actor().params());
        state.add(new float[] {(float) edac.alpha()});
        addCritics(state, edac.critic());
        return state;
    }

    /** IQL (Gaussian actor, two critics) and RIQL (deterministic actor, five critics: more than threads). */
    @Test
    void iqlAndRiqlAreBitIdenticalOnOneTwoAndThreeThreads() {
        for (int[] s : SHAPES) {
            for (boolean robust : new boolean[] {false, true}) {
                List<float[]> one = trainImplicit(robust, s[0], s[1], 1, 3);
                for (int threads : new int[] {2, 3}) {
                    assertSame(one, trainImplicit(robust, s[0], s[1], threads, 3), (robust ? "RIQL" : "IQL") + " batch "
                            + s[0] + " width " + s[1] + " on " + threads + " threads");
                }
            }
        }
    }

    private static List<float[]> trainImplicit(boolean robust, int batch, int width, int threads, int updates) {
        NetThreads.set(threads);
        Learner l = robust
                ? new Riql(17, 6, RiqlConfig.defaults().withHidden(width, width).withBatchSize(batch).withTotalSteps(10), 3)
                : new Iql(17, 6, IqlConfig.defaults().withHidden(width, width).withBatchSize(batch).withTotalSteps(10), 3);
        List<float[]> state = new ArrayList<>();
        for (int t = 0; t < updates; t++) {
            state.add(toFloats(l.update(Td3Test.randomBatch(batch, 17, 6, 100 + t)).values()));
        }
        AdvantageWeightedActor actor = robust ? ((Riql) l).actor() : ((Iql) l).actor();
        state.add(actor.network().params());
        state.add(actor.logStd());
        state.add(robust ? ((Riql) l).value().params() : ((Iql) l).value().params());
        addCritics(state, robust ? ((Riql) l).critic() : ((Iql) l).critic());
        return state;
    }

    /** PEX (from IQL: two critics, Gaussian offline actor) and RPEX (from RIQL: five critics, the IPW selection). */
    @Test
    void pexAndRpexAreBitIdenticalOnOneTwoAndThreeThreads() {
        for (int[] s : SHAPES) {
            for (boolean robust : new boolean[] {false, true}) {
                NetThreads.set(1);
                rrl.checkpoint.Checkpoint offline = robust
                        ? PolicyExpansionTest.offline(RiqlConfig.defaults().withHidden(s[1], s[1]).withBatchSize(s[0]), 17, 6, 2)
                        : PolicyExpansionTest.offline(IqlConfig.defaults().withHidden(s[1], s[1]).withBatchSize(s[0]), 17, 6, 2);
                List<float[]> one = trainExpansion(robust, offline, s[0], 1);
                for (int threads : new int[] {2, 3}) {
                    assertSame(one, trainExpansion(robust, offline, s[0], threads), (robust ? "RPEX" : "PEX") + " batch "
                            + s[0] + " width " + s[1] + " on " + threads + " threads");
                }
            }
        }
    }

    private static List<float[]> trainExpansion(boolean robust, rrl.checkpoint.Checkpoint offline, int batch, int threads) {
        NetThreads.set(threads);
        PolicyExpansion l = robust ? RpexConfig.defaults().withBatchSize(batch).create(offline, 17, 6, 3)
                : PexConfig.defaults().withBatchSize(batch).create(offline, 17, 6, 3);
        List<float[]> state = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            state.add(toFloats(l.update(Td3Test.randomBatch(batch, 17, 6, 100 + t)).values()));
        }
        state.add(l.actor().network().params());
        state.add(l.actor().logStd());
        state.add(l.value().params());
        addCritics(state, l.critic());
        float[] explored = new float[5 * 6];
        l.explore(Td3Test.randomBatch(5, 17, 6, 9).obs, 5, explored);
        state.add(explored);
        double[] obs = new double[3 * 17];
        java.util.Arrays.fill(obs, 0.25);
        double[] act = new double[3 * 6];
        l.policy("Walker2d", rrl.nn.ObservationNormalizer.identity(17)).act(obs, 3, act);
        state.add(toFloats(act));
        return state;
    }

    /** More critics than threads (EDAC-sized), Huber loss, a quantile target and summed action gradients. */
    @Test
    void largeEnsembleIsBitIdenticalOnOneTwoAndThreeThreads() {
        List<float[]> one = ensembleSteps(1);
        for (int threads : new int[] {2, 3}) {
            assertSame(one, ensembleSteps(threads), "5 critics on " + threads + " threads");
        }
    }

    private static List<float[]> ensembleSteps(int threads) {
        NetThreads.set(threads);
        int n = 5;
        int batch = 36;
        CriticEnsemble c = new CriticEnsemble(17, 6, new int[] {64, 64}, new CriticEnsemble.Config(n,
                CriticEnsemble.Target.quantile(0.25), CriticEnsemble.Loss.huber(1.0)), Adam.Config.defaults(), 9);
        List<float[]> state = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            TransitionBatch b = Td3Test.randomBatch(batch, 17, 6, 200 + t);
            double[] target = c.targetValues(b.nextObs, b.actions, batch);
            float[] y = new float[batch];
            for (int r = 0; r < batch; r++) {
                y[r] = (float) (b.rewards[r] + 0.99 * target[r]);
            }
            state.add(toFloats(new double[] {c.step(b, y)}));
            c.softUpdateTargets(0.005f);
            c.forwardAll(b.obs, b.actions, batch);
            float[][] dQ = new float[n][batch];
            for (int i = 0; i < n; i++) {
                java.util.Arrays.fill(dQ[i], (i + 1f) / batch);
            }
            float[] dAct = new float[batch * 6];
            c.actionGradients(dQ, batch, dAct);
            state.add(dAct);
        }
        for (int i = 0; i < n; i++) {
            Mlp q = c.q(i);
            state.add(q.params());
            state.add(c.target(i).params());
        }
        return state;
    }

    /** actionGradients is the sum of actionGradient over the critics, added in order. */
    @Test
    void actionGradientsAddTheCriticsInOrder() {
        NetThreads.set(2);
        CriticEnsemble c = new CriticEnsemble(17, 6, new int[] {32, 32}, CriticEnsemble.Config.twin().withSize(3),
                Adam.Config.defaults(), 4);
        TransitionBatch b = Td3Test.randomBatch(12, 17, 6, 5);
        float[][] dQ = new float[3][12];
        for (int i = 0; i < 3; i++) {
            java.util.Arrays.fill(dQ[i], 0.1f * (i + 1));
        }
        c.forwardAll(b.obs, b.actions, 12);
        float[] together = new float[12 * 6];
        c.actionGradients(dQ, 12, together);
        float[] oneByOne = new float[12 * 6];
        for (int i = 0; i < 3; i++) {
            c.forwardAll(b.obs, b.actions, 12);
            c.actionGradient(i, dQ[i], 12, oneByOne, i > 0);
        }
        assertArrayEquals(oneByOne, together);
    }
}
