package rrl.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rrl.experiment.FineTuningStudy;
import rrl.report.SweepViews;
import rrl.results.Resources;
import tech.tablesaw.api.Table;

/**
 * rrl sweep: a plan run one run at a time, phase by phase (as cluster tasks would), gives the same per-run files as
 * the study run in one process; status says where each run stands.
 */
class SweepCommandTest {
    @TempDir
    Path tmp;

    /** Holds the uninterrupted study, shared by the tests of this class. */
    @TempDir
    static Path shared;

    private static Path uninterrupted;

    private Path plan(Path out) throws IOException {
        return plan(tmp, out);
    }

    private static Path plan(Path in, Path out) throws IOException {
        return Files.writeString(in.resolve(out.getFileName() + ".json"), "{\"env\": \"Hopper\", \"datasetSize\": 2000, "
                + "\"attackGenerations\": 1, \"attackPopulation\": 6, \"attackEpisodes\": 1, \"steps\": 300, \"evalEvery\": 150, "
                + "\"evalEpisodes\": 2, \"checkpointEvery\": 150, \"seeds\": [0, 1], \"out\": \"" + out + "\", "
                + "\"runs\": [{\"name\": \"adversarial-fixed\", \"condition\": \"adversarial\"}]}");
    }

    /**
     * The plan run as a whole study in this process on one thread, once for the class: what the study run one by one
     * and the failed-then-resumed sweep must both reproduce (a run's files do not depend on its study's folder).
     */
    private static synchronized Path uninterrupted() throws IOException {
        if (uninterrupted == null) {
            Path whole = shared.resolve("whole");
            FineTuningStudy.run(FineTuningStudy.Plan.read(plan(shared, whole)), new Resources(1, shared), false);
            uninterrupted = whole;
        }
        return uninterrupted;
    }

