package rrl.policy;

import java.nio.file.Path;
import rrl.checkpoint.Checkpoint;
import rrl.env.Task;
import rrl.nn.Activation;
import rrl.nn.Mlp;
import rrl.nn.ObservationNormalizer;

/**
 * A trained policy as it acts: observation normaliser, actor network, and how its output becomes an
 * action (TD3's tanh output directly, tanh of SAC's Gaussian mean, or BCQ's best of sampled candidates).
 * Batched; deterministic except BCQ's, which samples its candidates from a seeded generator (see
 * {@link #withSeed}). The unit that is checkpointed, evaluated and attacked.
 */
public final class ActorPolicy implements BatchPolicy {
    /** How the network output maps to an action. */
    public enum Head {
        /** The network ends in tanh: its output is the action (TD3, TD3+BC). */
        DETERMINISTIC,
        /** The network outputs (mean, log std); the action is tanh(mean) (SAC's evaluation action). */
        GAUSSIAN_MEAN,
        /**
         * The network outputs an unsquashed Gaussian mean; the action is the mean clipped to [-1, 1] (PPO's evaluation
         * action: its Gaussian is not squashed, and the environment's action box is applied by clipping, Gymnasium's
         * ClipAction wrapper as CleanRL's ppo_continuous_action uses it).
         */
        CLIPPED_MEAN,
        /**
         * BCQ's greedy action: the argmax of Q1 over VAE-decoded, perturbed candidates ({@link BcqSelection});
         * {@link #network()} is the perturbation network xi(s, a), which alone is not the policy.
         */
        BCQ,
        /**
         * PEX's and RPEX's choice between a frozen offline policy and an online one by their critics
         * ({@link PolicySet}); {@link #network()} is the online policy's mean network, which alone is not the policy.
         */
        POLICY_SET
    }

    private final String env;
    private final Mlp actor;
    private final ObservationNormalizer normalizer;
    private final Head head;
    private final int actDim;
    private final BcqSelection bcq;
    private final PolicySet set;
    private float[] obsBuf = new float[0];

    public ActorPolicy(String env, Mlp actor, ObservationNormalizer normalizer, Head head) {
        this(env, actor, normalizer, singleNetwork(head), null, null);
    }

    private static Head singleNetwork(Head head) {
        if (head == Head.BCQ || head == Head.POLICY_SET) {
            throw new IllegalArgumentException("a " + head + " policy is built from its BcqSelection or PolicySet: "
                    + "new ActorPolicy(env, selection, normalizer)");
        }
        return head;
    }

    /** BCQ's policy: {@code selection} on observations scaled by {@code normalizer}. */
    public ActorPolicy(String env, BcqSelection selection, ObservationNormalizer normalizer) {
        this(env, selection.perturbation(), normalizer, Head.BCQ, selection, null);
    }

    /** PEX's or RPEX's policy: the policy set's selection on observations scaled by {@code normalizer}. */
    public ActorPolicy(String env, PolicySet set, ObservationNormalizer normalizer) {
        this(env, set.online(), normalizer, Head.POLICY_SET, null, set);
    }

    private ActorPolicy(String env, Mlp actor, ObservationNormalizer normalizer, Head head, BcqSelection bcq,
                        PolicySet set) {
        this.env = env;
        this.actor = actor;
        this.normalizer = normalizer;
        this.head = head;
        this.bcq = bcq;
        this.set = set;
        this.actDim = head == Head.GAUSSIAN_MEAN ? actor.outputSize() / 2 : actor.outputSize();
        int obsDim = bcq != null ? bcq.observationDim() : actor.inputSize();
        if (normalizer.dim() != obsDim) {
            throw new IllegalArgumentException("normaliser has " + normalizer.dim() + " dims, actor takes " + obsDim);
        }
    }

    public String env() {
        return env;
    }

    public int observationDim() {
        return normalizer.dim();
    }

    public int actionDim() {
        return actDim;
    }

    public Mlp network() {
        return actor;
    }

    public ObservationNormalizer normalizer() {
        return normalizer;
    }

    public Head head() {
        return head;
    }

    /** BCQ's candidate selection (its decoder, perturbation and critic networks), or null for the other heads. */
    public BcqSelection bcqSelection() {
        return bcq;
    }

