package rrl.experiment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import rrl.checkpoint.Checkpoint;
import rrl.env.Task;
import rrl.nd4j.Dl4jPolicyExport;
import rrl.policy.ActorPolicy;
import rrl.policy.ShippedPolicies;

/**
 * A reference to a trained policy, as every command and notebook accepts it, and the only place those
 * references are parsed: {@code shipped:NAME} (a policy shipped with rrl, {@link ShippedPolicies}), a
 * {@code policy.ckpt} written by {@code rrl train}, a DL4J model {@code .zip} ({@link Dl4jPolicyExport}), or a
 * run folder holding {@code policy.ckpt}.
 *
 * @param kind how {@code value} is read
 * @param value the shipped name, or the path
 */
public record PolicyRef(Kind kind, String value) {
    /** The forms a reference takes. */
    public enum Kind {
        /** {@code shipped:NAME}. */
        SHIPPED,
        /** A policy checkpoint file. */
        CHECKPOINT,
        /** A DL4J {@code MultiLayerNetwork} zip. */
        DL4J_ZIP,
        /** A run folder with {@code policy.ckpt} (and, for an offline learner, {@code training.ckpt}). */
        RUN_FOLDER
    }

    private static final String SHIPPED_PREFIX = "shipped:";

    public PolicyRef {
        if (kind == null || value == null || value.isBlank()) {
            throw new IllegalArgumentException("empty policy reference; give a policy.ckpt written by `rrl train`, a DL4J "
                    + "model .zip, a run folder, or shipped:NAME (e.g. shipped:expert)");
        }
    }

    /** Parses {@code ref}; a path is classified by what is there (file, {@code .zip}, folder). */
    public static PolicyRef parse(String ref) {
        if (ref == null || ref.isBlank()) {
            return new PolicyRef(Kind.SHIPPED, ref == null ? "" : ref);
        }
        if (ref.startsWith(SHIPPED_PREFIX)) {
            return new PolicyRef(Kind.SHIPPED, ref.substring(SHIPPED_PREFIX.length()));
        }
        Path p = Path.of(ref);
        if (Files.isDirectory(p)) {
            return new PolicyRef(Kind.RUN_FOLDER, ref);
        }
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException("no policy checkpoint at " + ref + "; give a policy.ckpt written by `rrl train`, a DL4J "
                    + "model .zip, a run folder, or shipped:NAME (e.g. shipped:expert)");
        }
        return new PolicyRef(ref.endsWith(".zip") ? Kind.DL4J_ZIP : Kind.CHECKPOINT, ref);
    }

    /** {@code shipped:NAME}. */
    public static PolicyRef shipped(String name) {
        return new PolicyRef(Kind.SHIPPED, name);
    }

    /** The policy, checked against {@code task}'s dimensions. */
    public ActorPolicy load(Task task) {
        return switch (kind) {
            case SHIPPED -> ShippedPolicies.load(task.name(), value);
            case CHECKPOINT -> ActorPolicy.load(Path.of(value), task);
            case DL4J_ZIP -> Dl4jPolicyExport.read(Path.of(value), task);
            case RUN_FOLDER -> ActorPolicy.load(requireFile(Path.of(value).resolve("policy.ckpt")), task);
        };
    }

    /**
     * The offline learner's training state that fine-tuning starts from: a shipped policy's
     * {@code NAME-learner.ckpt}, or a run folder's {@code training.ckpt}.
     */
    public Checkpoint learnerState(Task task) {
        return switch (kind) {
            case SHIPPED -> ShippedPolicies.learner(task.name(), value);
            case RUN_FOLDER -> Checkpoint.read(requireFile(Path.of(value).resolve("training.ckpt")));
            default -> throw new IllegalArgumentException("a " + this + " holds no learner state; fine-tuning starts from a "
                    + "TD3+BC run folder (with policy.ckpt and training.ckpt from `rrl train td3bc`) or shipped:NAME");
        };
    }

    /**
     * SHA-256 (hex) of the policy file's bytes: what a run that uses this policy pins, so a policy file changed
     * under the same name (e.g. trained further on the same run folder) is a different run, not a stale result.
     */
    public String sha256(Task task) {
        byte[] bytes;
        try {
            bytes = switch (kind) {
                case SHIPPED -> ShippedPolicies.bytes(task.name(), value);
                case CHECKPOINT, DL4J_ZIP -> Files.readAllBytes(Path.of(value));
                case RUN_FOLDER -> Files.readAllBytes(requireFile(Path.of(value).resolve("policy.ckpt")));
            };
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot read policy " + this + ": " + rrl.io.IoErrors.describe(e));
        }
        return rrl.io.Sha256.hex(bytes);
    }

    private Path requireFile(Path f) {
        if (!Files.isRegularFile(f)) {
            // an online run (sac, td3, ppo, pex, rpex) keeps its policies per evaluation: name the last one
            java.util.Optional<Path> last = Optional.empty();
            Path policies = f.resolveSibling("policies");
            if (Files.isDirectory(policies)) {
                try (java.util.stream.Stream<Path> s = Files.list(policies)) {
                    last = s.filter(p -> p.getFileName().toString().matches("step-\\d+\\.ckpt")).max(Path::compareTo);
                } catch (java.io.IOException e) {
                    last = Optional.empty();
                }
            }
            throw new IllegalArgumentException("run folder " + value + " has no " + f.getFileName() + "; "
                    + last.map(p -> "an online run keeps one policy per evaluation: give " + p + " (its last)")
                            .orElse("give a folder written by `rrl train`, a policy file, or shipped:NAME"));
        }
        return f;
    }

    /**
     * The method label a results table gives this policy when the user names none: the algorithm that trained it, as
     * its training config records it ({@code shipped:iql-expert} gives "IQL", {@code shipped:expert} "SAC"; a run
     * folder's, or a checkpoint's folder's, {@code config.json}), else the shipped name or the file's name without its extension.
     */
    public String method(Task task) {
        if (kind == Kind.SHIPPED) {
            String by = ShippedPolicies.trainedBy(task.name(), value); // "IQL, offline"
            return by.contains(",") ? by.substring(0, by.indexOf(',')) : value;
        }
        Path p = Path.of(value);
        Path config = (kind == Kind.RUN_FOLDER ? p : p.toAbsolutePath().getParent()).resolve("config.json");
        try {
            com.google.gson.JsonObject c = rrl.io.StrictJson.parse(Files.readString(config))
                    .getAsJsonObject();
            if (c.has("algorithm")) {
                return c.get("algorithm").getAsString();
            }
        } catch (java.io.IOException | RuntimeException e) {
            // no readable config beside the policy: its name says what it is
        }
        return String.valueOf(p.getFileName()).replaceFirst("\\.(ckpt|zip)$", "");
    }

    @Override
    public String toString() {
        return kind == Kind.SHIPPED ? SHIPPED_PREFIX + value : value;
    }
}
