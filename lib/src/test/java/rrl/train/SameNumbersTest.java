package rrl.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rrl.algo.SacConfig;
import rrl.algo.Td3Config;
import rrl.data.D4rlDataset;
import rrl.data.DatasetCollector;
import rrl.env.Environments;
import rrl.policy.Policies;

/**
 * The shared training loop reproduces, to the last bit, the evaluation returns that the three hand-written
 * loops it replaced produced for the same small runs (numbers recorded from commit db36c26, before the
 * restructure, with these exact configs). A change of random-stream order or of update order fails here.
 * The kernels pad to the Vector API's species, so the recorded bits hold for 16-float vectors (AVX-512, the
 * machines this project runs on); elsewhere the test is skipped rather than loosened, since returns of short
 * RL runs amplify last-bit differences.
 */
class SameNumbersTest {
    @org.junit.jupiter.api.BeforeEach
    void recordedOnSixteenLanes() {
        org.junit.jupiter.api.Assumptions.assumeTrue(jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length() == 16,
                "numbers recorded with 16-float vectors");
    }

    @TempDir
    Path tmp;

    @Test
    void onlineSacAndTd3() {
        SacConfig sac = SacConfig.defaults().withHidden(32, 32).withBatchSize(32).withStartSteps(400);
        List<OnlineTraining.EvalPoint> s = OnlineTraining.run(OnlineTraining.Config.sac("Hopper", 3000, sac)
                .withSchedule(200, 1000, 2, 500, 5), tmp.resolve("sac"), false);
        assertEquals(List.of(20.75797051703553, 47.46187974380822, 41.62403652050232),
                s.stream().map(OnlineTraining.EvalPoint::meanReturn).toList());
        Td3Config td3 = Td3Config.td3().withHidden(32, 32).withBatchSize(32).withStartSteps(400);
        List<OnlineTraining.EvalPoint> t = OnlineTraining.run(OnlineTraining.Config.td3("Hopper", 2500, td3)
                .withSchedule(200, 1000, 2, 500, 4), tmp.resolve("td3"), false);
        assertEquals(List.of(5.683448725644347, 39.47453550292975, 38.75318099929426),
                t.stream().map(OnlineTraining.EvalPoint::meanReturn).toList());
    }

    @Test
    void offlineTd3Bc() {
        D4rlDataset data = DatasetCollector.collect(Environments.task("Hopper"), Policies.uniformRandom(2), 3000, 4, 2, null);
        OfflineTraining.Result r = OfflineTraining.run(data, OfflineTraining.Config.td3bc("Hopper", 600, 200, 2, 4,
                Td3Config.td3bc().withHidden(32, 32).withBatchSize(32)), tmp.resolve("bc"), false);
        assertEquals(List.of(10.730865162565227, 115.23404522625916, 56.65283363823198),
                r.curve().stream().map(OfflineTraining.EvalPoint::meanReturn).toList());
    }
}
