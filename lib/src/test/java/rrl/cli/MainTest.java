package rrl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rrl.io.NumericCsv;

class MainTest {
    @TempDir
    Path tmp;

    private record Run(int code, String err) {}

    private static Run run(String... args) {
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(new StringWriter()), new PrintWriter(err));
        return new Run(code, err.toString());
    }

    @Test
    void unknownEnvironmentIsOneClearLineNotAStackTrace() throws Exception {
        Path s = tmp.resolve("s.csv");
        Path a = tmp.resolve("a.csv");
        Files.writeString(s, "0\n");
        Files.writeString(a, "0\n");
        Run r = run("rollout", "--env", "Hoppr", "--init-state", s.toString(), "--actions", a.toString(),
                "--out", tmp.resolve("o.csv").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("rrl: error: Unknown environment 'Hoppr'"), r.err());
        assertTrue(!r.err().contains("\tat "), "no stack trace expected: " + r.err());
    }

    @Test
    void rolloutWritesOneRowPerActionAndRejectsNaN() throws Exception {
        Path s = tmp.resolve("s.csv");
        Path a = tmp.resolve("a.csv");
        Path o = tmp.resolve("o.csv");
        Files.writeString(s, "0,1.25,0,0,0,0,0,0,0,0,0,0\n");
        Files.writeString(a, "0.1,0.2,0.3\n-0.1,0,0.5\n0,0,0\n");
        Run ok = run("rollout", "--env", "Hopper", "--init-state", s.toString(), "--actions", a.toString(),
                "--out", o.toString());
        assertEquals(0, ok.code(), ok.err());
        NumericCsv.Table t = NumericCsv.read(o, 16, "out");
        assertEquals(3, t.rows().length);
        assertEquals("obs_10", t.header().get(11));

        Files.writeString(a, "0.1,NaN,0.3\n");
        Run nan = run("rollout", "--env", "Hopper", "--init-state", s.toString(), "--actions", a.toString(),
                "--out", o.toString());
        assertEquals(2, nan.code());
        assertTrue(nan.err().contains("is NaN"), nan.err());
    }

    /** Runs a Hopper rollout with the given state and action file contents. */
    private Run hopperRollout(String state, String actions) throws Exception {
        Path s = Files.writeString(tmp.resolve("s.csv"), state);
        Path a = Files.writeString(tmp.resolve("a.csv"), actions);
        return run("rollout", "--env", "Hopper", "--init-state", s.toString(), "--actions", a.toString(),
                "--out", tmp.resolve("o.csv").toString());
    }

    @Test
    void wrongStateLengthSaysWhatIsNeeded() throws Exception {
        Run r = hopperRollout("0,1.25,0\n", "0,0,0\n");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("need 12 values (qpos 6 then qvel 6), got 3"), r.err());
    }

    @Test
    void malformedActionsFileNamesTheLine() throws Exception {
        Run r = hopperRollout("0,1.25,0,0,0,0,0,0,0,0,0,0\n", "0,0,0\n0,0\n");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("line 2 has 2 values; expected 3"), r.err());
    }
}
