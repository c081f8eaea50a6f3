package rrl.corrupt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.EnumSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rrl.algo.CriticEnsemble;
import rrl.algo.Td3Config;
import rrl.data.D4rlDataset;
import rrl.data.Transitions;
import rrl.nn.Activation;
import rrl.nn.Adam;
import rrl.nn.GradientCheck;
import rrl.nn.Mlp;
import rrl.nn.NetThreads;
import rrl.nn.ObservationNormalizer;
import rrl.policy.ActorPolicy;
import rrl.train.OfflineTraining;

/** The critic adversary's input gradients, and RIQL's attack lowering the Q of the critic it attacks. */
class AdversarialCorruptionTest {
    @TempDir
    Path tmp;

    private final int savedThreads = NetThreads.get();

    @AfterEach
    void restoreThreads() {
        NetThreads.set(savedThreads);
    }

    private static ObservationNormalizer norm(int d) {
        float[] mean = new float[d];
        float[] std = new float[d];
        for (int j = 0; j < d; j++) {
            mean[j] = 0.1f * j;
            std[j] = 0.5f + 0.2f * j;
        }
        return new ObservationNormalizer(mean, std);
    }

    /** dQ/ds, dQ/da and d Q(s, pi(s)) / ds against central differences, for a tanh actor and a (mean, log std) one. */
    @Test
    void gradientsMatchFiniteDifferences() {
        int od = 11;
        int ad = 3;
        int n = 16;
        CriticEnsemble critics = new CriticEnsemble(od, ad, new int[] {32, 32}, CriticEnsemble.Config.twin().withSize(3),
                Adam.Config.defaults(), 5);
        Mlp tanhActor = new Mlp(Mlp.layerSizes(od, new int[] {32, 32}, ad), Activation.RELU, Activation.TANH).initialize(6);
        Mlp gaussActor = new Mlp(Mlp.layerSizes(od, new int[] {32, 32}, 2 * ad), Activation.RELU, Activation.IDENTITY)
                .initialize(7);
        java.util.Random r = new java.util.Random(1);
        float[] obs = new float[n * od];
        float[] act = new float[n * ad];
        for (int i = 0; i < obs.length; i++) {
            obs[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < act.length; i++) {
            act[i] = (float) (r.nextDouble() * 2 - 1);
        }
        float[] q = new float[n];
        for (Object[] actor : new Object[][] {{tanhActor, ActorPolicy.Head.DETERMINISTIC},
                {gaussActor, ActorPolicy.Head.GAUSSIAN_MEAN}}) {
            CriticAdversary adv = new CriticAdversary("Hopper", critics, (Mlp) actor[0], (ActorPolicy.Head) actor[1],
                    norm(od), "test");
            float[] dObs = new float[n * od];
            float[] dAct = new float[n * ad];
            adv.valueAndGradients(obs, act, n, q, dObs, dAct);
            java.util.function.DoubleSupplier sumQ = () -> {
                float[] v = new float[n];
                adv.valueAndGradients(obs, act, n, v, null, null);
                double s = 0;
                for (float x : v) {
                    s += x;
                }
                return s;
            };
            assertTrue(GradientCheck.worstError(obs, dObs, 1, sumQ) < 2e-2, "dQ/ds");
            assertTrue(GradientCheck.worstError(act, dAct, 1, sumQ) < 2e-2, "dQ/da");
            float[] dPolicy = new float[n * od];
            adv.policyValueAndGradient(obs, n, q, dPolicy);
            java.util.function.DoubleSupplier sumPolicyQ = () -> {
                float[] v = new float[n];
                adv.policyValueAndGradient(obs, n, v, null);
                double s = 0;
                for (float x : v) {
                    s += x;
                }
                return s;
            };
            assertTrue(GradientCheck.worstError(obs, dPolicy, 1, sumPolicyQ) < 2e-2, "d Q(s, pi(s)) / ds " + actor[1]);
        }
    }

    private static double meanQ(QFunction q, float[] obs, float[] act, boolean[] mask, int od, int ad, boolean policy) {
        int n = mask.length;
        float[] v = new float[n];
        if (policy) {
            q.policyValueAndGradient(obs, n, v, null);
        } else {
            q.valueAndGradients(obs, act, n, v, null, null);
        }
        double s = 0;
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (mask[i]) {
                s += v[i];
                k++;
            }
        }
        return s / k;
    }

