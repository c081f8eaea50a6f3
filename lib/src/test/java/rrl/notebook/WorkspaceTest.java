package rrl.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A notebook's folder by its parameters: one per parameter set, the same for the same set. */
class WorkspaceTest {
    @Test
    void sameParametersFindTheSameFolderAndOthersGetTheirOwn() {
        String ci = Workspace.folderName("robustness-hopper", "Hopper", 30, 2, 15L, 0.3, List.of(0L, 1L));
        assertTrue(ci.matches("robustness-hopper-[0-9a-f]{8}"), ci);
        assertEquals(ci, Workspace.folderName("robustness-hopper", "Hopper", 30, 2, 15L, 0.3, List.of(0L, 1L)));
        // the paper budget after the CI's, one parameter at a time, and the order of the parameters
        assertNotEquals(ci, Workspace.folderName("robustness-hopper", "Hopper", 1000, 2, 15L, 0.3, List.of(0L, 1L)));
        assertNotEquals(ci, Workspace.folderName("robustness-hopper", "Hopper", 30, 2, 15L, 0.5, List.of(0L, 1L)));
        assertNotEquals(ci, Workspace.folderName("robustness-hopper", "Hopper", 30, 2, 15L, 0.3, List.of(0L)));
        assertNotEquals(ci, Workspace.folderName("robustness-hopper", "Hopper", 2, 30, 15L, 0.3, List.of(0L, 1L)));
        // SHA-256 of "Hopper\n30\n", first 8 hex digits (computed with sha256sum)
        assertEquals("x-fc159c76", Workspace.folderName("x", "Hopper", 30));
    }

    @Test
    void arraysAndNoParametersAreRefused() {
        IllegalArgumentException array = assertThrows(IllegalArgumentException.class,
                () -> Workspace.folderName("x", "Hopper", new long[] {0, 1}));
        assertTrue(array.getMessage().contains("parameter 2 of folder 'x' is an array; pass a List"), array.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Workspace.folderName("x"));
    }
}
