package rrl.replay;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import rrl.guard.MemoryLimitException;

/** A replay buffer that cannot fit is refused at construction, with the estimate and the limit. */
class RingReplayMemoryTest {
    @Test
    void capacityBeyondTheHeapIsRefusedWithTheEstimate() {
        // twice the whole heap for (obs 2, action 1): 7 floats per transition
        long capacity = Math.min(Integer.MAX_VALUE / 2, 2 * Runtime.getRuntime().maxMemory() / 28);
        MemoryLimitException e = assertThrows(MemoryLimitException.class,
                () -> new RingReplay((int) capacity, 2, 1));
        String m = e.getMessage();
        assertTrue(m.startsWith("a replay buffer of " + capacity + " transitions (obs 2, action 1) needs about "), m);
        assertTrue(m.contains("lower the replay capacity"), m);
    }

    @Test
    void capacityPastJavasArrayLimitIsRefused() {
        MemoryLimitException e = assertThrows(MemoryLimitException.class, () -> new RingReplay(200_000_000, 17, 6));
        assertTrue(e.getMessage().contains("needs an array of 3400000000 elements but Java arrays hold at most"),
                e.getMessage());
    }

    @Test
    void ordinaryCapacityIsAccepted() {
        new RingReplay(1_000_000, 17, 6);
    }
}
