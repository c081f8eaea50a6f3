package rrl.nd4j;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.ops.transforms.Transforms;
import rrl.policy.ActorPolicy;
import rrl.env.Task;
import rrl.nn.Activation;
import rrl.nn.Mlp;
import rrl.nn.ObservationNormalizer;

/**
 * A policy as a DL4J {@code MultiLayerNetwork} and back. The exported network maps raw observations to the
 * policy's deterministic action: the observation normaliser is folded into the first layer
 * (W' = W / std, b' = b - W (mean / std)), and a SAC policy keeps only its mean head, ending in tanh, so
 * {@code net.output(obs)} equals {@link ActorPolicy#act}. Files are DL4J's own ModelSerializer zips with the
 * environment recorded beside the model, loadable in any DL4J program.
 */
public final class Dl4jPolicyExport {
    /** Key of the JSON record (environment, dimensions, source) inside the model zip. */
    static final String RECORD_KEY = "rrl-policy";

    private Dl4jPolicyExport() {}

    /**
     * The policy as a float32 DL4J network taking raw observations. A BCQ policy is refused: its action is the best
     * of sampled candidates (three networks and a random draw), which no single feed-forward network computes.
     */
    public static MultiLayerNetwork toNetwork(ActorPolicy policy) {
        if (policy.head() == ActorPolicy.Head.BCQ) {
            throw new IllegalArgumentException("a BCQ policy cannot be exported to DL4J: its action is the argmax of Q1 over "
                    + "sampled VAE actions, not one network; export a TD3+BC, SAC or IQL policy, or use the policy.ckpt");
        }
        if (policy.head() == ActorPolicy.Head.POLICY_SET) {
            throw new IllegalArgumentException("a PEX or RPEX policy cannot be exported to DL4J: its action is a sampled "
                    + "choice between two actors by the critics, not one network; use the policy file");
        }
        if (policy.normalizer().clips() || policy.head() == ActorPolicy.Head.CLIPPED_MEAN) {
            // a clip is not affine: neither the normaliser's nor the action's folds into a dense layer
            throw new IllegalArgumentException("a PPO policy cannot be exported to DL4J: its observation scaling and its "
                    + "action are clipped, which no dense layer computes; use the policy.ckpt");
        }
        Mlp mlp = policy.network();
        int[] sizes = mlp.sizes();
        int layers = sizes.length - 1;
        int actDim = policy.actionDim();
        double[][] weights = new double[layers][];
        double[][] biases = new double[layers][];
        float[] w = mlp.exportWeights();
        int k = 0;
        for (int l = 0; l < layers; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            weights[l] = new double[in * out]; // [in][out], DL4J's layout
            biases[l] = new double[out];
            for (int o = 0; o < out; o++) {
                for (int i = 0; i < in; i++) {
                    weights[l][i * out + o] = w[k++];
                }
            }
            for (int o = 0; o < out; o++) {
                biases[l][o] = w[k++];
            }
        }
        foldNormalizer(policy.normalizer(), weights[0], biases[0], sizes[0], sizes[1]);
        int lastOut = actDim;
        IActivation outputActivation = policy.head() == ActorPolicy.Head.GAUSSIAN_MEAN
                ? new ActivationTanH() : dl4j(mlp.outputActivation());
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).list();
        for (int l = 0; l < layers - 1; l++) {
            list.layer(new DenseLayer.Builder().nIn(sizes[l]).nOut(sizes[l + 1])
                    .activation(dl4j(mlp.hiddenActivation())).build());
        }
        list.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(sizes[layers - 1]).nOut(lastOut)
                .activation(outputActivation).build());
        MultiLayerNetwork net = new MultiLayerNetwork(list.build());
        net.init();
        for (int l = 0; l < layers; l++) {
            int in = sizes[l];
            int out = l == layers - 1 ? lastOut : sizes[l + 1];
            int fullOut = sizes[l + 1];
            float[] wl = new float[in * out];
            for (int i = 0; i < in; i++) {
                for (int o = 0; o < out; o++) {
                    wl[i * out + o] = (float) weights[l][i * fullOut + o]; // a SAC head keeps the mean columns
                }
            }
            float[] bl = new float[out];
            for (int o = 0; o < out; o++) {
                bl[o] = (float) biases[l][o];
            }
            net.getLayer(l).setParam("W", Nd4j.create(wl, new long[] {in, out}, 'c'));
            net.getLayer(l).setParam("b", Nd4j.create(bl, new long[] {1, out}, 'c'));
        }
        return net;
    }

    /** Writes the policy as a DL4J model zip (no updater state) with its environment recorded inside. */
    public static void write(ActorPolicy policy, Path file, String source) {
        MultiLayerNetwork net = toNetwork(policy);
        JsonObject record = new JsonObject();
        record.addProperty("env", policy.env());
        record.addProperty("observationDim", policy.observationDim());
        record.addProperty("actionDim", policy.actionDim());
        record.addProperty("source", source);
        record.addProperty("input", "raw observations (normaliser folded into the first layer)");
        record.addProperty("output", "deterministic action in [-1, 1]");
        // written whole into a temporary file, then moved into place (no half-written zip after a kill)
        rrl.io.AtomicFiles.write(file, tmp -> {
            ModelSerializer.writeModel(net, tmp.toFile(), false);
            ModelSerializer.addObjectToFile(tmp.toFile(), RECORD_KEY, record.toString());
        });
    }

    /**
     * Reads a DL4J model zip as a policy for {@code task}: a stack of dense layers (ReLU, tanh or identity
     * hidden activations, one kind throughout) whose output is the action. Refuses files that are not DL4J
     * models, other architectures, and networks whose input or output width does not fit the task.
     */
    public static ActorPolicy read(Path file, Task task) {
        MultiLayerNetwork net = readNetwork(file);
        String recorded = recordedEnv(file.toFile());
        if (recorded != null && !recorded.equalsIgnoreCase(task.name())) {
            throw new IllegalArgumentException(file + " holds a policy for " + recorded + ", not " + task.name()
                    + "; use a model exported from a " + task.name() + " policy");
        }
        ActorPolicy p = fromNetwork(net, task.name());
        if (p.observationDim() != task.observationDim() || p.actionDim() != task.actionDim()) {
            throw new IllegalArgumentException(file + " maps " + p.observationDim() + " inputs to " + p.actionDim()
                    + " outputs but " + task.name() + " has observation " + task.observationDim() + ", action "
                    + task.actionDim());
        }
        return p;
    }

    /** The DL4J network in a model zip, or an error naming the file and how to make a valid one. */
    public static MultiLayerNetwork readNetwork(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no DL4J model at " + file);
        }
        try {
            return ModelSerializer.restoreMultiLayerNetwork(file.toFile(), false);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(file + " is not a DL4J MultiLayerNetwork zip (ModelSerializer): "
                    + e.getMessage() + ". Export one with `rrl policies export-dl4j` or ModelSerializer.writeModel.");
        }
    }

    /** The network as a deterministic policy with an identity normaliser (the network takes raw observations). */
    public static ActorPolicy fromNetwork(MultiLayerNetwork net, String env) {
        int n = net.getnLayers();
        List<Integer> sizes = new ArrayList<>();
        Activation hidden = null;
        Activation output = null;
        for (int l = 0; l < n; l++) {
            Layer conf = net.getLayerWiseConfigurations().getConf(l).getLayer();
            boolean last = l == n - 1;
            boolean dense = last ? conf instanceof OutputLayer || conf instanceof DenseLayer : conf instanceof DenseLayer;
            if (!dense) {
                throw new IllegalArgumentException("layer " + l + " is a " + conf.getClass().getSimpleName()
                        + "; only MLP policies (DenseLayer..., then OutputLayer or DenseLayer) can be imported");
            }
            FeedForwardLayer ff = (FeedForwardLayer) conf;
            if (l == 0) {
                sizes.add((int) ff.getNIn());
            }
            sizes.add((int) ff.getNOut());
            Activation a = ours(((BaseLayer) conf).getActivationFn(), l);
            if (last) {
                output = a;
            } else if (hidden == null) {
                hidden = a;
            } else if (hidden != a) {
                throw new IllegalArgumentException("layer " + l + " uses " + a + " but earlier layers use " + hidden
                        + "; an MLP policy has one hidden activation");
            }
        }
        int[] s = sizes.stream().mapToInt(Integer::intValue).toArray();
        Mlp mlp = new Mlp(s, hidden == null ? Activation.RELU : hidden, output);
        float[] w = new float[mlp.parameterCount()];
        int k = 0;
        for (int l = 0; l < n; l++) {
            int in = s[l];
            int out = s[l + 1];
            float[] wl = Nd4jArrays.rowMajorFloats(net.getLayer(l).getParam("W"), "layer " + l + " weights", out); // [in, out]
            INDArray bl = net.getLayer(l).getParam("b");
            if (bl == null) {
                throw new IllegalArgumentException("layer " + l + " has no bias; import needs dense layers with bias");
            }
            float[] b = Nd4jArrays.vectorFloats(bl, "layer " + l + " bias");
            for (int o = 0; o < out; o++) {
                for (int i = 0; i < in; i++) {
                    w[k++] = wl[i * out + o];
                }
            }
            for (int o = 0; o < out; o++) {
                w[k++] = b[o];
            }
        }
        mlp.importWeights(w);
        return new ActorPolicy(env, mlp, ObservationNormalizer.identity(s[0]), ActorPolicy.Head.DETERMINISTIC);
    }

    /**
     * Largest |policy action - network output| over the observations the policy visits in {@code steps} steps
     * on real MuJoCo (from {@code seed}): how far an exported network is from the policy it came from.
     */
    public static double maxDeviation(ActorPolicy policy, MultiLayerNetwork net, int steps, long seed) {
        Task task = rrl.env.Environments.task(policy.env());
        float[] visited = rrl.data.DatasetCollector.collect(task, policy, steps, 1, seed, null).observations();
        INDArray obs = Nd4jArrays.matrix(visited, steps, policy.observationDim());
        INDArray ours = PolicyArrays.act(policy, obs);
        INDArray theirs = net.output(obs).castTo(DataType.DOUBLE);
        Nd4jArrays.requireMatrix(theirs, "network output", policy.actionDim());
        return Transforms.abs(ours.sub(theirs)).maxNumber().doubleValue();
    }

    /** The environment recorded in a model zip written by {@link #write}, or null for other DL4J zips. */
    static String recordedEnv(File file) {
        try {
            String json = ModelSerializer.getObjectFromFile(file, RECORD_KEY);
            return new Gson().fromJson(json, JsonObject.class).get("env").getAsString();
        } catch (RuntimeException e) {
            return null; // a model from elsewhere: no record, dimensions are still checked
        }
    }

    /** x_norm = (x - m) / s, so W x_norm + b = (W / s) x + (b - W (m / s)); computed in double. */
    private static void foldNormalizer(ObservationNormalizer norm, double[] w, double[] b, int in, int out) {
        float[] mean = norm.mean();
        float[] std = norm.std();
        for (int i = 0; i < in; i++) {
            double scale = 1.0 / std[i];
            double shift = mean[i] / (double) std[i];
            for (int o = 0; o < out; o++) {
                double wio = w[i * out + o];
                b[o] -= wio * shift;
                w[i * out + o] = wio * scale;
            }
        }
    }

    private static IActivation dl4j(Activation a) {
        return switch (a) {
            case RELU -> new ActivationReLU();
            case TANH -> new ActivationTanH();
            case IDENTITY -> new ActivationIdentity();
        };
    }

    private static Activation ours(IActivation a, int layer) {
        if (a instanceof ActivationReLU) {
            return Activation.RELU;
        }
        if (a instanceof ActivationTanH) {
            return Activation.TANH;
        }
        if (a instanceof ActivationIdentity) {
            return Activation.IDENTITY;
        }
        throw new IllegalArgumentException("layer " + layer + " uses activation " + a
                + "; importable policies use ReLU, tanh or identity");
    }
}
