package rrl.render;

/**
 * Off-screen rendering cannot start on this machine: no EGL library or display, or MuJoCo's renderer found no
 * usable OpenGL. The message names the cause and the Debian packages or settings that fix it.
 */
public final class RenderingUnavailableException extends RuntimeException {
    public RenderingUnavailableException(String message) {
        super(message);
    }
}
