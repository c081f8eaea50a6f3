package rrl.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import rrl.attack.AttackConfig;
import rrl.attack.DifferentialEvolutionAttack;
import rrl.attack.PerturbationCondition;
import rrl.attack.PerturbedVectorEnv;
import rrl.data.DatasetCollector;
import rrl.data.D4rlDataset;
import rrl.env.Env;
import rrl.env.Environments;
import rrl.env.Task;
import rrl.env.VectorEnv;
import rrl.eval.RobustnessEvaluation;
import rrl.policy.ActorPolicy;
import rrl.policy.Policies;
import rrl.policy.ShippedPolicies;
import rrl.rollout.Episode;
import rrl.rollout.Evaluation;

/**
 * What a notebook shows when a result, policy, dataset, episode or environment ends a cell: a short summary, never
 * Java's identity string ({@code ActorPolicy@1f2a}, {@code [D@6d06d69c}) or seventeen digits.
 */
class SummariesTest {
    private static final Pattern IDENTITY = Pattern.compile("@[0-9a-f]{4,}|\\[[DFIJ]@|Lambda\\$");
    private static final Pattern NUMBER = Pattern.compile("\\d+\\.\\d+");

    private static String check(Object value, String... mustContain) {
        String s = String.valueOf(value);
        assertFalse(IDENTITY.matcher(s).find(), "identity string in: " + s);
        java.util.regex.Matcher num = NUMBER.matcher(s);
        while (num.find()) {
            String digits = num.group().replace(".", "").replaceFirst("^0+", "");
            assertTrue(digits.length() <= 6, "unrounded number " + num.group() + " in: " + s);
        }
        assertTrue(s.length() < 400, "too long (" + s.length() + "): " + s);
        for (String m : mustContain) {
            assertTrue(s.contains(m), "'" + m + "' missing from: " + s);
        }
        return s;
    }

    @Test
    void numbersAndArrays() {
        assertEquals("3291", Texts.number(3290.94));
        assertEquals("0.1532", Texts.number(0.153210001));
        assertEquals("7", Texts.number(7.0));
        assertEquals("[0.1, -0.3, 0.3]", Texts.numbers(new double[] {0.1, -0.3, 0.30000000000000004}));
        String long111 = Texts.numbers(new double[111]);
        assertTrue(long111.endsWith("(111 values)"), long111);
        assertTrue(Texts.numbers(new float[20]).endsWith("(20 values)"));
    }

    @Test
    void episodesEvaluationsAndRows() {
        Episode e = new Episode(0, 1, 3283.4354, 1000, false, new double[1000]);
        check(e, "return 3283.4", "1000 steps", "truncated");
        List<Episode> eps = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            eps.add(new Episode(i, 0, 3280 + i * 0.7123456, 1000, false, new double[3]));
        }
        check(Evaluation.summarize("Hopper", eps), "Hopper", "10 episodes", "return 3283.2 ± 2.0", "D4RL score");
        check(new RobustnessEvaluation.Row("Hopper", "expert", "TD3+BC", "adversarial", 60, 501.23456, 4.1234, 15.4321,
                172.33333, 0), "TD3+BC (expert) under adversarial", "return 501.2 ± 4.1", "60 episodes");
    }

    @Test
    void attackResultAndConditions() {
        AttackConfig cfg = AttackConfig.paper("Hopper", 0);
        DifferentialEvolutionAttack.Result r = new DifferentialEvolutionAttack.Result(cfg,
                new double[] {-0.3, 0.1234567, 0.3}, 496.2345, new double[45 * 3], new double[45], new double[31],
                new double[31], 919_891, 32.71, 0);
        check(r, "DE attack on Hopper", "NP 45", "30 generations", "delta [-0.3, 0.1235, 0.3]", "496.2");
        check(PerturbationCondition.adversarial(new double[] {-0.3, 0.1, 0.3}), "adversarial", "[-0.3, 0.1, 0.3]");
        check(PerturbationCondition.random(0.3), "0.3");
        check(PerturbationCondition.normal(), "normal");
    }

    @Test
    void policiesDatasetsAndEnvironments() {
        ActorPolicy p = ShippedPolicies.load("Hopper", "expert");
        check(p, "ActorPolicy(Hopper", "11 -> ", " -> 2 x 3", "parameters");
        check(p.sampling(0), "Hopper", "seed 0");
        check(Policies.zero(), "zero");
        check(Policies.uniformRandom(3), "seed 3");
        Task t = Environments.task("Hopper");
        check(t, "Hopper", "Hopper-v4", "observation 11", "action 3");
        try (Env env = Environments.make("Hopper")) {
            check(env, "Env(Hopper");
            check(env.reset(0), "observation [");
            check(env.step(new double[] {0.1, -0.2, 0.3}), "reward", "terminated false");
        }
        try (VectorEnv v = Environments.makeVector("Hopper", 2);
             PerturbedVectorEnv pv = new PerturbedVectorEnv(Environments.makeVector("Hopper", 2),
                     PerturbationCondition.random(0.3))) {
            check(v, "2 x Hopper");
            check(pv, "2 x Hopper", "random");
        }
        D4rlDataset d = DatasetCollector.collect(t, Policies.zero(), 200, 2, 0, null);
        check(d, "size=200");
        check(d.statistics(), "episodes", "11 observation dims");
    }
}
