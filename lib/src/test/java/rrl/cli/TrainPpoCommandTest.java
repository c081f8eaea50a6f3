package rrl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rrl.env.Environments;
import rrl.policy.ActorPolicy;

/** {@code rrl train ppo}: a one-rollout run end to end, its policy evaluable; bad input as one line, exit 2. */
class TrainPpoCommandTest {
    @TempDir
    Path tmp;

    private static int run(StringWriter out, StringWriter err, String... args) {
        return Main.execute(args, new PrintWriter(out), new PrintWriter(err));
    }

    @Test
    void oneRolloutRunWritesAPolicyTheOtherCommandsLoad() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path dir = tmp.resolve("ppo");
        assertEquals(0, run(out, err, "train", "ppo", "--env", "hopper", "--steps", "2048", "--eval-every", "2048",
                "--run", dir.toString()), err.toString());
        Path policy = dir.resolve("policies/step-00002048.ckpt");
        assertTrue(Files.exists(policy));
        assertEquals(ActorPolicy.Head.CLIPPED_MEAN, ActorPolicy.load(policy, Environments.task("Hopper")).head());
        StringWriter eOut = new StringWriter();
        assertEquals(0, run(eOut, err, "evaluate", "--env", "Hopper", "--policy", policy.toString(), "--episodes", "2"),
                err.toString());
    }

    /** A budget that is not a whole number of rollouts trains, with one warning line naming the untrained steps. */
    @Test
    void aPartialLastRolloutIsWarnedAbout() {
        CliRun r = CliRun.of("train", "ppo", "--env", "Hopper", "--steps", "3000", "--eval-every", "3000",
                "--run", tmp.resolve("partial").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.log().contains("warning: the last 952 of --steps 3000 fill no whole rollout of 2048 and are not "
                + "trained on; --steps 2048 or 4096 avoids it"), r.log());
    }

    @Test
    void badInputIsOneLineAndExitTwo() {
        String[][] cases = {
            {"--envs", "3", "does not divide PPO's rollout of 2048"},
            {"--steps", "100", "shorter than one PPO rollout; give at least 2048"},
        };
        for (String[] c : cases) {
            StringWriter err = new StringWriter();
            Path dir = tmp.resolve("bad" + c[1]);
            assertEquals(2, run(new StringWriter(), err, "train", "ppo", "--env", "Hopper", c[0], c[1], "--run",
                    dir.toString()), err.toString());
            assertTrue(err.toString().contains(c[2]), err.toString());
            assertEquals(1, err.toString().lines().count(), err.toString());
            assertTrue(!Files.exists(dir), "no run folder for refused settings");
        }
    }
}
