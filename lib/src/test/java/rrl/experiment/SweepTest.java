package rrl.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rrl.io.NumericCsv;
import rrl.random.Rng;
import rrl.results.Resources;
import rrl.results.RunFolder;

/** Sweeps of small synthetic runs: identities, executors, failures and resuming. */
class SweepTest {
    @TempDir
    Path tmp;

    /** A toy run: {@code steps} draws of a seeded random walk scaled by {@code scale}; negative scale fails. */
    record Toy(double scale, long steps, long seed) {}

    static final class ToyKind implements RunKind<Toy> {
        final AtomicInteger runs = new AtomicInteger();
        final List<Integer> budgets = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public String name() {
            return "toy";
        }

        @Override
        public Class<Toy> configType() {
            return Toy.class;
        }

        @Override
        public Set<String> budgetFields() {
            return Set.of("steps");
        }

        @Override
        public List<Long> seeds(Toy c) {
            return List.of(c.seed());
        }

        @Override
        public Path run(Toy c, RunFolder folder, Resources resources, boolean progress) {
            runs.incrementAndGet();
            budgets.add(resources.threads());
            if (c.scale() < 0) {
                throw new IllegalArgumentException("scale must be >= 0, got " + c.scale());
            }
            Rng rng = new Rng(c.seed());
            List<double[]> rows = new ArrayList<>();
            double x = 0;
            for (int i = 0; i < c.steps(); i++) {
                x += c.scale() * rng.nextGaussian();
                rows.add(new double[] {i, x});
                Thread.yield();
            }
            Path f = folder.file("metrics.csv");
            NumericCsv.write(f, List.of("step", "x"), rows);
            return f;
        }
    }

    private static List<Sweep.Line<?>> plan(ToyKind k, double... scales) {
        List<Sweep.Line<?>> lines = new ArrayList<>();
        for (double s : scales) {
            lines.add(new Sweep.Line<>("scale" + (int) s, k, seed -> new Toy(s, 2000, seed)));
        }
        return lines;
    }

    @Test
    void samePlanSameIdsAndOnlyNonBudgetFieldsMakeNewOnes() {
        ToyKind k = new ToyKind();
        Sweep a = Sweep.grid(tmp, plan(k, 1, 2), List.of(0L, 1L));
        Sweep b = Sweep.grid(tmp.resolve("elsewhere"), plan(k, 1, 2), List.of(0L, 1L));
        assertEquals(4, a.runs().size());
        assertEquals(a.runs().stream().map(RunSpec::id).toList(), b.runs().stream().map(RunSpec::id).toList(),
                "ids depend on the config, not on where the sweep runs");
        assertEquals(4, a.runs().stream().map(RunSpec::id).distinct().count());
        assertEquals("scale1-s0", a.runs().get(0).name());
        assertEquals(tmp.resolve("scale2-s1"), a.runs().get(3).folder());
        RunSpec base = RunSpec.of(tmp, "x", k, new Toy(1, 2000, 0));
        assertEquals(base.id(), RunSpec.of(tmp, "x", k, new Toy(1, 9999, 0)).id(), "steps is a budget field");
        assertNotEquals(base.id(), RunSpec.of(tmp, "x", k, new Toy(1.5, 2000, 0)).id());
        assertNotEquals(base.id(), RunSpec.of(tmp, "x", k, new Toy(1, 2000, 1)).id());
        // Without a name the folder is addressed by the id.
        assertEquals(tmp.resolve("toy").resolve(base.id().value()), RunSpec.of(tmp, null, k, new Toy(1, 2000, 0)).folder());
        // A spec travels as JSON.
        assertEquals(base, RunSpec.fromJson(base.toJson()));
    }

