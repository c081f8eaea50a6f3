package rrl.algo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rrl.nn.Mlp;
import rrl.replay.TransitionBatch;

/**
 * One whole BCQ update (VAE step, critic step over 100 sampled candidates per next state, actor step, each with
 * Adam, then the target updates) against PyTorch doing d3rlpy's update (lib/src/test/python/bcq_update_reference.py
 * runs that of environment/bench/torch_learners.py, the one `rrl bench train` times)
 * from the same weights, the same minibatch and the same noise (drawn here, handed over), with the decoder's tanh
 * and with d3rlpy 2.x's linear decoder output. Compared: the three losses and the regression targets (relative,
 * 1e-5), every gradient (relative to the network's largest entry, 1e-5) and every weight after the update
 * (absolute, 2e-6). Float32 on both sides with different summation orders; measured with torch 2.15 on AVX-512:
 * losses and targets within 2.3e-6, gradients within 3.6e-7, weights within 5.5e-7 (one Adam step of lr 1e-3 is
 * lr sign(g) wherever |g| is well above Adam's eps, so gradient rounding barely moves it; a wrong update moves
 * weights by about 1e-3). Needs the benchmark venv with torch ({@code environment/bench-venv.sh}); skipped
 * without it, except under {@code environment/test.sh} (CI), which creates it and requires it.
 */
class BcqParityTest {
    @TempDir
    Path tmp;

    static final double LOSS_TOLERANCE = 1e-5;
    static final double GRADIENT_TOLERANCE = 1e-5;
    static final double WEIGHT_TOLERANCE = 2e-6;

    private static Path projectDir() {
        return Path.of(System.getProperty("rrl.project.dir", "..")).toAbsolutePath().normalize();
    }

    /** The logical (PyTorch-layout) weights of a padded buffer shaped like {@code m} (its params or its grads). */
    private static float[] logical(Mlp m, float[] padded) {
        Mlp tmp = new Mlp(m.sizes(), m.hiddenActivation(), m.outputActivation());
        System.arraycopy(padded, 0, tmp.params(), 0, padded.length);
        return tmp.exportWeights();
    }

    private static Map<String, Mlp> networks(Bcq bcq) {
        Map<String, Mlp> n = new LinkedHashMap<>();
        n.put("encoder", bcq.encoder());
        n.put("decoder", bcq.decoder());
        n.put("actor", bcq.actor());
        n.put("actor_target", bcq.actorTarget());
        n.put("q1", bcq.critic().q(0));
        n.put("q2", bcq.critic().q(1));
        n.put("q1_target", bcq.critic().target(0));
        n.put("q2_target", bcq.critic().target(1));
        return n;
    }

