package rrl.attack;

/**
 * Actuator faults outside paper 1's training family, for evaluating policies under faults they never saw (paper 1's
 * open question on fault-family shift, arXiv 2510.13358; issue 21). Each maps the commanded action {@code a} to the
 * executed one {@code a'} at every step; see {@link ActuatorFault}.
 */
public enum FaultKind {
    /** {@code a'_j = 0}: actuator j gives no torque (the multiplicative {@code delta_j = -1}, outside any eps < 1). */
    DEAD("dead"),
    /** {@code a'_j} = actuator j's command at the episode's first step, held for the episode. */
    STUCK("stuck"),
    /** {@code a'_j = -a_j}: actuator j wired backwards (the multiplicative {@code delta_j = -2}). */
    SIGN_FLIP("sign-flip"),
    /** {@code a' = a + delta_t ⊙ a} with {@code delta_t ~ U([-eps, eps]^Na)} drawn anew every step, not per episode. */
    PER_STEP_RANDOM("per-step-random"),
    /** {@code a'_t = a_{t-k}}: every command arrives k steps late; zero torque before the first one arrives. */
    DELAY("delay");

    private final String id;

    FaultKind(String id) {
        this.id = id;
    }

    /** The kind's name in plans, tables and the CLI ("dead", "sign-flip", ...). */
    public String id() {
        return id;
    }

    /**
     * The kind called {@code id}.
     *
     * @throws IllegalArgumentException naming the kinds there are
     */
    public static FaultKind of(String id) {
        for (FaultKind k : values()) {
            if (k.id.equals(id)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown actuator fault '" + id + "'; choose from " + String.join(", ",
                java.util.Arrays.stream(values()).map(FaultKind::id).toList()));
    }
}
