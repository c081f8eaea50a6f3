package rrl.algo;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import rrl.checkpoint.Checkpoint;
import rrl.nn.Activation;
import rrl.nn.LrSchedule;
import rrl.nn.Mlp;
import rrl.nn.ObservationNormalizer;
import rrl.policy.ActorPolicy;
import rrl.policy.PolicySet;
import rrl.random.Rng;
import rrl.replay.TransitionBatch;

/**
 * What {@link Pex} and {@link Rpex} share: an online learner started from an offline IQL / RIQL training checkpoint
 * whose critics, target critics and V it loads, with a frozen copy of the offline actor and a freshly initialised
 * Gaussian online actor, acting through their {@link PolicySet}. One update: V, the critics and the targets step as
 * the offline learner's do ({@link ImplicitQLearning}, the references' {@code IQL.update} / {@code RIQL.update}); then
 * the policy set picks an action per batch state (training mode: sampled a2 and w, with the just-updated critics and
 * V), and the online actor takes one advantage-weighted step towards those composite actions with weights
 * min(exp(beta (Q_target(s, a) - V(s))), 100), Q_target the target critics reduced as the offline learner reduces
 * them (IQL: min; RIQL: quantile): Haichao-Zhang/PEX {@code PEX.policy_update} and felix-thu/RPEX
 * {@code RPEX.policy_update} alike [our reading] (notebooks/our-reading.md#pex-settings).
 */
public abstract sealed class PolicyExpansion implements OnlineLearner permits Pex, Rpex {
    private final String label;
    private final ImplicitQLearning core;
    private final Mlp offline;
    private final float[] offlineLogStd;
    private final PolicySet set;
    private final long policySeed;
    private final float[] composite;
    private final float[] advantage;
    private final float[] weights;

    /**
     * Seeds: the online actor {@code seed} (critics and V are loaded), the policy set's draws {@code seed + 50}, the
     * evaluation policy's {@code seed + 40} (the same at every evaluation).
     */
    PolicyExpansion(Checkpoint offlineRun, int obsDim, int actDim, PolicyExpansionConfig config, long seed) {
        this.label = config.algorithm().label();
        Algorithm from = config.offlineAlgorithm();
        String kind = trainingKind(from);
        JsonObject meta = offlineRun.meta();
        JsonObject run = meta.get("config") instanceof JsonObject j ? j : null;
        if (!kind.equals(offlineRun.kind()) || run == null || !(run.get("learner") instanceof JsonObject)) {
            throw new IllegalArgumentException(label + " starts from an " + from.label() + " training checkpoint, this is a '"
                    + offlineRun.kind() + "' one; give the training.ckpt (or run folder) of an `rrl train "
                    + from.name().toLowerCase(java.util.Locale.ROOT) + "` run");
        }
        ImplicitQLearning.Settings offlineSettings = from == Algorithm.IQL
                ? new Gson().fromJson(run.get("learner"), IqlConfig.class).settings()
                : new Gson().fromJson(run.get("learner"), RiqlConfig.class).settings();
        String env = run.has("env") ? run.get("env").getAsString() : "an unrecorded environment";
        int[] hidden = offlineSettings.hidden();
        this.offline = new Mlp(Mlp.layerSizes(obsDim, hidden, actDim), Activation.RELU, Activation.TANH);
        if (!offline.holdsLayout(offlineRun.tensor("actor").length)) { // saved on any machine's vector width
            throw new IllegalArgumentException("the " + from.label() + " checkpoint was trained on " + env + ", whose "
                    + "observations or actions have other sizes than " + obsDim + " and " + actDim + "; give one trained "
                    + "on this task's data");
        }
        ImplicitQLearning.Settings online = config instanceof PexConfig p ? p.settings(offlineSettings)
                : ((RpexConfig) config).settings(offlineSettings);
        this.core = new ImplicitQLearning(obsDim, actDim, online, config.algorithm().name().toLowerCase(
                java.util.Locale.ROOT), seed);
        core.critics().restoreNetworks(offlineRun);
        core.value().restore(offlineRun, "value");
        offline.restore(offlineRun, "actor");
        this.offlineLogStd = offlineSettings.actor() == AdvantageWeightedActor.Kind.GAUSSIAN
                ? offlineRun.tensor("log_std").clone() : new float[0];
        int n = core.critics().size();
        Mlp[] critics = new Mlp[n];
        for (int i = 0; i < n; i++) {
            critics[i] = core.critics().q(i);
        }
        double quantile = offlineSettings.critics().target().kind() == CriticEnsemble.Target.Kind.QUANTILE
                ? offlineSettings.critics().target().alpha() : 0;
        this.set = new PolicySet(offline, offlineLogStd, core.actor().network(), core.actor().logStd(),
                online.logStdMin(), online.logStdMax(), critics, core.value(), config.selection(quantile), false,
                new Rng(seed + 50));
        this.policySeed = seed + 40;
        int b = config.batchSize();
        this.composite = new float[b * actDim];
        this.advantage = new float[b];
        this.weights = new float[b];
    }

    /** The training checkpoint kind of an offline run of {@code a} ("iql-training", "riql-training"). */
    static String trainingKind(Algorithm a) {
        return a.name().toLowerCase(java.util.Locale.ROOT) + "-training";
    }

