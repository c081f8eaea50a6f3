package rrl.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rrl.experiment.FineTuningStudy;
import rrl.experiment.RunSpec;
import rrl.results.Resources;
import rrl.stats.Verdict;

/**
 * Issue 21, item 3 (dataset quality for fine-tuning): a plan's {@code "data"} regenerates pi_off's data of that D4RL
 * kind per seed, expert data is what a plan without the field always had (same run ids), and one study per kind in a
 * parent folder is read back as a start-data comparison with claims DQ1-DQ2.
 */
class StartDataClaimsTest {
    @TempDir
    static Path tmp;

    static Path parent;
    static FineTuningStudy.Plan base;

    @BeforeAll
    static void runTwoStarts() {
        parent = tmp.resolve("start-data");
        base = FineTuningStudy.Plan.defaults("Hopper").withRuns("adversarial-fixed")
                .withSteps(200).withEvalEvery(200).withEvalEpisodes(2).withCheckpointEvery(200)
                .withDatasetSize(1500).withAttackGenerations(1).withAttackPopulation(4).withAttackEpisodes(1)
                .withSeeds(0L, 1L).withPiOffTrainedPerSeed(200);
        for (String kind : List.of("expert", "random")) {
            FineTuningStudy.run(base.withData(kind).withOut(parent.resolve(kind).toString()), new Resources(2, tmp), 2,
                    false);
        }
    }

    @Test
    void theSetupTrainsPiOffOnDataOfThePlansKind() throws IOException {
        Path setup = parent.resolve("random/setup-s1");
        assertTrue(Files.exists(setup.resolve("hopper-random-rrl.hdf5")));
        var record = JsonParser.parseString(Files.readString(setup.resolve("hopper-random-rrl.json"))).getAsJsonObject();
        assertEquals("random", record.get("kind").getAsString());
        assertEquals(1, record.get("seed").getAsLong(), "the seed fans out to the data");
        assertTrue(Files.exists(parent.resolve("expert/setup-s0/offline-expert-1500-s0.hdf5")),
                "expert data is regenerated as before the field existed");
    }

    @Test
    void expertIsTheDefaultAndKeepsTheRunIds() {
        Path dir = tmp.resolve("ids");
        List<String> without = FineTuningStudy.phases(base.withOut(dir.toString()), dir).stream()
                .flatMap(s -> s.runs().stream()).map(s -> s.id().value()).toList();
        List<String> expert = FineTuningStudy.phases(base.withData("expert").withOut(dir.toString()), dir).stream()
                .flatMap(s -> s.runs().stream()).map(s -> s.id().value()).toList();
        List<String> random = FineTuningStudy.phases(base.withData("random").withOut(dir.toString()), dir).stream()
                .flatMap(s -> s.runs().stream()).map(RunSpec::id).map(x -> x.value()).toList();
        assertEquals(without, expert);
        assertFalse(without.get(0).equals(random.get(0)), "another start is another setup");
        assertEquals("expert", base.dataKind());
    }

    @Test
    void theComparisonOrdersStartsByQualityAndTestsEachAgainstExpert() {
        assertTrue(StartDataClaims.isComparison(parent));
        Map<String, FineTuningStudy.Results> starts = StartDataClaims.load(parent);
        assertEquals(List.of("random", "expert"), List.copyOf(starts.keySet()));
        assertEquals(2, StartDataClaims.table(starts).rowCount());
        List<Verdict> v = StartDataClaims.verdicts(starts);
        assertEquals(List.of(StartDataClaims.DQ1, StartDataClaims.DQ2), v.stream().map(x -> x.test().claim()).toList());
        assertEquals(2, v.get(0).nA());
        // the gain per step is (final own worst case - pi_off's worst case) / (steps / 1000)
        FineTuningStudy.Results random = starts.get("random");
        double[] gain = StartDataClaims.gainPerThousandSteps(random, "adversarial-fixed");
        double[] end = StartDataClaims.finalWorst(random, "adversarial-fixed");
        double[] start = StartDataClaims.piOffWorst(random, "adversarial-fixed");
        assertEquals((end[1] - start[1]) / 0.2, gain[1], 1e-9);
        String words = StartDataClaims.summary(starts, v);
        assertTrue(words.startsWith("After 200 fine-tuning steps the "), words);
        assertTrue(words.contains("DQ1 (") && words.contains("for the random start"), words);
        assertEquals(2, StartDataClaims.curves(starts, "adversarial").getSeriesMap().keySet().stream()
                .filter(k -> k.endsWith("(2 seeds)")).count());
    }

