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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rrl.bench.ReferenceProcess;
import rrl.checkpoint.Checkpoint;
import rrl.policy.PolicySet;
import rrl.random.Rng;
import rrl.replay.TransitionBatch;

/**
 * PEX and RPEX against PyTorch: the same weights, states, batches and draws go to lib/src/test/python/pex_reference.py,
 * which runs environment/bench/torch_learners.py's PolicyExpansion (written from Haichao-Zhang/PEX {@code pex.py} and
 * felix-thu/RPEX {@code rpex.py}: torch.distributions' Normal densities and Categorical softmax, torch.quantile) on the
 * IQL / RIQL learner of IqlParityTest's reference. Two checks per learner:
 * <ul>
 *   <li>the selection: on 256 states, the probability of the online candidate (PEX softmax(10 min Q); RPEX
 *       softmax(3 Q + 0.1 clip((Q - V) / (pi(a|s) + 1e-6), -10000, 100)), Q the 0.25-quantile of 5 critics, from a
 *       Gaussian offline actor so that the IPW term differs per candidate), the choices and the executed actions;</li>
 *   <li>three whole updates (V, critics, targets, the selection with the updated critics and V, the online actor's
 *       advantage-weighted step onto the selected actions): every weight of the online actor, its log std, critics,
 *       target critics and V, the frozen offline actor, and each update's losses and selection statistics.</li>
 * </ul>
 * The draws are rrl's own: a generator restored from the policy set's state replays a2's normal variates and the
 * uniform that picks w (PolicySet's documented order: actDim normals, then three uniforms per row, the third w's),
 * and after the updates the learner's generator must have reached the replay's state. 11 x 32-32 x 3 networks,
 * batches of 32, loaded from offline IQL / RIQL runs of 5 updates (so the targets differ from the critics) with the
 * online log std moved off 0.
 *
 * <p>Tolerance: 1e-5 absolute on weights (as IqlParityTest and EdacParityTest; measured: PEX 6.0e-8, RPEX 3.5e-6,
 * the test prints it), 1e-5 relative on losses, 1e-5 absolute on the selection probabilities (measured 1.4e-7,
 * 2.6e-7) and actions, choices equal.
 * PyTorch exists only in the benchmark venv ({@link ReferenceProcess#venv()}); without it the test is skipped
 * ({@code RRL_REQUIRE_REFERENCES=1}: fails).
 */
class PexParityTest {
    private static final int OBS = 11;
    private static final int ACT = 3;
    private static final int BATCH = 32;
    private static final int UPDATES = 3;
    private static final int STATES = 256;
    private static final double TOLERANCE = 1e-5;

    @TempDir
    Path dir;

    /** Both learners in one PyTorch process (importing torch takes longer than the updates). */
    @Test
    void pexAndRpexSelectionAndUpdatesMatchPyTorch() throws Exception {
        Path python = ReferenceProcess.venv().resolve("bin/python");
        rrl.bench.ReferenceVenvs.require("the PyTorch parity of PEX and RPEX");

        IqlConfig iql = PolicyExpansionTest.iql(32, BATCH);
        PexConfig pc = PexConfig.defaults().withBatchSize(BATCH);
        Pex pex = pc.create(PolicyExpansionTest.offline(iql, OBS, ACT, 5), OBS, ACT, 41);
        Map<String, Object> ps = settings(pc.actorLr(), pc.criticLr(), pc.valueLr(), pc.gamma(), pc.tau(),
                pc.expectile(), pc.beta(), pc.maxWeight(), pc.logStdMin(), pc.logStdMax(), null);
        ps.put("invTemperature", pc.inverseTemperature());
        ps.put("kappa", 0.0);

        RiqlConfig riql = PolicyExpansionTest.riql(32, BATCH).withTuning(new RiqlTuning(3.0, 0.25, 5))
                .withActor(AdvantageWeightedActor.Kind.GAUSSIAN);
        RpexConfig rc = RpexConfig.defaults().withBatchSize(BATCH);
        Rpex rpex = rc.create(PolicyExpansionTest.offline(riql, OBS, ACT, 5), OBS, ACT, 43);
        Map<String, Object> rs = settings(rc.actorLr(), rc.criticLr(), rc.valueLr(), rc.gamma(), rc.tau(),
                rc.expectile(), rc.beta(), rc.maxWeight(), rc.logStdMin(), rc.logStdMax(), riql);
        rs.put("invTemperature", rc.inverseTemperature());
        rs.put("kappa", rc.kappa());

        List<Case> cases = List.of(new Case("PEX", pex, ps), new Case("RPEX", rpex, rs));
        List<Map<String, Object>> in = new ArrayList<>();
        for (Case c : cases) {
            in.add(c.input);
        }
        Gson gson = new Gson();
        Path input = dir.resolve("in.json");
        Path output = dir.resolve("out.json");
        Files.writeString(input, gson.toJson(Map.of("cases", in)));
        TorchParity.runReference(python, "pex_reference.py", input, output);
        JsonArray out = gson.fromJson(Files.readString(output), JsonObject.class).getAsJsonArray("cases");
        for (int k = 0; k < cases.size(); k++) {
            cases.get(k).check(out.get(k).getAsJsonObject());
        }
    }

