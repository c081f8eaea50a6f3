package rrl.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import rrl.policy.ActorPolicy;
import rrl.algo.Td3;
import rrl.algo.Td3Config;
import rrl.checkpoint.Checkpoint;
import rrl.data.D4rlDataset;
import rrl.data.Transitions;
import rrl.env.Environments;
import rrl.env.Task;
import rrl.rollout.Evaluation;
import rrl.io.NumericCsv;
import rrl.nn.ObservationNormalizer;
import rrl.progress.ProgressBar;
import rrl.random.Rng;
import rrl.replay.OfflineReplay;
import rrl.replay.TransitionBatch;
import rrl.results.RunFolder;

/**
 * Offline TD3+BC on a D4RL-layout dataset (protocol.md section 5): observations normalised by the dataset's
 * mean and std (+1e-3), q-learning view of the data, periodic evaluation in D4RL-normalised score. With a
 * run folder it writes config.json, metrics.csv, policy.ckpt and a training checkpoint at every evaluation
 * from which a killed run resumes exactly.
 */
public final class Td3BcTraining {
    /**
     * @param steps gradient updates (paper 2: 2M medium, up to 5M expert; TD3+BC paper: 1M)
     * @param evalEvery updates between evaluations (TD3+BC: 5000)
     * @param evalEpisodes episodes per evaluation (TD3+BC: 10)
     */
    public record Config(String env, long steps, int evalEvery, int evalEpisodes, long seed, Td3Config td3) {
        public static Config defaults(String env, long steps) {
            return new Config(env, steps, 5000, 10, 0, Td3Config.td3bc());
        }
    }

    /** One evaluation. */
    public record EvalPoint(long step, double meanReturn, double stdReturn, double normalizedScore) {}

    /** The learning curve and the final policy. */
    public record Result(List<EvalPoint> curve, ActorPolicy policy) {}

    private Td3BcTraining() {}

    public static Result run(D4rlDataset data, Config c, Path runDir, boolean progress) {
        Task task = Environments.task(c.env());
        if (data.obsDim() != task.observationDim() || data.actDim() != task.actionDim()) {
            throw new IllegalArgumentException("dataset has observation " + data.obsDim() + ", action " + data.actDim()
                    + " but " + task.name() + " has " + task.observationDim() + ", " + task.actionDim()
                    + " (for D4RL ant files use Ant-d4rl)");
        }
        Transitions raw = data.qlearningView();
        ObservationNormalizer norm = ObservationNormalizer.fromData(raw.obs(), raw.count(), raw.obsDim(),
                ObservationNormalizer.TD3_BC_EPS);
        float[] obs = raw.obs().clone();
        float[] next = raw.nextObs().clone();
        norm.applyInPlace(obs, raw.count());
        norm.applyInPlace(next, raw.count());
        OfflineReplay replay = new OfflineReplay(new Transitions(obs, raw.actions(), raw.rewards(), next, raw.dones(),
                raw.count(), raw.obsDim(), raw.actDim()));
        Td3 td3 = new Td3(raw.obsDim(), raw.actDim(), c.td3(), c.seed());
        Rng sampler = new Rng(c.seed() + 2);
        List<EvalPoint> curve = new ArrayList<>();
        long step = 0;
        RunFolder folder = runDir == null ? null : RunFolder.at(runDir);
        Path state = folder == null ? null : folder.file("training.ckpt");
        if (state != null && Files.exists(state)) {
            Checkpoint ck = Checkpoint.read(state);
            td3.restore(ck);
            long[] t = ck.longs("trainer");
            step = t[0];
            sampler = Rng.restore(t[1]);
            curve.addAll(List.of(ck.getMeta("curve", EvalPoint[].class)));
            if (progress) {
                System.out.println("resuming " + runDir + " at update " + step);
            }
        } else if (folder != null) {
            folder.writeConfig(Map.of("algorithm", "TD3+BC", "config", c, "datasetSize", data.size()));
        }
        TransitionBatch batch = new TransitionBatch(c.td3().batchSize(), raw.obsDim(), raw.actDim());
        try (ProgressBar bar = progress ? new ProgressBar(c.env() + " TD3+BC", c.steps()) : null) {
            if (bar != null) {
                bar.step(step);
            }
            while (step < c.steps()) {
                if (Thread.interrupted()) {
                    throw new java.util.concurrent.CancellationException("TD3+BC interrupted at update " + step
                            + (runDir == null ? "" : "; run again on " + runDir + " to resume"));
                }
                replay.sample(sampler, batch, 0, batch.size);
                td3.update(batch);
                step++;
                if (step % c.evalEvery() == 0 || step == c.steps()) {
                    Evaluation.Result r = Evaluation.run(td3.policy(task.name(), norm), task, c.evalEpisodes(),
                            c.evalEpisodes(), c.seed() + 1_000_003L * step);
                    curve.add(new EvalPoint(step, r.meanReturn(), r.stdReturn(), r.normalizedScore()));
                    if (bar != null) {
                        bar.status(String.format("return %.0f (D4RL %.1f)", r.meanReturn(), r.normalizedScore()));
                    }
                    if (folder != null) {
                        writeMetrics(folder.file("metrics.csv"), curve);
                        td3.policy(task.name(), norm).save(folder.file("policy.ckpt"), Map.of("algorithm", "TD3+BC",
                                "step", step, "seed", c.seed(), "evalReturn", r.meanReturn()));
                        Checkpoint ck = Checkpoint.create("td3bc-training").putMeta("config", c).putMeta("curve", curve);
                        td3.save(ck);
                        ck.putLongs("trainer", step, sampler.state());
                        ck.write(state);
                    }
                }
                if (bar != null) {
                    bar.step(1);
                }
            }
        }
        return new Result(curve, td3.policy(task.name(), norm));
    }

    static void writeMetrics(Path file, List<EvalPoint> curve) {
        List<double[]> rows = new ArrayList<>();
        for (EvalPoint e : curve) {
            rows.add(new double[] {e.step(), e.meanReturn(), e.stdReturn(), e.normalizedScore()});
        }
        NumericCsv.write(file, List.of("step", "return_mean", "return_std", "d4rl_score"), rows);
    }
}
