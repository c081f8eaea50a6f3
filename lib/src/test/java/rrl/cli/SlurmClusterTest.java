package rrl.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rrl.experiment.FineTuningStudy;
import rrl.results.Resources;

/**
 * {@code rrl sweep slurm} on a real one-node Slurm (environment/slurm-local.sh: munged, slurmctld, slurmd on
 * loopback): the three arrays are submitted and run in order; one task of the runs phase is killed and requeued
 * with {@code scontrol requeue} once its run has a checkpoint, and it resumes from it. Every run ends done, and its
 * files are byte-identical to the same plan run uninterrupted in this process.
 */
class SlurmClusterTest {
    private static final Path PROJECT = Path.of(System.getProperty("rrl.project.dir", "..")).toAbsolutePath().normalize();
    private static final Path SCRIPT = PROJECT.resolve("environment/slurm-local.sh");
    private static final long DEADLINE_SECONDS = 240;
    private static final Pattern TASK = Pattern.compile("ArrayJobId=(\\d+) ArrayTaskId=(\\S+) .*?JobState=(\\S+) "
            + "Reason=(\\S+)");

    @TempDir
    Path tmp;

    /** Room for the requeue: a few seconds of training, with a checkpoint every 200 steps. */
    private Path plan(Path out) throws IOException {
        return Files.writeString(tmp.resolve(out.getFileName() + ".json"), "{\"env\": \"Hopper\", \"datasetSize\": 2000, "
                + "\"attackGenerations\": 1, \"attackPopulation\": 6, \"attackEpisodes\": 1, \"steps\": 800, "
                + "\"evalEvery\": 400, \"evalEpisodes\": 2, \"checkpointEvery\": 200, \"seeds\": [0, 1], \"out\": \"" + out
                + "\", \"runs\": [{\"name\": \"adversarial-fixed\", \"condition\": \"adversarial\"}]}");
    }

