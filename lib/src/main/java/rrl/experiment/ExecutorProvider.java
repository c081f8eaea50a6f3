package rrl.experiment;

/**
 * An engine that runs sweeps, found at run time through {@link java.util.ServiceLoader} (a
 * {@code META-INF/services/rrl.experiment.ExecutorProvider} entry), so an optional engine such as Spark stays off
 * the core library's class path for users who never use it. {@link ExecutorSettings#create} picks one by name.
 */
public interface ExecutorProvider {
    /** The engine's name, as {@code --executor} takes it ("spark"). */
    String name();

    /**
     * An executor of this engine with {@code settings}. Bad settings (an unreachable master, a malformed URL) are an
     * {@link IllegalArgumentException} with one line naming the problem and the fix.
     */
    Executor create(ExecutorSettings settings);
}
