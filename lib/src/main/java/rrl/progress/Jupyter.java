package rrl.progress;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;

/**
 * The running JJava notebook kernel, reached by reflection (JJava is the notebook's runtime, not a dependency
 * of the library): whether there is one, and sending it display_data / update_display_data messages. Used by
 * {@code rrl.notebook.Show} (tables, charts) and by {@link ProgressBar} (one progress line updated in place).
 */
public final class Jupyter {
    // JJava 1.0 classes; their names are the only contract with the kernel.
    private static final String KERNEL_CLASS = "org.dflib.jjava.jupyter.kernel.BaseKernel";
    private static final String DISPLAY_DATA_CLASS = "org.dflib.jjava.jupyter.kernel.display.DisplayData";

    /** Set once no class loader knows JJava: then no kernel can appear later in this JVM. */
    private static volatile boolean absent;

    private Jupyter() {}

    /** The running JJava kernel, or null outside a notebook. */
    public static Object kernel() {
        if (absent) {
            return null;
        }
        // Library jars are loaded by JShell's class loader; JJava lives in its parent or the system loader.
        boolean found = false;
        for (ClassLoader loader : new ClassLoader[] {
                Jupyter.class.getClassLoader(), Thread.currentThread().getContextClassLoader(),
                ClassLoader.getSystemClassLoader()}) {
            if (loader == null) {
                continue;
            }
            try {
                Class<?> kernelClass = Class.forName(KERNEL_CLASS, true, loader);
                found = true;
                return kernelClass.getMethod("notebookKernel").invoke(null);
            } catch (ClassNotFoundException e) {
                // try the next loader
            } catch (InvocationTargetException e) {
                return null; // JJava present but no kernel running (it throws rather than return null)
            } catch (ReflectiveOperationException | LinkageError e) {
                return null;
            }
        }
        if (!found) {
            absent = true;
        }
        return null;
    }

    /**
     * Sends a MIME bundle (e.g. text/plain, text/html, base64 image/png) to {@code kernel} as display_data;
     * with a {@code displayId} it can be replaced later by {@link #update}.
     */
    public static void display(Object kernel, Map<String, String> bundle, String displayId)
            throws ReflectiveOperationException {
        Object data = displayData(kernel, bundle, displayId);
        kernel.getClass().getMethod("display", data.getClass()).invoke(kernel, data);
    }

    /** Replaces the output sent with {@code displayId} (update_display_data): the cell keeps one output. */
    public static void update(Object kernel, Map<String, String> bundle, String displayId)
            throws ReflectiveOperationException {
        Object data = displayData(kernel, bundle, displayId);
        Object io = kernel.getClass().getMethod("getIO").invoke(kernel);
        Object stream = io.getClass().getField("display").get(io);
        Method update = stream.getClass().getMethod("updateDisplay", data.getClass());
        update.invoke(stream, data);
    }

    /**
     * Shows any value as the kernel renders it (its renderer registry: rrl's tables and charts, JJava's images,
     * text for the rest) as display_data.
     */
    public static void displayValue(Object kernel, Object value) throws ReflectiveOperationException {
        Object renderer = kernel.getClass().getMethod("getRenderer").invoke(kernel);
        Object data = renderer.getClass().getMethod("render", Object.class).invoke(renderer, value);
        kernel.getClass().getMethod("display", data.getClass()).invoke(kernel, data);
    }

    private static Object displayData(Object kernel, Map<String, String> bundle, String displayId)
            throws ReflectiveOperationException {
        Class<?> dataClass = Class.forName(DISPLAY_DATA_CLASS, true, kernel.getClass().getClassLoader());
        Object data = dataClass.getConstructor().newInstance();
        Method put = dataClass.getMethod("putData", String.class, Object.class);
        for (Map.Entry<String, String> e : bundle.entrySet()) {
            put.invoke(data, e.getKey(), e.getValue());
        }
        if (displayId != null) {
            dataClass.getMethod("setDisplayId", String.class).invoke(data, displayId);
        }
        return data;
    }
}
