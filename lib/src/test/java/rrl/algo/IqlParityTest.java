package rrl.algo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rrl.bench.ReferenceProcess;
import rrl.replay.TransitionBatch;

/**
 * IQL and RIQL against PyTorch: the same initial weights and batches go to lib/src/test/python/iql_reference.py,
 * which takes the updates of environment/bench/torch_learners.py (the PyTorch learners `rrl bench train` times;
 * autograd, torch.optim.Adam, CosineAnnealingLR, torch.quantile, F.huber_loss) with rrl's settings; every
 * weight of actor, log std, critics, target critics and V afterwards, and each update's
 * losses, agree to float precision. Three updates, so Adam's moments, its bias correction and the cosine's
 * count (over 4 steps: the rate falls to half by the third update) are all exercised, on 11 x 64-64 x 3
 * networks and batches of 32.
 *
 * <p>Tolerance: 1e-5 absolute on weights (they move by ~1e-3 in three Adam steps; measured: IQL 6.0e-8, RIQL
 * 1.7e-6, the test prints it), 1e-5 relative on losses (measured 8.6e-7, 2.3e-6), which also catch constant
 * factors that Adam's normalised step would hide in the weights. PyTorch
 * exists only in the benchmark venv ({@link ReferenceProcess#venv()}); without it (CI) the test is skipped.
 */
class IqlParityTest {
    private static final int OBS = 11;
    private static final int ACT = 3;
    private static final int BATCH = 32;
    private static final int UPDATES = 3;
    private static final double WEIGHT_TOLERANCE = 1e-5;

    @TempDir
    Path dir;

    @Test
    void iqlUpdatesMatchPyTorch() throws Exception {
        IqlConfig c = IqlConfig.defaults().withHidden(64, 64).withBatchSize(BATCH).withTotalSteps(4);
        Iql iql = new Iql(OBS, ACT, c, 17);
        // a log std away from 0 on one dimension and below the clamp on another (clamped: no gradient)
        iql.actor().logStd()[1] = -0.3f;
        iql.actor().logStd()[2] = -5.5f;
        Map<String, Object> s = settings(c.actorLr(), c.criticLr(), c.valueLr(), 4, c.gamma(), c.tau(), c.expectile(),
                c.beta(), c.maxWeight(), c.logStdMin(), c.logStdMax(), false, null, null, null, null);
        compare("IQL", iql, iql.core(), s);
    }

    @Test
    void riqlUpdatesMatchPyTorch() throws Exception {
        RiqlConfig c = RiqlConfig.defaults().withHidden(64, 64).withBatchSize(BATCH).withTotalSteps(4)
                .withTuning(new RiqlTuning(3.0, 0.25, 5));
        Riql riql = new Riql(OBS, ACT, c, 23);
        Map<String, Object> s = settings(c.actorLr(), c.criticLr(), c.valueLr(), 4, c.gamma(), c.tau(), c.expectile(),
                c.beta(), c.maxWeight(), c.logStdMin(), c.logStdMax(), true, c.quantile(), c.huberDelta(), c.targetMin(),
                c.targetMax());
        compare("RIQL", riql, riql.core(), s);
    }

