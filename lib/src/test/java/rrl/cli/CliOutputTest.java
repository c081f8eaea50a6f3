package rrl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import rrl.env.Environments;
import rrl.env.VectorEnv;
import rrl.io.IoErrors;

/** Help texts, the evaluate command without --delta, and errors that name their real cause. */
class CliOutputTest {
    @TempDir
    Path tmp;

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    private static void collect(CommandLine cl, List<CommandLine> into) {
        into.add(cl);
        for (CommandLine sub : new LinkedHashSet<>(cl.getSubcommands().values())) {
            collect(sub, into);
        }
    }

    /** `rrl policies list` names every shipped policy with its algorithm; a misspelt env is one line, exit 2. */
    @Test
    void policiesListNamesShippedPoliciesWithTheirAlgorithm() {
        CliRun r = CliRun.of("policies", "list", "--env", "Hopper");
        assertEquals(0, r.code(), r.err());
        String out = r.out();
        assertTrue(out.contains("shipped:td3bc-expert (TD3+BC, offline)") && out.contains("shipped:expert (SAC, online)"), out);
        // read from each policy's training config, not guessed from its name
        assertTrue(out.contains("shipped:bcq-expert (BCQ, offline)") && out.contains("shipped:iql-expert (IQL, offline)")
                && out.contains("shipped:td3 (TD3, online)") && out.contains("shipped:medium (SAC, online)"), out);
        // --markdown: the behaviour policies of all four environments, read from their records
        CliRun table = CliRun.of("policies", "list", "--markdown");
        assertEquals(0, table.code(), table.err());
        assertEquals(rrl.report.BehaviourPolicyTable.markdown(), table.out());
        assertEquals(6, table.out().strip().lines().count(), "a header, a rule and four environments: " + table.out());
        assertTrue(table.out().contains("| Walker2d | 220k, 1511, 32.9 |") && table.out().contains("best return >= 90% of "
                + "D4RL's REF_MAX"), table.out());
        CliRun both = CliRun.of("policies", "list", "--env", "Hopper", "--markdown");
        assertEquals(2, both.code(), both.err());
        assertTrue(both.err().strip().equals("rrl: error: --markdown tables the behaviour policies of all four "
                + "environments; leave out --env"), both.err());
        CliRun bad = CliRun.of("policies", "list", "--env", "hoper");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("Did you mean Hopper?"), bad.err());
    }

    /** The command lists of `rrl --help` (and `rrl X --help`) show a description's first line: a whole sentence. */
    @Test
    void commandSummariesAreWholeSentences() {
        List<CommandLine> all = new ArrayList<>();
        collect(Main.commandLine(), all);
        for (CommandLine c : all) {
            String[] d = c.getCommandSpec().usageMessage().description();
            assertTrue(d.length > 0, c.getCommandSpec().qualifiedName() + " has no description");
            assertTrue(d[0].strip().endsWith("."), c.getCommandSpec().qualifiedName() + "'s summary is cut: " + d[0]);
        }
        Run help = run("--help");
        assertEquals(0, help.code());
        String commands = help.out().substring(help.out().indexOf("Commands:")).replaceAll("\\s+", " ");
        assertTrue(commands.contains("attack Differential-evolution attack on a policy (paper 2, Algorithm 1)."), commands);
    }

    /** rollout --help lists the --init-state row length of every environment, as the models give it. */
    @Test
    void rolloutHelpListsStateSizesFromTheModels() {
        Run help = run("rollout", "--help");
        assertEquals(0, help.code(), help.err());
        String text = help.out().replaceAll(" +", " ");
        for (String name : Environments.NAMES) {
            try (VectorEnv v = Environments.makeVector(name, 1, 1)) {
                assertTrue(text.contains(name + " qpos " + v.nq() + " + qvel " + v.nv() + " = " + (v.nq() + v.nv())
                        + " values"), name + ": " + help.out());
            }
        }
    }

    /** Without --delta: normal and random are evaluated, one line says how to add the adversarial condition. */
    /** A broken --policy without --delta is one line about the policy, no advice to attack it. */
    @Test
    void evaluateChecksThePolicyBeforeAdvising(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        Run r = run("evaluate", "--policy", dir.resolve("missing.ckpt").toString(), "--env", "Hopper", "--episodes", "2");
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("no policy checkpoint at"), r.err());
    }

    /** A training run refused on a folder of another kind says so instead of "a offline run of ?". */
    @Test
    void foldersOfAnotherKindAreNamedAsSuch(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path attack = dir.resolve("attack");
        assertEquals(0, run("attack", "--policy", "shipped:expert", "--env", "Hopper", "--np", "4", "--m", "1",
                "--generations", "1", "--run", attack.toString()).code());
        java.nio.file.Path data = dir.resolve("d.hdf5");
        rrl.data.DatasetCollector.collect(rrl.env.Environments.task("Hopper"), rrl.policy.Policies.uniformRandom(1), 300, 2,
                1, null).write(data);
        Run r = run("train", "td3bc", "--env", "Hopper", "--dataset", data.toString(), "--steps", "10", "--eval-every", "10",
                "--run", attack.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("holds a run of another kind (not offline training)"), r.err());
    }

    @Test
    void evaluateWithoutDeltaEvaluatesWhatItCan() {
        // the command prints its tables on System.out and progress on System.err
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream oldOut = System.out;
        java.io.PrintStream oldErr = System.err;
        Run captured;
        try {
            System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
            System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
            captured = run("evaluate", "--policy", "shipped:td3bc-expert", "--env", "Hopper", "--episodes", "2", "--envs", "2");
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        Run r = new Run(captured.code(), out.toString(java.nio.charset.StandardCharsets.UTF_8),
                captured.err() + err.toString(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("normal") && r.out().contains("random"), r.out());
        List<String> note = r.err().lines().filter(l -> l.contains("adversarial")).toList();
        assertEquals(1, note.size(), r.err());
        assertTrue(note.get(0).contains("run `rrl attack") && note.get(0).contains("--delta DIR/delta.csv"), note.get(0));
    }

    /** Without --method a shipped policy is labelled by the algorithm that trained it, as `policies list` names it. */
    @Test
    void evaluateLabelsAShippedPolicyByItsAlgorithm() {
        CliRun iql = CliRun.of("evaluate", "--policy", "shipped:iql-expert", "--env", "Hopper", "--episodes", "1",
                "--conditions", "normal");
        assertEquals(0, iql.code(), iql.err());
        assertTrue(iql.out().contains("|     IQL  |") && !iql.out().contains("policy  |"), iql.out());
        CliRun named = CliRun.of("evaluate", "--policy", "shipped:iql-expert", "--env", "Hopper", "--episodes", "1",
                "--conditions", "normal", "--method", "mine");
        assertTrue(named.out().contains("|    mine  |"), named.out());
        assertEquals("TD3+BC", rrl.experiment.PolicyRef.parse("shipped:td3bc-expert").method(Environments.task("Hopper")));
        assertEquals("SAC", rrl.experiment.PolicyRef.parse("shipped:expert").method(Environments.task("Hopper")));
    }

    /**
     * Help reads as whole sentences: picocli prints each description element on its own line(s) and wraps a long one
     * at the terminal width, so an element that stops mid-sentence leaves a ragged break ("... observations become" /
     * "observations / next_observations ..."). Every element of every command ends a sentence.
     */
    @Test
    void helpDescriptionsBreakOnlyBetweenSentences() {
        List<CommandLine> all = new ArrayList<>();
        collect(Main.commandLine(), all);
        List<String> cut = new ArrayList<>();
        for (CommandLine c : all) {
            for (String d : c.getCommandSpec().usageMessage().description()) {
                String t = d.strip();
                if (!t.isEmpty() && !t.matches("(?s).*[.:?!]\\)?(%n)?$")) {
                    cut.add(c.getCommandSpec().qualifiedName() + ": " + t);
                }
            }
        }
        assertTrue(cut.isEmpty(), String.join("\n", cut));
        Run help = run("datasets", "convert", "--help");
        assertTrue(help.out().replaceAll("\\s+", " ").contains("Minari episodes' T+1 observations become observations / "
                + "next_observations, terminations become terminals"), help.out());
    }

    @Test
    void datasetSizeZeroIsRefusedBeforeAnyFileIsWritten() {
        Path out = tmp.resolve("ds");
        Run r = run("datasets", "generate", "--env", "Hopper", "--size", "0", "--from-shipped", "--kinds", "random",
                "--out", out.toString());
        assertEquals(2, r.code());
        assertEquals("rrl: error: --size must be an integer in [1, 10000000], got 0 (see 'rrl datasets generate --help')",
                r.err().strip());
        assertFalse(Files.exists(out));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () ->
                new rrl.train.DatasetGeneration.Config("Hopper", null, out, List.of(rrl.train.DatasetGeneration.Kind.RANDOM),
                        0, 10, 0));
        assertTrue(e.getMessage().contains("dataset size must be >= 1"), e.getMessage());
    }

    /** A D4RL file with 0 rows (written by h5py) is named as empty, not reported as a type mismatch. */
    @Test
    void emptyDatasetIsNamedAsEmpty() throws Exception {
        Path empty = tmp.resolve("empty.hdf5");
        try (java.io.InputStream in = CliOutputTest.class.getResourceAsStream("empty-d4rl.hdf5")) {
            Files.copy(in, empty);
        }
        Run r = run("train", "td3bc", "--env", "Hopper", "--dataset", empty.toString(), "--steps", "1", "--run",
                tmp.resolve("run").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("has 0 rows; a D4RL file needs at least one transition"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    /** "cannot write X: X" named the path twice and not what went wrong. */
    @Test
    void writeErrorsNameTheirCause() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "");
        Run r = run("datasets", "generate", "--env", "Hopper", "--size", "5", "--from-shipped", "--kinds", "random",
                "--out", file.resolve("sub").toString());
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        // found before any work, naming the file in the way
        assertTrue(r.err().contains(file + " is a file, not a folder"), r.err());
        assertEquals("no such file or directory (/nope/x)", IoErrors.describe(new NoSuchFileException("/nope/x")));
        assertEquals("permission denied (/root/x)", IoErrors.describe(new AccessDeniedException("/root/x")));
        Path target = file.resolve("x.txt");
        Exception w = org.junit.jupiter.api.Assertions.assertThrows(java.io.UncheckedIOException.class,
                () -> rrl.io.AtomicFiles.writeString(target, "x"));
        assertFalse(w.getMessage().matches("cannot write (.*): \\1"), w.getMessage());
    }
}