    @Test
    void runOneByOneEqualsTheWholeStudy() throws IOException {
        Path one = tmp.resolve("one-by-one");
        Path planOne = plan(one);
        CliRun before = CliRun.of("sweep", "status", "--plan", planOne.toString());
        assertEquals(0, before.code(), before.err());
        assertTrue(before.out().contains("0 done, 0 running, 0 failed, 0 stopped, 7 pending"), before.out());
        int[] sizes = {1, 4, 2}; // setup; offline-only x 2 and the run x 2; its re-attacks x 2
        CliRun early = CliRun.of("sweep", "run-one", "--plan", planOne.toString(), "--phase", "runs", "--index", "0");
        assertEquals(2, early.code());
        assertTrue(early.err().contains("phase setup has not finished (index 0, (shared setup): pending); run it first"),
                early.err());
        for (int ph = 0; ph < 3; ph++) {
            for (int i = sizes[ph] - 1; i >= 0; i--) { // any order within a phase
                CliRun r = CliRun.of("sweep", "run-one", "--plan", planOne.toString(), "--phase",
                        FineTuningStudy.PHASES.get(ph), "--index", "" + i, "--threads", "1");
                assertEquals(0, r.code(), r.err());
            }
        }
        CliRun after = CliRun.of("sweep", "status", "--plan", planOne.toString());
        assertTrue(after.out().contains("7 done, 0 running, 0 failed, 0 stopped, 0 pending"), after.out());
        // one column per field: every run's state starts at the same place, whatever the phase and label lengths
        List<String> rows = after.out().lines().filter(l -> l.endsWith(" done")).toList();
        assertEquals(7, rows.size(), after.out());
        assertEquals(1, rows.stream().map(l -> l.lastIndexOf(" done")).distinct().count(), after.out());

        Path whole = uninterrupted();
        for (String f : List.of("adversarial-fixed-s0/metrics.csv", "adversarial-fixed-s1/metrics.csv",
                "offline-only-s1/metrics.csv", "reattack-adversarial-fixed-s0/worst-case.csv",
                "reattack-adversarial-fixed-s1/delta.csv")) {
            assertArrayEquals(Files.readAllBytes(whole.resolve(f)), Files.readAllBytes(one.resolve(f)), f);
        }
        CliRun report = CliRun.of("report", "--study", one.toString());
        assertEquals(0, report.code(), report.err());

        CliRun again = CliRun.of("sweep", "run-one", "--plan", planOne.toString(), "--phase", "runs", "--index", "2");
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("finished earlier, reused"), again.out());
        CliRun past = CliRun.of("sweep", "run-one", "--plan", planOne.toString(), "--phase", "runs", "--index", "4");
        assertEquals(2, past.code());
        assertTrue(past.err().contains("--index 4 is past the 4 runs of phase runs"), past.err());
        CliRun badPhase = CliRun.of("sweep", "run-one", "--plan", planOne.toString(), "--phase", "train", "--index", "0");
        assertEquals(2, badPhase.code());
        assertTrue(badPhase.err().contains("--phase must be one of [setup, runs, re-attacks]"), badPhase.err());
    }

    /**
     * The Slurm scripts (no Slurm daemons here): one array per phase with as many tasks as the phase has runs,
     * requeue on, and a task line that, given its array index, is a working run-one of that run.
     */
    @Test
    void slurmScriptsAreOneRequeueableArrayPerPhaseOfWorkingRunOneTasks() throws IOException {
        Path out = tmp.resolve("slurm-study");
        Path plan = plan(out);
        CliRun dry = CliRun.of("sweep", "slurm", "--plan", plan.toString(), "--dry-run", "--cpus", "1", "--time", "2:00:00");
        assertEquals(0, dry.code(), dry.err());
        String[] parts = dry.out().split("# " + java.util.regex.Pattern.quote(out.resolve("slurm").toString()) + "/");
        assertEquals(4, parts.length, dry.out());
        int[] sizes = {1, 4, 2};
        for (int ph = 0; ph < 3; ph++) {
            String script = parts[ph + 1];
            assertTrue(script.startsWith(FineTuningStudy.PHASES.get(ph) + ".sbatch"), script);
            assertTrue(script.contains("#SBATCH --array=0-" + (sizes[ph] - 1) + "\n"), script);
            assertTrue(script.contains("#SBATCH --requeue") && script.contains("#SBATCH --time=2:00:00"), script);
            assertTrue(script.contains("#SBATCH --open-mode=append\n"), "a requeued task keeps its log: " + script);
            String exec = script.lines().filter(l -> l.startsWith("exec bin/rrl ")).findFirst().orElseThrow();
            assertTrue(exec.contains("--phase " + FineTuningStudy.PHASES.get(ph)), exec);
        }
        assertTrue(dry.out().contains("--dependency=afterok:$j1 runs.sbatch"), dry.out());
        // the setup task's line, with its array index and CPUs filled in as Slurm would, runs the setup
        String exec = parts[1].lines().filter(l -> l.startsWith("exec bin/rrl ")).findFirst().orElseThrow();
        String[] args = exec.substring("exec bin/rrl ".length()).replace("\"$SLURM_ARRAY_TASK_ID\"", "0")
                .replace("\"$SLURM_CPUS_PER_TASK\"", "1").replace("'", "").split(" ");
        CliRun task = CliRun.of(args);
        assertEquals(0, task.code(), task.err());
        assertTrue(Files.exists(out.resolve("result.json")), "the setup ran in the study folder");
        CliRun relative = CliRun.of("sweep", "slurm", "--plan", plan.toString(), "--dry-run", "--out", "rel/study");
        assertTrue(relative.out().contains("--out '" + Path.of("rel/study").toAbsolutePath() + "'"), relative.out());
        CliRun badTime = CliRun.of("sweep", "slurm", "--plan", plan.toString(), "--dry-run", "--time", "two hours");
        assertEquals(2, badTime.code());
        assertTrue(badTime.err().contains("--time must be Slurm's"), badTime.err());
    }

    /**
     * rrl sweep run through the local executor: a run that fails is a failed row (recorded in its folder, shown by
     * status and collect) while the others finish, the command exits 1; fixing the cause and running again resumes
     * to the numbers of an uninterrupted study, and collect gives every run's row.
     */
    @Test
    void sweepRunReportsAFailedRunAndResumesItToTheUninterruptedNumbers() throws IOException {
        Path out = tmp.resolve("failing");
        Path plan = plan(out);
        Path blocker = Files.createDirectories(out.resolve("adversarial-fixed-s1/metrics.csv/x")); // metrics cannot be written
        CliRun first = CliRun.of("sweep", "run", "--plan", plan.toString(), "--parallel", "2", "--threads", "1");
        assertEquals(1, first.code(), first.err());
        assertTrue(first.err().contains("1 of 4 fine-tuning runs failed (adversarial-fixed-s1: cannot write"), first.err());
        assertTrue(first.log().contains("expected cost: at most ") && first.log().contains("per run kind: rrl sweep cost "
                + "--plan " + plan), "a new study starts with its estimate: " + first.log());
        CliRun status = CliRun.of("sweep", "status", "--plan", plan.toString());
        assertTrue(status.out().lines().anyMatch(l -> l.matches("runs +3  adversarial-fixed-s1 +failed: cannot write .*")),
                status.out());
        assertTrue(status.out().contains("4 done, 0 running, 1 failed, 0 stopped, 2 pending"), status.out());
        Path csv = tmp.resolve("collected.csv");
        CliRun collect = CliRun.of("sweep", "collect", "--plan", plan.toString(), "--csv", csv.toString());
        assertEquals(0, collect.code(), collect.err());
        assertTrue(collect.out().contains("4 done, 1 failed, 2 pending"), collect.out());
        List<String> rows = Files.readAllLines(csv);
        assertEquals(8, rows.size(), rows.toString());
        assertTrue(rows.get(5).startsWith("runs,3,adversarial-fixed-s1,fine-tuning,1,failed,,,,,,cannot write"), rows.get(5));
        assertTrue(rows.get(4).matches("runs,2,adversarial-fixed-s0,fine-tuning,0,done,300,[-0-9.E]+,.*"), rows.get(4));

        // one sweep per study folder: a second is refused before it runs anything (here: this JVM holds the lock)
        try (rrl.results.RunFolder.Lock held = rrl.results.RunFolder.at(out).lock(rrl.results.RunFolder.SWEEP_LOCK)) {
            CliRun second = CliRun.of("sweep", "run", "--plan", plan.toString(), "--threads", "1");
            assertEquals(2, second.code());
            assertTrue(second.err().contains("is locked (.sweep.lock"), second.err());
        }
        Files.delete(blocker);
        Files.delete(blocker.getParent());
        CliRun cost = CliRun.of("sweep", "cost", "--study", out.toString());
        assertEquals(2, cost.code());
        assertTrue(cost.err().contains("3 runs of the study have not finished"), cost.err());
        CliRun again = CliRun.of("sweep", "run", "--plan", plan.toString(), "--parallel", "2", "--threads", "1");
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("7 done; the study's tables and claims: rrl report --study"), again.out());
        assertTrue(!again.log().contains("expected cost"), "a resumed study has no whole-study estimate: " + again.log());
        assertEquals(List.of("0.4 core-minutes", "2.35 core-hours", "1,204 core-hours"), List.of(SweepCommand.coreTime(0.4 / 60),
                SweepCommand.coreTime(2.35), SweepCommand.coreTime(1204.2)));
        assertTrue(!Files.exists(out.resolve("adversarial-fixed-s1/failed.json")), "a finished run drops its failure record");
        // result.json records the finishing attempt: its seconds, and whether it resumed a run an earlier attempt began;
        // the cost counts the retried run from its first start (pauses included) and says so
        com.google.gson.JsonObject once = rrl.io.StrictJson.parse(Files.readString(out.resolve("offline-only-s0/result.json")))
                .getAsJsonObject();
        com.google.gson.JsonObject retried = rrl.io.StrictJson.parse(Files.readString(
                out.resolve("adversarial-fixed-s1/result.json"))).getAsJsonObject();
        assertTrue(!once.get("resumed").getAsBoolean() && once.get("seconds").getAsDouble() > 0, once.toString());
        assertTrue(retried.get("resumed").getAsBoolean(), retried.toString());
        CliRun costAfter = CliRun.of("sweep", "cost", "--study", out.toString());
        assertEquals(0, costAfter.code(), costAfter.err());
        assertTrue(costAfter.out().contains("1 run was resumed after a stop and counts from first start to finish"),
                costAfter.out());
        Path whole = uninterrupted();
        for (String f : List.of("adversarial-fixed-s1/metrics.csv", "reattack-adversarial-fixed-s1/worst-case.csv",
                "offline-only-s0/metrics.csv")) {
            assertArrayEquals(Files.readAllBytes(whole.resolve(f)), Files.readAllBytes(out.resolve(f)), f);
        }
        CliRun collected = CliRun.of("sweep", "collect", "--plan", plan.toString());
        assertTrue(collected.out().contains("7 done"), collected.out());
        // the same folder under a plan that makes other runs (another eps): not "done", and collect shows no numbers
        Path other = Files.writeString(tmp.resolve("other.json"), Files.readString(plan).replace("\"steps\": 300",
                "\"eps\": 0.2, \"steps\": 300"));
        CliRun otherStatus = CliRun.of("sweep", "status", "--plan", other.toString());
        assertTrue(otherStatus.out().lines().anyMatch(l -> l.matches(
                "runs +2  adversarial-fixed-s0 +other run: holds run fine-tuning:.*")), otherStatus.out());
        CliRun otherCollect = CliRun.of("sweep", "collect", "--plan", other.toString());
        assertTrue(otherCollect.out().contains("other run") && !otherCollect.out().contains("7 done"), otherCollect.out());
        // checkpoint metadata is written in one key order whatever the JVM (Map.of iterates differently in each)
        List<String> keys = List.copyOf(rrl.checkpoint.Checkpoint.read(out.resolve("adversarial-fixed-s0/policy.ckpt"))
                .meta().keySet());
        List<String> extra = keys.stream().filter(List.of("algorithm", "condition", "curriculum", "seed", "step")::contains)
                .toList();
        assertEquals(List.of("algorithm", "condition", "curriculum", "seed", "step"), extra, keys.toString());
    }

    @Test
    void sweepRunRefusesExecutorsItCannotUse() throws IOException {
        Path plan = plan(tmp.resolve("refused"));
        CliRun spark = CliRun.of("sweep", "run", "--plan", plan.toString(), "--executor", "spark");
        assertEquals(2, spark.code());
        assertTrue(spark.err().contains("the Spark executor is not on the class path: build it once with"), spark.err());
        CliRun unknown = CliRun.of("sweep", "run", "--plan", plan.toString(), "--executor", "ray");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("unknown --executor 'ray'; known: local, spark (built once by "), unknown.err());
        CliRun upper = CliRun.of("sweep", "run", "--plan", plan.toString(), "--executor", "Spark");
        assertTrue(upper.err().contains("the Spark executor is not on the class path"), upper.err());
        CliRun master = CliRun.of("sweep", "run", "--plan", plan.toString(), "--master", "spark://h:7077");
        assertEquals(2, master.code());
        assertTrue(master.err().contains("--master is for a distributed executor"), master.err());
        CliRun time = CliRun.of("sweep", "run", "--plan", plan.toString(), "--time", "1:00:00");
        assertEquals(2, time.code());
        assertTrue(time.err().contains("--time and --partition are for --executor slurm"), time.err());
        assertTrue(!Files.exists(tmp.resolve("refused")), "refused before any folder was made");
    }

    /** run-one's hint to run an unfinished earlier phase first is a whole command: the plan (and --out) included. */
    @Test
    void runOneHintIsACompleteCommand() throws IOException {
        Path out = tmp.resolve("hint");
        Path plan = plan(out);
        CliRun past = CliRun.of("sweep", "run-one", "--plan", plan.toString(), "--phase", "setup", "--index", "1");
        assertEquals(2, past.code(), past.err());
        assertTrue(past.err().contains("--index 1 is past the 1 run of phase setup"), past.err()); // one run, singular
        CliRun r = CliRun.of("sweep", "run-one", "--plan", plan.toString(), "--phase", "runs", "--index", "1");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("run it first: rrl sweep run-one --plan " + plan + " --phase setup --index 0"), r.err());
        Path other = tmp.resolve("elsewhere");
        r = CliRun.of("sweep", "run-one", "--plan", plan.toString(), "--out", other.toString(), "--phase", "runs");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("run it first: rrl sweep run-one --plan " + plan + " --out " + other
                + " --phase setup --index 0"), r.err());
    }

    /** The committed claim-9 study (paper 3, PEX/RPEX): what {@code sweep cost} measures in it and projects from it. */
    static final Path CLAIM_9 = rrl.notebook.Workspace.projectRoot().resolve("notebooks/recorded/pex-rpex-hopper-claim9");

    /**
     * sweep cost of paper 2's robustness study (the committed Hopper one, which has no plan.json): its attacks and
     * evaluations measured from their run folders, the evaluations projected to paper 2's 1,000 episodes (10x its 100),
     * the attacks as measured; training-step projections refused in one line.
     */
    @Test
    void costOfARobustnessStudyMeasuresAttacksAndProjectsEvaluationsToPaperTwosEpisodes() throws java.io.IOException {
        Path dir = CLAIM_9.resolveSibling("robustness-hopper");
        Table t = SweepViews.cost(dir, null, null);
        assertEquals(List.of("attack", "robustness-evaluation", "study"), t.stringColumn("run kind").asList());
        assertEquals(List.of(52, 52, 104), t.intColumn("runs").asList(), "26 trained policies x 2 replicates");
        double attack = t.doubleColumn("core-hours").getDouble(0);
        double eval = t.doubleColumn("core-hours").getDouble(1);
        assertTrue(attack > 0 && eval > 0, t.print());
        assertEquals(attack, t.doubleColumn("core-hours projected").getDouble(0), 1e-12);
        assertEquals(10 * eval, t.doubleColumn("core-hours projected").getDouble(1), 1e-9);
        assertEquals(attack + eval, t.doubleColumn("core-hours").getDouble(2), 1e-9);
        assertEquals("DE NP 45, 30 generations, M 3", t.stringColumn("budget per run").get(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SweepViews.cost(dir, 5L, null));
        assertTrue(e.getMessage().contains("no training steps to project") && !e.getMessage().contains("\n"),
                e.getMessage());
        // a copy with one evaluation gone is refused, not costed short; a leftover folder is not one of its runs
        Path copy = tmp.resolve("robustness-copy");
        try (var files = Files.walk(dir)) {
            for (Path f : files.toList()) {
                Path to = copy.resolve(dir.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to);
                }
            }
        }
        Files.createDirectories(copy.resolve("attacks/leftover"));
        Files.copy(dir.resolve("attacks/bcq-t0-s0/result.json"), copy.resolve("attacks/leftover/result.json"));
        assertEquals(t.intColumn("runs").asList(), SweepViews.cost(copy, null, null).intColumn("runs").asList());
        Files.delete(copy.resolve("evaluations/bcq-t0-s0/result.json"));
        e = assertThrows(IllegalArgumentException.class, () -> SweepViews.cost(copy, null, null));
        assertTrue(e.getMessage().contains("evaluations/bcq-t0-s0") && e.getMessage().contains("rrl robustness ... --out"),
                e.getMessage());
        // what is not a study gets told what is
        for (Path bad : List.of(tmp.resolve("nope"), dir.resolve("config.json"), dir.resolve("attacks"))) {
            e = assertThrows(IllegalArgumentException.class, () -> SweepViews.cost(bad, null, null));
            assertTrue(e.getMessage().contains("does not exist") || e.getMessage().contains("is a file")
                    || e.getMessage().contains("is not a study folder: give a fine-tuning or PEX/RPEX study"), e.getMessage());
        }
    }

    /**
     * sweep cost of a PEX/RPEX study (the committed claim-9 study): one row for the data, each offline learner and
     * each online run, every one timed (> 0 hours); offline rows projected to paper 3's 1,000,000 updates from the
     * study's 5,000, online rows to 1,000,000 environment steps from its 3,000, exactly linearly (doubling --steps
     * doubles the online rows and leaves the others), the data carried over as measured.
     */
    @Test
    void costOfAPolicyExpansionStudyProjectsOfflineAndOnlineRunsToTheirOwnBudgets() {
        Table t = SweepViews.cost(CLAIM_9, null, null);
        assertEquals(List.of("data: collection and corruption", "offline: IQL (iql-s*)", "offline: RIQL (riql-s*)",
                "online: PEX (pex-s*)", "online: RPEX (rpex-s*)", "study"), t.stringColumn("run kind").asList());
        assertEquals(List.of(1, 5, 5, 5, 5, 21), t.intColumn("runs").asList());
        double[] scale = {1, 1_000_000 / 5_000.0, 1_000_000 / 5_000.0, 1_000_000 / 3_000.0, 1_000_000 / 3_000.0};
        double total = 0;
        for (int r = 0; r < 5; r++) {
            double core = t.doubleColumn("core-hours").getDouble(r);
            assertTrue(t.doubleColumn("wall-clock hours").getDouble(r) > 0 && core > 0, t.print());
            assertEquals(core * scale[r], t.doubleColumn("core-hours projected").getDouble(r), 1e-9 * core * scale[r],
                    t.print());
            total += t.doubleColumn("core-hours projected").getDouble(r);
        }
        assertEquals(total, t.doubleColumn("core-hours projected").getDouble(5), 1e-9 * total);
        // RPEX (4 updates per step on 5 critics) costs more per run than PEX: a timing, not a guess
        assertTrue(t.doubleColumn("core-hours").getDouble(4) > t.doubleColumn("core-hours").getDouble(3), t.print());
        assertTrue(t.name().contains("offline runs projected linearly to 1,000,000 updates (paper 3's: PEX "
                + "main_offline.py) and online runs to 1,000,000 environment steps (paper 3's: RPEX attack_online.py, PEX "
                + "main_online.py)"), t.name());

        // the chart: measured beside projected per run kind, every bar labelled with its value (the measured ones are
        // slivers beside projections 300x their height)
        org.knowm.xchart.CategoryChart chart = SweepViews.costChart(t);
        assertEquals(2, chart.getSeriesMap().size());
        assertTrue(chart.getStyler().isLabelsVisible() && chart.getStyler().getDecimalPattern().equals("#,##0.##"));
        assertEquals(List.of("data: collection and corruption", "offline: IQL (iql-s*)", "offline: RIQL (riql-s*)",
                "online: PEX (pex-s*)", "online: RPEX (rpex-s*)"), List.copyOf(chart.getSeriesMap().values().iterator().next()
                .getXData()));

        // a study on a given file only corrupted it: its data row names the file, not the plan's unused datasetSize
        Table given = SweepViews.cost(CLAIM_9.resolveSibling("pex-rpex-halfcheetah-claim9"), null, null);
        assertEquals("data: corruption of a given file", given.stringColumn("run kind").get(0));
        assertEquals("halfcheetah-medium-replay-rrl.hdf5", given.stringColumn("budget per run").get(0), given.print());

        Table twice = SweepViews.cost(CLAIM_9, 2_000_000L, null);
        Table offlineTwice = SweepViews.cost(CLAIM_9, null, 2_000_000L);
        for (int r = 0; r < 5; r++) {
            double once = t.doubleColumn("core-hours projected").getDouble(r);
            assertEquals(r >= 3 ? 2 * once : once, twice.doubleColumn("core-hours projected").getDouble(r), twice.print());
            assertEquals(r == 1 || r == 2 ? 2 * once : once, offlineTwice.doubleColumn("core-hours projected").getDouble(r),
                    offlineTwice.print());
            assertEquals(t.doubleColumn("core-hours").getDouble(r), twice.doubleColumn("core-hours").getDouble(r));
        }
        assertTrue(twice.name().contains("online runs to 2,000,000 environment steps (--steps)"), twice.name());

        CliRun cli = CliRun.of("sweep", "cost", "--study", CLAIM_9.toString(), "--steps", "2000000", "--markdown");
        assertEquals(0, cli.code(), cli.err());
        assertEquals("*" + twice.name() + ".*\n\n" + rrl.report.Tables.markdown(twice), cli.out().strip() + "\n");
        assertTrue(cli.out().contains("| online: RPEX (rpex-s*) | 5 | 3,000 steps | "), cli.out());
    }

    /** A run folder without its timing (no provenance.json) makes its kind's row "not recorded", and the total none. */
    @Test
    void costSaysNotRecordedForRunsWithoutTheirTiming() throws IOException {
        Path copy = rrl.io.TestFolders.copy(CLAIM_9, tmp.resolve("claim9"));
        Files.delete(copy.resolve("pex-s2/provenance.json"));
        // a later attempt (a failed extension) rewrote RPEX seed 1's provenance after its result: no negative hours
        Path rpex = copy.resolve("rpex-s1/provenance.json");
        Files.writeString(rpex, Files.readString(rpex).replaceFirst("\"created\": *\"[^\"]*\"",
                "\"created\": \"2099-01-01T00:00:00Z\""));
        Table t = SweepViews.cost(copy, null, null);
        String reason = " without provenance.json or a finish time, or started again after it finished)";
        assertEquals("not recorded (1 of 5 runs" + reason, t.stringColumn("projected to").get(3), t.print());
        assertEquals("not recorded (1 of 5 runs" + reason, t.stringColumn("projected to").get(4), t.print());
        assertTrue(t.doubleColumn("core-hours").isMissing(3) && t.doubleColumn("core-hours").isMissing(4)
                && t.doubleColumn("core-hours projected").isMissing(5), t.print());
        assertTrue(t.doubleColumn("core-hours").getDouble(1) > 0, "the other kinds keep their numbers");
    }

    /** --offline-steps is for PEX/RPEX studies: for paper 1's study it is one line naming the fix, exit 2. */
    @Test
    void costRefusesOfflineStepsForAFineTuningStudy() {
        String study = rrl.notebook.Workspace.projectRoot().resolve("notebooks/recorded/finetune-hopper-claims").toString();
        CliRun r = CliRun.of("sweep", "cost", "--study", study, "--offline-steps", "1000000");
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("holds a fine-tuning study (paper 1's TD3), which has no offline updates to project: "
                + "drop --offline-steps"), r.err());
        assertEquals(0, CliRun.of("sweep", "cost", "--study", study).code(), "the same study without it");
    }

    /**
     * sweep cost --plan: the work counted from a fine-tuning plan times unit costs measured here, before it runs; the
     * two sources (--study, --plan) exclusive, a PEX/RPEX plan and a projection of a plan refused in one line.
     */
    @Test
    void costOfAPlanIsEstimatedBeforeItRuns() throws IOException {
        Path plan = plan(tmp.resolve("estimated"));
        CliRun r = CliRun.of("sweep", "cost", "--plan", plan.toString(), "--markdown");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("*Expected cost of the Hopper study (300 fine-tuning steps per run, 2 seeds)"), r.out());
        assertTrue(!r.out().contains("cannot run yet"), r.out());
        Path ant = rrl.notebook.Workspace.projectRoot().resolve("notebooks/plans/finetune-ant-paper.json");
        if (!rrl.policy.ShippedPolicies.names("Ant").contains("expert")) {
            CliRun antCost = CliRun.of("sweep", "cost", "--plan", ant.toString());
            assertEquals(0, antCost.code(), antCost.err());
            assertTrue(antCost.out().contains("the plan cannot run yet: its setup regenerates data from Ant's SAC expert "
                    + "policy, which does not ship (training one is not counted here)"), antCost.out());
        }
        assertTrue(r.out().contains("| fine-tuning-re-attack |") && r.out().contains("| study |"), r.out());
        assertTrue(!Files.exists(tmp.resolve("estimated")), "an estimate runs nothing");
        Path pex = rrl.notebook.Workspace.projectRoot().resolve("notebooks/plans/pex-rpex-hopper-claim9.json");
        for (String[] bad : new String[][] {{"--plan", pex.toString()}, {"--plan", plan.toString(), "--study", "x"}, {},
                {"--plan", plan.toString(), "--steps", "1000"}}) {
            String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("sweep", "cost"),
                    java.util.Arrays.stream(bad)).toArray(String[]::new);
            CliRun refused = CliRun.of(args);
            assertEquals(2, refused.code(), String.join(" ", bad) + ": " + refused.err());
            assertEquals(1, refused.err().strip().lines().count(), refused.err());
        }
        assertTrue(CliRun.of("sweep", "cost", "--plan", pex.toString()).err().contains("for a policy-expansion study, "
                + "run a small budget and project it"));
    }
}
