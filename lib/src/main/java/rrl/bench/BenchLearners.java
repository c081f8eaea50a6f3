package rrl.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import rrl.algo.Bcq;
import rrl.algo.BcqConfig;
import rrl.algo.Iql;
import rrl.algo.IqlConfig;
import rrl.algo.Ppo;
import rrl.algo.PpoConfig;
import rrl.algo.Riql;
import rrl.algo.RiqlConfig;
import rrl.algo.Sac;
import rrl.algo.SacConfig;
import rrl.algo.Td3;
import rrl.algo.Td3Config;
import rrl.replay.OfflineReplay;
import rrl.replay.RolloutBuffer;
import rrl.replay.TransitionBatch;

/**
 * The learners {@code rrl bench train} measures, by the names the command line, the results and the references use:
 * each builds rrl's learner for a cell (both hidden layers of the cell's width, the cell's batch) and says how many
 * logical parameters (weights and biases) each of its networks has, under the names the references report them
 * ({@code environment/bench/serve.py}), so a reference that built other networks is caught.
 */
final class BenchLearners {
    /** One learner in one cell: an update (drawing its batch from the bench's dataset first) and its networks' sizes. */
    record Subject(Runnable update, Map<String, Long> params) {}

    /** Builds a learner's subject for observations of obsDim, actions of actDim, the cell's batch and width. */
    interface Factory {
        Subject create(int obsDim, int actDim, int batch, int width, long seed, OfflineReplay replay,
                       SplittableRandom rng);
    }

    /** Rows of the fixed rollout PPO's minibatches are drawn from (PPO's default horizon, as the references). */
    static final int PPO_ROLLOUT = 2048;
    private static final Map<String, Factory> FACTORIES = new LinkedHashMap<>();
    /** The largest batch x width each learner is measured at (absent: no limit). */
    private static final Map<String, Long> LIMITS = new LinkedHashMap<>();

    static {
        FACTORIES.put("td3bc", (obs, act, batch, width, seed, replay, rng) -> {
            Td3 td3 = new Td3(obs, act, Td3Config.td3bc().withHidden(width, width).withBatchSize(batch), seed);
            return new Subject(sampled(replay, rng, batch, obs, act, td3::update),
                    Map.of("actor", (long) td3.actor().parameterCount(), "critic", (long) td3.critic().q1().parameterCount(),
                            "critics", (long) td3.critic().size()));
        });
        FACTORIES.put("sac", (obs, act, batch, width, seed, replay, rng) -> {
            Sac sac = new Sac(obs, act, SacConfig.defaults().withHidden(width, width).withBatchSize(batch), seed);
            return new Subject(sampled(replay, rng, batch, obs, act, sac::update),
                    Map.of("actor", (long) sac.actor().parameterCount(), "critic", (long) sac.critic().q1().parameterCount(),
                            "critics", (long) sac.critic().size()));
        });
        FACTORIES.put("iql", (obs, act, batch, width, seed, replay, rng) -> {
            Iql iql = new Iql(obs, act, IqlConfig.defaults().withHidden(width, width).withBatchSize(batch), seed);
            return new Subject(sampled(replay, rng, batch, obs, act, iql::update), Map.of(
                    "actor", (long) iql.actor().network().parameterCount(),
                    "log_std", (long) iql.actor().logStd().length,
                    "critic", (long) iql.critic().q1().parameterCount(),
                    "critics", (long) iql.critic().size(),
                    "value", (long) iql.value().parameterCount()));
        });
        FACTORIES.put("riql", (obs, act, batch, width, seed, replay, rng) -> {
            Riql riql = new Riql(obs, act, RiqlConfig.defaults().withHidden(width, width).withBatchSize(batch), seed);
            return new Subject(sampled(replay, rng, batch, obs, act, riql::update), Map.of(
                    "actor", (long) riql.actor().network().parameterCount(),
                    "critic", (long) riql.critic().q1().parameterCount(),
                    "critics", (long) riql.critic().size(),
                    "value", (long) riql.value().parameterCount()));
        });
        // BCQ's target passes 100 sampled actions per next state through the decoder, the target actor and both
        // target critics (d3rlpy's n_action_samples): 100 times the rows of a TD3 update, so its batch 1024 or
        // width 1024 cells would take minutes per round on every side
        LIMITS.put("bcq", 256L * 256);
        FACTORIES.put("bcq", (obs, act, batch, width, seed, replay, rng) -> {
            Bcq bcq = new Bcq(obs, act, BcqConfig.defaults().withHidden(width, width).withVaeHidden(width, width)
                    .withBatchSize(batch), seed);
            return new Subject(sampled(replay, rng, batch, obs, act, bcq::update), Map.of(
                    "actor", (long) bcq.actor().parameterCount(),
                    "critic", (long) bcq.critic().q1().parameterCount(),
                    "critics", (long) bcq.critic().size(),
                    "vae", (long) bcq.encoder().parameterCount() + bcq.decoder().parameterCount()));
        });
        // PPO: one minibatch step (Ppo.minibatchStep, what an update phase repeats) on `batch` rows drawn uniformly
        // from a fixed rollout, as the references do (torch_learners.PPO.train)
        FACTORIES.put("ppo", (obs, act, batch, width, seed, replay, rng) -> {
            int n = Math.max(PPO_ROLLOUT, batch);
            Ppo ppo = new Ppo(obs, act, PpoConfig.defaults().withHidden(width, width).withRollout(1, n)
                    .withMinibatchSize(batch), seed);
            RolloutBuffer rollout = syntheticRollout(ppo, replay, n, rng);
            int[] rows = new int[batch];
            double lr = ppo.config().learningRate();
            return new Subject(() -> {
                for (int i = 0; i < batch; i++) {
                    rows[i] = rng.nextInt(n);
                }
                ppo.minibatchStep(rollout, rows, 0, batch, lr);
            }, Map.of("actor", (long) ppo.actor().parameterCount(), "log_std", (long) ppo.logStd().length,
                    "critic", (long) ppo.critic().parameterCount()));
        });
    }

