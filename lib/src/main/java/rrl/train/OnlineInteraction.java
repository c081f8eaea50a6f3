package rrl.train;

import java.util.Arrays;
import rrl.algo.Metrics;
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
 * Online training's step: one environment interacting with an online learner. Uniform random actions for the
 * learner's warm-up, then its exploration; the transition (normalised observations, the commanded action
 * [our reading], notebooks/our-reading.md#stored-action) goes
 * through a {@link TransitionHook} into the replay; after {@code learningStarts} steps, {@code updatesPerStep}
 * updates on minibatches from a {@link MixedSampler}. Serves online training and fine-tuning; its checkpoint
 * is exact at an episode boundary.
 */
public final class OnlineInteraction implements Stepper {
    private final OnlineLearner learner;
    private final BatchEnv env;
    private final VectorEnv raw;
    private final ObservationNormalizer norm;
    private final RingReplay replay;
    private final MixedSampler sampler;
    private final int learningStarts;
    private final int updatesPerStep;
    private final TransitionHook hook;
    private final int od;
    private final int ad;
    private final double[] cur;
    private final double[] act;
    private final float[] obsF;
    private final float[] nextF;
    private final float[] actF;
    private final double[] obsN;
    private final double[] nextN;
    private final double[] reward = new double[1];
    private final TransitionBatch batch;
    private Rng explore;
    private Rng sampling;
    private long step;
    private boolean boundary = true;

    /**
     * @param env the single environment stepped (a wrapper may perturb it)
     * @param raw the simulator underneath {@code env} (its state is what a checkpoint saves)
     * @param learningStarts steps before the first update
     * @param updatesPerStep updates after each environment step (the update-to-data ratio; 1 for TD3, SAC)
     * @param hook sees (and may change) each transition before it is stored
     * @param seed exploration draws from {@code seed + 1}, minibatch draws from {@code seed + 2}
     */
    public OnlineInteraction(OnlineLearner learner, BatchEnv env, VectorEnv raw, ObservationNormalizer norm,
                             RingReplay replay, MixedSampler sampler, int learningStarts, int updatesPerStep,
                             TransitionHook hook, long seed) {
        if (updatesPerStep < 1) {
            throw new IllegalArgumentException("updates per environment step must be >= 1, got " + updatesPerStep);
        }
        this.learner = learner;
        this.env = env;
        this.raw = raw;
        this.norm = norm;
        this.replay = replay;
        this.sampler = sampler;
        this.learningStarts = learningStarts;
        this.updatesPerStep = updatesPerStep;
        this.hook = hook;
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

    @Override
    public void begin() {
        System.arraycopy(env.observations(), 0, cur, 0, od);
    }

    @Override
    public long steps() {
        return step;
    }

    @Override
    public boolean atBoundary() {
        return boundary;
    }

    @Override
    public Metrics step() {
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
        boundary = terminated || env.truncated()[0];
        norm.apply(boundary ? raw.finalObservations() : env.observations(), nextF, 1);
        for (int i = 0; i < od; i++) {
            obsN[i] = obsF[i];
            nextN[i] = nextF[i];
        }
        reward[0] = env.rewards()[0];
        // The stored action is the command, not what a perturbing wrapper executed [our reading]
        // (notebooks/our-reading.md#stored-action).
        hook.beforeStore(step, obsN, act, reward, nextN, terminated);
        replay.add(obsN, 0, act, 0, reward[0], nextN, 0, terminated);
        System.arraycopy(env.observations(), 0, cur, 0, od);
        step++;
        Metrics m = Metrics.none();
        if (step >= learningStarts) {
            for (int u = 0; u < updatesPerStep; u++) {
                sampler.sample(sampling, batch);
                m = learner.update(batch);
            }
        }
        return m;
    }

    /** Saves learner, replay, the simulator's state and the generators. */
    @Override
    public void save(Checkpoint ck) {
        learner.save(ck);
        replay.save(ck, "replay");
        double[] qpos = new double[raw.nq()];
        double[] qvel = new double[raw.nv()];
        raw.state(0, qpos, qvel);
        ck.putDoubles("env_qpos", qpos).putDoubles("env_qvel", qvel);
        ck.putLongs("trainer", step, explore.state(), sampling.state(), raw.rngState(0));
    }

    /** Restores what {@link #save} wrote (also checkpoints that appended a caller's longs to "trainer"). */
    @Override
    public void restore(Checkpoint ck) {
        learner.restore(ck);
        replay.restore(ck, "replay");
        long[] t = ck.longs("trainer");
        step = t[0];
        explore = Rng.restore(t[1]);
        sampling = Rng.restore(t[2]);
        raw.setState(0, ck.doubles("env_qpos"), ck.doubles("env_qvel"));
        raw.restoreRng(0, t[3]);
        boundary = true;
    }

    /** The longs a checkpoint written before hooks had their own entries appended to "trainer" (legacy runs). */
    public static long[] legacyExtra(Checkpoint ck) {
        long[] t = ck.longs("trainer");
        return Arrays.copyOfRange(t, Math.min(4, t.length), t.length);
    }
}
