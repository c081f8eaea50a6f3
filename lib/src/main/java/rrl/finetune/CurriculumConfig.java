package rrl.finetune;

/**
 * A curriculum for the perturbation probability {@code q}, with paper 1's defaults.
 *
 * @param kind the schedule
 * @param q the fixed schedule's probability (paper 1: 0.5)
 * @param q0 the starting probability of the linear (paper 1: 0) and adaptive schedules (paper 1 leaves it a
 *     parameter; ours 0.5, the fixed schedule's level, so the adaptive one starts where fixed stays
 *     [our reading], notebooks/our-reading.md#adaptive-q0)
 * @param qMax the ceiling (paper 1: 1.0)
 * @param beta the adaptive schedule's EMA weight (paper 1: 0.9)
 * @param eta the adaptive schedule's step size (paper 1: 0.7 for HalfCheetah; per environment from
 *     {@link CurriculumSettings} with {@link #of(CurriculumKind, String)}, [our reading] for the others,
 *     notebooks/our-reading.md#adaptive-eta)
 * @param signal the adaptive schedule's signal: which evaluation return, divided by pi_off's nominal return (default
 *     {@link CurriculumSignal#NOMINAL} [our reading], notebooks/our-reading.md#normalised-return; null reads as it)
 */
public record CurriculumConfig(CurriculumKind kind, double q, double q0, double qMax, double beta, double eta,
                               CurriculumSignal signal) {
    public CurriculumConfig {
        if (kind == null) {
            throw new IllegalArgumentException("a curriculum needs a kind: fixed, linear or adaptive");
        }
        signal = signal == null ? CurriculumSignal.NOMINAL : signal;
        if (!(beta > 0 && beta <= 1) || !(eta >= 0) || !Double.isFinite(eta)) {
            throw new IllegalArgumentException("the adaptive curriculum needs beta in (0, 1] and a finite eta >= 0, got beta "
                    + beta + ", eta " + eta + " (paper 1: beta 0.9, eta 0.7)");
        }
        requireProbability("q", q);
        requireProbability("q0", q0);
        requireProbability("qMax", qMax);
        if (kind == CurriculumKind.ADAPTIVE && q0 > qMax) { // the schedule would start at qMax, not q0
            throw new IllegalArgumentException("the adaptive curriculum starts at q0 within [0, qMax], got q0 " + q0
                    + " above qMax " + qMax);
        }
    }

    /** Without a signal: {@link CurriculumSignal#NOMINAL}. */
    public CurriculumConfig(CurriculumKind kind, double q, double q0, double qMax, double beta, double eta) {
        this(kind, q, q0, qMax, beta, eta, CurriculumSignal.NOMINAL);
    }

    public static CurriculumConfig fixed() {
        return new CurriculumConfig(CurriculumKind.FIXED, 0.5, 0.0, 1.0, 0.9, 0.7);
    }

    public static CurriculumConfig linear() {
        return new CurriculumConfig(CurriculumKind.LINEAR, 0.5, 0.0, 1.0, 0.9, 0.7);
    }

    public static CurriculumConfig adaptive() {
        return new CurriculumConfig(CurriculumKind.ADAPTIVE, 0.5, 0.5, 1.0, 0.9, 0.7);
    }

    /** This curriculum starting at {@code v} (linear and adaptive). */
    public CurriculumConfig withQ0(double v) {
        return new CurriculumConfig(kind, q, v, qMax, beta, eta, signal);
    }

    /** This curriculum with ceiling {@code v} (linear and adaptive). */
    public CurriculumConfig withQMax(double v) {
        return new CurriculumConfig(kind, q, q0, v, beta, eta, signal);
    }

    /** This curriculum with EMA weight {@code v} (adaptive). */
    public CurriculumConfig withBeta(double v) {
        return new CurriculumConfig(kind, q, q0, qMax, v, eta, signal);
    }

    /** This curriculum with step size {@code v} (adaptive). */
    public CurriculumConfig withEta(double v) {
        return new CurriculumConfig(kind, q, q0, qMax, beta, v, signal);
    }

    /** This curriculum driven by {@code v} (adaptive). */
    public CurriculumConfig withSignal(CurriculumSignal v) {
        return new CurriculumConfig(kind, q, q0, qMax, beta, eta, v);
    }

    /** The paper default of {@code kind}, with HalfCheetah's eta (the one paper 1 gives). */
    public static CurriculumConfig of(CurriculumKind kind) {
        return switch (kind) {
            case FIXED -> fixed();
            case LINEAR -> linear();
            case ADAPTIVE -> adaptive();
        };
    }

    /**
     * The paper default of {@code kind} on {@code env}: the adaptive schedule takes the environment's eta from
     * {@link CurriculumSettings}.
     */
    public static CurriculumConfig of(CurriculumKind kind, String env) {
        CurriculumConfig c = of(kind);
        return new CurriculumConfig(c.kind, c.q, c.q0, c.qMax, c.beta, CurriculumSettings.of(env).eta(), c.signal);
    }

    /** The paper default of the curriculum labelled {@code kind} ("fixed", "linear", "adaptive"). */
    public static CurriculumConfig of(String kind) {
        return of(CurriculumKind.parse(kind));
    }

    /** A fresh curriculum for a run of {@code totalSteps}. */
    public Curriculum create(long totalSteps) {
        return switch (kind) {
            case FIXED -> new FixedCurriculum(q);
            case LINEAR -> new LinearCurriculum(q0, qMax, totalSteps);
            case ADAPTIVE -> new AdaptiveCurriculum(q0, qMax, beta, eta);
        };
    }

    static void requireProbability(String name, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(name + " must be a probability in [0, 1], got " + v);
        }
    }
}
