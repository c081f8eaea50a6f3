package rrl.notebook;

import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.knowm.xchart.internal.chartpart.Chart;
import rrl.progress.Jupyter;
import tech.tablesaw.api.Table;

/**
 * What the rrl kernel sets up when it starts (the kernelspec's start-up script, written by
 * {@code environment/setup.sh}, imports the library's main packages and calls {@link #install()}):
 *
 * <ul>
 *   <li><b>Values show themselves.</b> A Tablesaw {@link Table} as the last expression of a cell, or passed to
 *       JJava's {@code display(...)}, renders as an HTML table; an XChart chart as an inline PNG; an
 *       {@link HtmlRenderable} as its HTML; an {@link rrl.render.Animation} as an inline GIF. These are renderers registered with JJava's renderer
 *       ({@code getRenderer().createRegistration(type).preferring(mime).register(fn)}), the same bundles
 *       {@link Show} sends.
 *   <li><b>Output arrives in whole lines.</b> {@code System.out} and {@code System.err} of the notebook are
 *       line-buffered ({@link LineBufferedOutput}): JJava sends one Jupyter stream message per flush and Java's
 *       {@code PrintStream} flushes after every piece {@code printf} writes, which left the executed HTML with one
 *       token per line. A partial line goes out when the code flushes, when its snippet finishes, or after a second.
 * </ul>
 *
 * <p>JJava is reached by reflection, as in {@link Jupyter}: it is the notebook's runtime, not a dependency of the
 * library. Outside a kernel {@link #install()} does nothing. Nothing here throws: a JJava whose API moved leaves
 * the notebook working without the extras, with one line on the kernel's log saying why.
 */
public final class KernelDisplay {
    private static final String RENDER_FUNCTION = "org.dflib.jjava.jupyter.kernel.display.RenderFunction";

    private static boolean installed;
    private static final List<LineBufferedOutput> BUFFERS = new ArrayList<>();

    private KernelDisplay() {}

    /**
     * Registers the renderers and line-buffers the notebook's output, once per kernel; does nothing outside a
     * JJava kernel. Returns whether the kernel now has them.
     */
    public static synchronized boolean install() {
        if (installed) {
            return true;
        }
        Object kernel = Jupyter.kernel();
        if (kernel == null) {
            return false;
        }
        boolean ok = true;
        try {
            registerRenderers(kernel);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            warn("inline tables and charts", e);
            ok = false;
        }
        try {
            lineBufferOutput(kernel);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            warn("line-buffered output", e);
            ok = false;
        }
        installed = true;
        return ok;
    }

    /** Hands on every partial line now (normally done when a snippet finishes). */
    public static synchronized void flush() {
        for (LineBufferedOutput b : BUFFERS) {
            try {
                b.flush();
            } catch (java.io.IOException | RuntimeException e) {
                // output is best effort
            }
        }
    }

    private static void registerRenderers(Object kernel) throws ReflectiveOperationException {
        Object renderer = kernel.getClass().getMethod("getRenderer").invoke(kernel);
        ClassLoader jjava = renderer.getClass().getClassLoader();
        Class<?> function = Class.forName(RENDER_FUNCTION, true, jjava);
        register(renderer, function, Table.class, "text/html");
        register(renderer, function, Chart.class, "image/png");
        register(renderer, function, HtmlRenderable.class, "text/html");
        register(renderer, function, rrl.render.Animation.class, "text/html");
        // System.out.printf(...) returns its PrintStream: as a cell's last line it was echoed as
        // Out[n]: java.io.PrintStream@1d3baae0. Its text is now empty.
        register(renderer, function, PrintStream.class, "text/plain");
    }

    /** {@code renderer.createRegistration(type).preferring(mime).register(value -> Show.bundle(value))}. */
    private static void register(Object renderer, Class<?> function, Class<?> type, String mime)
            throws ReflectiveOperationException {
        Object registration = renderer.getClass().getMethod("createRegistration", Class.class).invoke(renderer, type);
        registration = registration.getClass().getMethod("preferring", String[].class)
                .invoke(registration, (Object) new String[] {mime});
        InvocationHandler handler = (proxy, method, args) -> switch (method.getName()) {
            case "render" -> {
                putBundle(args[1], args[0] instanceof PrintStream ? Map.of("text/plain", "") : Show.bundle(args[0]));
                yield null;
            }
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            case "toString" -> "rrl renderer for " + type.getName();
            default -> throw new UnsupportedOperationException(method.getName());
        };
        Object fn = Proxy.newProxyInstance(function.getClassLoader(), new Class<?>[] {function}, handler);
        registration.getClass().getMethod("register", function).invoke(registration, fn);
    }

    /** {@code context.getOutputContainer().putData(mime, content)} for each entry. */
    private static void putBundle(Object context, Map<String, String> bundle) throws ReflectiveOperationException {
        if (bundle == null) {
            return;
        }
        Object out = context.getClass().getMethod("getOutputContainer").invoke(context);
        Method put = out.getClass().getMethod("putData", String.class, Object.class);
        for (Map.Entry<String, String> e : bundle.entrySet()) {
            put.invoke(out, e.getKey(), e.getValue());
        }
    }

    /**
     * Puts a {@link LineBufferedOutput} in front of JJava's {@code JupyterIO.out} and {@code err} (the streams it
     * installs as {@code System.out} / {@code System.err} for every cell) and flushes partial lines when a JShell
     * snippet finishes and when one has waited a second.
     */
    private static void lineBufferOutput(Object kernel) throws ReflectiveOperationException {
        Object io = kernel.getClass().getMethod("getIO").invoke(kernel);
        for (String name : new String[] {"out", "err"}) {
            Field f = io.getClass().getField(name);
            PrintStream jupyter = (PrintStream) f.get(io);
            LineBufferedOutput buffer = new LineBufferedOutput(jupyter);
            f.setAccessible(true); // a public final field: settable once made accessible (JJava is on the class path)
            f.set(io, new PrintStream((OutputStream) buffer, false, StandardCharsets.UTF_8));
            BUFFERS.add(buffer);
        }
        Object shell = kernel.getClass().getMethod("getJShell").invoke(kernel);
        Consumer<Object> afterSnippet = event -> flush();
        // JShell notifies listeners after a snippet has run, on the kernel's thread, before the cell's reply.
        shell.getClass().getMethod("onSnippetEvent", Consumer.class).invoke(shell, afterSnippet);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rrl-output-flush");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(KernelDisplay::flushStale, 250, 250, TimeUnit.MILLISECONDS);
    }

    private static synchronized void flushStale() {
        for (LineBufferedOutput b : BUFFERS) {
            try {
                b.flushIfOlder(LineBufferedOutput.STALE_NANOS);
            } catch (java.io.IOException | RuntimeException e) {
                // output is best effort
            }
        }
    }

    private static void warn(String what, Throwable e) {
        // At kernel start-up System.err is the kernel process's log, not a cell.
        System.err.println("rrl.notebook.KernelDisplay: no " + what + " (" + e + ")");
    }
}
