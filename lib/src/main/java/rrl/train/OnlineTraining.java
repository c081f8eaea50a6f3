package rrl.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import rrl.policy.ActorPolicy;
import rrl.algo.OnlineLearner;
import rrl.algo.Sac;
import rrl.algo.SacConfig;
import rrl.algo.Td3;
import rrl.algo.Td3Config;
import rrl.checkpoint.Checkpoint;
import rrl.env.Environments;
import rrl.env.Task;
import rrl.env.VectorEnv;
import rrl.rollout.Evaluation;
import rrl.io.NumericCsv;
import rrl.nn.ObservationNormalizer;
import rrl.progress.ProgressBar;
import rrl.replay.RingReplay;
import rrl.replay.MixedSampler;
import rrl.results.RunFolder;

/**
 * Online SAC or TD3 on one environment, one gradient step per environment step: the way D4RL's behaviour
 * policies were trained (rlkit SAC) and the online baselines of paper 2 (TD3, SAC). Writes into a run folder: config.json, metrics.csv, a policy
 * checkpoint at every evaluation ({@code policies/step-NNNNNNNN.ckpt}) and {@code training.ckpt}, the whole
 * training state saved at the first episode boundary after every {@code checkpointEvery} steps. Running
 * again on the same folder resumes from it and ends with the same numbers as an uninterrupted run.
 */
public final class OnlineTraining {
    /**
     * @param steps environment steps in total (D4RL's experts: 1M+; medium policies far fewer)
     * @param learningStarts steps before the first update (rlkit: 1000)
     * @param evalEvery evaluation interval in steps (TD3+BC/D4RL practice: 5000)
     * @param evalEpisodes deterministic episodes per evaluation (10)
     * @param checkpointEvery training-state checkpoint interval in steps
     */
    public record Config(String env, String algorithm, long steps, int learningStarts, int evalEvery, int evalEpisodes,
                         int checkpointEvery, long seed, SacConfig sac, Td3Config td3) {
        public Config {
            if (!algorithm.equals("SAC") && !algorithm.equals("TD3")) {
                throw new IllegalArgumentException("online algorithm must be SAC or TD3, got " + algorithm);
            }
        }

        /** SAC with rlkit's settings. */
        public static Config sac(String env, long steps, SacConfig sac) {
            return new Config(env, "SAC", steps, 1000, 5000, 10, 20_000, 0, sac, Td3Config.td3());
        }

        /** TD3 with Fujimoto's settings (25,000 random steps first). */
        public static Config td3(String env, long steps, Td3Config td3) {
            return new Config(env, "TD3", steps, 1000, 5000, 10, 20_000, 0, SacConfig.defaults(), td3);
        }

        public Config withSchedule(int learningStarts, int evalEvery, int evalEpisodes, int checkpointEvery, long seed) {
            return new Config(env, algorithm, steps, learningStarts, evalEvery, evalEpisodes, checkpointEvery, seed, sac, td3);
        }

        OnlineLearner learner(int obsDim, int actDim) {
            return algorithm.equals("SAC") ? new Sac(obsDim, actDim, sac, seed) : new Td3(obsDim, actDim, td3, seed);
        }
    }

    /** One evaluation of the deterministic policy. */
    public record EvalPoint(long step, double meanReturn, double stdReturn, double normalizedScore, double alpha,
                            String policyFile) {}

    private OnlineTraining() {}

    /** Trains (or resumes) in {@code runDir}; returns every evaluation so far. */
    public static List<EvalPoint> run(Config c, Path runDir, boolean progress) {
        return run(c, runDir, progress, Long.MAX_VALUE);
    }