    /** iql_reference.py's settings (its learner() builds the IQL or RIQL core; "deterministic" selects RIQL there). */
    private static Map<String, Object> settings(double actorLr, double criticLr, double valueLr, double gamma,
                                                double tau, double expectile, double beta, double maxWeight,
                                                double logStdMin, double logStdMax, RiqlConfig riql) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("actorLr", actorLr);
        s.put("criticLr", criticLr);
        s.put("valueLr", valueLr);
        s.put("cosineSteps", 1); // the core's own actor and schedule are not used
        s.put("gamma", gamma);
        s.put("tau", tau);
        s.put("expectile", expectile);
        s.put("beta", beta);
        s.put("maxWeight", maxWeight);
        s.put("logStdMin", logStdMin);
        s.put("logStdMax", logStdMax);
        s.put("deterministic", riql != null);
        if (riql != null) {
            s.put("quantile", riql.quantile());
            s.put("delta", riql.huberDelta());
            s.put("targetMin", riql.targetMin());
            s.put("targetMax", riql.targetMax());
        }
        return s;
    }

    /** rrl's draws for {@code rows} rows of a policy-set selection: a2's normals and w's uniform per row. */
    private static void replay(Rng rng, int rows, float[] eps, double[] u) {
        for (int b = 0; b < rows; b++) {
            for (int j = 0; j < ACT; j++) {
                eps[b * ACT + j] = (float) rng.nextGaussian();
            }
            rng.nextDouble(); // a2's greedy mask (evaluation only)
            rng.nextDouble(); // w's greedy mask (evaluation only)
            u[b] = rng.nextDouble();
        }
    }

    /** One learner's input to the reference (weights, states, batches, draws) and its side of the comparison. */
    private static final class Case {
        final String name;
        final PolicyExpansion l;
        final Map<String, Object> input = new LinkedHashMap<>();
        final float[] states = Td3Test.randomBatch(STATES, OBS, ACT, 600).obs;
        final double[] selU = new double[STATES];
        final PolicySet copy;
        final List<TransitionBatch> batches = new ArrayList<>();
        final Rng draws;

        Case(String name, PolicyExpansion l, Map<String, Object> settings) {
            this.name = name;
            this.l = l;
            // the online log std away from 0 (a fresh actor's), so the densities are not those of N(mean, 1)
            float[] logStd = l.actor().logStd();
            logStd[0] = 0.7f;
            logStd[1] = 0.2f;
            logStd[2] = -0.4f;
            PolicySet set = l.policySet();
            assertEquals(ACT, set.offlineLogStd().length, name + " starts from a Gaussian offline actor here");

            // the selection, on a copy (same networks and generator state) so the learner's draws stay untouched
            float[] selEps = new float[STATES * ACT];
            this.copy = set.copy();
            replay(Rng.restore(copy.generatorState()), STATES, selEps, selU);
            Map<String, Object> sel = new LinkedHashMap<>();
            sel.put("obs", states);
            sel.put("eps", selEps);
            sel.put("u", selU);

            List<Map<String, Object>> bs = new ArrayList<>();
            this.draws = Rng.restore(set.generatorState());
            for (int t = 0; t < UPDATES; t++) {
                TransitionBatch b = Td3Test.randomBatch(BATCH, OBS, ACT, 700 + t);
                for (int r = 0; r < BATCH; r++) {
                    b.rewards[r] *= 3;
                }
                b.rewards[0] = 1500; // RIQL's clamp of the targets reached on two rows
                b.rewards[1] = -300;
                batches.add(b);
                float[] eps = new float[BATCH * ACT];
                double[] u = new double[BATCH];
                replay(draws, BATCH, eps, u);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("obs", b.obs);
                m.put("actions", b.actions);
                m.put("rewards", b.rewards);
                m.put("nextObs", b.nextObs);
                m.put("dones", b.dones);
                m.put("eps", eps);
                m.put("u", u);
                bs.add(m);
            }

            Map<String, Object> w = new LinkedHashMap<>();
            w.put("offline_actor", l.offlineActor().exportWeights());
            w.put("offline_log_std", set.offlineLogStd());
            w.put("actor", l.actor().network().exportWeights());
            w.put("log_std", logStd);
            List<float[]> q = new ArrayList<>();
            List<float[]> qt = new ArrayList<>();
            for (int i = 0; i < l.critic().size(); i++) {
                q.add(l.critic().q(i).exportWeights());
                qt.add(l.critic().target(i).exportWeights());
            }
            w.put("q", q);
            w.put("q_target", qt);
            w.put("value", l.value().exportWeights());
            input.put("obsDim", OBS);
            input.put("actDim", ACT);
            input.put("hidden", List.of(32, 32));
            input.put("settings", settings);
            input.put("weights", w);
            input.put("selection", sel);
            input.put("batches", bs);
        }

        /** rrl's selection and updates against the reference's {@code ref}. */
        void check(JsonObject ref) {
            PolicySet set = l.policySet();
            // 1. the selection
            float[] actions = new float[STATES * ACT];
            copy.act(states, STATES, actions);
            JsonObject rs = ref.getAsJsonObject("selection");
            double worstP = 0;
            int online = 0;
            for (int b = 0; b < STATES; b++) {
                double want = rs.getAsJsonArray("p").get(b).getAsDouble();
                double got = copy.lastOnlineProbability(b);
                worstP = Math.max(worstP, Math.abs(got - want));
                assertTrue(Math.abs(got - want) < TOLERANCE, name + " state " + b + ": P(online) rrl " + got
                        + ", PyTorch " + want);
                assertEquals(rs.getAsJsonArray("online").get(b).getAsBoolean(), copy.lastChoseOnline(b), name
                        + " state " + b + ": the choice (u " + selU[b] + ", p " + got + ")");
                online += copy.lastChoseOnline(b) ? 1 : 0;
            }
            double worstAction = maxError(name + " selected actions", rs.getAsJsonArray("actions"), actions);

            // 2. the updates
            List<Metrics> ours = new ArrayList<>();
            for (TransitionBatch b : batches) {
                ours.add(l.update(b));
            }
            assertEquals(draws.state(), set.generatorState(), name + "'s updates drew other numbers than the replayed "
                    + "ones");
            double worst = maxError(name + " online actor", ref.getAsJsonArray("actor"),
                    l.actor().network().exportWeights());
            worst = Math.max(worst, maxError(name + " log std", ref.getAsJsonArray("log_std"), l.actor().logStd()));
            worst = Math.max(worst, maxError(name + " offline actor", ref.getAsJsonArray("offline_actor"),
                    l.offlineActor().exportWeights()));
            worst = Math.max(worst, maxError(name + " V", ref.getAsJsonArray("value"), l.value().exportWeights()));
            for (int i = 0; i < l.critic().size(); i++) {
                worst = Math.max(worst, maxError(name + " critic " + i, ref.getAsJsonArray("q").get(i).getAsJsonArray(),
                        l.critic().q(i).exportWeights()));
                worst = Math.max(worst, maxError(name + " target critic " + i,
                        ref.getAsJsonArray("q_target").get(i).getAsJsonArray(), l.critic().target(i).exportWeights()));
            }
            double worstLoss = 0;
            JsonArray m = ref.getAsJsonArray("metrics");
            String[][] names = {{"critic_loss", "critic"}, {"value_loss", "value"}, {"actor_loss", "actor"},
                {"mean_weight", "mean_weight"}, {"online_probability", "online_probability"}};
            for (int t = 0; t < UPDATES; t++) {
                JsonObject r = m.get(t).getAsJsonObject();
                for (String[] k : names) {
                    double want = r.get(k[1]).getAsDouble();
                    double got = ours.get(t).get(k[0]);
                    double rel = Math.abs(got - want) / Math.max(1e-6, Math.abs(want));
                    worstLoss = Math.max(worstLoss, rel);
                    assertTrue(rel < TOLERANCE, name + " update " + t + " " + k[0] + ": rrl " + got + ", PyTorch "
                            + want);
                }
                assertEquals(r.get("online_share").getAsDouble(), ours.get(t).get("online_share"), 1e-12,
                        name + " update " + t + ": the share of online choices");
            }
            System.out.printf("%s parity with PyTorch: selection on %d states (%d online, %d IPW terms clipped) max "
                    + "|P(online) difference| %.3g, max |action difference| %.3g; over %d updates max |weight "
                    + "difference| %.3g, max relative loss difference %.3g%n", name, STATES, online,
                    rs.get("clipped").getAsInt(), worstP, worstAction, UPDATES, worst, worstLoss);
        }
    }

    private static double maxError(String what, JsonArray want, float[] got) {
        return TorchParity.maxError(what, want, got, TOLERANCE);
    }
}
