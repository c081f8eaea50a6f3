package rrl.mujoco;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NativeMuJoCoTest {
    @Test
    void loadsDebianMuJoCo222() {
        assertEquals("2.2.2", NativeMuJoCo.version());
    }

    @Test
    void missingLibraryNamesThePackageToInstall() {
        MuJoCoUnavailableException e = assertThrows(MuJoCoUnavailableException.class,
                () -> NativeMuJoCo.load("/nonexistent/libmujoco.so.2.2.2"));
        assertTrue(e.getMessage().contains("apt-get install libmujoco-dev"), e.getMessage());
        assertTrue(e.getMessage().contains("/nonexistent/libmujoco.so.2.2.2"), e.getMessage());
    }
}
