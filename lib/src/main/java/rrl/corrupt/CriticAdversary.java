package rrl.corrupt;

import java.nio.file.Files;
import java.nio.file.Path;
import rrl.algo.CriticEnsemble;
import rrl.checkpoint.Checkpoint;
import rrl.nn.Adam;
import rrl.nn.Mlp;
import rrl.nn.NetThreads;
import rrl.nn.ObservationNormalizer;
import rrl.policy.ActorPolicy;

/**
 * The {@link QFunction} of a learner's critic ensemble and actor (TD3+BC, SAC, and any learner that keeps its critics
 * in a {@link CriticEnsemble} and has a tanh actor): RIQL attacks a pretrained EDAC agent's critics and actor
 * (YangRui2015/RIQL {@code attack.py}, {@code load_model}); this is the same role for our learners. The online
 * critics are used (as {@code attack.py} uses {@code critic}, not a target), on observations normalised as the learner
 * saw them; gradients come from {@link Mlp#backward}'s input gradient, through the actor for Q(s, pi(s)), pi the
 * actor's deterministic action where RIQL's code samples [our reading: notebooks/our-reading.md#data-corruption].
 *
 * <p>Not thread-safe: it reuses its buffers. The critics run side by side on the {@link NetThreads}, their
 * contributions added in order 0 .. N-1, so the numbers are the same on any thread count.
 */
public final class CriticAdversary implements QFunction {
    private final String env;
    private final Mlp[] critics;
    private final Mlp actor;
    private final ActorPolicy.Head head;
    private final ObservationNormalizer norm;
    private final float[] std;
    private final int od;
    private final int ad;
    private final String origin;
    private int capacity;
    private float[] input = new float[0];
    private float[] z = new float[0];
    private float[] actorGrad = new float[0];
    private float[][] values;
    private float[][] inputGrads;
    private float[] ones = new float[0];

    /**
     * @param critics the learner's critics (its online networks, which this adversary runs: do not train the learner
     *     while attacking with it)
     * @param actor the learner's actor network, read as {@code head} reads it
     * @param head {@link ActorPolicy.Head#DETERMINISTIC} (tanh output, TD3) or {@link ActorPolicy.Head#GAUSSIAN_MEAN}
     *     ((mean, log std) output, action tanh(mean): SAC, EDAC)
     * @param norm the observation normalisation the learner trained with
     * @param origin what the critic is, for records (e.g. its run folder)
     */
    public CriticAdversary(String env, CriticEnsemble critics, Mlp actor, ActorPolicy.Head head, ObservationNormalizer norm,
                           String origin) {
        if (head != ActorPolicy.Head.DETERMINISTIC && head != ActorPolicy.Head.GAUSSIAN_MEAN) {
            throw new IllegalArgumentException("an adversary needs a tanh actor (TD3, TD3+BC, SAC, EDAC), got a "
                    + head + " policy");
        }
        this.env = env;
        this.critics = new Mlp[critics.size()];
        for (int i = 0; i < this.critics.length; i++) {
            this.critics[i] = critics.q(i);
        }
        this.actor = actor;
        this.head = head;
        this.norm = norm;
        this.std = norm.std();
        this.od = norm.dim();
        this.ad = head == ActorPolicy.Head.GAUSSIAN_MEAN ? actor.outputSize() / 2 : actor.outputSize();
        this.origin = origin;
        if (actor.inputSize() != od || this.critics[0].inputSize() != od + ad) {
            throw new IllegalArgumentException("actor (" + actor.inputSize() + " -> " + ad + "), critics (input "
                    + this.critics[0].inputSize() + ") and normaliser (" + od + ") do not fit together");
        }
        this.values = new float[this.critics.length][0];
        this.inputGrads = new float[this.critics.length][0];
    }

