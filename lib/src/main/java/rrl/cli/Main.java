package rrl.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code rrl}: the command-line face of the library (batch runs and benchmarks). {@code scope = INHERIT} hands
 * {@code --help} / {@code --version} down to every subcommand, so {@code rrl X Y --help} prints X Y's usage and
 * exits 0 (picocli checks help before required options); bad input is one line on stderr and exit 2.
 */
@Command(name = "rrl", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, version = "rrl 0.1.0",
        description = "Robust offline-to-online RL on MuJoCo: environments, rollouts and benchmarks.",
        subcommands = {EnvsCommand.class, RolloutCommand.class, TrainCommand.class, DatasetsCommand.class, AttackCommand.class,
                EvaluateCommand.class, RenderCommand.class, FinetuneCommand.class, PoliciesCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** The whole command tree, as {@link #execute} runs it (tests walk it to cover every command). */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        RolloutCommand.documentStateSizes(cli.getSubcommands().get("rollout"));
        return cli;
    }

    /** Runs the CLI and returns its exit code; errors in the user's input print one clear line, exit 2. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = commandLine();
        cli.setOut(out);
        cli.setErr(err);
        // picocli's default prints the whole usage after the message; one line says what is wrong and where help is
        cli.setParameterExceptionHandler((ex, argv) -> {
            err.println("rrl: error: " + ex.getMessage() + " (see '" + ex.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help')");
            return 2;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            boolean debug = Boolean.getBoolean("rrl.debug") || System.getenv("RRL_DEBUG") != null;
            if (debug) {
                ex.printStackTrace(err);
            }
            if (ex instanceof IllegalArgumentException || ex instanceof IllegalStateException
                    || ex instanceof rrl.mujoco.MuJoCoUnavailableException
                    || ex instanceof rrl.mujoco.MalformedModelException
                    || ex instanceof rrl.render.RenderingUnavailableException
                    || ex instanceof java.io.UncheckedIOException) {
                err.println("rrl: error: " + ex.getMessage());
                return 2;
            }
            err.println("rrl: internal error: " + ex + (debug ? "" : " (set RRL_DEBUG=1 for the stack trace)"));
            return 1;
        });
        CommandLine.IExecutionStrategy run = new CommandLine.RunLast();
        cli.setExecutionStrategy(parseResult -> {
            checkRanges(parseResult);
            return run.execute(parseResult);
        });
        return cli.execute(args);
    }

    /**
     * The one check of numeric option values: every option of the command about to run (and of the commands above
     * it) that carries {@link Range} must be inside it, before any command does work; else a ParameterException,
     * which prints one line and exits 2.
     */
    static void checkRanges(CommandLine.ParseResult parseResult) {
        for (CommandLine.ParseResult pr = parseResult; pr != null; pr = pr.hasSubcommand() ? pr.subcommand() : null) {
            if (pr.isUsageHelpRequested() || pr.isVersionHelpRequested()) {
                return;
            }
            for (CommandLine.Model.OptionSpec o : pr.commandSpec().options()) {
                Range r = range(o);
                Object v = o.getValue();
                if (r == null || !(v instanceof Number n)) {
                    continue;
                }
                double d = n.doubleValue();
                boolean lowOk = r.minExclusive() ? d > r.min() : d >= r.min();
                if (!(lowOk && d <= r.max())) {
                    throw new CommandLine.ParameterException(pr.commandSpec().commandLine(), o.longestName()
                            + " must be " + describe(r, n) + ", got " + o.originalStringValues().stream()
                            .reduce((a, b) -> b).orElse(String.valueOf(v)), o, String.valueOf(v));
                }
            }
        }
    }

    /** The option's {@link Range}, or null. */
    static Range range(CommandLine.Model.ArgSpec a) {
        return a.userObject() instanceof java.lang.reflect.Field f ? f.getAnnotation(Range.class) : null;
    }

    /** "an integer in [1, 1000000]", "a number > 0 and <= 3600", ... */
    static String describe(Range r, Number example) {
        boolean integral = !(example instanceof Double || example instanceof Float);
        String kind = integral ? "an integer" : "a number";
        boolean hasMax = r.max() != Double.POSITIVE_INFINITY;
        if (r.min() == Double.NEGATIVE_INFINITY) {
            return kind + (hasMax ? " <= " + num(r.max()) : "");
        }
        if (r.minExclusive()) {
            return kind + " > " + num(r.min()) + (hasMax ? " and <= " + num(r.max()) : "");
        }
        return hasMax ? kind + " in [" + num(r.min()) + ", " + num(r.max()) + "]" : kind + " >= " + num(r.min());
    }

    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }
}
