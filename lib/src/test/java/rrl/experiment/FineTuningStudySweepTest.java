package rrl.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rrl.finetune.FineTuningConfig;
import rrl.results.Resources;

/** The fine-tuning study as a sweep: slots, resuming, identities and the plan's single eps. */
class FineTuningStudySweepTest {
    @TempDir
    Path tmp;

    private static FineTuningStudy.Plan tiny(Path out) {
        return FineTuningStudy.Plan.defaults("Hopper")
                .withRuns("adversarial-fixed")
                .withSteps(200).withEvalEvery(200).withEvalEpisodes(2).withCheckpointEvery(100)
                .withDatasetSize(2000).withAttackGenerations(1).withAttackPopulation(6).withAttackEpisodes(1)
                .withEps(0.2).withSeeds(0L, 1L).withOut(out.toString());
    }

    @Test
    void twoSlotsGiveTheSameBytesAsOneAndARerunRecomputesNothing() throws IOException {
        FineTuningStudy.Plan a = tiny(tmp.resolve("one"));
        FineTuningStudy.Plan b = tiny(tmp.resolve("two"));
        FineTuningStudy.Results one = FineTuningStudy.run(a, new Resources(2, tmp), 1, false);
        FineTuningStudy.Results two = FineTuningStudy.run(b, new Resources(2, tmp), 2, false);
        assertEquals(one.runs(), two.runs());
        assertEquals(one.offlineOnly(), two.offlineOnly());
        for (String run : List.of("adversarial-fixed-s0", "adversarial-fixed-s1", "offline-only-s0", "offline-only-s1")) {
            assertArrayEquals(Files.readAllBytes(tmp.resolve("one").resolve(run).resolve("metrics.csv")),
                    Files.readAllBytes(tmp.resolve("two").resolve(run).resolve("metrics.csv")), run);
            JsonObject p1 = provenance(tmp.resolve("one").resolve(run));
            JsonObject p2 = provenance(tmp.resolve("two").resolve(run));
            assertEquals(p1.get("runId"), p2.get("runId"), "same run, wherever and however it ran");
            assertEquals(run, p1.get("name").getAsString());
            assertEquals(2, p1.get("threads").getAsInt());
            assertEquals(1, p2.get("threads").getAsInt());
            assertTrue(p1.has("mujoco") && p1.has("gitCommit") && p1.has("vectorSpeciesLength"));
        }
        assertEquals(1, one.runs().get("adversarial-fixed").get(1L).size());
        // The shared setup is a run too: the study folder records it, and its attack used the plan's eps.
        assertEquals("fine-tuning-setup", provenance(tmp.resolve("one")).getAsJsonObject("runId").get("kind").getAsString());
        JsonObject attack = JsonParser.parseString(Files.readString(tmp.resolve("one/attack-pi-off/config.json")))
                .getAsJsonObject();
        assertEquals(0.2, attack.get("eps").getAsDouble());
        assertEquals(0.2, attack.getAsJsonObject("attack").get("eps").getAsDouble());
        assertEquals(0.2, provenance(tmp.resolve("one/adversarial-fixed-s1")).getAsJsonObject("config")
                .getAsJsonObject("run").get("eps").getAsDouble());

        // Rerun: every run is handed back from its result.json, nothing recomputed (metrics untouched).
        Path m = tmp.resolve("one/adversarial-fixed-s1/metrics.csv");
        long stamp = Files.getLastModifiedTime(m).toMillis();
        LocalExecutor ex = new LocalExecutor(RunKinds.standard(), 2, 1, false);
        List<RunResult> rows = FineTuningStudy.sweep(a, tmp.resolve("one")).execute(ex);
        assertEquals(4, rows.size());
        assertTrue(rows.stream().allMatch(r -> r.ok() && r.reused()), rows.toString());
        assertEquals(stamp, Files.getLastModifiedTime(m).toMillis());
        assertEquals(one.runs(), FineTuningStudy.run(a, new Resources(2, tmp), 2, false).runs());
        assertEquals(one.runs(), FineTuningStudy.load(tmp.resolve("one")).runs());
        // a seed's policies for further evaluation: the shared pi_off (shipped), then each finished run's final policy
        var policies = FineTuningStudy.policies(a, tmp.resolve("one"), 1);
        assertEquals(List.of("pi_off", "adversarial-fixed"), List.copyOf(policies.keySet()));
        assertEquals(rrl.policy.ActorPolicy.load(tmp.resolve("one/adversarial-fixed-s1/policy.ckpt"),
                rrl.env.Environments.task("Hopper")).toString(), policies.get("adversarial-fixed").toString());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FineTuningStudy.policies(a, tmp.resolve("one"), 7))
                .getMessage().contains("seed 7 is not one of the plan's [0, 1]"));

        // Another study in the same folder is refused before any work or write, naming the plan field that differs,
        // and its plan.json is left as it was (a report of the folder still states the settings its runs had).
        String planBefore = Files.readString(tmp.resolve("one/plan.json"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FineTuningStudy.run(a.withEps(0.25), new Resources(2, tmp), 1, false));
        assertTrue(e.getMessage().contains("holds another study") && e.getMessage().contains("eps (0.2 -> 0.25)"),
                e.getMessage());
        assertEquals(planBefore, Files.readString(tmp.resolve("one/plan.json")));
        // Below the study level the same-run rule still guards every run folder.
        List<RunResult> other = FineTuningStudy.sweep(a.withEps(0.25), tmp.resolve("one")).execute(ex);
        assertTrue(other.stream().noneMatch(RunResult::ok), other.toString());
        assertTrue(other.get(0).error().contains("belongs to run"), other.get(0).error());
    }

    private static JsonObject provenance(Path dir) throws IOException {
        return JsonParser.parseString(Files.readString(dir.resolve("provenance.json"))).getAsJsonObject();
    }

    @Test
    void thePlansEpsIsTheAttacksAndEveryRunsAndIsPartOfTheirIds() {
        FineTuningStudy.Plan p = FineTuningStudy.Plan.defaults("Hopper").withEps(0.2).withSeeds(0L, 1L, 2L);
        assertEquals(0.2, p.attack().eps());
        assertEquals(0.2, p.setup().attack().eps());
        for (FineTuningStudy.Run r : p.runs()) {
            for (long s : p.seeds()) {
                FineTuningConfig c = p.config(r, s);
                assertEquals(0.2, c.eps(), r.name());
                assertEquals(s, c.seed());
            }
        }
        assertEquals(0.3, FineTuningStudy.Plan.defaults("Hopper").eps());
        assertEquals(0.5, FineTuningStudy.Plan.defaults("Ant").eps());
        // Same plan, same ids; another eps, other ids; the folder does not enter the ids.
        List<RunSpec> x = FineTuningStudy.sweep(p, tmp.resolve("a")).runs();
        List<RunSpec> y = FineTuningStudy.sweep(p.withOut("elsewhere"), tmp.resolve("b")).runs();
        List<RunSpec> z = FineTuningStudy.sweep(p.withEps(0.25), tmp.resolve("a")).runs();
        assertEquals(x.stream().map(RunSpec::id).toList(), y.stream().map(RunSpec::id).toList());
        for (int i = 0; i < x.size(); i++) {
            assertNotEquals(x.get(i).id(), z.get(i).id());
        }
        assertEquals(3 + 6 * 3, x.size());
        // Withers check their input with one line naming the fix.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.withSteps(0));
        assertEquals("plan: \"steps\" must be an integer >= 1, got 0 (leave it out for its default)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> p.withRuns("adversarial-cosine"));
        assertTrue(e.getMessage().startsWith("no paper-1 run named 'adversarial-cosine'; choose from normal, random-fixed"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> p.withEps(0));
    }

    @Test
    void plansReadFromJsonTakeEpsOrItsDefault() {
        FineTuningStudy.Plan withEps = FineTuningStudy.Plan.parse("{\"env\": \"Hopper\", \"eps\": 0.2}", "test plan");
        assertEquals(0.2, withEps.eps());
        assertEquals(0.2, withEps.attack().eps());
        FineTuningStudy.Plan without = FineTuningStudy.Plan.parse("{\"env\": \"ant\"}", "test plan");
        assertEquals(0.5, without.eps());
        assertEquals("Ant", without.env());
        assertEquals(FineTuningStudy.PAPER_RUNS, without.runs());
    }

    /**
     * The shared setup pins pi_off's policy file and the dataset by their content: the same names with other contents
     * are refused on the old study folder, naming the field and both hashes; the original contents resume it.
     */
    @Test
    void aChangedPolicyOrDatasetUnderTheSameNameIsRefusedNamingBothHashes() throws IOException {
        Path pi = tmp.resolve("pi-off");
        Files.createDirectories(pi);
        byte[] policy = rrl.policy.ShippedPolicies.bytes("Hopper", "td3bc-expert");
        Files.write(pi.resolve("policy.ckpt"), policy);
        try (java.io.InputStream in = getClass().getClassLoader()
                .getResourceAsStream("rrl/policies/hopper/td3bc-expert-learner.ckpt")) {
            Files.write(pi.resolve("training.ckpt"), in.readAllBytes());
        }
        Path data = tmp.resolve("offline.hdf5");
        dataset(1).write(data);
        FineTuningStudy.Plan plan = tiny(tmp.resolve("study")).withSeeds(0L).withPretrained(pi.toString())
                .withDataset(data.toString());
        FineTuningStudy.run(plan, new Resources(2, tmp), 1, false);
        String policySha = plan.setup().pretrainedSha256();
        String dataSha = plan.setup().datasetSha256();

        Files.write(pi.resolve("policy.ckpt"), rrl.policy.ShippedPolicies.bytes("Hopper", "td3bc-expert-s1"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> FineTuningStudy.run(plan, new Resources(2, tmp), 1, false));
        String newPolicySha = plan.setup().pretrainedSha256();
        assertTrue(e.getMessage().contains("config differs in pretrainedSha256 (" + policySha.substring(0, 12) + "... -> "
                + newPolicySha.substring(0, 12) + "...)"), e.getMessage());

        Files.write(pi.resolve("policy.ckpt"), policy);
        dataset(2).write(data);
        e = assertThrows(IllegalStateException.class, () -> FineTuningStudy.run(plan, new Resources(2, tmp), 1, false));
        assertTrue(e.getMessage().contains("config differs in datasetSha256 (" + dataSha.substring(0, 12) + "... -> "
                + plan.setup().datasetSha256().substring(0, 12) + "...)"), e.getMessage());

        dataset(1).write(data); // the original contents: the same study, handed back
        assertEquals(1, FineTuningStudy.run(plan, new Resources(2, tmp), 1, false).runs().get("adversarial-fixed").get(0L)
                .size());
    }

    /** 1000 Hopper-sized transitions of seeded noise, an episode end every 100 rows. */
    private static rrl.data.D4rlDataset dataset(long seed) {
        int n = 1000;
        rrl.random.Rng rng = new rrl.random.Rng(seed);
        float[] obs = new float[n * 11];
        float[] act = new float[n * 3];
        float[] rew = new float[n];
        for (int i = 0; i < obs.length; i++) {
            obs[i] = (float) rng.nextGaussian();
        }
        for (int i = 0; i < act.length; i++) {
            act[i] = (float) rng.nextDouble(-1, 1);
        }
        for (int i = 0; i < n; i++) {
            rew[i] = (float) rng.nextDouble(0, 3);
        }
        boolean[] timeouts = new boolean[n];
        for (int i = 99; i < n; i += 100) {
            timeouts[i] = true;
        }
        return rrl.data.D4rlDataset.of(n, 11, 3, obs, act, rew, new boolean[n], timeouts);
    }
}
