package rrl.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {
    @Test
    void everyIndexRunsExactlyOnceForManySizes() {
        try (WorkerPool pool = new WorkerPool(3)) {
            for (int n = 1; n <= 40; n++) {
                AtomicIntegerArray hits = new AtomicIntegerArray(n);
                for (int rep = 0; rep < 50; rep++) {
                    pool.forEach(n, (b, e) -> {
                        for (int i = b; i < e; i++) {
                            hits.incrementAndGet(i);
                        }
                    });
                }
                for (int i = 0; i < n; i++) {
                    assertEquals(50, hits.get(i), "n=" + n + " index " + i);
                }
            }
        }
    }

    @Test
    void aFailureInAWorkerSliceReachesTheCaller() {
        try (WorkerPool pool = new WorkerPool(2)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pool.forEach(10, (b, end) -> {
                if (b > 0) {
                    throw new IllegalArgumentException("slice " + b);
                }
            }));
            assertEquals("slice 5", e.getMessage());
            // and the pool still works afterwards
            AtomicIntegerArray hits = new AtomicIntegerArray(10);
            pool.forEach(10, (b, end) -> {
                for (int i = b; i < end; i++) {
                    hits.incrementAndGet(i);
                }
            });
            for (int i = 0; i < 10; i++) {
                assertEquals(1, hits.get(i));
            }
        }
    }
}
