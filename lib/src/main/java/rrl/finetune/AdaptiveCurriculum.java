package rrl.finetune;

/**
 * Paper 1's performance-aware curriculum: an exponential moving average of the (normalised) evaluation return,
 * {@code Rbar_n = beta R_n + (1 - beta) Rbar_{n-1}}, and {@code q <- clip(q + eta (Rbar_n - Rbar_{n-1}), 0, q_max)}:
 * perturb more while performance improves, less when it drops. The first evaluation initialises the average
 * (no change to {@code q}) [our reading] (notebooks/our-reading.md#adaptive-first-evaluation).
 */
public final class AdaptiveCurriculum implements Curriculum {
    private final double beta;
    private final double eta;
    private final double qMax;
    private double q;
    private double average = Double.NaN;

    public AdaptiveCurriculum(double q0, double qMax, double beta, double eta) {
        CurriculumConfig.requireProbability("q0", q0);
        CurriculumConfig.requireProbability("q_max", qMax);
        if (!(beta > 0 && beta <= 1) || !(eta >= 0) || !Double.isFinite(eta)) {
            throw new IllegalArgumentException("adaptive curriculum needs beta in (0, 1] and a finite eta >= 0, got beta "
                    + beta + ", eta " + eta);
        }
        this.beta = beta;
        this.eta = eta;
        this.qMax = qMax;
        this.q = Math.min(q0, qMax);
    }

    @Override
    public CurriculumKind kind() {
        return CurriculumKind.ADAPTIVE;
    }

    @Override
    public double q() {
        return q;
    }

    @Override
    public void afterEvaluation(long step, double normalizedReturn) {
        if (Double.isNaN(average)) {
            average = normalizedReturn;
            return;
        }
        double next = beta * normalizedReturn + (1 - beta) * average;
        q = Math.max(0.0, Math.min(qMax, q + eta * (next - average)));
        average = next;
    }

    /** The current moving average of the normalised return (NaN before the first evaluation). */
    public double average() {
        return average;
    }

    @Override
    public double[] state() {
        return new double[] {q, average};
    }

    @Override
    public void restore(double[] state) {
        q = state[0];
        average = state[1];
    }
}
