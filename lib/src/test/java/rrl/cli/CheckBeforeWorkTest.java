package rrl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import rrl.results.BuildInfo;

/**
 * Outputs and memory are checked before any work or folder creation; explicit choices where a default would start
 * hours of work; messages that name what the user typed and how to fix it; every option documented.
 */
class CheckBeforeWorkTest {
    @TempDir
    Path tmp;

    private record Run(int code, String out, String err, double seconds) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        java.io.PrintStream savedOut = System.out;
        java.io.PrintStream savedErr = System.err;
        java.io.ByteArrayOutputStream capturedOut = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream capturedErr = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(capturedOut, true));
        System.setErr(new java.io.PrintStream(capturedErr, true));
        long t0 = System.nanoTime();
        try {
            int code = Main.execute(args, new PrintWriter(out), new PrintWriter(err));
            return new Run(code, out + capturedOut.toString(), err + capturedErr.toString(), (System.nanoTime() - t0) / 1e9);
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
    }

    private static void oneLineExit2(Run r) {
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("rrl: error: "), r.err());
    }

    private static void collect(CommandLine cl, List<CommandLine> into) {
        into.add(cl);
        for (CommandLine sub : new LinkedHashSet<>(cl.getSubcommands().values())) {
            collect(sub, into);
        }
    }

    /** Every option of every command says what it is in --help (picocli's own --help/--version included). */
    @Test
    void everyOptionOfEveryCommandHasADescription() {
        List<CommandLine> all = new ArrayList<>();
        collect(Main.commandLine(), all);
        List<String> missing = new ArrayList<>();
        int n = 0;
        for (CommandLine c : all) {
            for (CommandLine.Model.OptionSpec o : c.getCommandSpec().options()) {
                n++;
                if (o.description().length == 0 || String.join("", o.description()).isBlank()) {
                    missing.add(c.getCommandSpec().qualifiedName() + " " + o.longestName());
                }
            }
        }
        assertTrue(n > 60, "expected the options of the whole tree, got " + n);
        assertEquals(List.of(), missing, "options without a description");
    }

    /** rrl -V says the version provenance records, from the one source (the build). */
    @Test
    void versionIsTheBuildsVersion() {
        Run r = run("-V");
        assertEquals(0, r.code());
        assertTrue(r.out().startsWith("rrl " + BuildInfo.version()), r.out() + " vs " + BuildInfo.version());
        assertFalse(BuildInfo.version().equals(BuildInfo.UNKNOWN), "the build fills the version in");
    }

    /** An integer written as 1e3 is refused naming the digits to write. */
    @Test
    void scientificIntegersNameTheDigitsToWrite() {
        Run r = run("train", "sac", "--env", "Hopper", "--run", tmp.resolve("r").toString(), "--steps", "1e3");
        oneLineExit2(r);
        assertTrue(r.err().contains("--steps") && r.err().contains("'1e3' is not an integer; write it in digits: 1000"),
                r.err());
        assertFalse(Files.exists(tmp.resolve("r")));
    }

    /** evaluate --out names a file where a folder is needed: refused before any episode (it used to run them all first). */
    @Test
    void evaluateRefusesAnUnwritableOutBeforeAnyEpisode() throws Exception {
        Path file = Files.writeString(tmp.resolve("taken"), "x");
        Run r = run("evaluate", "--policy", "shipped:expert", "--env", "Hopper", "--episodes", "1000", "--out",
                file.toString());
        oneLineExit2(r);
        assertTrue(r.err().contains("--out " + file + " is a file, not a folder"), r.err());
        assertFalse(r.err().contains("evaluating"), "no episode may run first: " + r.err());
        Path under = tmp.resolve("taken/sub");
        r = run("evaluate", "--policy", "shipped:expert", "--env", "Hopper", "--out", under.toString());
        oneLineExit2(r);
        assertTrue(r.err().contains(file + " is a file, not a folder"), r.err());
    }

    /**
     * A folder the permission bits allow but the file system refuses (/proc, where even root cannot make folders):
     * one line naming the refusing folder and the reason, before any work (the plan's cost estimate included).
     */
    @Test
    void aFileSystemThatRefusesFoldersIsNamedBeforeAnyWork() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs Linux /proc");
        Run r = run("finetune", "--config", Path.of("..", "notebooks", "plans", "finetune-hopper-claims.json").toString(),
                "--out", "/proc/nope");
        oneLineExit2(r);
        // as root the probe finds the refusal; as another user the permission bits already say it
        assertTrue(r.err().contains("--out /proc/nope cannot be created: /proc refuses new folders (")
                || r.err().contains("--out /proc/nope cannot be written: permission denied (/proc)"), r.err());
        assertFalse(r.err().contains("expected cost") || r.out().contains("expected cost"), r.out());
        r = run("evaluate", "--policy", "shipped:expert", "--env", "Hopper", "--out", "/proc/nope/deeper");
        oneLineExit2(r);
        assertTrue(r.err().contains("/proc refuses new folders") || r.err().contains("permission denied (/proc)"), r.err());
    }

    /** datasets generate checks its output folder and the datasets' memory before collecting (or training). */
    @Test
    void datasetsGenerateChecksOutputAndMemoryBeforeCollecting() throws Exception {
        Path file = Files.writeString(tmp.resolve("taken"), "x");
        Run r = run("datasets", "generate", "--env", "Hopper", "--from-shipped", "--kinds", "expert", "--size", "1000",
                "--out", file.toString());
        oneLineExit2(r);
        assertTrue(r.err().contains(file + " is a file, not a folder"), r.err());
        assertTrue(r.seconds() < 5, "refused before collecting: " + r.seconds() + " s");
        // 4 datasets of 10M Ant-sized transitions held at once do not fit a test JVM's heap
        Path out = tmp.resolve("big");
        r = run("datasets", "generate", "--env", "Ant", "--from-shipped", "--kinds", "medium-expert", "--size", "10000000",
                "--out", out.toString());
        oneLineExit2(r);
        assertTrue(r.err().contains("4 datasets of 10000000 Ant transitions held at once"), r.err());
        assertFalse(Files.exists(out), "no folder made before the refusal");
    }

    /** Memory refusals come before the run folder is made: an attack's NP x M simulators, a replay that cannot fit. */
    @Test
    void memoryIsRefusedBeforeTheRunFolderIsMade() {
        Path dir = tmp.resolve("attack");
        Run r = run("attack", "--policy", "shipped:expert", "--env", "Hopper", "--np", "10000", "--m", "100000",
                "--run", dir.toString());
        oneLineExit2(r);
        assertTrue(r.err().contains("simulators needs about"), r.err());
        assertFalse(Files.exists(dir), "no run folder before the refusal");
        Path run = tmp.resolve("sac");
        r = run("train", "sac", "--env", "Hopper", "--run", run.toString(), "--replay-capacity", "1000000000");
        oneLineExit2(r);
        assertTrue(r.err().contains("a replay buffer of 1000000000 transitions"), r.err());
        assertFalse(Files.exists(run), "no run folder before the refusal");
    }

    /** rollout --out DIR names the folder the user gave, before any step (not a temporary file after them). */
    @Test
    void rolloutOutThatIsAFolderNamesIt() throws Exception {
        Path state = Files.writeString(tmp.resolve("s.csv"), "0,1.25,0,0,0,0,0,0,0,0,0,0\n");
        Path actions = Files.writeString(tmp.resolve("a.csv"), "0,0,0\n");
        Path dir = Files.createDirectories(tmp.resolve("outdir"));
        Run r = run("rollout", "--env", "Hopper", "--init-state", state.toString(), "--actions", actions.toString(),
                "--out", dir.toString());
        oneLineExit2(r);
        assertTrue(r.err().contains("--out " + dir + " is a folder; give a file path"), r.err());
        assertFalse(r.err().contains(".tmp"), r.err());
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "nothing written into the folder");
        }
    }

    /** A state MuJoCo gives up on is one line with a hint for the command line, not the Java API's reset(seed). */
    @Test
    void anUnstableStateGivesACommandLineHint() throws Exception {
        Path state = Files.writeString(tmp.resolve("s.csv"), "0,1.25,0,0,0,0,0,0,1e9,0,0,0\n");
        Path actions = Files.writeString(tmp.resolve("a.csv"), "0,0,0\n0,0,0\n");
        Run r = run("rollout", "--env", "Hopper", "--init-state", state.toString(), "--actions", actions.toString(),
                "--out", tmp.resolve("o.csv").toString());
        oneLineExit2(r);
        assertTrue(r.err().contains("mjWARN_BADQACC") && r.err().contains("smaller velocities in --init-state"), r.err());
        assertFalse(r.err().contains("reset(seed)"), r.err());
    }

    /** shipped:NAME that does not exist lists the shipped names and the closest one. */
    @Test
    void unknownShippedPolicyListsTheNamesAndTheClosest() {
        Run r = run("evaluate", "--policy", "shipped:exprt", "--env", "Hopper", "--episodes", "1");
        oneLineExit2(r);
        assertTrue(r.err().contains("no shipped policy 'exprt' for Hopper; shipped for Hopper: bcq-expert, expert, "
                + "iql-expert, medium, ppo, td3, td3bc-expert") && r.err().contains("did you mean shipped:expert?"), r.err());
    }

    /** datasets generate needs an explicit source of policies; --from-shipped with --run is refused, not half-used. */
    @Test
    void datasetsGenerateNeedsOneSourceOfPolicies() {
        Run none = run("datasets", "generate", "--env", "Hopper", "--out", tmp.resolve("d").toString());
        oneLineExit2(none);
        assertTrue(none.err().contains("--from-shipped") && none.err().contains("--run DIR"), none.err());
        assertTrue(none.seconds() < 5, "refused at once, no training started: " + none.seconds() + " s");
        Run both = run("datasets", "generate", "--env", "Hopper", "--from-shipped", "--run", tmp.resolve("r").toString(),
                "--out", tmp.resolve("d").toString());
        oneLineExit2(both);
        assertTrue(both.err().contains("--from-shipped and --run") && both.err().contains("exclude each other"), both.err());
        // the shipped policies are not trained: --train-steps would be ignored
        Run steps = run("datasets", "generate", "--env", "Hopper", "--from-shipped", "--train-steps", "100",
                "--out", tmp.resolve("d").toString());
        oneLineExit2(steps);
        assertTrue(steps.err().contains("--train-steps 100 trains a SAC run, but --from-shipped"), steps.err());
        assertFalse(Files.exists(tmp.resolve("d")) || Files.exists(tmp.resolve("r")));
        Run help = run("datasets", "generate", "--help");
        assertTrue(help.out().replaceAll("\\s+", " ").contains("One of the two is required"), help.out());
    }

    /** Plans with a value of the wrong type, or cut short, are one line naming the file, the field or place and the fix. */
    @Test
    void planTypeErrorsAndTruncationNameTheFieldAndTheFix() throws Exception {
        Path nan = Files.writeString(tmp.resolve("nan.json"), "{\"env\": \"Hopper\", \"datasetSize\": NaN}");
        Run r = run("finetune", "--config", nan.toString());
        oneLineExit2(r);
        assertTrue(r.err().contains("fine-tuning plan " + nan + ": \"datasetSize\" must be an integer, got NaN; write it "
                + "so (e.g. 100000) or leave it out for its default"), r.err());
        Path cut = Files.writeString(tmp.resolve("cut.json"), "{\"env\": \"Hopper\", \"steps\": 10");
        r = run("finetune", "--config", cut.toString());
        oneLineExit2(r);
        assertTrue(r.err().contains("error: plan " + cut + ": the JSON ends early at line 1 column 30")
                && r.err().contains("the file looks truncated"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    /** Counts agree with their nouns: "1 generation". */
    @Test
    void oneGenerationIsSingular() {
        Run r = run("attack", "--policy", "shipped:expert", "--env", "Hopper", "--np", "4", "--m", "1", "--generations", "1",
                "--run", tmp.resolve("a").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("NP 4, 1 generation, M 1"), r.err());
    }

    /**
     * Picocli formats every description line with String.format: a bare % ("90% of") makes it print a WARN line and the
     * raw text. Every command's and option's description must format.
     */
    @Test
    void everyHelpTextFormats() {
        List<String> bad = new ArrayList<>();
        java.util.ArrayDeque<CommandLine> todo = new java.util.ArrayDeque<>(List.of(Main.commandLine()));
        while (!todo.isEmpty()) {
            CommandLine c = todo.pop();
            todo.addAll(c.getSubcommands().values());
            List<String> lines = new ArrayList<>(List.of(c.getCommandSpec().usageMessage().description()));
            c.getCommandSpec().options().forEach(o -> lines.addAll(List.of(o.description())));
            for (String line : lines) {
                try {
                    String.format(line.replace("${DEFAULT-VALUE}", "").replace("${COMPLETION-CANDIDATES}", ""));
                } catch (java.util.IllegalFormatException e) {
                    bad.add(c.getCommandSpec().qualifiedName() + ": " + e.getMessage() + " in \"" + line + "\"");
                }
            }
        }
        assertTrue(bad.isEmpty(), String.join("\n", bad));
    }
}
