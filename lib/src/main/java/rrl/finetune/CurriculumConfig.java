package rrl.finetune;

/**
 * A curriculum for the perturbation probability {@code q}, with paper 1's defaults.
 *
 * @param kind "fixed", "linear" or "adaptive"
 * @param q the fixed schedule's probability (paper 1: 0.5)
 * @param q0 the starting probability of the linear (paper 1: 0) and adaptive schedules (paper 1 leaves it a
 *     parameter; ours 0.5, the fixed schedule's level, so the adaptive one starts where fixed stays)
 * @param qMax the ceiling (paper 1: 1.0)
 * @param beta the adaptive schedule's EMA weight (paper 1: 0.9)
 * @param eta the adaptive schedule's step size (paper 1: 0.7 for HalfCheetah; used for every env, our reading)
 */
public record CurriculumConfig(String kind, double q, double q0, double qMax, double beta, double eta) {
    public CurriculumConfig {
        if (!kind.equals("fixed") && !kind.equals("linear") && !kind.equals("adaptive")) {
            throw new IllegalArgumentException("unknown curriculum '" + kind + "'; use fixed, linear or adaptive");
        }
    }

    public static CurriculumConfig fixed() {
        return new CurriculumConfig("fixed", 0.5, 0.0, 1.0, 0.9, 0.7);
    }

    public static CurriculumConfig linear() {
        return new CurriculumConfig("linear", 0.5, 0.0, 1.0, 0.9, 0.7);
    }

    public static CurriculumConfig adaptive() {
        return new CurriculumConfig("adaptive", 0.5, 0.5, 1.0, 0.9, 0.7);
    }

    /** The paper default of {@code kind}. */
    public static CurriculumConfig of(String kind) {
        return switch (kind) {
            case "fixed" -> fixed();
            case "linear" -> linear();
            case "adaptive" -> adaptive();
            default -> throw new IllegalArgumentException("unknown curriculum '" + kind + "'; use fixed, linear or adaptive");
        };
    }

    /** A fresh curriculum for a run of {@code totalSteps}. */
    public Curriculum create(long totalSteps) {
        return switch (kind) {
            case "fixed" -> new FixedCurriculum(q);
            case "linear" -> new LinearCurriculum(q0, qMax, totalSteps);
            default -> new AdaptiveCurriculum(q0, qMax, beta, eta);
        };
    }

    static void requireProbability(String name, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(name + " must be a probability in [0, 1], got " + v);
        }
    }
}