    @Test
    void twoSlotsGiveByteIdenticalResultsToOneAndEachRunGetsItsBudget() throws IOException {
        ToyKind k1 = new ToyKind();
        ToyKind k2 = new ToyKind();
        List<RunResult> one = Sweep.grid(tmp.resolve("one"), plan(k1, 1, 2, 3), List.of(0L, 1L))
                .execute(new LocalExecutor(RunKinds.empty().with(k1), 1, 2, false));
        List<RunResult> two = Sweep.grid(tmp.resolve("two"), plan(k2, 1, 2, 3), List.of(0L, 1L))
                .execute(new LocalExecutor(RunKinds.empty().with(k2), 2, 1, false));
        assertEquals(6, one.size());
        for (int i = 0; i < 6; i++) {
            assertTrue(one.get(i).ok() && two.get(i).ok());
            assertEquals(one.get(i).id(), two.get(i).id());
            assertEquals(one.get(i).name(), two.get(i).name(), "rows in plan order");
            assertArrayEquals(Files.readAllBytes(one.get(i).result()), Files.readAllBytes(two.get(i).result()));
        }
        assertEquals(Set.of(2), Set.copyOf(k1.budgets));
        assertEquals(Set.of(1), Set.copyOf(k2.budgets));
        String prov = Files.readString(tmp.resolve("two/scale3-s1/provenance.json"));
        assertTrue(prov.contains("\"threads\": 1") && prov.contains(two.get(5).id().value()), prov);
        assertTrue(Files.exists(tmp.resolve("two/scale3-s1/result.json")));
    }

