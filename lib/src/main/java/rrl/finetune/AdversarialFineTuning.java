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
import rrl.train.MetricsLog;
import rrl.train.OnlineInteraction;
import rrl.train.TrainingLoop;
import rrl.train.TransitionHook;
import java.util.Arrays;

/**
 * Paper 1's adversarial fine-tuning (arXiv 2510.13358; notebooks/references.md#paper-1): online TD3 initialised
 * from the TD3+BC learner, each minibatch {@code r_off} offline and the rest online, each episode perturbed with
 * the curriculum's probability {@code q} under the fine-tuning condition; the stored action is the policy's
 * command [our reading] (notebooks/our-reading.md#stored-action). Every
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

    /** The file of a run with re-computed perturbations: one row per attack ({@link AttackRefresh}). */
    public static final String REFRESH_FILE = "refresh.csv";

    /** Its columns; "delta" stands for delta_0 .. delta_{Na-1}, delta_best of that attack. */
    public static final List<String> REFRESH_COLUMNS = List.of("step", "attack_seconds", "attack_env_steps",
            "best_fitness", "pool_size", "delta");

    public static final List<String> METRICS = List.of("step", "q", "perturbed_share", "normal_mean", "normal_std",
            "random_mean", "random_std", "adversarial_mean", "adversarial_std");

    private AdversarialFineTuning() {}

    public static List<EvalPoint> run(FineTuningConfig c, FineTuningInputs in, Path runDir, boolean progress) {
        return run(c, in, runDir, progress, c.id(), Long.MAX_VALUE);
    }

    /**
     * As {@link #run(FineTuningConfig, FineTuningInputs, Path, boolean)} under the run id {@code id} given by the
     * caller (a study's run spec, whose id also covers the shared setup).
     */
    public static List<EvalPoint> run(FineTuningConfig c, FineTuningInputs in, Path runDir, boolean progress,
                                      rrl.results.RunId id) {
        return run(c, in, runDir, progress, id, Long.MAX_VALUE);
    }

    /** As {@link #run(FineTuningConfig, FineTuningInputs, Path, boolean)}, stopping without saving at {@code stopAt}. */
    static List<EvalPoint> run(FineTuningConfig c, FineTuningInputs in, Path runDir, boolean progress,
                               rrl.results.RunId id, long stopAt) {
        Task task = Environments.task(c.env());
        int od = task.observationDim();
        int ad = task.actionDim();
        Td3 learner = new Td3(od, ad, c.td3(), c.seed());
        ObservationNormalizer norm = in.normalizer();
        if (c.fromScratch()) {
            norm = ObservationNormalizer.identity(od);
        } else {
            restoreWeights(learner, in.pretrained());
        }
        ObservationNormalizer policyNorm = norm;
        RingReplay online = new RingReplay(c.replayCapacity(), od, ad);
        MixedSampler sampler = new MixedSampler(c.offlineFraction() > 0 ? in.offline() : null, online, c.offlineFraction());
        int learningStarts = c.learningStarts();
        Curriculum curriculum = c.curriculum().create(c.steps());
        PerturbationCondition inner = switch (c.condition()) {
            case RANDOM -> PerturbationCondition.random(c.eps());
            case ADVERSARIAL -> new PerturbationCondition.Pool(in.topK(c.topK()), ad);
            case NORMAL -> PerturbationCondition.normal();
        };
        PerturbationCondition.Intermittent injection = new PerturbationCondition.Intermittent(inner,
                c.condition() == ConditionKind.NORMAL ? 0.0 : curriculum.q());
        try (PerturbedVectorEnv env = new PerturbedVectorEnv(new VectorEnv(task, 1, 1, true), injection)) {
            VectorEnv raw = (VectorEnv) env.inner();
            env.reset(c.seed());
            OnlineInteraction stepper = new OnlineInteraction(learner, env, raw, norm, online, sampler, learningStarts, 1,
                    TransitionHook.NONE, c.seed());
            Injection hooks = new Injection(c, in, env, injection, curriculum, runDir);
            String method = c.fromScratch() ? "TD3 from scratch" : "adversarial fine-tuning";
            Map<String, Object> record = new java.util.LinkedHashMap<>();
            record.put("method", method);
            record.put("nominal_return_pi_off", in.nominalReturn());
            record.put("delta_best", in.deltaBest());
            TrainingLoop.Run run = new TrainingLoop.Run(c.env() + (c.fromScratch() ? " TD3 from scratch (" : " fine-tuning (") + c.condition() + ", "
                    + curriculum.kind().label() + ")", "fine-tuning", id, java.util.Set.of(), j -> "the fine-tuning run " + j, c, record,
                    new TrainingLoop.Schedule(c.steps(), c.evalEvery(), c.evalEvery(), c.checkpointEvery()), stepper,
                    () -> learner.policy(task.name(), policyNorm), hooks, step -> "policy.ckpt",
                    Map.of("algorithm", "TD3 fine-tuned", "seed", c.seed(), "condition", c.condition().label(),
                            "curriculum", curriculum.kind().label()), hooks);
            TrainingLoop.Outcome o = TrainingLoop.run(run, runDir, progress, stopAt);
            List<EvalPoint> evals = new ArrayList<>();
            int first = o.log().header().indexOf("q");
            for (double[] r : o.log().rows()) {
                if (!Double.isNaN(r[first + 2])) {
                    evals.add(point((long) r[0], Arrays.copyOfRange(r, first, first + METRICS.size() - 1)));
                }
            }
            return evals;
        }
    }

    private static EvalPoint point(long step, double[] v) {
        return new EvalPoint(step, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
    }

    /**
     * Fine-tuning's part of the loop: evaluation under the three conditions (with q and the perturbed share),
     * the curriculum's update after each evaluation (its signal: by default the normal-condition return divided by
     * pi_off's nominal return [our reading], notebooks/our-reading.md#normalised-return; {@link CurriculumSignal}), and
     * the perturbation state in
     * the checkpoint.
     */
    private static final class Injection implements TrainingLoop.Evaluator, TrainingLoop.Hooks {
        private final FineTuningConfig c;
        private final FineTuningInputs in;
        private final PerturbedVectorEnv env;
        private final PerturbationCondition.Intermittent injection;
        private final Curriculum curriculum;
        private final Task task;
        private final Path runDir;
        /** The deltas perturbed episodes draw from (K x Na): pi_off's K best until an attack is re-computed. */
        private double[] pool;
        /** One row per re-computed attack: step, seconds, env steps, best fitness, pool size, then delta_best. */
        private final List<double[]> refreshes = new ArrayList<>();

        Injection(FineTuningConfig c, FineTuningInputs in, PerturbedVectorEnv env,
                  PerturbationCondition.Intermittent injection, Curriculum curriculum, Path runDir) {
            this.c = c;
            this.in = in;
            this.env = env;
            this.injection = injection;
            this.curriculum = curriculum;
            this.task = Environments.task(c.env());
            this.runDir = runDir;
            this.pool = in.topK(c.topK());
        }

        @Override
        public List<String> columns() {
            return METRICS.subList(1, METRICS.size());
        }

        @Override
        public double[] evaluate(ActorPolicy policy, long step) {
            EvalPoint e = AdversarialFineTuning.evaluate(policy, task, c, in, step, curriculum.q(), injection);
            return new double[] {e.q(), e.perturbedShare(), e.normalMean(), e.normalStd(), e.randomMean(), e.randomStd(),
                    e.adversarialMean(), e.adversarialStd()};
        }

        @Override
        public String status(double[] v) {
            return String.format("q %.2f; normal %.0f, random %.0f, adversarial %.0f", v[0], v[2], v[4], v[6]);
        }

        @Override
        public void afterEvaluation(long step, ActorPolicy policy, double[] v) {
            // v: q, perturbed share, then mean and std under normal, random and adversarial
            int signal = switch (c.curriculum().signal()) {
                case NOMINAL -> 2;
                case RANDOM -> 4;
                case ADVERSARIAL -> 6;
            };
            curriculum.afterEvaluation(step, v[signal] / in.nominalReturn());
            if (c.condition() != ConditionKind.NORMAL) {
                injection.setQ(curriculum.q());
            }
            if (c.refresh() != null && c.refresh().attacksAt(step, c.steps())) {
                refresh(step, policy);
            }
        }

        /**
         * Paper 2's attack against the current policy; its K best deltas replace or join the pool (issue 21,
         * re-computed perturbations). Same numbers on any thread count, so a resumed run re-computes the same deltas.
         */
        private void refresh(long step, ActorPolicy policy) {
            rrl.attack.DifferentialEvolutionAttack.Result a = rrl.attack.DifferentialEvolutionAttack.run(policy,
                    c.refresh().attackAt(step), null, false, rrl.parallel.WorkerPool.defaultThreads());
            double[] best = FineTuningSetup.byFitness(a);
            int ad = task.actionDim();
            double[] top = Arrays.copyOf(best, Math.min(c.topK(), best.length / ad) * ad);
            if (c.refresh().pool() == DeltaPoolKind.REPLACE) {
                pool = top;
            } else {
                double[] grown = Arrays.copyOf(pool, pool.length + top.length);
                System.arraycopy(top, 0, grown, pool.length, top.length);
                pool = grown;
            }
            injection.setInner(new PerturbationCondition.Pool(pool, ad));
            double[] row = new double[REFRESH_COLUMNS.size() - 1 + ad];
            row[0] = step;
            row[1] = a.seconds();
            row[2] = a.envSteps();
            row[3] = a.bestFitness();
            row[4] = pool.length / ad;
            System.arraycopy(a.delta(), 0, row, REFRESH_COLUMNS.size() - 1, ad);
            refreshes.add(row);
            writeRefreshes();
        }

        private void writeRefreshes() {
            List<String> header = new ArrayList<>(REFRESH_COLUMNS.subList(0, REFRESH_COLUMNS.size() - 1));
            for (int k = 0; k < task.actionDim(); k++) {
                header.add("delta_" + k);
            }
            NumericCsv.write(runDir.resolve(REFRESH_FILE), header, refreshes);
        }

        @Override
        public void save(Checkpoint ck) {
            long[] counts = injection.counts();
            ck.putLongs("injection", env.rngState(0), counts[0], counts[1]);
            ck.putDoubles("episode_delta", env.episodeDelta(0)).putDoubles("curriculum", curriculum.state());
            if (c.refresh() != null) { // the pool and the attacks so far: a resumed run goes on from them
                ck.putDoubles("delta_pool", pool);
                ck.putDoubles("refreshes", refreshes.stream().flatMapToDouble(Arrays::stream).toArray());
            }
        }

        @Override
        public void restore(Checkpoint ck) {
            // checkpoints written before the loop was shared kept these longs at the end of "trainer"
            long[] t = ck.hasLongs("injection") ? ck.longs("injection") : OnlineInteraction.legacyExtra(ck);
            env.restore(0, t[0], ck.doubles("episode_delta"));
            injection.restoreCounts(new long[] {t[1], t[2]});
            curriculum.restore(ck.doubles("curriculum"));
            if (c.condition() != ConditionKind.NORMAL) {
                injection.setQ(curriculum.q());
            }
            if (c.refresh() != null) {
                pool = ck.doubles("delta_pool");
                injection.setInner(new PerturbationCondition.Pool(pool, task.actionDim()));
                double[] flat = ck.doubles("refreshes");
                int width = REFRESH_COLUMNS.size() - 1 + task.actionDim();
                refreshes.clear();
                for (int i = 0; i < flat.length; i += width) {
                    refreshes.add(Arrays.copyOfRange(flat, i, i + width));
                }
                writeRefreshes(); // rows a stopped process wrote after this checkpoint are recomputed, not kept
            }
        }
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
     * stream [our reading: a new TD3 agent loading pi_off's and Q_off's weights;
     * notebooks/our-reading.md#fresh-optimisers]. Carrying TD3+BC's Adam moments
     * over was worse in a 3,000-step Hopper trial: they were accumulated under lambda = alpha / mean|Q| ~ 0.01,
     * so plain TD3's ~100x larger actor gradients got oversized steps (nominal return 3285 -> 138 at 3k steps,
     * vs a dip to 172 and recovery to 1955 with fresh optimisers).
     */
    private static void restoreWeights(Td3 learner, Checkpoint pretrained) {
        learner.loadNetworks(pretrained);
    }

    public static void writeMetrics(Path file, List<EvalPoint> evals) {
        List<double[]> rows = new ArrayList<>();
        for (EvalPoint e : evals) {
            rows.add(new double[] {e.step(), e.q(), e.perturbedShare(), e.normalMean(), e.normalStd(), e.randomMean(),
                    e.randomStd(), e.adversarialMean(), e.adversarialStd()});
        }
        NumericCsv.write(file, METRICS, rows);
    }

    /** Reads a run's evaluations back from its metrics.csv (also files written before losses were logged). */
    public static List<EvalPoint> readMetrics(Path file) {
        List<EvalPoint> out = new ArrayList<>();
        for (double[] r : MetricsLog.readEvaluations(file, METRICS, "normal_mean")) {
            out.add(point((long) r[0], Arrays.copyOfRange(r, 1, r.length)));
        }
        return out;
    }
}
