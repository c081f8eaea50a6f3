package rrl.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import rrl.experiment.FineTuningStudy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Short fine-tuning runs from the shipped TD3+BC Hopper learner. */
class AdversarialFineTuningTest {
    @TempDir
    Path tmp;

    /** Holds the uninterrupted study, shared by the tests of this class. */
    @TempDir
    static Path shared;

    private static FineTuningStudy.Results wholeStudy;

    /** learningStarts 0: the update schedule before issue 14, so the pinned numbers below still apply. */
    private static String plan(Path out, String runs) {
        return "{\"env\": \"Hopper\", \"learningStarts\": 0, \"datasetSize\": 2000, \"attackGenerations\": 1, \"attackPopulation\": 6,"
                + " \"attackEpisodes\": 1, \"steps\": 1200, \"evalEvery\": 400, \"evalEpisodes\": 2, \"checkpointEvery\": 200, \"seeds\": [0], \"out\": \"" + out + "\", \"runs\": [" + runs + "]}";
    }

    private static final String ADAPTIVE = "{\"name\": \"adv\", \"condition\": \"adversarial\", \"curriculum\": \"adaptive\"}";

    private static final String NORMAL_AND_LINEAR = "{\"name\": \"normal\", \"condition\": \"normal\", \"curriculum\": \"fixed\"},"
            + "{\"name\": \"lin\", \"condition\": \"random\", \"curriculum\": \"linear\"}";

    /**
     * One uninterrupted study of the three runs (normal, lin and the adaptive adv) in {@code shared/whole}, run once
     * for the class: a run's numbers depend on its own seed and the shared setup, not on the other runs of its study,
     * so both tests read it (one setup and one offline-only baseline instead of two).
     */
    private static synchronized FineTuningStudy.Results whole() throws java.io.IOException {
        if (wholeStudy == null) {
            Path plan = Files.writeString(shared.resolve("whole.json"), plan(shared.resolve("whole"),
                    NORMAL_AND_LINEAR + "," + ADAPTIVE));
            wholeStudy = FineTuningStudy.run(FineTuningStudy.Plan.read(plan), false);
        }
        return wholeStudy;
    }

    /**
     * The resume test: a run killed with SIGKILL (a real `kill -9` of a separate JVM running `rrl finetune`)
     * and run again ends with the same metrics as an uninterrupted run of the same seed.
     */
    @Test
    void aRunKilledWithSigkillResumesToTheSameNumbers() throws Exception {
        whole();
        Path whole = shared.resolve("whole");
        Path killed = tmp.resolve("killed");
        Path planKilled = Files.writeString(tmp.resolve("killed.json"), plan(killed, ADAPTIVE));

        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector",
                "-Drrl.project.dir=" + System.getProperty("rrl.project.dir", ".."), "-cp", System.getProperty("java.class.path"),
                "rrl.cli.Main", "finetune", "--config", planKilled.toString(), "--threads", "1")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
        Path ckpt = killed.resolve("adv-s0").resolve("training.ckpt");
        Path metrics = killed.resolve("adv-s0").resolve("metrics.csv");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
        // Kill after the first evaluation and a later checkpoint: mid-run, with curriculum state to restore.
        while (!(Files.exists(metrics) && Files.exists(ckpt) && Files.getLastModifiedTime(ckpt).compareTo(
                Files.getLastModifiedTime(metrics)) > 0) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(p.isAlive(), "the child finished before it could be killed: " + Files.readString(tmp.resolve("child.log")));
        p.destroyForcibly(); // SIGKILL on Linux
        p.waitFor();
        assertEquals(137, p.exitValue(), "killed by SIGKILL");
        List<AdversarialFineTuning.EvalPoint> before = AdversarialFineTuning.readMetrics(metrics);
        assertTrue(before.size() < 3, "killed mid-run");

        FineTuningStudy.run(FineTuningStudy.Plan.read(planKilled), false);
        assertEquals(Files.readString(whole.resolve("adv-s0").resolve("metrics.csv")), Files.readString(metrics));
        List<AdversarialFineTuning.EvalPoint> after = AdversarialFineTuning.readMetrics(metrics);
        assertEquals(3, after.size());
        // the same numbers as the hand-written fine-tuning loop before the shared TrainingLoop (commit db36c26),
        // recorded with 16-float vectors (the kernels pad to the vector species)
        if (jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length() != 16) {
            return;
        }
        assertEquals(List.of(101.14151090974617, 12.518596867265874, 605.3041558763944),
                after.stream().map(AdversarialFineTuning.EvalPoint::normalMean).toList());
        assertEquals(List.of(1617.558676035746, 11.749376959322262, 359.47994059689154),
                after.stream().map(AdversarialFineTuning.EvalPoint::adversarialMean).toList());
        assertEquals(0.4829941761554375, after.get(2).q());
    }

    /** The curriculum's q is logged, condition "normal" keeps q = 0, and the study reads back from disk. */
    @Test
    void studyRecordsQAndReadsBack() throws Exception {
        Path out = shared.resolve("whole");
        FineTuningStudy.Results r = whole();
        List<AdversarialFineTuning.EvalPoint> lin = r.runs().get("lin").get(0L);
        assertEquals(List.of(0.0, 0.0, 0.0), r.runs().get("normal").get(0L).stream().map(AdversarialFineTuning.EvalPoint::q).toList());
        // Linear from 0 to 1 over 1200 steps, updated after each evaluation: q in force at 400, 800, 1200.
        assertEquals(0.0, lin.get(0).q(), 1e-12);
        assertEquals(1.0 / 3, lin.get(1).q(), 1e-12);
        assertEquals(2.0 / 3, lin.get(2).q(), 1e-12);
        assertEquals(0.0, r.runs().get("normal").get(0L).get(2).perturbedShare());
        assertTrue(lin.get(2).perturbedShare() > 0);
        FineTuningStudy.Results back = FineTuningStudy.load(out);
        assertEquals(r.runs(), back.runs());
        assertEquals(r.offlineOnly(), back.offlineOnly());
        assertTrue(Files.exists(out.resolve("attack-pi-off").resolve("delta.csv")));
        // pi_off is the shipped expert-level TD3+BC policy: strong nominally, weak under its DE attack.
        AdversarialFineTuning.EvalPoint off = r.offlineOnly().get(0L);
        assertTrue(off.normalMean() > 3000 && off.adversarialMean() < 0.5 * off.normalMean(), off.toString());
    }
}
