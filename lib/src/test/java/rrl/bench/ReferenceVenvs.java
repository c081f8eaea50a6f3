package rrl.bench;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/**
 * The tests that compare rrl with PyTorch or JAX need the benchmark venv ({@code environment/bench-venv.sh}).
 * Without it they are skipped on a developer's machine, but {@code environment/test.sh} (and so CI) creates the
 * venv and sets {@code RRL_REQUIRE_REFERENCES=1}: there a missing venv fails the test instead of hiding it.
 */
public final class ReferenceVenvs {
    /** The environment variable with which a missing venv fails the reference tests instead of skipping them. */
    public static final String REQUIRE = "RRL_REQUIRE_REFERENCES";

    private ReferenceVenvs() {}

    /** Skips (or, under {@link #REQUIRE}, fails) the calling test when the venv is missing; {@code what} names the check. */
    public static void require(String what) {
        if (ReferenceProcess.venvExists()) {
            return;
        }
        String why = "no benchmark venv at " + ReferenceProcess.venv() + " (bash environment/bench-venv.sh creates it): "
                + what + " not run";
        if ("1".equals(System.getenv(REQUIRE))) {
            fail(why + " although " + REQUIRE + "=1 asks for it");
        }
        Assumptions.assumeTrue(false, why);
    }
}
