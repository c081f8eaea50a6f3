package rrl.train;

import rrl.algo.Metrics;
import rrl.algo.Ppo;
import rrl.algo.PpoConfig;
import rrl.checkpoint.Checkpoint;
import rrl.env.VectorEnv;
import rrl.nn.ObservationNormalizer;
import rrl.nn.RunningMeanStd;
import rrl.replay.RolloutBuffer;

/**
 * On-policy training's step (PPO): the vector env of {@code numEnvs} environments acts on the learner's sampled
 * actions, clipped to the action box (Gymnasium's ClipAction); the rows go into a {@link RolloutBuffer}; when it
 * is full, GAE and the learner's update passes. Observations are scaled by running statistics clipped at 10
 * (Gymnasium's NormalizeObservation, updated with every observation the policy sees), rewards by the running std of
 * the discounted return clipped at 10 (NormalizeReward), as CleanRL's ppo_continuous_action wraps its env. A
 * truncated episode (the time limit) bootstraps: gamma V of its last observation is added to its last reward
 * (SB3's timeout handling), where CleanRL treats the limit as a termination (notebooks/our-reading.md#ppo-settings).
 *
 * <p>One loop step is one environment step: with {@code numEnvs} environments the vector env steps on every
 * {@code numEnvs}-th loop step, so budgets, evaluations and logs count environment steps as for TD3 and SAC. A
 * checkpoint is taken right after an update (the rollout empty), mid-episode: it holds each environment's physical
 * state, its time-limit counter and return so far, the running statistics and the discounted returns, so a resumed
 * run continues every episode exactly.
 */
public final class OnPolicyRollouts implements Stepper {
    /** Gymnasium NormalizeObservation / NormalizeReward's epsilon inside the square root. */
    static final double NORMALIZE_EPS = 1e-8;

    private final Ppo learner;
    private final PpoConfig config;
    private final VectorEnv env;
    private final int n;
    private final int od;
    private final int ad;
    private final RolloutBuffer rollout;
    private final RunningMeanStd obsStats;
    private final RunningMeanStd returnStats;
    private final double[] discounted;
    private final float[] cur;
    private final float[] sampled;
    private final float[] logProb;
    private final float[] values;
    private final double[] executed;
    private final float[] finalObs;
    private final float[] finalValue = new float[1];
    private final double[] returnRow = new double[1];
    private long step;

    /** @param env {@code config.numEnvs()} environments of the task, with auto-reset, already reset */
    public OnPolicyRollouts(Ppo learner, VectorEnv env) {
        this.learner = learner;
        this.config = learner.config();
        this.env = env;
        this.n = env.numEnvs();
        if (n != config.numEnvs()) {
            throw new IllegalArgumentException("PPO is configured for " + config.numEnvs() + " environments, the vector env has " + n);
        }
        this.od = env.observationDim();
        this.ad = env.actionDim();
        this.rollout = new RolloutBuffer(config.rolloutSize(), od, ad);
        this.obsStats = new RunningMeanStd(od);
        this.returnStats = new RunningMeanStd(1);
        this.discounted = new double[n];
        this.cur = new float[n * od];
        this.sampled = new float[n * ad];
        this.logProb = new float[n];
        this.values = new float[n];
        this.executed = new double[n * ad];
        this.finalObs = new float[od];
    }

    /** Scales the environments' current observations; a fresh run first adds them to the statistics. */
    @Override
    public void begin() {
        if (step == 0) {
            observe(env.observations());
        }
        normalizer().apply(env.observations(), cur, n);
    }

    private void observe(double[] obs) {
        if (config.normalizeObservations()) {
            obsStats.update(obs, n);
        }
    }

    /** The observation scaling as it stands (identity without observation normalisation). */
    public ObservationNormalizer normalizer() {
        return config.normalizeObservations()
                ? obsStats.normalizer(NORMALIZE_EPS, config.observationClip())
                : ObservationNormalizer.identity(od);
    }

    @Override
    public long steps() {
        return step;
    }

    /** Right after an update, on a whole vector step: nothing of a rollout is pending. */
    @Override
    public boolean atBoundary() {
        return rollout.size() == 0 && step % n == 0;
    }

