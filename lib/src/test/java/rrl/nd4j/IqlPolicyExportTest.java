package rrl.nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rrl.algo.Iql;
import rrl.algo.IqlConfig;
import rrl.algo.Riql;
import rrl.algo.RiqlConfig;
import rrl.env.Environments;
import rrl.nn.ObservationNormalizer;
import rrl.policy.ActorPolicy;

/**
 * IQL's and RIQL's evaluation policies (the actor's tanh mean, with and without a normaliser) export to DL4J as
 * the same function, and a written policy checkpoint reads back acting the same.
 */
class IqlPolicyExportTest {
    private static ObservationNormalizer someNormalizer() {
        float[] mean = new float[11];
        float[] std = new float[11];
        for (int i = 0; i < 11; i++) {
            mean[i] = 0.1f * i;
            std[i] = 0.5f + 0.2f * i;
        }
        return new ObservationNormalizer(mean, std);
    }

    @Test
    void iqlAndRiqlPoliciesExportToTheSameFunction(@TempDir Path dir) {
        ActorPolicy iql = new Iql(11, 3, IqlConfig.defaults(), 4).policy("Hopper", ObservationNormalizer.identity(11));
        ActorPolicy riql = new Riql(11, 3, RiqlConfig.defaults(), 5).policy("Hopper", someNormalizer());
        for (ActorPolicy p : new ActorPolicy[] {iql, riql}) {
            assertTrue(Dl4jPolicyExport.maxDeviation(p, Dl4jPolicyExport.toNetwork(p), 300, 11L) < 1e-4, p.toString());
            Path zip = dir.resolve(p.hashCode() + ".zip");
            Dl4jPolicyExport.write(p, zip, "test");
            ActorPolicy back = Dl4jPolicyExport.read(zip, Environments.task("Hopper"));
            double[] obs = Nd4jTestData.visitedObservations(p, "Hopper", 100, 5L);
            double[] a = new double[300];
            double[] b = new double[300];
            p.act(obs, 100, a);
            back.act(obs, 100, b);
            assertArrayEquals(a, b, 1e-4);
            Path ckpt = dir.resolve(p.hashCode() + ".ckpt");
            p.save(ckpt, java.util.Map.of("algorithm", "IQL"));
            double[] c = new double[300];
            ActorPolicy.load(ckpt).act(obs, 100, c);
            assertArrayEquals(a, c);
        }
    }
}
