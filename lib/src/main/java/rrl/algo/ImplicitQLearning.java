package rrl.algo;

import rrl.checkpoint.Checkpoint;
import rrl.nn.Activation;
import rrl.nn.Adam;
import rrl.nn.LrSchedule;
import rrl.nn.Mlp;
import rrl.nn.NetThreads;
import rrl.nn.ObservationNormalizer;
import rrl.policy.ActorPolicy;
import rrl.replay.TransitionBatch;

/**
 * The update IQL and RIQL share (the class name of both reference implementations, CORL's and
 * YangRui2015/RIQL's {@code ImplicitQLearning}): a state-value network V trained by {@link Expectile}
 * regression towards the target critics' value of the dataset action, critics regressed towards
 * r + gamma (1 - done) V(s'), and an {@link AdvantageWeightedActor}. IQL and RIQL differ only in
 * {@link Settings}: the critic ensemble (two, min, MSE against N, alpha-quantile, Huber), a clamp of the
 * critics' targets and the actor's kind.
 *
 * <p>One update, in the order of CORL's and RIQL's {@code train} [our reading]
 * (notebooks/our-reading.md#iql-settings): V(s') and the advantage Q_target(s, a) - V(s) are taken with V
 * before its step, then V, the critics and the actor each take one step and the target critics move towards
 * the critics. ikostrikov/implicit_q_learning takes V's step first and uses the new V in the other two; the
 * difference is one V step of lr 3e-4. This order makes the three steps independent, so V and the actor step
 * side by side on the {@link NetThreads}.
 */
final class ImplicitQLearning {
    /**
     * @param critics the ensemble (size, target reduction over the target critics on (s, a), loss)
     * @param targetMin the critics' regression targets are clamped to [targetMin, targetMax] (RIQL: [-100, 1000];
     *     IQL: unclamped, -inf and +inf)
     */
    record Settings(int[] hidden, double actorLr, double criticLr, double valueLr, LrSchedule actorSchedule,
                    int batchSize, double gamma, double tau, double expectile, double beta, double maxWeight,
                    CriticEnsemble.Config critics, double targetMin, double targetMax, AdvantageWeightedActor.Kind actor,
                    double logStdMin, double logStdMax) {}

    /**
     * Refuses settings IQL and RIQL cannot train with, one line naming the field and what it accepts (the
     * configs' constructors call it).
     */
    static void check(double actorLr, double criticLr, double valueLr, LrSchedule actorSchedule, int batchSize,
                      double gamma, double tau, double expectile, double beta, double maxWeight, double logStdMin,
                      double logStdMax, AdvantageWeightedActor.Kind actor, ObservationScaling observationScaling,
                      RewardScaling rewardScaling) {
        requirePositive("actorLr", actorLr);
        requirePositive("criticLr", criticLr);
        requirePositive("valueLr", valueLr);
        require(batchSize >= 1, "batchSize must be >= 1, got " + batchSize);
        require(gamma >= 0 && gamma <= 1, "gamma must be in [0, 1], got " + gamma);
        require(tau > 0 && tau <= 1, "tau (target rate) must be in (0, 1], got " + tau);
        require(expectile > 0 && expectile < 1, "expectile must be in (0, 1) (IQL: 0.7), got " + expectile);
        require(beta >= 0 && beta < Double.POSITIVE_INFINITY, "beta must be finite and >= 0 (IQL: 3), got " + beta);
        require(maxWeight > 0, "maxWeight must be > 0 (IQL: 100), got " + maxWeight);
        require(logStdMin < logStdMax, "logStdMin must be < logStdMax (IQL: -5 and 2), got " + logStdMin + " and "
                + logStdMax);
        require(actorSchedule != null && actor != null && observationScaling != null && rewardScaling != null,
                "actorSchedule, actor, observationScaling and rewardScaling must be set (e.g. IqlConfig.defaults())");
    }

