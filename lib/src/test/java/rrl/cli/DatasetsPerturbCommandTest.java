package rrl.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rrl.data.D4rlDataset;
import rrl.io.NumericCsv;

/** {@code rrl datasets perturb}: paper 2's action-perturbed datasets, their record, and its one-line refusals. */
class DatasetsPerturbCommandTest {
    @TempDir
    Path tmp;

    private Path expert;

    /** A short Hopper file as other CLI tests make one: several episodes (a random policy falls within ~20 steps). */
    @BeforeEach
    void collect() {
        expert = tmp.resolve("hopper.hdf5");
        rrl.data.DatasetCollector.collect(rrl.env.Environments.task("Hopper"), rrl.policy.Policies.uniformRandom(3), 600,
                2, 4, null).write(expert);
    }

    private static JsonObject json(Path f) throws Exception {
        return JsonParser.parseString(Files.readString(f)).getAsJsonObject();
    }

    @Test
    void randomWritesTheFileItsRecordAndTheEpisodesDeltas() throws Exception {
        Path out = tmp.resolve("out/hopper-random.hdf5");
        CliRun r = CliRun.of("datasets", "perturb", "--dataset", expert.toString(), "--kind", "random", "--seed", "9",
                "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        D4rlDataset src = D4rlDataset.read(expert);
        D4rlDataset got = D4rlDataset.read(out);
        JsonObject rec = json(tmp.resolve("out/hopper-random.json"));
        assertEquals("random", rec.get("kind").getAsString());
        assertEquals("randomly-perturbed", rec.get("dataset").getAsString());
        assertEquals(0.3, rec.get("eps").getAsDouble());
        assertEquals(9, rec.get("seed").getAsLong());
        assertTrue(rec.get("clip").getAsBoolean());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(expert))),
                rec.get("sourceFileSha256").getAsString());
        assertEquals(src.sha256(), rec.get("sourceSha256").getAsString());
        assertEquals(got.sha256(), rec.get("sha256").getAsString());
        assertEquals(600, rec.get("size").getAsInt());
        int episodes = src.episodeStarts().length;
        assertTrue(episodes > 5, "the file has several episodes: " + episodes);
        assertEquals(episodes, rec.get("episodes").getAsInt());
        // the CSV rebuilds the file: every row's action from the source's and its episode's delta
        NumericCsv.Table t = NumericCsv.read(tmp.resolve("out/hopper-random-deltas.csv"), 2 + 3, "deltas");
        assertEquals(List.of("episode", "start_row", "delta_0", "delta_1", "delta_2"), t.header());
        assertEquals(episodes, t.rows().length);
        for (int e = 0; e < episodes; e++) {
            double[] row = t.rows()[e];
            assertEquals(src.episodeStarts()[e], (int) row[1]);
            int end = e + 1 < episodes ? (int) t.rows()[e + 1][1] : src.size();
            for (int i = (int) row[1]; i < end; i++) {
                for (int j = 0; j < 3; j++) {
                    double a = src.action(i, j);
                    assertEquals((float) Math.max(-1, Math.min(1, a + row[2 + j] * a)), got.action(i, j), 0f);
                }
            }
        }
        rrl.data.DatasetAssertions.assertSameButActions(src, got);
        // an existing output is replaced, as `datasets generate` replaces its files: the same seed, the same file
        byte[] first = Files.readAllBytes(out);
        assertEquals(0, CliRun.of("datasets", "perturb", "--dataset", expert.toString(), "--kind", "random", "--seed", "9",
                "--out", out.toString()).code());
        assertArrayEquals(first, Files.readAllBytes(out));
    }

    @Test
    void adversarialAppliesTheAttacksDeltaToEveryRow() throws Exception {
        Path delta = tmp.resolve("attack/delta.csv");
        Files.createDirectories(delta.getParent());
        NumericCsv.write(delta, List.of("delta_0", "delta_1", "delta_2"), List.of(new double[] {-0.3, 0.2, 0.05}));
        Path out = tmp.resolve("hopper-adv.hdf5");
        CliRun r = CliRun.of("datasets", "perturb", "--dataset", expert.toString(), "--kind", "adversarial", "--delta",
                delta.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        D4rlDataset src = D4rlDataset.read(expert);
        D4rlDataset got = D4rlDataset.read(out);
        double[] d = {-0.3, 0.2, 0.05};
        for (int i = 0; i < src.size(); i++) {
            for (int j = 0; j < 3; j++) {
                double a = src.action(i, j);
                assertEquals((float) Math.max(-1, Math.min(1, a + d[j] * a)), got.action(i, j), 0f);
            }
        }
        JsonObject rec = json(tmp.resolve("hopper-adv.json"));
        assertEquals("adversarial", rec.get("kind").getAsString());
        assertTrue(rec.get("seed").isJsonNull());
        JsonArray recorded = rec.getAsJsonArray("delta");
        for (int j = 0; j < 3; j++) {
            assertEquals(d[j], recorded.get(j).getAsDouble());
        }
        assertEquals(delta.toString(), rec.get("deltaFile").getAsString());
        assertFalse(Files.exists(tmp.resolve("hopper-adv-deltas.csv")), "one delta: it is in the record");

        // written over an earlier random dataset of that name: the random one's deltas go with it
        assertEquals(0, CliRun.of("datasets", "perturb", "--dataset", expert.toString(), "--kind", "random", "--out",
                out.toString()).code());
        assertTrue(Files.exists(tmp.resolve("hopper-adv-deltas.csv")));
        assertEquals(0, r.code());
        CliRun again = CliRun.of("datasets", "perturb", "--dataset", expert.toString(), "--kind", "adversarial", "--delta",
                delta.toString(), "--out", out.toString());
        assertEquals(0, again.code(), again.err());
        assertFalse(Files.exists(tmp.resolve("hopper-adv-deltas.csv")), "stale deltas of the random dataset");
    }

    /** A Minari dataset folder is a source like a D4RL file (its main_data.hdf5 is what the record hashes). */
    @Test
    void aMinariFolderIsASource() throws Exception {
        Path minari = tmp.resolve("minari/hopper-v0");
        D4rlDataset.read(expert).writeMinari(minari, "hopper-v0");
        Path out = tmp.resolve("from-minari.hdf5");
        CliRun r = CliRun.of("datasets", "perturb", "--dataset", minari.toString(), "--kind", "random", "--out",
                out.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(D4rlDataset.read(expert).size(), D4rlDataset.read(out).size());
        assertEquals(64, json(tmp.resolve("from-minari.json")).get("sourceFileSha256").getAsString().length());
    }

    /**
     * {@code --recollect}: the shipped Hopper expert rolled out under random perturbations. The stored action is the
     * executed {@code clip(a + δ ⊙ a)}: replaying it from each row's stored simulator state in an unperturbed Hopper
     * gives the row's next observation (storing the command would not); unclipped, every stored value divided by
     * its episode's {@code 1 + δ} (from the deltas file) is a tanh command in [-1, 1]; the states are not those of
     * the unperturbed collection with the same seed; the same seed writes the same bytes.
     */
    @Test
    void recollectRollsThePolicyOutUnderThePerturbationAndStoresTheExecutedAction() throws Exception {
        String[] args = {"datasets", "perturb", "--recollect", "--policy", "shipped:expert", "--env", "Hopper", "--kind",
                "random", "--transitions", "2000", "--seed", "3", "--out"};
        Path out = tmp.resolve("re/hopper-random-recollected.hdf5");
        CliRun r = CliRun.of(concat(args, out.toString()));
        assertEquals(0, r.code(), r.err());
        D4rlDataset got = D4rlDataset.read(out);
        assertEquals(2000, got.size());
        JsonObject rec = json(tmp.resolve("re/hopper-random-recollected.json"));
        assertTrue(rec.get("recollected").getAsBoolean());
        assertEquals("shipped:expert", rec.get("policy").getAsString());
        assertEquals(64, rec.get("policySha256").getAsString().length());
        assertEquals(3, rec.get("seed").getAsLong());
        assertEquals(got.sha256(), rec.get("sha256").getAsString());
        int episodes = got.episodeStarts().length;
        assertEquals(episodes, rec.get("episodes").getAsInt());
        assertTrue(episodes >= 3, "episodes: " + episodes);

        // the executed action drives the states: replayed unperturbed from the stored state, it gives next_observations
        rrl.env.Task task = rrl.env.Environments.task("Hopper");
        NumericCsv.Table deltas = NumericCsv.read(tmp.resolve("re/hopper-random-recollected-deltas.csv"), 5, "deltas");
        assertEquals(episodes, deltas.rows().length);
        double storedGap = 0;
        double commandGap = 0;
        try (rrl.env.VectorEnv env = new rrl.env.VectorEnv(task, 1, 1, false)) {
            int nq = got.qposDim();
            int nv = got.qvelDim();
            float[] qpos = got.qpos();
            float[] qvel = got.qvel();
            float[] next = got.nextObservations();
            int e = 0;
            for (int i = 0; i < got.size(); i++) {
                while (e + 1 < episodes && got.episodeStarts()[e + 1] <= i) {
                    e++;
                }
                double[] stored = new double[3];
                double[] command = new double[3];
                for (int j = 0; j < 3; j++) {
                    stored[j] = got.action(i, j);
                    command[j] = stored[j] / (1 + deltas.rows()[e][2 + j]); // what storing the command would hold
                }
                storedGap = Math.max(storedGap, replayGap(env, i, next, qpos, qvel, nq, nv, stored));
                commandGap = Math.max(commandGap, replayGap(env, i, next, qpos, qvel, nq, nv, command));
            }
        }
        assertTrue(storedGap < 1e-3, "replaying the stored action misses next_observations by " + storedGap);
        assertTrue(commandGap > 1e-2, "the command would have replayed as well: " + commandGap);

        // unclipped: the same states (MuJoCo clamps the control either way), a + δ ⊙ a as it was executed
        Path raw = tmp.resolve("re/unclipped.hdf5");
        assertEquals(0, CliRun.of(concat(concat(args, raw.toString()), "--no-clip")).code());
        D4rlDataset unclipped = D4rlDataset.read(raw);
        assertArrayEquals(got.observations(), unclipped.observations());
        int outside = 0;
        int e = 0;
        for (int i = 0; i < got.size(); i++) {
            while (e + 1 < episodes && got.episodeStarts()[e + 1] <= i) {
                e++;
            }
            for (int j = 0; j < 3; j++) {
                double a = unclipped.action(i, j);
                outside += Math.abs(a) > 1 ? 1 : 0;
                assertEquals((float) Math.max(-1, Math.min(1, a)), got.action(i, j), 0f);
                assertTrue(Math.abs(a / (1 + deltas.rows()[e][2 + j])) <= 1 + 1e-6, "row " + i + ": " + a);
            }
        }
        assertTrue(outside > 0, "the expert saturates: some executed values leave [-1, 1]");
        assertEquals(outside, json(tmp.resolve("re/unclipped.json")).get("valuesOutsideActionSpace").getAsInt());

        // the states differ from the unperturbed collection of the same seed, which starts from the same state
        CliRun clean = CliRun.of("datasets", "generate", "--env", "Hopper", "--from-shipped", "--kinds", "expert",
                "--size", "2000", "--seed", "3", "--out", tmp.resolve("clean").toString());
        assertEquals(0, clean.code(), clean.err());
        D4rlDataset plain = D4rlDataset.read(tmp.resolve("clean/hopper-expert-rrl.hdf5"));
        assertFalse(java.util.Arrays.equals(plain.observations(), got.observations()));
        assertTrue(plain.episodeStarts().length < episodes, "the unperturbed expert falls less often: "
                + plain.episodeStarts().length + " vs " + episodes + " episodes");

        // the same seed, the same file; another seed, another
        byte[] first = Files.readAllBytes(out);
        byte[] firstDeltas = Files.readAllBytes(tmp.resolve("re/hopper-random-recollected-deltas.csv"));
        assertEquals(0, CliRun.of(concat(args, out.toString())).code());
        assertArrayEquals(first, Files.readAllBytes(out));
        assertArrayEquals(firstDeltas, Files.readAllBytes(tmp.resolve("re/hopper-random-recollected-deltas.csv")));
        Path other = tmp.resolve("re/seed4.hdf5");
        String[] seed4 = args.clone();
        seed4[12] = "4";
        assertEquals(0, CliRun.of(concat(seed4, other.toString())).code());
        assertFalse(java.util.Arrays.equals(got.observations(), D4rlDataset.read(other).observations()));
    }

    /** Adversarial re-collection: every stored action is clip(a (1 + δ)) of a tanh command a for the one δ. */
    @Test
    void recollectAdversarialAppliesTheOneDeltaEverywhere() throws Exception {
        Path delta = tmp.resolve("delta.csv");
        double[] d = {-0.3, 0.25, 0.1};
        NumericCsv.write(delta, List.of("delta_0", "delta_1", "delta_2"), List.of(d));
        Path out = tmp.resolve("adv.hdf5");
        CliRun r = CliRun.of("datasets", "perturb", "--recollect", "--policy", "shipped:expert", "--env", "Hopper",
                "--kind", "adversarial", "--delta", delta.toString(), "--transitions", "1000", "--no-clip", "--out",
                out.toString());
        assertEquals(0, r.code(), r.err());
        D4rlDataset got = D4rlDataset.read(out);
        double[] max = new double[3];
        for (int i = 0; i < got.size(); i++) {
            for (int j = 0; j < 3; j++) {
                max[j] = Math.max(max[j], Math.abs(got.action(i, j)));
            }
        }
        // |a| <= 1 scaled by 1 + δ: at most 0.7 on the weakened actuator, beyond 1 on the strengthened one
        assertTrue(max[0] <= 0.7 + 1e-6 && max[1] > 1 && max[1] <= 1.25 + 1e-6 && max[2] <= 1.1 + 1e-6,
                java.util.Arrays.toString(max));
        JsonObject rec = json(tmp.resolve("adv.json"));
        assertEquals("adversarial", rec.get("kind").getAsString());
        assertTrue(rec.get("recollected").getAsBoolean());
        assertEquals(-0.3, rec.getAsJsonArray("delta").get(0).getAsDouble());
        assertEquals(delta.toString(), rec.get("deltaFile").getAsString());
        assertFalse(Files.exists(tmp.resolve("adv-deltas.csv")));
    }

    /** Steps {@code env} from row i's stored state with {@code action}; the largest gap to row i's next observation. */
    private static double replayGap(rrl.env.VectorEnv env, int i, float[] next, float[] qpos, float[] qvel, int nq,
                                    int nv, double[] action) {
        env.reset(i); // a fresh episode: the time limit never cuts the replayed step
        double[] q = new double[nq];
        double[] v = new double[nv];
        for (int k = 0; k < nq; k++) {
            q[k] = qpos[i * nq + k];
        }
        for (int k = 0; k < nv; k++) {
            v[k] = qvel[i * nv + k];
        }
        env.setState(0, q, v);
        env.step(action);
        double gap = 0;
        int od = env.observationDim();
        for (int k = 0; k < od; k++) {
            gap = Math.max(gap, Math.abs(env.observations()[k] - next[i * od + k]));
        }
        return gap;
    }

    private static String[] concat(String[] a, String... b) {
        String[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /** The two readings take different inputs: each mix is one line, exit 2, before anything is written. */
    @Test
    void recollectCombinationsAreRefused() throws Exception {
        String src = expert.toString();
        String out = tmp.resolve("o.hdf5").toString();
        refused("--recollect needs --policy P", "datasets", "perturb", "--recollect", "--env", "Hopper", "--kind", "random",
                "--out", out);
        refused("--policy shipped:expert is for --recollect", "datasets", "perturb", "--dataset", src, "--policy",
                "shipped:expert", "--kind", "random", "--out", out);
        refused("--transitions 100 is for --recollect", "datasets", "perturb", "--dataset", src, "--transitions", "100",
                "--kind", "random", "--out", out);
        refused("drop --dataset, or drop --recollect", "datasets", "perturb", "--recollect", "--dataset", src, "--policy",
                "shipped:expert", "--env", "Hopper", "--kind", "random", "--out", out);
        refused("--recollect needs --env", "datasets", "perturb", "--recollect", "--policy", "shipped:expert", "--kind",
                "random", "--out", out);
        refused("give --dataset F (relabel its actions) or --recollect", "datasets", "perturb", "--kind", "random",
                "--out", out);
        Path walker = tmp.resolve("walker-medium.ckpt");
        Files.write(walker, rrl.policy.ShippedPolicies.bytes("Walker2d", "medium"));
        refused("was trained on Walker2d", "datasets", "perturb", "--recollect", "--policy", walker.toString(), "--env",
                "Hopper", "--kind", "random", "--transitions", "100", "--out", out);
        assertFalse(Files.exists(Path.of(out)), "nothing written by a refused command");
    }

    /** --out p/x and p/x.hdf5 would share the record p/x.json: only a .hdf5 name is taken. */
    @Test
    void outMustEndInHdf5SoTheRecordNameIsItsOwn() {
        String src = expert.toString();
        refused("must end in .hdf5", "datasets", "perturb", "--dataset", src, "--kind", "random", "--out",
                tmp.resolve("p/x").toString());
        CliRun h5 = CliRun.of("datasets", "perturb", "--dataset", src, "--kind", "random", "--out",
                tmp.resolve("p/x.h5").toString());
        assertEquals(2, h5.code());
        assertTrue(h5.err().contains("give --out " + tmp.resolve("p/x.hdf5")), h5.err());
        // an upper-case extension is the same name in lower case, and a bare extension gets a stem
        for (String[] name : new String[][] {{"p/x.HDF5", "p/x.hdf5"}, {"p/.hdf5", "p/dataset.hdf5"}}) {
            CliRun r = CliRun.of("datasets", "perturb", "--dataset", src, "--kind", "random", "--out",
                    tmp.resolve(name[0]).toString());
            assertEquals(2, r.code());
            assertTrue(r.err().contains("give --out " + tmp.resolve(name[1])), r.err());
        }
        assertFalse(Files.exists(tmp.resolve("p")), "nothing written");
        assertEquals(tmp.resolve("p/x.json"), rrl.attack.ActionPerturbedDataset.recordFile(tmp.resolve("p/x.hdf5")));
        assertEquals(tmp.resolve("p/x.json.json"),
                rrl.attack.ActionPerturbedDataset.recordFile(tmp.resolve("p/x.json.hdf5")));
    }

    /** A folder as --out (perturb, convert) is answered with an example .hdf5 file in it. */
    @Test
    void aFolderAsOutIsOfferedAnHdf5Name() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("dir.hdf5"));
        refused("is a folder; give a file path (e.g. " + dir.resolve("out.hdf5") + ")", "datasets", "perturb",
                "--dataset", expert.toString(), "--kind", "random", "--out", dir.toString());
        Path plain = Files.createDirectories(tmp.resolve("plain"));
        refused("(e.g. " + plain.resolve("out.hdf5") + ")", "datasets", "convert", "--dataset", expert.toString(),
                "--to", "d4rl", "--out", plain.toString());
    }

    /**
     * An unclipped perturbed dataset trains (it is intentional) with one warning line at the start giving the share
     * of action values outside [-1, 1]; the clipped one trains without it.
     */
    @Test
    void trainingOnAnUnclippedDatasetWarnsOnce() throws Exception {
        Path raw = tmp.resolve("unclipped.hdf5");
        assertEquals(0, CliRun.of("datasets", "perturb", "--dataset", expert.toString(), "--kind", "random", "--no-clip",
                "--out", raw.toString()).code());
        long outside = json(tmp.resolve("unclipped.json")).get("valuesOutsideActionSpace").getAsLong();
        assertTrue(outside > 0);
        CliRun t = CliRun.of("train", "td3bc", "--env", "Hopper", "--dataset", raw.toString(), "--steps", "10",
                "--eval-every", "10", "--run", tmp.resolve("run-raw").toString());
        assertEquals(0, t.code(), t.err());
        List<String> warnings = t.log().lines().filter(l -> l.startsWith("warning:")).toList();
        assertEquals(1, warnings.size(), t.log());
        rrl.data.Transitions seen = rrl.data.D4rlDataset.read(raw).qlearningView(); // what the learners train on
        long seenOutside = 0;
        for (float a : java.util.Arrays.copyOf(seen.actions(), seen.count() * 3)) {
            seenOutside += Math.abs(a) > 1 ? 1 : 0;
        }
        assertTrue(seenOutside > 0 && seenOutside <= outside);
        assertTrue(warnings.get(0).contains(String.format(java.util.Locale.ROOT, "(%,d of %,d, over its transitions)",
                seenOutside, seen.count() * 3))
                && warnings.get(0).contains("outside the action space [-1, 1]"), warnings.get(0));
        // once per dataset per command: a second command in this process still warns
        CliRun again = CliRun.of("train", "td3bc", "--env", "Hopper", "--dataset", raw.toString(), "--steps", "10",
                "--eval-every", "10", "--run", tmp.resolve("run-raw-again").toString());
        assertEquals(0, again.code(), again.err());
        assertEquals(1, again.log().lines().filter(l -> l.contains("outside the action space")).count(), again.log());
        Path clipped = tmp.resolve("clipped.hdf5");
        assertEquals(0, CliRun.of("datasets", "perturb", "--dataset", expert.toString(), "--kind", "random", "--out",
                clipped.toString()).code());
        CliRun c = CliRun.of("train", "td3bc", "--env", "Hopper", "--dataset", clipped.toString(), "--steps", "10",
                "--eval-every", "10", "--run", tmp.resolve("run-clipped").toString());
        assertEquals(0, c.code(), c.err());
        assertFalse(c.log().contains("warning:"), c.log());
    }

    /** A delta file written with pandas' index (header ",delta_0,...") is read by its delta columns. */
    @Test
    void aDeltaFilesIndexColumnIsNotAValue() throws Exception {
        Path indexed = Files.writeString(tmp.resolve("indexed.csv"), ",delta_0,delta_1,delta_2\n0,-0.3,0.2,0.05\n");
        Path out = tmp.resolve("adv.hdf5");
        CliRun r = CliRun.of("datasets", "perturb", "--dataset", expert.toString(), "--kind", "adversarial", "--delta",
                indexed.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        JsonArray recorded = json(tmp.resolve("adv.json")).getAsJsonArray("delta");
        assertEquals(List.of(-0.3, 0.2, 0.05), List.of(recorded.get(0).getAsDouble(), recorded.get(1).getAsDouble(),
                recorded.get(2).getAsDouble()));
        Path bare = Files.writeString(tmp.resolve("bare.csv"), "0,-0.3,0.2,0.05\n");
        refused("its first column looks like a row index (value 0)", "datasets", "perturb", "--dataset",
                expert.toString(), "--kind", "adversarial", "--delta", bare.toString(), "--out", out.toString());
        Path unnamed = Files.writeString(tmp.resolve("unnamed.csv"), "Unnamed: 0,a,b,c\n0,-0.3,0.2,0.05\n");
        refused("header 'Unnamed: 0'", "datasets", "perturb", "--dataset", expert.toString(), "--kind", "adversarial",
                "--delta", unnamed.toString(), "--out", out.toString());
    }

    private void refused(String expected, String... args) {
        CliRun r = CliRun.of(args);
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("rrl: error:") && r.err().contains(expected), r.err());
    }

    @Test
    void badInputIsOneLineAndExitTwo() throws Exception {
        String src = expert.toString();
        String out = tmp.resolve("o.hdf5").toString();
        refused("unknown --kind 'normal'; use random or adversarial",
                "datasets", "perturb", "--dataset", src, "--kind", "normal", "--out", out);
        refused("unknown --kind 'gaussian'", "datasets", "perturb", "--dataset", src, "--kind", "gaussian", "--out", out);
        refused("--eps", "datasets", "perturb", "--dataset", src, "--kind", "random", "--eps", "0", "--out", out);
        refused("--eps", "datasets", "perturb", "--dataset", src, "--kind", "random", "--eps", "1.5", "--out", out);
        refused("--kind adversarial needs --delta", "datasets", "perturb", "--dataset", src, "--kind", "adversarial",
                "--out", out);
        Path delta = tmp.resolve("delta.csv");
        NumericCsv.write(delta, List.of("delta_0", "delta_1", "delta_2"), List.of(new double[] {0.1, 0.1, 0.1}));
        refused("is for --kind adversarial", "datasets", "perturb", "--dataset", src, "--kind", "random", "--delta",
                delta.toString(), "--out", out);
        refused("drop --seed", "datasets", "perturb", "--dataset", src, "--kind", "adversarial", "--delta",
                delta.toString(), "--seed", "1", "--out", out);
        Path six = tmp.resolve("six.csv");
        NumericCsv.write(six, List.of("a", "b", "c", "d", "e", "f"), List.of(new double[] {0.1, 0.1, 0.1, 0.1, 0.1, 0.1}));
        refused("holds 6 values but the task has 3 actuators", "datasets", "perturb", "--dataset", src, "--kind",
                "adversarial", "--delta", six.toString(), "--out", out);
        Path wide = tmp.resolve("wide.csv");
        NumericCsv.write(wide, List.of("a", "b", "c"), List.of(new double[] {0.1, 0.5, 0.1}));
        refused("outside [-0.3, 0.3]; pass a larger --eps", "datasets", "perturb", "--dataset", src, "--kind",
                "adversarial", "--delta", wide.toString(), "--out", out);
        refused("no such file", "datasets", "perturb", "--dataset", tmp.resolve("missing.hdf5").toString(), "--kind",
                "random", "--out", out);
        refused("missing.csv", "datasets", "perturb", "--dataset", src, "--kind", "adversarial", "--delta",
                tmp.resolve("missing.csv").toString(), "--out", out);
        refused("is the source dataset", "datasets", "perturb", "--dataset", src, "--kind", "random", "--out", src);
        refused("is a folder", "datasets", "perturb", "--dataset", src, "--kind", "random", "--out", tmp.toString());
        assertFalse(Files.exists(Path.of(out)), "nothing written by a refused command");
    }
}
