package rrl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Walks every command of Main's tree and, for every numeric option, runs the command with 0, -1, NaN, 1e308, a huge
 * integer and "abc" (the command's other required options filled with valid small values): the exit code is 0 or 2,
 * never 1, and exit 2 is one line on stderr. Out-of-range values must be refused before any work, naming the option.
 * Values inside the option's declared {@link Range} would start real work (training, attacks, benchmarks), so they
 * run only together with another input that stops the command early ({@link #poison}); for the benchmarks they are
 * not run. The sweep takes a few seconds.
 */
class OptionSweepTest {
    @TempDir
    Path tmp;

    private static final Set<Class<?>> NUMERIC = Set.of(int.class, Integer.class, long.class, Long.class, double.class,
            Double.class, float.class, Float.class);

    private record Run(int code, String err) {}

    private static Run run(List<String> args) {
        StringWriter err = new StringWriter();
        int code = Main.execute(args.toArray(String[]::new), new PrintWriter(new StringWriter()), new PrintWriter(err));
        return new Run(code, err.toString());
    }

    /** The runnable commands of the tree (picocli's own help command left out). */
    private static List<CommandLine> commands() {
        List<CommandLine> all = new ArrayList<>();
        collect(Main.commandLine(), all);
        return all.stream().filter(c -> !c.getCommandSpec().helpCommand() && c.getSubcommands().isEmpty()).toList();
    }

    private static void collect(CommandLine cl, List<CommandLine> into) {
        into.add(cl);
        for (CommandLine sub : new LinkedHashSet<>(cl.getSubcommands().values())) {
            collect(sub, into);
        }
    }

    private static List<OptionSpec> numericOptions(CommandLine c) {
        return c.getCommandSpec().options().stream().filter(o -> NUMERIC.contains(o.type())).toList();
    }

    @Test
    void everyNumericOptionDeclaresItsRange() {
        List<String> missing = new ArrayList<>();
        int n = 0;
        for (CommandLine c : commands()) {
            for (OptionSpec o : numericOptions(c)) {
                n++;
                if (Main.range(o) == null) {
                    missing.add(c.getCommandSpec().qualifiedName() + " " + o.longestName());
                }
            }
        }
        assertTrue(n > 25, "expected the numeric options of the whole tree, got " + n);
        assertEquals(List.of(), missing, "numeric options without @Range");
    }

    /** Every command's --parallel takes the same runs at a time, so one value works with each and fails alike. */
    @Test
    void everyParallelOptionHasTheSameRange() {
        List<String> ranges = new ArrayList<>();
        for (CommandLine c : commands()) {
            OptionSpec o = c.getCommandSpec().findOption("--parallel");
            if (o != null) {
                Range r = Main.range(o);
                ranges.add(c.getCommandSpec().qualifiedName() + ": " + (r == null ? "none" : r.min() + ".." + r.max()));
            }
        }
        assertTrue(ranges.size() >= 3, ranges.toString());
        assertEquals(1, ranges.stream().map(x -> x.substring(x.indexOf(": "))).distinct().count(), ranges.toString());
        Path any = tmp.resolve("plan.json");
        for (List<String> args : List.of(List.of("finetune", "--config", any.toString()),
                List.of("sweep", "run", "--plan", any.toString()),
                List.of("robustness", "--env", "Hopper", "--policies", "SAC|online|shipped:expert", "--out", any.toString()))) {
            List<String> all = new ArrayList<>(args);
            all.addAll(List.of("--parallel", "257"));
            Run r = run(all);
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().startsWith("rrl: error: --parallel must be an integer in [1, 256], got 257"), r.err());
        }
    }

    @Test
    void numericOptionsNeverEndInAnInternalError() throws Exception {
        Path plan = Files.writeString(tmp.resolve("plan.json"), "{\"env\": \"Hopper\"}");
        Path state = Files.writeString(tmp.resolve("state.csv"), "0,0,0,0,0,0,0,0,0,0,0,0\n");
        Path actions = Files.writeString(tmp.resolve("actions.csv"), "0,0,0\n");
        int ran = 0;
        List<String> failures = new ArrayList<>();
        for (CommandLine c : commands()) {
            String qualified = c.getCommandSpec().qualifiedName();
            List<String> path = List.of(qualified.split(" ")).subList(1, qualified.split(" ").length);
            for (OptionSpec o : numericOptions(c)) {
                boolean integral = o.type() != double.class && o.type() != Double.class && o.type() != float.class
                        && o.type() != Float.class;
                String huge = o.type() == long.class || o.type() == Long.class ? String.valueOf(Long.MAX_VALUE)
                        : o.type() == int.class || o.type() == Integer.class ? String.valueOf(Integer.MAX_VALUE) : "1e308";
                for (String value : List.of("0", "-1", "NaN", "1e308", huge, "abc")) {
                    boolean valid = valid(Main.range(o), value, integral);
                    List<String> poison = valid ? poison(qualified, state) : List.of();
                    if (valid && poison.isEmpty()) {
                        continue; // would start real work (training, benchmarks): the commands' own tests run those
                    }
                    List<String> args = new ArrayList<>(path);
                    for (OptionSpec other : c.getCommandSpec().requiredArgs().stream()
                            .filter(a -> a instanceof OptionSpec).map(a -> (OptionSpec) a).toList()) {
                        if (other != o && !poison.contains(other.longestName())) {
                            args.add(other.longestName());
                            args.add(validValue(qualified, other.longestName(), plan, state, actions));
                        }
                    }
                    args.addAll(poison);
                    args.add(o.longestName());
                    args.add(value);
                    Run r = run(args);
                    ran++;
                    String what = String.join(" ", args) + " -> exit " + r.code() + ": " + r.err().strip();
                    boolean oneLine = r.err().lines().count() == 1 && r.err().startsWith("rrl: error: ");
                    if (valid ? r.code() == 1 || (r.code() == 2 && !oneLine)
                            : r.code() != 2 || !oneLine || !r.err().contains(o.longestName())) {
                        failures.add(what);
                    }
                }
            }
        }
        assertTrue(ran > 100, "expected every numeric option to be swept, ran " + ran);
        assertEquals(List.of(), failures, "invalid values must be one line naming the option, exit 2");
    }

    /**
     * For a valid value: another input that makes the command stop early with exit 2 after it has taken in the
     * numeric options (configs built, threads set), so valid values are exercised without real work; empty for
     * commands that would measure or train (benchmarks), whose valid values are not run here.
     */
    private List<String> poison(String command, Path regularFile) {
        String missing = tmp.resolve("missing").toString();
        return switch (command) {
            case "rrl attack", "rrl evaluate", "rrl render", "rrl policies export-dl4j", "rrl policies ship" ->
                    List.of("--policy", missing + ".ckpt");
            case "rrl train td3bc", "rrl train bcq" -> List.of("--dataset", missing + ".hdf5");
            case "rrl train sac", "rrl train td3" -> List.of("--run", regularFile.toString()); // a file, not a folder
            case "rrl datasets generate" -> List.of("--kinds", "no-such-kind");
            case "rrl finetune" -> List.of("--config", missing + ".json");
            default -> List.of();
        };
    }

    /** Whether picocli would parse {@code value} for the option and {@code r} accept it. */
    private static boolean valid(Range r, String value, boolean integral) {
        double v;
        try {
            v = integral ? Long.parseLong(value) : Double.parseDouble(value);
        } catch (NumberFormatException e) {
            return false;
        }
        boolean low = r.minExclusive() ? v > r.min() : v >= r.min();
        return low && v <= r.max();
    }

    /** A valid small value for a required option (validation fails before it is used). */
    private String validValue(String command, String option, Path plan, Path state, Path actions) {
        return switch (option) {
            case "--env" -> "Hopper";
            case "--policy" -> command.endsWith("ship") ? tmp.resolve("policy.ckpt").toString() : "shipped:td3bc-expert";
            case "--run" -> tmp.resolve("run").toString();
            case "--out" -> tmp.resolve(command.endsWith("export-dl4j") ? "out.zip"
                    : command.endsWith("render") ? "out.gif" : "out.csv").toString();
            case "--config" -> plan.toString();
            case "--init-state" -> state.toString();
            case "--actions" -> actions.toString();
            case "--dataset" -> tmp.resolve("data.hdf5").toString();
            default -> "x";
        };
    }
}
