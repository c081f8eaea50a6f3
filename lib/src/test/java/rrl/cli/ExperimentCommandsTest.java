package rrl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rrl.attack.AttackRecord;
import tech.tablesaw.api.Table;

/** rrl attack, rrl evaluate and rrl finetune from the command line. */
class ExperimentCommandsTest {
    @TempDir
    Path tmp;

    private static CliRun cheetahReport;

    /**
     * {@code rrl report} of the committed HalfCheetah study, every part: the fault-shift and the state-action tests
     * both check where their part sits in it; it reads a committed folder that nothing writes, so it is made once.
     */
    private static synchronized CliRun cheetahReport() {
        if (cheetahReport == null) {
            cheetahReport = CliRun.of("report", "--study", Path.of("..", "notebooks", "recorded",
                    "finetune-halfcheetah-claims").toString());
        }
        return cheetahReport;
    }

    /**
     * {@code rrl finetune} on a finished study hands its runs back and ends with the whole text report, the parts of
     * the plan's phases (fault shift, state-action) included, as {@code rrl report} prints them.
     */
    @Test
    void finetuneEndsWithEveryPartOfTheReport() throws IOException {
        Path recorded = Path.of("..", "notebooks", "recorded", "finetune-halfcheetah-claims");
        Path copy = rrl.io.TestFolders.copy(recorded, tmp.resolve("cheetah"));
        CliRun f = CliRun.of("finetune", "--config", copy.resolve("plan.json").toString(), "--out", copy.toString(),
                "--threads", "1");
        assertEquals(0, f.code(), f.err());
        List<String> parts = cheetahReport().out().lines().filter(l -> l.startsWith("F1 (") || l.startsWith("SA1 ("))
                .toList();
        assertEquals(2, parts.size(), cheetahReport().out());
        for (String line : parts) {
            assertTrue(f.out().contains(line), line + "\n" + f.out());
        }
    }

    /** The README's path: attack the shipped policy, then evaluate it under the three conditions. */
    @Test
    void attackThenEvaluate() {
        Path attack = tmp.resolve("attack");
        CliRun a = CliRun.of("attack", "--policy", "shipped:expert", "--env", "Hopper", "--np", "4", "--m", "1",
                "--generations", "1", "--run", attack.toString());
        assertEquals(0, a.code(), a.err());
        double[] delta = AttackRecord.readDelta(attack.resolve("delta.csv"), 3);
        for (double v : delta) {
            assertTrue(Math.abs(v) <= 0.3);
        }
        assertTrue(Files.exists(attack.resolve("population.csv")) && Files.exists(attack.resolve("history.csv"))
                && Files.exists(attack.resolve("config.json")) && Files.exists(attack.resolve("attack.ckpt")));
        Path out = tmp.resolve("eval");
        CliRun e = CliRun.of("evaluate", "--policy", "shipped:expert", "--env", "Hopper", "--delta",
                attack.resolve("delta.csv").toString(), "--episodes", "4", "--method", "SAC", "--data", "online",
                "--out", out.toString());
        assertEquals(0, e.code(), e.err());
        assertTrue(e.out().contains("adversarial"), e.out());
        Table t = Table.read().csv(out.resolve("robustness.csv").toFile());
        assertEquals(3, t.rowCount());
        assertEquals("SAC", t.stringColumn("method").get(0));
    }

    /** An attack pins its policy's content: the same file name with other weights is another run, not a stale result. */
    @Test
    void attackPinsThePolicyFile() throws Exception {
        Path policy = tmp.resolve("p.ckpt");
        rrl.policy.ShippedPolicies.load("Hopper", "expert").save(policy, java.util.Map.of());
        Path dir = tmp.resolve("pinned");
        String[] args = {"attack", "--policy", policy.toString(), "--env", "Hopper", "--np", "4", "--m", "1",
            "--generations", "1", "--run", dir.toString()};
        assertEquals(0, CliRun.of(args).code());
        rrl.policy.ShippedPolicies.load("Hopper", "medium").save(policy, java.util.Map.of());
        CliRun again = CliRun.of(args);
        assertEquals(2, again.code(), again.err());
        assertTrue(again.err().contains("belongs to run attack:") && again.err().contains("policySha256"), again.err());
    }