    /** The offline settings with the online run's rates, batch, rates and weights, a constant rate and a Gaussian actor. */
    static ImplicitQLearning.Settings onlineSettings(ImplicitQLearning.Settings off, double actorLr, double criticLr,
                                                     double valueLr, int batchSize, double gamma, double tau,
                                                     double expectile, double beta, double maxWeight, double logStdMin,
                                                     double logStdMax) {
        return new ImplicitQLearning.Settings(off.hidden(), actorLr, criticLr, valueLr, LrSchedule.constant(), batchSize,
                gamma, tau, expectile, beta, maxWeight, off.critics(), off.targetMin(), off.targetMax(),
                AdvantageWeightedActor.Kind.GAUSSIAN, logStdMin, logStdMax);
    }

    /** The configs' checks, one line naming the field. */
    static void check(double actorLr, double criticLr, double valueLr, int batchSize, double offlineFraction,
                      double gamma, double tau, double expectile, double beta, double maxWeight, int updatesPerStep,
                      int learningStarts, double logStdMin, double logStdMax) {
        ImplicitQLearning.check(actorLr, criticLr, valueLr, LrSchedule.constant(), batchSize, gamma, tau, expectile, beta,
                maxWeight, logStdMin, logStdMax, AdvantageWeightedActor.Kind.GAUSSIAN, ObservationScaling.NONE,
                RewardScaling.NONE);
        if (!(offlineFraction >= 0 && offlineFraction <= 1)) {
            throw new IllegalArgumentException("offlineFraction must be in [0, 1] (PEX, RPEX: 0.5), got " + offlineFraction);
        }
        if (updatesPerStep < 1 || learningStarts < 0) {
            throw new IllegalArgumentException("updatesPerStep must be >= 1 and learningStarts >= 0 (PEX: 1 and 5000), got "
                    + updatesPerStep + " and " + learningStarts);
        }
    }

    @Override
    public int batchSize() {
        return core.settings().batchSize();
    }

    /** 0: the policy set acts from the first step (the references' initial collection steps only hold back updates). */
    @Override
    public int startSteps() {
        return 0;
    }

    /** The policy set's composite actions, training mode (a2 sampled, w sampled). */
    @Override
    public void explore(float[] obs, int n, float[] actions) {
        set.act(obs, n, actions);
    }

    /**
     * One update (see the class comment).
     *
     * @return {@code critic_loss}, {@code value_loss}, {@code actor_loss}, {@code mean_v}, {@code mean_weight},
     *     {@code online_share} (the batch's share of composite actions from the online policy) and
     *     {@code online_probability} (the mean selection probability of the online candidate)
     */
    @Override
    public Metrics update(TransitionBatch batch) {
        double[] cv = core.stepCriticsAndValue(batch, label);
        int n = batch.size;
        set.act(batch.obs, n, composite);
        double share = 0;
        double p = 0;
        for (int b = 0; b < n; b++) {
            share += set.lastChoseOnline(b) ? 1 : 0;
            p += set.lastOnlineProbability(b);
        }
        double[] tq = core.critics().targetValues(batch.obs, composite, n);
        float[] v = core.value().forward(batch.obs, n);
        for (int b = 0; b < n; b++) {
            advantage[b] = (float) ((float) tq[b] - v[b]);
        }
        double meanWeight = AdvantageWeights.compute(advantage, n, core.settings().beta(), core.settings().maxWeight(),
                weights);
        double actorLoss = core.actorStep(batch.obs, composite, weights, n);
        return Metrics.of("critic_loss", cv[0], "value_loss", cv[1], "actor_loss", actorLoss, "mean_v", cv[2],
                "mean_weight", meanWeight, "online_share", share / n, "online_probability", p / n);
    }

    @Override
    public long updates() {
        return core.updates();
    }

    /** The live policy set (training mode; its networks are the learner's). */
    public PolicySet policySet() {
        return set;
    }

    /** The online actor. */
    public AdvantageWeightedActor actor() {
        return core.actor();
    }

    public CriticEnsemble critic() {
        return core.critics();
    }

    public Mlp value() {
        return core.value();
    }

    /** The frozen offline actor's mean network. */
    public Mlp offlineActor() {
        return offline;
    }

    /**
     * The evaluation policy: a copy of the policy set in evaluation mode (eps 0.1), its draws from seed + 40 at every
     * call, on observations scaled by {@code normalizer} (the offline run's).
     */
    @Override
    public ActorPolicy policy(String env, ObservationNormalizer normalizer) {
        return new ActorPolicy(env, set.evaluating(policySeed), normalizer);
    }

    /** The online actor, critics, V and their optimisers and counter; the offline actor; the policy set's generator. */
    @Override
    public void save(Checkpoint c) {
        core.save(c);
        offline.save(c, "offline_actor");
        c.putTensor("offline_log_std", offlineLogStd);
        c.putLongs("policy_set", set.generatorState());
    }

    @Override
    public void restore(Checkpoint c) {
        core.restore(c);
        offline.restore(c, "offline_actor");
        float[] ls = c.tensor("offline_log_std");
        if (ls.length != offlineLogStd.length) {
            throw new IllegalArgumentException("checkpoint holds an offline policy with " + ls.length + " log stds, this "
                    + label + " has " + offlineLogStd.length);
        }
        System.arraycopy(ls, 0, offlineLogStd, 0, ls.length);
        set.restoreGenerator(c.longs("policy_set")[0]);
    }
}
