package rrl.finetune;

/**
 * How the per-episode perturbation probability {@code q} evolves during fine-tuning (paper 1, arXiv 2510.13358:
 * fixed, linear and adaptive curricula; notebooks/references.md#paper-1). It is updated after each evaluation
 * interval from the latest nominal evaluation return divided by the offline policy's nominal return
 * [our reading] (notebooks/our-reading.md#normalised-return).
 */
public interface Curriculum {
    CurriculumKind kind();

    /** The current probability that an episode is perturbed. */
    double q();

    /** Updates {@code q} after the evaluation at {@code step}; {@code normalizedReturn} = R_eval / R_nominal(pi_off). */
    void afterEvaluation(long step, double normalizedReturn);

    /** The state to checkpoint (exact resume). */
    double[] state();

    void restore(double[] state);
}
