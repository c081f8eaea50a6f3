package rrl.algo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rrl.bench.ReferenceProcess;
import rrl.bench.ReferenceVenvs;
import rrl.data.D4rlDataset;
import rrl.data.DatasetCollector;
import rrl.env.Environments;
import rrl.env.Task;
import rrl.policy.ShippedPolicies;
import rrl.replay.RolloutBuffer;

/**
 * PPO's update phase against PyTorch: lib/src/test/python/ppo_reference.py runs the update of
 * environment/bench/torch_learners.py (CleanRL ppo_continuous_action.py's minibatch step with autograd,
 * clip_grad_norm_ and torch.optim.Adam; the PPO `rrl bench train` times) from the same weights, rollout and row
 * orders. The rollout: 256 steps of the shipped Hopper expert (real observations, rewards and episode ends), the
 * actions PPO's own initial policy samples there with their log densities and values, GAE advantages; then the
 * stored log densities and values are moved off the current ones (noise of 0.3 nats, 0.5) as a later epoch sees
 * them, so the ratio clip, the value clip and the gradient-norm clip (Hopper's returns make every gradient larger
 * than 0.5) all act. The phase: 2 epochs of minibatch 64 over the same two permutations, 8 Adam steps.
 *
 * <p>Compared after the phase: every weight of actor, log std and critic (absolute, 1e-5: 8 steps of lr 3e-4 move
 * them by ~2e-3) and the phase's mean metrics (losses and entropy relative 1e-5; approx KL absolute 1e-6, a small
 * difference of two float32 terms in PyTorch; clip fraction exactly). Measured with torch 2.15: weights within
 * 8.9e-8, losses within 2.3e-6 relative; with PyTorch's gradient norm clipped at 0.6 instead the actor differs by
 * 9.8e-5. Needs the benchmark venv with torch; skipped
 * without it, except under {@code environment/test.sh} (CI), which creates it and requires it.
 */
class PpoParityTest {
    private static final int ROWS = 256;
    private static final int MINIBATCH = 64;
    private static final int EPOCHS = 2;
    private static final double LR = 3e-4;
    private static final double WEIGHT_TOLERANCE = 1e-5;

    @TempDir
    Path dir;

