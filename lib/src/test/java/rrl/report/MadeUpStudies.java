package rrl.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import rrl.attack.AttackConfig;
import rrl.eval.RobustnessEvaluation;
import rrl.experiment.RobustnessStudy;

/** Robustness-study results made up with known per-policy means, for the claims' verdict tests. */
final class MadeUpStudies {
    private MadeUpStudies() {}

    /** A method with its per-policy mean returns: normal[t], random[t], adversarial[t]. */
    record M(String method, String data, double[] normal, double[] random, double[] adversarial) {}

    /** A one-replicate study result with the given per-policy means (std 10, 10 episodes per cell). */
    static RobustnessStudy.Result study(M... methods) {
        List<RobustnessStudy.Subject> subjects = new ArrayList<>();
        List<RobustnessEvaluation.Row> pooled = new ArrayList<>();
        List<RobustnessStudy.PolicyRow> perPolicy = new ArrayList<>();
        for (M m : methods) {
            List<String> policies = new ArrayList<>();
            for (int t = 0; t < m.normal().length; t++) {
                policies.add("runs/" + m.method().replace(' ', '-') + "-s" + t + "/policy.ckpt");
            }
            subjects.add(new RobustnessStudy.Subject(m.method(), m.data(), policies));
            double[][] byCondition = {m.normal(), m.random(), m.adversarial()};
            for (int c = 0; c < 3; c++) {
                String condition = RobustnessTable.CONDITIONS.get(c);
                double sum = 0;
                for (int t = 0; t < policies.size(); t++) {
                    perPolicy.add(new RobustnessStudy.PolicyRow(t, policies.get(t), row(m, condition, byCondition[c][t], 10)));
                    sum += byCondition[c][t];
                }
                pooled.add(row(m, condition, sum / policies.size(), 10 * policies.size()));
            }
        }
        RobustnessStudy.Config c = new RobustnessStudy.Config("Hopper", subjects, 0.3, 10, 4,
                AttackConfig.paper("Hopper", 0).withGenerations(2), 1, 0);
        return new RobustnessStudy.Result(c, pooled, perPolicy, perPolicy, Map.of());
    }

    private static RobustnessEvaluation.Row row(M m, String condition, double mean, int episodes) {
        return new RobustnessEvaluation.Row("Hopper", m.data(), m.method(), condition, episodes, mean, 10, mean / 36, 1000, 0);
    }

    static double[] v(double... x) {
        return x;
    }
}
