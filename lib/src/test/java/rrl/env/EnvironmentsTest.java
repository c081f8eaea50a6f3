package rrl.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EnvironmentsTest {
    @Test
    void namesAreCaseInsensitiveWithOptionalVersion() {
        assertEquals("Hopper", Environments.task("hopper").name());
        assertEquals("HalfCheetah", Environments.task("HalfCheetah-v4").name());
        assertEquals("Walker2d", Environments.task("walker2d_v4").name());
        assertEquals(111, Environments.task("Ant-d4rl").observationDim());
    }

    @Test
    void dimensionsMatchGymnasiumV4() {
        int[][] dims = {{11, 3}, {17, 6}, {17, 6}, {27, 8}};
        for (int i = 0; i < 4; i++) {
            Task t = Environments.task(Environments.NAMES.get(i));
            assertEquals(dims[i][0], t.observationDim(), t.name());
            assertEquals(dims[i][1], t.actionDim(), t.name());
        }
    }

    @Test
    void unknownNameListsKnownOnesAndSuggests() {
        UnknownEnvironmentException e = assertThrows(UnknownEnvironmentException.class,
                () -> Environments.task("Hoper"));
        assertTrue(e.getMessage().contains("Unknown environment 'Hoper'"), e.getMessage());
        assertTrue(e.getMessage().contains("Hopper, HalfCheetah, Walker2d, Ant"), e.getMessage());
        assertTrue(e.getMessage().contains("Did you mean Hopper?"), e.getMessage());
    }
}
