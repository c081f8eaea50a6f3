package rrl.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one place that tells the three papers' studies apart, and the one line refusing a folder of another kind. */
class StudyKindTest {
    @TempDir
    Path tmp;

    private static final Map<StudyKind, String> PLANS = Map.of(
            StudyKind.FINE_TUNING, "{\"env\": \"Hopper\", \"runs\": [{\"name\": \"normal\", \"condition\": \"normal\"}]}",
            StudyKind.ROBUSTNESS_TABLES, "{\"study\": \"robustness\", \"env\": \"Hopper\"}",
            StudyKind.POLICY_EXPANSION, "{\"env\": \"Hopper\", \"runs\": [{\"name\": \"a\", \"algorithm\": \"rpex\"}]}");

    @Test
    void eachPlanIsItsKindAndABrokenPlanIsLeftToTheFineTuningReader() {
        PLANS.forEach((kind, text) -> assertEquals(kind, StudyKind.of(text), text));
        assertEquals(StudyKind.FINE_TUNING, StudyKind.of("{not json"));
        assertEquals(StudyKind.FINE_TUNING, StudyKind.of("[1, 2]"));
        // "study" with another value is not a robustness plan (StudyPlans.read names that field)
        assertEquals(StudyKind.FINE_TUNING, StudyKind.of("{\"study\": \"tables\", \"env\": \"Hopper\"}"));
        // a plan mixing paper 1's and paper 3's runs is refused, not taken for either
        IllegalArgumentException mixed = assertThrows(IllegalArgumentException.class, () -> StudyKind.of("{\"env\": "
                + "\"Hopper\", \"runs\": [{\"name\": \"n\", \"condition\": \"normal\"}, {\"name\": \"p\", \"algorithm\": \"pex\"}]}"));
        assertTrue(mixed.getMessage().contains("a plan is one study or the other"), mixed.getMessage());
        // the readers the studies use agree with it
        assertTrue(RobustnessTablesStudy.Plan.isPlan(PLANS.get(StudyKind.ROBUSTNESS_TABLES)));
        assertTrue(PolicyExpansionStudy.Plan.isPolicyExpansion(PLANS.get(StudyKind.POLICY_EXPANSION)));
    }

    @Test
    void aFolderOfAnotherKindIsRefusedInOneLineByEveryKind() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertNull(StudyKind.held(empty));
        for (StudyKind k : StudyKind.values()) {
            k.requireFolder(empty); // no plan.json yet: any kind may start there
        }
        for (StudyKind held : StudyKind.values()) {
            Path dir = Files.createDirectories(tmp.resolve(held.name()));
            Files.writeString(dir.resolve("plan.json"), PLANS.get(held));
            assertEquals(held, StudyKind.held(dir));
            held.requireFolder(dir);
            for (StudyKind given : StudyKind.values()) {
                if (given == held) {
                    continue;
                }
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> given.requireFolder(dir));
                assertEquals(dir + " holds a " + held.label() + ", not a " + given.label() + ": give this plan another "
                        + "folder (--out, or the plan's \"out\")", e.getMessage());
            }
        }
        // a broken plan.json is left to the study's reader to name, not taken for a fine-tuning plan
        Path broken = Files.createDirectories(tmp.resolve("broken"));
        Files.writeString(broken.resolve("plan.json"), "{\"study\": \"robustness\", ");
        assertNull(StudyKind.held(broken));
        IllegalArgumentException named = assertThrows(IllegalArgumentException.class, () -> RobustnessTablesStudy
                .requireSameStudy(RobustnessTablesStudy.Plan.parse(PLANS.get(StudyKind.ROBUSTNESS_TABLES), "plan"), broken));
        assertTrue(named.getMessage().contains(broken.resolve("plan.json").toString())
                && !named.getMessage().contains("holds a"), named.getMessage());
        // each study's own check and StudyPlans' go through it
        Path fineTuning = tmp.resolve(StudyKind.FINE_TUNING.name());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RobustnessTablesStudy.requireSameStudy(
                RobustnessTablesStudy.Plan.parse(PLANS.get(StudyKind.ROBUSTNESS_TABLES), "plan"), fineTuning));
        assertTrue(e.getMessage().contains("holds a fine-tuning study (paper 1), not a robustness study (paper 2's tables)"),
                e.getMessage());
        assertTrue(RobustnessTablesStudy.isStudy(tmp.resolve(StudyKind.ROBUSTNESS_TABLES.name())));
        assertTrue(PolicyExpansionStudy.isStudy(tmp.resolve(StudyKind.POLICY_EXPANSION.name())));
    }
}
