package rrl.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
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

    @Test
    void everyTaskRunsExactlyOnce() {
        try (WorkerPool pool = new WorkerPool(3)) {
            for (int n = 0; n <= 40; n++) {
                AtomicIntegerArray hits = new AtomicIntegerArray(Math.max(n, 1));
                for (int rep = 0; rep < 50; rep++) {
                    pool.run(n, hits::incrementAndGet);
                }
                for (int i = 0; i < n; i++) {
                    assertEquals(50, hits.get(i), "n=" + n + " task " + i);
                }
            }
        }
    }

    /** A failure in any task reaches the caller, whichever thread ran it, after the other tasks ran. */
    @Test
    void aFailureInAnyTaskReachesTheCaller() {
        try (WorkerPool pool = new WorkerPool(2)) {
            for (int failing = 0; failing < 8; failing++) {
                int f = failing;
                AtomicInteger ran = new AtomicInteger();
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.run(8, i -> {
                    ran.incrementAndGet();
                    if (i == f) {
                        throw new IllegalStateException("task " + i);
                    }
                }));
                assertEquals("task " + f, e.getMessage());
                assertEquals(8, ran.get());
            }
            // errors too, and the pool still works afterwards
            assertThrows(AssertionError.class, () -> pool.run(4, i -> {
                if (i == 3) {
                    throw new AssertionError("task 3");
                }
            }));
            AtomicIntegerArray hits = new AtomicIntegerArray(6);
            pool.run(6, hits::incrementAndGet);
            for (int i = 0; i < 6; i++) {
                assertEquals(1, hits.get(i));
            }
        }
    }

    /** A task that uses the pool again (a GEMM inside a critic's task) runs that work inline, not deadlocked. */
    @Test
    void nestedCallsRunInlineWithoutDeadlock() {
        try (WorkerPool pool = new WorkerPool(2)) {
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                for (int rep = 0; rep < 200; rep++) {
                    AtomicIntegerArray hits = new AtomicIntegerArray(4 * 5);
                    Set<Boolean> inTask = ConcurrentHashMap.newKeySet();
                    pool.run(4, i -> {
                        inTask.add(pool.inTask());
                        pool.run(5, j -> hits.incrementAndGet(5 * i + j));
                        pool.forEach(5, (b, e) -> {
                            for (int j = b; j < e; j++) {
                                hits.incrementAndGet(5 * i + j);
                            }
                        });
                    });
                    for (int k = 0; k < 20; k++) {
                        assertEquals(2, hits.get(k), "rep " + rep + " index " + k);
                    }
                    assertEquals(Set.of(true), inTask);
                }
                assertTrue(!pool.inTask());
            });
        }
    }

    /** A worker that cannot run (here: busy in a slow task) leaves the other tasks to the caller. */
    @Test
    void aSlowTaskDoesNotHoldBackTheOthers() {
        try (WorkerPool pool = new WorkerPool(2)) {
            Set<String> threads = ConcurrentHashMap.newKeySet();
            AtomicIntegerArray hits = new AtomicIntegerArray(100);
            pool.run(100, i -> {
                if (i == 0) {
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                threads.add(Thread.currentThread().getName());
                hits.incrementAndGet(i);
            });
            for (int i = 0; i < 100; i++) {
                assertEquals(1, hits.get(i));
            }
            assertEquals(2, threads.size(), "both threads took tasks: " + threads);
        }
    }

    @Test
    void aClosedPoolRefusesWork() {
        WorkerPool pool = new WorkerPool(2);
        pool.close();
        assertThrows(IllegalStateException.class, () -> pool.run(3, i -> { }));
        assertThrows(IllegalStateException.class, () -> pool.forEach(3, (b, e) -> { }));
    }
}
