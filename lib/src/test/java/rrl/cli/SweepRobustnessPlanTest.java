package rrl.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rrl.data.D4rlDataset;
import rrl.experiment.RobustnessStudy;
import rrl.experiment.RobustnessTablesStudy;

/**
 * rrl sweep on paper 2's plan ({@code "study": "robustness"}): the expert's attack, the training data, the policies
 * and the robustness study as phases; a tiny plan runs to its tables, and every piece is what the single commands
 * make (datasets collect / perturb, train), so the plan is the README's commands in one.
 */
class SweepRobustnessPlanTest {
    @TempDir
    Path tmp;

    private Path plan(Path out, String online) throws IOException {
        return Files.writeString(tmp.resolve(out.getFileName() + ".json"), "{\"study\": \"robustness\", \"env\": \"Hopper\", "
                + "\"seeds\": [0], \"datasetSize\": 1500, \"offline\": [{\"method\": \"TD3+BC\", \"steps\": 60, \"data\": "
                + "[\"expert\", \"adversarially-perturbed\"]}, {\"method\": \"IQL\", \"steps\": 60, \"observationScaling\": "
                + "\"states\", \"data\": [\"randomly-perturbed\"]}], \"online\": " + online + ", \"episodes\": 2, "
                + "\"replicates\": 1, \"generations\": 1, \"populationSize\": 4, \"attackEpisodes\": 1, \"out\": \"" + out + "\"}");
    }

    @Test
    void aRobustnessPlanRunsFromTheShippedExpertToItsTables() throws IOException {
        Path out = tmp.resolve("study");
        String plan = plan(out, "[{\"method\": \"TD3\", \"steps\": 1200}, {\"method\": \"SAC\", \"policy\": "
                + "\"shipped:expert\"}]").toString();
        CliRun status = CliRun.of("sweep", "status", "--plan", plan);
        assertEquals(0, status.code(), status.err());
        for (String row : List.of("expert-attack +0  expert-attack +pending", "data +0  data-expert-s0 +pending",
                "data +2  data-adversarially-perturbed-s0 +pending", "policies +1  td3bc-adversarially-perturbed-s0 +pending",
                "policies +2  iql-randomly-perturbed-s0 +pending", "policies +3  td3-s0 +pending",
                "attacks +4  attacks/sac-s0 +pending", "evaluations +0  evaluations/td3bc-t0-s0 +pending")) {
            assertTrue(status.out().lines().anyMatch(l -> l.matches(row)), row + " in\n" + status.out());
        }
        // 1 attack, 3 data sets, 4 policies, 5 subjects attacked and evaluated
        assertTrue(status.out().contains("0 done, 0 running, 0 failed, 0 stopped, 18 pending"), status.out());
        CliRun early = CliRun.of("sweep", "run-one", "--plan", plan, "--phase", "policies", "--index", "0");
        assertEquals(2, early.code());
        assertTrue(early.err().contains("phase expert-attack has not finished"), early.err());
        assertFalse(Files.exists(out), "refused before any folder was made");

        CliRun run = CliRun.of("sweep", "run", "--plan", plan, "--threads", "1");
        assertEquals(0, run.code(), run.err() + run.log());
        assertTrue(RobustnessTablesStudy.isStudy(out));
        RobustnessStudy.Result r = RobustnessTablesStudy.load(out);
        assertEquals(List.of("TD3+BC", "TD3+BC adversarially-perturbed", "IQL randomly-perturbed", "TD3", "SAC"),
                r.config().subjects().stream().map(RobustnessStudy.Subject::method).toList());

        // the expert data is `datasets collect`'s, the perturbed copy `datasets perturb`'s with the expert attack's delta
        Path collected = tmp.resolve("expert.hdf5");
        CliRun collect = CliRun.of("datasets", "collect", "--env", "Hopper", "--policy", "shipped:expert", "--transitions",
                "1500", "--seed", "0", "--out", collected.toString());
        assertEquals(0, collect.code(), collect.err());
        assertEquals(D4rlDataset.read(collected).sha256(), D4rlDataset.read(out.resolve("data-expert-s0/data.hdf5")).sha256());
        Path perturbed = tmp.resolve("adversarial.hdf5");
        CliRun perturb = CliRun.of("datasets", "perturb", "--dataset", collected.toString(), "--kind", "adversarial",
                "--delta", out.resolve("expert-attack/delta.csv").toString(), "--out", perturbed.toString());
        assertEquals(0, perturb.code(), perturb.err());
        assertEquals(D4rlDataset.read(perturbed).sha256(),
                D4rlDataset.read(out.resolve("data-adversarially-perturbed-s0/data.hdf5")).sha256());
        // its record names the expert data it copies, by the study's file and content hash
        com.google.gson.JsonObject record = com.google.gson.JsonParser.parseString(Files.readString(
                out.resolve("data-adversarially-perturbed-s0/data.json"))).getAsJsonObject();
        assertEquals("data-expert-s0/data.hdf5", record.get("source").getAsString());
        assertEquals(D4rlDataset.read(collected).sha256(), record.get("sourceSha256").getAsString());
        CliRun info = CliRun.of("datasets", "info", out.resolve("data-expert-s0/data.hdf5").toString());
        assertEquals(0, info.code(), info.err());

        // the policies are `rrl train`'s with its defaults
        Path td3bc = tmp.resolve("td3bc");
        CliRun train = CliRun.of("train", "td3bc", "--env", "Hopper", "--dataset", out.resolve("data-expert-s0/data.hdf5").toString(),
                "--steps", "60", "--seed", "0", "--threads", "1", "--run", td3bc.toString());
        assertEquals(0, train.code(), train.err());
        assertArrayEquals(Files.readAllBytes(td3bc.resolve("policy.ckpt")),
                Files.readAllBytes(out.resolve("td3bc-expert-s0/policy.ckpt")));
        // the same run id: a run of `rrl train` copied into the plan's <run>/training/ is handed back, not retrained
        assertEquals(com.google.gson.JsonParser.parseString(Files.readString(td3bc.resolve("provenance.json")))
                        .getAsJsonObject().get("runId"),
                com.google.gson.JsonParser.parseString(Files.readString(out.resolve("td3bc-expert-s0/training/provenance.json")))
                        .getAsJsonObject().get("runId"));
        Path td3 = tmp.resolve("td3");
        CliRun online = CliRun.of("train", "td3", "--env", "Hopper", "--steps", "1200", "--seed", "0", "--threads", "1",
                "--run", td3.toString());
        assertEquals(0, online.code(), online.err());
        assertArrayEquals(Files.readAllBytes(td3.resolve("policies/step-00001200.ckpt")),
                Files.readAllBytes(out.resolve("td3-s0/policy.ckpt")));

        // the report reads the plan's folder: Table 1, and Table 3 for TD3+BC on expert and perturbed data
        CliRun report = CliRun.of("report", "--study", out.toString());
        assertEquals(0, report.code(), report.err());
        assertTrue(report.out().contains("TD3+BC adversarially-perturbed") && report.out().contains("Table 3"),
                report.out());

        // a rerun hands every run back and writes the same tables
        String tables = Files.readString(out.resolve("robustness/robustness-replicates.csv"));
        CliRun again = CliRun.of("sweep", "run", "--plan", plan, "--threads", "1");
        assertEquals(0, again.code(), again.err());
        assertEquals(tables, Files.readString(out.resolve("robustness/robustness-replicates.csv")));
        CliRun after = CliRun.of("sweep", "status", "--plan", plan);
        assertTrue(after.out().contains("18 done, 0 running, 0 failed, 0 stopped, 0 pending"), after.out());
    }

