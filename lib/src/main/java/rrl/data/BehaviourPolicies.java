package rrl.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import rrl.algo.ActorPolicy;
import rrl.env.Environments;
import rrl.env.Task;

/**
 * The behaviour policies shipped with the library (SAC policies trained by {@code rrl train sac}; their
 * training records sit beside them in {@code rrl/policies/<env>/}), so datasets can be regenerated in
 * minutes instead of retraining for hours: {@code BehaviourPolicies.load("Hopper", "expert")}.
 */
public final class BehaviourPolicies {
    private BehaviourPolicies() {}

    /** The shipped policy of {@code level} ("medium" or "expert") for {@code env}. */
    public static ActorPolicy load(String env, String level) {
        Task task = Environments.task(env);
        String resource = "rrl/policies/" + task.name().toLowerCase(Locale.ROOT) + "/" + level + ".ckpt";
        try (InputStream in = BehaviourPolicies.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no shipped " + level + " policy for " + task.name() + " (" + resource
                        + "); train one with `bin/rrl train sac --env " + task.name() + " --run DIR`");
            }
            Path tmp = Files.createTempFile("rrl-policy-", ".ckpt");
            try {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                return ActorPolicy.load(tmp, task);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + resource + ": " + e.getMessage(), e);
        }
    }
}
