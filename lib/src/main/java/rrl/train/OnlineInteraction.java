package rrl.train;

import java.util.Arrays;
import rrl.algo.OnlineLearner;
import rrl.checkpoint.Checkpoint;
import rrl.env.BatchEnv;
import rrl.env.VectorEnv;
import rrl.nn.ObservationNormalizer;
import rrl.random.Rng;
import rrl.replay.MixedSampler;
import rrl.replay.RingReplay;
import rrl.replay.TransitionBatch;

/**
 * One environment interacting with an online learner, one gradient step per environment step: uniform random
 * actions for the learner's warm-up, then its exploration; transitions stored with normalised observations and
 * the commanded action; minibatches from a {@link MixedSampler}. Shared by online training and fine-tuning,
 * with the checkpoint state both resume from exactly (at an episode boundary).
 */
public final class OnlineInteraction {
    private final OnlineLearner learner;
    private final BatchEnv env;
    private final VectorEnv raw;
    private final ObservationNormalizer norm;
    private final RingReplay replay;
    private final MixedSampler sampler;
    private final int learningStarts;
    private final int od;
    private final int ad;
    private final double[] cur;
    private final double[] act;
    private final float[] obsF;
    private final float[] nextF;
    private final float[] actF;
    private final double[] obsN;
    private final double[] nextN;
    private final TransitionBatch batch;
    private Rng explore;
    private Rng sampling;
    private long step;

    /**
     * @param env the single environment stepped (a wrapper may perturb it)
     * @param raw the simulator underneath {@code env} (its state is what a checkpoint saves)
     * @param learningStarts steps before the first update
     * @param seed exploration draws from {@code seed + 1}, minibatch draws from {@code seed + 2}
     */
    public OnlineInteraction(OnlineLearner learner, BatchEnv env, VectorEnv raw, ObservationNormalizer norm,
                             RingReplay replay, MixedSampler sampler, int learningStarts, long seed) {
        this.learner = learner;
        this.env = env;
        this.raw = raw;
        this.norm = norm;
        this.replay = replay;
        this.sampler = sampler;
        this.learningStarts = learningStarts;
        this.od = env.observationDim();
        this.ad = env.actionDim();
        this.cur = new double[od];
        this.act = new double[ad];
        this.obsF = new float[od];
        this.nextF = new float[od];
        this.actF = new float[ad];
        this.obsN = new double[od];
        this.nextN = new double[od];
        this.batch = new TransitionBatch(learner.batchSize(), od, ad);
        this.explore = new Rng(seed + 1);
        this.sampling = new Rng(seed + 2);
    }

    /** Takes the current observation as the start; call after resetting or restoring the env. */
    public void begin() {
        System.arraycopy(env.observations(), 0, cur, 0, od);
    }

    /** Steps taken so far. */
    public long steps() {
        return step;
    }

    /** One environment step and (after the warm-up) one update; returns whether the episode ended. */
    public boolean step() {
        norm.apply(cur, obsF, 1);
        if (step < learner.startSteps()) {
            for (int j = 0; j < ad; j++) {
                act[j] = explore.nextDouble(-1.0, 1.0);
            }
        } else {
            learner.explore(obsF, 1, actF);
            for (int j = 0; j < ad; j++) {
                act[j] = actF[j];
            }
        }
        env.step(act);
        boolean terminated = env.terminated()[0];
        boolean done = terminated || env.truncated()[0];
        norm.apply(done ? raw.finalObservations() : env.observations(), nextF, 1);
        for (int i = 0; i < od; i++) {
            obsN[i] = obsF[i];
            nextN[i] = nextF[i];
        }
        // The stored action is the command, not what a perturbing wrapper executed (protocol.md §2).
        replay.add(obsN, 0, act, 0, env.rewards()[0], nextN, 0, terminated);
        System.arraycopy(env.observations(), 0, cur, 0, od);
        step++;
        if (step >= learningStarts) {
            sampler.sample(sampling, batch);
            learner.update(batch);
        }
        return done;
    }

    /**
     * Saves learner, replay, the simulator's state and the generators; {@code extra} longs are appended to the
     * "trainer" entry for the caller's own state.
     */
    public void save(Checkpoint ck, long... extra) {
        learner.save(ck);
        replay.save(ck, "replay");
        double[] qpos = new double[raw.nq()];
        double[] qvel = new double[raw.nv()];
        raw.state(0, qpos, qvel);
        ck.putDoubles("env_qpos", qpos).putDoubles("env_qvel", qvel);
        long[] t = new long[4 + extra.length];
        t[0] = step;
        t[1] = explore.state();
        t[2] = sampling.state();
        t[3] = raw.rngState(0);
        System.arraycopy(extra, 0, t, 4, extra.length);
        ck.putLongs("trainer", t);
    }

    /** Restores what {@link #save} wrote and returns the caller's extra longs; call {@link #begin} after. */
    public long[] restore(Checkpoint ck) {
        learner.restore(ck);
        replay.restore(ck, "replay");
        long[] t = ck.longs("trainer");
        step = t[0];
        explore = Rng.restore(t[1]);
        sampling = Rng.restore(t[2]);
        raw.setState(0, ck.doubles("env_qpos"), ck.doubles("env_qvel"));
        raw.restoreRng(0, t[3]);
        return Arrays.copyOfRange(t, 4, t.length);
    }
}
