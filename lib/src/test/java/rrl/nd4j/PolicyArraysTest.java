package rrl.nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import rrl.policy.ActorPolicy;
import rrl.policy.ShippedPolicies;

class PolicyArraysTest {
    @Test
    void actingOnAnIndArrayEqualsActingOnFlatArrays() {
        ActorPolicy p = ShippedPolicies.load("Hopper", "td3bc-expert");
        double[] obs = Nd4jTestData.visitedObservations(p, "Hopper", 64, 3L);
        double[] expected = new double[64 * 3];
        p.act(obs, 64, expected);
        INDArray actions = PolicyArrays.act(p, Nd4jArrays.matrix(obs, 64, 11));
        assertArrayEquals(new long[] {64, 3}, actions.shape());
        assertArrayEquals(expected, actions.dup('c').data().asDouble(), 0.0);
    }

    @Test
    void wrongWidthAndNanAreRefusedWithTheirCause() {
        ActorPolicy p = ShippedPolicies.load("Hopper", "td3bc-expert");
        var e = assertThrows(IllegalArgumentException.class, () -> PolicyArrays.act(p, Nd4j.zeros(2, 17)));
        assertTrue(e.getMessage().contains("Hopper") && e.getMessage().contains("expected 11"), e.getMessage());
        INDArray nan = Nd4j.zeros(3, 11);
        nan.putScalar(2, 4, Double.NaN);
        var n = assertThrows(IllegalArgumentException.class, () -> PolicyArrays.act(p, nan));
        assertTrue(n.getMessage().contains("row 2 column 4 is NaN"), n.getMessage());
    }
}
