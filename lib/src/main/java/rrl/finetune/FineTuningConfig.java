package rrl.finetune;

import rrl.algo.Td3Config;
import rrl.attack.ActionPerturbation;
import rrl.attack.ConditionKind;
import rrl.attack.PerturbationEpsilon;
import rrl.env.Environments;

/**
 * One fine-tuning run (paper 1, arXiv 2510.13358; notebooks/references.md#paper-1).
 *
 * @param condition the fine-tuning condition: normal (q = 0), random or adversarial
 * @param curriculum the schedule of the perturbation probability q (ignored for "normal")
 * @param steps environment steps, one TD3 update each (paper 1: 1M-3M)
 * @param offlineFraction r_off, the share of every minibatch drawn from the offline dataset (paper 1: 0.1)
 * @param eps perturbation bound (paper 2's per-env defaults)
 * @param topK adversarial deltas are drawn from the K best of the final DE population (1 = delta_best only,
 *     paper 1; K > 1 is our option [our reading], notebooks/our-reading.md#top-k-pool)
 * @param evalEvery steps between evaluations under the three conditions (and curriculum updates)
 * @param evalEpisodes episodes per condition per evaluation
 * @param checkpointEvery steps between training checkpoints (written at the next episode boundary)
 * @param fromScratch the baseline: a freshly initialised TD3 with no offline data, same perturbation schedule
 * @param td3 TD3 settings: Fujimoto's, without the BC term; no random warm-up when starting from pi_off
 *     [our reading] (notebooks/our-reading.md#no-warm-up)
 * @param replayCapacity transitions the online replay buffer keeps, independent of {@code steps} (default
 *     {@link rrl.replay.RingReplay#DEFAULT_CAPACITY}, 1,000,000: TD3's and rlkit's public code)
 * @param learningStarts online transitions collected before the first update (default
 *     {@link #DEFAULT_LEARNING_STARTS}); the policy acts (with exploration noise) from step 0 unless
 *     {@code td3.startSteps()} asks for uniform random actions first, as the from-scratch baseline does
 * @param refresh re-computed perturbations during fine-tuning ({@link AttackRefresh}; issue 21), adversarial condition
 *     only; null (the default, paper 1) trains under the deltas found against pi_off throughout
 * @throws IllegalArgumentException for a value out of range, naming it
 */
