package rrl.algo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rrl.bench.ReferenceProcess;
import rrl.replay.TransitionBatch;

/**
 * EDAC against PyTorch: the same initial weights, batches and sampling noise go to lib/src/test/python/edac_reference.py,
 * which takes the EDAC update of environment/bench/torch_learners.py (CORL edac.py's: temperature, actor, critics
 * with the diversity penalty by autograd's double backward, soft targets); every weight of actor, critics and target
 * critics, the temperature and each update's losses agree to float precision. Three updates on 11 x 32-32-32 x 3
 * networks, 5 critics, batches of 32, so Adam's moments and the temperature's feedback are exercised.
 *
 * <p>Tolerance: 1e-5 absolute on weights (the test prints the measured difference), 1e-5 relative on losses. PyTorch
 * exists only in the benchmark venv ({@link ReferenceProcess#venv()}); without it the test is skipped.
 */
class EdacParityTest {
    private static final int OBS = 11;
    private static final int ACT = 3;
    private static final int BATCH = 32;
    private static final int UPDATES = 3;

    @TempDir
    Path dir;

    @Test
    void edacUpdatesMatchPyTorch() throws Exception {
        EdacConfig c = EdacConfig.defaults().withHidden(32, 32, 32).withBatchSize(BATCH).withCritics(5).withEta(2.0);
        Edac edac = new Edac(OBS, ACT, c, 31);
        Path python = ReferenceProcess.venv().resolve("bin/python");
        rrl.bench.ReferenceVenvs.require("the PyTorch parity of EDAC");
        SplittableRandom rng = new SplittableRandom(8);
        List<TransitionBatch> batches = new ArrayList<>();
        List<float[][]> noises = new ArrayList<>();
        List<Map<String, Object>> bs = new ArrayList<>();
        for (int t = 0; t < UPDATES; t++) {
            TransitionBatch b = Td3Test.randomBatch(BATCH, OBS, ACT, 400 + t);
            float[][] eps = new float[3][BATCH * ACT];
            for (float[] e : eps) {
                for (int k = 0; k < e.length; k++) {
                    e[k] = (float) rng.nextGaussian();
                }
            }
            batches.add(b);
            noises.add(eps);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("obs", b.obs);
            m.put("actions", b.actions);
            m.put("rewards", b.rewards);
            m.put("nextObs", b.nextObs);
            m.put("dones", b.dones);
            m.put("epsAlpha", eps[0]);
            m.put("epsActor", eps[1]);
            m.put("epsTarget", eps[2]);
            bs.add(m);
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("actorLr", c.actorLr());
        s.put("criticLr", c.criticLr());
        s.put("alphaLr", c.alphaLr());
        s.put("gamma", c.gamma());
        s.put("tau", c.tau());
        s.put("eta", c.eta());
        s.put("logStdMin", c.logStdMin());
        s.put("logStdMax", c.logStdMax());
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("actor", edac.actor().exportWeights());
        List<float[]> q = new ArrayList<>();
        for (int i = 0; i < c.critics(); i++) {
            q.add(edac.critic().q(i).exportWeights());
        }
        w.put("q", q);
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("obsDim", OBS);
        in.put("actDim", ACT);
        in.put("hidden", c.hidden());
        in.put("settings", s);
        in.put("weights", w);
        in.put("batches", bs);
        Gson gson = new Gson();
        Path input = dir.resolve("in.json");
        Path output = dir.resolve("out.json");
        Files.writeString(input, gson.toJson(in));
        TorchParity.runReference(python, "edac_reference.py", input, output);

        List<Metrics> ours = new ArrayList<>();
        for (int t = 0; t < UPDATES; t++) {
            float[][] eps = noises.get(t);
            ours.add(edac.update(batches.get(t), eps[0], eps[1], eps[2]));
        }
        JsonObject ref = gson.fromJson(Files.readString(output), JsonObject.class);
        double worst = maxError("actor", ref.getAsJsonArray("actor"), edac.actor().exportWeights());
        for (int i = 0; i < c.critics(); i++) {
            worst = Math.max(worst, maxError("critic " + i, ref.getAsJsonArray("q").get(i).getAsJsonArray(),
                    edac.critic().q(i).exportWeights()));
            worst = Math.max(worst, maxError("target critic " + i, ref.getAsJsonArray("q_target").get(i).getAsJsonArray(),
                    edac.critic().target(i).exportWeights()));
        }
        assertEquals(ref.get("alpha").getAsDouble(), edac.alpha(), 1e-6);
        double worstLoss = 0;
        JsonArray m = ref.getAsJsonArray("metrics");
        String[][] names = {{"alpha_loss", "alpha"}, {"actor_loss", "actor"}, {"critic_loss", "critic"},
            {"diversity", "diversity"}};
        for (int t = 0; t < UPDATES; t++) {
            for (String[] k : names) {
                double want = m.get(t).getAsJsonObject().get(k[1]).getAsDouble();
                double got = ours.get(t).get(k[0]);
                double rel = Math.abs(got - want) / Math.max(1e-6, Math.abs(want));
                worstLoss = Math.max(worstLoss, rel);
                assertTrue(rel < 1e-5 || Math.abs(got - want) < 1e-7, "update " + t + " " + k[0] + ": rrl " + got
                        + ", PyTorch " + want);
            }
        }
        System.out.printf("EDAC parity with PyTorch over %d updates: max |weight difference| %.3g, max relative loss "
                + "difference %.3g%n", UPDATES, worst, worstLoss);
    }

    private static double maxError(String what, JsonArray want, float[] got) {
        return TorchParity.maxError(what, want, got, 1e-5);
    }
}
