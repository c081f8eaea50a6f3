package rrl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import rrl.io.NumericCsv;

class MainTest {
    @TempDir
    Path tmp;

    private record Run(int code, String err) {}

    private static Run run(String... args) {
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(new StringWriter()), new PrintWriter(err));
        return new Run(code, err.toString());
    }

    /**
     * Every command and subcommand reachable from Main's tree, found by walking it (so new commands are covered
     * without touching this test): {@code --help} prints its usage and exits 0 even when the command has required
     * options, and an unknown option is one line on stderr with exit 2.
     */
    @Test
    void helpExitsZeroAndBadOptionIsOneLineForEveryCommand() {
        List<CommandLine> commands = new ArrayList<>();
        collect(Main.commandLine(), commands);
        assertTrue(commands.size() > 15, "expected the whole tree, got " + commands.size() + " commands");
        for (CommandLine c : commands) {
            // the argument path from the root: "rrl train td3bc" -> [train, td3bc]
            String qualified = c.getCommandSpec().qualifiedName();
            List<String> path = new ArrayList<>(List.of(qualified.split(" ")).subList(1, qualified.split(" ").length));
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Main.execute(with(path, "--help"), new PrintWriter(out), new PrintWriter(err));
            assertEquals(0, code, qualified + " --help: " + err);
            assertTrue(out.toString().lines().anyMatch(l -> l.startsWith("Usage: " + qualified)),
                    qualified + " --help: " + out);
            assertEquals("", err.toString(), qualified + " --help");
            if (c.getCommandSpec().helpCommand()) {
                continue; // picocli's own `help` reads any word as a command name to look up
            }
            Run r = run(with(path, "--no-such-option"));
            assertEquals(2, r.code(), qualified + " --no-such-option: " + r.err());
            assertEquals(1, r.err().lines().count(), qualified + ": " + r.err());
            // picocli may report a missing required option first; either way one line pointing at the help
            assertTrue(r.err().startsWith("rrl: error: ") && r.err().strip().endsWith("(see '" + qualified + " --help')"),
                    r.err());
        }
    }

    /** Adds {@code cl} and every command below it. */
    private static void collect(CommandLine cl, List<CommandLine> into) {
        into.add(cl);
        for (CommandLine sub : new java.util.LinkedHashSet<>(cl.getSubcommands().values())) {
            collect(sub, into);
        }
    }

    private static String[] with(List<String> path, String arg) {
        List<String> args = new ArrayList<>(path);
        args.add(arg);
        return args.toArray(String[]::new);
    }

    @Test
    void missingRequiredOptionIsOneLineNamingItAndTheHelp() {
        Run r = run("finetune");
        assertEquals(2, r.code());
        assertEquals("rrl: error: Missing required option: '--config=<config>' (see 'rrl finetune --help')",
                r.err().strip());
    }

    @Test
    void unknownEnvironmentIsOneClearLineNotAStackTrace() throws Exception {
        Path s = tmp.resolve("s.csv");
        Path a = tmp.resolve("a.csv");
        Files.writeString(s, "0\n");
        Files.writeString(a, "0\n");
        Run r = run("rollout", "--env", "Hoppr", "--init-state", s.toString(), "--actions", a.toString(),
                "--out", tmp.resolve("o.csv").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("rrl: error: Unknown environment 'Hoppr'"), r.err());
        assertTrue(!r.err().contains("\tat "), "no stack trace expected: " + r.err());
    }

    @Test
    void rolloutWritesOneRowPerActionAndRejectsNaN() throws Exception {
        Path s = tmp.resolve("s.csv");
        Path a = tmp.resolve("a.csv");
        Path o = tmp.resolve("o.csv");
        Files.writeString(s, "0,1.25,0,0,0,0,0,0,0,0,0,0\n");
        Files.writeString(a, "0.1,0.2,0.3\n-0.1,0,0.5\n0,0,0\n");
        Run ok = run("rollout", "--env", "Hopper", "--init-state", s.toString(), "--actions", a.toString(),
                "--out", o.toString());
        assertEquals(0, ok.code(), ok.err());
        NumericCsv.Table t = NumericCsv.read(o, 16, "out");
        assertEquals(3, t.rows().length);
        assertEquals("obs_10", t.header().get(11));

        Files.writeString(a, "0.1,NaN,0.3\n");
        Run nan = run("rollout", "--env", "Hopper", "--init-state", s.toString(), "--actions", a.toString(),
                "--out", o.toString());
        assertEquals(2, nan.code());
        assertTrue(nan.err().contains("is NaN"), nan.err());
    }

    /** Runs a Hopper rollout with the given state and action file contents. */
    private Run hopperRollout(String state, String actions) throws Exception {
        Path s = Files.writeString(tmp.resolve("s.csv"), state);
        Path a = Files.writeString(tmp.resolve("a.csv"), actions);
        return run("rollout", "--env", "Hopper", "--init-state", s.toString(), "--actions", a.toString(),
                "--out", tmp.resolve("o.csv").toString());
    }

    @Test
    void wrongStateLengthSaysWhatIsNeeded() throws Exception {
        Run r = hopperRollout("0,1.25,0\n", "0,0,0\n");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("need 12 values (qpos 6 then qvel 6), got 3"), r.err());
    }

    @Test
    void malformedActionsFileNamesTheLine() throws Exception {
        Run r = hopperRollout("0,1.25,0,0,0,0,0,0,0,0,0,0\n", "0,0,0\n0,0\n");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("line 2 has 2 values; expected 3"), r.err());
    }

    /**
     * Ctrl-C during a study (a separate JVM running `rrl finetune`, sent SIGINT once its banner is out) prints one
     * line saying the runs stopped and that the same command resumes them, instead of exiting without a word.
     */
    @Test
    void anInterruptedStudySaysHowToResume() throws Exception {
        Path plan = Files.writeString(tmp.resolve("plan.json"), "{\"env\": \"Hopper\", \"datasetSize\": 1500, "
                + "\"offlineSteps\": 100000, \"steps\": 3000, \"learningStarts\": 100, \"runs\": [{\"name\": \"pex\", "
                + "\"algorithm\": \"pex\"}], \"seeds\": [0], \"out\": \"" + tmp.resolve("study") + "\"}");
        Path log = tmp.resolve("child.log");
        String javaExe = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(javaExe, "--add-modules", "jdk.incubator.vector",
                "-Drrl.project.dir=" + System.getProperty("rrl.project.dir", ".."), "-cp", System.getProperty("java.class.path"),
                "rrl.cli.Main", "finetune", "--config", plan.toString(), "--threads", "1")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(2);
            // the banner is printed once the study has started: the hook is in place by then
            while (p.isAlive() && !Files.readString(log).contains("policy-expansion study") && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(p.isAlive(), "the child stopped before it could be interrupted: " + Files.readString(log));
            // a background job inherits SIGINT ignored, and the JVM keeps it so; SIGTERM runs the same hook. When the
            // child ignores SIGINT (its SigIgn mask says so) it cannot stop on it: SIGTERM at once, not after 30 s.
            boolean ignoresInt = ignores(p.pid(), 2);
            new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).start().waitFor();
            if (ignoresInt || !p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroy();
            }
            assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "the child did not stop");
        } finally {
            p.destroyForcibly();
        }
        String out = Files.readString(log);
        assertTrue(p.exitValue() == 130 || p.exitValue() == 143, "exit " + p.exitValue() + ": " + out);
        assertEquals(1, out.lines().filter(l -> l.equals("rrl: interrupted: the runs stopped; run the same command "
                + "again to resume from the last checkpoints")).count(), out);
    }

    /** Whether process {@code pid} ignores signal {@code signal} (the SigIgn mask of /proc/PID/status; false if unread). */
    private static boolean ignores(long pid, int signal) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("SigIgn:")) {
                    return (Long.parseUnsignedLong(line.substring("SigIgn:".length()).strip(), 16) >>> (signal - 1) & 1) == 1;
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux, or the process is gone: the 30 s wait decides
        }
        return false;
    }
}