    @Test
    void aWrongPlanIsOneLineBeforeAnyWork() throws IOException {
        Path out = tmp.resolve("bad");
        for (String[] c : List.of(
                new String[] {"[{\"method\": \"CQL\", \"steps\": 10}]", "\"online\" method CQL is not one of paper 2's "
                        + "online methods: TD3, SAC or PPO"},
                new String[] {"[{\"method\": \"TD3\", \"steps\": 10, \"policy\": \"shipped:td3\"}]", "online TD3 needs "
                        + "either \"steps\" >= 1 (trained per seed) or a \"policy\""},
                new String[] {"[{\"method\": \"SAC\", \"polcy\": \"shipped:expert\"}]", "did you mean \"policy\"?"})) {
            CliRun r = CliRun.of("sweep", "run", "--plan", plan(out, c[0]).toString());
            assertEquals(2, r.code(), r.out() + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().contains(c[1]), r.err());
        }
        // "study" takes one value, and robustness fields without it are named
        Path wrongStudy = Files.writeString(tmp.resolve("study.json"), "{\"study\": \"Robustness\", \"env\": \"Hopper\"}");
        CliRun r = CliRun.of("sweep", "status", "--plan", wrongStudy.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("\"study\" must be \"robustness\" (paper 2's tables), got \"Robustness\""), r.err());
        Path noStudy = Files.writeString(tmp.resolve("nostudy.json"), "{\"env\": \"Hopper\", \"offline\": []}");
        r = CliRun.of("sweep", "status", "--plan", noStudy.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("\"offline\" is a field of paper 2's robustness plans; add \"study\": \"robustness\""),
                r.err());
        assertFalse(Files.exists(out));
    }

    /**
     * The committed plans: ours (Hopper's recorded budgets) and paper 2's, one Slurm array per phase: the expert's
     * attack, 5 data kinds x 5 seeds, 3 offline methods x 5 data x 5 seeds + TD3 and PPO x 5 seeds, and every policy
     * attacked and evaluated (the SAC expert once).
     */
    @Test
    void theCommittedPlansAreOneArrayPerPhase() {
        for (String plan : List.of("robustness-hopper", "robustness-halfcheetah", "robustness-ant", "robustness-hopper-paper",
                "robustness-halfcheetah-paper", "robustness-ant-paper")) {
            CliRun dry = CliRun.of("sweep", "slurm", "--plan", Path.of("..", "notebooks", "plans", plan + ".json").toString(),
                    "--dry-run");
            assertEquals(0, dry.code(), dry.err());
            int replicates = plan.endsWith("-paper") ? 3 : 1;
            int policies = 3 * 5 * 5 + 2 * 5 + 1;
            for (String array : List.of("expert-attack.sbatch", "data.sbatch", "policies.sbatch", "attacks.sbatch",
                    "evaluations.sbatch")) {
                assertTrue(dry.out().contains(array), array + " in " + dry.out());
            }
            for (int n : new int[] {1, 25, 85, policies * replicates}) {
                assertTrue(dry.out().contains("#SBATCH --array=0-" + (n - 1) + "\n"), n + " tasks in " + dry.out());
            }
        }
    }