public record FineTuningConfig(String env, ConditionKind condition, CurriculumConfig curriculum, long steps,
                               double offlineFraction, double eps, int topK, int evalEvery, int evalEpisodes,
                               int checkpointEvery, boolean fromScratch, long seed, Td3Config td3, int replayCapacity,
                               int learningStarts, AttackRefresh refresh) {
    public FineTuningConfig {
        env = Environments.task(env).name();
        if (condition == null || curriculum == null || td3 == null) {
            throw new IllegalArgumentException("a fine-tuning run needs a condition (normal, random or adversarial), a "
                    + "curriculum and TD3 settings");
        }
        ActionPerturbation.requireEpsilon(eps);
        if (steps < 1 || evalEvery < 1 || evalEpisodes < 1 || checkpointEvery < 1 || topK < 1) {
            throw new IllegalArgumentException("steps, evalEvery, evalEpisodes, checkpointEvery and topK must be >= 1");
        }
        if (!(offlineFraction >= 0 && offlineFraction <= 1)) {
            throw new IllegalArgumentException("offline fraction r_off must be in [0, 1], got " + offlineFraction);
        }
        if (replayCapacity < 1) {
            throw new IllegalArgumentException("replay capacity must be >= 1 transition, got " + replayCapacity
                    + " (TD3 and rlkit: " + rrl.replay.RingReplay.DEFAULT_CAPACITY + ")");
        }
        if (learningStarts < 0 || learningStarts >= steps) {
            throw new IllegalArgumentException("learningStarts must be in [0, steps) so that the run updates at all, got "
                    + learningStarts + " for " + steps + " steps (default " + defaultLearningStarts(steps) + ")");
        }
        if (td3.startSteps() >= steps) {
            throw new IllegalArgumentException("the random warm-up (" + td3.startSteps() + " steps) must be shorter than the "
                    + steps + "-step run, or the policy never acts; scale it to the budget (Plan.scratchWarmup)");
        }
        if (refresh != null && condition != ConditionKind.ADVERSARIAL) {
            throw new IllegalArgumentException("re-computed perturbations need the adversarial condition, got "
                    + condition.label());
        }
        if (refresh != null && refresh.every() % evalEvery != 0) {
            throw new IllegalArgumentException("a re-computed attack follows an evaluation: \"refreshEvery\" ("
                    + refresh.every() + " steps) must be a multiple of evalEvery (" + evalEvery + ")");
        }
        if (refresh != null && refresh.every() >= steps) {
            // none at the last step: such a run would never attack, yet be labelled as re-computing
            throw new IllegalArgumentException("\"refreshEvery\" (" + refresh.every() + " steps) must be below the run's "
                    + steps + " steps, or it never re-attacks; lower it or drop it");
        }
        if (td3.bcAlpha() != 0) {
            throw new IllegalArgumentException("fine-tuning is plain TD3: the BC term must be off (bcAlpha 0), got "
                    + td3.bcAlpha());
        }
    }

    /**
     * Online transitions before the first update [our reading; paper 1 is silent; notebooks/our-reading.md#no-warm-up]: with r_off = 0.1 a batch of 256
     * holds 230 online rows, so updating after the first transition would fill every batch with copies of a few
     * rows (issue 14 saw the nominal return collapse early). 1,000 distinct rows (one full Hopper episode, and the
     * value rrl's from-scratch runs always used) make a row's expected repeats per batch about 0.23.
     */
    public static final int DEFAULT_LEARNING_STARTS = 1000;

    /** {@link #DEFAULT_LEARNING_STARTS}, or a tenth of a budget too small for it (so small runs still learn). */
    public static int defaultLearningStarts(long steps) {
        return (int) Math.min(DEFAULT_LEARNING_STARTS, steps / 10);
    }

    /**
     * The from-scratch baseline's uniform random warm-up as a share of its budget: TD3's 25,000 random steps of its
     * 1,000,000 (Fujimoto et al. 2018), so the baseline acts with its own policy for 97.5% of any budget.
     */
    public static final double SCRATCH_WARMUP_FRACTION = 0.025;

    /** Paper 1's settings for fine-tuning from pi_off under {@code condition} with the {@code curriculum} schedule. */
    public static FineTuningConfig paper(String env, ConditionKind condition, CurriculumKind curriculum, long steps,
                                         long seed) {
        return new FineTuningConfig(env, condition, CurriculumConfig.of(curriculum, env), steps, 0.1,
                PerturbationEpsilon.defaultFor(env), 1, 5000, 10, 5000, false, seed, Td3Config.td3().withStartSteps(0),
                rrl.replay.RingReplay.DEFAULT_CAPACITY, defaultLearningStarts(steps), null);
    }

    /**
     * Fields added after runs were recorded, with the value those runs had in effect: the replay capacity was
     * min(steps, 2M), which never wrapped below 1M steps, so the default gives the same numbers; the adaptive
     * curriculum's signal was the nominal return.
     */
    public static final java.util.Map<String, Object> ADDED = java.util.Map.of("replayCapacity",
            rrl.replay.RingReplay.DEFAULT_CAPACITY, "curriculum.signal", CurriculumSignal.NOMINAL);

    /**
     * The run's identity ({@link rrl.results.RunId}): the whole config, steps included, because the linear
     * curriculum's schedule depends on the planned steps (the default replay capacity left out, see {@link #ADDED}).
     */
    public rrl.results.RunId id() {
        return rrl.results.RunId.of("fine-tuning", this, java.util.Set.of(), ADDED);
    }

    /** This config with an online replay buffer of {@code capacity} transitions. */
    public FineTuningConfig withReplayCapacity(int capacity) {
        return new FineTuningConfig(env, condition, curriculum, steps, offlineFraction, eps, topK, evalEvery, evalEpisodes,
                checkpointEvery, fromScratch, seed, td3, capacity, learningStarts, refresh);
    }

    /**
     * The from-scratch baseline with the same perturbation schedule and no offline data: TD3 with a uniform random
     * warm-up of {@link #SCRATCH_WARMUP_FRACTION} of the budget (at least {@code learningStarts}, so its first
     * updates see as many distinct rows as fine-tuning's).
     */
    public FineTuningConfig scratch() {
        return scratch(SCRATCH_WARMUP_FRACTION);
    }

    /** The from-scratch baseline with a random warm-up of {@code warmupFraction} of the budget (at least learningStarts). */
    public FineTuningConfig scratch(double warmupFraction) {
        if (!(warmupFraction >= 0 && warmupFraction < 1)) {
            throw new IllegalArgumentException("the scratch warm-up is a share of the budget in [0, 1), got " + warmupFraction
                    + " (TD3: " + SCRATCH_WARMUP_FRACTION + ")");
        }
        int warmup = (int) Math.max(learningStarts, Math.round(warmupFraction * steps));
        return new FineTuningConfig(env, condition, curriculum, steps, 0.0, eps, topK, evalEvery, evalEpisodes,
                checkpointEvery, true, seed, Td3Config.td3().withStartSteps(warmup), replayCapacity, learningStarts, refresh);
    }

    /** This config collecting {@code n} online transitions before the first update. */
    public FineTuningConfig withLearningStarts(int n) {
        return new FineTuningConfig(env, condition, curriculum, steps, offlineFraction, eps, topK, evalEvery, evalEpisodes,
                checkpointEvery, fromScratch, seed, td3, replayCapacity, n, refresh);
    }

    public FineTuningConfig withSchedule(int evalEvery, int evalEpisodes, int checkpointEvery) {
        return new FineTuningConfig(env, condition, curriculum, steps, offlineFraction, eps, topK, evalEvery, evalEpisodes,
                checkpointEvery, fromScratch, seed, td3, replayCapacity, learningStarts, refresh);
    }

    /** The perturbation bound of the random condition (and the bound the adversarial delta was found within). */
    public FineTuningConfig withEps(double e) {
        return new FineTuningConfig(env, condition, curriculum, steps, offlineFraction, e, topK, evalEvery, evalEpisodes,
                checkpointEvery, fromScratch, seed, td3, replayCapacity, learningStarts, refresh);
    }

    public FineTuningConfig withSeed(long s) {
        return new FineTuningConfig(env, condition, curriculum, steps, offlineFraction, eps, topK, evalEvery, evalEpisodes,
                checkpointEvery, fromScratch, s, td3, replayCapacity, learningStarts, refresh);
    }

    /** This config with re-computed perturbations ({@code r}; null: none, paper 1). */
    public FineTuningConfig withRefresh(AttackRefresh r) {
        return new FineTuningConfig(env, condition, curriculum, steps, offlineFraction, eps, topK, evalEvery, evalEpisodes,
                checkpointEvery, fromScratch, seed, td3, replayCapacity, learningStarts, r);
    }

    public FineTuningConfig withTd3(Td3Config t) {
        return new FineTuningConfig(env, condition, curriculum, steps, offlineFraction, eps, topK, evalEvery, evalEpisodes,
                checkpointEvery, fromScratch, seed, t, replayCapacity, learningStarts, refresh);
    }
}
