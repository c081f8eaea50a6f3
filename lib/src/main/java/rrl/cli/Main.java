package rrl.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code rrl}: the command-line face of the library (batch runs and benchmarks). {@code scope = INHERIT} hands
 * {@code --help} / {@code --version} down to every subcommand, so {@code rrl X Y --help} prints X Y's usage and
 * exits 0 (picocli checks help before required options); bad input is one line on stderr and exit 2.
 */
@Command(name = "rrl", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
        versionProvider = Main.Version.class,
        description = "Robust offline-to-online RL on MuJoCo: environments, datasets, training, attacks, robustness evaluation, adversarial fine-tuning, rendering and benchmarks.",
        subcommands = {EnvsCommand.class, RolloutCommand.class, TrainCommand.class, DatasetsCommand.class, AttackCommand.class,
                EvaluateCommand.class, FaultsCommand.class, RenderCommand.class, FinetuneCommand.class, RobustnessCommand.class, ReportCommand.class, SweepCommand.class, PoliciesCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** {@code rrl -V}: the version provenance records ({@link rrl.results.BuildInfo}, from the build), one source. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"rrl " + rrl.results.BuildInfo.version() + " (commit " + rrl.results.BuildInfo.commit()
                    + ")"};
        }
    }

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
        // integers written as 1e3 or 1000.0 are refused naming the integer to write (picocli: "is not a long")
        cli.registerConverter(Long.class, s -> integer(s, Long.MIN_VALUE, Long.MAX_VALUE));
        cli.registerConverter(Long.TYPE, s -> integer(s, Long.MIN_VALUE, Long.MAX_VALUE));
        cli.registerConverter(Integer.class, s -> (int) integer(s, Integer.MIN_VALUE, Integer.MAX_VALUE));
        cli.registerConverter(Integer.TYPE, s -> (int) integer(s, Integer.MIN_VALUE, Integer.MAX_VALUE));
        RolloutCommand.documentStateSizes(cli.getSubcommands().get("rollout"));
        return cli;
    }

    /** Runs the CLI and returns its exit code; errors in the user's input print one clear line, exit 2. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        rrl.io.Warnings.forget(); // each command prints its own warnings, whatever ran before it in this process
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
            rrl.mujoco.MuJoCoException m = mujoco(ex);
            if (m != null) {
                // the library's advice (reset the environment) is for Java callers; a CLI user changes the inputs
                err.println("rrl: error: " + m.summary() + (m.summary().endsWith(".") ? "" : ".") + " The simulation became "
                        + "unstable from the given states or actions (MuJoCo reset it); rerun with other inputs (for "
                        + "rollout: smaller velocities in --init-state, actions nearer [-1, 1])");
                return 2;
            }
            if (ex instanceof rrl.experiment.RunsFailedException) {
                err.println("rrl: error: " + ex.getMessage());
                return 1; // runs failed (not the input): a scheduler may retry, and a rerun resumes
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
            Thread hint = interruptHint(parseResult, err);
            try {
                return run.execute(parseResult);
            } finally {
                if (hint != null) {
                    try {
                        Runtime.getRuntime().removeShutdownHook(hint);
                    } catch (IllegalStateException shuttingDown) {
                        // the hook is running or has run: its line is the one to print
                    }
                }
            }
        });
        return cli.execute(args);
    }

    /** The line a {@link Resumable} command prints when interrupted (Ctrl-C, SIGTERM) while its runs go on. */
    static String interrupted(Resumable command) {
        return "rrl: interrupted: " + command.stopped() + " stopped; run the same command again to resume from the last "
                + "checkpoints";
    }

    /**
     * For a {@link Resumable} command about to run: a shutdown hook, installed here, printing {@link #interrupted}
     * (the JVM's way to act on SIGINT without a signal API); null for other commands and for --help / --version.
     */
    private static Thread interruptHint(CommandLine.ParseResult parseResult, PrintWriter err) {
        CommandLine.ParseResult last = parseResult;
        while (last.hasSubcommand()) {
            if (last.isUsageHelpRequested() || last.isVersionHelpRequested()) {
                return null;
            }
            last = last.subcommand();
        }
        if (last.isUsageHelpRequested() || last.isVersionHelpRequested()
                || !(last.commandSpec().userObject() instanceof Resumable r)) {
            return null;
        }
        Thread hook = new Thread(() -> {
            err.println(interrupted(r));
            err.flush();
        }, "rrl-interrupted");
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    /**
     * An integer option's value: decimal digits only. Scientific or decimal notation of an integer ("1e3", "1000.0")
     * is refused naming the digits to write; a value beyond the type names the bound.
     */
    static long integer(String text, long min, long max) {
        String s = text.strip();
        try {
            long v = Long.parseLong(s);
            if (v < min || v > max) {
                throw new CommandLine.TypeConversionException("'" + text + "' is out of range: an integer in [" + min
                        + ", " + max + "] is needed");
            }
            return v;
        } catch (NumberFormatException e) {
            String hint = "";
            try {
                java.math.BigDecimal d = new java.math.BigDecimal(s);
                if (d.signum() == 0 || d.stripTrailingZeros().scale() <= 0) {
                    java.math.BigInteger i = d.toBigIntegerExact();
                    hint = i.bitLength() < 64 ? "; write it in digits: " + i : "; it is out of range (an integer in ["
                            + min + ", " + max + "])";
                }
            } catch (NumberFormatException | ArithmeticException notANumber) {
                hint = "";
            }
            throw new CommandLine.TypeConversionException("'" + text + "' is not an integer" + hint);
        }
    }

    /** The MuJoCo failure behind {@code e} (itself or a cause), or null. */
    static rrl.mujoco.MuJoCoException mujoco(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof rrl.mujoco.MuJoCoException m) {
                return m;
            }
        }
        return null;
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
                if (r == null) {
                    continue;
                }
                // a list option (--seeds 0,1,2) holds each of its values to the range
                for (Object each : v instanceof java.util.Collection<?> c ? c : java.util.Collections.singletonList(v)) {
                    if (!(each instanceof Number n)) {
                        continue;
                    }
                    double d = n.doubleValue();
                    boolean lowOk = r.minExclusive() ? d > r.min() : d >= r.min();
                    if (!(lowOk && d <= r.max())) {
                        String got = v instanceof java.util.Collection<?> ? String.valueOf(n)
                                : o.originalStringValues().stream().reduce((a, b) -> b).orElse(String.valueOf(v));
                        throw new CommandLine.ParameterException(pr.commandSpec().commandLine(), o.longestName()
                                + " must be " + describe(r, n) + ", got " + got, o, String.valueOf(v));
                    }
                }
                // a list option names each value once (a seed twice would be one run twice, or a refused plan)
                java.util.Set<Object> seen = new java.util.HashSet<>();
                Object twice = v instanceof java.util.Collection<?> c ? c.stream().filter(x -> !seen.add(x)).findFirst()
                        .orElse(null) : null;
                if (twice != null) {
                    throw new CommandLine.ParameterException(pr.commandSpec().commandLine(), o.longestName() + " lists "
                            + twice + " twice; give each value once", o, String.valueOf(v));
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