    @Test
    void studiesThatDifferInMoreThanTheirDataAreRefused() throws IOException {
        Path mixed = tmp.resolve("mixed");
        Files.createDirectories(mixed);
        for (String kind : List.of("expert", "random")) {
            Path d = mixed.resolve(kind);
            Files.createDirectories(d);
            Files.copy(parent.resolve(kind).resolve("plan.json"), d.resolve("plan.json"));
        }
        Path p = mixed.resolve("random/plan.json");
        String plan = Files.readString(p);
        Files.writeString(p, plan.replace("\"steps\": 200", "\"steps\": 800"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StartDataClaims.load(mixed));
        assertTrue(e.getMessage().contains("differs from") && e.getMessage().contains("steps (200 -> 800)")
                && e.getMessage().contains("changes the data alone"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        // every field but the data's counts: a stronger attack or another batch mix on one start skews its worst case
        Files.writeString(p, plan.replaceAll("\"attackGenerations\": 1\\b", "\"attackGenerations\": 30")
                .replaceAll("\"offlineFraction\": [0-9.]+", "\"offlineFraction\": 0.5"));
        IllegalArgumentException attack = assertThrows(IllegalArgumentException.class, () -> StartDataClaims.load(mixed));
        assertTrue(attack.getMessage().contains("attackGenerations (") && attack.getMessage().contains("offlineFraction ("),
                attack.getMessage());
        // a shared pi_off was trained on other data than the start's
        Files.writeString(p, plan.replace("\"train:td3bc\"", "\"shipped:td3bc-expert\"").replaceAll(
                "\"pretrainSteps\": \\d+,", ""));
        IllegalArgumentException shared = assertThrows(IllegalArgumentException.class, () -> StartDataClaims.load(mixed));
        assertTrue(shared.getMessage().contains("starts from the given pi_off shipped:td3bc-expert")
                && shared.getMessage().contains("give that study's folder as --study"), shared.getMessage());
        assertThrows(IllegalArgumentException.class, () -> StartDataClaims.load(tmp.resolve("ids-none")));
    }

    @Test
    void unfinishedStartsAndStartsWithoutReAttacksAreRefused() throws IOException {
        Path copy = rrl.io.TestFolders.copy(parent, tmp.resolve("one-unfinished"));
        // a re-attack of the random start without its result: that start is unfinished
        Files.delete(copy.resolve("random/reattack-adversarial-fixed-s1/result.json"));
        IllegalArgumentException unfinished = assertThrows(IllegalArgumentException.class, () -> StartDataClaims.load(copy));
        assertTrue(unfinished.getMessage().contains("1 run of the random start has not finished")
                && unfinished.getMessage().contains("rrl sweep run --plan"), unfinished.getMessage());
        assertFalse(unfinished.getMessage().contains("\n"));
        // without re-attacks every start would show n = 0: refused before any run folder is read
        Path p = copy.resolve("expert/plan.json");
        Files.writeString(p, Files.readString(p).replaceFirst("\\{", "{\n  \"reAttacks\": false,"));
        IllegalArgumentException off = assertThrows(IllegalArgumentException.class, () -> StartDataClaims.load(copy));
        assertTrue(off.getMessage().contains("turns \"reAttacks\" off"), off.getMessage());
    }

    @Test
    void badDataKindsGetOneLine() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> base.withData("good"));
        assertTrue(unknown.getMessage().contains("\"data\": unknown dataset kind 'good'; known: random, medium"),
                unknown.getMessage());
        IllegalArgumentException replay = assertThrows(IllegalArgumentException.class, () -> base.withData("medium-replay"));
        assertTrue(replay.getMessage().contains("give the file as \"dataset\""), replay.getMessage());
        IllegalArgumentException file = assertThrows(IllegalArgumentException.class, () -> FineTuningStudy.Plan.parse(
                "{\"env\": \"Hopper\", \"dataset\": \"x.hdf5\", \"data\": \"medium\"}", "plan p"));
        assertTrue(file.getMessage().startsWith("plan p: \"data\": \"medium\" names regenerated data, but the plan gives "
                + "the file x.hdf5"), file.getMessage());
    }
}