    private static float[] floats(JsonArray a) {
        float[] v = new float[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).getAsFloat();
        }
        return v;
    }

    @Test
    void oneUpdateEqualsPyTorchs() throws IOException, InterruptedException {
        Path python = rrl.bench.ReferenceProcess.venv().resolve("bin/python");
        rrl.bench.ReferenceVenvs.require("BCQ's PyTorch parity");
        oneUpdate(python, true);
        oneUpdate(python, false);
    }

    /** One update with the decoder's tanh (the paper's) or its linear output (d3rlpy 2.x's). */
    private void oneUpdate(Path python, boolean tanhDecoder) throws IOException, InterruptedException {
        int obsDim = 11;
        int actDim = 3;
        int batch = 32;
        // uneven widths reach the padded paths; d3rlpy's sample count and rates
        BcqConfig cfg = BcqConfig.defaults().withHidden(48, 40).withVaeHidden(56, 32).withBatchSize(batch)
                .withTanhDecoder(tanhDecoder);
        Bcq bcq = new Bcq(obsDim, actDim, cfg, 5);
        // target networks that differ from the online ones (as they do in training), optimisers still fresh
        Bcq other = new Bcq(obsDim, actDim, cfg, 6);
        bcq.actorTarget().copyFrom(other.actor());
        for (int i = 0; i < 2; i++) {
            bcq.critic().target(i).copyFrom(other.critic().q(i));
        }
        TransitionBatch b = Td3Test.randomBatch(batch, obsDim, actDim, 2);
        int latent = BcqConfig.latentDim(actDim);
        SplittableRandom r = new SplittableRandom(3);
        float[] eps = new float[batch * latent];
        float[] targetZ = new float[batch * cfg.actionSamples() * latent];
        float[] actorZ = new float[batch * latent];
        for (float[] v : List.of(eps, targetZ, actorZ)) {
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) r.nextGaussian();
            }
        }
        for (float[] v : List.of(targetZ, actorZ)) {
            for (int i = 0; i < v.length; i++) {
                v[i] = Math.max(-0.5f, Math.min(0.5f, v[i]));
            }
        }
        Gson gson = new Gson();
        JsonObject in = new JsonObject();
        in.addProperty("obsDim", obsDim);
        in.addProperty("actDim", actDim);
        in.addProperty("latentDim", latent);
        in.add("hidden", gson.toJsonTree(cfg.hidden()));
        in.add("vaeHidden", gson.toJsonTree(cfg.vaeHidden()));
        for (String k : List.of("actionSamples", "lambda", "actionFlexibility", "beta", "gamma", "tau", "actorLr",
                "criticLr", "vaeLr", "tanhDecoder")) {
            in.add(k, gson.toJsonTree(cfg).getAsJsonObject().get(k));
        }
        JsonObject weights = new JsonObject();
        networks(bcq).forEach((name, m) -> weights.add(name, gson.toJsonTree(m.exportWeights())));
        in.add("weights", weights);
        JsonObject bj = new JsonObject();
        bj.addProperty("size", batch);
        bj.add("obs", gson.toJsonTree(b.obs));
        bj.add("actions", gson.toJsonTree(b.actions));
        bj.add("rewards", gson.toJsonTree(b.rewards));
        bj.add("nextObs", gson.toJsonTree(b.nextObs));
        bj.add("dones", gson.toJsonTree(b.dones));
        in.add("batch", bj);
        in.add("eps", gson.toJsonTree(eps));
        in.add("targetZ", gson.toJsonTree(targetZ));
        in.add("actorZ", gson.toJsonTree(actorZ));
        Path input = tmp.resolve("in-" + tanhDecoder + ".json");
        Files.writeString(input, gson.toJson(in));

        double[] m = bcq.update(b, eps, targetZ, actorZ).values();
        float[] y = bcq.lastTargets().clone();
        Process p = new ProcessBuilder(python.toString(),
                projectDir().resolve("lib/src/test/python/bcq_update_reference.py").toString(), input.toString())
                .redirectError(tmp.resolve("stderr.txt").toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "the PyTorch reference timed out");
        assertEquals(0, p.exitValue(), "the PyTorch reference failed:\n" + Files.readString(tmp.resolve("stderr.txt")));
        JsonObject ref = gson.fromJson(out, JsonObject.class);

        JsonObject losses = ref.getAsJsonObject("losses");
        String[] names = {"vae", "critic", "actor"};
        StringBuilder report = new StringBuilder("torch " + ref.get("torch").getAsString() + ", "
                + (tanhDecoder ? "tanh" : "linear") + " decoder");
        for (int i = 0; i < 3; i++) {
            double want = losses.get(names[i]).getAsDouble();
            double err = Math.abs(m[i] - want) / Math.max(1e-3, Math.abs(want));
            report.append(String.format(java.util.Locale.ROOT, "; %s loss %.6g vs %.6g (rel %.1e)", names[i], m[i], want, err));
            assertTrue(err < LOSS_TOLERANCE, names[i] + " loss: ours " + m[i] + ", PyTorch " + want);
        }
        float[] yRef = floats(ref.getAsJsonArray("targets"));
        double worstY = 0;
        for (int i = 0; i < batch; i++) {
            worstY = Math.max(worstY, Math.abs(y[i] - yRef[i]) / (1 + Math.abs(yRef[i])));
        }
        report.append(String.format(java.util.Locale.ROOT, "; targets %.1e", worstY));
        assertTrue(worstY < LOSS_TOLERANCE, "regression targets differ by " + worstY + " (relative)");
        JsonObject grads = ref.getAsJsonObject("grads");
        Map<String, Mlp> nets = networks(bcq);
        for (String name : List.of("encoder", "decoder", "q1", "q2", "actor")) {
            float[] ours = logical(nets.get(name), nets.get(name).grads());
            float[] theirs = floats(grads.getAsJsonArray(name));
            double scale = 0;
            double worst = 0;
            for (int i = 0; i < ours.length; i++) {
                scale = Math.max(scale, Math.abs(theirs[i]));
                worst = Math.max(worst, Math.abs(ours[i] - theirs[i]));
            }
            report.append(String.format(java.util.Locale.ROOT, "; %s grad %.1e", name, worst / scale));
            assertTrue(worst / scale < GRADIENT_TOLERANCE, name + " gradient differs by " + worst + " of " + scale);
        }
        JsonObject after = ref.getAsJsonObject("weights");
        for (Map.Entry<String, Mlp> e : nets.entrySet()) {
            float[] ours = e.getValue().exportWeights();
            float[] theirs = floats(after.getAsJsonArray(e.getKey()));
            double worst = 0;
            for (int i = 0; i < ours.length; i++) {
                worst = Math.max(worst, Math.abs(ours[i] - theirs[i]));
            }
            report.append(String.format(java.util.Locale.ROOT, "; %s weights %.1e", e.getKey(), worst));
            assertTrue(worst < WEIGHT_TOLERANCE, e.getKey() + " weights differ by up to " + worst + "\n" + report);
        }
        System.out.println("BCQ parity: " + report);
    }
}
