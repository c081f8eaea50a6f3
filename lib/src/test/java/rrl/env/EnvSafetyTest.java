package rrl.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import rrl.mujoco.MuJoCoException;

/** Env and VectorEnv after close, under a concurrent close, and when MuJoCo gives up on a state. */
class EnvSafetyTest {
    private static void assertClosed(String what, Executable call) {
        IllegalStateException e = assertThrows(IllegalStateException.class, call);
        assertTrue(e.getMessage().startsWith(what + " is closed; create a new one with Environments.make"),
                e.getMessage());
    }

    /** The example: this aborted the JVM ("malloc(): unaligned tcache chunk detected", exit 134). */
    @Test
    void vectorEnvStepAfterCloseThrowsInsteadOfCrashing() {
        VectorEnv v = Environments.makeVector("Hopper", 2);
        v.reset(0);
        v.close();
        assertClosed("VectorEnv(Hopper x 2)", () -> v.step(new double[6]));
        assertClosed("VectorEnv(Hopper x 2)", () -> v.reset(1));
        assertClosed("VectorEnv(Hopper x 2)", () -> v.resetEnv(0));
        assertClosed("VectorEnv(Hopper x 2)", () -> v.setState(0, new double[6], new double[6]));
        assertClosed("VectorEnv(Hopper x 2)", () -> v.state(0, new double[6], new double[6]));
        v.close(); // idempotent
        assertTrue(v.isClosed());
    }

    @Test
    void envStepAfterCloseThrowsInsteadOfCrashing() {
        Env env = Environments.make("Walker2d");
        env.reset(0);
        env.close();
        assertClosed("Env(Walker2d)", () -> env.step(new double[6]));
        assertClosed("Env(Walker2d)", () -> env.step(new double[2])); // closed is said before the length
        assertClosed("Env(Walker2d)", () -> env.reset(0));
        assertClosed("Env(Walker2d)", () -> env.setState(new double[9], new double[9]));
        assertClosed("Env(Walker2d)", env::qpos);
        assertClosed("Env(Walker2d)", env::qvel);
        env.close();
    }

    /**
     * close() on one thread while another steps (on 2 worker threads): close waits for the step in progress,
     * frees the simulators, and the next step is refused; never a crash or a read of freed memory.
     */
    @Test
    void closeDuringStepsOnWorkerThreadsWaitsThenRefuses() throws Exception {
        for (int round = 0; round < 5; round++) {
            VectorEnv v = Environments.makeVector("Ant", 8, 2);
            v.reset(round);
            AtomicReference<Throwable> ended = new AtomicReference<>();
            AtomicLong steps = new AtomicLong();
            Thread stepper = new Thread(() -> {
                double[] a = new double[8 * 8];
                try {
                    while (true) {
                        v.step(a);
                        steps.incrementAndGet();
                    }
                } catch (Throwable t) {
                    ended.set(t);
                }
            });
            stepper.start();
            while (steps.get() < 3) {
                Thread.onSpinWait();
            }
            v.close();
            stepper.join(10_000);
            Throwable t = ended.get();
            assertTrue(t instanceof IllegalStateException && t.getMessage().contains("is closed"), String.valueOf(t));
        }
    }

    /**
     * A valid but violent state (a spin of 1e9 rad/s) makes MuJoCo find a huge qacc and reset that simulator
     * (mjWARN_BADQACC, printed to stdout before): now the step throws, naming the warning and the environment,
     * and the vector env wants a reset before it steps again.
     */
    @Test
    void unstableStateIsAnExceptionNamingTheWarningAndTheEnvironment() {
        try (VectorEnv v = Environments.makeVector("Hopper", 3, 1)) {
            v.reset(0);
            double[] qpos = new double[6];
            double[] qvel = new double[6];
            v.state(2, qpos, qvel);
            qvel[2] = 1e9;
            v.setState(2, qpos, qvel);
            MuJoCoException e = assertThrows(MuJoCoException.class, () -> v.step(new double[9]));
            assertEquals("mjWARN_BADQACC", e.warning());
            assertEquals(2, e.environment());
            assertTrue(e.getMessage().contains("Hopper environment 2") && e.getMessage().contains("QACC"),
                    e.getMessage());
            IllegalStateException again = assertThrows(IllegalStateException.class, () -> v.step(new double[9]));
            assertTrue(again.getMessage().contains("call reset(seed)") && again.getMessage().contains("QACC"),
                    again.getMessage());
            v.reset(1);
            v.step(new double[9]);
        }
    }
}