    @Test
    void aRequeuedTaskResumesAndTheStudyEqualsTheInProcessOne() throws Exception {
        requireSlurmAndJar();
        // munged wants every folder above its socket searchable by all; JUnit makes its folder owner-only
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Path cluster = tmp.resolve("cluster");
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("PATH", env.getOrDefault("PATH", "/usr/bin:/bin") + ":/usr/sbin:/sbin");
        env.put("SLURM_CONF", cluster.resolve("slurm.conf").toString());
        // the script's watcher stops the daemons if this JVM dies before the finally below runs
        env.put("RRL_SLURM_WATCH_PID", Long.toString(ProcessHandle.current().pid()));
        long t0 = System.nanoTime();
        Throwable failed = null;
        try {
            Out start = run(env, 60, "bash", SCRIPT.toString(), "start", cluster.toString());
            assertEquals(0, start.code(), "slurm-local.sh start failed:\n" + start.text() + logs(cluster));
            stamp(t0, "cluster up");

            Path study = tmp.resolve("slurm-study");
            Path plan = plan(study);
            Out submit = run(env, 120, "bash", PROJECT.resolve("bin/rrl").toString(), "sweep", "slurm", "--plan",
                    plan.toString());
            assertEquals(0, submit.code(), submit.text());
            Map<String, String> jobs = new LinkedHashMap<>();
            Matcher m = Pattern.compile("(?m)^(setup|runs|re-attacks): job (\\d+)$").matcher(submit.text());
            while (m.find()) {
                jobs.put(m.group(1), m.group(2));
            }
            assertEquals(FineTuningStudy.PHASES, List.copyOf(jobs.keySet()), submit.text());
            stamp(t0, "submitted " + jobs);

            // adversarial-fixed-s0 is task 2 of the runs array (offline-only x 2 come first; see sweep status)
            String task = jobs.get("runs") + "_2";
            Path run = study.resolve("adversarial-fixed-s0");
            boolean requeued = false;
            while (!requeued) {
                deadline(t0, cluster, study, "the requeue of " + task);
                if (Files.exists(run.resolve("result.json"))) {
                    fail("adversarial-fixed-s0 finished before it could be requeued" + logs(cluster) + slurmLogs(study));
                }
                if (Files.exists(run.resolve("training.ckpt"))) {
                    Out rq = run(env, 30, "scontrol", "requeue", task);
                    assertEquals(0, rq.code(), "scontrol requeue " + task + ": " + rq.text());
                    requeued = true;
                    stamp(t0, "requeued " + task);
                } else {
                    Thread.sleep(100);
                }
            }

            while (!finished(env, jobs, cluster, study)) {
                deadline(t0, cluster, study, "the arrays to finish");
                Thread.sleep(500);
            }
            stamp(t0, "the arrays finished");

            for (String line : jobLines(env, jobs)) {
                assertTrue(line.contains("JobState=COMPLETED") && line.contains("ExitCode=0:0"), line);
            }
            Out shown = run(env, 30, "scontrol", "show", "job", "-o", task);
            Matcher restarts = Pattern.compile("Restarts=(\\d+)").matcher(shown.text());
            assertTrue(restarts.find() && Integer.parseInt(restarts.group(1)) >= 1, "Slurm's restarts: " + shown.text());
            // the task's log (appended across attempts): killed mid-run, then resumed from its checkpoint and done
            String log = Files.readString(study.resolve("slurm/runs-2.log"));
            int second = log.indexOf(", restart 1\n");
            assertTrue(log.startsWith("== ") && log.contains(", restart 0\n") && second > 0, log);
            assertTrue(!log.substring(0, second).contains("adversarial-fixed-s0 (fine-tuning:"), "the first attempt "
                    + "finished before the requeue:\n" + log);
            String again = log.substring(second);
            assertTrue(Pattern.compile("resuming \\S+adversarial-fixed-s0 at step [1-9]").matcher(again).find(), log);
            assertTrue(Pattern.compile("adversarial-fixed-s0 \\(fine-tuning:\\w+\\): done").matcher(again).find(), log);

            CliRun status = CliRun.of("sweep", "status", "--plan", plan.toString());
            assertTrue(status.out().contains("7 done, 0 running, 0 failed, 0 stopped, 0 pending"), status.out());

            Path whole = tmp.resolve("whole");
            FineTuningStudy.run(FineTuningStudy.Plan.read(plan(whole)), new Resources(1, tmp), false);
            // policy.ckpt is a zip whose entries carry their write times, and its meta.json's key order changes from
            // one JVM to the next (Map.of): compare the tensors' bytes and meta.json's content
            Map<String, byte[]> want = zipEntries(whole.resolve("adversarial-fixed-s0/policy.ckpt"));
            Map<String, byte[]> got = zipEntries(study.resolve("adversarial-fixed-s0/policy.ckpt"));
            assertEquals(want.keySet(), got.keySet(), "policy.ckpt's entries");
            for (String e : want.keySet()) {
                if (e.equals("meta.json")) {
                    String w = new String(want.get(e), java.nio.charset.StandardCharsets.UTF_8);
                    String g = new String(got.get(e), java.nio.charset.StandardCharsets.UTF_8);
                    assertEquals(com.google.gson.JsonParser.parseString(w), com.google.gson.JsonParser.parseString(g),
                            "policy.ckpt's meta.json:\n" + w + "\n" + g);
                } else {
                    assertArrayEquals(want.get(e), got.get(e), "policy.ckpt: " + e);
                }
            }
            for (String f : List.of("adversarial-fixed-s0/metrics.csv", "adversarial-fixed-s1/metrics.csv",
                    "offline-only-s0/metrics.csv", "offline-only-s1/metrics.csv",
                    "reattack-adversarial-fixed-s0/worst-case.csv", "reattack-adversarial-fixed-s0/delta.csv",
                    "reattack-adversarial-fixed-s1/worst-case.csv", "reattack-adversarial-fixed-s1/delta.csv")) {
                assertArrayEquals(Files.readAllBytes(whole.resolve(f)), Files.readAllBytes(study.resolve(f)), f);
            }
            stamp(t0, "the in-process study finished; files compared");
        } catch (Throwable t) {
            failed = t;
            throw t;
        } finally {
            String left = stopCluster(env, cluster);
            if (left != null) {
                if (failed == null) {
                    fail(left);
                }
                failed.addSuppressed(new AssertionError(left));
            }
        }
    }

    /** Stops the cluster; null when it stopped and no process of it is left, else what went wrong. */
    private static String stopCluster(Map<String, String> env, Path cluster) throws Exception {
        Out stop = run(env, 60, "bash", SCRIPT.toString(), "stop", cluster.toString());
        if (stop.code() != 0) {
            return "slurm-local.sh stop failed:\n" + stop.text();
        }
        // the daemons name the cluster's folder on their command lines
        for (int i = 0; i < 50; i++) {
            List<String> alive = ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                    .map(p -> p.pid() + " " + p.info().commandLine().orElse(""))
                    .filter(c -> c.contains(cluster.toString()) && !c.contains("slurm-local.sh")).toList();
            if (alive.isEmpty()) {
                return null;
            }
            if (i == 49) {
                return "processes of the cluster outlived its stop: " + alive + "\n" + stop.text();
            }
            Thread.sleep(100);
        }
        return null;
    }

    private static Map<String, byte[]> zipEntries(Path zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(Files.newInputStream(zip))) {
            for (java.util.zip.ZipEntry e; (e = in.getNextEntry()) != null; ) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        assertTrue(entries.size() > 0, zip + " holds no entries");
        return entries;
    }

