package rrl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rrl train pex} and {@code rrl train rpex}: an IQL and a RIQL run, then a short online run from each, its
 * resume, a run with online corruption; bad input (another learner's run, another task, a missing run or dataset, an
 * unknown corruption field, zeroed clean rewards without corrupted ones) as one line, exit 2.
 */
class ExpansionTrainCommandTest {
    @TempDir
    Path tmp;

    private static int run(StringWriter err, String... args) {
        return Main.execute(args, new PrintWriter(new StringWriter()), new PrintWriter(err));
    }

    private Path dataset() {
        Path file = tmp.resolve("random.hdf5");
        rrl.data.DatasetCollector.collect(rrl.env.Environments.task("Hopper"), rrl.policy.Policies.uniformRandom(2), 1500,
                4, 2, null).write(file);
        return file;
    }

    private static void oneLine(int code, StringWriter err, String wants) {
        String e = err.toString();
        assertEquals(2, code, e);
        assertEquals(1, e.lines().count(), e);
        assertTrue(e.startsWith("rrl: error:") && e.contains(wants), e);
    }

    @Test
    void trainsFromAnOfflineRunResumesAndRefusesBadInput() throws Exception {
        Path data = dataset();
        Path iql = tmp.resolve("iql");
        Path riql = tmp.resolve("riql");
        StringWriter err = new StringWriter();
        assertEquals(0, run(err, "train", "iql", "--env", "Hopper", "--dataset", data.toString(), "--steps", "30",
                "--eval-every", "30", "--threads", "2", "--run", iql.toString()), err.toString());
        // RPEX's own offline stage: a Gaussian actor, whose density the selection's IPW term weighs
        assertEquals(0, run(err, "train", "riql", "--env", "Hopper", "--dataset", data.toString(), "--steps", "30",
                "--eval-every", "30", "--threads", "2", "--actor", "gaussian", "--run", riql.toString()), err.toString());
        StringWriter bad = new StringWriter();
        oneLine(run(bad, "train", "riql", "--env", "Hopper", "--dataset", data.toString(), "--actor", "beta", "--run",
                tmp.resolve("x0").toString()), bad, "unknown --actor 'beta'; use deterministic or gaussian");
        for (String[] on : new String[][] {{"pex", iql.toString()}, {"rpex", riql.toString()}}) {
            Path dir = tmp.resolve(on[0]);
            String[] args = {"train", on[0], "--env", "hopper", "--offline", on[1], "--dataset", data.toString(), "--steps",
                "60", "--learning-starts", "50", "--eval-every", "30", "--threads", "2", "--seed", "1", "--run",
                dir.toString()};
            assertEquals(0, run(err, args), err.toString());
            assertTrue(Files.exists(dir.resolve("policies/step-00000060.ckpt")));
            String metrics = Files.readString(dir.resolve("metrics.csv"));
            assertTrue(metrics.lines().findFirst().orElse("").contains("online_share"), metrics);
            com.google.gson.JsonObject config = com.google.gson.JsonParser.parseString(
                    Files.readString(dir.resolve("config.json"))).getAsJsonObject();
            assertEquals(on[0].toUpperCase(java.util.Locale.ROOT), config.get("algorithm").getAsString());
            assertEquals(50, config.getAsJsonObject("config").getAsJsonObject("learner").get("learningStarts").getAsInt());
            assertEquals(0, run(err, args), err.toString());
            assertEquals(metrics, Files.readString(dir.resolve("metrics.csv")));
        }
        // RPEX's online corruption: another run (its own folder), a share per field in metrics.csv
        Path corrupted = tmp.resolve("rpex-corrupted");
        assertEquals(0, run(err, "train", "rpex", "--env", "Hopper", "--offline", riql.toString(), "--dataset",
                data.toString(), "--steps", "60", "--learning-starts", "50", "--eval-every", "30", "--threads", "2",
                "--seed", "1", "--online-corruption", "obs,act,rew,dyn", "--zero-clean-rewards", "--run",
                corrupted.toString()), err.toString());
        assertTrue(Files.readString(corrupted.resolve("metrics.csv")).lines().findFirst().orElse("")
                .contains("corrupted_obs,corrupted_act,corrupted_rew,corrupted_dyn"));
        com.google.gson.JsonObject cc = com.google.gson.JsonParser.parseString(
                Files.readString(corrupted.resolve("config.json"))).getAsJsonObject();
        assertEquals("[\"OBSERVATION\",\"ACTION\",\"REWARD\",\"DYNAMICS\"]",
                cc.getAsJsonObject("config").get("onlineCorruption").toString());
        assertTrue(cc.getAsJsonObject("config").get("zeroCleanRewards").getAsBoolean());
        StringWriter e6 = new StringWriter();
        oneLine(run(e6, "train", "rpex", "--env", "Hopper", "--offline", riql.toString(), "--dataset", data.toString(),
                "--online-corruption", "obs,rewd", "--run", tmp.resolve("x6").toString()), e6,
                "--online-corruption: unknown corruption field 'rewd' (did you mean rew?); use obs, act, rew or dyn");
        StringWriter e7 = new StringWriter();
        oneLine(run(e7, "train", "rpex", "--env", "Hopper", "--offline", riql.toString(), "--dataset", data.toString(),
                "--online-corruption", "obs", "--zero-clean-rewards", "--run", tmp.resolve("x7").toString()), e7,
                "--zero-clean-rewards needs rew in --online-corruption");
        StringWriter e8 = new StringWriter();
        oneLine(run(e8, "train", "pex", "--env", "Hopper", "--offline", iql.toString(), "--dataset", data.toString(),
                "--zero-clean-rewards", "--run", tmp.resolve("x8").toString()), e8,
                "--zero-clean-rewards needs --online-corruption with rew");
        StringWriter e1 = new StringWriter();
        oneLine(run(e1, "train", "pex", "--env", "Hopper", "--offline", riql.toString(), "--dataset", data.toString(),
                "--run", tmp.resolve("x1").toString()), e1, "PEX starts from an IQL run, --offline is a 'riql-training'");
        StringWriter e2 = new StringWriter();
        oneLine(run(e2, "train", "rpex", "--env", "Walker2d", "--offline", riql.toString(), "--dataset", data.toString(),
                "--run", tmp.resolve("x2").toString()), e2, "holds 11-dimensional observations and 3-dimensional actions, Walker2d "
                + "has 17 and 6; give a Walker2d dataset"); // the offline run's env: PolicyExpansionTrainingTest
        StringWriter e3 = new StringWriter();
        oneLine(run(e3, "train", "rpex", "--env", "Hopper", "--offline", tmp.resolve("none").toString(), "--dataset",
                data.toString(), "--run", tmp.resolve("x3").toString()), e3, "no training checkpoint there");
        StringWriter e4 = new StringWriter();
        oneLine(run(e4, "train", "rpex", "--env", "Hopper", "--offline", riql.toString(), "--dataset",
                tmp.resolve("none.hdf5").toString(), "--run", tmp.resolve("x4").toString()), e4, "none.hdf5");
        StringWriter e5 = new StringWriter();
        oneLine(run(e5, "train", "pex", "--env", "Hopper", "--offline", iql.toString(), "--dataset", data.toString(),
                "--learning-starts", "-1", "--run", tmp.resolve("x5").toString()), e5, "--learning-starts");
    }
}
