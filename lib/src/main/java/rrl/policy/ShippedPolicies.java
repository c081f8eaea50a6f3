package rrl.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
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

    /** The class-path folder of {@code task}'s shipped policies, "rrl/policies/hopper/". */
    private static String folder(Task task) {
        return "rrl/policies/" + task.name().toLowerCase(Locale.ROOT) + "/";
    }

    /**
     * The training state (actor, critics, targets, optimiser) shipped beside an offline policy as
     * {@code NAME-learner.ckpt}: what fine-tuning starts from.
     */
    public static rrl.checkpoint.Checkpoint learner(String env, String name) {
        Task task = Environments.task(env);
        String resource = folder(task) + name + "-learner.ckpt";
        try (InputStream in = ShippedPolicies.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no shipped learner state for " + name + " on " + task.name() + " ("
                        + resource + "); give a TD3+BC run folder (with training.ckpt) instead");
            }
            Path tmp = Files.createTempFile("rrl-learner-", ".ckpt");
            try {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                return rrl.checkpoint.Checkpoint.read(tmp);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + resource + ": " + rrl.io.IoErrors.describe(e), e);
        }
    }

    /**
     * The names of the policies shipped for {@code env} ({@code NAME.ckpt} under {@code rrl/policies/<env>/}, from the
     * class path: a folder or the library's jar), sorted; empty if none.
     */
    public static java.util.List<String> names(String env) {
        Task task = Environments.task(env);
        String folder = folder(task);
        java.util.TreeSet<String> names = new java.util.TreeSet<>();
        try {
            java.util.Enumeration<java.net.URL> urls = ShippedPolicies.class.getClassLoader().getResources(folder);
            while (urls.hasMoreElements()) {
                java.net.URL url = urls.nextElement();
                java.util.List<String> files = new java.util.ArrayList<>();
                if ("file".equals(url.getProtocol())) {
                    try (java.util.stream.Stream<Path> s = Files.list(Path.of(url.toURI()))) {
                        s.forEach(p -> files.add(p.getFileName().toString()));
                    }
                } else if (url.openConnection() instanceof java.net.JarURLConnection jar) {
                    jar.setUseCaches(false);
                    try (java.util.jar.JarFile f = jar.getJarFile()) {
                        f.stream().map(java.util.zip.ZipEntry::getName).filter(n -> n.startsWith(folder))
                                .forEach(n -> files.add(n.substring(folder.length())));
                    }
                }
                for (String f : files) {
                    if (f.endsWith(".ckpt") && !f.endsWith("-learner.ckpt") && !f.contains("/")) {
                        names.add(f.substring(0, f.length() - ".ckpt".length()));
                    }
                }
            }
        } catch (IOException | java.net.URISyntaxException | RuntimeException e) {
            return java.util.List.copyOf(names); // what could be listed
        }
        return java.util.List.copyOf(names);
    }

    /**
     * What trained the shipped policy {@code name} of {@code env}, read from its training config
     * ({@code NAME-training-config.json}; {@code training-config.json} for the behaviour policies expert and medium):
     * its algorithm, then "offline" where the config is an offline run's (it records a datasetSize) and "online"
     * otherwise ("IQL, offline", "TD3, online"; SAC where an old config names no algorithm, the online default),
     * "training config missing" when the policy was shipped without one.
     */
    public static String trainedBy(String env, String name) {
        Task task = Environments.task(env);
        String folder = folder(task);
        String file = name.equals("expert") || name.equals("medium") ? "training-config.json" : name + "-training-config.json";
        try (InputStream in = ShippedPolicies.class.getClassLoader().getResourceAsStream(folder + file)) {
            if (in == null) {
                return "training config missing";
            }
            com.google.gson.JsonObject c = rrl.io.StrictJson.parse(
                    new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)).getAsJsonObject();
            com.google.gson.JsonObject run = c.has("config") ? c.getAsJsonObject("config") : c;
            String algorithm = c.has("algorithm") ? c.get("algorithm").getAsString()
                    : run.has("algorithm") ? run.get("algorithm").getAsString() : "SAC";
            // offline training records the dataset it read; an online run has none
            return algorithm + (c.has("datasetSize") ? ", offline" : ", online");
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + folder + file + ": " + rrl.io.IoErrors.describe(e), e);
        }
    }

    /**
     * The text of the file {@code file} shipped beside {@code env}'s policies ({@code rrl/policies/<env>/FILE} on the
     * class path, e.g. "record.json", "training-curve.csv"), empty if it is not shipped.
     */
    public static java.util.Optional<String> text(String env, String file) {
        String resource = folder(Environments.task(env)) + file;
        try (InputStream in = ShippedPolicies.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? java.util.Optional.empty()
                    : java.util.Optional.of(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + resource + ": " + rrl.io.IoErrors.describe(e), e);
        }
    }

    /** "; shipped for Hopper: expert, medium, td3 (did you mean td3?)" for an unknown name, or a hint if none are. */
    private static String known(Task task, String name) {
        java.util.List<String> all = names(task.name());
        if (all.isEmpty()) {
            return "; no policies are shipped for " + task.name() + "; ship one with `bin/rrl policies ship` or train one "
                    + "with `bin/rrl train sac --env " + task.name() + " --run DIR`";
        }
        return "; shipped for " + task.name() + ": " + String.join(", ", all) + rrl.io.Spelling.suggestion(name, all)
                .map(n -> " (did you mean shipped:" + n + "?)").orElse("");
    }

    /** The bytes of the shipped policy file {@code name} for {@code env} (what a run pins by its hash). */
    public static byte[] bytes(String env, String name) {
        Task task = Environments.task(env);
        String resource = folder(task) + name + ".ckpt";
        try (InputStream in = ShippedPolicies.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no shipped policy '" + name + "' for " + task.name() + known(task, name));
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + resource + ": " + rrl.io.IoErrors.describe(e), e);
        }
    }

    /** The shipped policy {@code level} (e.g. "medium", "expert") for {@code env}. */
    public static ActorPolicy load(String env, String level) {
        Task task = Environments.task(env);
        String resource = folder(task) + level + ".ckpt";
        try (InputStream in = ShippedPolicies.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no shipped policy '" + level + "' for " + task.name()
                        + known(task, level));
            }
            Path tmp = Files.createTempFile("rrl-policy-", ".ckpt");
            try {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                return ActorPolicy.load(tmp, task);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + resource + ": " + rrl.io.IoErrors.describe(e), e);
        }
    }

    /**
     * Ships a trained policy with its record: copies {@code policyFile} to {@code out/NAME.ckpt} (after checking it
     * loads for {@code env}) and, when the run folder has them, its {@code metrics.csv} and {@code config.json} as
     * {@code NAME-training-curve.csv} and {@code NAME-training-config.json}; writes {@code NAME-record.json} with
     * the command that trained it and {@code extra}.
     */
    public static void ship(String env, Path policyFile, Path run, String name, Path out, String command,
                            java.util.Map<String, ?> extra) {
        Task task = Environments.task(env);
        if (!name.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("policy name '" + name + "' must be lower-case letters, digits and dashes");
        }
        ActorPolicy.load(policyFile, task);
        try {
            Files.createDirectories(out);
            rrl.io.AtomicFiles.copy(policyFile, out.resolve(name + ".ckpt"));
            if (run != null && Files.exists(run.resolve("metrics.csv"))) {
                rrl.io.AtomicFiles.copy(run.resolve("metrics.csv"), out.resolve(name + "-training-curve.csv"));
            }
            if (run != null && Files.exists(run.resolve("config.json"))) {
                rrl.io.AtomicFiles.copy(run.resolve("config.json"), out.resolve(name + "-training-config.json"));
            }
            // An offline learner's state is small (no replay buffer) and is what fine-tuning starts from.
            Path learnerState = run == null ? null : run.resolve("training.ckpt");
            if (learnerState != null && Files.exists(learnerState)
                    && "td3bc-training".equals(rrl.checkpoint.Checkpoint.read(learnerState).kind())) {
                rrl.io.AtomicFiles.copy(learnerState, out.resolve(name + "-learner.ckpt"));
            }
            java.util.Map<String, Object> record = new java.util.LinkedHashMap<>();
            record.put("env", task.name());
            record.put("name", name);
            record.put("command", command);
            record.put("policy_file", policyFile.getFileName().toString());
            record.putAll(extra);
            rrl.io.AtomicFiles.writeString(out.resolve(name + "-record.json"),
                    new com.google.gson.GsonBuilder().setPrettyPrinting().create().toJson(record));
        } catch (IOException e) {
            throw new UncheckedIOException("shipping " + policyFile + " to " + out + ": " + rrl.io.IoErrors.describe(e), e);
        }
    }
}
