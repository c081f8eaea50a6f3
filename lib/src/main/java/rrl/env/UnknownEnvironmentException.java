package rrl.env;

/** An environment name that is not one of the tasks rrl provides. */
public final class UnknownEnvironmentException extends IllegalArgumentException {
    public UnknownEnvironmentException(String message) {
        super(message);
    }
}
