package rrl.experiment.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import rrl.checkpoint.Checkpoint;
import rrl.experiment.ExecutorSettings;
import rrl.experiment.FineTuningStudy;
import rrl.experiment.RunKinds;
import rrl.results.RunFolder;

/**
 * A Spark standalone cluster on this machine (a master and two one-core workers, started here): the study runs on
 * it; the executor JVM running a fine-tuning run is killed once that run has checkpointed and before it finished;
 * Spark reruns the task on a new executor, the run resumes from its checkpoint (it writes no earlier one again),
 * and every run ends with the files of the uninterrupted local study.
 */
class StandaloneClusterTest {
    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void aRunWhoseExecutorIsKilledResumesOnARetryAndEndsAsIfUninterrupted() throws Exception {
        Path reference = Studies.reference();
        Path dir = tmp.resolve("study");
        Path run = dir.resolve("adversarial-fixed-s0");
        long t0 = System.nanoTime();
        ExecutorService driver = Executors.newSingleThreadExecutor();
        try (StandaloneCluster cluster = StandaloneCluster.start(tmp.resolve("cluster"), 2, "3g")) {
            double startSeconds = (System.nanoTime() - t0) / 1e9;
            Map<String, String> conf = Map.of("spark.driver.host", "127.0.0.1", "spark.driver.bindAddress", "127.0.0.1",
                    "spark.executor.memory", "2g", "spark.executor.extraClassPath", cluster.folders());
            try (SparkExecutor e = new SparkExecutor(new ExecutorSettings("spark", cluster.master(), 2, 1, true), conf, null)) {
                Future<FineTuningStudy.Results> study = driver.submit(() -> FineTuningStudy.run(Studies.plan(Studies.STEPS), dir, e));
                long killed = -1;
                long stepAtKill = -1;
                Object fileAtKill = null;
                List<Long> checkpointsAfter = new ArrayList<>(); // steps of the checkpoints written after the kill
                Object last = null;
                Path ckpt = run.resolve("training.ckpt");
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
                while (!study.isDone()) {
                    if (System.nanoTime() > deadline) {
                        fail("the study did not finish within 4 minutes:\n" + cluster.logs());
                    }
                    if (killed < 0 && Files.exists(ckpt) && !Files.exists(run.resolve(RunKinds.RESULT))) {
                        fileAtKill = last = Files.readAttributes(ckpt, BasicFileAttributes.class).fileKey();
                        stepAtKill = Checkpoint.read(ckpt).longs("trainer")[0];
                        killed = holder(run);
                        ProcessHandle executor = ProcessHandle.of(killed).orElseThrow();
                        String cmd = executor.info().commandLine().orElse("");
                        assertTrue(cmd.contains("CoarseGrainedExecutorBackend"), "the run's lock holder is an executor: " + cmd);
                        executor.destroyForcibly();
                        executor.onExit().get(30, TimeUnit.SECONDS);
                    } else if (killed >= 0) {
                        // a checkpoint is replaced by a move: a new file is a new checkpoint
                        try {
                            Object now = Files.readAttributes(ckpt, BasicFileAttributes.class).fileKey();
                            if (!now.equals(last)) {
                                checkpointsAfter.add(Checkpoint.read(ckpt).longs("trainer")[0]);
                                last = now;
                            }
                        } catch (IOException | UncheckedIOException between) {
                            // replaced while read: the next look sees it
                        }
                    }
                    Thread.sleep(10);
                }
                if (killed < 0) {
                    study.get(); // its failure, if that is why it is done
                    fail("the run finished before its executor could be killed after its first checkpoint");
                }
                try {
                    study.get(4, TimeUnit.MINUTES); // throws if any run failed
                } catch (Exception ex) {
                    throw new AssertionError("the study failed on the cluster: " + ex + "\n" + cluster.logs(), ex);
                }
                assertTrue(stepAtKill > 0 && stepAtKill < Studies.STEPS, "killed after a checkpoint on the way, at step " + stepAtKill);
                assertNotEquals(killed, holder(run), "a new executor JVM finished the run");
                // resumed, not started over: a new start would have checkpointed at step ~150 again on its way
                assertEquals(List.of(Studies.STEPS), checkpointsAfter, "checkpoints after the kill at step " + stepAtKill
                        + " (" + fileAtKill + ")");
            }
            System.out.printf("standalone cluster: started in %.1f s; study with a killed executor %.1f s in all%n",
                    startSeconds, (System.nanoTime() - t0) / 1e9);
        } finally {
            driver.shutdownNow();
        }
        Studies.assertKeyFilesExist(dir);
        Studies.assertSameFiles(reference, dir);
        assertEquals(Files.readString(reference.resolve("adversarial-fixed-s0/metrics.csv")),
                Files.readString(run.resolve("metrics.csv")));
    }

    /** The pid that holds (or last held) a run folder's lock: its .lock reads "pid N since ...". */
    private static long holder(Path run) throws IOException {
        String who = Files.readString(run.resolve(RunFolder.LOCK)).strip();
        assertTrue(who.startsWith("pid "), who);
        return Long.parseLong(who.split(" ")[1]);
    }
}
