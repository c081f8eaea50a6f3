package rrl.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NumericCsvTest {
    @TempDir
    Path tmp;

    @Test
    void roundTripsDoublesExactly() {
        Path f = tmp.resolve("x.csv");
        double[] row = {0.1, -1e-300, 1.2345678901234567, 3, Math.PI};
        NumericCsv.write(f, List.of("a", "b", "c", "d", "e"), List.of(row));
        NumericCsv.Table t = NumericCsv.read(f, 5, "test");
        assertEquals(List.of("a", "b", "c", "d", "e"), t.header());
        assertArrayEquals(row, t.rows()[0], 0.0);
    }

    @Test
    void wrongColumnCountNamesFileLineAndExpectation() throws Exception {
        Path f = tmp.resolve("actions.csv");
        Files.writeString(f, "0.1,0.2,0.3\n0.1,0.2\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NumericCsv.read(f, 3, "Hopper actions"));
        assertTrue(e.getMessage().contains("Hopper actions file " + f + " line 2 has 2 values; expected 3"), e.getMessage());
    }

    @Test
    void nonNumberNamesTheCell() throws Exception {
        Path f = tmp.resolve("a.csv");
        Files.writeString(f, "0.1,zero,0.3\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NumericCsv.read(f, 3, "actions"));
        assertTrue(e.getMessage().contains("line 1 column 2: 'zero' is not a number"), e.getMessage());
    }

    @Test
    void ruleRefusesNonFiniteAndHugeValuesNamingTheCell() throws Exception {
        Path f = tmp.resolve("s.csv");
        Files.writeString(f, "a,b\n1,2\n3,Infinity\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NumericCsv.read(f, 2, "state", rrl.guard.NumberRule.FINITE));
        assertEquals("state file " + f + " line 3 column 2: 'Infinity' is Infinity; state values must be finite. "
                + "Fix that cell.", e.getMessage());
        Files.writeString(f, "1,-2e10\n");
        IllegalArgumentException huge = assertThrows(IllegalArgumentException.class,
                () -> NumericCsv.read(f, 2, "state", rrl.guard.NumberRule.MUJOCO_STATE));
        assertTrue(huge.getMessage().startsWith("state file " + f + " line 1 column 2: '-2e10' is -2.0E10; state values "
                + "must be finite with |x| <= 1e10"), huge.getMessage());
        // files rrl writes itself (metrics) use NaN for "none": the plain read keeps accepting them
        Files.writeString(f, "1,NaN\n");
        assertTrue(Double.isNaN(NumericCsv.read(f, 2, "metrics").rows()[0][1]));
    }

    @Test
    void missingAndEmptyFiles() throws Exception {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> NumericCsv.read(tmp.resolve("none.csv"), 3, "actions"));
        assertTrue(missing.getMessage().contains("no such file"), missing.getMessage());
        Path empty = tmp.resolve("empty.csv");
        Files.writeString(empty, "a,b,c\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NumericCsv.read(empty, 3, "actions"));
        assertTrue(e.getMessage().contains("no data rows"), e.getMessage());
    }

    @Test
    void binaryFileIsUnreadableNotACrash() throws Exception {
        Path f = tmp.resolve("bin.csv");
        Files.write(f, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, (byte) 0xc3});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NumericCsv.read(f, 3, "actions"));
        assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
    }
}
