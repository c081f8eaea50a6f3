package rrl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rrl.data.DatasetCollector;
import rrl.env.Environments;
import rrl.policy.Policies;

/** {@code rrl policies kurtosis}: one table row per policy over a dataset's states; a dataset of another env is refused. */
class PoliciesKurtosisCommandTest {
    @TempDir
    Path tmp;

    @Test
    void printsOneRowPerPolicyAndRefusesAnotherEnvironmentsData() {
        Path hopper = tmp.resolve("hopper.hdf5");
        DatasetCollector.collect(Environments.task("Hopper"), Policies.uniformRandom(1), 500, 2, 1, null).write(hopper);
        CliRun r = CliRun.of("policies", "kurtosis", "--env", "Hopper", "--dataset", hopper.toString(), "--policy",
                "shipped:expert", "--policy", "shipped:medium");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Hopper: excess kurtosis of the policy's actions over 500 states of hopper.hdf5"), r.out());
        assertTrue(r.out().contains("mean excess kurtosis") && r.out().contains("shipped:expert")
                && r.out().contains("shipped:medium") && r.out().contains("a2"), r.out());

        CliRun twice = CliRun.of("policies", "kurtosis", "--env", "Hopper", "--dataset", hopper.toString(), "--policy",
                "shipped:expert", "--policy", "shipped:expert");
        assertEquals(2, twice.code(), twice.err());
        assertTrue(twice.err().contains("--policy shipped:expert is given twice; give each policy once"), twice.err());

        Path cheetah = tmp.resolve("cheetah.hdf5");
        DatasetCollector.collect(Environments.task("HalfCheetah"), Policies.uniformRandom(1), 100, 1, 1, null).write(cheetah);
        CliRun bad = CliRun.of("policies", "kurtosis", "--env", "Hopper", "--dataset", cheetah.toString(), "--policy",
                "shipped:expert");
        assertEquals(2, bad.code(), bad.err());
        assertEquals(1, bad.err().strip().lines().count(), bad.err());
        assertTrue(bad.err().contains("holds 17-dimensional observations and 6-dimensional actions, Hopper has 11 and 3; "
                + "give a Hopper dataset"), bad.err());
    }
}
