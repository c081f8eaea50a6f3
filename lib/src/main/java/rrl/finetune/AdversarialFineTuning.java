package rrl.finetune;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import rrl.policy.ActorPolicy;
import rrl.algo.Td3;
import rrl.attack.ConditionKind;
import rrl.attack.PerturbationCondition;
import rrl.attack.PerturbedVectorEnv;
import rrl.checkpoint.Checkpoint;
import rrl.env.Environments;
import rrl.env.Task;
import rrl.env.VectorEnv;
import rrl.rollout.Evaluation;
import rrl.eval.RobustnessEvaluation;
import rrl.io.NumericCsv;
import rrl.nn.ObservationNormalizer;
import rrl.progress.ProgressBar;
import rrl.replay.MixedSampler;
import rrl.replay.RingReplay;
import rrl.results.RunFolder;
import rrl.train.OnlineInteraction;

/**
 * Paper 1's adversarial fine-tuning (protocol.md §6): online TD3 initialised from the TD3+BC learner, each
 * minibatch {@code r_off} offline and the rest online, each episode perturbed with the curriculum's
 * probability {@code q} under the fine-tuning condition; the stored action is the policy's command. Every
 * {@code evalEvery} steps the policy is evaluated under normal, random and adversarial ({@code delta_best})
 * perturbations on all cores, then the curriculum updates {@code q}.
 *
 * <p>The run folder gets config.json, metrics.csv (step, q, share of perturbed episodes, mean and std of the
 * return per condition), policy.ckpt, and training.ckpt: the whole state at the first episode boundary
 * after every {@code checkpointEvery} steps. A killed run resumes from it and ends with the same numbers.
 */
public final class AdversarialFineTuning {
    /** One evaluation: q in force, share of training episodes perturbed so far, return per condition. */
    public record EvalPoint(long step, double q, double perturbedShare, double normalMean, double normalStd,
                            double randomMean, double randomStd, double adversarialMean, double adversarialStd) {}

    public static final List<String> METRICS = List.of("step", "q", "perturbed_share", "normal_mean", "normal_std",
            "random_mean", "random_std", "adversarial_mean", "adversarial_std");

    private AdversarialFineTuning() {}

    public static List<EvalPoint> run(FineTuningConfig c, FineTuningInputs in, Path runDir, boolean progress) {
        return run(c, in, runDir, progress, Long.MAX_VALUE);
    }

