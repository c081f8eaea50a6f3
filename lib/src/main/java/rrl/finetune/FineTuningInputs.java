package rrl.finetune;

import rrl.checkpoint.Checkpoint;
import rrl.nn.ObservationNormalizer;
import rrl.replay.OfflineReplay;

/**
 * What fine-tuning starts from, prepared once and shared by every run of a study ({@link FineTuningSetup}):
 * the offline learner's state (TD3+BC actor and critics), its observation normaliser, the offline dataset
 * (already normalised), the offline policy's nominal return, and the DE attack against it (the final
 * population sorted by fitness, best first, K x Na).
 */
public record FineTuningInputs(Checkpoint pretrained, ObservationNormalizer normalizer, OfflineReplay offline,
                               double nominalReturn, double[] attackPopulation, int actDim) {
    /** {@code delta_best}: the strongest perturbation found against pi_off. */
    public double[] deltaBest() {
        double[] d = new double[actDim];
        System.arraycopy(attackPopulation, 0, d, 0, actDim);
        return d;
    }

    /** The K strongest perturbations, K x Na. */
    public double[] topK(int k) {
        int n = Math.min(k, attackPopulation.length / actDim);
        double[] d = new double[n * actDim];
        System.arraycopy(attackPopulation, 0, d, 0, d.length);
        return d;
    }
}
