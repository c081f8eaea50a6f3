package rrl.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import rrl.env.Environments;
import rrl.io.EnvironmentSettingsFile;

class PerturbationSettingsTest {
    @Test
    void everyEnvironmentHasOneRowWithSources() {
        assertEquals(Environments.NAMES.stream().sorted().toList(),
                PerturbationSettings.all().stream().map(PerturbationSettings::env).sorted().toList());
        for (PerturbationSettings s : PerturbationSettings.all()) {
            assertFalse(s.epsSource().isBlank(), s.env());
            assertFalse(s.dePopulationSource().isBlank(), s.env());
            assertTrue(s.epsSource().contains("arXiv") || s.epsSource().contains("our-reading.md#"), s.epsSource());
        }
    }

    @Test
    void paperTwosValuesAndItsFifteenPerActuator() {
        assertEquals(0.3, PerturbationSettings.of("Hopper").eps());
        assertEquals(0.3, PerturbationSettings.of("HalfCheetah").eps());
        assertEquals(0.5, PerturbationSettings.of("Ant").eps());
        assertEquals(List.of(45, 90, 120), List.of(PerturbationSettings.of("Hopper").dePopulation(),
                PerturbationSettings.of("HalfCheetah").dePopulation(), PerturbationSettings.of("Ant").dePopulation()));
        for (String env : Environments.NAMES) {
            assertEquals(15 * Environments.task(env).actionDim(), PerturbationSettings.of(env).dePopulation(), env);
        }
    }

    @Test
    void theAttackAndTheDefaultEpsReadTheTable() {
        for (String env : Environments.NAMES) {
            PerturbationSettings s = PerturbationSettings.of(env);
            AttackConfig paper = AttackConfig.paper(env);
            assertEquals(s.eps(), paper.eps(), env);
            assertEquals(s.dePopulation(), paper.populationSize(), env);
            assertEquals(s.eps(), PerturbationEpsilon.defaultFor(env), env);
        }
        assertEquals(PerturbationSettings.of("Ant"), PerturbationSettings.of("ant-v4"));
        assertThrows(rrl.env.UnknownEnvironmentException.class, () -> PerturbationSettings.of("Humanoid"));
    }

    @Test
    void aMisspeltFieldInASettingsTableIsRefusedByName() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> EnvironmentSettingsFile.read("rrl/io/settings-misspelt.json", PerturbationSettings.class));
        assertTrue(e.getMessage().contains("unknown field \"dePopulaton\"") && e.getMessage().contains("dePopulation"),
                e.getMessage());
        assertTrue(assertThrows(IllegalStateException.class,
                () -> EnvironmentSettingsFile.read("rrl/io/none.json", PerturbationSettings.class)).getMessage()
                .contains("lacks its resource rrl/io/none.json"));
    }
}
