package rrl.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import rrl.attack.AttackConfig;

/** A robustness study's settings by name equal the positional record. */
class RobustnessStudyConfigTest {
    @Test
    void withersSetTheNamedField() {
        var subject = new RobustnessStudy.Subject("TD3+BC", "expert", "shipped:td3bc-expert");
        AttackConfig attack = AttackConfig.paper("Hopper").withGenerations(3);
        var named = RobustnessStudy.Config.paper("Hopper", subject).withEvalEpisodes(30).withEvalEnvs(32)
                .withAttack(attack).withReplicates(1).withSeed(2).withEps(0.2);
        assertEquals(new RobustnessStudy.Config("Hopper", List.of(subject), 0.2, 30, 32, attack, 1, 2), named);
    }
}
