package rrl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rrl.experiment.PolicyExpansionStudy;

/**
 * rrl sweep on paper 3's plans (PEX/RPEX): the same subcommands as for paper 1's, over the phases data, offline and
 * online; a tiny study run phase by phase ends with every run done, and sweep cost measures it.
 */
class SweepPolicyExpansionTest {
    @TempDir
    Path tmp;

    /** The smallest study that still evaluates every learner: one seed, 60 offline updates, 120 online steps. */
    private Path plan(Path out) throws IOException {
        return Files.writeString(tmp.resolve(out.getFileName() + ".json"), "{\"env\": \"Hopper\", \"datasetSize\": 1500, "
                + "\"offlineSteps\": 60, \"offlineEvalEvery\": 60, \"offlineEvalEpisodes\": 1, \"steps\": 120, "
                + "\"evalEvery\": 60, \"evalEpisodes\": 1, \"learningStarts\": 60, \"checkpointEvery\": 60, "
                + "\"runs\": [{\"name\": \"pex\", \"algorithm\": \"pex\"}, {\"name\": \"rpex\", \"algorithm\": \"rpex\"}], "
                + "\"seeds\": [0], \"out\": \"" + out + "\"}");
    }

    @Test
    void everySweepSubcommandRunsAPolicyExpansionPlanPhaseByPhase() throws IOException {
        Path out = tmp.resolve("study");
        String plan = plan(out).toString();
        CliRun status = CliRun.of("sweep", "status", "--plan", plan);
        assertEquals(0, status.code(), status.err());
        // phase, index, run and state, each column as wide as its longest entry
        for (String row : List.of("data +0  data +pending", "offline +0  iql-s0 +pending", "offline +1  riql-s0 +pending",
                "online +0  pex-s0 +pending", "online +1  rpex-s0 +pending")) {
            assertTrue(status.out().lines().anyMatch(l -> l.matches(row)), row + " in\n" + status.out());
        }
        assertTrue(status.out().contains("0 done, 0 running, 0 failed, 0 stopped, 5 pending"), status.out());

        CliRun early = CliRun.of("sweep", "run-one", "--plan", plan, "--phase", "offline", "--index", "0");
        assertEquals(2, early.code());
        assertEquals(1, early.err().strip().lines().count(), early.err());
        assertTrue(early.err().contains("phase data has not finished (index 0, data: pending); run it first: "
                + "rrl sweep run-one --plan " + plan + " --phase data --index 0"), early.err());
        CliRun badPhase = CliRun.of("sweep", "run-one", "--plan", plan, "--phase", "runs", "--index", "0");
        assertEquals(2, badPhase.code());
        assertTrue(badPhase.err().contains("--phase must be one of [data, offline, online] (the phases of a "
                + "policy-expansion study), got runs"), badPhase.err());
        assertTrue(!Files.exists(out), "refused before any folder was made");

        // Slurm (no daemons here): one array per phase, named by it, each after the one before
        CliRun dry = CliRun.of("sweep", "slurm", "--plan", plan, "--dry-run", "--cpus", "1");
        assertEquals(0, dry.code(), dry.err());
        String[] parts = dry.out().split("# " + java.util.regex.Pattern.quote(out.resolve("slurm").toString()) + "/");
        assertEquals(4, parts.length, dry.out());
        int[] sizes = {1, 2, 2};
        for (int ph = 0; ph < 3; ph++) {
            String name = PolicyExpansionStudy.PHASES.get(ph);
            assertTrue(parts[ph + 1].startsWith(name + ".sbatch"), parts[ph + 1]);
            assertTrue(parts[ph + 1].contains("#SBATCH --array=0-" + (sizes[ph] - 1) + "\n"), parts[ph + 1]);
            assertTrue(parts[ph + 1].contains("--phase " + name + " --index \"$SLURM_ARRAY_TASK_ID\""), parts[ph + 1]);
        }
        assertTrue(dry.out().contains("# submit: j1=$(sbatch --parsable data.sbatch); j2=$(sbatch --parsable "
                + "--dependency=afterok:$j1 offline.sbatch); sbatch --dependency=afterok:$j2 online.sbatch"), dry.out());

        // a cluster task's run: the data, with the plan recorded for the runs after it
        CliRun data = CliRun.of("sweep", "run-one", "--plan", plan, "--phase", "data", "--index", "0", "--threads", "1");
        assertEquals(0, data.code(), data.err());
        assertTrue(Files.isRegularFile(out.resolve("plan.json")) && PolicyExpansionStudy.isStudy(out));
        CliRun run = CliRun.of("sweep", "run", "--plan", plan, "--threads", "1");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("5 done; the study's tables and claims: rrl report --study"), run.out());
        // IQL and RIQL train on the one corrupted dataset (actions unclipped): its action-range warning once
        assertEquals(1, run.log().lines().filter(l -> l.contains("lie outside the action space")).count(), run.log());

