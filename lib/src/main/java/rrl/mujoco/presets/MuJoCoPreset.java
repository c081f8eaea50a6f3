package rrl.mujoco.presets;

import org.bytedeco.javacpp.annotation.Platform;
import org.bytedeco.javacpp.annotation.Properties;
import org.bytedeco.javacpp.tools.Info;
import org.bytedeco.javacpp.tools.InfoMap;
import org.bytedeco.javacpp.tools.InfoMapper;

/**
 * JavaCPP preset over Debian's MuJoCo 2.2.2 C API ({@code libmujoco-dev}) plus our batch stepper
 * ({@code rrl_batch.h}) and off-screen renderer ({@code rrl_render.h}: an EGL context opened with dlopen, so
 * nothing here links against a GL library). The build parses the headers into {@code rrl.mujoco.capi} and compiles the
 * JNI glue with gcc; nothing generated is committed.
 */
@Properties(
    target = "rrl.mujoco.capi",
    global = "rrl.mujoco.capi.MuJoCo",
    value = @Platform(
        include = {"mujoco/mjtnum.h", "mujoco/mjmodel.h", "mujoco/mjdata.h", "mujoco/mjvisualize.h",
                   "mujoco/mjrender.h", "mujoco/mjui.h", "mujoco/mujoco.h", "rrl_batch.h", "rrl_render.h"},
        link = "mujoco",
        compiler = "cpp11"))
public class MuJoCoPreset implements InfoMapper {
    @Override
    public void map(InfoMap infoMap) {
        // Export macros carry no meaning for Java.
        infoMap.put(new Info("MJAPI", "MJLOCAL").cppTypes().annotations());
        // mjtNum is double in the Debian build (no mjUSESINGLE).
        infoMap.put(new Info("mjtNum").cppTypes("double").valueTypes("double")
                .pointerTypes("DoublePointer", "DoubleBuffer", "double[]"));
        infoMap.put(new Info("mjtByte").cppTypes("unsigned char").valueTypes("byte")
                .pointerTypes("BytePointer", "ByteBuffer", "byte[]"));
        // Each struct is declared as `struct X_ {...}` with `typedef struct X_ X;`: expose only X.
        for (String s : new String[] {"mjModel", "mjData", "mjOption", "mjVisual", "mjStatistic", "mjContact",
                "mjWarningStat", "mjTimerStat", "mjSolverStat", "mjLROpt", "mjVFS", "mjvPerturb", "mjvCamera",
                "mjvGLCamera", "mjvGeom", "mjvLight", "mjvOption", "mjvScene", "mjvFigure", "mjrRect",
                "mjrContext", "mjuiState", "mjuiThemeSpacing", "mjuiThemeColor", "mjuiItem", "mjuiSection",
                "mjUI", "mjuiDef", "mjuiItemSingle", "mjuiItemMulti", "mjuiItemSlider", "mjuiItemEdit"}) {
            infoMap.put(new Info("struct " + s + "_", s + "_").pointerTypes(s));
        }
        // The renderer's internals: Java holds it as an opaque pointer.
        infoMap.put(new Info("rrl_renderer", "rrl_renderer_release").skip());
        // Arrays of function pointers and stack macros the parser cannot express; not needed from Java.
        infoMap.put(new Info("mjCOLLISIONFUNC", "mjMARKSTACK", "mjFREESTACK").skip());
        // `#define mju_sqrt sqrt` etc. alias libm and would become bogus Java methods.
        for (String f : new String[] {"sqrt", "exp", "sin", "cos", "tan", "asin", "acos", "atan2", "tanh",
                "pow", "abs", "log", "log10", "floor", "ceil"}) {
            infoMap.put(new Info("mju_" + f).skip());
        }
    }
}