    /**
     * A TD3+BC critic trained 300 updates on random Hopper data: the adversarial obs, act and dyn corruptions lower its
     * mean Q on the corrupted rows below the clean rows' and below the random corruption's (same rows, same scale),
     * stay within range * std of the clean values, and give the same bits on 1 and 2 threads.
     */
    @Test
    void attackLowersTheAttackedCriticsQ() {
        D4rlDataset data = rrl.data.DatasetCollector.collect(rrl.env.Environments.task("Hopper"),
                rrl.policy.Policies.uniformRandom(3), 2000, 2, 4, null);
        Path run = tmp.resolve("td3bc");
        OfflineTraining.run(data, OfflineTraining.Config.td3bc("Hopper", 300, 300, 1, 0, Td3Config.td3bc()), run, false);
        CriticAdversary adv = CriticAdversary.fromRun(run);
        assertEquals("Hopper", adv.env());
        assertEquals(2, adv.size());
        Transitions clean = data.qlearningView();
        int od = 11;
        int ad = 3;
        for (CorruptionField f : new CorruptionField[] {CorruptionField.OBSERVATION, CorruptionField.ACTION,
                CorruptionField.DYNAMICS}) {
            CorruptionConfig c = CorruptionConfig.adversarial(EnumSet.of(f), 2);
            NetThreads.set(1);
            CorruptedDataset attacked = DatasetCorruption.apply(data, c, adv);
            NetThreads.set(2);
            assertEquals(attacked.dataset().sha256(), DatasetCorruption.apply(data, c, adv).dataset().sha256(),
                    "1 vs 2 threads, " + f.label());
            CorruptedDataset random = DatasetCorruption.apply(data, CorruptionConfig.random(EnumSet.of(f), 2), null);
            boolean[] mask = attacked.masks().get(f);
            assertEquals(java.util.Arrays.toString(mask), java.util.Arrays.toString(random.masks().get(f)));
            Transitions a = attacked.dataset().qlearningView();
            Transitions r = random.dataset().qlearningView();
            boolean policy = f == CorruptionField.DYNAMICS;
            double qClean = meanQ(adv, policy ? clean.nextObs() : clean.obs(), clean.actions(), mask, od, ad, policy);
            double qAttacked = meanQ(adv, policy ? a.nextObs() : a.obs(), a.actions(), mask, od, ad, policy);
            double qRandom = meanQ(adv, policy ? r.nextObs() : r.obs(), r.actions(), mask, od, ad, policy);
            assertTrue(qAttacked < qClean - 0.05 * Math.abs(qClean) && qAttacked < qRandom,
                    f.label() + ": attacked " + qAttacked + ", clean " + qClean + ", random " + qRandom);
            float[] x0 = f == CorruptionField.ACTION ? clean.actions() : policy ? clean.nextObs() : clean.obs();
            float[] x1 = f == CorruptionField.ACTION ? a.actions() : policy ? a.nextObs() : a.obs();
            int d = f == CorruptionField.ACTION ? ad : od;
            double[] std = DatasetCorruption.std(x0, clean.count(), d);
            for (int k = 0; k < clean.count(); k++) {
                for (int j = 0; j < d; j++) {
                    double delta = Math.abs(x1[k * d + j] - x0[k * d + j]);
                    assertTrue(mask[k] ? delta <= std[j] * 1.0001 + 1e-6 : delta == 0, f.label() + " row " + k);
                }
            }
        }
    }
    /** An online SAC run folder (policies/step-N.ckpt, no policy.ckpt) serves too: its Gaussian actor, two critics. */
    @Test
    void sacRunServesAsAdversary() {
        Path run = tmp.resolve("sac");
        rrl.train.OnlineTraining.run(rrl.train.OnlineTraining.Config.sac("Hopper", 400,
                rrl.algo.SacConfig.defaults().withHidden(32, 32).withBatchSize(32).withStartSteps(100))
                .withSchedule(100, 200, 1, 400, 0), run, false);
        CriticAdversary adv = CriticAdversary.fromRun(run.resolve("training.ckpt"));
        assertEquals(2, adv.size());
        D4rlDataset data = DatasetCorruptionTest.known(200);
        CorruptedDataset c = DatasetCorruption.apply(data, CorruptionConfig.adversarial(EnumSet.of(CorruptionField.DYNAMICS), 0)
                .withAttack(10, 0.01, 2), adv);
        assertTrue(c.corrupted(CorruptionField.DYNAMICS) > 0);
        assertEquals(run.resolve("training.ckpt").toString(), c.adversary());
    }

    /**
     * The adversary the issue names: an offline EDAC run (10 critics in the reference, 4 here for time), read from its
     * run folder; its attack on observations lowers its own mean Q on the attacked rows below the clean rows'.
     */
    @Test
    void edacRunServesAsAdversary() {
        D4rlDataset data = rrl.data.DatasetCollector.collect(rrl.env.Environments.task("Hopper"),
                rrl.policy.Policies.uniformRandom(5), 1000, 2, 4, null);
        Path run = tmp.resolve("edac");
        OfflineTraining.run(data, new OfflineTraining.Config("Hopper", rrl.algo.EdacConfig.defaults().withHidden(32, 32, 32)
                .withBatchSize(32).withCritics(4), 200, 200, 1, 100, 4), run, false);
        CriticAdversary adv = CriticAdversary.fromRun(run);
        assertEquals(4, adv.size());
        CorruptedDataset c = DatasetCorruption.apply(data, CorruptionConfig.adversarial(EnumSet.of(CorruptionField.OBSERVATION), 3),
                adv);
        boolean[] mask = c.masks().get(CorruptionField.OBSERVATION);
        Transitions clean = data.qlearningView();
        Transitions attacked = c.dataset().qlearningView();
        double before = meanQ(adv, clean.obs(), clean.actions(), mask, 11, 3, false);
        double after = meanQ(adv, attacked.obs(), attacked.actions(), mask, 11, 3, false);
        assertTrue(c.corrupted(CorruptionField.OBSERVATION) > 0);
        assertTrue(after < before, "EDAC's mean Q on the attacked rows " + after + " not below the clean rows' " + before);
    }
}
