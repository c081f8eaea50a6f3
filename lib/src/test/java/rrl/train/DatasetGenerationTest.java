package rrl.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rrl.algo.SacConfig;
import rrl.data.D4rlDataset;
import rrl.data.DatasetCollector;
import rrl.env.Environments;
import rrl.policy.Policies;

class DatasetGenerationTest {
    @TempDir
    Path tmp;

    /** Rows of one episode are consecutive: next_observations[i] == observations[i+1] inside an episode. */
    @Test
    void collectedEpisodesAreContiguousAndFlagged() {
        D4rlDataset d = DatasetCollector.collect(Environments.task("Hopper"), Policies.uniformRandom(1), 2000, 4, 3, null);
        float[] o = d.observations();
        float[] n = d.nextObservations();
        boolean[] term = d.terminals();
        boolean[] to = d.timeouts();
        int boundaries = 0;
        for (int i = 0; i + 1 < d.size(); i++) {
            boolean end = term[i] || to[i];
            boolean continues = Arrays.equals(Arrays.copyOfRange(n, i * 11, i * 11 + 11), Arrays.copyOfRange(o, (i + 1) * 11, (i + 1) * 11 + 11));
            assertEquals(!end, continues, "row " + i);
            boundaries += end ? 1 : 0;
        }
        assertTrue(boundaries > 10, "random Hopper episodes are short; saw " + boundaries);
        // infos/qpos is the state the row's observation was taken in: obs = qpos[1:] ++ clip(qvel)
        float[] qpos = d.qpos();
        float[] qvel = d.qvel();
        for (int row : new int[] {0, 7, 500}) {
            assertEquals(qpos[row * 6 + 1], o[row * 11], 1e-6);
            assertEquals(Math.max(-10, Math.min(10, qvel[row * 6 + 4])), o[row * 11 + 5 + 4], 1e-6);
        }
    }

    @Test
    void generatesEveryKindFromAShortSacRun() throws Exception {
        Path run = tmp.resolve("run");
        SacConfig sac = SacConfig.defaults().withHidden(32, 32).withBatchSize(32).withStartSteps(400);
        List<OnlineTraining.EvalPoint> evals = OnlineTraining.run(
                OnlineTraining.Config.sac("Hopper", 3000, sac).withSchedule(200, 1000, 2, 1000, 0), run, false);
        Map<DatasetGeneration.Kind, Path> files = DatasetGeneration.generate(new DatasetGeneration.Config("Hopper", run,
                tmp.resolve("out"), List.of(DatasetGeneration.Kind.values()), 1500, 4, 0), false);
        assertEquals(5, files.size());
        D4rlDataset medium = D4rlDataset.read(files.get(DatasetGeneration.Kind.MEDIUM));
        D4rlDataset expert = D4rlDataset.read(files.get(DatasetGeneration.Kind.EXPERT));
        D4rlDataset me = D4rlDataset.read(files.get(DatasetGeneration.Kind.MEDIUM_EXPERT));
        D4rlDataset replay = D4rlDataset.read(files.get(DatasetGeneration.Kind.MEDIUM_REPLAY));
        assertEquals(1500, medium.size());
        assertEquals(3000, me.size());
        assertArrayEquals(Arrays.copyOf(me.observations(), 1500 * 11), medium.observations());
        assertArrayEquals(Arrays.copyOfRange(me.actions(), 1500 * 3, 3000 * 3), expert.actions());
        OnlineTraining.EvalPoint best = evals.stream().max((a, b) -> Double.compare(a.meanReturn(), b.meanReturn())).get();
        assertTrue(Files.readString(files.get(DatasetGeneration.Kind.EXPERT).resolveSibling("hopper-expert-rrl.json"))
                .contains(best.policyFile()));
        assertTrue(replay.size() > 0 && replay.size() <= 3000);
        // the replay's episode ends are terminals or reconstructed timeouts
        assertTrue(replay.qlearningView().count() > 0);

        // shipping: a completed run ships its best policy as expert, saying why
        Path shipped = tmp.resolve("shipped");
        DatasetGeneration.exportPolicies("Hopper", run, shipped, "test");
        assertTrue(Files.exists(shipped.resolve("expert.ckpt")) && Files.exists(shipped.resolve("medium.ckpt")));
        String record = Files.readString(shipped.resolve("record.json"));
        assertTrue(record.contains("run completed its 3000 planned steps"), record);
        // the same run planned for 1M steps is unfinished and far below REF_MAX: no expert, and no medium either
        rrl.checkpoint.Checkpoint ck = rrl.checkpoint.Checkpoint.read(run.resolve("training.ckpt"));
        ck.meta().getAsJsonObject("config").addProperty("steps", 1_000_000);
        ck.write(run.resolve("training.ckpt"));
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> DatasetGeneration.exportPolicies("Hopper", run, tmp.resolve("unfinished"), "test"));
        assertTrue(e.getMessage().contains("no policy near medium level yet"), e.getMessage());
        assertTrue(!Files.exists(tmp.resolve("unfinished").resolve("expert.ckpt")));
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> DatasetGeneration.generate(new DatasetGeneration.Config("Hopper", run, tmp.resolve("none"),
                        List.of(DatasetGeneration.Kind.MEDIUM_REPLAY), 1500, 4, 0), false)).getMessage()
                .contains("no policy near medium level yet"));

        // an unfinished run whose step-2000 policy returns about a third of REF_MAX (its recorded return raised to
        // 1100, as a run stopped past its medium level would have): medium and medium-replay, no expert
        for (com.google.gson.JsonElement x : ck.meta().getAsJsonArray("evals")) {
            if (x.getAsJsonObject().get("step").getAsLong() == 2000) {
                x.getAsJsonObject().addProperty("meanReturn", 1100.0);
            }
        }
        ck.write(run.resolve("training.ckpt"));
        Map<DatasetGeneration.Kind, Path> early = DatasetGeneration.generate(new DatasetGeneration.Config("Hopper", run,
                tmp.resolve("early"), List.of(DatasetGeneration.Kind.MEDIUM_REPLAY), 1500, 4, 0), false);
        D4rlDataset earlyReplay = D4rlDataset.read(early.get(DatasetGeneration.Kind.MEDIUM_REPLAY));
        assertEquals(2000, earlyReplay.size(), "the replay buffer up to the medium step");
        assertArrayEquals(Arrays.copyOf(replay.observations(), Math.min(replay.size(), 2000) * 11),
                Arrays.copyOf(earlyReplay.observations(), Math.min(replay.size(), 2000) * 11), "the same buffer's start");
        String earlyRecord = Files.readString(early.get(DatasetGeneration.Kind.MEDIUM_REPLAY).resolveSibling(
                "hopper-medium-replay-rrl.json"));
        assertTrue(earlyRecord.contains("\"replayUpToStep\": 2000") && earlyRecord.contains("\"mediumEvalReturn\": 1100.0"),
                earlyRecord);
        var noExpert = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> DatasetGeneration.generate(new DatasetGeneration.Config("Hopper", run, tmp.resolve("none"),
                        List.of(DatasetGeneration.Kind.MEDIUM, DatasetGeneration.Kind.MEDIUM_EXPERT), 1500, 4, 0), false));
        assertTrue(noExpert.getMessage().contains("has no expert yet (not yet: below 90% of REF_MAX")
                && noExpert.getMessage().contains("leave expert and medium-expert out of --kinds"), noExpert.getMessage());
    }
}