    /** PEX's or RPEX's policy set, or null for the other heads. */
    public PolicySet policySet() {
        return set;
    }

    /**
     * A copy whose sampling starts from {@code seed}: BCQ's candidates are drawn from it; the deterministic heads
     * have nothing to draw (an equal copy).
     */
    public ActorPolicy withSeed(long seed) {
        if (set != null) {
            return new ActorPolicy(env, set.copy(set.evaluating(), new rrl.random.Rng(seed)), normalizer);
        }
        return bcq == null ? copy() : new ActorPolicy(env, bcq.withSeed(seed), normalizer);
    }

    @Override
    public void act(double[] observations, int n, double[] actions) {
        int d = normalizer.dim();
        if (obsBuf.length < n * d) {
            obsBuf = new float[n * d];
        }
        normalizer.apply(observations, obsBuf, n);
        if (bcq != null) {
            bcq.act(obsBuf, n, actions);
            return;
        }
        if (set != null) {
            set.act(obsBuf, n, actions);
            return;
        }
        float[] y = actor.forward(obsBuf, n);
        int w = actor.outputSize();
        for (int b = 0; b < n; b++) {
            for (int j = 0; j < actDim; j++) {
                float v = y[b * w + j];
                actions[b * actDim + j] = switch (head) {
                    case GAUSSIAN_MEAN -> Math.tanh(v);
                    case CLIPPED_MEAN -> Math.max(-1f, Math.min(1f, v));
                    default -> v;
                };
            }
        }
    }

    /** Whether {@link #sampling} applies: a Gaussian head (SAC's); a deterministic actor or BCQ's has none. */
    public boolean canSample() {
        return head == Head.GAUSSIAN_MEAN;
    }

    /**
     * The stochastic behaviour of a Gaussian-head (SAC) policy: a = tanh(mean + std * eps), log std clamped to
     * SAC's [-20, 2]; how D4RL's datasets were collected from its SAC policies. Seeded.
     */
    public BatchPolicy sampling(long seed) {
        if (head != Head.GAUSSIAN_MEAN) {
            throw new IllegalStateException("only a Gaussian-head (SAC) policy can sample; this one is "
                    + (head == Head.BCQ ? "BCQ's (it samples its candidates already; see withSeed)" : "deterministic"));
        }
        rrl.random.Rng rng = new rrl.random.Rng(seed);
        return Policies.named("stochastic " + env + " SAC policy (seed " + seed + ")", (observations, n, actions) -> {
            int d = actor.inputSize();
            float[] x = new float[n * d];
            normalizer.apply(observations, x, n);
            float[] y = actor.forward(x, n);
            int w = actor.outputSize();
            for (int b = 0; b < n; b++) {
                for (int j = 0; j < actDim; j++) {
                    double ls = TanhGaussian.clampLogStd(y[b * w + actDim + j], TanhGaussian.LOG_STD_MIN,
                            TanhGaussian.LOG_STD_MAX);
                    actions[b * actDim + j] = TanhGaussian.action(y[b * w + j], ls, rng.nextGaussian());
                }
            }
        });
    }

    /** A copy with its own network buffers (policies are not thread-safe; copies are). */
    public ActorPolicy copy() {
        if (bcq != null) {
            return new ActorPolicy(env, bcq.copy(), normalizer);
        }
        if (set != null) {
            return new ActorPolicy(env, set.copy(), normalizer);
        }
        Mlp net = new Mlp(actor.sizes(), actor.hiddenActivation(), actor.outputActivation());
        net.copyFrom(actor);
        return new ActorPolicy(env, net, normalizer, head);
    }