    /** An attack is a run with an identity: rerunning it recomputes nothing, another config is refused. */
    @Test
    void attackRunsHaveIdentityProvenanceAndResume() throws Exception {
        Path attack = tmp.resolve("attack");
        String[] args = {"attack", "--policy", "shipped:expert", "--env", "Hopper", "--np", "4", "--m", "1",
                "--generations", "1", "--run", attack.toString()};
        assertEquals(0, CliRun.of(args).code());
        String provenance = Files.readString(attack.resolve("provenance.json"));
        assertTrue(provenance.contains("\"kind\": \"attack\"") && provenance.contains("\"mujoco\": \"2.2.2\""), provenance);
        String delta = Files.readString(attack.resolve("delta.csv"));
        CliRun again = CliRun.of(args);
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("nothing recomputed"), again.out());
        assertEquals(delta, Files.readString(attack.resolve("delta.csv")));
        CliRun other = CliRun.of("attack", "--policy", "shipped:expert", "--env", "Hopper", "--np", "4", "--m", "1",
                "--generations", "1", "--eps", "0.2", "--run", attack.toString());
        assertEquals(2, other.code());
        assertTrue(other.err().contains(attack + " belongs to run attack:") && other.err().contains("attack.eps")
                && other.err().contains("use another folder or delete it"), other.err());
        CliRun badParallel = CliRun.of("finetune", "--config", "x.json", "--parallel", "0");
        assertEquals(2, badParallel.code());
        assertTrue(badParallel.err().contains("--parallel must be an integer in [1, 256], got 0"), badParallel.err());
    }

    /** Export a policy to DL4J, then evaluate the zip: the same returns as the policy it came from. */
    @Test
    void exportDl4jThenEvaluateTheZip() {
        Path zip = tmp.resolve("td3bc.zip");
        CliRun x = CliRun.of("policies", "export-dl4j", "--env", "Hopper", "--policy", "shipped:td3bc-expert", "--out",
                zip.toString(), "--check-steps", "200");
        assertEquals(0, x.code(), x.err());
        assertTrue(x.out().contains("largest |action difference|"), x.out());
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        assertEquals(0, CliRun.of("evaluate", "--policy", zip.toString(), "--env", "Hopper", "--conditions", "normal",
                "--episodes", "2", "--out", a.toString()).code());
        assertEquals(0, CliRun.of("evaluate", "--policy", "shipped:td3bc-expert", "--env", "Hopper", "--conditions",
                "normal", "--episodes", "2", "--out", b.toString()).code());
        double viaZip = Table.read().csv(a.resolve("robustness.csv").toFile()).numberColumn("mean_return").getDouble(0);
        double direct = Table.read().csv(b.resolve("robustness.csv").toFile()).numberColumn("mean_return").getDouble(0);
        assertEquals(direct, viaZip, 0.01 * Math.abs(direct));
        CliRun bad = CliRun.of("policies", "export-dl4j", "--env", "Hopper", "--policy", "shipped:expert", "--out",
                tmp.resolve("x.ckpt").toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("must end in .zip"), bad.err());
    }

    @Test
    void badInputsAreOneClearLine() throws Exception {
        Path wrong = Files.writeString(tmp.resolve("delta.csv"), "delta_0,delta_1\n0.1,0.2\n");
        CliRun r = CliRun.of("evaluate", "--policy", "shipped:expert", "--env", "Hopper", "--delta", wrong.toString(),
                "--episodes", "2");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("holds 2 values but the task has 3 actuators"), r.err());
        r = CliRun.of("evaluate", "--policy", "shipped:expert", "--env", "Hopper", "--episodes", "2", "--conditions", "adversarial");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("run `rrl attack") && r.err().contains("--delta DIR/delta.csv"), r.err());
        r = CliRun.of("attack", "--policy", "shipped:expert", "--env", "Hopper", "--np", "3", "--run", tmp.resolve("x").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--np must be an integer in [4, 10000], got 3"), r.err());
        r = CliRun.of("attack", "--policy", "shipped:expert", "--env", "Hopper", "--eps", "0", "--run", tmp.resolve("y").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("eps must be"), r.err());
        r = CliRun.of("attack", "--policy", tmp.resolve("nope.ckpt").toString(), "--env", "Hopper", "--run", tmp.resolve("z").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("no policy checkpoint at"), r.err());
        r = CliRun.of("evaluate", "--policy", "shipped:no-such-policy", "--env", "HalfCheetah", "--conditions", "normal",
                "--episodes", "1");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("rrl: error: no shipped policy 'no-such-policy' for HalfCheetah; shipped for HalfCheetah: expert, medium"), r.err());
    }

    @Test
    void badFineTuningPlansAreOneClearLine() throws Exception {
        Path notJson = Files.writeString(tmp.resolve("a.json"), "{env: Hopper, runs: [");
        CliRun r = CliRun.of("finetune", "--config", notJson.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("rrl: error: plan") && r.err().contains("a.json"), r.err());
        Path badCurriculum = Files.writeString(tmp.resolve("b.json"),
                "{\"env\": \"Hopper\", \"runs\": [{\"name\": \"x\", \"condition\": \"adversarial\", \"curriculum\": \"cosine\"}]}");
        r = CliRun.of("finetune", "--config", badCurriculum.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown curriculum 'cosine'"), r.err());
        Path badCondition = Files.writeString(tmp.resolve("c.json"),
                "{\"env\": \"Hopper\", \"runs\": [{\"name\": \"x\", \"condition\": \"sideways\"}]}");
        r = CliRun.of("finetune", "--config", badCondition.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("normal, random or adversarial"), r.err());
        r = CliRun.of("finetune", "--config", tmp.resolve("missing.json").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("cannot read fine-tuning plan"), r.err());
        Path unknownEnv = Files.writeString(tmp.resolve("d.json"), "{\"env\": \"Hoppr\"}");
        r = CliRun.of("finetune", "--config", unknownEnv.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("Hoppr"), r.err());
    }

    /** A study's plan (paper 1's or paper 3's) with a dataset file that is not there, its folder under tmp. */
    private Path planWithMissingDataset(String name, boolean pex) throws IOException {
        String json = "{\"env\": \"Hopper\", \"dataset\": \"" + tmp.resolve("none.hdf5").toString().replace("\\", "/")
                + "\", \"steps\": 3000, \"learningStarts\": 100, "
                + (pex ? "\"runs\": [{\"name\": \"pex\", \"algorithm\": \"pex\"}], " : "")
                + "\"out\": \"" + tmp.resolve(name + "-out").toString().replace("\\", "/") + "\"}";
        return Files.writeString(tmp.resolve(name + ".json"), json);
    }

    /** A study refuses bad input before it prints anything: its banner comes after the plan's inputs are read. */
    @Test
    void studyRefusalsComeBeforeAnyOutput() throws IOException {
        Path pex = planWithMissingDataset("pex", true);
        Path td3 = planWithMissingDataset("td3", false);
        for (String[] args : List.of(new String[] {"finetune", "--config", pex.toString()},
                new String[] {"finetune", "--config", td3.toString()}, new String[] {"sweep", "run", "--plan", pex.toString()},
                new String[] {"sweep", "run", "--plan", td3.toString()})) {
            CliRun r = CliRun.of(args);
            String what = String.join(" ", args);
            assertEquals(2, r.code(), what + ": " + r.err());
            assertTrue(r.err().startsWith("rrl: error: ") && r.err().contains("no such file"), what + ": " + r.err());
            assertEquals(1, r.err().lines().count(), what + ": " + r.err());
            assertEquals("", r.log() + r.out(), what + " printed before its refusal");
        }
    }

    /**
     * A plan is one kind of study: runs mixing TD3 and PEX are refused as such, and so is a study folder that holds the
     * other kind (its plan.json is not read as this kind's, which named a field of it as the error).
     */
    @Test
    void aPlanIsOneKindOfStudyAndSoIsItsFolder() throws IOException {
        Path mixed = Files.writeString(tmp.resolve("mixed.json"), "{\"env\": \"Hopper\", \"runs\": [{\"name\": \"normal\", "
                + "\"condition\": \"normal\", \"curriculum\": \"fixed\"}, {\"name\": \"p\", \"algorithm\": \"pex\"}]}");
        CliRun r = CliRun.of("finetune", "--config", mixed.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("the plan's runs mix paper 1's TD3 fine-tuning (run 'normal') and paper 3's policy "
                + "expansion (run 'p'); a plan is one study or the other"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        Path pexStudy = Files.createDirectories(tmp.resolve("pex-study"));
        Files.copy(Path.of("..", "notebooks", "recorded", "pex-rpex-hopper-claim9", "plan.json"), pexStudy.resolve("plan.json"));
        Path td3 = Files.writeString(tmp.resolve("td3.json"), "{\"env\": \"Hopper\", \"seeds\": [0]}");
        r = CliRun.of("finetune", "--config", td3.toString(), "--out", pexStudy.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(pexStudy + " holds a policy-expansion study (paper 3), not a fine-tuning study (paper 1): give "
                + "this plan another folder"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    /** Seeds are integers >= 0 in both papers' plans and in --seeds: a study finds its runs by <name>-s<digits>. */
    @Test
    void negativeSeedsAreRefusedInPlansAndOnTheCommandLine() throws IOException {
        Path pex = Files.writeString(tmp.resolve("pex-neg.json"), "{\"env\": \"Hopper\", \"steps\": 3000, "
                + "\"learningStarts\": 100, \"runs\": [{\"name\": \"pex\", \"algorithm\": \"pex\"}], \"seeds\": [-1]}");
        Path td3 = Files.writeString(tmp.resolve("td3-neg.json"), "{\"env\": \"Hopper\", \"seeds\": [0, -1]}");
        for (Path plan : List.of(pex, td3)) {
            for (String[] args : List.of(new String[] {"finetune", "--config", plan.toString()},
                    new String[] {"sweep", "status", "--plan", plan.toString()})) {
                CliRun r = CliRun.of(args);
                assertEquals(2, r.code(), r.err());
                assertTrue(r.err().contains("\"seeds\" must be integers >= 0") && r.err().contains("got -1"), r.err());
                assertEquals(1, r.err().lines().count(), r.err());
            }
        }
        CliRun r = CliRun.of("finetune", "--config", tmp.resolve("any.json").toString(), "--seeds", "0,-2");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("rrl: error: --seeds must be an integer >= 0, got -2"), r.err());
        r = CliRun.of("finetune", "--config", tmp.resolve("any.json").toString(), "--seeds", "1,2,1");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("rrl: error: --seeds lists 1 twice; give each value once"), r.err());
        r = CliRun.of("train", "td3bc", "--env", "Hopper", "--dataset", tmp.resolve("x.hdf5").toString(), "--run",
                tmp.resolve("run").toString(), "--seed", "-1");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("rrl: error: --seed must be an integer >= 0, got -1"), r.err());
    }

    /** rrl report reads the committed recorded study: the verdict table with its rule, as text, markdown and CSV. */
    @Test
    void reportPrintsAStudysVerdictsFromItsFolders() throws java.io.IOException {
        Path study = Path.of("..", "notebooks", "recorded", "finetune-hopper-claims");
        CliRun r = CliRun.of("report", "--study", study.toString(), "--csv", tmp.resolve("verdicts.csv").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Claims 5-8") && r.out().contains("Holm") && r.out().contains("verdict"), r.out());
        Table v = Table.read().csv(tmp.resolve("verdicts.csv").toFile());
        assertTrue(v.columnNames().containsAll(java.util.List.of("estimator", "95% CI", "n", "verdict")), v.columnNames().toString());
        CliRun md = CliRun.of("report", "--study", study.toString(), "--markdown");
        assertEquals(0, md.code(), md.err());
        assertTrue(md.out().startsWith("**Study settings**") && md.out().contains("| claim |"), md.out());
        CliRun notAFolder = CliRun.of("report", "--study", tmp.resolve("nope").toString());
        assertEquals(2, notAFolder.code());
        assertTrue(notAFolder.err().contains("is not a folder"), notAFolder.err());
        CliRun notAStudy = CliRun.of("report", "--study", tmp.toString());
        assertEquals(2, notAStudy.code());
        assertTrue(notAStudy.err().contains("no plan.json") && notAStudy.err().lines().count() == 1, notAStudy.err());
        // --csv holds every part's verdicts, not only claims 5-8
        Path recomputed = Path.of("..", "notebooks", "recorded", "recomputed-hopper");
        CliRun parts = CliRun.of("report", "--study", recomputed.toString(), "--csv", tmp.resolve("parts.csv").toString());
        assertEquals(0, parts.code(), parts.err());
        Table all = Table.read().csv(tmp.resolve("parts.csv").toFile());
        assertTrue(all.stringColumn("claim").asList().stream().anyMatch(c -> c.startsWith("R1:"))
                && all.stringColumn("claim").asList().stream().anyMatch(c -> c.startsWith("5:")), all.print());
        // the folder of every recorded study is no start-data comparison: the refusal says to give one study
        CliRun parent = CliRun.of("report", "--study", Path.of("..", "notebooks", "recorded").toString());
        assertEquals(2, parent.code(), parent.err());
        assertTrue(parent.err().contains("give that study's folder as --study"), parent.err());
    }

    /**
     * Several --study folders: the committed Hopper and HalfCheetah studies side by side (claims 5-8 counted per
     * claim and comparison by comparison); a folder given twice, a missing one or one that is not a fine-tuning study
     * gets one line and exit code 2.
     */
    @Test
    void reportSetsSeveralEnvironmentsStudiesSideBySide() throws java.io.IOException {
        String hopper = Path.of("..", "notebooks", "recorded", "finetune-hopper-claims").toString();
        String cheetah = Path.of("..", "notebooks", "recorded", "finetune-halfcheetah-claims").toString();
        CliRun r = CliRun.of("report", "--study", hopper, "--study", cheetah, "--csv", tmp.resolve("across.csv").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Hopper (5 seeds, 15,000 steps)") && r.out().contains("HalfCheetah (5 seeds"), r.out());
        // the CSV is long: a study column, then each study's own verdict rows, the same as its single-study CSV
        Table v = Table.read().csv(tmp.resolve("across.csv").toFile());
        assertEquals(java.util.List.of("study", "folder", "claim", "measure", "comparison", "estimator", "estimate"),
                v.columnNames().subList(0, 7));
        assertEquals(java.util.List.of(hopper, cheetah), v.stringColumn("folder").unique().asList());
        assertEquals(CliRun.of("report", "--study", cheetah, "--csv", tmp.resolve("cheetah.csv").toString()).code(), 0);
        Table alone = Table.read().csv(tmp.resolve("cheetah.csv").toFile());
        // its claims 5-8 rows: the single-study CSV goes on with the fault-shift and state-action claims (F, SA)
        alone = alone.where(alone.stringColumn("claim").matchesRegex("^[0-9].*"));
        Table cheetahRows = v.where(v.stringColumn("study").startsWith("HalfCheetah ("));
        assertEquals(16, alone.rowCount());
        assertEquals(alone.doubleColumn("estimate").asList(), cheetahRows.doubleColumn("estimate").asList());
        assertEquals(alone.stringColumn("verdict").asList(), cheetahRows.stringColumn("verdict").asList());
        assertEquals(2 * alone.rowCount(), v.rowCount(), "the Hopper study has the same comparisons");
        CliRun md = CliRun.of("report", "--study", hopper, "--study", cheetah, "--markdown");
        assertEquals(0, md.code(), md.err());
        assertTrue(md.out().startsWith("**Budgets**: Hopper: 5 training seeds"), md.out());
        assertTrue(r.out().startsWith("Budgets: Hopper: 5 training seeds"), "the text report states budgets too");
        // an existing file of another kind is not overwritten by the CSV (a README.md given by mistake)
        Path readme = Files.writeString(tmp.resolve("README.md"), "# keep me\n");
        CliRun overwrite = CliRun.of("report", "--study", hopper, "--csv", readme.toString());
        assertEquals(2, overwrite.code(), overwrite.err());
        assertTrue(overwrite.err().contains("exists and is not a .csv file; it would be overwritten"), overwrite.err());
        assertEquals("# keep me\n", Files.readString(readme));
        String pex = Path.of("..", "notebooks", "recorded", "pex-rpex-hopper-claim9").toString();
        for (String[] bad : java.util.List.of(new String[] {hopper, hopper}, new String[] {hopper, tmp.resolve("nope").toString()},
                new String[] {hopper, Path.of("..", "notebooks", "recorded", "robustness-hopper").toString()},
                new String[] {hopper, pex}, new String[] {pex, hopper})) {
            CliRun e = CliRun.of("report", "--study", bad[0], "--study", bad[1]);
            assertEquals(2, e.code(), e.err());
            assertEquals(1, e.err().lines().count(), e.err());
            assertTrue(e.err().contains("given twice") || e.err().contains("does not exist")
                    || e.err().contains("is not a fine-tuning study") || e.err().contains("is not a policy-expansion study"),
                    e.err());
        }
    }

    /**
     * Several policy-expansion studies: the committed claim-9 studies side by side (final returns and claim 9's
     * verdicts per environment), as text, markdown and CSV; an unfinished one is refused with its resume command.
     */
    @Test
    void reportSetsSeveralClaimNineStudiesSideBySide() throws java.io.IOException {
        String hopper = Path.of("..", "notebooks", "recorded", "pex-rpex-hopper-claim9").toString();
        String cheetah = Path.of("..", "notebooks", "recorded", "pex-rpex-halfcheetah-claim9").toString();
        CliRun r = CliRun.of("report", "--study", hopper, "--study", cheetah, "--csv", tmp.resolve("claim9.csv").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("Budgets: Hopper, medium 20,000: 20,000 transitions of the shipped medium policy"), r.out());
        assertTrue(r.out().contains("HalfCheetah, medium-replay (5 seeds, 3,000 steps)")
                && r.out().contains("HalfCheetah, medium-replay: Claim 9 over 5 training seeds"), r.out());
        Table v = Table.read().csv(tmp.resolve("claim9.csv").toFile());
        assertEquals(java.util.List.of("study", "folder", "claim", "measure", "comparison", "estimator", "estimate",
                "95% CI", "Holm CI", "p", "p (Holm)", "t-test p (Holm)", "n", "verdict"), v.columnNames());
        assertEquals(java.util.List.of(hopper, hopper, cheetah, cheetah), v.stringColumn("folder").asList());
        assertEquals(java.util.List.of("Hopper, medium 20,000 (5 seeds, 3,000 steps)",
                "Hopper, medium 20,000 (5 seeds, 3,000 steps)", "HalfCheetah, medium-replay (5 seeds, 3,000 steps)",
                "HalfCheetah, medium-replay (5 seeds, 3,000 steps)"), v.stringColumn("study").asList(),
                "RPEX vs PEX and RPEX vs RIQL per study");
        assertEquals(CliRun.of("report", "--study", hopper, "--csv", tmp.resolve("hopper9.csv").toString()).code(), 0);
        Table alone = Table.read().csv(tmp.resolve("hopper9.csv").toFile());
        assertEquals(alone.doubleColumn("estimate").asList(), v.doubleColumn("estimate").asList().subList(0, 2));
        CliRun md = CliRun.of("report", "--study", hopper, "--study", cheetah, "--markdown");
        assertEquals(0, md.code(), md.err());
        assertTrue(md.out().startsWith("**Budgets**: Hopper, medium 20,000:") && md.out().contains("| run | Hopper, medium 20,000"), md.out());
        // a study with a run not finished: one line naming the resume command
        Path partial = tmp.resolve("partial");
        Files.createDirectories(partial);
        Files.copy(Path.of(cheetah, "plan.json"), partial.resolve("plan.json"));
        CliRun unfinished = CliRun.of("report", "--study", hopper, "--study", partial.toString());
        assertEquals(2, unfinished.code(), unfinished.err());
        assertEquals(1, unfinished.err().lines().count(), unfinished.err());
        assertTrue(unfinished.err().contains("not finished") && unfinished.err().contains("rrl finetune --config"),
                unfinished.err());
        // a broken plan.json is named as such, in either place, not taken for another kind of study
        Path broken = tmp.resolve("broken");
        Files.createDirectories(broken);
        Files.writeString(broken.resolve("plan.json"), "{\"env\": \"Hopper\", \"runs\": [");
        for (String[] pair : java.util.List.of(new String[] {broken.toString(), hopper}, new String[] {hopper, broken.toString()})) {
            CliRun b = CliRun.of("report", "--study", pair[0], "--study", pair[1]);
            assertEquals(2, b.code(), b.err());
            assertEquals(1, b.err().lines().count(), b.err());
            assertTrue(b.err().contains("--study " + broken + ": its plan.json is JSON that ends early"), b.err());
        }
        // a repeated key in it (StrictJson, as every JSON file rrl reads) is named with its fix
        Files.writeString(broken.resolve("plan.json"), "{\"env\": \"Hopper\", \"env\": \"Walker2d\"}");
        CliRun twiceKey = CliRun.of("report", "--study", hopper, "--study", broken.toString());
        assertEquals(2, twiceKey.code(), twiceKey.err());
        assertTrue(twiceKey.err().contains("its plan.json has a duplicate key \"env\""), twiceKey.err());
        // --faults has nothing to read in policy-expansion studies: the line says so at once
        CliRun faults = CliRun.of("report", "--study", hopper, "--study", cheetah, "--faults");
        assertEquals(2, faults.code(), faults.err());
        assertTrue(faults.err().contains("a policy-expansion study has no such phase: drop --faults"), faults.err());
        // a plan.json whose "dataset" was changed after the run would put another dataset's name on these numbers
        Path relabelled = tmp.resolve("relabelled");
        rrl.io.TestFolders.copy(Path.of(cheetah), relabelled);
        Files.writeString(relabelled.resolve("plan.json"), Files.readString(relabelled.resolve("plan.json"))
                .replace("halfcheetah-medium-replay-rrl.hdf5", "halfcheetah-expert-rrl.hdf5"));
        CliRun wrong = CliRun.of("report", "--study", relabelled.toString());
        assertEquals(2, wrong.code(), wrong.err());
        assertEquals(1, wrong.err().lines().count(), wrong.err());
        assertTrue(wrong.err().contains("plan.json's \"dataset\" (halfcheetah-expert-rrl.hdf5) is not the data the study's "
                + "data phase read (halfcheetah-medium-replay-rrl.hdf5"), wrong.err());
    }

    /**
     * rrl report --faults reads a study's fault-shift phase (HalfCheetah's committed one) as text, markdown and CSV; the
     * full report has it after claims 5-8; a study without the phase, several studies or another kind are one line.
     */
    @Test
    void reportFaultsReadsAStudysFaultShiftPhase() throws java.io.IOException {
        String cheetah = Path.of("..", "notebooks", "recorded", "finetune-halfcheetah-claims").toString();
        String hopper = Path.of("..", "notebooks", "recorded", "finetune-hopper-claims").toString();
        CliRun r = CliRun.of("report", "--study", cheetah, "--faults", "--csv", tmp.resolve("f.csv").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("return under each fault family") && r.out().contains("F2: adversarial fine-tuning "
                + "beats pi_off under unseen faults") && !r.out().contains("Claims 5-8"), r.out());
        Table v = Table.read().csv(tmp.resolve("f.csv").toFile());
        assertEquals(12, v.rowCount(), "6 unseen families x F1, F2");
        CliRun md = CliRun.of("report", "--study", cheetah, "--faults", "--markdown");
        assertEquals(0, md.code(), md.err());
        assertTrue(md.out().startsWith("**HalfCheetah: return under each fault family"), md.out());
        CliRun full = cheetahReport();
        assertTrue(full.out().indexOf("claims F1-F2") > full.out().indexOf("Claims 5-8"), full.out());
        for (String[] bad : java.util.List.of(new String[] {"--study", hopper, "--faults"},
                new String[] {"--study", hopper, "--study", cheetah, "--faults"},
                new String[] {"--study", Path.of("..", "notebooks", "recorded", "robustness-hopper").toString(), "--faults"})) {
            reportRefusedInOneLine(bad, "ran no fault-shift phase", "give one --study", "is not a fine-tuning study");
        }
    }

    /**
     * rrl report --state-action reads a study's state-action phase (HalfCheetah's committed one) as text, markdown and
     * CSV; the full report has it after the fault part; a study without the phase, both parts at once, several studies
     * or another kind are one line.
     */
    @Test
    void reportStateActionReadsAStudysStateActionPhase() throws java.io.IOException {
        String cheetah = Path.of("..", "notebooks", "recorded", "finetune-halfcheetah-claims").toString();
        String hopper = Path.of("..", "notebooks", "recorded", "finetune-hopper-claims").toString();
        CliRun r = CliRun.of("report", "--study", cheetah, "--state-action", "--csv", tmp.resolve("s.csv").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("return under action and observation perturbations") && r.out().contains("SA2: "
                + "adversarial fine-tuning beats pi_off") && !r.out().contains("claims F1-F2"), r.out());
        assertEquals(12, Table.read().csv(tmp.resolve("s.csv").toFile()).rowCount(), "6 attacked cells x SA1, SA2");
        CliRun md = CliRun.of("report", "--study", cheetah, "--state-action", "--markdown");
        assertEquals(0, md.code(), md.err());
        assertTrue(md.out().startsWith("**HalfCheetah: return under action and observation perturbations"), md.out());
        CliRun full = cheetahReport();
        assertTrue(full.out().indexOf("claims SA1-SA2") > full.out().indexOf("claims F1-F2"), full.out());
        for (String[] bad : java.util.List.of(new String[] {"--study", hopper, "--state-action"},
                new String[] {"--study", cheetah, "--faults", "--state-action"},
                new String[] {"--study", hopper, "--study", cheetah, "--state-action"},
                new String[] {"--study", Path.of("..", "notebooks", "recorded", "robustness-hopper").toString(),
                        "--state-action"})) {
            reportRefusedInOneLine(bad, "ran no state-action phase", "give one --study", "is not a fine-tuning study",
                    "give one");
        }
    }

    /** {@code rrl report} with {@code args}: exit 2 and one line on stderr that contains one of {@code reasons}. */
    private static void reportRefusedInOneLine(String[] args, String... reasons) {
        String[] all = new String[args.length + 1];
        all[0] = "report";
        System.arraycopy(args, 0, all, 1, args.length);
        CliRun e = CliRun.of(all);
        assertEquals(2, e.code(), e.err());
        assertEquals(1, e.err().lines().count(), e.err());
        assertTrue(java.util.Arrays.stream(reasons).anyMatch(e.err()::contains), e.err());
    }

    /** rrl faults: every standard case of a shipped policy, the family table and faults.csv; a bad eps is one line. */
    @Test
    void faultsEvaluatesAPolicyUnderUnseenActuatorFaults() throws java.io.IOException {
        Path out = tmp.resolve("faults");
        CliRun r = CliRun.of("faults", "--policy", "shipped:expert", "--env", "Hopper", "--episodes", "2", "--threads", "1",
                "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("dead actuator 2") && r.out().contains("delay 3 steps")
                && r.out().contains("per fault family: share of the nominal return"), r.out());
        Table t = Table.read().csv(out.resolve("faults.csv").toFile());
        assertEquals(15, t.rowCount(), "nominal, 2 random, per-step, 3 x (dead, stuck, sign-flip), 2 delays");
        assertTrue(Files.exists(out.resolve("config.json")));
        // the same evaluation again may overwrite (same numbers); another one is refused before any episode
        CliRun again = CliRun.of("faults", "--policy", "shipped:expert", "--env", "Hopper", "--episodes", "2", "--threads",
                "1", "--out", out.toString());
        assertEquals(0, again.code(), again.err());
        CliRun other = CliRun.of("faults", "--policy", "shipped:expert", "--env", "Hopper", "--episodes", "3", "--out",
                out.toString());
        assertEquals(2, other.code(), other.err());
        assertTrue(other.err().contains("holds the results of another evaluation: episodes (2 -> 3)"), other.err());
        CliRun bad = CliRun.of("faults", "--policy", "shipped:expert", "--env", "Hopper", "--eps", "0");
        assertEquals(2, bad.code(), bad.err());
        assertEquals(1, bad.err().lines().count(), bad.err());
    }

    /** rrl robustness runs a tiny study over a method with two trained policies; report reads it back. */
    @Test
    void robustnessRunsAStudyAndReportReadsItBack() {
        Path out = tmp.resolve("rob");
        CliRun r = CliRun.of("robustness", "--env", "Hopper", "--policies",
                "TD3+BC|expert|shipped:td3bc-expert,shipped:td3bc-expert-s1;SAC|online|shipped:expert", "--episodes", "2",
                "--generations", "0", "--np", "4", "--replicates", "1", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("not testable (n < 5)"), r.out());
        CliRun back = CliRun.of("report", "--study", out.toString(), "--markdown");
        assertEquals(0, back.code(), back.err());
        assertTrue(back.out().contains("TD3+BC (expert): 2 independently trained policies"), back.out());
        assertFalse(back.out().contains("Claims 3 and 4"), "no claim-3/4 subjects: the report reads as before");
        CliRun bad = CliRun.of("robustness", "--env", "Hopper", "--policies", "TD3+BC|expert", "--out", out.toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("METHOD|DATA|POLICY"), bad.err());
        // --cost: the expected core-hours per run kind, measured here, and nothing run or written
        Path notMade = tmp.resolve("not-made");
        CliRun cost = CliRun.of("robustness", "--env", "Hopper", "--policies",
                "TD3+BC|expert|shipped:td3bc-expert,shipped:td3bc-expert-s1;SAC|online|shipped:expert", "--episodes", "100",
                "--replicates", "2", "--cost", "--out", notMade.toString());
        assertEquals(0, cost.code(), cost.err());
        assertTrue(cost.out().contains("Expected cost of the Hopper robustness study (3 trained policies, 2 replicates "
                + "each; DE NP 45, 30 generations, M 3; 100 evaluation episodes per condition and policy)"), cost.out());
        // 6 attacks of 31 generations x NP 45 x M 3 episodes; 3 policies x 100 episodes x 3 conditions; 1,000 steps each
        assertTrue(cost.out().contains("25,110,000") && cost.out().contains("robustness-evaluation")
                && cost.out().contains("900,000") && cost.out().contains("26,010,000"), cost.out());
        assertFalse(Files.exists(notMade), "--cost runs nothing");
        CliRun noOut = CliRun.of("robustness", "--env", "Hopper", "--policies", "SAC|online|shipped:expert");
        assertEquals(2, noOut.code(), noOut.err());
        assertEquals("rrl: error: --out is missing: give the study folder (or --cost for the cost alone)", noOut.err().strip());
    }

    /**
     * A study of one method on expert and on medium data: report adds Table 2 and the claim-3 verdicts (as text,
     * markdown and CSV rows after claims 1-2's). The labels are what report reads; the policies are shipped ones.
     */
    @Test
    void reportAddsClaimThreeForAMethodOnExpertAndMediumData() throws java.io.IOException {
        Path out = tmp.resolve("rob3");
        CliRun r = CliRun.of("robustness", "--env", "Hopper", "--policies",
                "TD3+BC|expert|shipped:td3bc-expert;TD3+BC medium|medium|shipped:td3bc-expert-s1", "--episodes", "2",
                "--generations", "0", "--np", "4", "--replicates", "1", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        CliRun text = CliRun.of("report", "--study", out.toString(), "--csv", tmp.resolve("v3.csv").toString());
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("paper 2's Table 2") && text.out().contains("Claims 3 and 4")
                && text.out().contains("TD3+BC on medium data (1 trained policy) against expert data"), text.out());
        assertFalse(text.out().contains("Table 3"), text.out());
        Table v = Table.read().csv(tmp.resolve("v3.csv").toFile());
        // claims 1-2 are Table 1's (expert data and online): the medium-data method is claim 3's alone
        assertEquals(java.util.List.of("1: normal > random > adversarial", "1: normal > random > adversarial",
                rrl.report.DatasetClaims.CLAIM_3, rrl.report.DatasetClaims.CLAIM_3), v.stringColumn("claim").asList());
        CliRun md = CliRun.of("report", "--study", out.toString(), "--markdown");
        assertEquals(0, md.code(), md.err());
        assertTrue(md.out().contains("**Claims 3 and 4"), md.out());
    }
}
