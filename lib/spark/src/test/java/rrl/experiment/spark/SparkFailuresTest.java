package rrl.experiment.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rrl.experiment.ExecutorSettings;
import rrl.experiment.RobustnessRuns;
import rrl.experiment.RunKind;
import rrl.experiment.RunKinds;
import rrl.experiment.RunResult;
import rrl.experiment.RunSpec;
import rrl.results.Resources;
import rrl.results.RunFolder;

/** Failing runs are failed rows and the others finish; bad settings are one line; the engine is found by name. */
class SparkFailuresTest {
    @TempDir
    Path tmp;

    /** A run kind whose every run fails as a worker without a native library would: an Error, not an exception. */
    record Crash(long seed) {}

    static final RunKind<Crash> CRASH = new RunKind<>() {
        @Override
        public String name() {
            return "crash";
        }

        @Override
        public Class<Crash> configType() {
            return Crash.class;
        }

        @Override
        public Path run(Crash c, RunFolder folder, Resources resources, boolean progress) {
            throw new UnsatisfiedLinkError("no mujoco in java.library.path");
        }
    };

    private static RunSpec evaluation(Path root, long seed) {
        return RunSpec.of(root, "evaluation-s" + seed, RobustnessRuns.EVALUATION, new RobustnessRuns.Evaluation("Hopper",
                "shipped:td3bc-expert", 0.3, new double[3], 2, 2, seed));
    }

    @Test
    void failingRunsAreFailedRowsAndTheOthersFinish() throws IOException {
        Path root = tmp.resolve("sweep");
        Path notAFolder = Files.writeString(tmp.resolve("not-a-folder"), "a file where a results root should be");
        List<RunSpec> runs = List.of(
                evaluation(root, 0),
                evaluation(notAFolder, 1), // its folder cannot be made: fails inside the task, no retry
                RunSpec.of(root, "crash-s0", CRASH, new Crash(0)), // an Error: Spark retries it, then gives up
                evaluation(root, 2));
        List<RunResult> rows;
        long t0 = System.nanoTime();
        try (SparkExecutor e = new SparkExecutor(new ExecutorSettings("spark", "local[2]", 2, 1, true), Map.of(),
                () -> RunKinds.standard().with(CRASH))) {
            rows = e.execute(runs);
        }
        System.out.printf("failing sweep on local[2]: %.1f s%n", (System.nanoTime() - t0) / 1e9);
        assertEquals(runs.stream().map(RunSpec::name).toList(), rows.stream().map(RunResult::name).toList(), "rows in run order");
        assertTrue(rows.get(0).ok() && rows.get(3).ok(), rows.toString());
        assertTrue(Files.isRegularFile(root.resolve("evaluation-s2/episodes.csv")));
        assertTrue(Files.isRegularFile(root.resolve("evaluation-s2/" + RunKinds.RESULT)));

        assertFalse(rows.get(1).ok());
        assertTrue(rows.get(1).error().contains("not-a-folder"), rows.get(1).error());
        assertFalse(rows.get(2).ok());
        String crash = rows.get(2).error();
        assertTrue(crash.contains("failed " + SparkExecutor.TASK_MAX_FAILURES + " times") && crash.contains("UnsatisfiedLinkError")
                && !crash.contains("\n"), crash);
        assertFalse(Files.exists(root.resolve("crash-s0/" + RunKinds.RESULT)));
    }

    @Test
    void theEngineIsFoundByNameAndBadMastersAreOneLine() throws IOException {
        assertTrue(ExecutorSettings.providerNames().contains("spark"), ExecutorSettings.providerNames().toString());
        try (SparkExecutor e = assertInstanceOf(SparkExecutor.class, new ExecutorSettings("spark", null, 2, 3, false).create())) {
            assertEquals("local[6,4]", e.master(), "parallel runs of 3 threads each");
            assertEquals("3", e.sparkConf().get("spark.task.cpus"));
            assertEquals("false", e.sparkConf().get("spark.speculation"));
            assertTrue(e.sparkConf().get("spark.executor.extraJavaOptions").contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED"));
        }
        assertEquals("local[*,4]", SparkExecutor.master(new ExecutorSettings("spark", "local[*]", 1, 1, false)));
        assertEquals("local[3,2]", SparkExecutor.master(new ExecutorSettings("spark", "local[3,2]", 1, 1, false)));

        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort(); // free once closed: nothing listens there
        }
        String unreachable = "spark://127.0.0.1:" + closed;
        IllegalArgumentException down = assertThrows(IllegalArgumentException.class,
                () -> new ExecutorSettings("spark", unreachable, 1, 1, false).create());
        assertTrue(down.getMessage().startsWith("no Spark master answers at 127.0.0.1:" + closed)
                && down.getMessage().contains("fix --master") && !down.getMessage().contains("\n"), down.getMessage());
        for (String bad : List.of("local[two]", "spark://", "spark://host", "mesos://host:5050", "127.0.0.1:7077")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new ExecutorSettings("spark", bad, 1, 1, false).create(), bad);
            assertTrue(e.getMessage().contains("--master '" + bad + "'") && !e.getMessage().contains("\n"), e.getMessage());
        }
        for (String missing : List.of("yarn", "k8s://https://127.0.0.1:6443")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new ExecutorSettings("spark", missing, 1, 1, false).create(), missing);
            assertTrue(e.getMessage().contains("module, which the Spark executor does not include"), e.getMessage());
        }
        // Spark itself refuses these when the context starts (a checked SparkException): one line too
        for (String[] refused : List.of(new String[] {"local[0]", "1"}, new String[] {"local[1]", "2"})) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ExecutorSettings("spark",
                    refused[0], 1, Integer.parseInt(refused[1]), false).create().execute(rrl.experiment.FineTuningStudy.phases(Studies.plan(300), tmp.resolve("refused")).get(0).runs()),
                    refused[0]);
            assertTrue(e.getMessage().startsWith("cannot start Spark with master " + refused[0].replace("]", ",4]"))
                    && !e.getMessage().contains("\n"), e.getMessage());
        }
    }
}