    private static Map<String, Object> settings(double actorLr, double criticLr, double valueLr, long cosine, double gamma,
                                                double tau, double expectile, double beta, double maxWeight,
                                                double logStdMin, double logStdMax, boolean deterministic, Double quantile,
                                                Double delta, Double targetMin, Double targetMax) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("actorLr", actorLr);
        s.put("criticLr", criticLr);
        s.put("valueLr", valueLr);
        s.put("cosineSteps", cosine);
        s.put("gamma", gamma);
        s.put("tau", tau);
        s.put("expectile", expectile);
        s.put("beta", beta);
        s.put("maxWeight", maxWeight);
        s.put("logStdMin", logStdMin);
        s.put("logStdMax", logStdMax);
        s.put("deterministic", deterministic);
        s.put("quantile", quantile);
        s.put("delta", delta);
        s.put("targetMin", targetMin);
        s.put("targetMax", targetMax);
        return s;
    }

    private void compare(String name, Learner learner, ImplicitQLearning core, Map<String, Object> settings)
            throws Exception {
        Path python = ReferenceProcess.venv().resolve("bin/python");
        rrl.bench.ReferenceVenvs.require("the PyTorch parity of " + name);
        List<TransitionBatch> batches = new ArrayList<>();
        for (int t = 0; t < UPDATES; t++) {
            TransitionBatch b = Td3Test.randomBatch(BATCH, OBS, ACT, 300 + t);
            // rewards of locomotion size, and RIQL's clamp reached on a few rows
            for (int r = 0; r < BATCH; r++) {
                b.rewards[r] *= 3;
            }
            b.rewards[0] = 1500;
            b.rewards[1] = -300;
            batches.add(b);
        }
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("obsDim", OBS);
        in.put("actDim", ACT);
        in.put("hidden", List.of(64, 64));
        in.put("settings", settings);
        in.put("weights", weights(core));
        List<Map<String, Object>> bs = new ArrayList<>();
        for (TransitionBatch b : batches) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("obs", b.obs);
            m.put("actions", b.actions);
            m.put("rewards", b.rewards);
            m.put("nextObs", b.nextObs);
            m.put("dones", b.dones);
            bs.add(m);
        }
        in.put("batches", bs);
        Gson gson = new Gson();
        Path input = dir.resolve("in.json");
        Path output = dir.resolve("out.json");
        Files.writeString(input, gson.toJson(in));
        TorchParity.runReference(python, "iql_reference.py", input, output);

        List<Metrics> ours = new ArrayList<>();
        for (TransitionBatch b : batches) {
            ours.add(learner.update(b));
        }
        JsonObject ref = gson.fromJson(Files.readString(output), JsonObject.class);
        double worst = 0;
        worst = Math.max(worst, maxError(name + " actor", ref.getAsJsonArray("actor"), core.actor().network().exportWeights()));
        worst = Math.max(worst, maxError(name + " log std", ref.getAsJsonArray("log_std"), core.actor().logStd()));
        worst = Math.max(worst, maxError(name + " V", ref.getAsJsonArray("value"), core.value().exportWeights()));
        for (int i = 0; i < core.critics().size(); i++) {
            worst = Math.max(worst, maxError(name + " critic " + i, ref.getAsJsonArray("q").get(i).getAsJsonArray(),
                    core.critics().q(i).exportWeights()));
            worst = Math.max(worst, maxError(name + " target critic " + i,
                    ref.getAsJsonArray("q_target").get(i).getAsJsonArray(), core.critics().target(i).exportWeights()));
        }
        double worstLoss = 0;
        JsonArray m = ref.getAsJsonArray("metrics");
        for (int t = 0; t < UPDATES; t++) {
            for (String k : List.of("critic_loss", "value_loss", "actor_loss")) {
                double want = m.get(t).getAsJsonObject().get(k).getAsDouble();
                double got = ours.get(t).get(k);
                double rel = Math.abs(got - want) / Math.max(1e-6, Math.abs(want));
                worstLoss = Math.max(worstLoss, rel);
                assertTrue(rel < 1e-5, name + " update " + t + " " + k + ": rrl " + got + ", PyTorch " + want);
            }
        }
        System.out.printf("%s parity with PyTorch over %d updates: max |weight difference| %.3g, max relative loss "
                + "difference %.3g%n", name, UPDATES, worst, worstLoss);
    }

    private static Map<String, Object> weights(ImplicitQLearning core) {
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("actor", core.actor().network().exportWeights());
        w.put("log_std", core.actor().logStd());
        List<float[]> q = new ArrayList<>();
        for (int i = 0; i < core.critics().size(); i++) {
            // the targets start as copies of the critics
            assertEquals(java.util.Arrays.toString(core.critics().q(i).exportWeights()),
                    java.util.Arrays.toString(core.critics().target(i).exportWeights()));
            q.add(core.critics().q(i).exportWeights());
        }
        w.put("q", q);
        w.put("value", core.value().exportWeights());
        return w;
    }

    private static double maxError(String what, JsonArray want, float[] got) {
        return TorchParity.maxError(what, want, got, WEIGHT_TOLERANCE);
    }

}
