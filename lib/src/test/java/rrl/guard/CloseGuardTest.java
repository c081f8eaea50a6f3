package rrl.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CloseGuardTest {
    @Test
    void closeWaitsForCallsInProgressThenRefusesNewOnesAndReleasesOnce() throws Exception {
        CloseGuard guard = new CloseGuard("Thing(1)", "make another");
        AtomicInteger released = new AtomicInteger();
        long use = guard.enter();
        CountDownLatch closed = new CountDownLatch(1);
        Thread closer = new Thread(() -> {
            guard.close(released::incrementAndGet);
            closed.countDown();
        });
        closer.start();
        assertFalse(closed.await(200, TimeUnit.MILLISECONDS), "close must wait for the call in progress");
        assertEquals(0, released.get());
        // while close waits, new calls are refused (so back-to-back calls cannot starve it)
        IllegalStateException e = assertThrows(IllegalStateException.class, guard::enter);
        assertEquals("Thing(1) is closed; make another.", e.getMessage());
        guard.exit(use);
        assertTrue(closed.await(5, TimeUnit.SECONDS));
        assertEquals(1, released.get());
        guard.close(released::incrementAndGet);
        assertEquals(1, released.get(), "close is idempotent");
        assertThrows(IllegalStateException.class, guard::check);
        assertTrue(guard.isClosed());
    }
}
