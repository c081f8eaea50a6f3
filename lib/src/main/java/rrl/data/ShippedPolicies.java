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
 * The policies shipped with the library, each with its training record beside it in
 * {@code rrl/policies/<env>/}: the SAC behaviour policies ("medium", "expert"; trained by
 * {@code rrl train sac}), so datasets can be regenerated in minutes instead of retraining for hours, and the
 * policies paper 2's tables evaluate (e.g. "td3bc-expert", "td3"): {@code ShippedPolicies.load("Hopper", "expert")}.
 */
public final class ShippedPolicies {
    private ShippedPolicies() {}

    /**
     * A policy given as a checkpoint path or as {@code shipped:NAME} (a shipped policy of {@code task}); what
     * {@code rrl attack --policy} and {@code rrl evaluate --policy} accept.
     */
    public static ActorPolicy resolve(String ref, Task task) {
        if (ref.startsWith("shipped:")) {
            return load(task.name(), ref.substring("shipped:".length()));
        }
        Path p = Path.of(ref);
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException("no policy checkpoint at " + ref + "; give a policy.ckpt written by "
                    + "`rrl train` or shipped:NAME (e.g. shipped:expert)");
        }
        return ActorPolicy.load(p, task);
    }

    /** The shipped policy {@code level} (e.g. "medium", "expert") for {@code env}. */
    public static ActorPolicy load(String env, String level) {
        Task task = Environments.task(env);
        String resource = "rrl/policies/" + task.name().toLowerCase(Locale.ROOT) + "/" + level + ".ckpt";
        try (InputStream in = ShippedPolicies.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no shipped " + level + " policy for " + task.name() + " (" + resource
                        + "); ship one with `bin/rrl datasets export-policies`, or train one with `bin/rrl train sac --env "
                        + task.name() + " --run DIR`");
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