    @Test
    void aFailingRunIsAFailedRowAndTheOthersFinish() {
        ToyKind k = new ToyKind();
        List<Sweep.Line<?>> lines = new ArrayList<>(plan(k, 1));
        lines.add(new Sweep.Line<>("bad", k, seed -> new Toy(-1, 10, seed)));
        lines.addAll(plan(k, 2));
        for (int slots : new int[] {1, 2}) {
            Path root = tmp.resolve("slots" + slots);
            List<RunResult> rows = Sweep.grid(root, lines, List.of(0L, 1L))
                    .execute(new LocalExecutor(RunKinds.empty().with(k), slots, 1, false));
            assertEquals(6, rows.size());
            assertEquals(List.of(true, true, false, false, true, true), rows.stream().map(RunResult::ok).toList());
            RunResult bad = rows.get(2);
            assertEquals(RunResult.Status.FAILED, bad.status());
            assertEquals("scale must be >= 0, got -1.0", bad.error());
            assertNull(bad.result());
            assertFalse(Files.exists(root.resolve("bad-s0/result.json")), "a failed run is not marked finished");
            assertTrue(Files.exists(rows.get(5).result()));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Sweep.requireAllOk(rows, "toy runs"));
            assertTrue(e.getMessage().startsWith("2 of 6 toy runs failed (bad-s0: scale must be >= 0"), e.getMessage());
        }
    }

    @Test
    void rerunningHandsFinishedRunsBackWithoutRecomputingThem() throws IOException {
        ToyKind k = new ToyKind();
        Sweep s = Sweep.grid(tmp, plan(k, 1, 2), List.of(0L, 1L));
        LocalExecutor ex = new LocalExecutor(RunKinds.empty().with(k), 2, 1, false);
        List<RunResult> first = s.execute(ex);
        assertEquals(4, k.runs.get());
        byte[] before = Files.readAllBytes(first.get(0).result());
        long stamp = Files.getLastModifiedTime(first.get(0).result()).toMillis();
        List<RunResult> again = Sweep.grid(tmp, plan(k, 1, 2), List.of(0L, 1L)).execute(ex);
        assertEquals(4, k.runs.get(), "nothing recomputed");
        assertTrue(again.stream().allMatch(r -> r.ok() && r.reused()));
        assertEquals(first.stream().map(RunResult::result).toList(), again.stream().map(RunResult::result).toList());
        assertArrayEquals(before, Files.readAllBytes(again.get(0).result()));
        assertEquals(stamp, Files.getLastModifiedTime(again.get(0).result()).toMillis());
        // A longer budget is the same run: it runs again in the same folder (the kind resumes it), then is finished.
        Sweep longer = Sweep.of(tmp, List.of(RunSpec.of(tmp, "scale1-s0", k, new Toy(1, 3000, 0))));
        RunResult extended = longer.execute(ex).get(0);
        assertTrue(extended.ok() && !extended.reused(), extended.toString());
        assertEquals(first.get(0).id(), extended.id());
        assertEquals(5, k.runs.get());
        assertTrue(Files.readString(tmp.resolve("scale1-s0/provenance.json")).contains("\"steps\": 3000"));
        assertTrue(longer.execute(ex).get(0).reused());
        assertEquals(5, k.runs.get());
        // Another config in a used folder is refused with the same-run message, as a failed row.
        RunResult clash = Sweep.of(tmp, List.of(RunSpec.of(tmp, "scale1-s0", k, new Toy(5, 2000, 0)))).execute(ex).get(0);
        assertFalse(clash.ok());
        assertTrue(clash.error().contains("belongs to run " + first.get(0).id()) && clash.error().contains("differs in scale")
                && clash.error().endsWith("use another folder or delete it"), clash.error());
    }

    @Test
    void unknownKindsAndSharedFoldersAreClearErrors() {
        ToyKind k = new ToyKind();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunKinds.standard().get("toy"));
        assertTrue(e.getMessage().startsWith("unknown run kind 'toy'; known kinds: fine-tuning-setup, fine-tuning,"), e.getMessage());
        RunSpec a = RunSpec.of(tmp, "same", k, new Toy(1, 10, 0));
        RunSpec b = RunSpec.of(tmp, "same", k, new Toy(2, 10, 0));
        e = assertThrows(IllegalArgumentException.class,
                () -> new LocalExecutor(RunKinds.empty().with(k), 2, 1, false).execute(List.of(a, b)));
        assertTrue(e.getMessage().contains("share the folder"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LocalExecutor(RunKinds.empty(), 0, 1, false));
    }

    /** A toy run whose input file is pinned by {@code sha} (null: recorded before the kind pinned it). */
    record PinnedToy(double scale, String sha, long seed) {}

    static final class PinnedKind implements RunKind<PinnedToy> {
        @Override
        public String name() {
            return "pinned-toy";
        }

        @Override
        public Class<PinnedToy> configType() {
            return PinnedToy.class;
        }

        @Override
        public Set<String> pins() {
            return Set.of("sha");
        }

        @Override
        public Path run(PinnedToy c, RunFolder folder, Resources resources, boolean progress) {
            Path f = folder.file("metrics.csv");
            NumericCsv.write(f, List.of("x"), List.of(new double[] {c.scale()}));
            return f;
        }
    }

    /**
     * A folder recorded before its kind pinned an input (no "sha" in its config) resumes as it was, unpinned; a folder
     * recorded with a pin refuses another one, naming the field and both values.
     */
    @Test
    void foldersRecordedBeforeAPinResumeUnpinnedAndPinnedOnesRefuseAnotherPin() {
        RunKinds kinds = RunKinds.empty().with(new PinnedKind());
        RunResult old = kinds.run(RunSpec.of(tmp, "old", new PinnedKind(), new PinnedToy(1, null, 0)), 1, false);
        assertTrue(old.ok() && !old.reused());
        RunResult again = kinds.run(RunSpec.of(tmp, "old", new PinnedKind(), new PinnedToy(1, "aaaa", 0)), 1, false);
        assertTrue(again.ok() && again.reused(), "handed back as it was: " + again);
        kinds.run(RunSpec.of(tmp, "new", new PinnedKind(), new PinnedToy(1, "aaaa", 0)), 1, false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> kinds.run(RunSpec.of(tmp, "new", new PinnedKind(), new PinnedToy(1, "bbbb", 0)), 1, false));
        assertTrue(e.getMessage().contains("config differs in sha (aaaa -> bbbb)"), e.getMessage());
        // an unpinned folder is still refused for another config
        assertThrows(IllegalArgumentException.class,
                () -> kinds.run(RunSpec.of(tmp, "old", new PinnedKind(), new PinnedToy(2, "aaaa", 0)), 1, false));
    }
}
