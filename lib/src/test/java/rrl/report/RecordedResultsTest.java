package rrl.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import rrl.experiment.FineTuningStudy;

/**
 * The README's numbers are read from committed run results, never typed in: its recorded-study section must be
 * exactly what {@code rrl report --study notebooks/recorded/finetune-hopper-claims --markdown} prints from the
 * committed run folders (regenerate it with that command after re-running the study).
 */
class RecordedResultsTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final String BEGIN = "<!-- rrl report --study notebooks/recorded/finetune-hopper-claims --markdown -->";
    static final String END = "<!-- end of report -->";

    @Test
    void theReadmesRecordedStudyIsTheReportOfTheCommittedRuns() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        int a = readme.indexOf(BEGIN);
        int b = readme.indexOf(END, a);
        assertTrue(a >= 0 && b > a, "README.md needs the recorded-study section between " + BEGIN + " and " + END);
        String shown = readme.substring(a + BEGIN.length(), b).strip();
        FineTuningStudy.Results r = FineTuningStudy.load(ROOT.resolve("notebooks/recorded/finetune-hopper-claims"));
        assertEquals(FineTuningClaims.markdownReport(r).strip(), shown,
                "README.md's recorded study differs from its run folders; regenerate the section with "
                        + "bin/rrl report --study notebooks/recorded/finetune-hopper-claims --markdown");
    }

    @Test
    void theRecordedStudyHasFiveIndependentlyTrainedSeedsAndItsReAttacks() {
        FineTuningStudy.Results r = FineTuningStudy.load(ROOT.resolve("notebooks/recorded/finetune-hopper-claims"));
        assertTrue(r.plan().trainsPiOffPerSeed(), "every seed trains its own pi_off");
        assertEquals(5, r.offlineOnly().size());
        for (String run : r.runs().keySet()) {
            assertEquals(5, r.runs().get(run).size(), run);
            assertEquals(5, r.worstCase().get(run).size(), run + " re-attacked for every seed");
        }
    }
}
