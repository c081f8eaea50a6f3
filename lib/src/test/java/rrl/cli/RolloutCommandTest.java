package rrl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rrl.env.Env;
import rrl.env.Environments;
import rrl.io.NumericCsv;
import rrl.random.Rng;

/** {@code rrl rollout}: what the written rows say about episode boundaries. */
class RolloutCommandTest {
    @TempDir
    Path tmp;

    /**
     * Setting the state before every step (--resync) must not restart the time limit, as Gymnasium's
     * {@code set_state} does not: the 1000th row (step index 999) is truncated, no row before it is.
     */
    @Test
    void resyncRolloutOf1000StepsIsTruncatedAtRow1000AndNotBefore() {
        int steps = 1000;
        List<double[]> states = new ArrayList<>();
        List<double[]> actions = new ArrayList<>();
        Rng rng = new Rng(4);
        try (Env env = Environments.make("HalfCheetah")) { // never terminates, so only the time limit ends it
            env.reset(4);
            for (int t = 0; t < steps; t++) {
                double[] q = env.qpos();
                double[] v = env.qvel();
                double[] s = new double[q.length + v.length];
                System.arraycopy(q, 0, s, 0, q.length);
                System.arraycopy(v, 0, s, q.length, v.length);
                states.add(s);
                double[] a = new double[6];
                for (int j = 0; j < a.length; j++) {
                    a[j] = rng.nextDouble(-1.0, 1.0);
                }
                actions.add(a);
                env.step(a);
            }
        }
        Path s = tmp.resolve("states.csv");
        Path a = tmp.resolve("actions.csv");
        Path o = tmp.resolve("out.csv");
        NumericCsv.write(s, columns("s", states.get(0).length), states);
        NumericCsv.write(a, columns("a", 6), actions);
        StringWriter err = new StringWriter();
        int code = Main.execute(new String[] {"rollout", "--env", "HalfCheetah", "--init-state", s.toString(),
                "--actions", a.toString(), "--out", o.toString(), "--resync"}, new PrintWriter(new StringWriter()),
                new PrintWriter(err));
        assertEquals(0, code, err.toString());
        NumericCsv.Table out = NumericCsv.read(o, -1, "rollout output");
        int truncatedCol = out.header().indexOf("truncated");
        assertEquals(steps, out.rows().length);
        for (int t = 0; t < steps; t++) {
            assertEquals(t, out.rows()[t][0]);
            assertEquals(t == steps - 1 ? 1.0 : 0.0, out.rows()[t][truncatedCol], "truncated flag at step index " + t);
        }
    }

    /**
     * A NaN or 1e300 in the initial state made MuJoCo restart from the default pose and the command exit 0
     * with a rollout of the wrong state; 1e308 actions gave -Infinity rewards. Now: exit 2, one line naming
     * the file, line and column, and no output file.
     */
    @Test
    void nonFiniteOrHugeNumbersInTheCsvsExitTwoNamingFileLineAndColumn() throws Exception {
        Path a = tmp.resolve("actions.csv");
        Files.writeString(a, "a0,a1,a2\n0.1,0.2,0.3\n0.1,0.2,0.3\n");
        String[][] cases = {
            {"0,1.25,0,0,0,0,0,0,0,0,0,NaN", "line 1 column 12: 'NaN' is NaN"},
            {"q0,q1,q2,q3,q4,q5,v0,v1,v2,v3,v4,v5\n0,1e300,0,0,0,0,0,0,0,0,0,0", "line 2 column 2: '1e300' is 1.0E300"},
        };
        for (String[] c : cases) {
            Path s = tmp.resolve("state.csv");
            Files.writeString(s, c[0] + "\n");
            Path o = tmp.resolve("out.csv");
            StringWriter err = new StringWriter();
            int code = Main.execute(new String[] {"rollout", "--env", "Hopper", "--init-state", s.toString(),
                    "--actions", a.toString(), "--out", o.toString()}, new PrintWriter(new StringWriter()),
                    new PrintWriter(err));
            String m = err.toString().strip();
            assertEquals(2, code, m);
            assertTrue(m.startsWith("rrl: error: Hopper initial state file " + s + " " + c[1]), m);
            assertTrue(m.contains("must be finite with |x| <= 1e10 (MuJoCo's mjMAXVAL"), m);
            assertEquals(1, m.lines().count(), m);
            assertFalse(Files.exists(o), "no rollout is written");
        }
        Path s = tmp.resolve("state.csv");
        Files.writeString(s, "0,1.25,0,0,0,0,0,0,0,0,0,0\n");
        Files.writeString(a, "0.1,0.2,0.3\n0.1,1e308,0.3\n");
        StringWriter err = new StringWriter();
        int code = Main.execute(new String[] {"rollout", "--env", "Hopper", "--init-state", s.toString(),
                "--actions", a.toString(), "--out", tmp.resolve("o.csv").toString()}, new PrintWriter(new StringWriter()),
                new PrintWriter(err));
        assertEquals(2, code, err.toString());
        assertTrue(err.toString().contains("Hopper actions file " + a + " line 2 column 2: '1e308' is 1.0E308"),
                err.toString());
    }

    private static List<String> columns(String prefix, int n) {
        List<String> c = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            c.add(prefix + i);
        }
        return c;
    }
}
