package rrl.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rrl.algo.Td3Config;
import rrl.checkpoint.Checkpoint;
import rrl.data.D4rlDataset;
import rrl.data.DatasetCollector;
import rrl.env.Environments;
import rrl.policy.Policies;

class OfflineTrainingTest {
    @TempDir
    Path tmp;

    private static OfflineTraining.Config small() {
        return OfflineTraining.Config.td3bc("Hopper", 600, 200, 2, 4, Td3Config.td3bc().withHidden(32, 32).withBatchSize(32));
    }

    @Test
    void resumedRunEndsWithTheSameWeights() throws Exception {
        D4rlDataset data = DatasetCollector.collect(Environments.task("Hopper"), Policies.uniformRandom(2), 3000, 4, 2, null);
        OfflineTraining.Result full = OfflineTraining.run(data, small(), tmp.resolve("a"), false);
        // a run that only got to update 400 (its last checkpoint), then resumed
        OfflineTraining.Config first = OfflineTraining.Config.td3bc("Hopper", 400, 200, 2, 4, (Td3Config) small().learner());
        OfflineTraining.run(data, first, tmp.resolve("b"), false);
        // a process killed mid-write leaves hidden temporary files next to the real ones: the resume ignores them
        java.nio.file.Files.writeString(tmp.resolve("b/.training.ckpt.4242.tmp"), "PK half a zi");
        java.nio.file.Files.writeString(tmp.resolve("b/.metrics.csv.4242.tmp"), "step,critic_loss\n200,0.");
        OfflineTraining.Result resumed = OfflineTraining.run(data, small(), tmp.resolve("b"), false);
        assertEquals(full.curve(), resumed.curve());
        assertArrayEquals(Checkpoint.read(tmp.resolve("a/training.ckpt")).tensor("q2"),
                Checkpoint.read(tmp.resolve("b/training.ckpt")).tensor("q2"));
        assertEquals(3, full.curve().size());
    }

