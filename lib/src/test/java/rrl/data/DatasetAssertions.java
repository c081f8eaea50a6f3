package rrl.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** Assertions on datasets shared by the tests of the packages that make them. */
public final class DatasetAssertions {
    private DatasetAssertions() {}

    /** Every array but the actions equal, value for value (absent ones absent in both). */
    public static void assertSameButActions(D4rlDataset expected, D4rlDataset actual) {
        assertArrayEquals(expected.observations(), actual.observations(), "observations");
        assertArrayEquals(expected.rewards(), actual.rewards(), "rewards");
        assertArrayEquals(expected.terminals(), actual.terminals(), "terminals");
        assertArrayEquals(expected.timeouts(), actual.timeouts(), "timeouts");
        assertArrayEquals(expected.nextObservations(), actual.nextObservations(), "next_observations");
        assertArrayEquals(expected.qpos(), actual.qpos(), "infos/qpos");
        assertArrayEquals(expected.qvel(), actual.qvel(), "infos/qvel");
    }
}
