package rrl.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import rrl.attack.PerturbationCondition;
import rrl.random.Rng;

class CurriculumTest {
    @Test
    void fixedStaysAndLinearRisesToQMax() {
        Curriculum f = CurriculumConfig.fixed().create(100);
        f.afterEvaluation(50, 0.1);
        assertEquals(0.5, f.q());
        Curriculum l = CurriculumConfig.linear().create(1000);
        assertEquals(0.0, l.q());
        l.afterEvaluation(250, 1.0);
        assertEquals(0.25, l.q(), 1e-12);
        l.afterEvaluation(1000, 1.0);
        assertEquals(1.0, l.q(), 1e-12);
        l.afterEvaluation(5000, 1.0);
        assertEquals(1.0, l.q(), 1e-12);
    }

    /** Rbar_n = 0.9 R_n + 0.1 Rbar_{n-1}; q += 0.7 (Rbar_n - Rbar_{n-1}), clipped to [0, q_max]. */
    @Test
    void adaptiveFollowsTheEmaRule() {
        AdaptiveCurriculum a = (AdaptiveCurriculum) CurriculumConfig.adaptive().create(1000);
        assertEquals(0.5, a.q());
        a.afterEvaluation(100, 1.0); // initialises the average
        assertEquals(0.5, a.q());
        assertEquals(1.0, a.average());
        a.afterEvaluation(200, 0.8); // Rbar = 0.9 * 0.8 + 0.1 * 1.0 = 0.82; q = 0.5 + 0.7 * (0.82 - 1.0)
        assertEquals(0.82, a.average(), 1e-12);
        assertEquals(0.5 - 0.7 * 0.18, a.q(), 1e-12);
        a.afterEvaluation(300, 3.0); // a large gain is clipped at q_max
        assertEquals(1.0, a.q(), 1e-12);
        double[] s = a.state();
        AdaptiveCurriculum b = (AdaptiveCurriculum) CurriculumConfig.adaptive().create(1000);
        b.restore(s);
        a.afterEvaluation(400, -5.0);
        b.afterEvaluation(400, -5.0);
        assertEquals(0.0, a.q(), 1e-12);
        assertEquals(a.q(), b.q());
        assertEquals(a.average(), b.average());
    }

    @Test
    void injectionPerturbsAboutAShareQOfEpisodes() {
        PerturbationCondition.Intermittent never = new PerturbationCondition.Intermittent(PerturbationCondition.random(0.3), 0);
        PerturbationCondition.Intermittent always = new PerturbationCondition.Intermittent(PerturbationCondition.random(0.3), 1);
        PerturbationCondition.Intermittent half = new PerturbationCondition.Intermittent(PerturbationCondition.random(0.3), 0.5);
        Rng rng = new Rng(3);
        double[] d = new double[3];
        for (int k = 0; k < 2000; k++) {
            never.draw(0, rng, d, 0, 3);
            assertEquals(0.0, d[0]);
            always.draw(0, rng, d, 0, 3);
            assertTrue(d[0] != 0.0 && Math.abs(d[0]) <= 0.3);
            half.draw(0, rng, d, 0, 3);
        }
        assertEquals(0, never.counts()[1]);
        assertEquals(2000, always.counts()[1]);
        assertEquals(1000, half.counts()[1], 80);
    }

    @Test
    void badSettingsAreClearErrors() {
        assertThrows(IllegalArgumentException.class, () -> new FixedCurriculum(1.5));
        assertThrows(IllegalArgumentException.class, () -> new AdaptiveCurriculum(0.5, 1.0, 0, 0.7));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CurriculumConfig.of("cosine")).getMessage()
                .contains("fixed, linear or adaptive"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> rrl.attack.ConditionKind.parse("sideways")).getMessage().contains("normal, random or adversarial"));
        assertThrows(IllegalArgumentException.class, () -> FineTuningConfig.paper("Hopper", rrl.attack.ConditionKind.RANDOM, CurriculumKind.FIXED, 10, 0)
                .withTd3(rrl.algo.Td3Config.td3bc()));
    }
}