    /** Offline training refuses a dataset with no q-learning transitions before it writes anything. */
    @Test
    void datasetWithoutTransitionsIsRefusedBeforeTraining() {
        int n = 5;
        boolean[] timeouts = new boolean[n];
        java.util.Arrays.fill(timeouts, true);
        D4rlDataset data = D4rlDataset.of(n, 11, 3, new float[n * 11], new float[n * 3], new float[n], new boolean[n],
                timeouts);
        Path run = tmp.resolve("run");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OfflineTraining.run(data, small(), run, false));
        assertTrue(e.getMessage().startsWith("no transitions remain after D4RL's q-learning rule"), e.getMessage());
        assertTrue(!java.nio.file.Files.exists(run), "nothing written before the check");
    }

    @Test
    void datasetOfAnotherEnvironmentIsRefused() {
        D4rlDataset data = DatasetCollector.collect(Environments.task("Hopper"), Policies.uniformRandom(2), 200, 2, 2, null);
        OfflineTraining.Config c = OfflineTraining.Config.td3bc("Walker2d", 10, 5, 1, 0, Td3Config.td3bc());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OfflineTraining.run(data, c, null, false));
        assertTrue(e.getMessage().contains("observation 11, action 3 but Walker2d has 17, 6"), e.getMessage());
    }

    /** Runs pin their dataset: resuming on another file is refused naming both; the same data resumes. */
    @Test
    void resumeOnAnotherDatasetIsRefusedNamingBothFiles() throws Exception {
        Path a = tmp.resolve("a.hdf5");
        Path b = tmp.resolve("b.hdf5");
        DatasetCollector.collect(Environments.task("Hopper"), Policies.uniformRandom(2), 1500, 4, 2, null).write(a);
        DatasetCollector.collect(Environments.task("Hopper"), Policies.uniformRandom(3), 1500, 4, 5, null).write(b);
        Path run = tmp.resolve("run");
        OfflineTraining.Config first = OfflineTraining.Config.td3bc("Hopper", 200, 200, 2, 4, (Td3Config) small().learner());
        OfflineTraining.run(D4rlDataset.read(a), first, run, false);
        String recorded = java.nio.file.Files.readString(run.resolve("config.json"));
        assertTrue(recorded.contains(a.toString()) && recorded.contains(D4rlDataset.read(a).sha256()), recorded);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OfflineTraining.run(D4rlDataset.read(b), small(), run, false));
        String m = e.getMessage();
        assertTrue(m.contains("holds a TD3+BC run of Hopper seed 4 on " + a) && m.contains("not a TD3+BC run of Hopper seed 4 on "
                + b) && m.contains("dataset.sha256") && m.contains("use another folder"), m);
        assertEquals(1, m.lines().count(), m);

        // the same data resumes, from the same file or a copy elsewhere (the path is recorded, the content is the id)
        Path copy = java.nio.file.Files.copy(a, tmp.resolve("moved.hdf5"));
        OfflineTraining.Config pinnedA = OfflineTraining.pinned(D4rlDataset.read(a), small());
        assertEquals(pinnedA.id(), OfflineTraining.pinned(D4rlDataset.read(copy), small()).id());
        assertNotEquals(pinnedA.id(), OfflineTraining.pinned(D4rlDataset.read(b), small()).id());
        OfflineTraining.Result resumed = OfflineTraining.run(D4rlDataset.read(copy), small(), run, false);
        assertEquals(600, resumed.curve().get(resumed.curve().size() - 1).step());
        assertEquals(OfflineTraining.run(D4rlDataset.read(a), small(), tmp.resolve("straight"), false).curve(), resumed.curve());
    }

    /** In-memory datasets are pinned by the hash of their arrays; a config naming other data is refused. */
    @Test
    void inMemoryDatasetsArePinnedByTheirArrays() {
        D4rlDataset one = DatasetCollector.collect(Environments.task("Hopper"), Policies.uniformRandom(2), 1000, 4, 2, null);
        D4rlDataset same = D4rlDataset.of(one.size(), one.obsDim(), one.actDim(), one.observations(), one.actions(),
                one.rewards(), one.terminals(), one.timeouts(), one.nextObservations(), one.qpos(), one.qposDim(), one.qvel(),
                one.qvelDim());
        float[] r = one.rewards();
        r[17] += 1e-3f;
        D4rlDataset changed = D4rlDataset.of(one.size(), one.obsDim(), one.actDim(), one.observations(), one.actions(), r,
                one.terminals(), one.timeouts(), one.nextObservations(), one.qpos(), one.qposDim(), one.qvel(), one.qvelDim());
        assertEquals(one.sha256(), same.sha256());
        assertNotEquals(one.sha256(), changed.sha256());
        assertEquals(null, one.source());
        Path run = tmp.resolve("mem");
        OfflineTraining.run(one, OfflineTraining.Config.td3bc("Hopper", 200, 200, 2, 4, (Td3Config) small().learner()), run,
                false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OfflineTraining.run(changed, small(), run, false));
        assertTrue(e.getMessage().contains("on an in-memory dataset (sha256 " + one.sha256().substring(0, 12) + ")")
                && e.getMessage().contains("(sha256 " + changed.sha256().substring(0, 12) + ")"), e.getMessage());
        // a config pinned to one dataset refuses another before anything is written
        OfflineTraining.Config pinned = small().withDataset(rrl.data.DatasetRef.of(one));
        IllegalArgumentException p = assertThrows(IllegalArgumentException.class,
                () -> OfflineTraining.run(changed, pinned, tmp.resolve("other"), false));
        assertTrue(p.getMessage().startsWith("the config pins dataset an in-memory dataset"), p.getMessage());
        assertTrue(!java.nio.file.Files.exists(tmp.resolve("other")));
        assertEquals(OfflineTraining.run(same, small(), run, false).curve().size(), 3);
    }

    /** A folder written before runs pinned their dataset (no dataset in its run id) still resumes, unpinned. */
    @Test
    void aFolderFromBeforePinningResumes() throws Exception {
        D4rlDataset data = DatasetCollector.collect(Environments.task("Hopper"), Policies.uniformRandom(2), 1000, 4, 2, null);
        Path old = tmp.resolve("old");
        OfflineTraining.runAs(data, OfflineTraining.Config.td3bc("Hopper", 200, 200, 2, 4, (Td3Config) small().learner()), old,
                false, Long.MAX_VALUE);
        // older still: no provenance.json, the run id only in training.ckpt
        Path older = java.nio.file.Files.createDirectories(tmp.resolve("older"));
        for (String f : new String[] {"config.json", "metrics.csv", "policy.ckpt", "training.ckpt"}) {
            java.nio.file.Files.copy(old.resolve(f), older.resolve(f));
        }
        OfflineTraining.Result resumed = OfflineTraining.run(data, small(), old, false);
        assertEquals(OfflineTraining.run(data, small(), tmp.resolve("new"), false).curve(), resumed.curve());
        assertEquals(resumed.curve(), OfflineTraining.run(data, small(), older, false).curve());
        assertTrue(!Checkpoint.read(old.resolve("training.ckpt")).meta().getAsJsonObject("config").has("dataset"));
        assertTrue(Checkpoint.read(tmp.resolve("new/training.ckpt")).meta().getAsJsonObject("config").has("dataset"));
    }
}
