package rrl.nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import rrl.policy.ActorPolicy;
import rrl.policy.ShippedPolicies;
import rrl.env.Environments;

class Dl4jPolicyExportTest {
    @Test
    void td3bcPolicyWithNormaliserExportsToTheSameFunction() {
        ActorPolicy p = ShippedPolicies.load("Hopper", "td3bc-expert"); // normalised inputs, tanh output
        assertTrue(Dl4jPolicyExport.maxDeviation(p, Dl4jPolicyExport.toNetwork(p), 300, 11L) < 1e-4);
    }

    /** PPO's observation clip and action clip are not affine: refused in one line instead of exported wrong. */
    @Test
    void ppoPolicyIsRefusedNamingWhy() {
        rrl.algo.Ppo ppo = new rrl.algo.Ppo(11, 3, rrl.algo.PpoConfig.defaults(), 1);
        rrl.nn.RunningMeanStd stats = new rrl.nn.RunningMeanStd(11);
        ActorPolicy p = ppo.policy("Hopper", stats.normalizer(1e-8, 10));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Dl4jPolicyExport.toNetwork(p));
        assertTrue(e.getMessage().startsWith("a PPO policy cannot be exported to DL4J"), e.getMessage());
    }

    @Test
    void sacPolicyExportsItsMeanHeadUnderTanh() {
        ActorPolicy p = ShippedPolicies.load("HalfCheetah", "medium"); // Gaussian head: 12 outputs, action = tanh(mean)
        MultiLayerNetwork net = Dl4jPolicyExport.toNetwork(p);
        assertEquals(6, net.getLayer(net.getnLayers() - 1).getParam("W").size(1));
        assertTrue(Dl4jPolicyExport.maxDeviation(p, net, 300, 11L) < 1e-4);
    }

    @Test
    void writtenZipReadsBackAsTheSamePolicyAndRefusesOtherTasks(@TempDir Path dir) {
        ActorPolicy p = ShippedPolicies.load("Hopper", "td3bc-expert");
        Path zip = dir.resolve("hopper-td3bc.zip");
        Dl4jPolicyExport.write(p, zip, "shipped:td3bc-expert");
        ActorPolicy back = Dl4jPolicyExport.read(zip, Environments.task("Hopper"));
        double[] obs = Nd4jTestData.visitedObservations(p, "Hopper", 200, 5L);
        double[] a = new double[200 * 3];
        double[] b = new double[200 * 3];
        p.act(obs, 200, a);
        back.act(obs, 200, b);
        assertArrayEquals(a, b, 1e-4);
        // the policy reference accepted by rrl attack / evaluate takes the zip too
        ActorPolicy viaResolve = rrl.experiment.PolicyRef.parse(zip.toString()).load(Environments.task("Hopper"));
        assertEquals(back.network().parameterCount(), viaResolve.network().parameterCount());

        var e = assertThrows(IllegalArgumentException.class,
                () -> Dl4jPolicyExport.read(zip, Environments.task("Walker2d")));
        assertTrue(e.getMessage().contains("for Hopper, not Walker2d"), e.getMessage());
    }

    @Test
    void foreignFilesAndArchitecturesAreRefused(@TempDir Path dir) throws Exception {
        Path junk = dir.resolve("junk.zip");
        Files.writeString(junk, "not a model");
        var e = assertThrows(IllegalArgumentException.class,
                () -> Dl4jPolicyExport.read(junk, Environments.task("Hopper")));
        assertTrue(e.getMessage().contains("is not a DL4J MultiLayerNetwork zip"), e.getMessage());

        MultiLayerNetwork sigmoid = denseNet(11, Activation.SIGMOID, 3);
        Path foreign = dir.resolve("sigmoid.zip");
        ModelSerializer.writeModel(sigmoid, foreign.toFile(), false);
        var s = assertThrows(IllegalArgumentException.class,
                () -> Dl4jPolicyExport.read(foreign, Environments.task("Hopper")));
        assertTrue(s.getMessage().contains("layer 0 uses activation"), s.getMessage());

        MultiLayerNetwork wide = denseNet(17, Activation.RELU, 6);
        Path cheetah = dir.resolve("cheetah-shaped.zip");
        ModelSerializer.writeModel(wide, cheetah.toFile(), false);
        var w = assertThrows(IllegalArgumentException.class,
                () -> Dl4jPolicyExport.read(cheetah, Environments.task("Hopper")));
        assertTrue(w.getMessage().contains("maps 17 inputs to 6 outputs"), w.getMessage());
        // a DL4J network made elsewhere with the right shape is accepted and acts like its DL4J self
        ActorPolicy imported = Dl4jPolicyExport.read(cheetah, Environments.task("HalfCheetah"));
        assertTrue(Dl4jPolicyExport.maxDeviation(imported, wide, 300, 11L) < 1e-5);
    }

    /** A DL4J network made the usual DL4J way: in -> 8 (hidden activation) -> out (tanh). */
    private static MultiLayerNetwork denseNet(int in, Activation hidden, int out) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
                .layer(new DenseLayer.Builder().nIn(in).nOut(8).activation(hidden).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(8).nOut(out)
                        .activation(Activation.TANH).build())
                .build());
        net.init();
        return net;
    }
}