    /** Slurm's daemons on PATH (or in /usr/sbin) and the jar that bin/rrl runs in the tasks, not older than lib/src/main. */
    private static void requireSlurmAndJar() throws IOException {
        for (String exe : List.of("slurmctld", "slurmd", "sbatch", "scontrol", "munged")) {
            String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin";
            if (Stream.of(path.split(":")).noneMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, exe)))) {
                fail("Slurm is not installed: run environment/setup.sh (" + exe + " not found)");
            }
        }
        Path jar = PROJECT.resolve("lib/target/classpath/rrl-lib.jar");
        // bin/rrl rebuilds a jar older than a source; that must not happen inside the array tasks
        if (!Files.exists(jar)) {
            fail(jar + " is missing: build it first (mvn -DskipTests package, or environment/setup.sh)");
        }
        long built = Files.getLastModifiedTime(jar).toMillis();
        try (Stream<Path> files = Stream.concat(Files.walk(PROJECT.resolve("lib/src/main")),
                Stream.of(PROJECT.resolve("pom.xml"), PROJECT.resolve("lib/pom.xml")))) {
            Path newer = files.filter(f -> {
                try {
                    return Files.getLastModifiedTime(f).toMillis() > built;
                } catch (IOException e) {
                    return false;
                }
            }).findFirst().orElse(null);
            if (newer != null) {
                fail(jar + " is older than " + newer + ": rebuild it first (mvn -DskipTests package)");
            }
        }
    }

    /** True when every task of the three arrays has ended; fails at once when one failed or a phase can never start. */
    private static boolean finished(Map<String, String> env, Map<String, String> jobs, Path cluster, Path study)
            throws Exception {
        List<String> lines = jobLines(env, jobs);
        assertTrue(lines.size() >= jobs.size(), "scontrol lost the jobs: " + lines);
        boolean all = true;
        for (String line : lines) {
            Matcher t = TASK.matcher(line);
            assertTrue(t.find(), "not an array task: " + line);
            String state = t.group(3);
            if (List.of("FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL", "OUT_OF_MEMORY", "BOOT_FAIL", "DEADLINE")
                    .contains(state) || t.group(4).equals("DependencyNeverSatisfied")) {
                fail("job " + t.group(1) + "_" + t.group(2) + " " + state + " (" + t.group(4) + ")\n"
                        + String.join("\n", lines) + logs(cluster) + slurmLogs(study));
            }
            all &= state.equals("COMPLETED");
        }
        return all;
    }

    /** {@code scontrol show job -o} of each array: one line per task, or one for the tasks still pending together. */
    private static List<String> jobLines(Map<String, String> env, Map<String, String> jobs) throws Exception {
        List<String> lines = new ArrayList<>();
        for (String id : jobs.values()) {
            Out shown = run(env, 30, "scontrol", "show", "job", "-o", id);
            assertEquals(0, shown.code(), shown.text());
            shown.text().lines().filter(l -> l.startsWith("JobId=")).forEach(lines::add);
        }
        return lines;
    }

    private static void stamp(long t0, String what) {
        System.out.printf("SlurmClusterTest %5.1f s: %s%n", (System.nanoTime() - t0) / 1e9, what);
    }

    private static void deadline(long t0, Path cluster, Path study, String what) throws IOException {
        if (System.nanoTime() - t0 > TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS)) {
            fail("waited " + DEADLINE_SECONDS + " s for " + what + logs(cluster) + slurmLogs(study));
        }
    }

    /** The daemons' logs' tails, for a failure message. */
    private static String logs(Path cluster) throws IOException {
        return tails(cluster.resolve("log"), 15);
    }

    private static String slurmLogs(Path study) throws IOException {
        return tails(study.resolve("slurm"), 8);
    }

    private static String tails(Path dir, int lines) throws IOException {
        if (!Files.isDirectory(dir)) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
                List<String> all = Files.readAllLines(f);
                b.append("\n--- ").append(f).append('\n')
                        .append(String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size())));
            }
        }
        return b.toString();
    }

    record Out(int code, String text) {
    }

    /** A command in the project folder with {@code env}, its stdout and stderr together; killed after the timeout. */
    private static Out run(Map<String, String> env, long timeoutSeconds, String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(List.of(cmd))).directory(PROJECT.toFile())
                .redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(env);
        Path out = Files.createTempFile("slurm-test", ".out");
        pb.redirectOutput(out.toFile());
        Process p = pb.start();
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor();
                return new Out(-1, "timed out after " + timeoutSeconds + " s: " + String.join(" ", cmd) + "\n"
                        + Files.readString(out));
            }
            return new Out(p.exitValue(), Files.readString(out));
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