    @Test
    void anUpdatePhaseMatchesPyTorch() throws Exception {
        Path python = ReferenceProcess.venv().resolve("bin/python");
        ReferenceVenvs.require("the PyTorch parity of PPO");
        Task task = Environments.task("Hopper");
        D4rlDataset data = DatasetCollector.collect(task, ShippedPolicies.load("Hopper", "expert").sampling(1), ROWS,
                1, 5, null);
        int obs = data.obsDim();
        int act = data.actDim();
        PpoConfig c = PpoConfig.defaults().withHidden(64, 64).withMinibatchSize(MINIBATCH);
        Ppo ppo = new Ppo(obs, act, c, 7);
        float[] logStd = {-0.5f, 0.2f, -1.0f};
        System.arraycopy(logStd, 0, ppo.logStd(), 0, act);
        RolloutBuffer r = rollout(ppo, data);
        SplittableRandom rng = new SplittableRandom(3);
        int[][] order = new int[EPOCHS][];
        for (int e = 0; e < EPOCHS; e++) {
            order[e] = rng.ints(0, ROWS).distinct().limit(ROWS).toArray();
        }

        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("clip", c.clip());
        settings.put("clipValueLoss", c.clipValueLoss());
        settings.put("entCoef", c.entropyCoef());
        settings.put("vfCoef", c.valueCoef());
        settings.put("maxGradNorm", c.maxGradNorm());
        settings.put("adamEps", c.adamEps());
        settings.put("minibatch", c.minibatchSize());
        Map<String, Object> weights = new LinkedHashMap<>();
        weights.put("actor", ppo.actor().exportWeights());
        weights.put("log_std", ppo.logStd());
        weights.put("critic", ppo.critic().exportWeights());
        Map<String, Object> rows = new LinkedHashMap<>();
        rows.put("obs", r.obs);
        rows.put("actions", r.actions);
        rows.put("logProb", r.logProb);
        rows.put("values", r.values);
        rows.put("advantages", r.advantages);
        rows.put("returns", r.returns);
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("obsDim", obs);
        in.put("actDim", act);
        in.put("hidden", List.of(64, 64));
        in.put("settings", settings);
        in.put("weights", weights);
        in.put("rollout", rows);
        in.put("order", order);
        in.put("lr", LR);
        Gson gson = new Gson();
        Path input = dir.resolve("in.json");
        Path output = dir.resolve("out.json");
        Files.writeString(input, gson.toJson(in));
        TorchParity.runReference(python, "ppo_reference.py", input, output);

        Metrics ours = ppo.updatePhase(r, order, LR);
        JsonObject ref = gson.fromJson(Files.readString(output), JsonObject.class);
        double worst = maxError("actor", ref.getAsJsonArray("actor"), ppo.actor().exportWeights());
        worst = Math.max(worst, maxError("log std", ref.getAsJsonArray("log_std"), ppo.logStd()));
        worst = Math.max(worst, maxError("critic", ref.getAsJsonArray("critic"), ppo.critic().exportWeights()));
        for (int j = 0; j < act; j++) {
            assertTrue(Math.abs(ppo.logStd()[j] - logStd[j]) > 1e-4, "the log std moved in the phase: " + j);
        }

        JsonArray steps = ref.getAsJsonArray("metrics");
        assertEquals(EPOCHS * ROWS / MINIBATCH, steps.size(), "PyTorch's minibatch steps");
        double worstLoss = 0;
        for (String k : List.of("policy_loss", "value_loss", "entropy", "approx_kl", "clip_fraction")) {
            double want = 0;
            for (int t = 0; t < steps.size(); t++) {
                want += steps.get(t).getAsJsonObject().get(k).getAsDouble() / steps.size();
            }
            double got = ours.get(k);
            String what = "the phase's mean " + k + ": rrl " + got + ", PyTorch " + want;
            switch (k) {
                case "approx_kl" -> assertTrue(Math.abs(got - want) < 1e-6, what);
                case "clip_fraction" -> {
                    assertEquals(want, got, 1e-9, what);
                    assertTrue(got > 0.05, "the ratio clip acts on some rows: " + what);
                }
                default -> {
                    double rel = Math.abs(got - want) / Math.max(1e-6, Math.abs(want));
                    worstLoss = Math.max(worstLoss, rel);
                    assertTrue(rel < 1e-5, what);
                }
            }
        }
        assertEquals(LR, ours.get("lr"));
        System.out.printf("parity PPO with PyTorch over %d minibatch steps: max |weight difference| %.3g, max relative "
                + "loss difference %.3g%n", steps.size(), worst, worstLoss);
    }

    /** The rollout of the class comment, from the expert's steps and PPO's initial policy. */
    private static RolloutBuffer rollout(Ppo ppo, D4rlDataset data) {
        int obs = data.obsDim();
        RolloutBuffer r = new RolloutBuffer(ROWS, obs, data.actDim());
        System.arraycopy(data.observations(), 0, r.obs, 0, ROWS * obs);
        ppo.act(r.obs, ROWS, r.actions, r.logProb, r.values);
        for (int i = 0; i < ROWS; i++) {
            r.rewards[i] = data.rewards()[i];
            r.ends[i] = data.terminals()[i] || data.timeouts()[i];
        }
        r.setSize(ROWS);
        float[] last = new float[1];
        ppo.values(java.util.Arrays.copyOfRange(data.nextObservations(), (ROWS - 1) * obs, ROWS * obs), 1, last);
        r.computeAdvantages(last, 1, 0.99, 0.95);
        SplittableRandom noise = new SplittableRandom(9);
        for (int i = 0; i < ROWS; i++) {
            r.logProb[i] += (float) (0.3 * noise.nextGaussian());
            r.values[i] += (float) (0.5 * noise.nextGaussian());
        }
        return r;
    }

    private static double maxError(String what, JsonArray want, float[] got) {
        return TorchParity.maxError(what, want, got, WEIGHT_TOLERANCE);
    }
}
