package rrl.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rrl.algo.IqlConfig;
import rrl.nn.LrSchedule;
import rrl.algo.Td3Config;
import rrl.data.D4rlDataset;
import rrl.data.DatasetCollector;
import rrl.env.Environments;
import rrl.policy.Policies;

/**
 * Learners x datasets x seeds become independent offline runs, one folder each; seeds differ, a second call reads
 * the finished runs back with the same curves, and IQL's cosine is fitted to the comparison's length.
 */
class OfflineComparisonTest {
    @TempDir
    Path tmp;

    @Test
    void everyLearnerDatasetAndSeedIsARunOfItsOwnAndResumes() {
        Map<String, D4rlDataset> data = new LinkedHashMap<>();
        data.put("random-a", DatasetCollector.collect(Environments.task("Hopper"), Policies.uniformRandom(2), 600, 2, 2, null));
        data.put("random-b", DatasetCollector.collect(Environments.task("Hopper"), Policies.uniformRandom(3), 600, 2, 3, null));
        OfflineComparison.Config c = new OfflineComparison.Config("Hopper",
                List.of(Td3Config.td3bc().withBatchSize(32), IqlConfig.defaults().withBatchSize(32)), 2, 7, 20, 10, 1);
        OfflineComparison.Result r = OfflineComparison.run(c, data, tmp, false);

        assertEquals(8, r.runs().size(), "2 datasets x 2 learners x 2 seeds");
        assertEquals(List.of("TD3+BC", "IQL"), r.learners());
        assertEquals(List.of("random-a", "random-b"), r.datasets());
        List<OfflineComparison.Run> iql = r.runs("random-b", "IQL");
        assertEquals(List.of(7L, 8L), iql.stream().map(OfflineComparison.Run::seed).toList());
        assertTrue(Files.exists(tmp.resolve("random-b/iql/seed-8/policy.ckpt")));
        assertTrue(Files.exists(tmp.resolve("random-a/td3bc/seed-7/config.json")));
        assertTrue(iql.get(0).result().curve().get(1).meanReturn() != iql.get(1).result().curve().get(1).meanReturn(),
                "two seeds are two independent runs");
        assertEquals(LrSchedule.cosine(20), ((IqlConfig) c.run(c.learners().get(1), 7).learner()).actorSchedule(),
                "IQL's actor decays over the comparison's updates");

        OfflineComparison.Result again = OfflineComparison.run(c, data, tmp, false);
        for (int i = 0; i < r.runs().size(); i++) {
            assertArrayEquals(r.runs().get(i).result().curve().stream().mapToDouble(OfflineTraining.EvalPoint::meanReturn).toArray(),
                    again.runs().get(i).result().curve().stream().mapToDouble(OfflineTraining.EvalPoint::meanReturn).toArray());
        }
    }

    @Test
    void badConfigsAreOneLineNamingTheProblem() {
        assertEquals("a comparison needs at least one learner", assertThrows(IllegalArgumentException.class,
                () -> new OfflineComparison.Config("Hopper", List.of(), 1, 0, 10, 5, 1)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new OfflineComparison.Config("Hopper",
                List.of(Td3Config.td3bc(), Td3Config.td3bc().withBcAlpha(1)), 1, 0, 10, 5, 1)).getMessage()
                .startsWith("two learners of one algorithm would share a label"));
        assertEquals("seeds, updates, evalEvery and evalEpisodes must be >= 1, got 0, 10, 5, 1",
                assertThrows(IllegalArgumentException.class, () -> new OfflineComparison.Config("Hopper",
                        List.of(Td3Config.td3bc()), 0, 0, 10, 5, 1)).getMessage());
        assertEquals("td3bc", OfflineComparison.folderName("TD3+BC"));
    }
}
