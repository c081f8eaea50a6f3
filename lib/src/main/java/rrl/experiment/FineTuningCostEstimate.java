package rrl.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import rrl.algo.Td3;
import rrl.algo.Td3Config;
import rrl.attack.AttackConfig;
import rrl.env.Env;
import rrl.env.Environments;
import rrl.env.Task;
import rrl.env.VectorEnv;
import rrl.nn.NetThreads;
import rrl.policy.ActorPolicy;
import rrl.replay.TransitionBatch;

/**
 * What paper 1's fine-tuning plan will cost, before it runs: the work the plan asks for, counted from its fields, times
 * unit costs measured on this machine in a few seconds. Sizes a cluster job (or tells whether a study fits an
 * afternoon) without a smaller study run first; {@code rrl sweep cost --study} measures a finished one instead.
 *
 * <p>Work comes in three units: TD3 (and TD3+BC) gradient updates; environment steps taken one at a time with a
 * batch-1 actor (data collection, online fine-tuning); and steps taken by a batch of environments with a batched
 * actor (evaluations, pi_off's nominal return, DE attacks). Every episode is counted at the task's full 1,000 steps,
 * so the estimate is an upper bound for environments whose episodes can end early (Hopper, Walker2d, Ant) and close
 * for HalfCheetah, whose episodes never end early.
 */
public final class FineTuningCostEstimate {
    private FineTuningCostEstimate() {}

    /** Environments per batch when timing batched steps: the order of a DE generation's episodes (NP x M >= 90). */
    static final int BATCH_ENVS = 64;

