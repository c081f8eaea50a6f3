package rrl.mujoco;

import java.util.List;
import rrl.mujoco.capi.MuJoCo;

/**
 * MuJoCo raised an error ({@code mju_error}: it cannot continue) or a warning ({@code mju_warning}: for a
 * bad qpos, qvel or qacc it has already reset the simulation to the default pose) inside a call from rrl.
 * Either way the result of that call would be wrong, so it is not returned: the message carries MuJoCo's
 * own text, the warning ({@code mjWARN_BADQACC} ...) and the environment. MuJoCo's default handlers, which
 * print to stdout, write MUJOCO_LOG.TXT and (for an error) exit the process, are replaced in
 * {@code rrl_guard.h}.
 */
public class MuJoCoException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** mjtWarning of MuJoCo 2.2.2 (mjdata.h), by index. */
    private static final List<String> WARNINGS = List.of("mjWARN_INERTIA", "mjWARN_CONTACTFULL",
            "mjWARN_CNSTRFULL", "mjWARN_VGEOMFULL", "mjWARN_BADQPOS", "mjWARN_BADQVEL", "mjWARN_BADQACC",
            "mjWARN_BADCTRL");

    private final boolean error;
    private final String warning;
    private final int environment;
    private final String mujocoMessage;
    private final String summary;

    public MuJoCoException(boolean error, String warning, int environment, String mujocoMessage, String message) {
        this(error, warning, environment, mujocoMessage, message, message);
    }

    /**
     * @param summary what happened, without advice for the caller ({@link #summary()})
     */
    public MuJoCoException(boolean error, String warning, int environment, String mujocoMessage, String message,
                           String summary) {
        super(message);
        this.error = error;
        this.warning = warning;
        this.environment = environment;
        this.mujocoMessage = mujocoMessage;
        this.summary = summary;
    }

    /**
     * What happened, in one line, without the advice for a Java caller (reset the environment): "MuJoCo warning
     * mjWARN_BADQACC in the step of Hopper environment 2: Nan, Inf or huge value in QACC at DOF 2. ...". A front end
     * (the CLI) adds its own advice.
     */
    public String summary() {
        return summary;
    }

    /**
     * The failure this thread's last guarded native call reported, as an exception.
     *
     * @param where what was being done, e.g. "step of Hopper environment 3"
     * @param environment the environment index, or -1
     * @param consequence what a warning means for the caller and what to do (errors have their own)
     */
    public static MuJoCoException lastFailure(String where, int environment, String consequence) {
        int kind = MuJoCo.rrl_last_kind();
        int w = MuJoCo.rrl_last_warning();
        String text = MuJoCo.rrl_last_message().getString().strip();
        boolean error = kind == 1;
        String warning = w >= 0 && w < WARNINGS.size() ? WARNINGS.get(w) : null;
        String head = error ? "MuJoCo error" : "MuJoCo warning" + (warning == null ? "" : " " + warning);
        String then = error ? "MuJoCo cannot continue after an error; the simulation was reset to the default pose"
                + (text.contains("Stack overflow") ? " (a stack overflow means the model's <size nstack=...> is too "
                + "small for this state: raise it)" : "") + "." : consequence;
        String what = head + " in the " + where + ": " + (text.isEmpty() ? "(no message)" : text);
        return new MuJoCoException(error, error ? null : warning, environment, text, what + " " + then,
                error ? what + " " + then : what);
    }

    /** True for mju_error (MuJoCo could not continue), false for a warning. */
    public boolean isError() {
        return error;
    }

    /** The mjtWarning name (e.g. {@code mjWARN_BADQPOS}), or null for an error. */
    public String warning() {
        return warning;
    }

    /** Index of the environment in its batch, or -1 when not about one environment. */
    public int environment() {
        return environment;
    }

    /** MuJoCo's own message. */
    public String mujocoMessage() {
        return mujocoMessage;
    }
}
