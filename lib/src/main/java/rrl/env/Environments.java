package rrl.env;

import java.util.List;
import java.util.Locale;

/** Creates the four tasks by name ("Hopper", "hopper", "Hopper-v4", ...). */
public final class Environments {
    /** The names rrl knows, in the papers' order. */
    public static final List<String> NAMES = List.of("Hopper", "HalfCheetah", "Walker2d", "Ant");

    private Environments() {}

    /** The task called {@code name}; unknown names raise an error listing the known ones. */
    public static Task task(String name) {
        if (name == null || name.isBlank()) {
            throw new UnknownEnvironmentException("No environment name given. Known: " + String.join(", ", NAMES) + ".");
        }
        String key = name.trim().toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
        if (key.endsWith("v4")) {
            key = key.substring(0, key.length() - 2);
        }
        switch (key) {
            case "hopper":
                return new Hopper();
            case "halfcheetah":
            case "cheetah":
                return new HalfCheetah();
            case "walker2d":
            case "walker":
                return new Walker2d();
            case "ant":
                return new Ant();
            case "antd4rl":
                return new Ant(Ant.Observation.D4RL);
            case "antcontactforces":
                return new Ant(Ant.Observation.CONTACT_FORCES);
            default:
                throw new UnknownEnvironmentException("Unknown environment '" + name + "'. Known: "
                        + String.join(", ", NAMES) + " (case-insensitive, optional -v4 suffix; Ant-d4rl gives "
                        + "the 111-dim D4RL observation)." + suggestion(key));
        }
    }

    /** A single environment. */
    public static Env make(String name) {
        return new Env(task(name));
    }

    /** {@code n} auto-resetting environments on all cores. */
    public static VectorEnv makeVector(String name, int n) {
        return new VectorEnv(task(name), n, rrl.parallel.WorkerPool.defaultThreads(), true);
    }

    /** {@code n} auto-resetting environments on {@code threads} threads. */
    public static VectorEnv makeVector(String name, int n, int threads) {
        return new VectorEnv(task(name), n, threads, true);
    }

    private static String suggestion(String key) {
        return rrl.io.Spelling.suggestion(key, NAMES).map(n -> " Did you mean " + n + "?").orElse("");
    }
}
