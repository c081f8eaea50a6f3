package rrl.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import rrl.experiment.FineTuningStudy;

/**
 * The README's numbers are read from committed run results, never typed in: its recorded-study section must be
 * exactly what {@code rrl report --study notebooks/recorded/finetune-hopper-claims --markdown} prints from the
 * committed run folders (regenerate it with that command after re-running the study).
 */
class RecordedResultsTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final String END = "<!-- end of report -->";

    /** The README's section for {@code study}: between its report marker and the end marker. */
    static String section(String study) throws IOException {
        return block("<!-- rrl report --study " + study + " --markdown -->");
    }

    /** The README's text between {@code begin} and the next end marker. */
    static String block(String begin) throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        int a = readme.indexOf(begin);
        int b = readme.indexOf(END, a);
        assertTrue(a >= 0 && b > a, "README.md needs the generated section between " + begin + " and " + END);
        return readme.substring(a + begin.length(), b).strip();
    }

    /** Paper 1's claims studies committed so far, one per environment (Ant's waits for its SAC expert). */
    static final java.util.List<String> CLAIMS_STUDIES = java.util.List.of("notebooks/recorded/finetune-hopper-claims",
            "notebooks/recorded/finetune-halfcheetah-claims");

    @Test
    void theReadmesRecordedStudiesAreTheReportsOfTheCommittedRuns() throws IOException {
        for (String study : CLAIMS_STUDIES) {
            FineTuningStudy.Results r = FineTuningStudy.load(ROOT.resolve(study));
            assertEquals(FineTuningClaims.markdownReport(r).strip(), section(study), "README.md's recorded study "
                    + study + " differs from its run folders; regenerate the section with bin/rrl report --study " + study
                    + " --markdown");
        }
    }

    /** Issue 21's fault-shift block: HalfCheetah's committed "faults" phase, as rrl report --faults prints it. */
    @Test
    void theReadmesFaultShiftBlockIsTheReportOfTheCommittedEvaluations() throws IOException {
        String study = "notebooks/recorded/finetune-halfcheetah-claims";
        FineTuningStudy.Results r = FineTuningStudy.load(ROOT.resolve(study));
        assertEquals(35, r.faultShift().values().stream().mapToInt(java.util.Map::size).sum(),
                "pi_off and 6 runs x 5 seeds under the unseen faults");
        assertEquals(FaultShiftClaims.markdown(r, FaultShiftClaims.verdicts(r)).strip(),
                block("<!-- rrl report --study " + study + " --faults --markdown -->"),
                "README.md's fault-shift block differs from the run folders; regenerate it with bin/rrl report --study "
                        + study + " --faults --markdown");
    }

    /** Issue 21's re-computed perturbations: the committed Hopper study, as rrl report --study --markdown prints it. */
    @Test
    void theReadmesRecomputedStudyIsTheReportOfItsRunFolders() throws IOException {
        String study = "notebooks/recorded/recomputed-hopper";
        FineTuningStudy.Results r = FineTuningStudy.load(ROOT.resolve(study));
        assertEquals(java.util.List.of("fixed", "fixed-refresh", "fixed-grow"), java.util.List.copyOf(r.runs().keySet()));
        assertTrue(FineTuningStudy.unfinished(ROOT.resolve(study), r).isEmpty(), "every run and re-attack finished");
        assertEquals(4, RecomputedAttacks.verdicts(r).size(), "R1 and R2 for each re-computing run (replace, grow)");
        assertEquals(FineTuningClaims.markdownReport(ROOT.resolve(study), r).strip(),
                block("<!-- rrl report --study " + study + " --markdown -->"),
                "README.md's re-computed study differs from its run folders; regenerate it with bin/rrl report --study "
                        + study + " --markdown");
    }

    /**
     * Issue 21's dataset quality for fine-tuning: the committed comparison (one study per start in
     * notebooks/recorded/start-data-hopper), every run finished, its README block what rrl report prints.
     */
    @Test
    void theReadmesStartDataBlockIsTheReportOfTheCommittedStudies() throws IOException {
        String parent = "notebooks/recorded/start-data-hopper";
        java.util.Map<String, FineTuningStudy.Results> starts = StartDataClaims.load(ROOT.resolve(parent));
        assertEquals(java.util.List.of("random", "medium", "medium-replay", "medium-expert", "expert"),
                java.util.List.copyOf(starts.keySet()));
        for (String kind : starts.keySet()) {
            Path dir = ROOT.resolve(parent).resolve(kind);
            FineTuningStudy.Plan plan = FineTuningStudy.Plan.read(dir.resolve("plan.json"));
            // medium-replay is a file (a SAC run's replay buffer, not committed): its runs are checked at the pin
            // their setups recorded
            assertEquals(kind, plan.dataset() != null ? java.nio.file.Path.of(plan.dataset()).getFileName().toString()
                    .replace("hopper-", "").replace("-rrl.hdf5", "") : plan.dataKind());
            assertEquals(java.util.List.of(0L, 1L, 2L, 3L, 4L), plan.seeds(), kind + ": the verdict rule's 5 seeds");
            for (rrl.experiment.Sweep phase : FineTuningStudy.phases(plan, dir)) {
                for (rrl.experiment.RunSpec spec : phase.runs()) {
                    assertEquals(rrl.experiment.RunState.DONE, rrl.experiment.RunState.of(spec), kind + ": " + spec);
                }
            }
        }
        java.util.List<rrl.stats.Verdict> verdicts = StartDataClaims.verdicts(starts);
        assertEquals(4 * 2, verdicts.size(), "DQ1 and DQ2 for each of the four other starts");
        assertTrue(verdicts.stream().allMatch(rrl.stats.Verdict::testable), verdicts.toString());
        assertEquals(StartDataClaims.markdown(starts).strip(), section(parent),
                "README.md's start-data block differs from the committed studies; regenerate it with bin/rrl report --study "
                        + parent + " --markdown");
    }

    /** Issue 21's state-action block: HalfCheetah's committed "state-action" phase, as rrl report --state-action prints it. */
    @Test
    void theReadmesStateActionBlockIsTheReportOfTheCommittedEvaluations() throws IOException {
        String study = "notebooks/recorded/finetune-halfcheetah-claims";
        FineTuningStudy.Results r = FineTuningStudy.load(ROOT.resolve(study));
        assertEquals(35, r.stateAction().values().stream().mapToInt(java.util.Map::size).sum(),
                "pi_off and 6 runs x 5 seeds over the state-action grid");
        assertEquals(12, StateActionClaims.verdicts(r).size(), "SA1 and SA2 at the 6 adversarial cells with an observation bound");
        assertEquals(StateActionClaims.markdown(r, StateActionClaims.verdicts(r)).strip(),
                block("<!-- rrl report --study " + study + " --state-action --markdown -->"),
                "README.md's state-action block differs from the run folders; regenerate it with bin/rrl report --study "
                        + study + " --state-action --markdown");
    }

    /**
     * Every run of every recorded fine-tuning study reads as finished with the code as it is: a field added to a config
     * since (at the value the runs had) must neither change a run's id nor make a finished run look stopped, which
     * would rerun it and rewrite its provenance.
     */
    @Test
    void everyRunOfTheRecordedStudiesReadsAsFinished() {
        java.util.List<String> studies = new java.util.ArrayList<>(CLAIMS_STUDIES);
        studies.add("notebooks/recorded/curriculum-hopper");
        studies.add("notebooks/recorded/recomputed-hopper");
        for (String study : studies) {
            Path dir = ROOT.resolve(study);
            FineTuningStudy.Plan plan = FineTuningStudy.Plan.read(dir.resolve("plan.json"));
            int n = 0;
            for (rrl.experiment.Sweep phase : FineTuningStudy.phases(plan, dir)) {
                for (rrl.experiment.RunSpec spec : phase.runs()) {
                    assertEquals(rrl.experiment.RunState.DONE, rrl.experiment.RunState.of(spec), study + ": " + spec);
                    n++;
                }
            }
            assertTrue(n >= 26, study + ": " + n + " runs"); // the smallest, re-computed perturbations: 1 + 10 + 5 + 10
        }
    }

    /** Issue 21's curriculum-sensitivity study: its README block is its report, sensitivity part included. */
    @Test
    void theReadmesCurriculumStudyIsTheReportOfItsCommittedRuns() throws IOException {
        String study = "notebooks/recorded/curriculum-hopper";
        FineTuningStudy.Results r = FineTuningStudy.load(ROOT.resolve(study));
        assertTrue(CurriculumSensitivity.applies(r), "a default adaptive run and its variants");
        assertEquals(8, r.runs().size());
        r.runs().values().forEach(bySeed -> assertEquals(5, bySeed.size(), "5 seeds per run"));
        assertTrue(FineTuningStudy.unfinished(ROOT.resolve(study), r).isEmpty(), "every run finished");
        assertEquals(FineTuningClaims.markdownReport(r).strip(), section(study), "README.md's curriculum study differs "
                + "from its run folders; regenerate it with bin/rrl report --study " + study + " --markdown");
    }

    /** Issue 20's per-environment table: the claims studies side by side, as rrl report prints them. */
    @Test
    void theReadmesPerEnvironmentTableIsTheReportOfTheCommittedStudies() throws IOException {
        java.util.List<FineTuningStudy.Results> rs = CLAIMS_STUDIES.stream().map(s -> FineTuningStudy.load(ROOT.resolve(s)))
                .toList();
        assertEquals(FineTuningStudy.recordedClaimsStudies(ROOT.resolve("notebooks/recorded")).stream()
                .map(r -> r.plan().env()).toList(), rs.stream().map(r -> r.plan().env()).toList(),
                "every recorded claims study is in the table");
        String begin = "<!-- rrl report --study " + String.join(" --study ", CLAIMS_STUDIES) + " --markdown -->";
        assertEquals(FineTuningClaims.markdownAcrossEnvironments(rs).strip(), block(begin),
                "README.md's per-environment table differs from the run folders; regenerate it with bin/rrl report --study "
                        + String.join(" --study ", CLAIMS_STUDIES) + " --markdown");
    }

    /** Paper 3's claim-9 studies: Hopper on medium data, and each environment on its medium-replay data. */
    static final java.util.List<String> CLAIM_9_STUDIES = java.util.List.of("notebooks/recorded/pex-rpex-hopper-claim9",
            "notebooks/recorded/pex-rpex-hopper-medium-replay-claim9", "notebooks/recorded/pex-rpex-halfcheetah-claim9",
            "notebooks/recorded/pex-rpex-walker2d-claim9");

    /** Claim 9 per environment: the claim-9 studies side by side, as rrl report prints them, 5 seeds per learner each. */
    @Test
    void theReadmesClaimNinePerEnvironmentIsTheReportOfTheCommittedStudies() throws IOException {
        java.util.List<rrl.experiment.PolicyExpansionStudy.Results> rs = CLAIM_9_STUDIES.stream()
                .map(s -> rrl.experiment.PolicyExpansionStudy.load(ROOT.resolve(s))).toList();
        assertEquals(rrl.experiment.PolicyExpansionStudy.recordedClaim9Studies(ROOT.resolve("notebooks/recorded")).stream()
                .map(r -> r.plan().env()).toList(), rs.stream().map(r -> r.plan().env()).toList(),
                "every recorded claim-9 study is in the table");
        String begin = "<!-- rrl report --study " + String.join(" --study ", CLAIM_9_STUDIES) + " --markdown -->";
        assertEquals(PolicyExpansionClaims.markdownAcrossEnvironments(rs).strip(), block(begin),
                "README.md's claim-9 table differs from the run folders; regenerate it with bin/rrl report --study "
                        + String.join(" --study ", CLAIM_9_STUDIES) + " --markdown");
        for (int i = 0; i < rs.size(); i++) {
            assertTrue(rrl.experiment.PolicyExpansionStudy.unfinished(ROOT.resolve(CLAIM_9_STUDIES.get(i)), rs.get(i)).isEmpty());
            java.util.List<java.util.Map<Long, ?>> sides = new java.util.ArrayList<>(rs.get(i).online().values());
            sides.addAll(rs.get(i).offline().values());
            for (java.util.Map<Long, ?> side : sides) {
                assertEquals(5, side.size(), CLAIM_9_STUDIES.get(i) + ": five independently trained seeds per learner");
            }
        }
    }

    @Test
    void theReadmesRobustnessStudyIsTheReportOfTheCommittedRuns() throws IOException {
        rrl.experiment.RobustnessStudy.Result r = rrl.experiment.RobustnessStudy.load(
                ROOT.resolve("notebooks/recorded/robustness-hopper"));
        assertEquals(RobustnessViews.markdownReport(r).strip(), section("notebooks/recorded/robustness-hopper"),
                "README.md's robustness study differs from its run folders; regenerate the section with "
                        + "bin/rrl report --study notebooks/recorded/robustness-hopper --markdown");
        for (rrl.experiment.RobustnessStudy.Subject s : r.config().subjects()) {
            if (!s.method().equals("SAC")) {
                assertEquals(5, s.trainingSeeds(), s.method() + ": five independently trained policies");
            }
        }
    }

    /** Claims 3-4: the README's block is the report of the committed dataset-quality study, 5 policies per method and data. */
    @Test
    void theReadmesDatasetStudyIsTheReportOfTheCommittedRuns() throws IOException {
        rrl.experiment.RobustnessStudy.Result r = rrl.experiment.RobustnessStudy.load(
                ROOT.resolve("notebooks/recorded/dataset-quality-hopper"));
        assertEquals(RobustnessViews.markdownReport(r).strip(), section("notebooks/recorded/dataset-quality-hopper"),
                "README.md's dataset study differs from its run folders; regenerate the section with "
                        + "bin/rrl report --study notebooks/recorded/dataset-quality-hopper --markdown");
        assertEquals(10, r.config().subjects().size(), "TD3+BC and IQL, each on expert, medium, medium-expert and the two "
                + "perturbed copies");
        for (rrl.experiment.RobustnessStudy.Subject s : r.config().subjects()) {
            assertEquals(5, s.trainingSeeds(), s.method() + ": five independently trained policies");
        }
    }

    /** Claim 9: the README's block is the report of the committed policy-expansion study, 5 seeds per learner. */
    @Test
    void theReadmesClaimNineStudyIsTheReportOfTheCommittedRuns() throws IOException {
        String study = "notebooks/recorded/pex-rpex-hopper-claim9";
        rrl.experiment.PolicyExpansionStudy.Results r = rrl.experiment.PolicyExpansionStudy.load(ROOT.resolve(study));
        assertEquals(PolicyExpansionClaims.markdownReport(r).strip(), section(study),
                "README.md's claim 9 study differs from its run folders; regenerate the section with bin/rrl report --study "
                        + study + " --markdown");
        assertTrue(rrl.experiment.PolicyExpansionStudy.unfinished(ROOT.resolve(study), r).isEmpty());
        java.util.List<java.util.Map<Long, ?>> sides = new java.util.ArrayList<>(r.online().values());
        sides.addAll(r.offline().values());
        assertEquals(4, sides.size(), "IQL, RIQL, PEX and RPEX");
        for (java.util.Map<Long, ?> side : sides) {
            assertEquals(5, side.size(), "five independently trained seeds per learner");
        }
        // the paper-budget plans parse: paper 3's three environments, the recorded plan's runs and corruption
        for (String env : java.util.List.of("hopper", "halfcheetah", "walker2d")) {
            rrl.experiment.PolicyExpansionStudy.Plan paper = rrl.experiment.PolicyExpansionStudy.Plan.read(
                    ROOT.resolve("notebooks/plans/pex-rpex-" + env + "-paper.json"));
            assertEquals(1_000_000, paper.steps());
            assertEquals(1_000_000, paper.offlineSteps());
            assertEquals(5, paper.seeds().size());
            assertEquals(r.plan().runs(), paper.runs());
            assertEquals(r.plan().corruptionConfig(), paper.corruptionConfig());
        }
    }

    @Test
    void theRecordedStudiesHaveFiveIndependentlyTrainedSeedsAndTheirReAttacks() {
        for (String study : CLAIMS_STUDIES) {
            FineTuningStudy.Results r = FineTuningStudy.load(ROOT.resolve(study));
            assertTrue(r.plan().trainsPiOffPerSeed(), study + ": every seed trains its own pi_off");
            assertEquals(5, r.offlineOnly().size(), study);
            assertEquals(6, r.runs().size(), study + ": the six runs of paper 1's design");
            for (String run : r.runs().keySet()) {
                assertEquals(5, r.runs().get(run).size(), study + " " + run);
                assertEquals(5, r.worstCase().get(run).size(), study + " " + run + " re-attacked for every seed");
            }
        }
    }

    @Test
    void theReadmesCostTablesAreMeasuredFromTheCommittedRuns() throws IOException {
        for (String study : CLAIMS_STUDIES) {
            tech.tablesaw.api.Table t = SweepViews.cost(ROOT.resolve(study), 1_000_000);
            assertEquals(("*" + t.name() + ".*\n\n" + Tables.markdown(t)).strip(),
                    block("<!-- rrl sweep cost --study " + study + " --markdown -->"),
                    "README.md's cost table differs from the run folders; regenerate it with bin/rrl sweep cost --study "
                            + study + " --markdown");
            // 5 setups, 5 offline-only, 6 runs x 5 seeds and their re-attacks; the faults and state-action phases each add
            // pi_off and each run
            FineTuningStudy.Plan plan = FineTuningStudy.Plan.read(ROOT.resolve(study).resolve("plan.json"));
            int faults = plan.faultEpisodes() == null ? 0 : 5 * (plan.runs().size() + 1);
            int grid = plan.stateAction() == null ? 0 : 5 * (plan.runs().size() + 1);
            assertEquals(70 + faults + grid, t.intColumn("runs").get(t.rowCount() - 1), study + ": every run of the study is counted");
        }
    }

    /** Claim 9's cost block: what the committed PEX/RPEX study's run folders measure, projected to paper 3's budgets. */
    @Test
    void theReadmesClaimNineCostTableIsMeasuredFromTheCommittedRuns() throws IOException {
        String study = "notebooks/recorded/pex-rpex-hopper-claim9";
        tech.tablesaw.api.Table t = SweepViews.cost(ROOT.resolve(study), null, null);
        assertEquals(("*" + t.name() + ".*\n\n" + Tables.markdown(t)).strip(),
                block("<!-- rrl sweep cost --study " + study + " --markdown -->"),
                "README.md's claim 9 cost table differs from the run folders; regenerate it with bin/rrl sweep cost --study "
                        + study + " --markdown");
        assertEquals(21, t.intColumn("runs").get(t.rowCount() - 1), "every run of the claim 9 study is counted");
    }

    /**
     * HalfCheetah's offline IQL policies (issue 18): each was trained on the data of the fine-tuning setup with its seed
     * (the content hashes in their configs agree) and loads as a HalfCheetah policy; so do its 1M-step PPO policies.
     */
    @Test
    void halfCheetahsIqlPoliciesWereTrainedOnTheirSetupsData() throws IOException {
        java.util.regex.Pattern sha = java.util.regex.Pattern.compile("\"sha256\": \"([0-9a-f]{64})\"");
        for (int k = 0; k < 5; k++) {
            Path run = ROOT.resolve("notebooks/recorded/offline-halfcheetah-expert/iql-s" + k);
            java.util.regex.Matcher a = sha.matcher(Files.readString(run.resolve("config.json")));
            java.util.regex.Matcher b = sha.matcher(Files.readString(ROOT.resolve(
                    "notebooks/recorded/finetune-halfcheetah-claims/setup-s" + k + "/pi-off-td3bc/config.json")));
            assertTrue(a.find() && b.find(), "both configs pin their data");
            assertEquals(b.group(1), a.group(1), "iql-s" + k + " trained on setup-s" + k + "'s data");
            assertTrue(Files.readString(run.resolve("command.txt")).contains("--seed " + k));
            assertEquals("HalfCheetah", rrl.policy.ActorPolicy.load(run.resolve("policy.ckpt"),
                    rrl.env.Environments.task("HalfCheetah")).env());
            // and its online PPO policies: the final policy of a 1M-step run per seed
            Path ppo = ROOT.resolve("notebooks/recorded/online-ppo-halfcheetah/ppo-s" + k);
            assertTrue(Files.readString(ppo.resolve("command.txt")).contains("--steps 1000000 --seed " + k));
            assertTrue(Files.readString(ppo.resolve("metrics.csv")).lines().anyMatch(l -> l.startsWith("1000000,")),
                    "ppo-s" + k + " ran its 1M steps");
            assertEquals("HalfCheetah", rrl.policy.ActorPolicy.load(ppo.resolve("policy.ckpt"),
                    rrl.env.Environments.task("HalfCheetah")).env());
        }
    }

    /** Paper 2's robustness study's cost block: what its committed attack and evaluation folders measure. */
    @Test
    void theReadmesRobustnessCostTableIsMeasuredFromTheCommittedRuns() throws IOException {
        String study = "notebooks/recorded/robustness-hopper";
        tech.tablesaw.api.Table t = SweepViews.cost(ROOT.resolve(study), null, null);
        assertEquals(("*" + t.name() + ".*\n\n" + Tables.markdown(t)).strip(),
                block("<!-- rrl sweep cost --study " + study + " --markdown -->"),
                "README.md's robustness cost table differs from the run folders; regenerate it with bin/rrl sweep cost "
                        + "--study " + study + " --markdown");
        assertEquals(104, t.intColumn("runs").get(t.rowCount() - 1), "every attack and evaluation is counted");
    }

    /** The medium-replay datasets' committed records, as {@code rrl datasets info} prints them. */
    @Test
    void theReadmesMediumReplayTableIsTheCommittedRecords() throws IOException {
        java.util.List<String> records = java.util.List.of("hopper", "halfcheetah", "walker2d").stream()
                .map(e -> "notebooks/recorded/medium-replay/" + e + "-medium-replay-rrl.json").toList();
        String command = "rrl datasets info " + String.join(" ", records) + " --markdown";
        // the command runs from the repository root and names the files as given; here they are absolute
        assertEquals(Tables.markdown(DatasetProvenance.table(records.stream().map(ROOT::resolve).toList())).strip()
                        .replace(ROOT + java.io.File.separator, ""),
                block("<!-- " + command + " -->"), "README.md's medium-replay table differs from the committed records; "
                        + "regenerate it with bin/" + command);
        for (String r : records) {
            String text = Files.readString(ROOT.resolve(r));
            assertTrue(text.contains("\"mediumRule\": \"the shipped run's medium step") && text.contains("\"sha256\""),
                    r + " was made from a re-run of the shipped command and pins its content");
        }
    }

    /** The shipped SAC behaviour policies' table, as {@code rrl policies list --markdown} renders their records. */
    @Test
    void theReadmesBehaviourPolicyTableIsTheShippedRecords() throws IOException {
        assertEquals(BehaviourPolicyTable.markdown().strip(), block("<!-- rrl policies list --markdown -->"),
                "README.md's behaviour-policy table differs from the shipped records; regenerate it with bin/rrl policies "
                        + "list --markdown");
    }

    @Test
    void theReadmesTrainBenchmarksAreTheCommittedResults() throws IOException {
        String dir = "notebooks/recorded/bench-train/";
        String result = dir + "result.json";
        rrl.bench.TrainBenchmark.Report r = rrl.bench.TrainReport.load(ROOT.resolve(result));
        assertEquals(rrl.bench.TrainReport.markdown(r).strip(),
                block("<!-- rrl bench train --report " + result + " --markdown -->"),
                "README.md's train benchmark differs from " + result + "; regenerate it with bin/rrl bench train --report "
                        + result + " --markdown");
        assertTrue(r.machine().references().size() == 2, "the committed result compares against PyTorch and JAX");
        assertTrue(r.machine().peakGflops() > 0 && r.cells().stream().allMatch(c -> c.multiplyAddsPerUpdate() > 0),
                "the committed result carries the core's peak and each cell's counted work");
        assertTrue(!r.machine().rrl().contains("dirty"), "the committed result was measured from a clean commit");
        assertEquals(java.util.Set.of("td3bc", "sac", "iql", "riql", "bcq"), java.util.Set.copyOf(r.config().learners()),
                "the committed result is the whole matrix of the off-policy learners");
        String bar = dir + "jax-bar-1thread.json";
        String command = "rrl bench train --report " + bar + " --against " + result + " --markdown";
        assertEquals(rrl.bench.TrainReport.againstMarkdown(rrl.bench.TrainReport.load(ROOT.resolve(bar)), r).strip(),
                block("<!-- " + command + " -->"), "README.md's run-to-run table differs; regenerate it with bin/" + command);
        String small = dir + "small-cells-2threads.json";
        rrl.bench.TrainBenchmark.Report s = rrl.bench.TrainReport.load(ROOT.resolve(small));
        assertEquals(rrl.bench.TrainReport.markdown(s).strip(),
                block("<!-- rrl bench train --report " + small + " --markdown -->"),
                "README.md's re-measured small cells differ from " + small + "; regenerate them with bin/rrl bench train "
                        + "--report " + small + " --markdown");
        assertTrue(!s.machine().rrl().contains("dirty"), small + " was measured from a clean commit");
    }
}
