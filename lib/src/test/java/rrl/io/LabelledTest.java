package rrl.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import org.junit.jupiter.api.Test;
import rrl.algo.Algorithm;
import rrl.attack.ConditionKind;
import rrl.finetune.CurriculumKind;

class LabelledTest {
    record Row(ConditionKind condition, CurriculumKind curriculum, Algorithm algorithm) {}

    @Test
    void jsonByLabelBothWays() {
        Gson gson = new Gson();
        String json = gson.toJson(new Row(ConditionKind.ADVERSARIAL, CurriculumKind.LINEAR, Algorithm.TD3_BC));
        assertEquals("{\"condition\":\"adversarial\",\"curriculum\":\"linear\",\"algorithm\":\"TD3+BC\"}", json);
        assertEquals(new Row(ConditionKind.ADVERSARIAL, CurriculumKind.LINEAR, Algorithm.TD3_BC), gson.fromJson(json, Row.class));
        // names, other cases and separators are accepted too
        assertEquals(Algorithm.TD3_BC, Algorithm.parse("td3bc"));
        assertEquals(Algorithm.TD3_BC, Algorithm.parse("TD3_BC"));
        assertEquals(ConditionKind.RANDOM, ConditionKind.parse(" Random "));
    }

    @Test
    void unknownLabelsNameTheChoices() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new Gson().fromJson("{\"condition\":\"sideways\"}", Row.class));
        assertTrue(String.valueOf(e.getMessage()).contains("unknown condition 'sideways'; use normal, random or adversarial")
                || e.getCause() != null && e.getCause().getMessage().contains("normal, random or adversarial"), e.toString());
        assertEquals("unknown curriculum 'cosine'; use fixed, linear or adaptive",
                assertThrows(IllegalArgumentException.class, () -> CurriculumKind.parse("cosine")).getMessage());
        assertEquals("unknown algorithm 'DDPG'; use TD3, TD3+BC, SAC, IQL, RIQL, BCQ, PPO, EDAC, PEX or RPEX",
                assertThrows(IllegalArgumentException.class, () -> Algorithm.parse("DDPG")).getMessage());
    }
}
