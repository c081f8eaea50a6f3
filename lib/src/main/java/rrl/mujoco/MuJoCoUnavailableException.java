package rrl.mujoco;

/** The MuJoCo shared library (or our JNI glue for it) could not be loaded; the message says how to fix it. */
public final class MuJoCoUnavailableException extends RuntimeException {
    public MuJoCoUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
