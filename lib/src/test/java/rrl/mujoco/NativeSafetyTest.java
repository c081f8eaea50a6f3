package rrl.mujoco;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Native calls never crash the JVM: use after close is refused, MuJoCo's errors and warnings become
 * exceptions, and nothing reaches stdout or MUJOCO_LOG.TXT.
 */
class NativeSafetyTest {
    static final String HOPPER = "rrl/env/assets/hopper.xml";

    @TempDir
    Path tmp;

    private static void assertClosed(Executable call) {
        IllegalStateException e = assertThrows(IllegalStateException.class, call);
        assertTrue(e.getMessage().contains("is closed"), e.getMessage());
    }

    @Test
    void closedStepperAndModelRefuseEveryNativeCall() {
        MjcfModel model = MjcfModel.loadResource(HOPPER);
        BatchStepper stepper = new BatchStepper(model, 2, 4, -1, false);
        stepper.setState(0, model.qpos0(), new double[6]);
        stepper.step(0, 2);
        stepper.close();
        stepper.close(); // idempotent
        assertClosed(() -> stepper.step(0, 2));
        assertClosed(() -> stepper.setState(0, new double[6], new double[6]));
        assertClosed(stepper::ctrl);
        assertClosed(stepper::state);
        assertClosed(() -> stepper.data(0));
        model.close();
        model.close();
        assertClosed(model::raw);
        assertClosed(model::qpos0);
        assertClosed(() -> model.bodyId("torso"));
        assertClosed(() -> new BatchStepper(model, 1, 4, -1, false));
        assertEquals(6, model.nq(), "sizes are plain Java values, still readable");
    }

    @Test
    void stepperRefusesAModelClosedUnderIt() {
        try (MjcfModel model = MjcfModel.loadResource(HOPPER);
             BatchStepper stepper = new BatchStepper(model, 1, 4, -1, false)) {
            model.close();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> stepper.step(0, 1));
            assertTrue(e.getMessage().contains("MuJoCo model " + HOPPER + " is closed"), e.getMessage());
        }
    }

    /** A NaN in qpos makes MuJoCo 2.2.2 warn (mjWARN_BADQPOS) and silently reset; here it is an exception. */
    @Test
    void badQposIsAnExceptionNamingTheWarningAndTheEnvironment() {
        try (MjcfModel model = MjcfModel.loadResource(HOPPER);
             BatchStepper stepper = new BatchStepper(model, 3, 4, -1, false, "Hopper")) {
            for (int i = 0; i < 3; i++) {
                stepper.setState(i, model.qpos0(), new double[6]);
            }
            stepper.data(1).qpos().put(0, Double.NaN); // past every Java-side check, straight into mjData
            MuJoCoException e = assertThrows(MuJoCoException.class, () -> stepper.step(0, 3));
            assertEquals("mjWARN_BADQPOS", e.warning());
            assertEquals(1, e.environment());
            assertFalse(e.isError());
            assertTrue(e.getMessage().contains("Hopper environment 1") && e.getMessage().contains("QPOS")
                    && e.getMessage().contains("reset"), e.getMessage());
            // the stepper is usable again once the environment is set to a valid state
            stepper.setState(1, model.qpos0(), new double[6]);
            stepper.step(0, 3);
        }
    }

    /** mju_error must not return into MuJoCo: it unwinds to the entry point, which reports it. */
    @Test
    void mujocoErrorIsAnExceptionAndTheProcessCarriesOn() throws IOException {
        Path xml = tmp.resolve("tiny-stack.xml");
        Files.writeString(xml, resource(HOPPER).replace("nstack=\"100000\"", "nstack=\"300\""));
        try (MjcfModel model = MjcfModel.load(xml); BatchStepper stepper = new BatchStepper(model, 1, 4, -1, false)) {
            double[] onTheFloor = model.qpos0();
            onTheFloor[1] = 0.0; // contacts need more stack than 300 mjtNums
            MuJoCoException e = assertThrows(MuJoCoException.class,
                    () -> stepper.setState(0, onTheFloor, new double[6]));
            assertTrue(e.isError());
            assertTrue(e.getMessage().contains("Stack overflow") && e.getMessage().contains("nstack"), e.getMessage());
            stepper.setState(0, model.qpos0(), new double[6]); // the same mjData works again
            stepper.step(0, 1);
        }
    }

    /**
     * MuJoCo's default warning handler prints to stdout and appends to MUJOCO_LOG.TXT in the working
     * directory; rrl's writes neither. A child JVM with a fresh working directory hits a bad qpos.
     */
    @Test
    void badStateWritesNothingToStdoutAndNoMujocoLog() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path cwd = Files.createDirectories(tmp.resolve("cwd"));
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), BadStateProbe.class.getName())
                .directory(cwd.toFile()).start();
        String out;
        String err;
        try (InputStream o = p.getInputStream(); InputStream e = p.getErrorStream()) {
            assertTrue(p.waitFor(2, TimeUnit.MINUTES), "child did not finish");
            out = new String(o.readAllBytes(), StandardCharsets.UTF_8);
            err = new String(e.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(0, p.exitValue(), err);
        assertEquals("", out, "nothing on stdout");
        assertTrue(err.contains("mjWARN_BADQPOS"), err);
        assertFalse(Files.exists(cwd.resolve("MUJOCO_LOG.TXT")), "MUJOCO_LOG.TXT written in the working directory");
    }

    /** Child process of {@link #badStateWritesNothingToStdoutAndNoMujocoLog}. */
    public static final class BadStateProbe {
        public static void main(String[] args) {
            try (MjcfModel model = MjcfModel.loadResource(HOPPER);
                 BatchStepper stepper = new BatchStepper(model, 1, 4, -1, false)) {
                stepper.setState(0, model.qpos0(), new double[6]);
                stepper.data(0).qpos().put(2, Double.POSITIVE_INFINITY);
                try {
                    stepper.step(0, 1);
                    System.err.println("no exception");
                    System.exit(3);
                } catch (MuJoCoException e) {
                    System.err.println("caught: " + e.getMessage());
                }
            }
        }
    }

    static String resource(String name) throws IOException {
        try (InputStream in = NativeSafetyTest.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
