package rrl.finetune;

/** {@code q} rising linearly from {@code q0} to {@code qMax} over the fine-tuning steps, updated at each evaluation. */
public final class LinearCurriculum implements Curriculum {
    private final double q0;
    private final double qMax;
    private final long totalSteps;
    private double q;

    public LinearCurriculum(double q0, double qMax, long totalSteps) {
        CurriculumConfig.requireProbability("q0", q0);
        CurriculumConfig.requireProbability("q_max", qMax);
        if (totalSteps < 1) {
            throw new IllegalArgumentException("a linear curriculum needs a positive number of steps, got " + totalSteps);
        }
        this.q0 = q0;
        this.qMax = qMax;
        this.totalSteps = totalSteps;
        this.q = q0;
    }

    @Override
    public CurriculumKind kind() {
        return CurriculumKind.LINEAR;
    }

    @Override
    public double q() {
        return q;
    }

    @Override
    public void afterEvaluation(long step, double normalizedReturn) {
        q = q0 + (qMax - q0) * Math.min(1.0, (double) step / totalSteps);
    }

    @Override
    public double[] state() {
        return new double[] {q};
    }

    @Override
    public void restore(double[] state) {
        q = state[0];
    }
}
