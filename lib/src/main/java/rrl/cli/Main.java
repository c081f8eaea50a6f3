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
                EvaluateCommand.class, FinetuneCommand.class, PoliciesCommand.class, BenchCommand.class,
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
        return new CommandLine(new Main());
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
                    || ex instanceof java.io.UncheckedIOException) {
                err.println("rrl: error: " + ex.getMessage());
                return 2;
            }
            err.println("rrl: internal error: " + ex + (debug ? "" : " (set RRL_DEBUG=1 for the stack trace)"));
            return 1;
        });
        return cli.execute(args);
    }
}