    /** Writes a policy checkpoint (meta, logical actor weights, normaliser); {@code extra} goes into meta. */
    public void save(Path file, java.util.Map<String, ?> extra) {
        Checkpoint c = Checkpoint.create("policy")
                .putMeta("env", env)
                .putMeta("observationDim", observationDim())
                .putMeta("actionDim", actDim)
                .putMeta("layers", actor.sizes())
                .putMeta("hiddenActivation", actor.hiddenActivation().name())
                .putMeta("outputActivation", actor.outputActivation().name())
                .putMeta("head", head.name())
                .putTensor("actor", actor.exportWeights())
                .putTensor("obs_mean", normalizer.mean())
                .putTensor("obs_std", normalizer.std());
        if (normalizer.clips()) {
            c.putMeta("obs_clip", normalizer.clip());
        }
        if (bcq != null) {
            // the decoder and Q1 beside the perturbation network ("actor"), and where the latents' stream started
            c.putMeta("bcq", java.util.Map.of("samples", bcq.samples(), "flexibility", bcq.flexibility(),
                            "latentClip", bcq.latentClip(), "decoderLayers", bcq.decoder().sizes(),
                            "decoderOutputActivation", bcq.decoder().outputActivation().name(),
                            "criticLayers", bcq.q1().sizes()))
                    .putTensor("bcq_decoder", bcq.decoder().exportWeights())
                    .putTensor("bcq_q1", bcq.q1().exportWeights())
                    .putLongs("bcq_generator", bcq.streamStart());
        }
        if (set != null) {
            PolicySetFile.write(c, set);
        }
        extra.forEach(c::putMeta);
        c.write(file);
    }

    /** Reads a policy checkpoint (no environment check). */
    public static ActorPolicy load(Path file) {
        Checkpoint c = Checkpoint.read(file);
        if (!c.kind().equals("policy")) {
            throw new IllegalArgumentException(file + " is a '" + c.kind() + "' checkpoint, not a policy; "
                    + "training checkpoints hold their policy in the run folder's policy file");
        }
        try {
            // a policy file's numbers enter here: refuse NaN/inf weights (a diverged run or a damaged file) by name
            for (String tensor : java.util.List.of("actor", "obs_mean", "obs_std")) {
                int bad = rrl.guard.NumberRule.FINITE.firstRefused(c.tensor(tensor));
                if (bad >= 0) {
                    throw new IllegalArgumentException("policy file " + file + ": '" + tensor + "' value " + bad + " is "
                            + c.tensor(tensor)[bad] + "; the file is damaged or comes from a diverged run, use another policy");
                }
            }
            int[] layers = c.getMeta("layers", int[].class);
            float[] weights = c.tensor("actor");
            requireFits(layers, weights.length);
            Mlp net = new Mlp(layers, Activation.valueOf(c.getMeta("hiddenActivation", String.class)),
                    Activation.valueOf(c.getMeta("outputActivation", String.class)));
            net.importWeights(weights);
            Double obsClip = c.meta().has("obs_clip") ? c.getMeta("obs_clip", Double.class) : null;
            ObservationNormalizer norm = new ObservationNormalizer(c.tensor("obs_mean"), c.tensor("obs_std"),
                    obsClip == null ? Double.POSITIVE_INFINITY : obsClip);
            Head head = Head.valueOf(c.getMeta("head", String.class));
            if (head == Head.BCQ) {
                return new ActorPolicy(c.getMeta("env", String.class), bcqSelection(c, net), norm);
            }
            if (head == Head.POLICY_SET) {
                return new ActorPolicy(c.getMeta("env", String.class), PolicySetFile.read(c, net), norm);
            }
            return new ActorPolicy(c.getMeta("env", String.class), net, norm, head);
        } catch (IllegalArgumentException | NullPointerException e) {
            // what the checkpoint's content fails (sizes, names, missing entries) is the file's fault: name it
            String m = rrl.io.Messages.oneLine(e);
            throw new IllegalArgumentException(m.contains(file.toString()) ? m
                    : "policy checkpoint " + file + " is damaged or not an rrl policy: " + m, e);
        }
    }

