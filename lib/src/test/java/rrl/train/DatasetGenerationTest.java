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
import rrl.env.Task;
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

    @Test
    void aRunThatIsTheShippedRunCutShortTakesTheShippedMediumStep() throws Exception {
        Path run = tmp.resolve("run");
        SacConfig sac = SacConfig.defaults().withHidden(32, 32).withBatchSize(32).withStartSteps(400);
        OnlineTraining.run(OnlineTraining.Config.sac("Hopper", 3000, sac).withSchedule(200, 1000, 2, 1000, 0), run, false);
        // planned for 1M steps and far below REF_MAX: by its own evaluations the run has neither expert nor medium
        rrl.checkpoint.Checkpoint ck = rrl.checkpoint.Checkpoint.read(run.resolve("training.ckpt"));
        ck.meta().getAsJsonObject("config").addProperty("steps", 1_000_000);
        ck.write(run.resolve("training.ckpt"));
        Task hopper = rrl.env.Environments.task("Hopper");
        String curve = Files.readString(run.resolve("metrics.csv"));
        String config = Files.readString(run.resolve("config.json"));
        // the shipped run went on to step 5000, had its expert there, and its medium at step 1000
        String longer = curve.strip() + "\n4000,0,0,0,0,1.0,0,0\n5000,0,0,0,0,2.0,0,0\n";
        String record = "{\"trainedSteps\": 5000, \"medium\": {\"step\": 1000}, "
                + "\"expert\": {\"step\": 5000, \"shipped\": true}}";
        ShippedRun shipped = ShippedRun.parse("Hopper", record, longer, config, "test/");

        DatasetGeneration.BehaviourPolicies of = DatasetGeneration.BehaviourPolicies.of(hopper, run,
                java.util.Optional.of(shipped));
        assertEquals(1000, of.medium().step());
        assertTrue(!of.expertReached() && of.criterion().equals("not yet: the shipped run's expert is at step 5000"),
                of.criterion());
        assertEquals("the shipped run's medium step", of.mediumRule());
        assertTrue(of.ruleDetail().contains("equal test/training-config.json and training-curve.csv up to step 3000"),
                of.ruleDetail());
        // past the shipped expert's step that step's policy is the expert
        ShippedRun expertAt3000 = ShippedRun.parse("Hopper", record.replace("\"step\": 5000", "\"step\": 3000"), longer,
                config, "t/");
        var past = DatasetGeneration.BehaviourPolicies.of(hopper, run, java.util.Optional.of(expertAt3000));
        assertTrue(past.expertReached() && past.best().step() == 3000, past.criterion());

        // compared where the grids meet: a shipped curve evaluated every 2,000 steps (the run: every 1,000) still
        // recognises the run, and takes the medium's return from the curve where the run saved no policy there
        StringBuilder sparse = new StringBuilder();
        int ret = java.util.List.of(curve.lines().findFirst().orElseThrow().split(",")).indexOf("return_mean");
        for (String line : longer.strip().split("\n")) {
            String[] f = line.split(",", -1);
            boolean oddEval = !f[0].equals("step") && !f[ret].equals("NaN") && !f[ret].isEmpty()
                    && Long.parseLong(f[0]) % 2000 != 0;
            if (!oddEval) {
                sparse.append(line).append('\n');
            }
        }
        var grid = DatasetGeneration.BehaviourPolicies.of(hopper, run, java.util.Optional.of(ShippedRun.parse("Hopper",
                record.replace("\"step\": 1000", "\"step\": 2000"), sparse.toString(), config, "test/")));
        assertEquals(2000, grid.medium().step());

        // one evaluation a bit off: another run; its own rule refuses it as before
        String[] lines = curve.strip().split("\n");
        StringBuilder off = new StringBuilder(lines[0]);
        boolean changed = false;
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split(",", -1);
            if (!changed && !f[ret].isEmpty() && !f[ret].equals("NaN")) {
                f[ret] = Double.toString(Math.nextUp(Double.parseDouble(f[ret])));
                changed = true;
            }
            off.append('\n').append(String.join(",", f));
        }
        assertTrue(changed);
        var other = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () ->
                DatasetGeneration.BehaviourPolicies.of(hopper, run, java.util.Optional.of(
                        ShippedRun.parse("Hopper", record, off.toString(), config, "test/"))));
        assertTrue(other.getMessage().contains("no policy near medium level yet"), other.getMessage());
        // the same numbers so far but another training setting (a batch size): not the shipped run
        String otherBatch = config.replace("\"batchSize\": 32", "\"batchSize\": 64");
        assertTrue(!otherBatch.equals(config), config);
        ShippedRun batch = ShippedRun.parse("Hopper", record, longer, otherBatch, "test/");
        assertEquals(java.util.Optional.of("batchSize: 32 vs 64"), batch.configDifference(ck.meta().getAsJsonObject("config")));
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () ->
                DatasetGeneration.BehaviourPolicies.of(hopper, run, java.util.Optional.of(batch))).getMessage()
                .contains("no policy near medium level yet"));
        // a shipped record without an expert (its medium the policy closest to a third of REF_MAX): its medium, no
        // expert, even where the run's own planned steps are done (the shipped run planned more)
        ck.meta().getAsJsonObject("config").addProperty("steps", 3000);
        ck.write(run.resolve("training.ckpt"));
        var noExpert = DatasetGeneration.BehaviourPolicies.of(hopper, run, java.util.Optional.of(ShippedRun.parse("Hopper",
                "{\"trainedSteps\": 5000, \"medium\": {\"step\": 2000}, \"bestSoFar\": {\"step\": 5000}}",
                longer, config, "test/")));
        assertTrue(noExpert.medium().step() == 2000 && !noExpert.expertReached(), noExpert.criterion());
        assertTrue(noExpert.ruleDetail().endsWith("a third of D4RL's REF_MAX (it has no expert yet)"), noExpert.ruleDetail());
        // a record that says how its medium was chosen is quoted (Walker2d's and Ant's kept their REF_MAX-based medium
        // when their experts shipped)
        var kept = DatasetGeneration.BehaviourPolicies.of(hopper, run, java.util.Optional.of(ShippedRun.parse("Hopper",
                "{\"trainedSteps\": 5000, \"medium\": {\"step\": 2000, \"rule\": \"the policy closest to a third of "
                        + "D4RL's REF_MAX, shipped before the run had an expert; kept\"}, \"expert\": {\"step\": 5000}}",
                longer, config, "test/")));
        assertTrue(kept.ruleDetail().endsWith("its medium is the policy closest to a third of D4RL's REF_MAX, shipped "
                + "before the run had an expert; kept"), kept.ruleDetail());
        assertEquals(2000, kept.medium().step());
        // unless the run completed what the shipped run planned (its steps, and at least the steps its curve lists):
        // D4RL's expert is SAC trained to completion, the best evaluated policy
        var done = DatasetGeneration.BehaviourPolicies.of(hopper, run, java.util.Optional.of(ShippedRun.parse("Hopper",
                "{\"trainedSteps\": 3000, \"medium\": {\"step\": 2000}, \"bestSoFar\": {\"step\": 3000}}", curve,
                config, "test/")));
        assertTrue(done.expertReached() && done.medium().step() == 2000
                && done.criterion().equals("run completed its 3000 planned steps (D4RL: SAC trained to completion)"),
                done.criterion());
        // without the shipped record, the same run counts as completed and takes its best policy as expert
        assertTrue(DatasetGeneration.BehaviourPolicies.of(hopper, run, java.util.Optional.empty()).expertReached());
        ck.meta().getAsJsonObject("config").addProperty("steps", 1_000_000);
        ck.write(run.resolve("training.ckpt"));
        // the shipped medium lies ahead of the run: one line saying how far to train
        var early = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () ->
                DatasetGeneration.BehaviourPolicies.of(hopper, run, java.util.Optional.of(ShippedRun.parse("Hopper",
                        record.replace("\"step\": 1000", "\"step\": 4000"), longer, config, "test/"))));
        assertTrue(early.getMessage().contains("whose medium is at step 4000; train it to there (`--train-steps 4000` here"),
                early.getMessage());
        // the real shipped records parse, and the library's own Hopper curve is not this run's
        for (String env : new String[] {"Hopper", "HalfCheetah", "Walker2d", "Ant"}) {
            ShippedRun real = ShippedRun.of(rrl.env.Environments.task(env)).orElseThrow();
            assertTrue(real.returns().containsKey(real.mediumStep()), env);
            assertEquals(env.equals("Walker2d") || env.equals("Ant"), real.mediumRule() != null,
                    env + ": the records that kept a medium chosen before their expert say so");
            assertEquals(rrl.policy.ShippedPolicies.names(env).contains("expert"), real.expertStep() > 0,
                    env + ": the record ships an expert exactly when expert.ckpt is shipped");
            assertTrue(real.isPrefix(real.returns().entrySet().stream().filter(x -> x.getKey() <= real.mediumStep())
                    .map(x -> new OnlineTraining.EvalPoint(x.getKey(), x.getValue(), 0, 0, 0, "p")).toList()), env);
            assertTrue(!real.isPrefix(DatasetGeneration.evaluations(run)), env);
            assertTrue(real.configDifference(rrl.io.StrictJson.parse(config).getAsJsonObject().getAsJsonObject("config"))
                    .isPresent(), env + ": the test run's settings are not the shipped run's");
        }
        // from the shipped policies, the records carry the shipped steps and returns
        Path fromShipped = DatasetGeneration.generate(new DatasetGeneration.Config("Hopper", null, tmp.resolve("shipped"),
                List.of(DatasetGeneration.Kind.MEDIUM), 300, 2, 0), false).get(DatasetGeneration.Kind.MEDIUM);
        String rec = Files.readString(fromShipped.resolveSibling("hopper-medium-rrl.json"));
        assertTrue(rec.contains("\"policyStep\": 140000") && rec.contains("\"policyEvalReturn\": 1100.305979455357")
                && rec.contains("\"mediumRule\": \"the shipped medium policy\""), rec);
    }
}