    /**
     * The critics and actor of a trained run: {@code runOrCheckpoint} is a run folder (its training.ckpt and its
     * policy: policy.ckpt of an offline run, else the last policies/step-N.ckpt of an online one) or a training
     * checkpoint file in such a folder. The critics q1 .. qN come from the training checkpoint, the actor, head,
     * normalisation and environment from the policy file; both are written at the run's evaluations. The critics'
     * hidden layers are the actor's, as every rrl learner with an ensemble builds them.
     */
    public static CriticAdversary fromRun(Path runOrCheckpoint) {
        Path state = Files.isDirectory(runOrCheckpoint) ? runOrCheckpoint.resolve("training.ckpt") : runOrCheckpoint;
        Path folder = state.toAbsolutePath().getParent();
        Path policyFile = policyFile(folder);
        if (!Files.isRegularFile(state)) {
            throw new IllegalArgumentException("critic " + runOrCheckpoint + ": no training checkpoint " + state
                    + "; give the run folder of a trained learner with critics (rrl train td3bc, sac, edac) or its "
                    + "training.ckpt");
        }
        if (policyFile == null) {
            throw new IllegalArgumentException("critic " + runOrCheckpoint + ": no policy.ckpt (or policies/step-N.ckpt) "
                    + "beside " + state + "; the run has not been evaluated yet, train it further");
        }
        ActorPolicy policy = ActorPolicy.load(policyFile);
        Checkpoint ck = Checkpoint.read(state);
        int n = 0;
        while (ck.tensorNames().contains("q" + (n + 1))) {
            n++;
        }
        if (n == 0) {
            throw new IllegalArgumentException("critic " + runOrCheckpoint + " (" + ck.kind() + ") holds no critics q1, "
                    + "q2, ...; give a run of a learner with a critic ensemble (TD3+BC, SAC, EDAC)");
        }
        int[] sizes = policy.network().sizes();
        int[] hidden = java.util.Arrays.copyOfRange(sizes, 1, sizes.length - 1);
        CriticEnsemble critics = new CriticEnsemble(policy.observationDim(), policy.actionDim(), hidden,
                CriticEnsemble.Config.twin().withSize(n), Adam.Config.defaults(), 0);
        try {
            critics.restoreNetworks(ck);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("critic " + runOrCheckpoint + ": its critics do not have its actor's "
                    + "hidden layers " + java.util.Arrays.toString(hidden) + " (" + rrl.io.Messages.oneLine(e)
                    + "); give a run written by rrl", e);
        }
        return new CriticAdversary(policy.env(), critics, policy.network(), policy.head(), policy.normalizer(),
                runOrCheckpoint.toString());
    }

    /** The offline run's policy.ckpt, else the online run's last policies/step-N.ckpt (zero-padded names), else null. */
    private static Path policyFile(Path folder) {
        Path offline = folder.resolve("policy.ckpt");
        if (Files.isRegularFile(offline)) {
            return offline;
        }
        Path policies = folder.resolve("policies");
        if (!Files.isDirectory(policies)) {
            return null;
        }
        try (java.util.stream.Stream<Path> files = Files.list(policies)) {
            return files.filter(p -> p.getFileName().toString().matches("step-\\d+\\.ckpt")).max(Path::compareTo)
                    .orElse(null);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot list " + policies + ": " + rrl.io.IoErrors.describe(e), e);
        }
    }

    @Override
    public String env() {
        return env;
    }

    @Override
    public int observationDim() {
        return od;
    }

    @Override
    public int actionDim() {
        return ad;
    }

    /** Number of critics. */
    public int size() {
        return critics.length;
    }

    /** Where the critic came from (its run folder or checkpoint), for records. */
    public String origin() {
        return origin;
    }

    private void ensure(int n) {
        if (n > capacity) {
            capacity = n;
            input = new float[n * (od + ad)];
            z = new float[n * od];
            actorGrad = new float[n * 2 * ad];
            ones = new float[n];
            for (int i = 0; i < critics.length; i++) {
                values[i] = new float[n];
                inputGrads[i] = new float[n * (od + ad)];
            }
        }
        // each critic's share of the mean's gradient
        java.util.Arrays.fill(ones, 0, n, 1f / critics.length);
    }

    private void normalise(float[] obs, int n) {
        System.arraycopy(obs, 0, z, 0, n * od);
        norm.applyInPlace(z, n);
    }

