package rrl.experiment.spark;

import rrl.experiment.Executor;
import rrl.experiment.ExecutorProvider;
import rrl.experiment.ExecutorSettings;

/** {@code --executor spark}: a {@link SparkExecutor}, found through {@link java.util.ServiceLoader}. */
public final class SparkExecutorProvider implements ExecutorProvider {
    @Override
    public String name() {
        return "spark";
    }

    @Override
    public Executor create(ExecutorSettings settings) {
        return new SparkExecutor(settings);
    }
}