    /** As {@link #run(Config, Path, boolean)} but stops without saving after {@code stopAt} steps (a simulated kill). */
    static List<EvalPoint> run(Config c, Path runDir, boolean progress, long stopAt) {
        Task task = Environments.task(c.env());
        int od = task.observationDim();
        int ad = task.actionDim();
        RunFolder folder = RunFolder.at(runDir);
        Path state = folder.file("training.ckpt");
        OnlineLearner learner = c.learner(od, ad);
        RingReplay replay = new RingReplay((int) Math.min(c.steps(), 2_000_000L), od, ad);
        List<EvalPoint> evals = new ArrayList<>();
        ObservationNormalizer identity = ObservationNormalizer.identity(od);
        try (VectorEnv env = new VectorEnv(task, 1, 1, true)) {
            OnlineInteraction loop = new OnlineInteraction(learner, env, env, identity, replay,
                    new MixedSampler(null, replay, 0.0), c.learningStarts(), c.seed());
            env.reset(c.seed());
            if (Files.exists(state)) {
                Checkpoint ck = Checkpoint.read(state);
                checkSameRun(ck, c, state);
                loop.restore(ck);
                evals.addAll(List.of(ck.getMeta("evals", EvalPoint[].class)));
                if (progress) {
                    System.out.println("resuming " + runDir + " at step " + loop.steps());
                }
            } else {
                folder.writeConfig(Map.of("algorithm", c.algorithm(), "config", c));
            }
            loop.begin();
            boolean checkpointDue = false;
            try (ProgressBar bar = progress ? new ProgressBar(c.env() + " " + c.algorithm(), c.steps()) : null) {
                if (bar != null) {
                    bar.step(loop.steps());
                }
                while (loop.steps() < c.steps()) {
                    if (loop.steps() >= stopAt) {
                        return evals;
                    }
                    if (Thread.interrupted()) {
                        throw new java.util.concurrent.CancellationException(c.algorithm() + " training interrupted at step "
                                + loop.steps() + "; run again on " + runDir + " to resume from its last checkpoint");
                    }
                    boolean done = loop.step();
                    long step = loop.steps();
                    if (step % c.evalEvery() == 0 || step == c.steps()) {
                        ActorPolicy policy = learner.policy(task.name(), identity);
                        Evaluation.Result r = Evaluation.run(policy, task, c.evalEpisodes(), c.evalEpisodes(),
                                c.seed() + 1_000_003L * step);
                        String name = String.format("policies/step-%08d.ckpt", step);
                        policy.save(folder.file(name), Map.of("algorithm", c.algorithm(), "step", step, "seed", c.seed(),
                                "evalReturn", r.meanReturn()));
                        double alpha = learner instanceof Sac s ? s.alpha() : Double.NaN;
                        evals.add(new EvalPoint(step, r.meanReturn(), r.stdReturn(), r.normalizedScore(), alpha, name));
                        writeMetrics(folder.file("metrics.csv"), evals);
                        if (bar != null) {
                            bar.status(String.format("return %.0f (D4RL %.1f)", r.meanReturn(), r.normalizedScore()));
                        }
                    }
                    if (step % c.checkpointEvery() == 0) {
                        checkpointDue = true;
                    }
                    // At an episode boundary the environment is a fresh reset: its state is fully described
                    // by qpos, qvel and the reset generator, so resuming there is exact.
                    if ((checkpointDue && done) || step == c.steps()) {
                        Checkpoint ck = Checkpoint.create("online-training").putMeta("config", c).putMeta("evals", evals);
                        loop.save(ck);
                        ck.write(state);
                        checkpointDue = false;
                    }
                    if (bar != null) {
                        bar.step(1);
                    }
                }
            }
        }
        return evals;
    }

    /**
     * Compares the saved run's identity (env, seed, algorithm) with {@code c}, reading the JSON leniently: runs
     * written before the algorithm field existed were SAC runs.
     */
    private static void checkSameRun(Checkpoint ck, Config c, Path file) {
        com.google.gson.JsonObject saved = ck.meta().getAsJsonObject("config");
        if (saved == null || !saved.has("env") || !saved.has("seed")) {
            throw new IllegalArgumentException(file + " is not an online-training checkpoint (no config); use another run folder");
        }
        String env = saved.get("env").getAsString();
        long seed = saved.get("seed").getAsLong();
        String algorithm = saved.has("algorithm") ? saved.get("algorithm").getAsString() : "SAC";
        if (!env.equals(c.env()) || seed != c.seed() || !algorithm.equals(c.algorithm())) {
            throw new IllegalArgumentException(file + " belongs to a " + algorithm + " run of " + env + " seed " + seed
                    + ", not " + c.algorithm() + " on " + c.env() + " seed " + c.seed() + "; use another run folder");
        }
    }

    static void writeMetrics(Path file, List<EvalPoint> evals) {
        List<double[]> rows = new ArrayList<>();
        for (EvalPoint e : evals) {
            rows.add(new double[] {e.step(), e.meanReturn(), e.stdReturn(), e.normalizedScore(), e.alpha()});
        }
        NumericCsv.write(file, List.of("step", "return_mean", "return_std", "d4rl_score", "alpha"), rows);
    }
}