    private void fillInput(float[] act, int n) {
        int w = od + ad;
        for (int b = 0; b < n; b++) {
            System.arraycopy(z, b * od, input, b * w, od);
            System.arraycopy(act, b * ad, input, b * w + od, ad);
        }
    }

    /** Every critic forward (and backward for the input gradient) on {@link #input}; q = the ensemble mean. */
    private void runCritics(int n, float[] q, boolean gradients) {
        int w = od + ad;
        NetThreads.run(critics.length, i -> {
            System.arraycopy(critics[i].forward(input, n), 0, values[i], 0, n);
            if (gradients) {
                System.arraycopy(critics[i].backward(ones, false), 0, inputGrads[i], 0, n * w);
            }
        });
        for (int b = 0; b < n; b++) {
            double s = 0;
            for (int i = 0; i < critics.length; i++) {
                s += values[i][b];
            }
            q[b] = (float) (s / critics.length);
        }
    }

    /** The sum over critics of input gradient columns [from, from + width) into {@code out} (n x width). */
    private void sumGradients(int n, int from, int width, float[] out) {
        int w = od + ad;
        for (int b = 0; b < n; b++) {
            for (int j = 0; j < width; j++) {
                float s = 0;
                for (int i = 0; i < critics.length; i++) {
                    s += inputGrads[i][b * w + from + j];
                }
                out[b * width + j] = s;
            }
        }
    }

    /** dQ/d(normalised obs) to dQ/d(raw obs): divide by the std; zero where the normaliser clipped. */
    private void toRawObservation(float[] dObs, int n) {
        double clip = norm.clip();
        for (int b = 0; b < n; b++) {
            for (int j = 0; j < od; j++) {
                int k = b * od + j;
                dObs[k] = Math.abs(z[k]) >= clip ? 0f : dObs[k] / std[j];
            }
        }
    }

    @Override
    public void valueAndGradients(float[] obs, float[] act, int n, float[] q, float[] dObs, float[] dAct) {
        ensure(n);
        normalise(obs, n);
        fillInput(act, n);
        runCritics(n, q, dObs != null || dAct != null);
        if (dObs != null) {
            sumGradients(n, 0, od, dObs);
            toRawObservation(dObs, n);
        }
        if (dAct != null) {
            sumGradients(n, od, ad, dAct);
        }
    }

    @Override
    public void policyValueAndGradient(float[] obs, int n, float[] q, float[] dObs) {
        ensure(n);
        normalise(obs, n);
        float[] y = actor.forward(z, n);
        int out = actor.outputSize();
        int w = od + ad;
        for (int b = 0; b < n; b++) {
            System.arraycopy(z, b * od, input, b * w, od);
            for (int j = 0; j < ad; j++) {
                float v = y[b * out + j];
                input[b * w + od + j] = head == ActorPolicy.Head.GAUSSIAN_MEAN ? (float) Math.tanh(v) : v;
            }
        }
        runCritics(n, q, dObs != null);
        if (dObs == null) {
            return;
        }
        // dQ/da, then back through the head to the actor's output
        sumGradients(n, od, ad, actorGrad);
        if (head == ActorPolicy.Head.GAUSSIAN_MEAN) {
            // (mean, log std) output: d tanh(mean) / d mean = 1 - a^2; the log std does not reach the action
            for (int b = n - 1; b >= 0; b--) {
                for (int j = ad - 1; j >= 0; j--) {
                    float a = input[b * w + od + j];
                    actorGrad[b * out + j] = actorGrad[b * ad + j] * (1 - a * a);
                }
            }
            for (int b = 0; b < n; b++) {
                java.util.Arrays.fill(actorGrad, b * out + ad, (b + 1) * out, 0f);
            }
        }
        // a tanh output layer: Mlp.backward takes dLoss/dOutput and applies the activation's derivative itself
        float[] through = actor.backward(actorGrad, false);
        sumGradients(n, 0, od, dObs);
        for (int k = 0; k < n * od; k++) {
            dObs[k] += through[k];
        }
        toRawObservation(dObs, n);
    }
}