    /** A study run for Table 1 (expert data) grows into Tables 2-3: the finished runs keep their folders and ids. */
    @Test
    void aStudyGrowsByMethodsAndData() throws IOException {
        Path out = tmp.resolve("grow");
        Path small = Files.writeString(tmp.resolve("small.json"), "{\"study\": \"robustness\", \"env\": \"Hopper\", "
                + "\"seeds\": [0], \"datasetSize\": 1000, \"offline\": [], \"online\": [{\"method\": \"SAC\", "
                + "\"policy\": \"shipped:expert\"}], \"episodes\": 1, \"replicates\": 1, \"generations\": 0, "
                + "\"populationSize\": 4, \"attackEpisodes\": 1, \"out\": \"" + out + "\"}");
        CliRun first = CliRun.of("sweep", "run", "--plan", small.toString(), "--threads", "1");
        assertEquals(0, first.code(), first.err());
        String id = Files.readString(out.resolve("robustness/attacks/sac-s0/result.json"));
        Path grown = Files.writeString(tmp.resolve("grown.json"), Files.readString(small).replace("\"offline\": []",
                "\"offline\": [{\"method\": \"TD3+BC\", \"steps\": 10, \"data\": [\"expert\"]}]"));
        CliRun status = CliRun.of("sweep", "status", "--plan", grown.toString());
        assertTrue(status.out().lines().anyMatch(l -> l.matches("attacks +1  attacks/sac-s0 +done")), status.out());
        CliRun second = CliRun.of("sweep", "run", "--plan", grown.toString(), "--threads", "1");
        assertEquals(0, second.code(), second.err());
        assertEquals(id, Files.readString(out.resolve("robustness/attacks/sac-s0/result.json")));
        assertEquals(List.of("TD3+BC", "SAC"), RobustnessTablesStudy.load(out).config().subjects().stream()
                .map(RobustnessStudy.Subject::method).toList());
        // the attack names its policy under the study and is pinned by the run that trained it: no run id depends on
        // where the study lives or is run from
        com.google.gson.JsonObject attack = com.google.gson.JsonParser.parseString(Files.readString(
                out.resolve("robustness/attacks/td3bc-t0-s0/provenance.json"))).getAsJsonObject().getAsJsonObject("config");
        assertEquals("../td3bc-expert-s0/policy.ckpt", attack.get("policy").getAsString(), attack.toString());
        assertTrue(attack.get("trainedBy").getAsString().startsWith("policy-training:"), attack.toString());
        // another seed adds its runs beside the finished ones, which keep their folders (named by training seed)
        CliRun seeds = CliRun.of("sweep", "status", "--plan", Files.writeString(tmp.resolve("seeds.json"),
                Files.readString(grown).replace("\"seeds\": [0]", "\"seeds\": [0, 1]")).toString());
        assertTrue(seeds.out().lines().anyMatch(l -> l.matches("attacks +0  attacks/td3bc-t0-s0 +done")), seeds.out());
        assertTrue(seeds.out().lines().anyMatch(l -> l.matches("attacks +1  attacks/td3bc-t1-s0 +pending")), seeds.out());
        // a policy trained otherwise is another policy: its attack and evaluation are not handed back
        CliRun retrained = CliRun.of("sweep", "status", "--plan", Files.writeString(tmp.resolve("retrained.json"),
                Files.readString(grown).replace("\"steps\": 10", "\"steps\": 20")).toString());
        assertTrue(retrained.out().lines().anyMatch(l -> l.matches("policies +0  td3bc-expert-s0 +other run.*")),
                retrained.out());
        assertTrue(retrained.out().lines().anyMatch(l -> l.matches("attacks +0  attacks/td3bc-t0-s0 +other run.*")),
                retrained.out());
        // another kind of plan on this folder is refused by every subcommand, in one line
        CliRun fineTuning = CliRun.of("sweep", "status", "--plan", Path.of("..", "notebooks", "plans",
                "finetune-hopper-claims.json").toString(), "--out", out.toString());
        assertEquals(2, fineTuning.code());
        assertTrue(fineTuning.err().contains("holds a robustness study (paper 2's tables), not a fine-tuning study"),
                fineTuning.err());
        // another environment is another study
        CliRun other = CliRun.of("sweep", "run", "--plan", Files.writeString(tmp.resolve("other.json"),
                Files.readString(grown).replace("Hopper", "Walker2d")).toString());
        assertEquals(2, other.code());
        assertTrue(other.err().contains("holds another study: its plan.json differs in env"), other.err());
    }
}