    /**
     * Seconds of one unit of work on this machine, on {@code threads} threads (a run's share of the cores).
     *
     * @param updateSeconds wall seconds per TD3 update (256-256 networks, batch 256: {@link Td3Config#td3()})
     * @param stepSeconds wall seconds per environment step with a batch-1 actor
     * @param batchedStepSeconds wall seconds per environment step within a batch of {@link #BATCH_ENVS}
     * @param loadAverage the machine's 1-minute load average when measured (another busy process on a core this
     *     measurement shares inflates every cost; NaN where the OS does not tell)
     */
    public record UnitCosts(String env, int threads, double updateSeconds, double stepSeconds,
                            double batchedStepSeconds, double loadAverage) {
        /**
         * Measures the three costs for {@code env} on {@code threads} threads, each after a warm-up: TD3 updates (50,
         * then 3 timed rounds of 50, the median round; random data, as an update's cost does not depend on its
         * numbers), single steps (1,000, then 2,000 timed) and batched steps (30, then 60 timed) of a freshly
         * initialised actor: about 6 seconds on a 2-core AVX2 machine. The JIT has not finished compiling by then, so
         * the costs lean high, as an upper bound should.
         *
         * @throws IllegalArgumentException if {@code threads < 1}
         */
        public static UnitCosts measure(String env, int threads, long seed) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1, got " + threads);
            }
            Task task = Environments.task(env);
            int obs = task.observationDim();
            int act = task.actionDim();
            int before = NetThreads.get();
            NetThreads.set(threads);
            try {
                Td3Config config = Td3Config.td3();
                Td3 td3 = new Td3(obs, act, config, seed);
                TransitionBatch batch = new TransitionBatch(config.batchSize(), obs, act);
                java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
                for (float[] a : new float[][] {batch.obs, batch.nextObs, batch.rewards}) {
                    for (int i = 0; i < a.length; i++) {
                        a[i] = (float) rng.nextGaussian();
                    }
                }
                for (int i = 0; i < batch.actions.length; i++) {
                    batch.actions[i] = (float) (2 * rng.nextDouble() - 1);
                }
                for (int i = 0; i < 50; i++) {
                    td3.update(batch);
                }
                double[] rounds = new double[3]; // the median round: one descheduling does not move it
                for (int r = 0; r < rounds.length; r++) {
                    long t0 = System.nanoTime();
                    for (int i = 0; i < 50; i++) {
                        td3.update(batch);
                    }
                    rounds[r] = (System.nanoTime() - t0) / 1e9 / 50;
                }
                java.util.Arrays.sort(rounds);
                double update = rounds[1];
                ActorPolicy policy = td3.policy(task.name(), rrl.nn.ObservationNormalizer.identity(obs));
                double single = singleStep(task, policy, seed);
                double batched = batchedStep(task, policy, threads, seed);
                double load = rrl.results.BuildInfo.loadAverage();
                return new UnitCosts(task.name(), threads, update, single, batched, load < 0 ? Double.NaN : load);
            } finally {
                NetThreads.set(before);
            }
        }

        private static double singleStep(Task task, ActorPolicy policy, long seed) {
            double[] action = new double[task.actionDim()];
            try (Env env = new Env(task)) {
                double[] obs = env.reset(seed).observation();
                long t0 = 0;
                int warmUp = 1000;
                int steps = 2000;
                for (int i = 0; i < warmUp + steps; i++) {
                    if (i == warmUp) {
                        t0 = System.nanoTime();
                    }
                    policy.act(obs, 1, action);
                    Env.Step s = env.step(action);
                    obs = s.terminated() || s.truncated() ? env.reset(seed + i + 1).observation() : s.observation();
                }
                return (System.nanoTime() - t0) / 1e9 / steps;
            }
        }

        private static double batchedStep(Task task, ActorPolicy policy, int threads, long seed) {
            double[] actions = new double[BATCH_ENVS * task.actionDim()];
            try (VectorEnv env = new VectorEnv(task, BATCH_ENVS, threads, true)) {
                env.reset(seed);
                long t0 = 0;
                int warmUp = 30;
                int rounds = 60;
                for (int i = 0; i < warmUp + rounds; i++) {
                    if (i == warmUp) {
                        t0 = System.nanoTime();
                    }
                    policy.act(env.observations(), BATCH_ENVS, actions);
                    env.step(actions);
                }
                return (System.nanoTime() - t0) / 1e9 / ((double) rounds * BATCH_ENVS);
            }
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s on %s of %s, load average %.1f on %d cores: %.2f ms per TD3 update, "
                    + "%.1f us per environment step, %.1f us per batched step", env, rrl.io.Messages.count(threads, "thread"),
                    rrl.results.BuildInfo.cpuModel(), loadAverage, Runtime.getRuntime().availableProcessors(),
                    updateSeconds * 1e3, stepSeconds * 1e6, batchedStepSeconds * 1e6);
        }
    }

    /**
     * The work of one kind of run of the plan, summed over its runs.
     *
     * @param kind the run kind as {@code rrl sweep cost --study} names it (fine-tuning-setup, fine-tuning, ...)
     * @param runs runs of the kind
     * @param updates TD3 / TD3+BC gradient updates
     * @param steps environment steps taken one at a time
     * @param batchedSteps environment steps taken in batches (evaluations, nominal return, DE attacks)
     */
    public record Work(String kind, int runs, long updates, long steps, long batchedSteps) {
        /** Core-hours at {@code u}'s unit costs: wall seconds x the threads they were measured on. */
        public double coreHours(UnitCosts u) {
            return (updates * u.updateSeconds() + steps * u.stepSeconds() + batchedSteps * u.batchedStepSeconds())
                    * u.threads() / 3600.0;
        }
    }

    /**
     * The plan's work per run kind, in the order the sweep runs them: setup (data, pi_off's TD3+BC training with its
     * evaluations, pi_off's nominal return, the DE attack; per seed when each seed trains its own pi_off, else once),
     * fine-tuning (online steps, an update per step after {@code learningStarts}, an evaluation under three conditions
     * every {@code evalEvery} steps and at the end, and a DE attack every {@code refreshEvery} steps of a run that
     * re-computes its deltas), the offline-only baseline (one evaluation under three
     * conditions per seed), the re-attack of every fine-tuned policy (a DE attack and an evaluation) unless the plan
     * turns it off, the fault-shift phase when the plan asks for it (every fault case of pi_off and of each run), and
     * the state-action phase when it asks for it (per policy, every cell evaluated at random and every cell with a bound
     * above 0 attacked and evaluated).
     */
    public static List<Work> work(FineTuningStudy.Plan plan) {
        int episode = Environments.task(plan.env()).maxEpisodeSteps();
        int seeds = plan.seeds().size();
        AttackConfig attack = plan.attack();
        long attackSteps = (long) (attack.generations() + 1) * attack.populationSize() * attack.episodesPerIndividual()
                * episode;
        int setups = plan.trainsPiOffPerSeed() ? seeds : 1;
        long pretrain = plan.trainsPiOffPerSeed() ? plan.pretrainSteps() : 0;
        long pretrainEvals = ceilDiv(pretrain, FineTuningRuns.PI_OFF_EVAL_EVERY); // and at the training's end
        int pretrainEpisodes = rrl.train.OfflineTraining.Config.td3bc(plan.env(), 1).evalEpisodes();
        boolean collects = plan.dataset() == null; // a given dataset is read, never collected
        // medium-expert is medium then expert: twice the transitions collected
        long collected = "medium-expert".equals(plan.dataKind()) ? 2L * plan.datasetSize() : plan.datasetSize();
        int nominalEpisodes = FineTuningStudy.Plan.NOMINAL_EPISODES;
        List<Work> out = new ArrayList<>();
        out.add(new Work("fine-tuning-setup", setups, setups * pretrain, collects ? setups * collected : 0,
                setups * (attackSteps + (pretrainEvals * pretrainEpisodes + nominalEpisodes) * episode)));
        int fineTuned = plan.runs().size() * seeds;
        long learningStarts = plan.config(plan.runs().get(0), plan.seeds().get(0)).learningStarts();
        long evals = ceilDiv(plan.steps(), plan.evalEvery()); // every evalEvery steps and at the end
        long refreshes = 0; // re-computed attacks (issue 21): one after each evaluation at a multiple of refreshEvery
        for (FineTuningStudy.Run r : plan.runs()) {
            if (r.refreshEvery() != null) {
                refreshes += seeds * ((plan.steps() - 1) / r.refreshEvery());
            }
        }
        out.add(new Work("fine-tuning", fineTuned, fineTuned * Math.max(0, plan.steps() - learningStarts),
                fineTuned * plan.steps(), fineTuned * evals * 3L * plan.evalEpisodes() * episode + refreshes * attackSteps));
        out.add(new Work("fine-tuning-offline-only", seeds, 0, 0, seeds * 3L * plan.evalEpisodes() * episode));
        if (plan.reAttacksRuns()) {
            out.add(new Work("fine-tuning-re-attack", fineTuned, 0, 0,
                    fineTuned * (attackSteps + (long) plan.evalEpisodes() * episode)));
        }
        if (plan.faultEpisodes() != null) { // pi_off and every run, each under every standard fault case
            int cases = rrl.eval.FaultShift.standard(Environments.task(plan.env()), plan.eps()).size();
            int policies = (plan.runs().size() + 1) * seeds;
            out.add(new Work(FineTuningRuns.FAULT_SHIFT, policies, 0, 0,
                    (long) policies * cases * plan.faultEpisodes() * episode));
        }
        if (plan.stateAction() != null) { // pi_off and every run: a random evaluation per cell, an attack per other cell
            FineTuningStudy.StateActionPhase p = plan.stateAction().resolve(plan);
            int cells = p.actionEps().size() * p.observationEps().size();
            int attacked = cells - (p.actionEps().contains(0.0) && p.observationEps().contains(0.0) ? 1 : 0);
            long perAttack = (long) (p.attackGenerations() + 1) * p.attackPopulation() * p.attackEpisodes() * episode;
            int policies = (plan.runs().size() + 1) * seeds;
            out.add(new Work(FineTuningRuns.STATE_ACTION, policies, 0, 0, (long) policies
                    * ((cells + attacked) * (long) p.episodes() * episode + attacked * perAttack)));
        }
        return out;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    /** Core-hours of the whole plan at {@code u}'s unit costs. */
    public static double coreHours(FineTuningStudy.Plan plan, UnitCosts u) {
        return work(plan).stream().mapToDouble(w -> w.coreHours(u)).sum();
    }
}
