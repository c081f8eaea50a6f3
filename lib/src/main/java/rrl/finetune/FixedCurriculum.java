package rrl.finetune;

/** {@code q} held constant (paper 1's fixed schedule: 0.5). */
public final class FixedCurriculum implements Curriculum {
    private final double q;

    public FixedCurriculum(double q) {
        CurriculumConfig.requireProbability("q", q);
        this.q = q;
    }

    @Override
    public CurriculumKind kind() {
        return CurriculumKind.FIXED;
    }

    @Override
    public double q() {
        return q;
    }

    @Override
    public void afterEvaluation(long step, double normalizedReturn) {}

    @Override
    public double[] state() {
        return new double[0];
    }

    @Override
    public void restore(double[] state) {}
}
