package rrl.finetune;

import rrl.attack.AttackConfig;

/**
 * Re-computed perturbations during adversarial fine-tuning (paper 1's open question 3, arXiv 2510.13358; issue 21):
 * every {@code every} steps, right after that step's evaluation, paper 2's DE attack runs again against the current
 * policy and its K best deltas (the run's {@code topK}) replace or join the pool training draws from ({@link
 * DeltaPoolKind}). Paper 1 pre-computes the deltas once, against pi_off. The evaluation's adversarial column keeps
 * pi_off's delta, so runs with and without refresh stay comparable; their own worst case is the study's re-attack.
 *
 * @param every steps between attacks, a multiple of the run's {@code evalEvery} (an attack follows an evaluation);
 *     none at the run's last step
 * @param pool replace or grow the pool
 * @param attack the DE settings (NP, generations, M, eps); the attack at step t uses seed {@code attack.seed() + t}
 */
public record AttackRefresh(int every, DeltaPoolKind pool, AttackConfig attack) {
    public AttackRefresh {
        if (every < 1) {
            throw new IllegalArgumentException("a re-computed attack needs \"every\" >= 1 step, got " + every);
        }
        if (pool == null || attack == null) {
            throw new IllegalArgumentException("a re-computed attack needs a pool kind (replace or grow) and DE settings");
        }
    }

    /** Whether an attack follows the evaluation at {@code step} of a {@code steps}-step run. */
    public boolean attacksAt(long step, long steps) {
        return step > 0 && step < steps && step % every == 0;
    }

    /** The DE settings of the attack at {@code step}. */
    public AttackConfig attackAt(long step) {
        return attack.withSeed(attack.seed() + step);
    }
}
