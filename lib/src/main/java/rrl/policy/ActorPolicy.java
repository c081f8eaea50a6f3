package rrl.policy;

import java.nio.file.Path;
import rrl.checkpoint.Checkpoint;
import rrl.env.Task;
import rrl.nn.Activation;
import rrl.nn.Mlp;
import rrl.nn.ObservationNormalizer;

/**
 * A trained policy as it acts: observation normaliser, actor network, and how its output becomes an
 * action (TD3's tanh output directly, or tanh of SAC's Gaussian mean). Deterministic, batched; the unit
 * that is checkpointed, evaluated and attacked.
 */
public final class ActorPolicy implements BatchPolicy {
    /** How the network output maps to an action. */
    public enum Head {
        /** The network ends in tanh: its output is the action (TD3, TD3+BC). */
        DETERMINISTIC,
        /** The network outputs (mean, log std); the action is tanh(mean) (SAC's evaluation action). */
        GAUSSIAN_MEAN
    }

    private final String env;
    private final Mlp actor;
    private final ObservationNormalizer normalizer;
    private final Head head;
    private final int actDim;
    private float[] obsBuf = new float[0];

    public ActorPolicy(String env, Mlp actor, ObservationNormalizer normalizer, Head head) {
        this.env = env;
        this.actor = actor;
        this.normalizer = normalizer;
        this.head = head;
        this.actDim = head == Head.DETERMINISTIC ? actor.outputSize() : actor.outputSize() / 2;
        if (normalizer.dim() != actor.inputSize()) {
            throw new IllegalArgumentException("normaliser has " + normalizer.dim() + " dims, actor takes " + actor.inputSize());
        }
    }

    public String env() {
        return env;
    }

    public int observationDim() {
        return actor.inputSize();
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

    @Override
    public void act(double[] observations, int n, double[] actions) {
        int d = actor.inputSize();
        if (obsBuf.length < n * d) {
            obsBuf = new float[n * d];
        }
        normalizer.apply(observations, obsBuf, n);
        float[] y = actor.forward(obsBuf, n);
        int w = actor.outputSize();
        for (int b = 0; b < n; b++) {
            for (int j = 0; j < actDim; j++) {
                float v = y[b * w + j];
                actions[b * actDim + j] = head == Head.DETERMINISTIC ? v : Math.tanh(v);
            }
        }
    }

    /**
     * The stochastic behaviour of a Gaussian-head (SAC) policy: a = tanh(mean + std * eps), log std clamped to
     * SAC's [-20, 2]; how D4RL's datasets were collected from its SAC policies. Seeded.
     */
    public BatchPolicy sampling(long seed) {
        if (head != Head.GAUSSIAN_MEAN) {
            throw new IllegalStateException("only a Gaussian-head (SAC) policy can sample; this one is deterministic");
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
            return new ActorPolicy(c.getMeta("env", String.class), net,
                    new ObservationNormalizer(c.tensor("obs_mean"), c.tensor("obs_std")),
                    Head.valueOf(c.getMeta("head", String.class)));
        } catch (IllegalArgumentException | NullPointerException e) {
            // what the checkpoint's content fails (sizes, names, missing entries) is the file's fault: name it
            String m = rrl.io.Messages.oneLine(e);
            throw new IllegalArgumentException(m.contains(file.toString()) ? m
                    : "policy checkpoint " + file + " is damaged or not an rrl policy: " + m, e);
        }
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
        StringBuilder layers = new StringBuilder();
        int[] sizes = actor.sizes();
        for (int i = 0; i < sizes.length; i++) {
            layers.append(i == 0 ? "" : " -> ").append(i == sizes.length - 1 && head == Head.GAUSSIAN_MEAN
                    ? "2 x " + actDim : String.valueOf(sizes[i]));
        }
        return "ActorPolicy(" + env + ": " + layers + ", " + (head == Head.DETERMINISTIC ? "tanh output"
                : "action tanh(mean) of (mean, log std)") + ", " + String.format(java.util.Locale.ROOT, "%,d", actor.parameterCount())
                + " parameters)";
    }
}
