package rrl.attack;

/**
 * One actuator fault: its {@link FaultKind} and parameter. {@code actuator} (0-based) for the single-actuator kinds
 * (dead, stuck, sign-flip), {@code eps} for per-step random, {@code delay} (steps, >= 1) for delay; the other
 * parameters are unused (-1, 0, 0). Applied by {@link FaultyVectorEnv}.
 *
 * @throws IllegalArgumentException for a parameter out of range, naming it
 */
public record ActuatorFault(FaultKind kind, int actuator, double eps, int delay) {
    public ActuatorFault {
        if (kind == null) {
            throw new IllegalArgumentException("an actuator fault needs a kind");
        }
        switch (kind) {
            case DEAD, STUCK, SIGN_FLIP -> {
                if (actuator < 0) {
                    throw new IllegalArgumentException(kind.id() + " fault: actuator must be >= 0, got " + actuator);
                }
            }
            case PER_STEP_RANDOM -> ActionPerturbation.requireEpsilon(eps);
            case DELAY -> {
                if (delay < 1) {
                    throw new IllegalArgumentException("delay fault: delay must be >= 1 step, got " + delay);
                }
            }
        }
    }

    public static ActuatorFault dead(int actuator) {
        return new ActuatorFault(FaultKind.DEAD, actuator, 0, 0);
    }

    public static ActuatorFault stuck(int actuator) {
        return new ActuatorFault(FaultKind.STUCK, actuator, 0, 0);
    }

    public static ActuatorFault signFlip(int actuator) {
        return new ActuatorFault(FaultKind.SIGN_FLIP, actuator, 0, 0);
    }

    public static ActuatorFault perStepRandom(double eps) {
        return new ActuatorFault(FaultKind.PER_STEP_RANDOM, -1, eps, 0);
    }

    public static ActuatorFault delay(int steps) {
        return new ActuatorFault(FaultKind.DELAY, -1, 0, steps);
    }

    /** "dead actuator 2", "per-step random eps 0.3", "delay 2 steps". */
    @Override
    public String toString() {
        return switch (kind) {
            case DEAD, STUCK, SIGN_FLIP -> kind.id() + " actuator " + actuator;
            case PER_STEP_RANDOM -> "per-step random eps " + rrl.io.Texts.number(eps);
            case DELAY -> "delay " + rrl.io.Messages.count(delay, "step");
        };
    }
}
