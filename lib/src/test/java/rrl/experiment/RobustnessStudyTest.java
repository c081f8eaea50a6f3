package rrl.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import rrl.report.RobustnessClaims;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rrl.attack.AttackConfig;
import rrl.results.RunFolder;
import tech.tablesaw.api.Table;

class RobustnessStudyTest {
    @TempDir
    Path tmp;

    private static RobustnessStudy.Config tiny() {
        // Two shipped policies stand in for an offline and an online one; the labels only steer claim 2.
        return new RobustnessStudy.Config("Hopper",
                RobustnessStudy.Subject.parseList("A|expert|shipped:medium;B|online|shipped:expert"), 0.3, 4, 4,
                AttackConfig.paper("Hopper", 0).withPopulation(4).withEpisodes(1).withGenerations(1), 2, 0);
    }

    @Test
    void runsAttacksAndAllConditionsPerReplicateAndChecksTheClaims() {
        RunFolder out = RunFolder.at(tmp.resolve("study"));
        RobustnessStudy.Result r = RobustnessStudy.run(tiny(), out, false);
        assertEquals(6, r.pooled().size());
        assertEquals(12, r.replicates().size());
        assertEquals(4, r.pooled().get(0).episodes());
        assertEquals(2, r.replicates().get(0).episodes());
        assertEquals(2, r.attacks().get("A").size());
        assertTrue(Files.exists(tmp.resolve("study/attacks/a-s1/delta.csv")));
        assertTrue(Files.exists(tmp.resolve("study/robustness.csv")) && Files.exists(tmp.resolve("study/config.json")));
        // The pooled cell is the episode-weighted mean of its replicates.
        double pooled = r.pooled().get(0).meanReturn();
        double fromReplicates = r.replicates().stream().filter(x -> x.method().equals("A") && x.condition().equals("normal"))
                .mapToDouble(x -> x.meanReturn() * x.episodes()).sum() / 4;
        assertEquals(fromReplicates, pooled, 1e-9);
        Table claims = RobustnessClaims.check(r);
        assertEquals(3, claims.rowCount());
        assertTrue(claims.stringColumn("subject").get(2).equals("A vs B"));
        // A rerun on the same folder resumes the finished attacks and reproduces every number.
        RobustnessStudy.Result again = RobustnessStudy.run(tiny(), out, false);
        assertEquals(r.pooled(), again.pooled());
        assertEquals(1, again.attacks().get("B").get(1).resumedFromGeneration());
    }

    /** The study is two sweeps (attacks, then evaluations): any number of slots gives the same numbers. */
    @Test
    void slotsDoNotChangeTheNumbersAndEveryRunHasProvenance() {
        RobustnessStudy.Result one = RobustnessStudy.run(tiny(), RunFolder.at(tmp.resolve("one")), false);
        RobustnessStudy.Result two = RobustnessStudy.run(tiny(), RunFolder.at(tmp.resolve("two")),
                new LocalExecutor(RunKinds.standard(), 2, 1, false), false);
        assertEquals(one.pooled(), two.pooled());
        assertEquals(one.replicates(), two.replicates());
        for (String run : List.of("attacks/a-s0", "attacks/b-s1", "evaluations/a-s1", "evaluations/b-s0")) {
            assertTrue(Files.exists(tmp.resolve("two").resolve(run).resolve("provenance.json")), run);
            assertTrue(Files.exists(tmp.resolve("two").resolve(run).resolve("result.json")), run);
        }
        assertTrue(Files.exists(tmp.resolve("two/evaluations/a-s0/episodes.csv")));
    }

    @Test
    void welchAndBadSpecs() {
        // (10 - 5) / sqrt(2^2/4 + 2^2/4)
        assertEquals(5 / Math.sqrt(2), RobustnessClaims.welch(10, 2, 4, 5, 2, 4), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> RobustnessStudy.Subject.parseList("TD3|online"));
        assertThrows(IllegalArgumentException.class, () -> RobustnessStudy.Subject.parseList(" ; "));
        assertEquals(List.of(new RobustnessStudy.Subject("TD3+BC", "expert", "x.ckpt")),
                RobustnessStudy.Subject.parseList("TD3+BC|expert|x.ckpt"));
    }
}
