package rrl.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import rrl.algo.Algorithm;
import rrl.data.TrainingData;

/** Paper 2's tables as a plan: the checks made before any phase runs. */
class RobustnessTablesStudyTest {
    private static RobustnessTablesStudy.Plan plan(String json) {
        return RobustnessTablesStudy.Plan.parse(json, "plan");
    }

    @Test
    void aPlanNeedingAShippedPolicyItsEnvironmentLacksIsRefusedNamingWhatNeedsIt() throws Exception {
        // the committed Ant plan, where Ant ships its medium SAC policy alone (as it did until its expert was trained)
        RobustnessTablesStudy.Plan ant = plan(Files.readString(Path.of("..", "notebooks", "plans", "robustness-ant.json")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RobustnessTablesStudy.requireShippedPolicies(ant, java.util.List.of("medium")));
        assertTrue(e.getMessage().startsWith("the robustness plan for Ant needs shipped:expert (expert data"), e.getMessage());
        assertTrue(e.getMessage().contains("SAC's policy") && e.getMessage().contains("shipped: medium")
                && e.getMessage().contains("bin/rrl train sac --env Ant"), e.getMessage());
        // what Ant ships today decides the real check, which phases() makes before any work
        if (!rrl.policy.ShippedPolicies.names("Ant").contains("expert")) {
            assertThrows(IllegalArgumentException.class, () -> RobustnessTablesStudy.phases(ant, Path.of("unused")));
        } else {
            RobustnessTablesStudy.requireShippedPolicies(ant);
        }
        // medium data needs the medium policy only, which Ant has
        RobustnessTablesStudy.requireShippedPolicies(plan("{\"study\": \"robustness\", \"env\": \"Ant\", \"offline\": "
                + "[{\"method\": \"TD3+BC\", \"steps\": 10, \"data\": [\"medium\"]}], \"online\": [{\"method\": \"TD3\", "
                + "\"steps\": 10}]}"));
        // a shipped name that does not exist anywhere is refused the same way
        e = assertThrows(IllegalArgumentException.class, () -> RobustnessTablesStudy.requireShippedPolicies(plan(
                "{\"study\": \"robustness\", \"env\": \"Hopper\", \"offline\": [], \"online\": [{\"method\": \"SAC\", "
                        + "\"policy\": \"shipped:expret\"}]}")));
        assertTrue(e.getMessage().startsWith("the robustness plan for Hopper needs shipped:expret (SAC's policy)"),
                e.getMessage());
    }

    @Test
    void anOnlineLineNamingAShippedPolicyAnotherMethodTrainedIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RobustnessTablesStudy
                .requireShippedPolicies(plan("{\"study\": \"robustness\", \"env\": \"Hopper\", \"offline\": [], "
                        + "\"online\": [{\"method\": \"TD3\", \"policy\": \"shipped:expert\"}]}")));
        assertTrue(e.getMessage().startsWith("the robustness plan's online TD3 line names shipped:expert, which SAC "
                + "trained (SAC, online); give it the method SAC"), e.getMessage());
        RobustnessTablesStudy.requireShippedPolicies(plan("{\"study\": \"robustness\", \"env\": \"Hopper\", "
                + "\"offline\": [], \"online\": [{\"method\": \"SAC\", \"policy\": \"shipped:expert\"}]}"));
    }

    @Test
    void paper2sMethodsAreOneListOnBothSides() {
        assertEquals(java.util.List.of(Algorithm.TD3_BC, Algorithm.BCQ, Algorithm.IQL), RobustnessTablesStudy.OFFLINE_METHODS);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RobustnessTablesRuns.Policy(
                "Hopper", null, TrainingData.EXPERT, 10, null, 0));
        assertTrue(e.getMessage().contains("is not one of paper 2's methods"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new RobustnessTablesRuns.Policy(
                "Hopper", Algorithm.EDAC, TrainingData.EXPERT, 10, null, 0));
        assertTrue(e.getMessage().contains("is not one of paper 2's methods"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> plan("{\"study\": \"robustness\", \"env\": \"Hopper\", "
                + "\"offline\": [{\"method\": \"TD3\", \"data\": [\"expert\"]}]}").dataKinds());
        assertTrue(e.getMessage().contains("is not one of paper 2's offline methods: TD3+BC, BCQ or IQL"), e.getMessage());
    }
}
