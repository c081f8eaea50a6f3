package rrl.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import rrl.algo.Td3Config;
import rrl.attack.AttackConfig;
import rrl.attack.PerturbationCondition;
import rrl.env.Environments;
import rrl.policy.Policies;
import rrl.rollout.Evaluation;
import rrl.train.OfflineTraining;

/** The named-parameter forms (withers, defaults) mean the same as the positional constructors they replace. */
class NamedSettingsTest {

    @Test
    void attackConfigWithers() {
        AttackConfig named = AttackConfig.paper("Hopper").withGenerations(4).withSeed(3).withF(0.5, 1.0)
                .withCrossoverRate(0.7);
        assertEquals(new AttackConfig("Hopper", 0.3, 45, 4, 3, 0.5, 1.0, 0.7, 3), named);
    }

    @Test
    void offlineTrainingConfigWithers() {
        OfflineTraining.Config named = OfflineTraining.Config.td3bc("Hopper").withSteps(4000).withEvalEvery(1000)
                .withEvalEpisodes(5).withLogEvery(200).withSeed(7);
        assertEquals(new OfflineTraining.Config("Hopper", Td3Config.td3bc(), 4000, 1000, 5, 200, 7), named);
        assertEquals(OfflineTraining.Config.td3bc("Hopper", 1_000_000), OfflineTraining.Config.td3bc("Hopper"));
    }

    @Test
    void evaluationSpecRunsTheSameEvaluation() {
        double[] delta = {-0.3, 0.1, 0.3};
        RobustnessEvaluation.Spec spec = RobustnessEvaluation.of("Hopper").withEpisodes(6).withMaxEnvs(3).withSeed(5)
                .withProgress(false);
        Evaluation.Result named = spec.adversarial(delta).run(Policies.zero());
        Evaluation.Result positional = RobustnessEvaluation.run(Policies.zero(), Environments.task("Hopper"),
                PerturbationCondition.adversarial(delta), 6, 3, 5, false);
        assertEquals(positional.meanReturn(), named.meanReturn());
        List<RobustnessEvaluation.Row> rows = spec.allConditions("none", "zero", Policies.zero(), delta);
        assertEquals(List.of("normal", "random", "adversarial"), rows.stream().map(RobustnessEvaluation.Row::condition).toList());
        assertEquals(positional.meanReturn(), rows.get(2).meanReturn());
    }
}
