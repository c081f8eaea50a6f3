package rrl.experiment.spark;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.launcher.JavaModuleOptions;

/**
 * A Spark standalone cluster on 127.0.0.1 made of child JVMs of this one: a master and one-core workers, on free
 * ports, with this JVM's class path. A worker starts each executor JVM from {@code SPARK_HOME/jars/*}, so SPARK_HOME
 * is a folder whose {@code jars} links to the jars of this class path; its folders (classes of the modules) go to
 * the executors through {@code spark.executor.extraClassPath} ({@link #folders()}). {@link #close} ends every
 * process it started, executors included.
 */
final class StandaloneCluster implements AutoCloseable {
    private final Path dir;
    private final List<Process> processes = new ArrayList<>();
    private final String folders;
    private final Thread onExit = new Thread(this::close, "spark-cluster-teardown");
    private int masterPort;

    private StandaloneCluster(Path dir, String folders) {
        this.dir = dir;
        this.folders = folders;
        Runtime.getRuntime().addShutdownHook(onExit); // also when the test JVM is stopped
    }

    /** A master and {@code workers} one-core workers with {@code workerMemory} (e.g. "3g") each, all registered. */
    static StandaloneCluster start(Path dir, int workers, String workerMemory) throws IOException, InterruptedException {
        Path jars = Files.createDirectories(dir.resolve("spark-home/jars"));
        List<String> folders = new ArrayList<>();
        int i = 0;
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(e).toAbsolutePath();
            if (Files.isDirectory(p)) {
                folders.add(p.toString());
            } else if (Files.isRegularFile(p) && p.toString().endsWith(".jar")) {
                Files.createSymbolicLink(jars.resolve(String.format("%03d-%s", i++, p.getFileName())), p);
            }
        }
        StandaloneCluster c = new StandaloneCluster(dir, String.join(File.pathSeparator, folders));
        try {
            c.masterPort = freePort();
            int ui = freePort();
            c.launch("master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", "" + c.masterPort,
                    "--webui-port", "" + ui);
            for (int w = 1; w <= workers; w++) {
                c.launch("worker-" + w, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--port", "0",
                        "--webui-port", "0", "--cores", "1", "--memory", workerMemory, "--work-dir",
                        Files.createDirectories(dir.resolve("work-" + w)).toString(), c.master());
            }
            c.awaitWorkers(ui, workers, 90);
            return c;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            c.close();
            throw e;
        }
    }

    /** spark://127.0.0.1:PORT */
    String master() {
        return "spark://127.0.0.1:" + masterPort;
    }

    /** The folders of this JVM's class path, for {@code spark.executor.extraClassPath}. */
    String folders() {
        return folders;
    }

    private void launch(String name, String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        cmd.add("-Dspark.master.rest.enabled=false"); // its fixed port (6066) could be taken
        cmd.addAll(Arrays.asList(JavaModuleOptions.defaultModuleOptionArray()));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(Files.createDirectories(dir.resolve("logs")).resolve(name + ".log").toFile());
        Map<String, String> env = pb.environment();
        env.put("SPARK_HOME", dir.resolve("spark-home").toString());
        env.put("SPARK_SCALA_VERSION", "2.13"); // Spark's launcher asks, to find jars/ (else it looks for a build)
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("SPARK_LOCAL_DIRS", Files.createDirectories(dir.resolve("local")).toString());
        processes.add(pb.start());
    }

    private void awaitWorkers(int uiPort, int workers, int seconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        Pattern alive = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");
        while (System.nanoTime() < deadline) {
            for (Process p : processes) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("a cluster process exited (" + p.exitValue() + "):\n" + logs());
                }
            }
            try {
                String json;
                try (InputStream in = URI.create("http://127.0.0.1:" + uiPort + "/json/").toURL().openStream()) {
                    json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                Matcher m = alive.matcher(json);
                if (m.find() && Integer.parseInt(m.group(1)) >= workers) {
                    return;
                }
            } catch (IOException notYet) {
                // the master's page is not up yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(workers + " workers did not register within " + seconds + " s:\n" + logs());
    }

    /** The last lines of every log of the cluster (master, workers, executors), for a failing test's message. */
    String logs() {
        StringBuilder s = new StringBuilder();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(p -> Files.isRegularFile(p) && (p.toString().endsWith(".log")
                    || p.getFileName().toString().equals("stderr"))).sorted().toList()) {
                List<String> lines = Files.readAllLines(f, StandardCharsets.ISO_8859_1);
                s.append("== ").append(dir.relativize(f)).append('\n');
                lines.subList(Math.max(0, lines.size() - 15), lines.size()).forEach(l -> s.append(l).append('\n'));
            }
        } catch (IOException e) {
            s.append("(logs unreadable: ").append(e).append(")\n");
        }
        return s.toString();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    /** Ends the executors, the workers and the master, forcibly after a grace period. */
    @Override
    public synchronized void close() {
        if (Thread.currentThread() != onExit) {
            try {
                Runtime.getRuntime().removeShutdownHook(onExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs (or ran) this anyway
            }
        }
        List<ProcessHandle> all = new ArrayList<>();
        for (int i = processes.size() - 1; i >= 0; i--) { // workers (and their executors) first, the master last
            ProcessHandle h = processes.get(i).toHandle();
            h.descendants().forEach(all::add);
            all.add(h);
        }
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        }
    }
}