    @Override
    public Metrics step() {
        if (step % n == 0) {
            vectorStep();
        }
        step++;
        if (step % n == 0 && rollout.isFull()) {
            learner.values(cur, n, values);
            rollout.computeAdvantages(values, n, config.gamma(), config.gaeLambda());
            Metrics m = learner.update(rollout);
            rollout.clear();
            return m;
        }
        return Metrics.none();
    }

    private void vectorStep() {
        learner.act(cur, n, sampled, logProb, values);
        for (int k = 0; k < n * ad; k++) {
            executed[k] = Math.max(-1.0, Math.min(1.0, sampled[k]));
        }
        env.step(executed);
        double[] r = env.rewards();
        boolean[] terminated = env.terminated();
        boolean[] truncated = env.truncated();
        double scale = 1.0;
        if (config.normalizeRewards()) {
            for (int e = 0; e < n; e++) {
                discounted[e] = discounted[e] * config.gamma() * (terminated[e] ? 0 : 1) + r[e];
            }
            returnStats.update(discounted, n);
            scale = 1.0 / Math.sqrt(returnStats.var()[0] + NORMALIZE_EPS);
        }
        // the statistics see each new observation before it is scaled (NormalizeObservation); a finished
        // episode's last observation is scaled by them without being added, as SB3's VecNormalize does
        observe(env.observations());
        ObservationNormalizer norm = normalizer();
        double clip = config.rewardClip();
        for (int e = 0; e < n; e++) {
            double reward = r[e] * scale;
            if (config.normalizeRewards()) {
                reward = Math.max(-clip, Math.min(clip, reward));
            }
            if (truncated[e] && !terminated[e]) {
                double[] last = new double[od];
                System.arraycopy(env.finalObservations(), e * od, last, 0, od);
                norm.apply(last, finalObs, 1);
                learner.values(finalObs, 1, finalValue);
                reward += config.gamma() * finalValue[0];
            }
            rollout.add(cur, e * od, sampled, e * ad, logProb[e], values[e], (float) reward,
                    terminated[e] || truncated[e]);
        }
        norm.apply(env.observations(), cur, n);
    }

    /** Saves learner, statistics, discounted returns, each environment's state, episode progress and generator. */
    @Override
    public void save(Checkpoint ck) {
        learner.save(ck);
        obsStats.save(ck, "obs_stats");
        returnStats.save(ck, "return_stats");
        ck.putDoubles("discounted_return", discounted);
        double[] qpos = new double[env.nq()];
        double[] qvel = new double[env.nv()];
        long[] rng = new long[n];
        long[] elapsed = new long[n];
        double[] episodeReturn = new double[n];
        for (int e = 0; e < n; e++) {
            env.state(e, qpos, qvel);
            ck.putDoubles("env_qpos_" + e, qpos).putDoubles("env_qvel_" + e, qvel);
            rng[e] = env.rngState(e);
            elapsed[e] = env.episodeSteps(e);
            episodeReturn[e] = env.episodeReturn(e);
        }
        ck.putLongs("env_rng", rng).putLongs("env_elapsed", elapsed).putDoubles("env_return", episodeReturn);
        ck.putLongs("trainer", step);
    }

    /** Restores what {@link #save} wrote. */
    @Override
    public void restore(Checkpoint ck) {
        learner.restore(ck);
        obsStats.restore(ck, "obs_stats");
        returnStats.restore(ck, "return_stats");
        System.arraycopy(ck.doubles("discounted_return"), 0, discounted, 0, n);
        long[] rng = ck.longs("env_rng");
        long[] elapsed = ck.longs("env_elapsed");
        double[] episodeReturn = ck.doubles("env_return");
        for (int e = 0; e < n; e++) {
            env.setState(e, ck.doubles("env_qpos_" + e), ck.doubles("env_qvel_" + e));
            env.restoreRng(e, rng[e]);
            env.continueEpisode(e, (int) elapsed[e], episodeReturn[e]);
        }
        step = ck.longs("trainer")[0];
        rollout.clear();
    }
}