    /** BCQ's decoder and Q1 from a policy file, with {@code perturbation} (the file's "actor"). */
    private static BcqSelection bcqSelection(Checkpoint c, Mlp perturbation) {
        com.google.gson.JsonObject m = c.meta().getAsJsonObject("bcq");
        if (m == null) {
            throw new IllegalArgumentException("a BCQ policy needs its 'bcq' entry (samples, decoder and critic layers)");
        }
        com.google.gson.Gson gson = new com.google.gson.Gson();
        int[] decoderLayers = gson.fromJson(m.get("decoderLayers"), int[].class);
        int[] criticLayers = gson.fromJson(m.get("criticLayers"), int[].class);
        for (String tensor : java.util.List.of("bcq_decoder", "bcq_q1")) {
            int bad = rrl.guard.NumberRule.FINITE.firstRefused(c.tensor(tensor));
            if (bad >= 0) {
                throw new IllegalArgumentException("'" + tensor + "' value " + bad + " is " + c.tensor(tensor)[bad]
                        + "; the file is damaged or comes from a diverged run, use another policy");
            }
        }
        float[] dw = c.tensor("bcq_decoder");
        float[] qw = c.tensor("bcq_q1");
        requireFits(decoderLayers, dw.length);
        requireFits(criticLayers, qw.length);
        Mlp decoder = new Mlp(decoderLayers, Activation.RELU, Activation.valueOf(m.get("decoderOutputActivation").getAsString()));
        decoder.importWeights(dw);
        Mlp q1 = new Mlp(criticLayers, Activation.RELU, Activation.IDENTITY);
        q1.importWeights(qw);
        return new BcqSelection(decoder, perturbation, q1, m.get("samples").getAsInt(), m.get("flexibility").getAsDouble(),
                m.get("latentClip").getAsDouble(), rrl.random.Rng.restore(c.longs("bcq_generator")[0]));
    }

    /**
     * Checks the layer sizes against the stored weights before the network is allocated: a damaged "layers" entry
     * (negative, zero, or sizes whose network would need gigabytes) is refused instead of allocated.
     */
    private static void requireFits(int[] layers, int stored) {
        if (layers == null || layers.length < 2) {
            throw new IllegalArgumentException("'layers' must list at least input and output sizes, got "
                    + java.util.Arrays.toString(layers));
        }
        long params = 0;
        for (int i = 0; i < layers.length; i++) {
            if (layers[i] < 1) {
                throw new IllegalArgumentException("'layers' " + java.util.Arrays.toString(layers) + " has a size < 1");
            }
            if (i > 0) {
                params += (long) layers[i - 1] * layers[i] + layers[i];
            }
        }
        if (params != stored) {
            throw new IllegalArgumentException("'layers' " + java.util.Arrays.toString(layers) + " needs " + params
                    + " weights but the 'actor' tensor holds " + stored);
        }
    }

    /** Reads a policy checkpoint and refuses it if its dimensions do not fit {@code task}. */
    public static ActorPolicy load(Path file, Task task) {
        ActorPolicy p = load(file);
        if (p.observationDim() != task.observationDim() || p.actionDim() != task.actionDim()) {
            throw new IllegalArgumentException("policy " + file + " was trained on " + p.env() + " (observation "
                    + p.observationDim() + ", action " + p.actionDim() + ") but " + task.name() + " has observation "
                    + task.observationDim() + ", action " + task.actionDim() + ". Use a policy trained on "
                    + task.name() + ".");
        }
        return p;
    }

    /** {@code ActorPolicy(Hopper: 11 -> 256 -> 256 -> 3, tanh output, 69,635 parameters)}. */
    @Override
    public String toString() {
        if (bcq != null) {
            int params = actor.parameterCount() + bcq.decoder().parameterCount() + bcq.q1().parameterCount();
            return "ActorPolicy(" + env + ": BCQ, argmax of Q1 over " + bcq.samples() + " decoded and perturbed actions, "
                    + String.format(java.util.Locale.ROOT, "%,d", params) + " parameters)";
        }
        if (set != null) {
            return "ActorPolicy(" + env + ": " + set.selection().kind() + " policy set of a frozen offline and an online "
                    + "policy over " + set.critics() + " critics, " + String.format(java.util.Locale.ROOT, "%,d",
                    actor.parameterCount()) + " online parameters)";
        }
        StringBuilder layers = new StringBuilder();
        int[] sizes = actor.sizes();
        for (int i = 0; i < sizes.length; i++) {
            layers.append(i == 0 ? "" : " -> ").append(i == sizes.length - 1 && head == Head.GAUSSIAN_MEAN
                    ? "2 x " + actDim : String.valueOf(sizes[i]));
        }
        return "ActorPolicy(" + env + ": " + layers + ", " + switch (head) {
                    case DETERMINISTIC -> "tanh output";
                    case CLIPPED_MEAN -> "action clip(mean, -1, 1) of a Gaussian";
                    default -> "action tanh(mean) of (mean, log std)";
                } + ", " + String.format(java.util.Locale.ROOT, "%,d", actor.parameterCount())
                + " parameters)";
    }
}
