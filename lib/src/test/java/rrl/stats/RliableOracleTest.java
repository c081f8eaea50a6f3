package rrl.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rrl.random.Rng;

/**
 * rrl.stats against rliable 1.2.0 (Agarwal et al.'s reference implementation, pinned in
 * environment/requirements.txt) run by lib/src/test/python/rliable_oracle.py in the project venv on the same score
 * matrices: three algorithms (10, 10 and 7 runs x 5 tasks, two decimals so that ties occur).
 *
 * <p>Point estimates (median, IQM, mean, optimality gap, P(X > Y), profiles) must agree to 1e-9; so must the paired
 * and Welch t statistics, degrees of freedom and p-values (scipy). Interval ends come from different random resamples
 * (numpy's generator there, ours here), so they agree only up to Monte Carlo error, at {@link #REPS} resamples. The
 * tolerance of an end estimated as the p-quantile of B resamples: the index of the order statistic that lands on the
 * true p-quantile of the bootstrap distribution is binomial with standard deviation s = sqrt(B p (1 - p)), so our
 * order statistics k - 4s and k + 4s (k = (B - 1) p) bound our estimate's Monte Carlo error at 4 standard errors
 * (distribution-free: this adapts to the statistic's spread and to discrete statistics such as profiles); the
 * difference of two independent estimates has sqrt(2) times that error, so tolerance = sqrt(2) x the larger
 * distance from our end to those order statistics, plus 1e-12. A chance failure is then below about 1e-4 per end.
 */
class RliableOracleTest {
    /**
     * Resamples on each side: the tolerance below scales with 1/sqrt(B), so a chance failure stays at 4 standard errors
     * whatever B is; 10,000 took over 2 minutes of a CI run (rliable's resampling in Python most of it).
     */
    static final int REPS = 2_000;
    static final int PROFILE_REPS = BootstrapConfig.PROFILE_REPS;
    static final double GAMMA = 1.0;
    static final double[] TAUS = PerformanceProfiles.linspace(0, 1.5, 13);
    static final long SEED = 7;
    static final int THREADS = 2;

    static Map<String, double[][]> scores;
    static JsonObject oracle;

    @TempDir
    static Path tmp;

    static Path projectDir() {
        return Path.of(System.getProperty("rrl.project.dir", "..")).toAbsolutePath().normalize();
    }

    /** runs x 5 tasks, task m centred at 0.2 m + shift, two decimals. */
    static double[][] matrix(long seed, int runs, double shift) {
        Rng rng = new Rng(seed);
        double[][] s = new double[runs][5];
        for (int n = 0; n < runs; n++) {
            for (int m = 0; m < 5; m++) {
                s[n][m] = Math.round((0.2 * m + shift + 0.3 * rng.nextGaussian()) * 100) / 100.0;
            }
        }
        return s;
    }

    @BeforeAll
    static void runOracle() throws IOException, InterruptedException {
        scores = new LinkedHashMap<>();
        scores.put("A", matrix(1, 10, 0.3));
        scores.put("B", matrix(2, 10, 0.2));
        scores.put("C", matrix(3, 7, 0.35));
        JsonObject in = new JsonObject();
        Gson gson = new Gson();
        in.add("scores", gson.toJsonTree(scores));
        in.addProperty("gamma", GAMMA);
        in.add("taus", gson.toJsonTree(TAUS));
        in.addProperty("reps", REPS);
        in.addProperty("profile_reps", PROFILE_REPS);
        in.addProperty("seed", 0);
        in.add("poi", gson.toJsonTree(List.of(List.of("A", "B"), List.of("C", "A"))));
        in.add("ttest", gson.toJsonTree(List.of("A", "B", 2)));
        Path input = tmp.resolve("scores.json");
        Files.writeString(input, gson.toJson(in));

        Path python = projectDir().resolve(".venv/bin/python");
        assertTrue(Files.isExecutable(python), "the rliable oracle needs the project venv at " + python
                + "; run environment/setup.sh");
        Process p = new ProcessBuilder(python.toString(),
                projectDir().resolve("lib/src/test/python/rliable_oracle.py").toString(), input.toString())
                .redirectError(tmp.resolve("stderr.txt").toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "rliable oracle timed out");
        assertEquals(0, p.exitValue(), "rliable oracle failed (is rliable==1.2.0 installed in .venv? run "
                + "environment/setup.sh):\n" + Files.readString(tmp.resolve("stderr.txt")));
        oracle = gson.fromJson(out, JsonObject.class);
        assertEquals("1.2.0", oracle.get("rliable").getAsString(), "rliable version in .venv");
    }

