package rrl.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import rrl.env.Environments;

class CurriculumSettingsTest {
    @Test
    void halfCheetahsEtaIsPaperOnesAndTheOthersAreMarkedOurReading() {
        assertEquals(Environments.NAMES.stream().sorted().toList(),
                CurriculumSettings.all().stream().map(CurriculumSettings::env).sorted().toList());
        CurriculumSettings hc = CurriculumSettings.of("HalfCheetah");
        assertEquals(0.7, hc.eta());
        assertTrue(hc.etaSource().contains("arXiv 2510.13358"), hc.etaSource());
        for (String env : Environments.NAMES) {
            if (!env.equals("HalfCheetah")) {
                assertTrue(CurriculumSettings.of(env).etaSource().contains("our-reading.md#adaptive-eta"), env);
            }
        }
    }

    @Test
    void theAdaptiveCurriculumAndPaperOnesConfigTakeTheEnvironmentsEta() {
        for (String env : Environments.NAMES) {
            double eta = CurriculumSettings.of(env).eta();
            assertEquals(eta, CurriculumConfig.of(CurriculumKind.ADAPTIVE, env).eta(), env);
            assertEquals(eta, FineTuningConfig.paper(env, rrl.attack.ConditionKind.ADVERSARIAL, CurriculumKind.ADAPTIVE,
                    10_000, 0).curriculum().eta(), env);
            CurriculumConfig fixed = CurriculumConfig.of(CurriculumKind.FIXED, env);
            assertEquals(CurriculumConfig.fixed().q(), fixed.q());
            assertEquals(CurriculumKind.FIXED, fixed.kind());
        }
    }
}