        Path csv = tmp.resolve("collected.csv");
        CliRun collect = CliRun.of("sweep", "collect", "--plan", plan, "--csv", csv.toString());
        assertEquals(0, collect.code(), collect.err());
        assertTrue(collect.out().contains("5 done") && !collect.out().contains("pending"), collect.out());
        List<String> rows = Files.readAllLines(csv);
        assertEquals(6, rows.size(), rows.toString());
        assertEquals("phase,index,run,kind,seed,state,step,final return,final D4RL score,error", rows.get(0));
        assertTrue(rows.get(1).startsWith("data,0,data,policy-expansion-data,,done,,,,"), rows.get(1));
        assertTrue(rows.get(3).matches("offline,1,riql-s0,policy-expansion-offline,0,done,60,[-0-9.E]+,[-0-9.E]+,"),
                rows.get(3));
        assertTrue(rows.get(5).matches("online,1,rpex-s0,policy-expansion-online,0,done,120,[-0-9.E]+,[-0-9.E]+,"),
                rows.get(5));
        CliRun after = CliRun.of("sweep", "status", "--plan", plan);
        assertTrue(after.out().contains("5 done, 0 running, 0 failed, 0 stopped, 0 pending"), after.out());
        CliRun report = CliRun.of("report", "--study", out.toString());
        assertEquals(0, report.code(), report.err());
        // one episode per evaluation: singular, wherever the settings count them
        assertTrue(report.out().contains("(1 episode)") && report.out().contains("(1 episode, clean environment)")
                && !report.out().contains(" 1 episodes"), report.out());
        // one seed has no spread: every row's std over seeds is "–", not a 0 or NaN
        List<String> finals = report.out().lines().filter(l -> l.matches("\\s*(IQL|RIQL) \\(offline\\).*")
                || l.matches("\\s*r?pex \\((PEX|RPEX), online\\).*")).toList();
        assertEquals(4, finals.size(), report.out());
        for (String row : finals) {
            assertTrue(row.contains(" – ") && !row.contains("NaN"), row);
        }

        // its cost: the data, each offline learner and each online run, projected to paper 3's budgets
        CliRun cost = CliRun.of("sweep", "cost", "--study", out.toString());
        assertEquals(0, cost.code(), cost.err());
        for (String row : List.of("data: collection and corruption", "offline: IQL (iql-s*)", "offline: RIQL (riql-s*)",
                "online: PEX (pex-s*)", "online: RPEX (rpex-s*)")) {
            assertTrue(cost.out().contains(row), row + " in\n" + cost.out());
        }
        assertTrue(cost.out().contains("60 offline updates per learner and 120 environment steps per online run"),
                cost.out());
    }

    /** Paper 3's paper-budget plan is ready for a cluster: 5 seeds x (iql, riql) offline, x (pex, rpex) online. */
    @Test
    void thePaperPlanIsOneArrayPerPhase() {
        Path paper = rrl.notebook.Workspace.projectRoot().resolve("notebooks/plans/pex-rpex-hopper-paper.json");
        Path out = tmp.resolve("paper");
        CliRun dry = CliRun.of("sweep", "slurm", "--plan", paper.toString(), "--out", out.toString(), "--dry-run");
        assertEquals(0, dry.code(), dry.err());
        assertTrue(dry.out().contains("#SBATCH --job-name=rrl-data\n#SBATCH --array=0-0\n"), dry.out());
        assertTrue(dry.out().contains("#SBATCH --job-name=rrl-offline\n#SBATCH --array=0-9\n"), dry.out());
        assertTrue(dry.out().contains("#SBATCH --job-name=rrl-online\n#SBATCH --array=0-9\n"), dry.out());
        CliRun status = CliRun.of("sweep", "status", "--plan", paper.toString(), "--out", out.toString());
        assertTrue(status.out().contains("0 done, 0 running, 0 failed, 0 stopped, 21 pending"), status.out());
        assertTrue(!Files.exists(out), "status and --dry-run write nothing");
    }
}