    static double[] doubles(JsonArray a) {
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).getAsDouble();
        }
        return v;
    }

    /** See the class comment: sqrt(2) x our estimate's 4-standard-error band from order statistics, + 1e-12. */
    static double tolerance(double[] sorted, double q) {
        int b = sorted.length;
        double estimate = StratifiedBootstrap.quantileSorted(sorted, q);
        double k = (b - 1) * q;
        double s = Math.sqrt(b * q * (1 - q));
        int lo = (int) Math.max(0, Math.floor(k - 4 * s));
        int hi = (int) Math.min(b - 1, Math.ceil(k + 4 * s));
        return Math.sqrt(2) * Math.max(estimate - sorted[lo], sorted[hi] - estimate) + 1e-12;
    }

    /** Checks ends against the oracle's, column by column of our replicates. */
    static void assertEnds(String what, double[][] replicates, double[] low, double[] high, double[] oracleLow,
                           double[] oracleHigh, double confidence) {
        double alpha = (1 - confidence) / 2;
        double[] col = new double[replicates.length];
        for (int j = 0; j < low.length; j++) {
            for (int r = 0; r < col.length; r++) {
                col[r] = replicates[r][j];
            }
            Arrays.sort(col);
            double tl = tolerance(col, alpha);
            double th = tolerance(col, 1 - alpha);
            assertEquals(oracleLow[j], low[j], tl, what + " [" + j + "] lower end (tolerance " + tl + ")");
            assertEquals(oracleHigh[j], high[j], th, what + " [" + j + "] upper end (tolerance " + th + ")");
        }
    }

    @Test
    void aggregatesAndTheirIntervalsAgree() {
        BootstrapConfig cfg = BootstrapConfig.defaults().withReps(REPS).withSeed(SEED);
        List<Aggregate> aggs = Aggregate.standard(GAMMA); // rliable's order: median, IQM, mean, optimality gap
        for (var e : scores.entrySet()) {
            JsonObject o = oracle.getAsJsonObject("aggregates").getAsJsonObject(e.getKey());
            double[] point = doubles(o.getAsJsonArray("point"));
            double[] low = new double[4];
            double[] high = new double[4];
            double[][] reps = new double[REPS][4];
            for (int a = 0; a < 4; a++) {
                Aggregate agg = aggs.get(a);
                Estimate est = StratifiedBootstrap.interval(e.getKey(), e.getValue(), agg, cfg, THREADS);
                assertEquals(point[a], est.point(), 1e-9, e.getKey() + " " + agg.name() + " point estimate");
                assertEquals(point[a], agg.of(e.getValue()), 1e-9);
                low[a] = est.low();
                high[a] = est.high();
                double[][] r = StratifiedBootstrap.replicates(new double[][][] {e.getValue()},
                        s -> new double[] {agg.function().applyAsDouble(s[0])}, cfg, 1);
                for (int i = 0; i < REPS; i++) {
                    reps[i][a] = r[i][0];
                }
            }
            assertEnds(e.getKey() + " aggregates", reps, low, high, doubles(o.getAsJsonArray("low")),
                    doubles(o.getAsJsonArray("high")), cfg.confidence());
        }
    }

    @Test
    void performanceProfilesAndBandsAgree() {
        BootstrapConfig cfg = BootstrapConfig.profileDefaults().withSeed(SEED);
        for (boolean average : new boolean[] {false, true}) {
            String key = average ? "average_profiles" : "profiles";
            for (var e : scores.entrySet()) {
                JsonObject o = oracle.getAsJsonObject(key).getAsJsonObject(e.getKey());
                PerformanceProfile prof = PerformanceProfiles.profile(e.getKey(), e.getValue(), TAUS, average, cfg, THREADS);
                double[] point = doubles(o.getAsJsonArray("point"));
                double[] ours = prof.fraction();
                for (int i = 0; i < TAUS.length; i++) {
                    assertEquals(point[i], ours[i], 1e-9, key + " " + e.getKey() + " at tau " + TAUS[i]);
                }
                double[][] reps = StratifiedBootstrap.replicates(new double[][][] {e.getValue()},
                        s -> average ? PerformanceProfiles.averageScoreDistribution(s[0], TAUS)
                                : PerformanceProfiles.scoreDistribution(s[0], TAUS), cfg, 1);
                assertEnds(key + " " + e.getKey(), reps, prof.low(), prof.high(), doubles(o.getAsJsonArray("low")),
                        doubles(o.getAsJsonArray("high")), cfg.confidence());
            }
        }
    }

    @Test
    void probabilityOfImprovementAgrees() {
        BootstrapConfig cfg = BootstrapConfig.defaults().withReps(REPS).withSeed(SEED);
        for (String pair : List.of("A,B", "C,A")) {
            String[] xy = pair.split(",");
            double[][] x = scores.get(xy[0]);
            double[][] y = scores.get(xy[1]);
            JsonObject o = oracle.getAsJsonObject("poi").getAsJsonObject(pair);
            Estimate est = ProbabilityOfImprovement.interval(xy[0], x, xy[1], y, cfg, THREADS);
            assertEquals(o.get("point").getAsDouble(), est.point(), 1e-9, "P(" + xy[0] + " > " + xy[1] + ")");
            double[][] reps = StratifiedBootstrap.replicates(new double[][][] {x, y},
                    s -> new double[] {ProbabilityOfImprovement.of(s[0], s[1])}, cfg, 1);
            assertEnds("P(" + pair + ")", reps, new double[] {est.low()}, new double[] {est.high()},
                    new double[] {o.get("low").getAsDouble()}, new double[] {o.get("high").getAsDouble()},
                    cfg.confidence());
        }
    }

    @Test
    void tTestsAgreeWithScipy() {
        double[] a = column(scores.get("A"), 2);
        double[] b = column(scores.get("B"), 2);
        TTestResult paired = TTests.paired(a, b, 0.95);
        JsonObject rel = oracle.getAsJsonObject("ttest_rel");
        assertEquals(rel.get("statistic").getAsDouble(), paired.statistic(), 1e-9);
        assertEquals(rel.get("pvalue").getAsDouble(), paired.pValue(), 1e-9);
        assertEquals(rel.get("df").getAsDouble(), paired.degreesOfFreedom(), 1e-9);
        TTestResult welch = TTests.welch(a, b, 0.95);
        JsonObject w = oracle.getAsJsonObject("ttest_welch");
        assertEquals(w.get("statistic").getAsDouble(), welch.statistic(), 1e-9);
        assertEquals(w.get("pvalue").getAsDouble(), welch.pValue(), 1e-9);
        assertEquals(w.get("df").getAsDouble(), welch.degreesOfFreedom(), 1e-9);
    }

    static double[] column(double[][] s, int m) {
        return Arrays.stream(s).mapToDouble(r -> r[m]).toArray();
    }
}