    /** As {@link #run(FineTuningConfig, FineTuningInputs, Path, boolean)}, stopping without saving at {@code stopAt}. */
    static List<EvalPoint> run(FineTuningConfig c, FineTuningInputs in, Path runDir, boolean progress, long stopAt) {
        Task task = Environments.task(c.env());
        int od = task.observationDim();
        int ad = task.actionDim();
        RunFolder folder = RunFolder.at(runDir);
        Path state = folder.file("training.ckpt");
        Td3 learner = new Td3(od, ad, c.td3(), c.seed());
        ObservationNormalizer norm = in.normalizer();
        if (c.fromScratch()) {
            norm = ObservationNormalizer.identity(od);
        } else {
            restoreWeights(learner, in.pretrained());
        }
        RingReplay online = new RingReplay((int) Math.min(c.steps(), 2_000_000L), od, ad);
        MixedSampler sampler = new MixedSampler(c.offlineFraction() > 0 ? in.offline() : null, online, c.offlineFraction());
        int learningStarts = c.fromScratch() ? 1000 : 0;
        Curriculum curriculum = c.curriculum().create(c.steps());
        PerturbationCondition inner = switch (c.condition()) {
            case RANDOM -> PerturbationCondition.random(c.eps());
            case ADVERSARIAL -> new PerturbationCondition.Pool(in.topK(c.topK()), ad);
            case NORMAL -> PerturbationCondition.normal();
        };
        PerturbationCondition.Intermittent injection = new PerturbationCondition.Intermittent(inner,
                c.condition() == ConditionKind.NORMAL ? 0.0 : curriculum.q());
        List<EvalPoint> evals = new ArrayList<>();
        try (PerturbedVectorEnv env = new PerturbedVectorEnv(new VectorEnv(task, 1, 1, true), injection)) {
            VectorEnv raw = (VectorEnv) env.inner();
            OnlineInteraction loop = new OnlineInteraction(learner, env, raw, norm, online, sampler, learningStarts, c.seed());
            env.reset(c.seed());
            if (Files.exists(state)) {
                Checkpoint ck = Checkpoint.read(state);
                requireSameRun(ck, c, state);
                long[] t = loop.restore(ck);
                env.restore(0, t[0], ck.doubles("episode_delta"));
                injection.restoreCounts(new long[] {t[1], t[2]});
                curriculum.restore(ck.doubles("curriculum"));
                if (c.condition() != ConditionKind.NORMAL) {
                    injection.setQ(curriculum.q());
                }
                evals.addAll(List.of(ck.getMeta("evals", EvalPoint[].class)));
                if (progress) {
                    System.out.println("resuming " + runDir + " at step " + loop.steps());
                }
            } else {
                folder.writeConfig(Map.of("method", c.fromScratch() ? "TD3 from scratch" : "adversarial fine-tuning",
                        "config", c, "nominal_return_pi_off", in.nominalReturn(), "delta_best", in.deltaBest()));
            }
            loop.begin();
            boolean checkpointDue = false;
            try (ProgressBar bar = progress ? new ProgressBar(c.env() + " fine-tuning (" + c.condition() + ", "
                    + curriculum.kind().label() + ")", c.steps()) : null) {
                if (bar != null) {
                    bar.step(loop.steps());
                }
                while (loop.steps() < c.steps()) {
                    if (loop.steps() >= stopAt) {
                        return evals;
                    }
                    if (Thread.interrupted()) {
                        throw new CancellationException("fine-tuning interrupted at step " + loop.steps() + "; run again on "
                                + runDir + " to resume from its last checkpoint");
                    }
                    boolean done = loop.step();
                    long step = loop.steps();
                    if (step % c.evalEvery() == 0 || step == c.steps()) {
                        ActorPolicy policy = learner.policy(task.name(), norm);
                        EvalPoint e = evaluate(policy, task, c, in, step, curriculum.q(), injection);
                        evals.add(e);
                        policy.save(folder.file("policy.ckpt"), Map.of("algorithm", "TD3 fine-tuned", "step", step,
                                "seed", c.seed(), "condition", c.condition().label(), "curriculum", curriculum.kind().label()));
                        writeMetrics(folder.file("metrics.csv"), evals);
                        curriculum.afterEvaluation(step, e.normalMean() / in.nominalReturn());
                        if (c.condition() != ConditionKind.NORMAL) {
                            injection.setQ(curriculum.q());
                        }
                        if (bar != null) {
                            bar.status(String.format("q %.2f; normal %.0f, random %.0f, adversarial %.0f", e.q(),
                                    e.normalMean(), e.randomMean(), e.adversarialMean()));
                        }
                    }
                    if (step % c.checkpointEvery() == 0) {
                        checkpointDue = true;
                    }
                    // At an episode boundary the env is a fresh reset (qpos, qvel, generators describe it fully).
                    if ((checkpointDue && done) || step == c.steps()) {
                        Checkpoint ck = Checkpoint.create("fine-tuning").putMeta("config", c).putMeta("evals", evals);
                        long[] counts = injection.counts();
                        loop.save(ck, env.rngState(0), counts[0], counts[1]);
                        ck.putDoubles("episode_delta", env.episodeDelta(0)).putDoubles("curriculum", curriculum.state());
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

    /** The policy under the three conditions, batched over all cores; seeds depend only on the step. */
    public static EvalPoint evaluate(ActorPolicy policy, Task task, FineTuningConfig c, FineTuningInputs in, long step, double q,
                              PerturbationCondition.Intermittent injection) {
        long seed = c.seed() + 1_000_003L * step;
        int n = c.evalEpisodes();
        Evaluation.Result normal = RobustnessEvaluation.run(policy, task, PerturbationCondition.normal(), n, n, seed, false);
        Evaluation.Result random = RobustnessEvaluation.run(policy, task, PerturbationCondition.random(c.eps()), n, n, seed,
                false);
        Evaluation.Result adv = RobustnessEvaluation.run(policy, task, PerturbationCondition.adversarial(in.deltaBest()), n,
                n, seed, false);
        long[] counts = injection.counts();
        double share = counts[0] == 0 ? 0 : (double) counts[1] / counts[0];
        return new EvalPoint(step, c.condition() == ConditionKind.NORMAL ? 0.0 : q, share, normal.meanReturn(),
                normal.stdReturn(), random.meanReturn(), random.stdReturn(), adv.meanReturn(), adv.stdReturn());
    }

    /**
     * Actor, critics and their targets from the TD3+BC learner, with fresh optimisers and the run's own noise
     * stream [our reading: a new TD3 agent loading pi_off's and Q_off's weights]. Carrying TD3+BC's Adam moments
     * over was worse in a 3,000-step Hopper trial: they were accumulated under lambda = alpha / mean|Q| ~ 0.01,
     * so plain TD3's ~100x larger actor gradients got oversized steps (nominal return 3285 -> 138 at 3k steps,
     * vs a dip to 172 and recovery to 1955 with fresh optimisers).
     */
    private static void restoreWeights(Td3 learner, Checkpoint pretrained) {
        learner.loadNetworks(pretrained);
    }

    private static void requireSameRun(Checkpoint ck, FineTuningConfig c, Path file) {
        FineTuningConfig saved = ck.getMeta("config", FineTuningConfig.class);
        com.google.gson.Gson gson = new com.google.gson.Gson();
        if (!gson.toJson(saved).equals(gson.toJson(c))) {
            throw new IllegalArgumentException(file + " belongs to another fine-tuning run (" + saved + "); use another "
                    + "run folder or delete it to start over");
        }
    }

    public static void writeMetrics(Path file, List<EvalPoint> evals) {
        List<double[]> rows = new ArrayList<>();
        for (EvalPoint e : evals) {
            rows.add(new double[] {e.step(), e.q(), e.perturbedShare(), e.normalMean(), e.normalStd(), e.randomMean(),
                    e.randomStd(), e.adversarialMean(), e.adversarialStd()});
        }
        NumericCsv.write(file, METRICS, rows);
    }

    /** Reads a run's metrics.csv back. */
    public static List<EvalPoint> readMetrics(Path file) {
        NumericCsv.Table t = NumericCsv.read(file, METRICS.size(), "fine-tuning metrics");
        List<EvalPoint> out = new ArrayList<>();
        for (double[] r : t.rows()) {
            out.add(new EvalPoint((long) r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8]));
        }
        return out;
    }
}
