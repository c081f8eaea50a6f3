package rrl.mujoco;

/** An MJCF file that MuJoCo's compiler rejected; carries MuJoCo's own diagnosis and the file. */
public final class MalformedModelException extends RuntimeException {
    public MalformedModelException(String message) {
        super(message);
    }
}