    /**
     * The references' rollout (torch_learners.PPO.synthetic_rollout): the dataset's first {@code n} observations,
     * actions drawn from the initial policy with their log densities and values, N(0, 1) advantages, returns =
     * value + advantage.
     */
    private static RolloutBuffer syntheticRollout(Ppo ppo, OfflineReplay replay, int n, SplittableRandom rng) {
        int obs = ppo.actor().inputSize();
        RolloutBuffer r = new RolloutBuffer(n, obs, ppo.logStd().length);
        System.arraycopy(replay.data().obs(), 0, r.obs, 0, n * obs);
        ppo.act(r.obs, n, r.actions, r.logProb, r.values);
        for (int i = 0; i < n; i++) {
            r.advantages[i] = (float) rng.nextGaussian();
            r.returns[i] = r.values[i] + r.advantages[i];
        }
        r.setSize(n);
        return r;
    }

    /** The largest batch x width a learner is measured at (BCQ: 65,536; the others: no limit). */
    static long maxBatchTimesWidth(String learner) {
        return LIMITS.getOrDefault(learner, Long.MAX_VALUE);
    }

    private BenchLearners() {}

    /** The learners' names, in the matrix's order. */
    static List<String> names() {
        return List.copyOf(FACTORIES.keySet());
    }

    /** The subject of {@code learner} (one of {@link #names()}). */
    static Subject create(String learner, int obsDim, int actDim, int batch, int width, long seed, OfflineReplay replay,
                          SplittableRandom rng) {
        Factory f = FACTORIES.get(learner);
        if (f == null) {
            throw new IllegalArgumentException("unknown learner '" + learner + "'; the learners are " + names());
        }
        return f.create(obsDim, actDim, batch, width, seed, replay, rng);
    }

    /** An update that first draws its batch uniformly from the dataset, as the references do. */
    private static Runnable sampled(OfflineReplay replay, SplittableRandom rng, int batch, int obs, int act,
                                    java.util.function.Consumer<TransitionBatch> update) {
        TransitionBatch b = new TransitionBatch(batch, obs, act);
        return () -> {
            replay.sample(rng, b, 0, batch);
            update.accept(b);
        };
    }
}