    private static void requirePositive(String name, double v) {
        require(v > 0 && v < Double.POSITIVE_INFINITY, name + " must be finite and > 0 (IQL: 3e-4), got " + v);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    private final Settings s;
    private final String checkpointName;
    private final int obsDim;
    private final int actDim;
    private final AdvantageWeightedActor actor;
    private final CriticEnsemble critics;
    private final Mlp value;
    private final Adam valueOpt;
    private long updates;
    private final float[] nextV;
    private final float[] targetQ;
    private final float[] v;
    private final float[] advantage;
    private final float[] weights;
    private final float[] y;
    private final float[] dV;

    /**
     * Seeds: actor {@code seed}, critic i {@code seed + 10 + i} (as TD3's and SAC's), V {@code seed + 30}.
     *
     * @param checkpointName the name of the counter's entry in checkpoints ("iql", "riql")
     */
    ImplicitQLearning(int obsDim, int actDim, Settings s, String checkpointName, long seed) {
        this.s = s;
        this.checkpointName = checkpointName;
        this.obsDim = obsDim;
        this.actDim = actDim;
        this.actor = new AdvantageWeightedActor(s.actor(), obsDim, actDim, s.hidden(),
                new Adam.Config(s.actorLr(), 0.9, 0.999, 1e-8, s.actorSchedule()), s.logStdMin(), s.logStdMax(), seed);
        this.critics = new CriticEnsemble(obsDim, actDim, s.hidden(), s.critics(),
                new Adam.Config(s.criticLr(), 0.9, 0.999, 1e-8), seed + 10);
        this.value = new Mlp(Mlp.layerSizes(obsDim, s.hidden(), 1), Activation.RELU, Activation.IDENTITY)
                .initialize(seed + 30);
        this.valueOpt = new Adam(new Adam.Config(s.valueLr(), 0.9, 0.999, 1e-8), value);
        int b = s.batchSize();
        this.nextV = new float[b];
        this.targetQ = new float[b];
        this.v = new float[b];
        this.advantage = new float[b];
        this.weights = new float[b];
        this.y = new float[b];
        this.dV = new float[b];
    }

    AdvantageWeightedActor actor() {
        return actor;
    }

    CriticEnsemble critics() {
        return critics;
    }

    Mlp value() {
        return value;
    }

    long updates() {
        return updates;
    }

    /**
     * One update (see the class comment).
     *
     * @return {@code critic_loss} (sum over critics of mean l(Q_i - y)), {@code value_loss} (expectile),
     *     {@code actor_loss} (mean w l), {@code mean_v}, {@code mean_advantage}, {@code mean_weight}
     */
    Metrics update(TransitionBatch batch, String learner) {
        requireBatch(batch, learner);
        int n = batch.size;
        double meanV = prepare(batch);
        double criticLoss = critics.step(batch, y);
        double meanWeight = AdvantageWeights.compute(advantage, n, s.beta(), s.maxWeight(), weights);
        double[] losses = new double[2];
        // V still holds its activations on s (prepare's last pass); the actor's pass is its own
        NetThreads.run(2, i -> losses[i] = i == 0 ? valueStep(n) : actorStep(batch));
        critics.softUpdateTargets((float) s.tau());
        updates++;
        double meanAdv = 0;
        for (int b = 0; b < n; b++) {
            meanAdv += advantage[b];
        }
        return Metrics.of("critic_loss", criticLoss, "value_loss", losses[0], "actor_loss", losses[1], "mean_v", meanV,
                "mean_advantage", meanAdv / n, "mean_weight", meanWeight);
    }

    private void requireBatch(TransitionBatch batch, String learner) {
        if (batch.obsDim != obsDim || batch.actDim != actDim || batch.size != s.batchSize()) {
            throw new IllegalArgumentException(learner + " expects batches of " + s.batchSize() + " x (obs " + obsDim
                    + ", act " + actDim + "), got " + batch.size + " x (obs " + batch.obsDim + ", act " + batch.actDim + ")");
        }
    }

    /**
     * V, the critics and their targets stepped as in {@link #update}, without the actor, and the update counted: the
     * first part of PEX's and RPEX's update (the references' {@code IQL.update} / {@code RIQL.update} before their
     * {@code policy_update}), whose actor then learns from the policy set's actions.
     *
     * @return {critic_loss, value_loss, mean_v}
     */
    double[] stepCriticsAndValue(TransitionBatch batch, String learner) {
        requireBatch(batch, learner);
        int n = batch.size;
        double meanV = prepare(batch);
        double criticLoss = critics.step(batch, y);
        double valueLoss = valueStep(n);
        critics.softUpdateTargets((float) s.tau());
        updates++;
        return new double[] {criticLoss, valueLoss, meanV};
    }

    /** One step of the actor on mean_b w_b l(s_b, a_b) for the given actions and weights; returns the loss. */
    double actorStep(float[] obs, float[] actions, float[] w, int n) {
        double loss = actor.lossAndGradients(obs, actions, w, n);
        actor.step();
        return loss;
    }

    Settings settings() {
        return s;
    }

    /**
     * V(s'), the target critics' reduction Q_t(s, a) and V(s) (in that order, so V keeps its activations on s):
     * the advantages Q_t(s, a) - V(s) and the critics' targets y = clamp(r + gamma (1 - done) V(s')). Returns
     * mean V(s).
     */
    double prepare(TransitionBatch batch) {
        int n = batch.size;
        System.arraycopy(value.forward(batch.nextObs, n), 0, nextV, 0, n);
        double[] tq = critics.targetValues(batch.obs, batch.actions, n);
        System.arraycopy(value.forward(batch.obs, n), 0, v, 0, n);
        double meanV = 0;
        for (int b = 0; b < n; b++) {
            targetQ[b] = (float) tq[b];
            advantage[b] = targetQ[b] - v[b];
            double t = batch.rewards[b] + s.gamma() * (1.0 - batch.dones[b]) * nextV[b];
            y[b] = (float) Math.max(s.targetMin(), Math.min(s.targetMax(), t));
            meanV += v[b];
        }
        return meanV / n;
    }

    /** The expectile loss of V(s) (last forward) against Q_t(s, a), its gradients, and V's Adam step. */
    private double valueStep(int n) {
        double loss = valueLossAndGradients(n);
        valueOpt.step(value.params(), value.grads());
        return loss;
    }

    /** Expectile loss of the last V(s) against the prepared Q_t(s, a); gradients left in V's buffer. */
    double valueLossAndGradients(int n) {
        value.zeroGrad();
        double loss = Expectile.lossAndGradient(v, targetQ, n, s.expectile(), dV);
        value.backward(dV, true, false);
        return loss;
    }

    private double actorStep(TransitionBatch batch) {
        double loss = actor.lossAndGradients(batch.obs, batch.actions, weights, batch.size);
        actor.step();
        return loss;
    }

    float[] targets() {
        return y;
    }

    float[] weights() {
        return weights;
    }

    float[] advantages() {
        return advantage;
    }

    ActorPolicy policy(String env, ObservationNormalizer normalizer) {
        return actor.policy(env, normalizer);
    }

    /** Actor, critics, V and their optimisers, and the update counter (there is no generator: IQL draws nothing). */
    void save(Checkpoint c) {
        actor.save(c);
        critics.save(c);
        value.save(c, "value");
        valueOpt.save(c, "adam_value");
        c.putLongs(checkpointName, updates);
    }

    void restore(Checkpoint c) {
        actor.restore(c);
        critics.restore(c);
        value.restore(c, "value");
        valueOpt.restore(c, "adam_value");
        updates = c.longs(checkpointName)[0];
    }
}
