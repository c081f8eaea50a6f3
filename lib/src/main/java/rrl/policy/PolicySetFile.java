package rrl.policy;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import rrl.checkpoint.Checkpoint;
import rrl.nn.Activation;
import rrl.nn.Mlp;
import rrl.random.Rng;

/**
 * A {@link PolicySet} in a policy file beside its online mean network (the file's "actor"): the offline network,
 * both log stds, the critics, V, the selection's settings and where its draws started, so a loaded policy acts as
 * the saved one did from its creation.
 */
final class PolicySetFile {
    private PolicySetFile() {}

    static void write(Checkpoint c, PolicySet set) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("selection", set.selection());
        m.put("evaluating", set.evaluating());
        m.put("logStdMin", set.logStdMin());
        m.put("logStdMax", set.logStdMax());
        m.put("critics", set.critics());
        m.put("offlineLayers", set.offline().sizes());
        m.put("criticLayers", set.critic(0).sizes());
        if (set.value() != null) {
            m.put("valueLayers", set.value().sizes());
            c.putTensor("set_value", set.value().exportWeights());
        }
        c.putMeta("policy_set", m);
        c.putTensor("set_offline", set.offline().exportWeights());
        c.putTensor("set_offline_log_std", set.offlineLogStd());
        c.putTensor("set_online_log_std", set.onlineLogStd());
        for (int i = 0; i < set.critics(); i++) {
            c.putTensor("set_q" + (i + 1), set.critic(i).exportWeights());
        }
        c.putLongs("set_generator", set.streamStart());
    }

    static PolicySet read(Checkpoint c, Mlp online) {
        JsonObject m = c.meta().getAsJsonObject("policy_set");
        if (m == null) {
            throw new IllegalArgumentException("a policy-set policy needs its 'policy_set' entry (selection, layers)");
        }
        Gson gson = new Gson();
        PolicySet.Selection selection = gson.fromJson(m.get("selection"), PolicySet.Selection.class);
        Mlp offline = network(c, "set_offline", gson.fromJson(m.get("offlineLayers"), int[].class), Activation.TANH);
        int n = m.get("critics").getAsInt();
        int[] criticLayers = gson.fromJson(m.get("criticLayers"), int[].class);
        Mlp[] critics = new Mlp[n];
        for (int i = 0; i < n; i++) {
            critics[i] = network(c, "set_q" + (i + 1), criticLayers, Activation.IDENTITY);
        }
        Mlp value = m.has("valueLayers")
                ? network(c, "set_value", gson.fromJson(m.get("valueLayers"), int[].class), Activation.IDENTITY) : null;
        return new PolicySet(offline, finite(c, "set_offline_log_std"), online, finite(c, "set_online_log_std"),
                m.get("logStdMin").getAsDouble(), m.get("logStdMax").getAsDouble(), critics, value, selection,
                m.get("evaluating").getAsBoolean(), Rng.restore(c.longs("set_generator")[0]));
    }

    private static Mlp network(Checkpoint c, String tensor, int[] layers, Activation output) {
        float[] w = finite(c, tensor);
        Mlp net = new Mlp(layers, Activation.RELU, output);
        if (net.parameterCount() != w.length) {
            throw new IllegalArgumentException("'" + tensor + "' holds " + w.length + " weights, its layers "
                    + java.util.Arrays.toString(layers) + " need " + net.parameterCount());
        }
        net.importWeights(w);
        return net;
    }

    private static float[] finite(Checkpoint c, String tensor) {
        float[] w = c.tensor(tensor);
        int bad = rrl.guard.NumberRule.FINITE.firstRefused(w);
        if (bad >= 0) {
            throw new IllegalArgumentException("'" + tensor + "' value " + bad + " is " + w[bad]
                    + "; the file is damaged or comes from a diverged run, use another policy");
        }
        return w;
    }
}
